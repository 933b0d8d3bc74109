#!/usr/bin/env bash
# okr report --format html at scale: the page's size, its render time against
# --format json on the same history, and the time Chromium takes to open it
# from disk. The section "okr report as a page" of BENCHMARKS.md.
#
# usage: bench/html_page.sh
#   RUNS=N                 rounds (default 3; the medians are reported)
#   COMMITS=N TEAMS=N      the history (default 20000 check-ins over 100 teams,
#                          bench/generate_history.py COMMITS TEAMS DIR)
#   BENCH_DIR=DIR          where the history lives (default $TMPDIR/okr-bench);
#                          kept between runs, so only the first run generates it
#   OKR_BROWSER_MODULES    puppeteer-core and axe-core (as .ci/run installs
#                          them), OKR_CHROMIUM the browser (default: chromium)
#
# Rewrites that section of BENCHMARKS.md between its markers; bench/run.sh
# keeps it when it writes the rest of the page.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/okr-bench}
RUNS=${RUNS:-3}
COMMITS=${COMMITS:-20000}
TEAMS=${TEAMS:-100}
MODULES=${OKR_BROWSER_MODULES:-$ROOT/target/browser-test}
CHROMIUM=${OKR_CHROMIUM:-$(command -v chromium)}
mkdir -p "$WORK"

say() { printf '%s\n' "$*" >&2; }

say "building okr (release)"
cargo build --release --locked --quiet
OKR=$ROOT/target/release/okr

dir=$WORK/html-history-$COMMITS-$TEAMS
if [[ ! -f $dir/.git/complete ]]; then
  say "generating $COMMITS check-ins over $TEAMS teams"
  rm -rf "$dir"
  python3 bench/generate_history.py "$COMMITS" "$TEAMS" "$dir"
  touch "$dir/.git/complete"
fi

# "KiB wall-seconds cpu-seconds" of one run, its output to a file. The CPU
# time (user + system) is what the render costs; the wall time what a user
# waits, which the other users of a shared machine stretch.
run_once() {
  local out=$1
  shift
  local start=$EPOCHREALTIME
  (cd "$dir" && /usr/bin/time -f '%M %U %S' -o "$WORK/time.out" "$@" >"$out" 2>/dev/null) || {
    say "FAILED in $dir: $*"
    exit 1
  }
  local end=$EPOCHREALTIME
  read -r kib user system <"$WORK/time.out"
  printf '%s %s %s\n' "$kib" "$(python3 -c "print(f'{$end - $start:.4f}')")" \
    "$(python3 -c "print(f'{$user + $system:.2f}')")"
}

RESULTS=$WORK/html_page.tsv
: >"$RESULTS"
load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
json=$WORK/report.json
page=$WORK/report.html
for ((round = 0; round < RUNS; round++)); do
  # The two in turn, so that the machine's load falls on both alike.
  printf 'json\t%s\n' "$(run_once "$json" "$OKR" report --period 2026-Q3 --format json)" >>"$RESULTS"
  printf 'html\t%s\n' "$(run_once "$page" "$OKR" report --period 2026-Q3 --format html)" >>"$RESULTS"
done

# What the page must show, from the JSON: every team and key result.
expect=$WORK/html_page.expect.json
python3 - "$json" "$expect" "$MODULES" "$CHROMIUM" "$page" "$WORK/report.png" <<'EOF2'
import json, sys
report = json.load(open(sys.argv[1]))
teams = report["teams"]
krs = sum(len(o["key_results"]) for t in teams for o in t["objectives"])
json.dump({"modules": sys.argv[3], "chromium": sys.argv[4], "page": sys.argv[5], "screenshot": sys.argv[6],
           "teams": len(teams), "key_results": krs, "tree_roots": None, "texts": [], "axe": False}, open(sys.argv[2], "w"))
EOF2
for ((round = 0; round < RUNS; round++)); do
  node tests/browser/page.cjs "$expect" | tail -1 | python3 -c \
    'import json, sys; r = json.load(sys.stdin); print("open\t0 %.4f 0" % (r["load_ms"] / 1000))' >>"$RESULTS"
done

load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
python3 - "$RESULTS" "$RUNS" "$COMMITS" "$TEAMS" "$(wc -c <"$page")" "$(wc -c <"$json")" \
  "$(grep -c '<svg class="chart"' "$page")" "$("$CHROMIUM" --version 2>/dev/null | head -1 | cut -d' ' -f1-2)" \
  "$load_before to $load_after" BENCHMARKS.md <<'EOF2'
import statistics, sys
results, runs, commits, teams, page_bytes, json_bytes, charts, browser, load, out = sys.argv[1:]
rows = {}
for line in open(results):
    name, figures = line.rstrip("\n").split("\t")
    kib, seconds, cpu = figures.split()
    rows.setdefault(name, []).append((int(kib), float(seconds), float(cpu)))
time = {name: statistics.median(r[1] for r in runs_) for name, runs_ in rows.items()}
cpu = {name: statistics.median(r[2] for r in runs_) for name, runs_ in rows.items()}
peak = {name: max(r[0] for r in runs_) for name, runs_ in rows.items()}
mb = lambda n: f"{int(n) / 1e6:.2f} MB"
section = f"""<!-- html-page:start (written by bench/html_page.sh) -->
## okr report as a page

`okr report --period 2026-Q3 --format html` against `--format json` on a history of {int(commits):,}
check-ins over {teams} team files (`bench/generate_history.py {commits} {teams} DIR`; {int(charts):,} key
results, each with its burn-up chart), and the time {browser} (headless, from `file://`,
`tests/browser/page.cjs`) takes from navigation to the end of the load event. Median of {runs}
rounds, the two formats run in turn, on the shared 2-core machine under a load average of {load}
(`RUNS={runs} bench/html_page.sh`).

| | CPU time | × json | wall time | × json | peak | output |
|---|---:|---:|---:|---:|---:|---:|
| `okr report --format json` | {cpu['json']:.2f} s | **1.00×** | {time['json']:.3f} s | **1.00×** | {peak['json'] // 1024} MiB | {mb(json_bytes)} |
| `okr report --format html` | {cpu['html']:.2f} s | **{cpu['html'] / cpu['json']:.2f}×** | {time['html']:.3f} s | **{time['html'] / time['json']:.2f}×** | {peak['html'] // 1024} MiB | {mb(page_bytes)} |
| Chromium opens the page | | | {time['open']:.3f} s | | | |

CPU time is user plus system time (`/usr/bin/time`), what the rendering costs; wall time is what a
user waits, which the machine's other work stretches.
<!-- html-page:end -->"""
text = open(out).read()
start, end = text.find("<!-- html-page:start"), text.find("<!-- html-page:end -->")
if start >= 0 and end >= 0:
    text = text[:start] + section + text[end + len("<!-- html-page:end -->"):]
else:
    # Before the method section, beside the other measured sections.
    at = text.find("## Where the time goes")
    text = text[:at] + section + "\n\n" + text[at:] if at >= 0 else text + "\n" + section + "\n"
open(out, "w").write(text)
print(section)
EOF2
say "wrote the html-page section of BENCHMARKS.md"
