"""Benchmark: cost of the services, society and cash programs in a full-county run.

Prints the full-county baseline (about 100,000 households, 2011-2020) with these three
families on and with their funding at zero (best of ``--repeat``), and the time each of their
programs spends in its monthly step over the run.

Run with ``python benchmarks/bench_programs_ser.py [--repeat 3] [--end-year 2020]``.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from model import LinxiModel

FAMILIES = ("services", "society", "cash")


def _timed_run(end_year: int, levers: dict) -> tuple[float, dict[str, float]]:
    model = LinxiModel(rng=1, end_year=end_year, **levers)
    spent: dict[str, float] = defaultdict(float)
    for program in model.programs:
        if program.family in FAMILIES:
            step = program.step

            def timed(step=step, name=program.name) -> None:
                started = time.perf_counter()
                step()
                spent[name] += time.perf_counter() - started

            program.step = timed
    started = time.perf_counter()
    model.run()
    return time.perf_counter() - started, dict(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--end-year", type=int, default=2020)
    args = parser.parse_args()
    off = {f"{family}_funding_scale": 0.0 for family in FAMILIES}
    best_on, best_off, steps = float("inf"), float("inf"), {}
    for _ in range(args.repeat):
        seconds, spent = _timed_run(args.end_year, {})
        if seconds < best_on:
            best_on, steps = seconds, spent
        best_off = min(best_off, _timed_run(args.end_year, off)[0])
    print(f"full county 2011-{args.end_year}, best of {args.repeat}:")
    print(f"  families funded:      {best_on:6.2f} s")
    print(f"  families at zero:     {best_off:6.2f} s")
    print("  time in each program's monthly step (funded run):")
    for name, seconds in sorted(steps.items(), key=lambda item: -item[1]):
        print(f"    {name:18s} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
