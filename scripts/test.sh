#!/usr/bin/env bash
# Sets up and builds ruchy-jit (scripts/setup.sh), then runs every test suite
# with ctest: unit tests, golden programs in every tier mode, command-line
# tests and the shared conformance suite when ../shared exists.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh "$@"
ctest --test-dir build --output-on-failure -j2
