"""The dashboard's effect table: the current run against the baseline at the same seed.

The baseline is ``scenarios/baseline.toml`` run with the current run's seed and households
(common random numbers: the same households, droughts and illnesses), so the difference in a
year is the effect of what the scenario and the sliders changed, plus what one seed's noise
leaves (docs/visualisation.md gives its size at each scale). The baseline is run once per
(file, seed, households), keeping each year's household incomes, and cached.

The measures are those of a comparison (``model.experiments.impact.paired_measures``), taken in
the latest year the current run has finished: people lifted out of poverty, the cost to all
funders per person lifted (only where the money differs from the baseline's), the change in
income per person of households registered poor in the baseline run (paired household by
household), and firm jobs.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from model.county import LinxiModel
from model.dashboard.params import scenario_dir
from model.experiments.impact import budget_change, paired_measures
from model.experiments.runs import household_frame

__all__ = ["BaselineRun", "Effect", "baseline_run", "effect_rows", "effects"]

#: Months in a dashboard step (a year).
_MONTHS = 12


@dataclass(frozen=True)
class BaselineRun:
    """The baseline at one seed and scale: its tables and every year's household incomes.

    Attributes:
        annual: The annual frame.
        programs: The programs frame.
        households: Year -> ``household_frame`` after that year's December (read-only).
    """

    annual: pd.DataFrame
    programs: pd.DataFrame
    households: dict[int, pd.DataFrame]


def baseline_run(
    seed: int, households: int, on_year: Callable[[int], None] | None = None
) -> BaselineRun:
    """The baseline (``baseline.toml`` in ``scenario_dir()``) at this seed and scale, cached.

    Args:
        seed: The current run's seed.
        households: The current run's households.
        on_year: Called with each year as the baseline finishes it (a progress display); only
            when the baseline is computed, not when it comes from the cache.
    """
    path = str(scenario_dir() / "baseline.toml")
    key = (path, int(seed), int(households))
    # one computation per key: the charts and a background run may ask at the same time
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = _run_baseline(*key, on_year)
            while len(_CACHE) > _CACHE_SIZE:  # forget the oldest
                _CACHE.pop(next(iter(_CACHE)))
        return _CACHE[key]


_CACHE: dict[tuple[str, int, int], BaselineRun] = {}
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def _run_baseline(
    path: str, seed: int, households: int, on_year: Callable[[int], None] | None
) -> BaselineRun:
    model = LinxiModel(path, households=households, rng=seed)
    snapshots = {}
    while model.running:
        for _ in range(_MONTHS):  # a year, as the dashboard steps
            if not model.running:
                break
            model.step()
        year = int(model.annual_frame()["year"].iloc[-1])
        snapshots[year] = household_frame(model).copy()  # the population changes next year
        if on_year is not None:
            on_year(year)
    return BaselineRun(model.annual_frame(), model.programs_frame(), snapshots)


@dataclass(frozen=True)
class Effect:
    """One row of the effect table: a measure's value, its unit and why it may be undefined.

    Attributes:
        measure: What it measures.
        value: This run minus the baseline (a cost ratio for the cost per person lifted).
        unit: The unit of ``value``.
        digits: Decimals shown.
        note: Why the value is undefined (NaN), if it is.
    """

    measure: str
    value: float
    unit: str
    digits: int = 0
    note: str = ""

    def text(self) -> str:
        """The value as the table shows it: signed for a difference, ``n/a (why)`` if undefined."""
        if not math.isfinite(self.value):
            return f"n/a ({self.note})" if self.note else "n/a"
        sign = "" if self.unit == "yuan/person" else "+"  # a ratio, not a difference
        return f"{self.value:{sign},.{self.digits}f}"


def effects(model: LinxiModel) -> tuple[int, list[Effect]] | None:
    """The current run against the baseline in the latest year it has finished.

    Returns:
        The year and the effects (people lifted, cost per person lifted, registered-poor
        income change, firm jobs, and the cost and money given behind the ratio), or None
        before the first year is finished.
    """
    current = model.annual_frame()
    if current.empty:
        return None
    year = int(current["year"].iloc[-1])
    base = baseline_run(model.seed, len(model.households))
    base_annual = base.annual[base.annual["year"] <= year]
    base_programs = base.programs[base.programs["year"] <= year]
    programs = model.programs_frame()
    money = {g: budget_change(base_programs, programs, g) for g in ("beijing", "domestic")}
    row = paired_measures(
        base_annual, current, base.households[year], household_frame(model), 1.0, money
    )
    cost, given, lifted = row["total_cost"], row["total_budget_change"], row["people_lifted"]
    ratio = row["total_cost_per_person_lifted"]
    if given == 0:
        why = "the same money as the baseline: its spending moves only with need"
    elif lifted == 0:
        why = "no one lifted"
    elif ratio < 0:
        why = "more spent and more poor, or less spent and fewer poor"
        ratio = float("nan")
    else:
        why = ""
    return year, [
        Effect("People lifted out of poverty", lifted, "people"),
        Effect("Cost per person lifted, all funders", ratio, "yuan/person", note=why),
        Effect(
            "Income change, registered poor",
            row["income_change_registered"],
            "yuan/person/year",
            digits=1,
            note="no household registered yet",
        ),
        Effect("Firm jobs", row["jobs"], "jobs"),
        Effect("Money given, all funders", given / 1e6, "M yuan", digits=2),
        Effect("Cost (spent), all funders", cost / 1e6, "M yuan", digits=2),
    ]


def effect_rows(model: LinxiModel) -> str:
    """The effect table as Markdown (what the dashboard shows beside the charts)."""
    found = effects(model)
    if found is None:
        return "**Effect against the baseline**: no year finished yet."
    year, rows = found
    lines = [
        f"**Effect against the baseline, {year}** (this run minus `baseline.toml` at seed "
        f"{model.seed}, {len(model.households):,} households; money summed since "
        f"{model.start_year})",
        "",
        "| measure | this run - baseline | unit |",
        "|:---|---:|:---|",
    ]
    lines += [f"| {e.measure} | {e.text()} | {e.unit} |" for e in rows]
    lines += [
        "",
        "One seed: move the Seed slider to see how much of a small effect is chance.",
    ]
    return "\n".join(lines)
