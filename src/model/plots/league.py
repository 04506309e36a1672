"""The program league as a figure: programs ranked by a measure, with its interval across runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.metric_dictionary import find
from model.plots._common import figure_and_axes, require_columns

__all__ = ["program_league"]

#: Colour of each funder group's programs.
_COLOURS = {"beijing": "#d62728", "domestic": "#1f77b4"}
_NAMES = {"beijing": "Beijing-Fengtai", "domestic": "China's own programmes"}


def program_league(
    table: pd.DataFrame, measure: str = "cost_per_person_year_lifted", ax: Axes | None = None
) -> Figure:
    """Programs ranked by a measure (lowest at the top), the median as a dot, 10-90% as a bar.

    Programs where the measure is undefined in every run (no money, no one lifted) are left out,
    and the title says how many. A scale spanning more than two orders of magnitude is drawn
    logarithmic.

    Args:
        table: ``League.table`` (or ``league.csv``): program, funder_group, ``measure``,
            ``<measure>_p10``, ``<measure>_p90``.
        measure: The measure to rank by, e.g. ``"cost_per_person_year_lifted"`` or
            ``"alone_cost_per_person_year_lifted"``.
        ax: Axes to draw on; a new figure when None.

    Returns:
        The figure drawn on.
    """
    band = [measure, f"{measure}_p10", f"{measure}_p90"]
    require_columns(table, ["program", "funder_group", *band], "a league table")
    rows = table[np.isfinite(table[measure].to_numpy(dtype=float))]
    rows = rows.sort_values(measure, ascending=False, kind="stable")  # lowest drawn on top
    left_out = len(table) - len(rows)
    base = measure.removeprefix("alone_")
    entry = find(base, "league")
    label = entry.heading() if entry else base.replace("_", " ")
    label = label[0].upper() + label[1:]
    fig, ax = figure_and_axes(ax, figsize=(8.0, max(2.5, 0.32 * len(rows) + 1.4)))
    y = np.arange(len(rows))
    median = rows[measure].to_numpy(dtype=float)
    low = rows[f"{measure}_p10"].to_numpy(dtype=float)
    high = rows[f"{measure}_p90"].to_numpy(dtype=float)
    colours = [_COLOURS.get(group, "0.4") for group in rows["funder_group"]]
    ax.hlines(y, low, high, colors=colours, linewidth=3, alpha=0.45)
    ax.scatter(median, y, c=colours, zorder=3, s=22)
    ax.set_yticks(y, rows["program"].tolist(), fontsize=8)
    ax.set_xlabel(label)
    positive = np.concatenate([low, median, high])
    positive = positive[np.isfinite(positive) & (positive > 0)]
    if len(positive) and positive.max() / positive.min() > 100:
        ax.set_xscale("log")
    for group, colour in _COLOURS.items():
        if (rows["funder_group"] == group).any():
            ax.scatter([], [], c=colour, s=22, label=_NAMES[group])
    if len(rows):
        ax.legend(fontsize=8, loc="upper right")
    effect = "alone" if measure.startswith("alone_") else "removed from the scenario"
    title = f"{label.split(' (')[0]}, each program {effect}\nmedian (dot) and 10-90% of runs (bar)"
    if left_out:
        title += f"\n{left_out} program(s) undefined in every run left out (see the notes)"
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig
