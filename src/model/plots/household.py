"""Following single households through a run, and plotting one household's story.

The model keeps only the current and the last year of each household's income, and resets the
``programs_touched`` mask every December. ``follow`` therefore runs the model itself and takes a
snapshot of the followed households in December of each year, after the year's dividends and
metrics and just before ``Households.close_year`` resets the year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.county import LinxiModel
from model.households import INCOME_SOURCES
from model.plots._common import figure_and_axes, year_axis
from model.plots.run import stack_income_bars
from model.scenario import Scenario

__all__ = ["follow", "household_story", "programs_in_mask"]


def programs_in_mask(model: LinxiModel, mask: int) -> list[str]:
    """Names of the programs whose ``program_bit`` is set in a ``programs_touched`` mask."""
    return [p.name for p in model.programs if int(mask) & int(p.program_bit)]


def _snapshot(model: LinxiModel, indices: np.ndarray) -> list[dict[str, Any]]:
    population = model.households
    income_pc = population.net_income_pc()
    after_health = population.net_income_pc(after_health=True)
    rows = []
    for i in indices:
        income = population.income[:, i]
        size = int(population.size[i])
        row: dict[str, Any] = {
            "household": int(i),
            "year": model.year,
            "people": size,
            "registered": bool(population.registered[i]),
            "exited": bool(population.exited[i]),
            "employed_by_firm": bool(population.employer[i] >= 0),
            "people_away": int(population.n_away[i]),
            "dibao": bool(population.dibao[i]),
        }
        for name, value in zip(INCOME_SOURCES, income, strict=True):
            row[f"income_{name}"] = float(value)
        row["income_pc"] = float(income_pc[i])
        row["income_pc_after_health"] = float(after_health[i])
        row["poverty_line"] = model.conditions.poverty_line
        row["programs"] = ", ".join(programs_in_mask(model, population.programs_touched[i]))
        rows.append(row)
    return rows


def follow(
    model_or_scenario: LinxiModel | str | Path | Scenario | None,
    household: int | Sequence[int],
    *,
    households: int | None = None,
    rng: int | None = None,
) -> pd.DataFrame:
    """Run the model and record chosen households year by year.

    Args:
        model_or_scenario: A ``LinxiModel`` (run in place from where it stands to its end), or
            a scenario (file, ``Scenario`` or None for the baseline) to build one from.
        household: Index of the household to follow, or several.
        households: Households to simulate when a scenario is given.
        rng: Seed when a scenario is given.

    Returns:
        One row per household and year: ``household, year, people, registered, exited,
        employed_by_firm, people_away, dibao, income_<source>`` (yuan a year, whole household),
        ``income_pc`` (as the statistics define it, yuan a person; ``model.income``),
        ``income_pc_after_health`` (after out-of-pocket medical costs), ``poverty_line`` and
        ``programs`` (names of the
        programs that reached the household that year, comma-separated).

    Raises:
        IndexError: If a household index is outside the population.
    """
    if isinstance(model_or_scenario, LinxiModel):
        model = model_or_scenario
    else:
        model = LinxiModel(model_or_scenario, households=households, rng=rng)
    indices = np.atleast_1d(np.asarray(household, dtype=int))
    n = len(model.households)
    if indices.size == 0 or indices.min() < 0 or indices.max() >= n:
        raise IndexError(f"household index {household} is outside 0..{n - 1}")
    population = model.households
    rows: list[dict[str, Any]] = []
    close_year: Callable[[], None] = population.close_year

    def snapshot_then_close() -> None:
        rows.extend(_snapshot(model, indices))
        close_year()

    # An instance attribute shadows the method for this run only; removed afterwards.
    population.close_year = snapshot_then_close  # type: ignore[method-assign]
    try:
        model.run()
    finally:
        del population.close_year
    return pd.DataFrame(rows)


def household_story(
    model: LinxiModel | pd.DataFrame | str | Path | Scenario | None,
    household: int | None = None,
    ax: Axes | None = None,
    **follow_kwargs: Any,
) -> Figure:
    """One household's income by source over the years, and the programs that reached it.

    Args:
        model: A history from ``follow``; or a model that has not run yet, or a scenario, which
            is run with ``follow`` to record ``household``.
        household: The household's index (may be omitted when the history holds only one).
        ax: Axes to draw on; a new figure when None.
        **follow_kwargs: ``households`` and ``rng`` for ``follow`` when a scenario is given.

    Returns:
        The figure drawn on.

    Raises:
        ValueError: If ``model`` has already run (the model keeps no per-household history),
            or the household is not in the history.
    """
    if isinstance(model, pd.DataFrame):
        history = model
    else:
        if household is None:
            raise ValueError("give the household index to follow")
        if isinstance(model, LinxiModel) and model.step_index >= 0:
            raise ValueError(
                "this model has already stepped and keeps no per-household history; pass a new "
                "model or a scenario, or the table returned by model.plots.follow()"
            )
        history = follow(model, household, **follow_kwargs)
    if household is None:
        if history["household"].nunique() != 1:
            raise ValueError("the history follows several households; give `household`")
        household = int(history["household"].iloc[0])
    story = history[history["household"] == household].sort_values("year")
    if story.empty:
        raise ValueError(f"household {household} is not in the history")

    fig, ax = figure_and_axes(ax, figsize=(8.0, 4.8))
    years = story["year"].to_numpy()
    people = story["people"].to_numpy()
    values = {source: story[f"income_{source}"].to_numpy() / people for source in INCOME_SOURCES}
    above, _ = stack_income_bars(ax, years, {s: v for s, v in values.items() if np.any(v)})
    ax.plot(years, story["income_pc"], color="black", marker="o", label="income per person")
    ax.plot(years, story["poverty_line"], color="0.4", linestyle="--", label="poverty line")
    ax.axhline(0, color="black", linewidth=0.6)
    top = float(max(above.max(), story["poverty_line"].max()))
    for year, names, registered in zip(years, story["programs"], story["registered"], strict=True):
        text = ("R " if registered else "") + (names or "")
        if text.strip():
            ax.annotate(
                text.strip(),
                (year, top * 1.02),
                rotation=90,
                fontsize=7,
                ha="center",
                va="bottom",
                color="#2ca02c",
            )
    ax.set_ylim(top=top * 1.45)
    ax.set_ylabel("Income (yuan/person/year)")
    year_axis(ax)
    first = story.iloc[0]
    ax.set_title(f"Household {household} ({int(first['people'])} people): income by source")
    ax.text(
        0.99,
        0.99,
        "above each year: R = registered poor,\nthen the programs that reached it",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=7,
        color="#2ca02c",
    )
    ax.legend(fontsize=7, ncol=3, loc="upper left")
    return fig
