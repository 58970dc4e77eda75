#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-19, ASan+UBSan) into build-fuzz/ and runs
# them: first every seed once (the golden programs, the conformance programs
# when ../shared exists, and test/fuzz/regressions/), then, with --seconds N,
# N seconds of fuzzing per target, the corpus kept in build-fuzz/corpus-TARGET.
# Findings (crash-*, leak-*, timeout-*, oom-*) go to build-fuzz/findings/;
# any finding fails the script. docs/testing.md explains the targets.
# --seed S fixes libFuzzer's random seed (CI: the same mutations every run).
#   scripts/fuzz-targets.sh [--seconds N] [--jobs J] [--seed S] [parser] [pipeline]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=0
jobs=1
seedarg=()
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --seed) seedarg=(-seed="$2"); shift 2 ;;
    parser|pipeline) targets+=("$1"); shift ;;
    *) echo "fuzz-targets: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=(parser pipeline)

packages=(clang-19 libclang-rt-19-dev)
scripts/install-packages.sh "${packages[@]}"

CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRUCHY_FUZZ=ON -DRUCHY_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target $(printf 'ruchy_fuzz_%s ' "${targets[@]}")

seed=build-fuzz/seed
rm -rf "$seed" && mkdir -p "$seed" build-fuzz/findings
for f in test/golden/*/*.ruchy test/fuzz/regressions/* ../shared/conformance/*/*.ruchy; do
  [ -f "$f" ] && cp "$f" "$seed/$(echo "$f" | tr '/' '_')"
done
echo "fuzz-targets: $(ls "$seed" | wc -l) seed programs"

# Memory: ASan's shadow plus a 256 MiB program heap. (stderr stays open: it carries
# the sanitizer reports and the property checks' messages, and eprintln output.)
common=(-max_len=4096 -timeout=20 -rss_limit_mb=4096
        -artifact_prefix=build-fuzz/findings/)
status=0
for t in "${targets[@]}"; do
  bin=build-fuzz/bin/ruchy_fuzz_$t
  echo "fuzz-targets: $t: every seed once"
  if ! "$bin" "${common[@]}" -runs=0 "$seed" > "build-fuzz/$t-seeds.log" 2>&1; then
    tail -40 "build-fuzz/$t-seeds.log"; status=1; continue
  fi
  grep -E "DONE" "build-fuzz/$t-seeds.log" | tail -1 || true
  if [ "$seconds" -gt 0 ]; then
    mkdir -p "build-fuzz/corpus-$t"
    echo "fuzz-targets: $t: fuzzing ${seconds}s, $jobs job(s)"
    log=build-fuzz/$t-fuzz.log
    if [ "$jobs" -gt 1 ]; then
      "$bin" "${common[@]}" -max_total_time="$seconds" -jobs="$jobs" -workers="$jobs" \
        "build-fuzz/corpus-$t" "$seed" > "$log" 2>&1 || status=1
      cat fuzz-*.log >> "$log" 2>/dev/null && rm -f fuzz-*.log
    else
      "$bin" "${common[@]}" ${seedarg[@]+"${seedarg[@]}"} -max_total_time="$seconds" -print_final_stats=1 \
        "build-fuzz/corpus-$t" "$seed" > "$log" 2>&1 || status=1
    fi
    grep -E "DONE|stat::number_of_executed_units|ERROR|SUMMARY" "$log" | tail -4 || true
  fi
done
if ls build-fuzz/findings/* >/dev/null 2>&1; then
  echo "fuzz-targets: findings in build-fuzz/findings/:"; ls build-fuzz/findings; status=1
fi
exit $status
