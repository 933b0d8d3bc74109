#!/usr/bin/env python3
"""Generate a tree of valid OKR files for benchmarks.

usage: generate_tree.py N DIR

Writes DIR/company/2026.okr.yaml and N team files DIR/teams/tNNNNN/2026-Q3.okr.yaml,
each with 3 objectives x 4 key results aligned to the company (about 2.5 KB).
Deterministic: the same N gives the same files.
"""
import os
import sys

COMPANY = """# yaml-language-server: $schema=../../schema/okr.schema.json
team: company
period: 2026
objectives:
  - id: grow
    title: Grow where our customers already are
    key_results:
      - id: revenue
        title: Revenue from existing customers grows
        start: 100
        target: 140
        current: 120
      - id: churn
        title: Fewer customers leave each month
        start: 4
        target: 2
        current: 3
  - id: reliable
    kind: committed
    title: Be the product customers never have to think about
    key_results:
      - id: availability
        title: Availability stays above the promise
        at_least: 99.9
        current: 99.95
      - id: incidents
        title: Customer-visible incidents are reviewed within a week
        done: true
"""

OBJECTIVE = """  - id: {oid}
    title: Make {what} something every team enjoys
    owner: "@{team}-lead"
    tags: [bench, {team}]
    aligns_to: {parent}
    key_results:
      - id: lead-time
        title: Median lead time for {what} falls
        start: 48
        target: 4
        current: {current}
        unit: h
        confidence: 0.6
        weight: 2
      - id: adoption
        title: Teams adopting the new {what} flow grow
        start: 3
        target: 25
        current: 11
        unit: teams
      - id: runbook
        title: Runbook for {what} rehearsed by every on-call engineer
        done: false
      - id: satisfaction
        title: Engineers rate {what} as good or better
        start: 20
        target: 80
        current: 45
        unit: "%"
"""


def team_file(i: int) -> str:
    team = f"t{i:05d}"
    parts = [f"# yaml-language-server: $schema=../../../schema/okr.schema.json\nteam: {team}\nperiod: 2026-Q3\nowner: \"@{team}\"\nobjectives:\n"]
    for j, (oid, what, parent) in enumerate(
        [("deploys", "deploying", "company/grow/revenue"), ("quality", "testing", "company/reliable"), ("insight", "observability", "company/grow")]
    ):
        parts.append(OBJECTIVE.format(oid=oid, team=team, what=what, parent=parent, current=20 + (i + j) % 20))
    parts.append("health:\n  - id: ci-duration\n    title: Main branch CI duration\n    at_most: 15\n    current: 12\n    unit: min\n")
    return "".join(parts)


def main() -> None:
    count, root = int(sys.argv[1]), sys.argv[2]
    os.makedirs(os.path.join(root, "company"), exist_ok=True)
    with open(os.path.join(root, "company", "2026.okr.yaml"), "w") as f:
        f.write(COMPANY)
    for i in range(count):
        directory = os.path.join(root, "teams", f"t{i:05d}")
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "2026-Q3.okr.yaml"), "w") as f:
            f.write(team_file(i))


if __name__ == "__main__":
    main()
