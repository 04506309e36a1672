"""Benchmark: a calibration at reduced scale on this machine's cores.

Runs the default calibration problem (every non-plan target except the holdout set, the default
free parameters) twice, each on a process pool of ``--workers`` processes:

1. an Optuna point fit of ``--budget`` trials;
2. an ABC-SMC posterior of ``--generations`` generations of ``--population`` particles;

each with ``--runs`` seeds of ``--households`` households per parameter point, in fresh
temporary databases. Prints, for each, the number of model runs, the wall time, seconds per run
and the distance before and after; the goal is under 30 minutes in all on 2 cores.

Run with ``make bench-calibration`` or ``python benchmarks/bench_calibration.py [--households N]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from model.calibration import calibrate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=2, help="seeds per parameter point")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget", type=int, default=60, help="Optuna trials")
    parser.add_argument("--generations", type=int, default=4)
    parser.add_argument("--population", type=int, default=40)
    args = parser.parse_args()
    common = {"households": args.households, "runs_per_eval": args.runs, "progress": False}
    total_runs, total_seconds = 0, 0.0
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(args.workers) as pool:
        for method, size in (
            ("optuna", {"budget": args.budget}),
            ("abc", {"generations": args.generations, "population": args.population}),
        ):
            started = time.perf_counter()
            result = calibrate(
                method, executor=pool, db=Path(tmp) / f"{method}.db", **size, **common
            )
            seconds = time.perf_counter() - started
            total_runs += result.runs
            total_seconds += seconds
            print(
                f"{method:>6}: {result.evaluations} parameter points, {result.runs} model runs "
                f"of {args.households:,} households in {seconds:.0f} s on {args.workers} "
                f"workers ({seconds / result.runs:.2f} s a run); distance "
                f"{result.default_distance:.4f} -> {result.distance:.4f}; "
                f"{len(result.fitted)} targets fitted, {len(result.free)} free parameters",
                flush=True,
            )
    verdict = "within" if total_seconds < 30 * 60 else "OVER"
    print(
        f" total: {total_runs} model runs in {total_seconds / 60:.1f} min ({verdict} the "
        "30-minute goal)"
    )


if __name__ == "__main__":
    main()
