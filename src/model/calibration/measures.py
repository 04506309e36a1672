"""Measures: named model outputs that a reported figure maps to, evaluated on one run.

A measure is a small table (from ``targets.toml``) saying which output of a run to read:
a column of ``annual.csv`` over some years, a column of ``programs.csv`` for a program or a
family, a program's ledger rows, a span of ``monthly.csv``, a statistic of the final households,
an attribute of a program at the end of the run, or a ratio of two measures.
``evaluate_measure`` returns the number, or NaN with a status saying why it is not available
(e.g. the program is not in the model yet).

Extensive measures (counts of people, money, eggs) are divided by the run's share of the
county, so that a reduced run is compared with the county's figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.results import RunResult

__all__ = [
    "MEASURE_KINDS",
    "HOUSEHOLD_STATS",
    "Measurement",
    "MeasureError",
    "RunTables",
    "county_share",
    "evaluate_measure",
    "validate_measure",
]

#: Measure kinds and the keys each one needs.
MEASURE_KINDS: dict[str, tuple[str, ...]] = {
    "annual": ("column", "years", "agg"),
    "programs": ("column", "years", "agg"),
    "ledger": ("program", "item", "entry", "field", "years"),
    "monthly": ("column", "from", "to", "agg"),
    "households": ("stat",),
    "program_state": ("program", "attr"),
    "ratio": ("numerator", "denominator"),
}

_YEAR_AGGS = ("sum", "mean", "max", "min", "last", "share_above", "min_change")
_MONTH_AGGS = ("sum", "daily_mean")


class MeasureError(ValueError):
    """A measure table that cannot be evaluated (bad kind, missing key, bad aggregation)."""


@dataclass(frozen=True)
class Measurement:
    """A measure's value on one run.

    Attributes:
        value: The number (NaN when not available).
        status: ``"ok"``, or why the value is not available.
    """

    value: float
    status: str = "ok"

    @property
    def available(self) -> bool:
        """Whether the measure produced a number."""
        return self.status == "ok" and not math.isnan(self.value)


class RunTables:
    """One run's tables, indexed once for the many measures read from them.

    A calibration evaluates some seventy measures on every run; selecting a program's rows or
    a column's years with pandas anew for each costs more than the rest of the evaluation. The
    values are those of the tables: the same rows, in the same order, summed by year the same
    way.

    Args:
        result: The run.
    """

    def __init__(self, result: RunResult) -> None:
        self.result = result
        self._columns: dict[tuple[str, str], np.ndarray] = {}
        self._rows: dict[tuple[str, str], np.ndarray] = {}
        self._ledger_rows: dict[str, pd.DataFrame] | None = None

    def annual(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The years of ``annual.csv`` and the column's values (the column must exist)."""
        return self._column("annual", "year"), self._column("annual", column)

    def has_programs(self, by: str, name: str) -> bool:
        """Whether some row of ``programs.csv`` has that program (``by="program"``) or family."""
        return self._program_rows(by, name).size > 0

    def programs(self, by: str, name: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Years and the column summed by year over the rows of a program or a family.

        Args:
            by: ``"program"`` or ``"family"``.
            name: The program's or family's name; it must have rows (``has_programs``).
            column: A column of ``programs.csv``.
        """
        rows = self._program_rows(by, name)
        years = self._column("programs", "year")[rows]
        if (np.diff(years) > 0).all():  # one row a year, in order: each year's sum is its row
            return years, self._column("programs", column)[rows]
        by_year = self.result.programs.iloc[rows].groupby("year")[column].sum()
        return by_year.index.to_numpy(), by_year.to_numpy()

    def ledger(self, program: str) -> pd.DataFrame | None:
        """The program's rows of the ledger, in order (None: it has none)."""
        if self._ledger_rows is None:
            ledger = self.result.ledger
            self._ledger_rows = dict(tuple(ledger.groupby("program", sort=False)))
        return self._ledger_rows.get(program)

    def _column(self, table: str, column: str) -> np.ndarray:
        values = self._columns.get((table, column))
        if values is None:
            values = self._columns[(table, column)] = getattr(self.result, table)[column].to_numpy()
        return values

    def _program_rows(self, by: str, name: str) -> np.ndarray:
        rows = self._rows.get((by, name))
        if rows is None:
            rows = self._rows[(by, name)] = np.flatnonzero(self._column("programs", by) == name)
        return rows


def _contract_share_registered(result: RunResult) -> float:
    h = result.model.households
    contract = h.contract_firm >= 0
    return float(h.registered[contract].mean()) if contract.any() else math.nan


#: Statistics of the final household table, by name (``kind = "households"``).
HOUSEHOLD_STATS: dict[str, Callable[[RunResult], float]] = {
    "contract_share_registered": _contract_share_registered,
}


def validate_measure(measure: Mapping[str, Any], programs: Mapping[str, str], where: str) -> None:
    """Check a measure table's keys and values; raise ``MeasureError`` naming ``where``.

    Args:
        measure: The measure table.
        programs: The program-name table (``[programs]`` of targets.toml).
        where: Where the measure comes from, for the error message.
    """
    kind = measure.get("kind")
    if kind not in MEASURE_KINDS:
        raise MeasureError(
            f"{where}: kind: expected one of {', '.join(MEASURE_KINDS)}, got {kind!r}"
        )
    missing = [key for key in MEASURE_KINDS[kind] if key not in measure]
    if kind == "programs" and not ("program" in measure) ^ ("family" in measure):
        missing.append("program or family (one of them)")
    if missing:
        raise MeasureError(f"{where}: missing {', '.join(missing)} for kind {kind!r}")
    program = measure.get("program")
    if program is not None and program not in programs:
        raise MeasureError(f"{where}: program: {program!r} is not in the [programs] table of names")
    if kind in ("annual", "programs") and measure["agg"] not in _YEAR_AGGS:
        raise MeasureError(f"{where}: agg: expected one of {', '.join(_YEAR_AGGS)}")
    if kind == "annual" and measure["agg"] == "share_above" and "threshold" not in measure:
        raise MeasureError(f"{where}: agg 'share_above' needs a threshold")
    if kind == "monthly" and measure["agg"] not in _MONTH_AGGS:
        raise MeasureError(f"{where}: agg: expected one of {', '.join(_MONTH_AGGS)}")
    if kind == "households" and measure["stat"] not in HOUSEHOLD_STATS:
        raise MeasureError(
            f"{where}: stat: expected one of {', '.join(HOUSEHOLD_STATS)}, got {measure['stat']!r}"
        )
    if kind == "program_state" and not str(measure["attr"]).isidentifier():
        raise MeasureError(f"{where}: attr: expected an attribute name, got {measure['attr']!r}")
    if kind == "ratio":
        validate_measure(measure["numerator"], programs, f"{where}.numerator")
        validate_measure(measure["denominator"], programs, f"{where}.denominator")


def county_share(result: RunResult) -> float:
    """The simulated share of the county's households (1 for a full-county run)."""
    model = result.model
    if model is not None:
        return float(model.scale)
    params = result.manifest["parameters"]
    full = round(params["county.people"] / params["county.household_size_mean"])
    return result.manifest["households"] / full


def _aggregate_years(values: np.ndarray, years: np.ndarray, measure: Mapping[str, Any]) -> float:
    first, last = measure["years"]
    values = values[(years >= first) & (years <= last)]
    if values.size == 0:
        return math.nan
    agg = measure["agg"]
    if agg == "last":
        return float(values[-1])
    if agg == "share_above":
        return float((values > measure["threshold"]).mean())
    if agg == "min_change":  # the largest fall (or smallest rise) from one year to the next
        return float((values[1:] / values[:-1] - 1.0).min())
    return float(getattr(values, agg)())


def _over_years(values: np.ndarray, years: np.ndarray, measure: Mapping[str, Any]) -> Measurement:
    """The measure's aggregate of ``values`` over its years (not available without them)."""
    value = _aggregate_years(values, years, measure)
    if math.isnan(value):
        return Measurement(value, f"no years {measure['years']} in the run")
    return Measurement(value)


def _annual(tables: RunTables, measure: Mapping[str, Any]) -> Measurement:
    column = measure["column"]
    if column not in tables.result.annual.columns:
        return Measurement(math.nan, f"no annual column {column!r}")
    years, values = tables.annual(column)
    return _over_years(values, years, measure)


def _programs(
    tables: RunTables, measure: Mapping[str, Any], programs: Mapping[str, str]
) -> Measurement:
    column = measure["column"]
    if "program" in measure:
        by, name = "program", programs[measure["program"]]
        missing = f"program {name!r} is not in the model (not available)"
    else:
        by, name = "family", measure["family"]
        missing = f"no program of family {name!r}"
    if not tables.has_programs(by, name):
        return Measurement(math.nan, missing)
    if column not in tables.result.programs.columns:
        return Measurement(math.nan, f"no programs column {column!r}")
    years, values = tables.programs(by, name, column)
    return _over_years(values, years, measure)


def _ledger(
    tables: RunTables, measure: Mapping[str, Any], programs: Mapping[str, str]
) -> Measurement:
    name = programs[measure["program"]]
    rows = tables.ledger(name)
    if rows is None:
        if not tables.has_programs("program", name):
            return Measurement(math.nan, f"program {name!r} is not in the model (not available)")
        return Measurement(0.0)
    first, last = measure["years"]
    chosen = rows[
        (rows["item"] == measure["item"])
        & (rows["kind"] == measure["entry"])
        & rows["year"].between(first, last)
    ]
    if chosen.empty and measure["item"] not in set(rows["item"]):
        return Measurement(math.nan, f"no ledger item {measure['item']!r} for {name!r}")
    return Measurement(float(chosen[measure["field"]].sum()))


def _program_state(
    result: RunResult, measure: Mapping[str, Any], programs: Mapping[str, str]
) -> Measurement:
    """An attribute of a program at the end of the run.

    A mask is counted, an array summed, a method called with ``year``.
    """
    if result.model is None:
        return Measurement(math.nan, "needs the finished model (program state)")
    name = programs[measure["program"]]
    found = [p for p in result.model.programs if p.name == name]
    if not found:
        return Measurement(math.nan, f"program {name!r} is not in the model (not available)")
    value = getattr(found[0], measure["attr"], None)
    if value is None:
        return Measurement(math.nan, f"program {name!r} has no attribute {measure['attr']!r}")
    if callable(value):
        value = value(measure["year"]) if "year" in measure else value()
    array = np.asarray(value)
    if array.dtype == bool:
        return Measurement(float(array.sum()))
    return Measurement(float(array.sum()) if array.ndim else float(array))


def _month_index(text: str) -> int:
    year, month = (int(part) for part in str(text).split("-"))
    return year * 12 + month - 1


def _monthly(result: RunResult, measure: Mapping[str, Any]) -> Measurement:
    frame = result.monthly
    column = measure["column"]
    if column not in frame.columns:
        return Measurement(math.nan, f"no monthly column {column!r}")
    index = frame["year"] * 12 + frame["month"] - 1
    start, end = _month_index(measure["from"]), _month_index(measure["to"])
    rows = frame[(index >= start) & (index <= end)]
    if rows.empty:
        return Measurement(math.nan, f"no months {measure['from']}..{measure['to']} in the run")
    total = float(rows[column].sum())
    if measure["agg"] == "sum":
        return Measurement(total)
    days = pd.to_datetime(
        {"year": rows["year"], "month": rows["month"], "day": 1}
    ).dt.days_in_month.sum()
    return Measurement(total / float(days))


def evaluate_measure(
    result: RunResult,
    measure: Mapping[str, Any],
    programs: Mapping[str, str],
    tables: RunTables | None = None,
) -> Measurement:
    """Evaluate one measure on one run.

    Args:
        result: A finished run (``run_scenario``); ``households`` measures need its ``model``.
        measure: The measure table (validated by ``validate_measure``).
        programs: The program-name table of targets.toml.
        tables: The run's ``RunTables``, shared by the measures evaluated on it (None: made
            for this measure).

    Returns:
        The value at county scale, or NaN with a status when it is not available.
    """
    if tables is None or tables.result is not result:
        tables = RunTables(result)
    kind = measure["kind"]
    if kind == "ratio":
        top = evaluate_measure(result, measure["numerator"], programs, tables)
        bottom = evaluate_measure(result, measure["denominator"], programs, tables)
        if not top.available:
            return top
        if not bottom.available:
            return bottom
        if bottom.value == 0:
            return Measurement(math.nan, "denominator is zero")
        return Measurement(top.value / bottom.value)
    if kind == "annual":
        found = _annual(tables, measure)
    elif kind == "programs":
        found = _programs(tables, measure, programs)
    elif kind == "ledger":
        found = _ledger(tables, measure, programs)
    elif kind == "monthly":
        found = _monthly(result, measure)
    elif kind == "program_state":
        found = _program_state(result, measure, programs)
    else:
        if result.model is None:
            return Measurement(math.nan, "needs the finished model (households)")
        found = Measurement(HOUSEHOLD_STATS[measure["stat"]](result))
    if found.available and measure.get("extensive", False):
        return Measurement(found.value / county_share(result))
    return found
