#!/usr/bin/env python3
"""Generate a git history of check-ins to one big OKR file, for okr report's memory.

usage: generate_big_history.py COMMITS DIR [OBJECTIVES]

Creates a git repository in DIR (which must not exist) through `git fast-import`:
a first commit (2026-06-30) with one file, okrs/big/2026-Q3.okr.yaml, of
OBJECTIVES objectives (default 7,000) x 5 key results (about 3.4 MB at the
default), then COMMITS commits, each a check-in of one key result: one
`current:` line changed, as `okr checkin` writes it, dated evenly across
2026-Q3 (UTC). Deterministic: the same arguments give the same commits, ids
included.

A history like this once made `okr report` keep a whole parsed copy of the
file per commit; BENCHMARKS.md has the figures.
"""
import subprocess
import sys

START = 1782820800  # 2026-06-30T12:00:00Z
QUARTER = 92 * 86400
KEY_RESULTS = 5

OBJECTIVE = """- id: o{n:05d}
  title: Customers enjoy this part of the product
  key_results:
"""

KEY_RESULT = """  - id: kr{k}
    title: A number moves
    start: 0
    target: 100
    current: {current}
"""


def render(objectives: int, values: dict) -> str:
    """The file with the current values of its key results."""
    parts = ["team: big\nperiod: 2026-Q3\nobjectives:\n"]
    for n in range(objectives):
        parts.append(OBJECTIVE.format(n=n))
        for k in range(KEY_RESULTS):
            parts.append(KEY_RESULT.format(k=k, n=n, current=values.get((n, k), 10)))
    return "".join(parts)


def data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def main() -> None:
    commits, root = int(sys.argv[1]), sys.argv[2]
    objectives = int(sys.argv[3]) if len(sys.argv) > 3 else 7000
    subprocess.run(["git", "init", "-q", root], check=True)
    subprocess.run(["git", "-C", root, "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    values: dict = {}
    path = b"okrs/big/2026-Q3.okr.yaml"
    # Written to fast-import as it goes: a hundred versions of a 3.4 MB file
    # need not be in memory at once.
    importer = subprocess.Popen(["git", "-C", root, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = importer.stdin
    out.write(b"commit refs/heads/main\nmark :1\n")
    out.write(b"author Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\n" % (START, START))
    out.write(data("Start the quarter"))
    out.write(b"M 100644 inline " + path + b"\n" + data(render(objectives, values)))
    for i in range(commits):
        n, k = (i * 7919) % objectives, i % KEY_RESULTS
        values[(n, k)] = 11 + (i * 31) % 89
        when = START + 86400 + (i * QUARTER) // max(commits, 1)
        out.write(b"commit refs/heads/main\nmark :%d\n" % (i + 2))
        out.write(b"author Engineer <e@example.com> %d +0000\ncommitter Engineer <e@example.com> %d +0000\n" % (when, when))
        out.write(data(f"Check in o{n:05d}/kr{k}: {values[(n, k)]}"))
        out.write(b"from :%d\n" % (i + 1))
        out.write(b"M 100644 inline " + path + b"\n" + data(render(objectives, values)))
    out.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", root, "reset", "-q", "--hard"], check=True)


if __name__ == "__main__":
    main()
