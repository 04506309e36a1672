"""Benchmark: how many households the dashboard needs for a slider's effect to stand out of noise.

The dashboard shows one run against the baseline at the same seed (common random numbers). A
slider's effect seen there is the effect plus one seed's noise. For each population size this
measures, over ``--runs`` seeds, the paired effect of typical slider moves (Beijing's aid
funding 1 -> 0.5, China's own programmes' funding 1 -> 0.5) on the final year's people lifted
out of poverty (``compare``'s ``people_lifted``: the baseline's poor minus the moved run's, so
negative when the move leaves more people poor), and prints the median, the 10th-90th
percentile interval across seeds, the signal-to-noise ratio (|median| over half the 10-90%
width), the share of seeds whose effect has the median's sign, and the wall time of one run
(what the dashboard computes for the current run, and once per seed for the baseline).

Run with ``python benchmarks/bench_dashboard_noise.py [--sizes 2000 5000 10000 20000]
[--runs 20] [--workers N]``. Other processes sharing the cores slow the timings: the load
average at the start and the end is printed beside them.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from model import LinxiModel
from model.experiments import compare, make_executor
from model.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]

#: The slider moves measured: a name and the scenario key each sets.
MOVES = {
    "Beijing aid funding 1 -> 0.5": {"aid.funding_scale": 0.5},
    "domestic programmes funding 1 -> 0.5": {"domestic.funding_scale": 0.5},
}


def run_seconds(households: int, repeat: int = 2) -> float:
    """Best wall time of one baseline run of 2011-2020 at this size, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        LinxiModel(ROOT / "scenarios" / "baseline.toml", households=households, rng=1).run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 10000, 20000])
    parser.add_argument("--runs", type=int, default=20, help="seeds per size (default 20)")
    parser.add_argument("--workers", type=int, default=None, help="default: in this process")
    args = parser.parse_args()

    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    load_before = os.getloadavg()
    rows = []
    with make_executor(workers=args.workers) as executor:
        for households in args.sizes:
            seconds = run_seconds(households)
            for move, overrides in MOVES.items():
                moved = baseline.with_overrides({"name": "moved", **overrides})
                result = compare(
                    baseline, moved, runs=args.runs, seed=1, households=households,
                    executor=executor,
                )  # fmt: skip
                lifted = result.measures["people_lifted"].to_numpy(dtype=float)
                rural = result.per_seed.query("metric == 'rural_people' and year == 2020")
                median = float(np.median(lifted))
                low, high = np.quantile(lifted, [0.1, 0.9])
                half_width = (high - low) / 2
                rows.append(
                    {
                        "households": households,
                        "move": move,
                        "median": median,
                        "p10": low,
                        "p90": high,
                        "per_100k_rural": 1e5 * median / float(rural["baseline"].median()),
                        "signal_to_noise": abs(median) / half_width if half_width else np.inf,
                        "same_sign": float(np.mean(np.sign(lifted) == np.sign(median))),
                        "seconds": seconds,
                    }
                )
    load_after = os.getloadavg()

    print(
        f"People lifted out of poverty in 2020 by a slider move (paired, the baseline's poor "
        f"minus the moved run's), {args.runs} seeds per size; load average "
        f"{load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end"
    )
    header = (
        f"{'households':>10}  {'move':<38} {'median':>8} {'[10th, 90th]':>16} "
        f"{'per 100k rural':>14} {'signal/noise':>12} {'same sign':>9} {'s/run':>6}"
    )
    print(header)
    for row in rows:
        interval = f"[{row['p10']:.0f}, {row['p90']:.0f}]"
        print(
            f"{row['households']:>10,}  {row['move']:<38} {row['median']:>8.1f} {interval:>16} "
            f"{row['per_100k_rural']:>14.0f} {row['signal_to_noise']:>12.1f} "
            f"{100 * row['same_sign']:>8.0f}% {row['seconds']:>6.2f}"
        )


if __name__ == "__main__":
    main()
