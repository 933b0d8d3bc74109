#!/usr/bin/env python3
"""Generate a git history of OKR check-ins for benchmarks.

usage: generate_history.py COMMITS TEAMS DIR

Creates a git repository in DIR (which must not exist) through `git fast-import`:
a first commit (2026-06-30) with a company file and TEAMS team files for 2026-Q3
(3 objectives x 4 key results, about 2.5 KB each, as generate_tree.py writes them),
then COMMITS commits, each a check-in of one key result of one team, dated
evenly across the quarter (2026-07-01 to 2026-09-30, UTC). Deterministic: the
same arguments give the same commits, ids included.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_tree import COMPANY, team_file  # noqa: E402

OBJECTIVES = ["deploys", "quality", "insight"]
KEY_RESULTS = ["lead-time", "adoption", "runbook", "satisfaction"]
START = 1782820800  # 2026-06-30T12:00:00Z
QUARTER = 92 * 86400


def render(team: int, values: dict) -> str:
    """The team file with the current values of its key results."""
    text = team_file(team)
    lines = text.split("\n")
    objective, kr = None, None
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("- id: ") and line.startswith("  - id: "):
            objective, kr = stripped[6:], None
        elif stripped.startswith("- id: ") and line.startswith("      - id: "):
            kr = stripped[6:]
        elif (objective, kr) in values and (stripped.startswith("current: ") or stripped.startswith("done: ")):
            key = stripped.split(":")[0]
            lines[n] = f"{line[: len(line) - len(stripped)]}{key}: {values[(objective, kr)]}"
    return "\n".join(lines)


def data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def main() -> None:
    commits, teams, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(root)
    subprocess.run(["git", "init", "-q", root], check=True)
    subprocess.run(["git", "-C", root, "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    state = [dict() for _ in range(teams)]
    out = [b"commit refs/heads/main\nmark :1\n"]
    out.append(b"author Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\n" % (START, START))
    out.append(data("Start the quarter"))
    out.append(b"M 100644 inline okrs/company/2026.okr.yaml\n" + data(COMPANY))
    for t in range(teams):
        out.append(b"M 100644 inline okrs/teams/t%05d/2026-Q3.okr.yaml\n" % t + data(render(t, state[t])))
    for i in range(commits):
        team = (i * 7919) % teams
        objective = OBJECTIVES[i % 3]
        kr = KEY_RESULTS[(i // 3) % 4]
        if kr == "runbook":
            value = "true" if (i // 12) % 2 == 0 else "false"
        else:
            value = str(10 + (i * 31) % 37)
        state[team][(objective, kr)] = value
        when = START + 86400 + (i * QUARTER) // max(commits, 1)
        author = f"Engineer {i % 50}"
        out.append(b"commit refs/heads/main\nmark :%d\n" % (i + 2))
        out.append(b"author %s <e%d@example.com> %d +0000\n" % (author.encode(), i % 50, when))
        out.append(b"committer %s <e%d@example.com> %d +0000\n" % (author.encode(), i % 50, when))
        out.append(data(f"Check in {objective}/{kr} of t{team:05d}: {value}"))
        out.append(b"from :%d\n" % (i + 1))
        out.append(b"M 100644 inline okrs/teams/t%05d/2026-Q3.okr.yaml\n" % team + data(render(team, state[team])))
    subprocess.run(["git", "-C", root, "fast-import", "--quiet"], input=b"".join(out), check=True)
    subprocess.run(["git", "-C", root, "reset", "-q", "--hard"], check=True)


if __name__ == "__main__":
    main()
