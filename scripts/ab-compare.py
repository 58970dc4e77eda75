#!/usr/bin/env python3
"""Interleaved A/B timing of one program under two sets of `ruchy-jit run` flags.

On a noisy 2-core machine a short program's time drifts more between batches
than between modes, so the two variants alternate run by run (ABBA order) and
the medians and quartiles of the whole-process wall times are compared.

Usage: scripts/ab-compare.py PROGRAM [--runs N] [--a "FLAGS"] [--b "FLAGS"] [--bin BINARY]
                              [--bin-b BINARY] [--args "PROGRAM ARGS"]
Examples:
  scripts/ab-compare.py bench/programs/string_build/string_build.ruchy --a --tier=0 --b --tier=auto
  scripts/ab-compare.py bench/programs/matmul/matmul.ruchy --bin ../base/build/bin/ruchy-jit --a= --b=
(the second compares two builds: A runs --bin, B runs --bin-b, default build/bin/ruchy-jit)
"""
import argparse
import shlex
import statistics
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("program")
    ap.add_argument("--runs", type=int, default=80, help="runs of each variant (default 80)")
    ap.add_argument("--a", default="--tier=0", help="flags of variant A (default --tier=0)")
    ap.add_argument("--b", default="--tier=auto", help="flags of variant B (default --tier=auto)")
    ap.add_argument("--bin", default="build/bin/ruchy-jit", help="binary of variant A")
    ap.add_argument("--bin-b", default=None, help="binary of variant B (default: --bin)")
    ap.add_argument("--args", default="", help="arguments passed to the program")
    args = ap.parse_args()
    variants = {"A": shlex.split(args.a), "B": shlex.split(args.b)}
    binaries = {"A": args.bin, "B": args.bin_b or args.bin}
    prog_args = shlex.split(args.args)
    times = {"A": [], "B": []}
    for i in range(args.runs):
        for name in ("A", "B") if i % 2 == 0 else ("B", "A"):
            start = time.perf_counter()
            done = subprocess.run([binaries[name], "run", *variants[name], args.program, *prog_args],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
            if done.returncode != 0:
                print(f"variant {name} exited with {done.returncode}", file=sys.stderr)
                return 1
    medians = {}
    for name, ts in times.items():
        ts.sort()
        n = len(ts)
        medians[name] = statistics.median(ts)
        print(f"{name} ({binaries[name]} {' '.join(variants[name])}): median {medians[name] * 1000:.1f} ms, "
              f"quartiles {ts[n // 4] * 1000:.1f}-{ts[3 * n // 4] * 1000:.1f} ms, {n} runs")
    print(f"B/A: {medians['B'] / medians['A']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
