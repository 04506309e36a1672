"""Benchmark: how long the figures and the dashboard take, at the dashboard's default scale.

Prints (best of ``--repeat``):
1. A baseline run and the three single-run PNGs of ``linxi run --plots``.
2. ``plots.follow`` (a run that records one household) against a plain run.
3. The dashboard: building its model, one Step (a year of twelve monthly steps), the cached
   baseline it draws beside the current run, and drawing one chart.

Run with ``python benchmarks/bench_viz.py [--households 3000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from model import LinxiModel, plots, run_scenario  # noqa: E402
from model.dashboard import DashboardModel, baseline_annual  # noqa: E402
from model.dashboard.components import _baseline_annual, _figure  # noqa: E402

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.toml"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n, repeat = args.households, args.repeat

    result = run_scenario(BASELINE, seed=1, households=n)
    rows = [
        (
            "baseline run, 2011-2020",
            best_of(repeat, lambda: LinxiModel(BASELINE, households=n, rng=1).run()),
        ),
        (
            "three run PNGs (render_run_plots)",
            best_of(repeat, lambda: plots.render_run_plots(result)),
        ),
        (
            "follow one household, 2011-2020",
            best_of(repeat, lambda: plots.follow(BASELINE, 7, households=n, rng=1)),
        ),
        ("dashboard model built", best_of(repeat, lambda: DashboardModel(households=n, rng=1))),
    ]

    def one_year() -> None:
        DashboardModel(households=n, rng=1).step()

    rows.append(("dashboard model built + one Step (a year)", best_of(repeat, one_year)))

    def baseline_uncached() -> None:
        _baseline_annual.cache_clear()
        baseline_annual(1, n)

    rows.append(("dashboard baseline (first time per seed)", best_of(repeat, baseline_uncached)))
    model = DashboardModel(households=n, rng=1)
    for _ in range(5):
        model.step()
    rows.append(
        ("one dashboard chart drawn", best_of(repeat, lambda: _figure(model, "poverty_rate")))
    )

    print(f"{n:,} households, best of {repeat}")
    for label, seconds in rows:
        print(f"  {label:<45} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
