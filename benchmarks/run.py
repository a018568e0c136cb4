"""`make bench` / `make bench-quick`: run every benchmark, print JSON lines {"metric", "value", "unit"}."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

BENCHMARKS = [
    "benchmarks.home",
    "benchmarks.login",
    "benchmarks.catalog",
    "benchmarks.vneid",
    "benchmarks.calendar",
    "benchmarks.notifications",
    "benchmarks.sequences",
    "benchmarks.signing",
    "benchmarks.intake",
    "benchmarks.worklist",
    "benchmarks.lookup",  # after worklist: it reuses worklist's large volume, then clones a fresh database
    "benchmarks.statistics",
    "benchmarks.index",
    "benchmarks.startup",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small volumes, under a minute in all")
    parser.add_argument("only", nargs="*", help="module names to run (default: all)")
    args = parser.parse_args()
    started = time.monotonic()
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(name if "." in name else f"benchmarks.{name}")
        began = time.monotonic()
        module.run(quick=args.quick)
        print(f"# {name} took {time.monotonic() - began:.1f} s", file=sys.stderr)
    print(f"# benchmarks took {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
