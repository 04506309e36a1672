"""Rendering figures to PNG bytes, for ``linxi run/compare/league/sweep/sensitivity --plots``.

Each ``render_*`` function draws every figure in memory first and returns ``{file name: PNG
bytes}``, so that a caller writes nothing when a figure fails.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from model.plots.experiments import (
    dose_response,
    impact_by_decile,
    scenario_comparison,
    sensitivity_indices,
    winners_losers,
)
from model.plots.league import program_league
from model.plots.run import income_by_source, jobs_by_employer, poverty_rate
from model.results import RunResult

if TYPE_CHECKING:
    from model.experiments import Comparison, League, Sensitivity, Sweep

__all__ = [
    "COMPARISON_METRICS",
    "RUN_PLOTS",
    "figure_png",
    "render_comparison_plots",
    "render_league_plots",
    "render_run_plots",
    "render_sensitivity_plots",
    "render_sweep_plots",
    "save_run_plots",
]

#: File name of each single-run figure and how it is drawn from a ``RunResult``.
RUN_PLOTS: dict[str, Callable[[RunResult], Figure]] = {
    "poverty_rate.png": lambda r: poverty_rate(r.annual, programs=r.programs),
    "income_by_source.png": lambda r: income_by_source(r),
    "jobs_by_employer.png": lambda r: jobs_by_employer(r.programs),
}

#: Metrics a comparison draws as two lines with bands, when the model records them.
COMPARISON_METRICS = ("poverty_rate", "income_pc_mean_registered", "jobs")


def figure_png(figure: Figure, dpi: int = 120) -> bytes:
    """Render a figure to PNG bytes and close it.

    matplotlib's "Software" metadata (which holds its web address) is left out, so that a page
    embedding the image refers to nothing outside itself.
    """
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(figure)


def _file_part(name: str) -> str:
    """A lever or metric name made safe for a file name (dots kept, other symbols to ``_``)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def render_run_plots(result: RunResult, dpi: int = 120) -> dict[str, bytes]:
    """Draw the single-run figures and return their PNG bytes by file name."""
    return {name: figure_png(draw(result), dpi) for name, draw in RUN_PLOTS.items()}


def save_run_plots(result: RunResult, out_dir: str | Path, dpi: int = 120) -> list[Path]:
    """Write the single-run figures as PNG files into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in render_run_plots(result, dpi).items():
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def render_comparison_plots(
    comparison: Comparison, metrics: Sequence[str] = COMPARISON_METRICS, dpi: int = 120
) -> dict[str, bytes]:
    """A comparison's figures as PNG bytes by file name.

    ``comparison_<metric>.png`` (both sides, median and 10-90% band, for each of ``metrics``
    the runs recorded), ``impact_by_decile.png`` and ``winners_losers.png``.
    """
    summary = comparison.summary()
    recorded = set(summary["metric"])
    images = {
        f"comparison_{_file_part(m)}.png": figure_png(scenario_comparison(summary, m), dpi)
        for m in metrics
        if m in recorded
    }
    images["impact_by_decile.png"] = figure_png(impact_by_decile(comparison.deciles), dpi)
    images["winners_losers.png"] = figure_png(winners_losers(comparison.winners_losers), dpi)
    return images


def render_league_plots(league: League, dpi: int = 120) -> dict[str, bytes]:
    """A league's figure as PNG bytes: ``league.png``, programs by cost per person-year lifted."""
    return {"league.png": figure_png(program_league(league.table), dpi)}


def _marginal(sweep: Sweep, lever: str, metric: str) -> pd.DataFrame:
    """Median and 10-90% of ``metric`` in the final year at each value of ``lever``.

    Pools every run at that value, whatever the other levers' values.
    """
    final = sweep.results[sweep.results["year"] == sweep.results["year"].max()]
    grouped = final.groupby(lever)[metric]
    table = grouped.agg(
        median="median", p10=lambda v: v.quantile(0.1), p90=lambda v: v.quantile(0.9)
    )
    return table.reset_index().assign(metric=metric)


def render_sweep_plots(sweep: Sweep, metrics: Sequence[str], dpi: int = 120) -> dict[str, bytes]:
    """One dose-response figure per lever and metric: ``dose_response_<lever>_<metric>.png``.

    With one lever each point is drawn as the sweep ran it; with several, the curve of a lever
    pools the runs at each of its values over the other levers' values (its main effect), and
    the title says so.
    """
    images = {}
    for lever in sweep.levers:
        for metric in metrics:
            if len(sweep.levers) == 1:
                figure = dose_response(sweep.dose_response(metric), lever, metric)
            else:
                figure = dose_response(_marginal(sweep, lever, metric), lever, metric)
                title = figure.axes[0].get_title()
                figure.axes[0].set_title(f"{title}\n(runs pooled over the other levers)")
            images[f"dose_response_{_file_part(lever)}_{_file_part(metric)}.png"] = figure_png(
                figure, dpi
            )
    return images


def render_sensitivity_plots(sensitivity: Sensitivity, dpi: int = 120) -> dict[str, bytes]:
    """The indices of each output: ``sensitivity_<output>.png``."""
    outputs = list(dict.fromkeys(sensitivity.indices["output"]))
    return {
        f"sensitivity_{_file_part(o)}.png": figure_png(
            sensitivity_indices(sensitivity.indices, output=o), dpi
        )
        for o in outputs
    }
