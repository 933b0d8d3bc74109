#!/usr/bin/env python3
"""The workload of bench/sync.sh: a git repository of TEAMS team files of one
objective with five progress key results each, every key result naming one
of 20 sources declared in okr.toml (10 `command` sources that print a
number, 10 `json` sources served over HTTP on 127.0.0.1:PORT), and the JSON
documents those sources read, in DIR/served (to serve from there).

usage: generate_sync.py TEAMS PORT DIR
"""
import json
import os
import subprocess
import sys

SOURCES = 20


def main():
    teams, port, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(os.path.join(out, "okrs"), exist_ok=True)
    served = os.path.join(out, "served")
    os.makedirs(served, exist_ok=True)
    config = ["[limits]", "objectives_max = 5", ""]
    for i in range(SOURCES):
        name = f"source-{i:02d}"
        if i % 2 == 0:
            config += [f"[sources.{name}]", 'type = "command"', f'argv = ["echo", "{100 + i}"]', ""]
        else:
            with open(os.path.join(served, f"{name}.json"), "w") as f:
                json.dump({"metric": {"value": 200 + i}}, f)
            config += [
                f"[sources.{name}]",
                'type = "json"',
                f'url = "http://127.0.0.1:{port}/{name}.json"',
                'pointer = "/metric/value"',
                "",
            ]
    with open(os.path.join(out, "okr.toml"), "w") as f:
        f.write("\n".join(config))
    for t in range(teams):
        lines = [
            f"team: team-{t:03d}",
            "period: 2026-Q4",
            "objectives:",
            "  - id: reliable",
            "    title: The service is reliable",
            "    key_results:",
        ]
        for k in range(5):
            source = f"source-{(t * 5 + k) % SOURCES:02d}"
            lines += [
                f"      - id: kr-{k}",
                f"        title: Result {k} moves the right way",
                "        start: 0",
                "        target: 1000",
                "        current: 1   # the value before the sync",
                f"        source: {source}",
            ]
        with open(os.path.join(out, "okrs", f"team-{t:03d}.okr.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    run = lambda *args: subprocess.run(args, cwd=out, env=env, check=True, stdout=subprocess.DEVNULL)
    run("git", "init", "-q")
    with open(os.path.join(out, ".gitignore"), "w") as f:
        f.write("served/\n")
    run("git", "add", "-A")
    run("git", "commit", "-q", "-m", "start")


if __name__ == "__main__":
    main()
