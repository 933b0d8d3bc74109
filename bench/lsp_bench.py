#!/usr/bin/env python3
"""Measure `okr lsp` as an editor's client would see it, on a tree of OKR files.

usage: lsp_bench.py OKR DIR [EDITS] [RUNS]

OKR is the okr binary (a release build), DIR a tree from generate_tree.py
(e.g. 10,000 team files). Prints, and writes to DIR/lsp-bench.json:

- check: median wall time of `okr check` in DIR over RUNS runs (default 3);
- ready: from starting `okr lsp` to the first publishDiagnostics of a file
  opened right after `initialized` (every file read and checked first), the
  median of RUNS starts;
- edit: from sending didChange (one changed `current:` of the open file) to
  its publishDiagnostics, over EDITS edits (default 50): median and p95;
- completion: textDocument/completion in an empty `aligns_to` value (every
  objective and key result of the period and the year may follow), answered:
  the first (which builds the index of objectives) and the median of 20 more;
- completion after an edit: the median of 20 (edit, completion) pairs;
- rss: the server's peak resident memory (VmHWM) at the end, MiB.
"""
import json
import os
import statistics
import subprocess
import sys
import time



class Client:
    def __init__(self, okr, root):
        self.start = time.perf_counter()
        self.process = subprocess.Popen(
            [okr, "lsp", "--stdio"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("okr lsp ended")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        while True:
            message = self.read()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]

    def peak_rss_mib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait()


def uri(path):
    return "file://" + os.path.abspath(path)


def team_file(root):
    """The file opened and edited: a team file from the middle of the tree."""
    teams = sorted(os.listdir(os.path.join(root, "teams")))
    return os.path.join("teams", teams[len(teams) // 2], "2026-Q3.okr.yaml")


def ready(okr, root):
    client = Client(okr, root)
    client.request("initialize", {"processId": None, "rootUri": uri(root), "capabilities": {}})
    client.notify("initialized", {})
    path = os.path.join(root, team_file(root))
    text = open(path).read()
    item = {"uri": uri(path), "languageId": "yaml", "version": 1, "text": text}
    client.notify("textDocument/didOpen", {"textDocument": item})
    client.diagnostics(uri(path))
    return client, time.perf_counter() - client.start, text


def main():
    okr, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    checks = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([okr, "check"], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        checks.append(time.perf_counter() - start)
    readies = []
    for _ in range(runs - 1):
        client, seconds, _ = ready(okr, root)
        readies.append(seconds)
        client.close()
    client, seconds, text = ready(okr, root)
    readies.append(seconds)
    file_uri = uri(os.path.join(root, team_file(root)))
    edit_times = []
    for version in range(2, edits + 2):
        # A changed `current:`; every tenth edit breaks the YAML, as in benches/incremental.rs.
        changed = text.replace("current: ", f"current: {version}", 1)
        if version % 10 == 0:
            changed += "objectives: [\n"
        start = time.perf_counter()
        params = {"textDocument": {"uri": file_uri, "version": version}, "contentChanges": [{"text": changed}]}
        client.notify("textDocument/didChange", params)
        client.diagnostics(file_uri)
        edit_times.append(time.perf_counter() - start)
    # The first `aligns_to:` emptied, as when one starts typing a reference:
    # every objective and key result of the period and the year may follow.
    lines = text.split("\n")
    line = next(i for i, l in enumerate(lines) if "aligns_to:" in l)
    lines[line] = lines[line][: lines[line].index("aligns_to:")] + "aligns_to: "
    text = "\n".join(lines)
    version = edits + 2
    client.notify("textDocument/didChange", {"textDocument": {"uri": file_uri, "version": version}, "contentChanges": [{"text": text}]})
    client.diagnostics(file_uri)
    params = {"textDocument": {"uri": file_uri}, "position": {"line": line, "character": len(lines[line])}}

    def complete():
        start = time.perf_counter()
        answer = client.request("textDocument/completion", params)
        assert answer.get("result") and answer["result"]["items"], answer
        return time.perf_counter() - start

    first_completion = complete()
    completions = [complete() for _ in range(20)]
    after_edit = []
    for _ in range(20):
        version += 1
        changed = text.replace("current: ", f"current: {version}", 1)
        client.notify("textDocument/didChange", {"textDocument": {"uri": file_uri, "version": version}, "contentChanges": [{"text": changed}]})
        client.diagnostics(file_uri)
        after_edit.append(complete())
    rss = client.peak_rss_mib()
    client.close()
    ms = lambda seconds: round(seconds * 1000, 1)
    edit_sorted = sorted(edit_times)
    figures = {
        "files": sum(1 for _ in os.scandir(os.path.join(root, "teams"))) + 1,
        "check_ms": ms(statistics.median(checks)),
        "ready_ms": ms(statistics.median(readies)),
        "edit_median_ms": ms(statistics.median(edit_times)),
        "edit_p95_ms": ms(edit_sorted[min(len(edit_sorted) - 1, int(round(0.95 * len(edit_sorted))) - 1)]),
        "completion_first_ms": ms(first_completion),
        "completion_median_ms": ms(statistics.median(completions)),
        "completion_after_edit_median_ms": ms(statistics.median(after_edit)),
        "rss_mib": round(rss, 1),
        "load": os.getloadavg()[0],
    }
    figures["ready_over_check"] = round(figures["ready_ms"] / figures["check_ms"], 2)
    print(json.dumps(figures, indent=2))
    with open(os.path.join(root, "lsp-bench.json"), "w") as out:
        json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
