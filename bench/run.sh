#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md: okr check against the parse floor and the
# schema validators users would reach for, okr report against git log -p.
#
# usage: bench/run.sh
#   SIZES_SMALL=1  smaller workloads, for a quick look (minutes, not tens)
#   RUNS=N         runs per measurement (default 5; the median is reported)
#   BENCH_DIR=DIR  where workloads and peers live (default $TMPDIR/okr-bench);
#                  kept between runs, so only the first run generates them
#
# Writes BENCHMARKS.md and bench/plot.svg; the raw figures go to
# $BENCH_DIR/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/okr-bench}
RUNS=${RUNS:-5}
if [[ -n ${SIZES_SMALL:-} ]]; then
  TREES=(100 1000 3000)
  HISTORIES=(500 2000 8000)
  PEER_FILES=100
else
  TREES=(1000 10000 100000)
  HISTORIES=(5000 20000 80000)
  PEER_FILES=1000
fi
TEAMS=100
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: >"$RESULTS"

say() { printf '%s\n' "$*" >&2; }

# --- build ------------------------------------------------------------------
say "building okr and the parse floor (release)"
cargo build --release --locked --quiet
OKR=$ROOT/target/release/okr
FLOOR=$(cargo bench --locked --no-run --bench parse_floor --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "parse_floor":
        print(m["executable"])')

# --- peers ------------------------------------------------------------------
if [[ ! -x $WORK/venv/bin/check-jsonschema ]]; then
  say "installing check-jsonschema into $WORK/venv"
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet check-jsonschema
fi
CHECK_JSONSCHEMA=$WORK/venv/bin/check-jsonschema
if [[ ! -x $WORK/node/node_modules/.bin/ajv ]]; then
  say "installing ajv-cli and ajv-formats into $WORK/node"
  mkdir -p "$WORK/node"
  (cd "$WORK/node" && npm install --silent --no-audit --no-fund ajv-cli ajv-formats >/dev/null)
fi
AJV=$WORK/node/node_modules/.bin/ajv

# --- workloads --------------------------------------------------------------
tree_dir() { # the directory of a tree of $1 team files, generated once
  local dir=$WORK/tree-$1
  if [[ ! -f $dir/.complete ]]; then
    say "generating $1 team files"
    rm -rf "$dir"
    python3 bench/generate_tree.py "$1" "$dir"
    touch "$dir/.complete"
  fi
  printf '%s\n' "$dir"
}
history_repo() { # the repository of $1 check-ins over $TEAMS teams, generated once
  local dir=$WORK/history-$1x$TEAMS
  if [[ ! -f $dir/.git/complete ]]; then
    say "generating $1 commits over $TEAMS teams"
    rm -rf "$dir"
    python3 bench/generate_history.py "$1" "$TEAMS" "$dir"
    touch "$dir/.git/complete"
  fi
  printf '%s\n' "$dir"
}

# --- timing -----------------------------------------------------------------
# measure GROUP SIZE DIR NAME:COMMAND...
# Runs the commands of a group in turn, RUNS rounds (interleaved, so that a
# burst of load on this shared machine hits them alike), each in DIR, and
# records each one's median wall time and its largest peak RSS.
measure() {
  local group=$1 size=$2 dir=$3
  shift 3
  local -a names=() commands=()
  for spec in "$@"; do
    names+=("${spec%%:*}")
    commands+=("${spec#*:}")
  done
  local samples=$WORK/samples.tsv
  : >"$samples"
  for ((round = 0; round < RUNS; round++)); do
    for i in "${!names[@]}"; do
      # Wall time from bash's microsecond clock (time's own %e has 10 ms
      # steps); peak memory from time's %M.
      local start=$EPOCHREALTIME
      (cd "$dir" && /usr/bin/time -f '%M' -o "$WORK/time.out" bash -c "${commands[$i]}" >/dev/null 2>&1) || {
        say "FAILED: ${names[$i]} in $dir: ${commands[$i]}"
        exit 1
      }
      local end=$EPOCHREALTIME
      printf '%s\t%s %s\n' "${names[$i]}" "$(python3 -c "print(f'{$end - $start:.4f}')")" "$(tail -1 "$WORK/time.out")" >>"$samples"
    done
  done
  for name in "${names[@]}"; do
    python3 - "$samples" "$name" "$group" "$size" >>"$RESULTS" <<'EOF'
import statistics, sys
samples, name, group, size = sys.argv[1:]
rows = [[line.split("\t")[0], *line.split("\t")[1].split()] for line in open(samples)]
rows = [r for r in rows if r[0] == name]
seconds = statistics.median(float(r[1]) for r in rows)
peak = max(int(r[2]) for r in rows)
print(f"{group}\t{size}\t{name}\t{seconds:.3f}\t{peak}\t{len(rows)}")
EOF
    say "  $group $size $name: $(tail -1 "$RESULTS" | cut -f4)s, $(($(tail -1 "$RESULTS" | cut -f5) / 1024)) MiB"
  done
}

# Both validators must accept every generated file with okr's schema: a file
# they reject means the schema is wrong, and the timings would mean nothing.
accepted_by_peers() {
  local dir=$1 files
  files=$(find "$dir" -name '*.okr.yaml' | wc -l)
  (cd "$dir" && "$OKR" check >/dev/null) || { say "okr check rejects $dir"; exit 1; }
  "$CHECK_JSONSCHEMA" --schemafile "$ROOT/schema/okr.schema.json" $(find "$dir" -name '*.okr.yaml' | sort) >/dev/null ||
    { say "check-jsonschema rejects files of $dir: the schema is wrong"; exit 1; }
  local valid
  valid=$("$AJV" validate -c "$ROOT/bench/ajv-editor-keywords.js" -s "$ROOT/schema/okr.schema.json" -d "$dir/company/*.okr.yaml" -d "$dir/teams/*/*.okr.yaml" 2>&1 |
    grep -c ' valid$' || true)
  [[ $valid == "$files" ]] || { say "ajv accepts $valid of $files files of $dir: the schema is wrong"; exit 1; }
  say "okr, check-jsonschema and ajv accept all $files files"
}

# --- okr check against the floor ----------------------------------------------
for size in "${TREES[@]}"; do
  dir=$(tree_dir "$size")
  measure check "$size" "$dir" "floor:$FLOOR . 1" "okr check:$OKR check"
done

# --- okr check against the schema validators ----------------------------------
dir=$(tree_dir "$PEER_FILES")
accepted_by_peers "$dir"
measure peers "$PEER_FILES" "$dir" \
  "okr check:$OKR check" \
  "check-jsonschema:$CHECK_JSONSCHEMA --schemafile $ROOT/schema/okr.schema.json \$(find . -name '*.okr.yaml' | sort)" \
  "ajv-cli:$AJV validate -c $ROOT/bench/ajv-editor-keywords.js -s $ROOT/schema/okr.schema.json -d 'company/*.okr.yaml' -d 'teams/*/*.okr.yaml'"

# --- okr report against git log -p -------------------------------------------
for commits in "${HISTORIES[@]}"; do
  dir=$(history_repo "$commits")
  measure report "$commits" "$dir" \
    "git log -p:git log -p --first-parent -- okrs" \
    "okr report:$OKR report --period 2026-Q3"
done

# --- the page -----------------------------------------------------------------
versions=$(
  printf 'okr\t%s\n' "$("$OKR" --version)"
  printf 'rustc\t%s\n' "$(rustc --version)"
  printf 'git\t%s\n' "$(git --version)"
  printf 'check-jsonschema\t%s (Python %s)\n' "$("$CHECK_JSONSCHEMA" --version | awk '{print $NF}')" "$(python3 -c 'import platform; print(platform.python_version())')"
  printf 'ajv-cli\t%s (ajv %s, Node %s)\n' \
    "$(node -p "require('$WORK/node/node_modules/ajv-cli/package.json').version")" \
    "$(node -p "require('$WORK/node/node_modules/ajv/package.json').version")" "$(node --version)"
)
machine=$(
  printf 'cores\t%s\n' "$(nproc)"
  printf 'cpu\t%s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  printf 'memory\t%s GiB\n' "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)"
  printf 'load\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
)
python3 bench/report.py "$RESULTS" "$RUNS" "$TEAMS" BENCHMARKS.md bench/plot.svg <<<"$machine
--
$versions"
say "wrote BENCHMARKS.md and bench/plot.svg"
