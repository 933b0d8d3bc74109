#!/usr/bin/env bash
# okr export and okr import on the 10,000-file tree of bench/generate_tree.py:
# the section "okr export and okr import on a 10,000-file tree" of BENCHMARKS.md.
#
# usage: bench/sheet.sh
#   RUNS=N          rounds (default 3; the median time and the largest peak are reported)
#   TEAMS=N         team files (default 10000)
#   BENCH_DIR=DIR   where the tree lives (default $TMPDIR/okr-bench); kept between
#                   runs, so only the first run generates it
#   OKR=PATH        the okr binary to measure (default: a release build of this tree)
#
# Rewrites that section of BENCHMARKS.md, between its markers; bench/run.sh
# keeps it when it writes the rest of the page.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/okr-bench}
RUNS=${RUNS:-3}
TEAMS=${TEAMS:-10000}
TREE=$WORK/sheet-tree-$TEAMS
mkdir -p "$WORK"

say() { printf '%s\n' "$*" >&2; }

if [[ -z ${OKR:-} ]]; then
  say "building okr (release)"
  cargo build --release --locked --quiet
  OKR=$ROOT/target/release/okr
fi
[[ -d $TREE ]] || { say "generating $TEAMS team files in $TREE"; python3 bench/generate_tree.py "$TEAMS" "$TREE"; }

# "<peak KiB> <seconds>" of one run of a command in a directory
run_once() {
  local dir=$1
  shift
  local start=$EPOCHREALTIME
  (cd "$dir" && /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/stderr.out") || {
    say "FAILED in $dir: $*"
    cat "$WORK/stderr.out" >&2
    exit 1
  }
  local end=$EPOCHREALTIME
  printf '%s %s\n' "$(tail -1 "$WORK/time.out")" "$(python3 -c "print(f'{$end - $start:.3f}')")"
}

declare -A TIMES PEAKS
measure() { # NAME DIR COMMAND…
  local name=$1 dir=$2
  shift 2
  local out
  out=$(run_once "$dir" "$@")
  TIMES[$name]+="${out#* } "
  local peak=${out%% *}
  (( peak > ${PEAKS[$name]:-0} )) && PEAKS[$name]=$peak
  say "  $name: ${out#* } s, $peak KiB"
}

SCRATCH=$WORK/sheet-scratch
for round in $(seq "$RUNS"); do
  say "round $round of $RUNS"
  rm -rf "$SCRATCH" && mkdir -p "$SCRATCH"
  measure check "$TREE" "$OKR" check
  measure "export csv" "$TREE" "$OKR" export -o "$SCRATCH/okrs.csv"
  measure "export json" "$TREE" "$OKR" export --format json -o "$SCRATCH/okrs.json"
  # The dry run first: once the files are written, the sheet's objectives are duplicates of theirs.
  measure "import --dry-run" "$SCRATCH" "$OKR" import okrs.csv --dir imported --dry-run
  measure "import csv" "$SCRATCH" "$OKR" import okrs.csv --dir imported
done
LOAD=$(cut -d' ' -f1-3 /proc/loadavg | sed 's/ /, /g')
ROWS=$(($(wc -l <"$SCRATCH/okrs.csv") - 1))
SIZE=$(python3 -c "print(f'{$(stat -c %s "$SCRATCH/okrs.csv") / 1048576:.1f}')")
WRITTEN=$(find "$SCRATCH/imported" -name '*.okr.yaml' | wc -l)
# The round trip holds at this size too: the imported tree exports to the same sheet.
(cd "$SCRATCH/imported" && "$OKR" export -o "$SCRATCH/again.csv")
cmp -s "$SCRATCH/okrs.csv" "$SCRATCH/again.csv" && SAME=yes || SAME=no
say "rows $ROWS, $SIZE MiB, $WRITTEN files written, round trip the same: $SAME"

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mib() { python3 -c "print(f'{$1 / 1024:.0f}')"; }
CHECK=$(median "${TIMES[check]}")
{
  echo "<!-- sheet:start (written by bench/sheet.sh; bench/run.sh keeps it) -->"
  echo "## okr export and okr import on a 10,000-file tree"
  echo
  echo "The tree of \`bench/generate_tree.py $TEAMS\` (a company file and $TEAMS team files of 3 objectives ×"
  echo "4 key results): \`okr export\` writes one row per key result, $ROWS rows ($SIZE MiB of CSV);"
  echo "\`okr import\` of that sheet into an empty directory writes the $WRITTEN files again, after checking"
  echo "them in memory (the imported tree exports to the same sheet byte for byte: $SAME). Median wall time"
  echo "and largest peak resident set size of $RUNS rounds, on the shared 2-core machine:"
  echo
  echo "| command | time | × okr check | peak |"
  echo "|---|---:|---:|---:|"
  for name in check "export csv" "export json" "import --dry-run" "import csv"; do
    case $name in
      check) shown='`okr check` (for scale)' ;;
      "export csv") shown='`okr export -o okrs.csv`' ;;
      "export json") shown='`okr export --format json -o okrs.json`' ;;
      "import csv") shown='`okr import okrs.csv --dir imported`' ;;
      *) shown='`okr import okrs.csv --dir imported --dry-run`' ;;
    esac
    t=$(median "${TIMES[$name]}")
    ratio=$(python3 -c "print(f'{$t / $CHECK:.1f}')")
    echo "| $shown | $t s | ${ratio}× | $(mib "${PEAKS[$name]}") MiB |"
  done
  echo
  echo "The dry run does all that the import does but write: reading the sheet, making the documents,"
  echo "checking them. The rest of the import's time is writing $WRITTEN files as every command of okr"
  echo "that writes does, each flushed to disk with its directory (so that a crash leaves a file whole or"
  echo "absent) and all of them or none; it swings most with the load of the shared disk (rounds:"
  echo "${TIMES[import csv]% } s; load average ${LOAD}). Export holds every document (its rows are made"
  echo "one at a time), import the whole sheet and every document, where \`okr check\` drops each document"
  echo "once its rules ran: hence the peaks."
  echo
  echo '```sh'
  echo "bench/sheet.sh                      # RUNS=3 TEAMS=$TEAMS; or by hand:"
  echo "python3 bench/generate_tree.py $TEAMS /tmp/okr-10k"
  echo 'cargo build --release && OKR=$PWD/target/release/okr'
  echo '(cd /tmp/okr-10k && /usr/bin/time -f "%e s %M KiB" "$OKR" export -o /tmp/okrs.csv)'
  echo 'mkdir -p /tmp/okr-import && cd /tmp/okr-import && /usr/bin/time -f "%e s %M KiB" "$OKR" import /tmp/okrs.csv --dir imported'
  echo '```'
  echo "<!-- sheet:end -->"
} >"$WORK/sheet-section.md"

python3 - "$WORK/sheet-section.md" BENCHMARKS.md <<'PY'
import sys
section, page = open(sys.argv[1]).read().rstrip("\n"), sys.argv[2]
text = open(page).read()
start, end = text.find("<!-- sheet:start"), text.find("<!-- sheet:end -->")
if start >= 0 and end >= 0:
    text = text[:start] + section + text[end + len("<!-- sheet:end -->"):]
else:
    anchor = text.find("## Where the time goes")
    text = text[:anchor] + section + "\n\n" + text[anchor:] if anchor >= 0 else text.rstrip("\n") + "\n\n" + section + "\n"
open(page, "w").write(text)
PY
say "wrote the okr export and okr import section of BENCHMARKS.md"
