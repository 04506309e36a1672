"""The report's figures, drawn with ``model.plots`` and rendered to PNG bytes in memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from model import plots
from model.plots._common import metric_label
from model.plots.save import COMPARISON_METRICS, figure_png

__all__ = ["ReportFigure", "run_figures", "band_figures", "comparison_figures"]


@dataclass(frozen=True)
class ReportFigure:
    """One figure of a report: a title, a caption saying what it shows, and its PNG bytes."""

    title: str
    caption: str
    png: bytes


def _figure(title: str, caption: str, draw: Callable[[], Figure]) -> ReportFigure:
    return ReportFigure(title, caption, figure_png(draw(), dpi=100))


def run_figures(annual: pd.DataFrame, programs: pd.DataFrame, seed: int) -> list[ReportFigure]:
    """Poverty rate, income by source and jobs by employer of one run (at ``seed``)."""
    where = f"One run (seed {seed})."
    return [
        _figure(
            "Poverty rate",
            f"{where} Share of rural people below the poverty line; dotted lines mark the "
            "year each program family first spent money.",
            lambda: plots.poverty_rate(annual, programs=programs),
        ),
        _figure(
            "Income by source",
            f"{where} Income per person by source (medical costs below zero) and net income.",
            lambda: plots.income_by_source(annual),
        ),
        _figure(
            "Jobs by employer",
            f"{where} Jobs at each program's firm and the share held by registered poor people.",
            lambda: plots.jobs_by_employer(programs),
        ),
    ]


def band_figures(summary: pd.DataFrame, runs: int) -> list[ReportFigure]:
    """One median-and-band figure per headline metric of an ensemble or comparison summary.

    Args:
        summary: ``scenario, year, metric, median, p10, p90``.
        runs: Runs per scenario (for the caption).
    """
    figures = []
    for metric in COMPARISON_METRICS:
        if metric not in set(summary["metric"]):
            continue
        title = metric_label(metric)[0].split(" (")[0]
        figures.append(
            _figure(
                f"{title}: runs compared",
                f"Median of {runs} run(s) per scenario, with the band from the 10th to the 90th "
                "percentile across runs.",
                lambda m=metric: plots.scenario_comparison(summary, m),
            )
        )
    return figures


def comparison_figures(deciles: pd.DataFrame, winners: pd.DataFrame) -> list[ReportFigure]:
    """Impact by income decile, and winners and losers, of a paired comparison."""
    return [
        _figure(
            "Impact by income decile",
            "Change of income per person in the final year (scenario minus baseline at the "
            "same seed) by the household's baseline income decile; one box per decile over "
            "the runs.",
            lambda: plots.impact_by_decile(deciles),
        ),
        _figure(
            "Winners and losers",
            "Share of households whose income per person rises, falls or stays within the "
            "threshold, in the final year; mean and range over the runs.",
            lambda: plots.winners_losers(winners),
        ),
    ]
