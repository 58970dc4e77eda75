#!/usr/bin/env bash
# Sets up and builds ruchy-jit (scripts/setup.sh), then runs every test suite
# with ctest: unit tests, golden programs in every tier mode, command-line
# tests, the differential fuzz smoke run and the shared conformance suite
# when ../shared exists; then the libFuzzer targets (clang, ASan+UBSan) on
# their seed corpus and for 15 seconds each with a fixed libFuzzer seed
# (scripts/fuzz-targets.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh "$@"
ctest --test-dir build --output-on-failure -j2
scripts/fuzz-targets.sh --seconds 15 --seed 1
