"""Plots of experiments: comparisons, dose-response, deciles, calibration, sensitivity.

Scenario comparisons, dose-response curves, impact by decile, winners and losers, calibration
fit and sensitivity indices.

Each function reads a tidy DataFrame in the schema the experiment engines write (the schemas
are given in each docstring), so a table loaded back from CSV plots the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.plots._common import (
    figure_and_axes,
    lever_label,
    metric_label,
    require_columns,
    year_axis,
)

__all__ = [
    "scenario_comparison",
    "dose_response",
    "impact_by_decile",
    "winners_losers",
    "calibration_fit",
    "sensitivity_indices",
]

_BAND = ["median", "p10", "p90"]


def scenario_comparison(summary: pd.DataFrame, metric: str, ax: Axes | None = None) -> Figure:
    """One line per scenario (median over runs) with its 10-90% band, over the years.

    Args:
        summary: Ensemble summary, long: ``scenario, year, metric, median, p10, p90``.
        metric: Which metric to draw (a value of the ``metric`` column).
        ax: Axes to draw on; a new figure when None.

    Returns:
        The figure drawn on.

    Raises:
        ValueError: If columns are missing or ``metric`` is not in the summary.
    """
    require_columns(summary, ["scenario", "year", "metric", *_BAND], "an ensemble summary")
    rows = summary[summary["metric"] == metric]
    if rows.empty:
        known = ", ".join(sorted(summary["metric"].astype(str).unique()))
        raise ValueError(f"metric {metric!r} is not in the summary (it has: {known})")
    label, scale = metric_label(metric)
    fig, ax = figure_and_axes(ax)
    for scenario, group in rows.groupby("scenario", sort=False):
        group = group.sort_values("year")
        (drawn,) = ax.plot(group["year"], scale * group["median"], marker="o", label=scenario)
        ax.fill_between(
            group["year"],
            scale * group["p10"],
            scale * group["p90"],
            color=drawn.get_color(),
            alpha=0.2,
            linewidth=0,
        )
    ax.set_ylabel(label)
    year_axis(ax)
    ax.set_title(f"{label.split(' (')[0]}: median and 10-90% of runs")
    ax.legend(title="scenario")
    return fig


def dose_response(table: pd.DataFrame, lever: str, metric: str, ax: Axes | None = None) -> Figure:
    """How a metric responds to a lever: median over runs with its 10-90% interval.

    Args:
        table: Sweep summary with the lever column and ``median, p10, p90``; when it has a
            ``metric`` column, only rows of ``metric`` are drawn.
        lever: The swept lever's column, e.g. ``"egg_farm_funding_scale"``.
        metric: The metric's name (for the filter and the axis label).
        ax: Axes to draw on; a new figure when None.

    Returns:
        The figure drawn on.
    """
    require_columns(table, [lever, *_BAND], "a sweep summary")
    rows = table[table["metric"] == metric] if "metric" in table.columns else table
    if rows.empty:
        raise ValueError(f"metric {metric!r} is not in the sweep summary")
    rows = rows.sort_values(lever)
    label, scale = metric_label(metric)
    fig, ax = figure_and_axes(ax)
    x = rows[lever].to_numpy(dtype=float)
    ax.fill_between(
        x, scale * rows["p10"], scale * rows["p90"], alpha=0.25, linewidth=0, label="10-90%"
    )
    ax.plot(x, scale * rows["median"], marker="o", label="median")
    ax.set_xlabel(lever_label(lever))
    ax.set_ylabel(label)
    ax.set_title(f"Dose-response: {label.split(' (')[0]}")  # the lever is on the x axis
    ax.legend()
    return fig


def impact_by_decile(deciles: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Change of income per person by income decile, one box per decile over the runs.

    Args:
        deciles: ``seed, decile (1..10), income_change_pc`` (yuan a person a year, scenario
            minus baseline at the same seed).
        ax: Axes to draw on; a new figure when None.

    Returns:
        The figure drawn on.
    """
    require_columns(deciles, ["seed", "decile", "income_change_pc"], "a decile table")
    fig, ax = figure_and_axes(ax)
    ordered = sorted(deciles["decile"].unique())
    values = [deciles.loc[deciles["decile"] == d, "income_change_pc"].to_numpy() for d in ordered]
    ax.boxplot(values, positions=ordered, widths=0.6, patch_artist=True)
    medians = [float(np.median(v)) for v in values]
    ax.plot(ordered, medians, color="#d62728", marker="o", linewidth=1, label="median of runs")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xticks(ordered)
    ax.set_xlabel("Income decile of the baseline (1 = poorest)")
    ax.set_ylabel("Income change (yuan/person/year)")
    ax.set_title("Impact by income decile")
    ax.legend()
    return fig


_GROUP_COLORS = {"winners": "#2ca02c", "unchanged": "0.6", "losers": "#d62728"}


def winners_losers(table: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Share of households that gain, lose or are unchanged: mean over runs, min-max range.

    Args:
        table: ``seed, group (winners/losers/unchanged), households, people, share`` (share of
            households, 0-1).
        ax: Axes to draw on; a new figure when None.

    Returns:
        The figure drawn on.
    """
    require_columns(
        table, ["seed", "group", "households", "people", "share"], "a winners-losers table"
    )
    stats = table.groupby("group")["share"].agg(["mean", "min", "max"])
    order = [g for g in _GROUP_COLORS if g in stats.index] + [
        g for g in stats.index if g not in _GROUP_COLORS
    ]
    stats = 100 * stats.loc[order]
    fig, ax = figure_and_axes(ax)
    errors = np.vstack([stats["mean"] - stats["min"], stats["max"] - stats["mean"]])
    bars = ax.bar(
        order,
        stats["mean"],
        yerr=errors,
        capsize=4,
        color=[_GROUP_COLORS.get(g, "#1f77b4") for g in order],
    )
    ax.bar_label(bars, fmt="%.1f%%", padding=3)
    ax.set_ylabel("Share of households (%, mean and range over runs)")
    ax.set_xlabel("Group")
    ax.set_ylim(0, min(100.0, float(stats["max"].max()) * 1.2 + 1))
    ax.set_title("Winners and losers")
    return fig


def calibration_fit(report: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Simulated against reported values, with the simulated 5-95% interval and a 1:1 line.

    Both axes turn logarithmic when the values span more than two decades.

    Args:
        report: ``target_id, reported, median, p05, p95, passed``.
        ax: Axes to draw on; a new figure when None.

    Returns:
        The figure drawn on.
    """
    require_columns(
        report, ["target_id", "reported", "median", "p05", "p95", "passed"], "a calibration report"
    )
    fig, ax = figure_and_axes(ax, figsize=(6.5, 6.0))
    values = report[["reported", "median", "p05", "p95"]].to_numpy(dtype=float)
    positive = values[values > 0]
    log = positive.size == values.size and positive.max() / positive.min() > 100
    for passed, color, label in ((True, "#2ca02c", "passed"), (False, "#d62728", "failed")):
        rows = report[report["passed"].astype(bool) == passed]
        if rows.empty:
            continue
        ax.errorbar(
            rows["reported"],
            rows["median"],
            yerr=[rows["median"] - rows["p05"], rows["p95"] - rows["median"]],
            fmt="o",
            color=color,
            capsize=3,
            label=label,
        )
    for row in report.itertuples():
        ax.annotate(
            str(row.target_id),
            (row.reported, row.median),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=7,
        )
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    ax.plot([low, high], [low, high], color="0.5", linestyle="--", label="1:1")
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    scale = " (log scale)" if log else ""
    ax.set_xlabel(f"Reported value (target's unit){scale}")
    ax.set_ylabel(f"Simulated value, median and 5-95% (target's unit){scale}")
    ax.set_title(f"Calibration fit: {int(report['passed'].sum())}/{len(report)} targets pass")
    ax.legend()
    return fig


def sensitivity_indices(
    indices: pd.DataFrame, ax: Axes | None = None, output: str | None = None
) -> Figure:
    """Bars per parameter: Morris ``mu_star`` and ``sigma``, or Sobol ``S1`` and ``ST``.

    Args:
        indices: ``method, output, parameter`` plus ``mu_star, sigma`` (Morris) or
            ``S1, S1_conf, ST, ST_conf`` (Sobol).
        ax: Axes to draw on; a new figure when None.
        output: Which output to draw; the first in the table when None.

    Returns:
        The figure drawn on.
    """
    require_columns(indices, ["method", "output", "parameter"], "a sensitivity table")
    outputs = list(dict.fromkeys(indices["output"]))
    output = outputs[0] if output is None else output
    rows = indices[indices["output"] == output]
    if rows.empty:
        raise ValueError(f"output {output!r} is not in the table (it has: {', '.join(outputs)})")
    if {"S1", "ST"} <= set(rows.columns) and rows["S1"].notna().any():
        bars = [("S1", "S1_conf", "first order (S1)"), ("ST", "ST_conf", "total (ST)")]
        xlabel = "Sobol index (share of the output's variance)"
        sort_by = "ST"
    elif {"mu_star", "sigma"} <= set(rows.columns):
        bars = [("mu_star", None, "mu* (mean absolute effect)"), ("sigma", None, "sigma")]
        xlabel = f"Morris elementary effect (units of {output})"
        sort_by = "mu_star"
    else:
        raise ValueError("expected columns mu_star, sigma (Morris) or S1, S1_conf, ST, ST_conf")
    rows = rows.sort_values(sort_by)
    fig, ax = figure_and_axes(ax, figsize=(7.0, 0.4 * len(rows) + 1.8))
    y = np.arange(len(rows))
    height = 0.4
    for k, (column, conf, label) in enumerate(bars):
        ax.barh(
            y + (k - 0.5) * height,
            rows[column],
            height=height,
            xerr=rows[conf] if conf and conf in rows.columns else None,
            capsize=3,
            label=label,
        )
    ax.set_yticks(y, rows["parameter"])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Parameter")
    method = ", ".join(map(str, rows["method"].unique()))
    ax.set_title(f"Sensitivity of {output} ({method})")
    ax.legend()
    return fig
