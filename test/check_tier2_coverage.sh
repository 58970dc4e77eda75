#!/bin/bash
# Tier 2 must specialize every function of the golden and conformance
# programs it is asked to, except those whose body holds a construct that only
# raises (an undefined name), which stay generic by design. A program whose
# output is right but whose functions silently fell back to Tier 1 fails here.
# Usage: test/check_tier2_coverage.sh BINARY GOLDEN_DIR [CONFORMANCE_DIR]
set -u
bin=$1; shift
fails=0; checked=0
for dir in "$@"; do
  [ -d "$dir" ] || continue
  while IFS= read -r f; do
    checked=$((checked + 1))
    out=$("$bin" run --tier=2 --trace-tiers "$f" 2>&1 >/dev/null | grep "t2 failed" | grep -v "raises in Tier 0")
    if [ -n "$out" ]; then
      echo "FAIL $f: $out"; fails=$((fails + 1))
    fi
  done < <(find "$dir" -name '*.ruchy' | sort)
done
echo "$checked programs, $fails with a failed specialization"
[ "$fails" -eq 0 ]
