"""Plots of one run: poverty over time, income by source, jobs by employer."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.households import INCOME_SOURCES
from model.plots._common import (
    annual_of,
    figure_and_axes,
    metric_label,
    require_columns,
    year_axis,
)

__all__ = [
    "poverty_rate",
    "income_by_source",
    "jobs_by_employer",
    "program_starts",
    "SOURCE_COLORS",
]

#: One colour per income source, shared by every plot that stacks income.
SOURCE_COLORS: dict[str, str] = {
    "crops": "#c9a227",
    "livestock": "#8c564b",
    "nonfarm_business": "#ff7f0e",
    "wages_local": "#1f77b4",
    "wages_away": "#17becf",
    "transfers": "#9467bd",
    "dividends": "#2ca02c",
    "land_rent": "#bcbd22",
    "medical_costs": "#d62728",
}


def program_starts(programs: pd.DataFrame) -> dict[str, int]:
    """First year each program family spent money (``spent_yuan > 0``), by family.

    Args:
        programs: A programs frame (``RunResult.programs`` or ``model.programs_frame()``).

    Returns:
        ``{family: year}``, sorted by year; families that never spent are left out.
    """
    require_columns(programs, ["family", "year", "spent_yuan"], "a programs frame")
    spending = programs[programs["spent_yuan"] > 0]
    # stable: families starting in the same year keep their alphabetical order
    starts = spending.groupby("family")["year"].min().sort_values(kind="stable")
    return {str(family): int(year) for family, year in starts.items()}


def poverty_rate(
    annual: Any,
    ax: Axes | None = None,
    programs: pd.DataFrame | None = None,
    line: bool = True,
) -> Figure:
    """Poverty rate over time, with the poverty line and the years program families started.

    Args:
        annual: An annual frame, a ``RunResult`` or a ``LinxiModel``.
        ax: Axes to draw on; a new figure when None.
        programs: A programs frame; when given, each program family's first year of spending
            is marked with a dotted vertical line and its name.
        line: Draw the poverty line (yuan a person a year) on a twin axis.

    Returns:
        The figure drawn on.
    """
    annual = annual_of(annual)
    require_columns(annual, ["year", "poverty_rate"], "an annual frame")
    fig, ax = figure_and_axes(ax)
    label, scale = metric_label("poverty_rate")
    ax.plot(
        annual["year"],
        scale * annual["poverty_rate"],
        marker="o",
        color="#d62728",
        label="poverty rate",
    )
    ax.set_ylabel(label)
    ax.set_ylim(bottom=0)
    year_axis(ax)
    handles, labels = ax.get_legend_handles_labels()
    if line and "poverty_line" in annual.columns:
        twin = ax.twinx()
        twin.plot(
            annual["year"],
            annual["poverty_line"],
            linestyle="--",
            color="0.4",
            label="poverty line",
        )
        twin.set_ylabel("Poverty line (yuan/person/year)")
        twin.set_ylim(bottom=0)
        more_handles, more_labels = twin.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    if programs is not None:
        by_year: dict[int, list[str]] = {}
        for family, year in program_starts(programs).items():
            by_year.setdefault(year, []).append(family)
        for year, families in by_year.items():  # one line and label per year, however many
            ax.axvline(year, linestyle=":", color="#2ca02c", linewidth=1.2)
            ax.annotate(
                f"{', '.join(families)} start{'s' if len(families) == 1 else ''}",
                xy=(year, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                rotation=90,
                va="top",
                fontsize=8,
                color="#2ca02c",
            )
    ax.legend(handles, labels, loc="lower left")
    ax.set_title("Rural poverty rate")
    return fig


def _source_columns(annual: pd.DataFrame, group: str) -> dict[str, str]:
    prefix = "income_pc_" if group == "all" else "income_pc_registered_"
    columns = {source: f"{prefix}{source}" for source in INCOME_SOURCES}
    present = {s: c for s, c in columns.items() if c in annual.columns}
    if not present:
        raise ValueError(
            f"the annual frame has no income-by-source columns for group {group!r}: expected "
            f"{', '.join(columns.values())}"
        )
    return present


def income_by_source(
    result_or_model: Any,
    ax: Axes | None = None,
    group: Literal["all", "registered"] = "all",
) -> Figure:
    """Income per person by source, stacked by year (medical costs below zero).

    The solid line is income as the statistics define it (the sources above zero: net income
    to 2012, disposable income from 2013, see ``model.income``); the dashed line subtracts the
    out-of-pocket medical costs drawn below zero (the second measure).

    The bars come from the annual frame's ``income_pc_<source>`` columns (rural people,
    recorded each December by ``metrics.annual_metrics``); ``group="registered"`` reads
    ``income_pc_registered_<source>`` columns, which the model does not record yet.

    Args:
        result_or_model: A ``RunResult``, a ``LinxiModel`` or an annual frame.
        ax: Axes to draw on; a new figure when None.
        group: ``"all"`` rural people, or ``"registered"`` poor households.

    Returns:
        The figure drawn on.

    Raises:
        ValueError: If ``group`` is unknown or the frame lacks the group's columns.
    """
    if group not in ("all", "registered"):
        raise ValueError(f"group must be 'all' or 'registered', got {group!r}")
    annual = annual_of(result_or_model)
    require_columns(annual, ["year"], "an annual frame")
    columns = _source_columns(annual, group)
    fig, ax = figure_and_axes(ax)
    years = annual["year"].to_numpy()
    values = {source: annual[column].to_numpy(dtype=float) for source, column in columns.items()}
    above, below = stack_income_bars(ax, years, values)
    ax.plot(years, above, color="black", marker="o", markersize=3, label="income (statistics)")
    ax.plot(
        years,
        above + below,
        color="black",
        linestyle="--",
        linewidth=1,
        label="after medical costs",
    )
    ax.axhline(0, color="black", linewidth=0.6)
    who = "rural people" if group == "all" else "registered-poor households"
    ax.set_ylabel("Income (yuan/person/year)")
    ax.set_title(f"Income per person by source, {who}")
    year_axis(ax)
    ax.legend(fontsize=8, ncol=3, loc="upper left")
    return fig


def jobs_by_employer(programs: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Jobs created by each program (its firm), stacked by year, and the registered-poor share.

    Args:
        programs: A programs frame (``RunResult.programs`` or ``model.programs_frame()``).
        ax: Axes to draw on; a new figure when None.

    Returns:
        The figure drawn on.
    """
    require_columns(
        programs, ["program", "year", "jobs", "jobs_registered_poor"], "a programs frame"
    )
    fig, ax = figure_and_axes(ax)
    table = programs.pivot_table(index="year", columns="program", values="jobs", aggfunc="sum")
    table = table.loc[:, table.sum() > 0].fillna(0)
    year_axis(ax)
    ax.set_ylabel("Jobs (workers employed in December)")
    ax.set_title("Jobs by employer")
    if table.empty:
        ax.text(0.5, 0.5, "no program created jobs", transform=ax.transAxes, ha="center")
        return fig
    bottom = np.zeros(len(table))
    for program in table.columns:
        ax.bar(table.index, table[program], bottom=bottom, width=0.8, label=str(program))
        bottom += table[program].to_numpy()
    totals = programs.groupby("year")[["jobs", "jobs_registered_poor"]].sum()
    share = 100 * totals["jobs_registered_poor"] / totals["jobs"].where(totals["jobs"] > 0)
    twin = ax.twinx()
    twin.plot(share.index, share, color="black", marker="o", label="registered-poor share")
    twin.set_ylabel("Registered-poor share of jobs (%)")
    twin.set_ylim(0, 100)
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = twin.get_legend_handles_labels()
    ax.legend(handles + more_handles, labels + more_labels, loc="upper left", fontsize=8)
    return fig


def stack_income_bars(
    ax: Axes, years: np.ndarray, values: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Draw income by source as stacked bars, costs below zero; return the tops and bottoms.

    Args:
        ax: The axes to draw on.
        years: The bars' positions.
        values: Income of each source by year, in drawing order (``INCOME_SOURCES`` names).

    Returns:
        The stack's height above zero and its depth below zero, by year.
    """
    above = np.zeros(len(years))
    below = np.zeros(len(years))
    for source, amounts in values.items():
        base = np.where(amounts >= 0, above, below)
        ax.bar(
            years,
            amounts,
            bottom=base,
            width=0.8,
            color=SOURCE_COLORS.get(source),
            label=source.replace("_", " "),
        )
        above += np.clip(amounts, 0, None)
        below += np.clip(amounts, None, 0)
    return above, below
