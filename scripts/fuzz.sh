#!/usr/bin/env bash
# Runs the libFuzzer targets (fuzz/): each for SECONDS (default 60), from its seed corpus in
# fuzz/corpus/<name>/ and what earlier runs found (build/fuzz/corpus/<name>/). Prints one line per
# target: executions, executions per second, corpus size. A crash stops that target, keeps its
# input in build/fuzz/crashes/<name>/, and makes the script exit 1.
#
# Usage: scripts/fuzz.sh [--no-build] [SECONDS] [NAME...]
#   --no-build  use the fuzz build as it is; exit 77 if it is missing (the CTest smoke runs)
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
if [ "${1:-}" = "--no-build" ]; then
  build=0
  shift
fi
seconds="${1:-60}"
[ $# -gt 0 ] && shift
if [ $build -eq 1 ]; then
  scripts/build.sh fuzz
fi

bin_dir=build/fuzz/fuzz
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for seeds in fuzz/corpus/*/; do names+=("$(basename "$seeds")"); done
fi

failed=0
for name in "${names[@]}"; do
  binary="$bin_dir/${name}_fuzz"
  if [ ! -x "$binary" ]; then
    echo "fuzz: $binary is missing: run scripts/build.sh fuzz" >&2
    [ $build -eq 0 ] && exit 77
    exit 2
  fi
  corpus="build/fuzz/corpus/$name"
  crashes="build/fuzz/crashes/$name"
  log="build/fuzz/logs/$name.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  status=0
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$corpus" "fuzz/corpus/$name" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  if [ $status -ne 0 ]; then
    failed=1
    echo "$name: FAILED (exit $status) after ${runs:-?} runs; input kept in $crashes/"
    grep -E "ERROR|SUMMARY|==[0-9]+==|deadly signal|Test unit written" "$log" | head -20 || true
  else
    echo "$name: ${runs:-?} runs, ${speed:-?} exec/s, $units inputs in $corpus"
  fi
done
exit $failed
