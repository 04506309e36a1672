"""Shared helpers of the plot functions: axes creation, metric labels with units, year axes."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: Labels (with units) and display scales of the metrics the model records. Metrics not listed
#: here get a label made from their name (see ``metric_label``), so new columns still plot.
_METRIC_LABELS: dict[str, tuple[str, float]] = {
    "poverty_rate": ("Poverty rate (% of rural people)", 100.0),
    "poverty_gap": ("Poverty gap index (FGT1, % of line)", 100.0),
    "poverty_severity": ("Squared poverty gap (FGT2, x100)", 100.0),
    "poverty_line": ("Poverty line (yuan/person/year)", 1.0),
    "poor_people": ("Poor people (persons)", 1.0),
    "registered_poor": ("Registered poor, not exited (persons)", 1.0),
    "registered_ever": ("Ever registered poor (persons)", 1.0),
    "income_pc_mean": ("Mean income (yuan/person/year)", 1.0),
    "income_pc_median": ("Median income (yuan/person/year)", 1.0),
    "income_pc_mean_registered": ("Mean income of the registered poor (yuan/person/year)", 1.0),
    "jobs": ("Firm jobs (jobs)", 1.0),
    "jobs_registered_poor": ("Firm jobs held by registered poor (jobs)", 1.0),
    "aid_spent_yuan": ("Beijing-Fengtai aid spent (million yuan/year)", 1e-6),
    "domestic_spent_yuan": ("Domestic programmes spent (million yuan/year)", 1e-6),
    "gini": ("Gini coefficient (0-1)", 1.0),
    "people_away": ("People working away (persons)", 1.0),
}


def metric_label(metric: str) -> tuple[str, float]:
    """Return an axis label with units and the factor that converts values for display.

    Known metrics have hand-written labels; others are named from their column name, with
    units read from its suffix (``_yuan`` in million yuan, ``income_pc_`` in yuan a person,
    ``_rate``/``share`` in percent).
    """
    if metric in _METRIC_LABELS:
        return _METRIC_LABELS[metric]
    words = metric.replace("_", " ")
    if metric.endswith("_yuan"):
        return f"{words.removesuffix(' yuan').capitalize()} (million yuan)", 1e-6
    if metric.startswith("income_pc_"):
        return f"Income, {words.removeprefix('income pc ')} (yuan/person/year)", 1.0
    if metric.endswith("_rate") or "share" in metric:
        return f"{words.capitalize()} (%)", 100.0
    return words.capitalize(), 1.0


def lever_label(lever: str) -> str:
    """Axis label with units for a funding lever or share (``egg_farm_funding_scale``...).

    Dotted scenario keys are named by their last two parts: ``families.industry.funding_scale``
    reads as the keyword lever ``industry_funding_scale`` would.
    """
    parts = lever.split(".")
    if len(parts) > 1:
        owner, name = parts[-2], parts[-1]
        lever = f"{owner}_{name}" if name == "funding_scale" else name
        if name != "funding_scale" and not name.startswith("share_"):
            return f"{owner.replace('_', ' ').capitalize()}: {name.replace('_', ' ')}"
    words = lever.replace("_", " ")
    if lever.endswith("_funding_scale"):
        return f"{words.removesuffix(' funding scale').capitalize()} funding (x baseline)"
    if lever.startswith("share_"):
        return f"{words.capitalize()} (share, 0-1)"
    if lever.endswith("_yuan"):
        return f"{words.removesuffix(' yuan').capitalize()} (yuan)"
    return words.capitalize()


def figure_and_axes(
    ax: Axes | None, figsize: tuple[float, float] = (7.5, 4.2)
) -> tuple[Figure, Axes]:
    """Return ``ax``'s figure and ``ax``, or a new figure with one axes."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    figure = ax.figure
    # An axes on a SubFigure: return the whole figure, which is what gets saved or shown.
    return getattr(figure, "figure", figure) or figure, ax


def year_axis(ax: Axes) -> None:
    """Label the x axis as calendar years with whole-number ticks."""
    ax.set_xlabel("Year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def require_columns(frame: pd.DataFrame, columns: list[str] | tuple[str, ...], what: str) -> None:
    """Raise a one-line ``ValueError`` naming the columns ``frame`` lacks.

    Args:
        frame: The table passed to a plot function.
        columns: Columns the plot needs.
        what: What the table should be, e.g. ``"an annual frame"``.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"expected {what} with column(s) {', '.join(columns)}; missing: {', '.join(missing)} "
            f"(got: {', '.join(map(str, frame.columns)) or 'no columns'})"
        )


def annual_of(data: Any) -> pd.DataFrame:
    """The annual frame of a ``RunResult``, a ``LinxiModel`` or an annual DataFrame."""
    if isinstance(data, pd.DataFrame):
        return data
    if hasattr(data, "annual_frame"):
        return data.annual_frame()
    if isinstance(getattr(data, "annual", None), pd.DataFrame):
        return data.annual
    raise TypeError(
        f"expected a RunResult, a LinxiModel or an annual DataFrame, got {type(data).__name__}"
    )
