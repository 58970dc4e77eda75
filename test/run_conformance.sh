#!/usr/bin/env bash
# Runs the shared acceptance suite (../shared/conformance beside the project)
# on the built binary when that folder exists; exits 77 (ctest: skipped)
# when it does not, so the project's own tests stand without it.
#   run_conformance.sh BINARY [-- EXTRA_ARGS...]
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
suite=$here/../../shared/conformance
if [ ! -x "$suite/run.sh" ]; then
  echo "conformance suite not found at $suite: skipped"
  exit 77
fi
exec "$suite/run.sh" "$@"
