#!/usr/bin/env bash
# okr sync of 500 key results over 20 sources (10 commands, 10 JSON
# documents over HTTP on 127.0.0.1): the section "okr sync" of BENCHMARKS.md.
#
# usage: bench/sync.sh
#   RUNS=N         runs per measurement (default 5; the median time and the
#                  largest peak memory are reported)
#   TEAMS=N        team files of 5 key results each (default 100: 500 key results)
#   BENCH_DIR=DIR  where the workload lives (default $TMPDIR/okr-bench)
#
# Needs python3 (the generator and the HTTP server) and git. Rewrites its
# section of BENCHMARKS.md, between its markers; bench/run.sh keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/okr-bench}
RUNS=${RUNS:-5}
TEAMS=${TEAMS:-100}
mkdir -p "$WORK"
say() { printf '%s\n' "$*" >&2; }

say "building okr (release)"
cargo build --release --locked --quiet
OKR=$ROOT/target/release/okr

dir=$WORK/sync-$TEAMS
rm -rf "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 bench/generate_sync.py "$TEAMS" "$port" "$dir"
python3 -m http.server --bind 127.0.0.1 --directory "$dir/served" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/source-01.json')" 2>/dev/null && break
  sleep 0.1
done
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export OKR_TODAY=2026-11-02
base=$(git -C "$dir" rev-parse HEAD)

# peak KiB and seconds of one run
run_once() {
  local start=$EPOCHREALTIME
  (cd "$dir" && /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" >"$WORK/sync.out" 2>&1) || {
    say "FAILED: $*"
    cat "$WORK/sync.out" >&2
    exit 1
  }
  local end=$EPOCHREALTIME
  printf '%s %s\n' "$(tail -1 "$WORK/time.out")" "$(python3 -c "print(f'{$end - $start:.4f}')")"
}

RESULTS=$WORK/sync.tsv
: >"$RESULTS"
for ((round = 0; round < RUNS; round++)); do
  printf '%s\t%s\n' "okr sync --dry-run" "$(run_once "$OKR" sync --dry-run)" >>"$RESULTS"
  printf '%s\t%s\n' "okr sync" "$(run_once "$OKR" sync)" >>"$RESULTS"
  git -C "$dir" reset -q --hard "$base"
  printf '%s\t%s\n' "okr sync --commit" "$(run_once "$OKR" sync --commit)" >>"$RESULTS"
  # Every key result was written, in one commit with 500 trailers.
  [[ $(git -C "$dir" log -1 --format=%B | grep -c '^Okr-Sync: ') == $((TEAMS * 5)) ]] || {
    say "the commit does not carry one trailer per key result"
    exit 1
  }
  git -C "$dir" reset -q --hard "$base"
done

python3 - "$RESULTS" "$RUNS" "$TEAMS" BENCHMARKS.md <<'PY'
import statistics, sys
results, runs, teams, page = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = {}
for line in open(results):
    name, measured = line.rstrip("\n").split("\t")
    kib, seconds = measured.split()
    rows.setdefault(name, []).append((int(kib), float(seconds)))
table = ["| command | median time | peak memory |", "|---|---:|---:|"]
for name, values in rows.items():
    median = statistics.median(s for _, s in values)
    table.append(f"| `{name}` | {median * 1000:.0f} ms | {max(k for k, _ in values) / 1024:.1f} MiB |")
section = [
    "<!-- sync:start (written by bench/sync.sh) -->",
    "## okr sync",
    "",
    f"`okr sync` of {teams * 5} key results in {teams} team files over 20 sources: 10 `command` sources",
    "(`echo N`) and 10 `json` sources served by `python3 -m http.server` on 127.0.0.1, each source",
    "evaluated once. `--commit` writes every file through the check-in path and makes one commit with",
    f"{teams * 5} `Okr-Sync:` trailers. Median of {runs} runs, `bench/sync.sh`.",
    "",
    "`--dry-run` is the sources alone (20 evaluations, up to 8 at a time). Writing is what costs: the",
    "check-in path writes each file atomically and durably, a file and its directory fsynced, so 100",
    "files are 200 fsyncs: on an idle disk a fraction of a second, on a busy one most of the wall time",
    "(over a second in an earlier run while two builds shared the machine).",
    "",
    *table,
    "<!-- sync:end -->",
]
text = open(page).read()
start, end = text.find("<!-- sync:start"), text.find("<!-- sync:end -->")
if start >= 0 and end >= 0:
    text = text[:start] + "\n".join(section) + text[end + len("<!-- sync:end -->"):]
else:
    text = text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
open(page, "w").write(text)
print("\n".join(table))
PY
