#!/usr/bin/env bash
# The sanitizer configuration: builds ruchy-jit with ASan and UBSan into
# build-asan/ and runs the whole ctest suite there (golden and conformance
# programs in every tier mode, CLI, optimizer, profiler, unit tests).
# UBSan stops at its first report (-fno-sanitize-recover). Leak checking is
# off: the engine keeps its syntax tree and compiled code to the end by
# design, and exits through _exit on errors (the libFuzzer targets, which
# free every input's tree, do check leaks).
#   scripts/test-sanitizers.sh [ctest arguments, e.g. -R golden]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRUCHY_SANITIZE=ON >/dev/null
cmake --build build-asan -j2
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j2 "$@"
