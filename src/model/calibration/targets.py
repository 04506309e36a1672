"""Calibration targets: load and check ``data/targets.toml``, evaluate targets on runs.

Each target is a reported figure (value, unit, period, the seed's phrase), the model output it
maps to (a measure, see ``model.calibration.measures``) and a tolerance that reflects the
figure's precision. ``evaluate_targets`` runs every measure on one run or an ensemble and gives,
per target, the simulated median and 90% interval, the error against the reported value and
whether the median lies inside the tolerance.
"""

from __future__ import annotations

import fnmatch
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.calibration.measures import (
    MeasureError,
    RunTables,
    evaluate_measure,
    validate_measure,
)
from model.results import RunResult

__all__ = [
    "Target",
    "TargetSet",
    "TargetError",
    "load_targets",
    "evaluate_targets",
    "measure_values",
    "normalized_errors",
]

_TOLERANCE_KINDS = ("band", "lower_bound", "upper_bound")
_REQUIRED = ("id", "figure", "value", "unit", "period", "phrase", "source", "measure", "tolerance")


class TargetError(ValueError):
    """A targets file or target selection that cannot be used."""


@dataclass(frozen=True)
class Target:
    """One reported figure the model is compared with.

    Attributes:
        id: Unique id, starting with the FIGURES.md id (``"ext."`` for external figures).
        figure: The FIGURES.md id, or ``"ext"``.
        value: The reported number.
        unit: What it counts.
        period: Year or years it refers to.
        phrase: The seed's original phrase (or the external source's words).
        source: ``seed:<id>`` or a citation.
        measure: The model output it maps to.
        kind: ``"band"``, ``"lower_bound"`` or ``"upper_bound"``.
        low: Lowest accepted value (``-inf`` for an upper bound).
        high: Highest accepted value (``inf`` for an open lower bound).
        scale: Divides errors to make them comparable across targets (default ``|value|``).
        plan: A planned figure: reported, never fitted.
        input: Money put in (a program's budget spent), or a figure a parameter's range is
            taken from: it passes by construction, so it is checked and reported but not
            counted among the outcome targets.
        reading: How an ambiguous figure is read.
    """

    id: str
    figure: str
    value: float
    unit: str
    period: str
    phrase: str
    source: str
    measure: Mapping[str, Any]
    kind: str
    low: float
    high: float
    scale: float
    plan: bool = False
    input: bool = False
    reading: str = ""

    @property
    def outcome(self) -> bool:
        """Whether the target is an outcome the model produces (not money put in, not a plan)."""
        return not (self.input or self.plan)

    def gap(self, simulated: float) -> float:
        """Distance from ``simulated`` to the tolerance interval (0 inside, NaN if unknown).

        Gaps below a billionth of the scale are rounding (a 90% share computed as
        0.8999999999999999), not misses.
        """
        if math.isnan(simulated):
            return math.nan
        gap = max(self.low - simulated, 0.0, simulated - self.high)
        return 0.0 if gap <= 1e-9 * self.scale else gap

    def error(self, simulated: float) -> float:
        """Normalized error: the gap to the tolerance over ``scale`` (0 inside)."""
        return self.gap(simulated) / self.scale

    def passes(self, simulated: float) -> bool:
        """Whether ``simulated`` lies inside the tolerance."""
        return not math.isnan(simulated) and self.gap(simulated) == 0.0

    def tolerance_text(self) -> str:
        """The tolerance as short text, e.g. ``"[980, 990]"`` or ``"<= 0.03"``."""
        if self.kind == "upper_bound":
            return f"<= {self.high:,.4g}"
        if math.isinf(self.high):
            return f">= {self.low:,.4g}"
        return f"[{self.low:,.4g}, {self.high:,.4g}]"


@dataclass(frozen=True)
class TargetSet:
    """The targets of a targets file, with its program-name table and named sets.

    Attributes:
        targets: Every target, in file order.
        programs: Program names by role (``[programs]``), used by the measures.
        holdout: Ids held out of the fit by default.
        not_producible: ``{figure id: reason}`` for figures the model cannot produce.
        path: The file read.
    """

    targets: tuple[Target, ...]
    programs: Mapping[str, str]
    holdout: tuple[str, ...] = ()
    not_producible: Mapping[str, str] = field(default_factory=dict)
    path: str = ""

    def __iter__(self):
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    @property
    def ids(self) -> list[str]:
        """Target ids, in file order."""
        return [t.id for t in self.targets]

    def get(self, target_id: str) -> Target:
        """Return the target ``target_id``; raise ``TargetError`` if unknown."""
        for target in self.targets:
            if target.id == target_id:
                return target
        raise TargetError(f"{self.path}: unknown target id {target_id!r}")

    def select(self, ids: Iterable[str]) -> list[Target]:
        """Return the targets named by ``ids`` (ids, prefixes such as ``egg.379``, or globs).

        Raises:
            TargetError: If a name matches no target.
        """
        chosen: list[Target] = []
        for name in ids:
            found = [
                t
                for t in self.targets
                if t.id == name or t.id.startswith(name + ".") or fnmatch.fnmatchcase(t.id, name)
            ]
            if not found:
                raise TargetError(f"{self.path}: no target id or prefix {name!r}")
            chosen += [t for t in found if t not in chosen]
        return chosen

    def fit_targets(
        self, ids: Sequence[str] | None = None, holdout: Sequence[str] | None = None
    ) -> tuple[list[Target], list[Target]]:
        """Split targets into the fitted set and the held-out set.

        Args:
            ids: Targets to fit (ids or prefixes); None: every non-plan target.
            holdout: Targets to hold out; None: the file's default holdout set.

        Returns:
            ``(fitted, held_out)``; plan targets are never fitted.
        """
        held = self.select(self.holdout if holdout is None else holdout)
        pool = self.select(ids) if ids is not None else list(self.targets)
        fitted = [t for t in pool if t not in held and not t.plan]
        return fitted, held


def _as_float(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TargetError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _parse_target(entry: Mapping[str, Any], programs: Mapping[str, str], where: str) -> Target:
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise TargetError(f"{where}: missing {', '.join(missing)}")
    where = f"{where} ({entry['id']})"
    for key in ("id", "figure", "unit", "period", "phrase", "source"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise TargetError(f"{where}: {key}: expected non-empty text, got {entry[key]!r}")
    value = _as_float(entry["value"], f"{where}: value")
    try:
        validate_measure(entry["measure"], programs, f"{where}: measure")
    except MeasureError as exc:
        raise TargetError(str(exc)) from None
    tolerance = entry["tolerance"]
    kind = tolerance.get("kind")
    if kind not in _TOLERANCE_KINDS:
        raise TargetError(
            f"{where}: tolerance.kind: expected one of {', '.join(_TOLERANCE_KINDS)}, got {kind!r}"
        )
    low = -math.inf if kind == "upper_bound" else _as_float(tolerance.get("low"), f"{where}: low")
    high = (
        _as_float(tolerance["high"], f"{where}: tolerance.high")
        if "high" in tolerance
        else math.inf
    )
    if kind in ("band", "upper_bound") and math.isinf(high):
        raise TargetError(f"{where}: tolerance.high: needed for kind {kind!r}")
    if low > high:
        raise TargetError(f"{where}: tolerance: low {low} is above high {high}")
    default_scale = abs(value) if value != 0 else (abs(high) if math.isfinite(high) else 1.0)
    scale = _as_float(entry.get("scale", default_scale), f"{where}: scale")
    if scale <= 0:
        raise TargetError(f"{where}: scale: expected a positive number, got {scale}")
    return Target(
        id=entry["id"],
        figure=entry["figure"],
        value=value,
        unit=entry["unit"],
        period=str(entry["period"]),
        phrase=entry["phrase"],
        source=entry["source"],
        measure=entry["measure"],
        kind=kind,
        low=low,
        high=high,
        scale=scale,
        plan=bool(entry.get("plan", False)),
        input=bool(entry.get("input", False)),
        reading=entry.get("reading", ""),
    )


def load_targets(path: str | Path | None = None) -> TargetSet:
    """Read and check a targets file (default: the shipped ``data/targets.toml``).

    Raises:
        TargetError: With the file, the target and the key at fault, on one line.
    """
    if path is None:
        text = resources.files("model.data").joinpath("targets.toml").read_text("utf-8")
        name = "targets.toml"
    else:
        path = Path(path)
        if not path.is_file():
            raise TargetError(f"{path}: file not found")
        text, name = path.read_text("utf-8"), str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TargetError(f"{name}: TOML syntax error: {exc}") from None
    programs = data.get("programs", {})
    if not all(isinstance(v, str) for v in programs.values()):
        raise TargetError(f"{name}: [programs]: expected program names as text")
    targets = [
        _parse_target(entry, programs, f"{name}: target {i + 1}")
        for i, entry in enumerate(data.get("target", []))
    ]
    ids = [t.id for t in targets]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TargetError(f"{name}: target ids defined twice: {', '.join(duplicates)}")
    not_producible = {}
    for i, entry in enumerate(data.get("not_producible", [])):
        if not entry.get("figure") or not str(entry.get("reason", "")).strip():
            raise TargetError(f"{name}: not_producible {i + 1}: needs a figure and a reason")
        not_producible[entry["figure"]] = entry["reason"]
    result = TargetSet(tuple(targets), programs, (), not_producible, name)
    holdout = tuple(data.get("sets", {}).get("holdout", ()))
    result.select(holdout)  # every holdout name must match a target
    return TargetSet(tuple(targets), programs, holdout, not_producible, name)


def measure_values(result: RunResult, targets: Iterable[Target], programs: Mapping[str, str]):
    """Evaluate each target's measure on one run: ``{id: (value, status)}``."""
    out = {}
    tables = RunTables(result)  # indexed once for every measure
    for target in targets:
        found = evaluate_measure(result, target.measure, programs, tables)
        out[target.id] = (found.value, found.status)
    return out


def normalized_errors(targets: Iterable[Target], values: Mapping[str, float]) -> dict[str, float]:
    """Normalized error of each target whose value is known (NaN values are left out)."""
    errors = {}
    for target in targets:
        value = values.get(target.id, math.nan)
        if not math.isnan(value):
            errors[target.id] = target.error(value)
    return errors


def evaluate_targets(
    results: RunResult | Sequence[RunResult] | Sequence[Mapping[str, tuple[float, str]]],
    targets: TargetSet | None = None,
    ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Evaluate targets on one run or an ensemble.

    Args:
        results: A run, a list of runs, or a list of ``measure_values`` outputs.
        targets: The target set (default: the shipped file).
        ids: Restrict to these ids or prefixes.

    Returns:
        One row per target: id, figure, reported, unit, tolerance, median, q05, q95, runs
        (runs with a value), error (signed, over scale), gap_error (normalized gap to the
        tolerance), passed, status (``"ok"``, ``"miss"`` or why not available).
    """
    targets = targets or load_targets()
    chosen = targets.select(ids) if ids is not None else list(targets)
    if isinstance(results, RunResult):
        results = [results]
    per_run = [
        r if isinstance(r, Mapping) else measure_values(r, chosen, targets.programs)
        for r in results
    ]
    rows = []
    for target in chosen:
        values = np.array([run[target.id][0] for run in per_run], dtype=float)
        statuses = [run[target.id][1] for run in per_run]
        known = values[~np.isnan(values)]
        if known.size:
            median = float(np.median(known))
            q05, q95 = (float(q) for q in np.quantile(known, [0.05, 0.95]))
            passed = target.passes(median)
            status = "ok" if passed else "miss"
        else:
            median = q05 = q95 = math.nan
            passed = False
            status = next((s for s in statuses if s != "ok"), "no value")
        rows.append(
            {
                "id": target.id,
                "figure": target.figure,
                "reported": target.value,
                "unit": target.unit,
                "period": target.period,
                "tolerance": target.tolerance_text(),
                "median": median,
                "q05": q05,
                "q95": q95,
                "runs": int(known.size),
                "error": (median - target.value) / target.scale,
                "gap_error": target.error(median),
                "passed": passed,
                "plan": target.plan,
                "outcome": target.outcome,
                "status": status,
            }
        )
    return pd.DataFrame(rows)
