"""Benchmark: a 100-run full-county ensemble of the baseline on 2 local worker processes.

Prints the wall time, runs per second, the mean time of one run inside its worker, and peak
memory: the parent's maximum resident set size and the largest of its worker processes' (from
``resource.getrusage``, read after the pool has shut down and its workers were reaped).

Run with ``make bench-ensemble`` or
``python benchmarks/bench_ensemble.py [--runs 100] [--workers 2] [--households N] [--store DIR]``.
The goal is under 3 minutes for 100 full-county runs on 2 workers. Other processes sharing the
cores slow it down: the load average at the start and the end is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from model.experiments import make_executor, run_ensemble

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--households", type=int, default=None, help="default: full county")
    parser.add_argument("--store", type=Path, default=None, help="default: a temporary folder")
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "store"
        started = time.perf_counter()
        with make_executor(workers=args.workers) as executor:
            ensemble = run_ensemble(
                ROOT / "scenarios" / "baseline.toml",
                runs=args.runs,
                households=args.households,
                executor=executor,
                store=store,
                overwrite=True,
                progress=True,
            )
        wall = time.perf_counter() - started
        index = ensemble.store.index()
    load_after = os.getloadavg()

    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    households = int(ensemble.annual["households"].iloc[0])
    done = int((index.status == "done").sum())
    print(f"Ensemble: {done} of {args.runs} runs of the baseline, {households:,} households, "
          f"2011-2020, {args.workers} worker processes, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"  wall time            {wall:8.1f} s   (goal: under 180 s)")
    print(f"  runs per second      {done / wall:8.2f}")
    print(
        f"  one run, in a worker {index.seconds.mean():8.2f} s mean, "
        f"{index.seconds.max():.2f} s max"
    )
    print(f"  peak memory          {parent:8.0f} MiB parent, {children:.0f} MiB largest worker")
    print(f"  load average         {load_before[0]:8.2f} at start, {load_after[0]:.2f} at end "
          "(other processes on the machine slow the figures down)")  # fmt: skip


if __name__ == "__main__":
    main()
