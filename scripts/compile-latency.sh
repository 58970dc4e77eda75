#!/bin/bash
# Compile latency per compiled unit over the benchmark suite: runs every
# benchmark at its quick size in --tier=$TIER (1 by default: every function
# compiled generically at its first call; TIER=2: every function specialized)
# and prints the count, median, worst and best compile time in ms.
# Extra arguments go to `ruchy-jit run` (e.g. --jit-fast-isel-t1=1).
# Usage: [TIER=2] scripts/compile-latency.sh [BINARY] [-- RUN-FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/ruchy-jit
if [ $# -gt 0 ] && [ "$1" != "--" ]; then bin=$1; shift; fi
[ "${1:-}" = "--" ] && shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in bench/programs/*/; do
  b=$(basename "$dir")
  q=$(jq -r ".benchmarks[] | select(.name==\"$b\") | .quick" bench/programs/manifest.json)
  "$bin" run --tier="${TIER:-1}" "$@" --tier-stats=json --stats-file "$tmp/$b.json" "$dir$b.ruchy" $q >/dev/null
done
# Per unit: a function's compile time over its units; with TIER=2 only its
# specializations (per signature and OSR entry).
jq -s --arg tier "${TIER:-1}" '[.[].functions[] |
         if $tier == "2" then select((.jit.specializations | length) > 0)
                              | .jit.compile_ms_t2 / (.jit.specializations | length)
         else select(.jit.compiled_units > 0) | .jit.compile_ms / .jit.compiled_units end] | sort
       | {units: length, median_ms: .[length/2|floor], worst_ms: .[-1], best_ms: .[0]}' "$tmp"/*.json
