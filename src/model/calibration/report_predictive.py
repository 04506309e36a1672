"""The calibration report's posterior predictive section: its runs, chart and tables.

``model.calibration.report`` calls ``predictive_section``: the baseline over the report's seeds
with parameters drawn from the shipped posterior, and at the shipped point, for each series of
``PREDICTIVE_SERIES``; the reported figures that are one year of a series, drawn on it with
their tolerances; ``docs/img/calibration_predictive.png`` and the tables beside it.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: importing this never changes the backend
from matplotlib.lines import Line2D

from model.calibration.defaults import data_dir
from model.calibration.report_figures import ensemble_scale
from model.calibration.report_figures import format_number as fmt
from model.calibration.simulate import FIRST_SEED
from model.calibration.targets import TargetSet

__all__ = [
    "PREDICTIVE_SERIES",
    "plot_predictive",
    "posterior_predictive",
    "predictive_section",
    "reported_on_series",
]

#: Yearly series shown with posterior predictive intervals: the three the calibration issue
#: names, then the two that carry the registered households' income and the true poverty rate
#: (several targets, and most of the known misses, are points on them).
PREDICTIVE_SERIES: tuple[tuple[str, str], ...] = (
    ("income_pc_mean", "rural income per person (yuan)"),
    ("official_incidence", "official incidence (share of rural people)"),
    ("registered_poor", "registered poor not exited (people, county scale)"),
    ("income_pc_mean_registered", "registered-poor income per person (yuan)"),
    ("poverty_rate", "poverty rate (income below the line)"),
)


def posterior_predictive(
    households: int, runs: int, executor: Executor | None = None, progress: bool = False
) -> pd.DataFrame | None:
    """Yearly medians and 10-90% intervals of the baseline over posterior draws and seeds.

    Each run draws its parameters from the shipped posterior (``run_ensemble`` with
    ``parameter_uncertainty``), so the intervals carry parameter uncertainty and chance. The
    same seeds, those of the report's ensemble (``FIRST_SEED`` on), are also run at the shipped
    point, whose median is given beside them (the report's medians of these series).

    Returns:
        One row per series and year (``metric, year, p10, median, p90, point``; ``point`` is
        the median at the shipped defaults), registered counts at county scale; None when no
        posterior is shipped.
    """
    if not (data_dir() / "posterior.csv").is_file():
        return None
    from model.experiments import run_ensemble  # the report is a tool: it may use experiments

    options = {
        "seed": FIRST_SEED,
        "households": households,
        "executor": executor,
        "progress": progress,
    }
    drawn = run_ensemble(None, runs, parameter_uncertainty=True, **options).annual
    point = run_ensemble(None, runs, **options).annual
    to_county = ensemble_scale(households)
    rows = []
    for metric, _label in PREDICTIVE_SERIES:
        scale = to_county if metric == "registered_poor" else 1.0
        at_point = (point[metric] * scale).groupby(point["year"]).median()
        for year, group in (drawn[metric] * scale).groupby(drawn["year"]):
            rows.append(
                {
                    "metric": metric,
                    "year": int(year),
                    "p10": float(group.quantile(0.1)),
                    "median": float(group.median()),
                    "p90": float(group.quantile(0.9)),
                    "point": float(at_point.get(year, np.nan)),
                }
            )
    return pd.DataFrame(rows)


def reported_on_series(targets: TargetSet) -> pd.DataFrame:
    """The targets that are one year of a series in ``PREDICTIVE_SERIES``, to draw on it.

    A target is one when its measure is that series' value in a single year (a ratio or a
    sum over years is not).

    Returns:
        One row per such target: ``id, metric, year, value, low, high, held_out``.
    """
    metrics = {metric for metric, _label in PREDICTIVE_SERIES}
    rows = []
    for target in targets:
        measure = target.measure
        years = measure.get("years", [None, None])
        if measure.get("kind") != "annual" or measure.get("column") not in metrics:
            continue
        if years[0] is None or years[0] != years[1]:
            continue
        rows.append(
            {
                "id": target.id,
                "metric": measure["column"],
                "year": int(years[0]),
                "value": target.value,
                "low": target.low,
                "high": target.high,
                "held_out": target.id in targets.holdout,
            }
        )
    columns = ["id", "metric", "year", "value", "low", "high", "held_out"]
    return pd.DataFrame(rows, columns=columns)


def predictive_section(
    households: int,
    runs: int,
    executor: Executor | None,
    targets: TargetSet,
    img: Path,
    progress: bool = False,
) -> list[str]:
    """The report's lines of the section; writes ``calibration_predictive.png`` into ``img``."""
    bands = posterior_predictive(households, runs, executor, progress)
    lines = ["", "## Posterior predictive intervals", ""]
    if bands is None:
        lines.append("No posterior sample shipped yet.")
    else:
        reported = reported_on_series(targets)
        plot_predictive(bands, img / "calibration_predictive.png", reported)
        lines += [
            f"The baseline over {runs} runs, each with its own seed and its own parameters drawn "
            "from the shipped posterior: median (10–90%); and the same seeds at the shipped "
            "point, median (registered people at county scale).",
            "",
            "| series | " + " | ".join(str(y) for y in sorted(bands["year"].unique())) + " |",
            "|---|" + "---|" * bands["year"].nunique(),
        ]
        for metric, label in PREDICTIVE_SERIES:
            rows = bands[bands["metric"] == metric].sort_values("year")
            cells = [f"{fmt(r.median)} ({fmt(r.p10)}–{fmt(r.p90)})" for r in rows.itertuples()]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
            lines.append("| … at the point | " + " | ".join(fmt(v) for v in rows["point"]) + " |")
        lines += _reported_on_series_rows(reported, bands, targets)
        lines += ["", "![posterior predictive](img/calibration_predictive.png)"]
    return lines


def _reported_on_series_rows(
    reported: pd.DataFrame, bands: pd.DataFrame, targets: TargetSet
) -> list[str]:
    """The reported figures drawn on the predictive series, against the posterior and the point."""
    if reported.empty:
        return []
    lines = [
        "",
        "The reported figures on these series (diamonds on the chart; held out: hollow), "
        "against the posterior predictive and the point:",
        "",
        "| target | year | reported | tolerance | posterior median (10–90%) | inside | "
        "point median | inside |",
        "|---|---|---|---|---|---|---|---|",
    ]
    keyed = bands.set_index(["metric", "year"])
    for row in reported.sort_values(["metric", "year"]).itertuples():
        target = targets.get(row.id)
        if (row.metric, row.year) not in keyed.index:
            continue
        band = keyed.loc[(row.metric, row.year)]
        name = f"`{row.id}`" + (" (held out)" if row.held_out else "")
        lines.append(
            f"| {name} | {row.year} | {fmt(row.value)} | {target.tolerance_text()} | "
            f"{fmt(band['median'])} ({fmt(band['p10'])}–{fmt(band['p90'])}) | "
            f"{_yes(target.passes(band['median']))} | {fmt(band['point'])} | "
            f"{_yes(target.passes(band['point']))} |"
        )
    return lines


def _yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def plot_predictive(
    bands: pd.DataFrame, path: Path, reported: pd.DataFrame | None = None
) -> Figure:
    """Each series of PREDICTIVE_SERIES over posterior draws, at the point, and as reported.

    Args:
        bands: ``posterior_predictive``'s rows (a ``point`` column is optional).
        path: The PNG to write.
        reported: ``reported_on_series``'s rows: each drawn at its year as the reported value
            (a diamond; hollow when held out of the fit) with its tolerance (a bar, or an arrow
            from the bound of a one-sided tolerance).

    Returns:
        The figure (one panel per series, and one for the legend).
    """
    cols = 3
    rows_of_axes = math.ceil((len(PREDICTIVE_SERIES) + 1) / cols)  # a cell for the legend
    fig = Figure(figsize=(11, 3.0 * rows_of_axes))
    axes = fig.subplots(rows_of_axes, cols, squeeze=False).flat
    for ax, (metric, label) in zip(axes, PREDICTIVE_SERIES, strict=False):
        rows = bands[bands["metric"] == metric]
        ax.fill_between(
            rows["year"],
            rows["p10"],
            rows["p90"],
            color="tab:blue",
            alpha=0.25,
            lw=0,
            label="posterior draws and seeds: 10-90%",
        )
        ax.plot(
            rows["year"],
            rows["median"],
            color="tab:blue",
            marker="o",
            markersize=3,
            label="posterior draws and seeds: median",
        )
        if "point" in rows:
            ax.plot(
                rows["year"],
                rows["point"],
                color="tab:orange",
                ls="--",
                lw=1.2,
                label="shipped defaults (point): median over seeds",
            )
        if reported is not None:
            _draw_reported(ax, reported[reported["metric"] == metric])
        ax.set_xlim(bands["year"].min() - 0.5, bands["year"].max() + 0.5)  # the same years
        ax.set_title(label, fontsize=9)
        ax.tick_params(labelsize=7)
    legend_ax = list(fig.axes)[-1]
    handles, labels = fig.axes[0].get_legend_handles_labels()
    handles += _reported_handles()
    labels += ["reported (fitted), with its tolerance", "reported (held out of the fit)"]
    for ax in list(fig.axes)[len(PREDICTIVE_SERIES) :]:
        ax.set_axis_off()
    legend_ax.legend(handles, labels, loc="center", fontsize=8, frameon=False)
    fig.suptitle("Posterior predictive: the baseline over posterior draws and seeds; as reported")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return fig


def _draw_reported(ax: Any, reported: pd.DataFrame) -> None:
    """Each reported figure at its year, with its tolerance, on one series' axes."""
    for row in reported.itertuples():
        face = "white" if row.held_out else "black"
        if math.isfinite(row.low) and math.isfinite(row.high):
            ax.plot([row.year, row.year], [row.low, row.high], color="black", lw=1.0)
        elif math.isfinite(row.low):  # at least: an arrow up from the bound
            _arrow_from(ax, row.year, row.low, up=True)
        elif math.isfinite(row.high):  # at most: an arrow down from the bound
            _arrow_from(ax, row.year, row.high, up=False)
        ax.plot(row.year, row.value, marker="D", markersize=5, color="black", mfc=face, ls="")


def _arrow_from(ax: Any, year: int, bound: float, up: bool) -> None:
    """An arrow from a one-sided tolerance's bound, a quarter of the bound long (0.01 at 0)."""
    length = 0.25 * abs(bound) or 0.01
    tip = bound + length if up else bound - length
    arrow = {"arrowstyle": "->", "color": "black", "lw": 1.0}
    ax.annotate("", (year, tip), (year, bound), arrowprops=arrow)


def _reported_handles() -> list[Line2D]:
    return [
        Line2D([], [], marker="D", color="black", mfc="black", markersize=5, ls="-", lw=1.0),
        Line2D([], [], marker="D", color="black", mfc="white", markersize=5, ls="-", lw=1.0),
    ]
