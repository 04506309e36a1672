"""Default parameters: values with units, sources and plausible ranges, read from data files.

Parameters live in ``data/parameters.toml`` (the county, households, work, transfers, health,
targeting), in one file per household mechanism under ``data/economy/`` (``crops.toml``,
``herds.toml``, ``weather.toml``, ``demography.toml``) and in one file per program family under
``data/programs/`` (``industry.toml``, ``jobs.toml``, ...). Each entry is a table with ``value``,
``unit``, ``source`` and ``range``; a key defined in two files is an error. If
``data/calibrated.toml`` exists, its ``[values]`` table replaces the values of the keys it names
(the calibrated point estimate), keeping their units and ranges and noting the calibration in their
source. A value is a number, a list of numbers, or a table of numbers by year; a yearly series is
interpolated linearly between the years it gives and held flat outside them.
"""

from __future__ import annotations

import bisect
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Parameter", "Parameters", "default_parameters"]

Value = float | int | list[float] | dict[int, float]


@dataclass(frozen=True)
class Parameter:
    """One model parameter with its provenance.

    Attributes:
        key: Dotted name, e.g. ``"egg_farm.rent_rate"``.
        value: A number, a list, or a ``{year: number}`` series.
        unit: What the number measures.
        source: A seed figure id, a citation, or "assumed" with the reasoning.
        range: A plausible ``(low, high)`` interval.
    """

    key: str
    value: Value
    unit: str
    source: str
    range: tuple[float, float]

    @property
    def is_series(self) -> bool:
        """Whether the value is a series by year."""
        return isinstance(self.value, dict)


def _year_value(series: Mapping[int, float], year: float) -> float:
    years = sorted(series)
    if year <= years[0]:
        return float(series[years[0]])
    if year >= years[-1]:
        return float(series[years[-1]])
    # the first pair of years around ``year``: a given year is the end of the pair before it
    # (bisected, rather than every pair tried in turn)
    after = bisect.bisect_left(years, year)
    low, high = years[after - 1], years[after]
    weight = (year - low) / (high - low)
    return float(series[low] + weight * (series[high] - series[low]))


def _parse_entry(key: str, entry: Mapping[str, Any]) -> Parameter:
    missing = {"value", "unit", "source", "range"} - set(entry)
    if missing:
        raise ValueError(f"parameters.toml: {key}: missing {', '.join(sorted(missing))}")
    value = entry["value"]
    if isinstance(value, dict):
        value = {int(year): float(v) for year, v in value.items()}
    low, high = entry["range"]
    return Parameter(key, value, entry["unit"], entry["source"], (float(low), float(high)))


def _walk(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    for name, item in table.items():
        key = f"{prefix}{name}"
        if isinstance(item, dict) and "value" in item:
            yield key, item
        elif isinstance(item, dict):
            yield from _walk(item, prefix=f"{key}.")
        else:
            raise ValueError(f"parameters.toml: {key}: expected a table with value, unit, source")


class Parameters(Mapping[str, Parameter]):
    """A read-only set of parameters, with scenario overrides applied.

    Args:
        entries: Parameters by dotted key.
    """

    def __init__(self, entries: Mapping[str, Parameter]) -> None:
        self._entries = dict(entries)
        #: Values of ``at`` already worked out, by key and year (the rules ask every month).
        self._at: dict[tuple[str, float], float] = {}

    def __getitem__(self, key: str) -> Parameter:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def value(self, key: str) -> Any:
        """Return the raw value of ``key`` (a number, list or year series)."""
        return self._entries[key].value

    def at(self, key: str, year: float) -> float:
        """Return the value of ``key`` in ``year``, interpolating a yearly series."""
        found = self._at.get((key, year))
        if found is not None:
            return found
        value = self._entries[key].value
        if isinstance(value, dict):
            result = _year_value(value, year)
        elif isinstance(value, list):
            raise TypeError(f"parameter {key} is a list, not a number")
        else:
            result = float(value)
        self._at[(key, year)] = result
        return result

    def group(self, prefix: str) -> dict[str, Value]:
        """Return the values of every key under ``prefix`` (e.g. ``"egg_farm"``), by short name."""
        start = prefix.rstrip(".") + "."
        return {
            key.removeprefix(start): entry.value
            for key, entry in self._entries.items()
            if key.startswith(start)
        }

    def with_overrides(self, overrides: Mapping[str, Value]) -> Parameters:
        """Return a copy with some values replaced; keys must already exist.

        Args:
            overrides: New values by dotted key.

        Raises:
            KeyError: If a key is not a known parameter.
        """
        entries = dict(self._entries)
        for key, value in overrides.items():
            if key not in entries:
                raise KeyError(key)
            old = entries[key]
            if isinstance(value, dict):
                value = {int(year): float(v) for year, v in value.items()}
            entries[key] = Parameter(key, value, old.unit, old.source + " [overridden]", old.range)
        return Parameters(entries)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{key: value}`` with year keys as strings, ready for JSON."""
        out: dict[str, Any] = {}
        for key, parameter in self._entries.items():
            value = parameter.value
            if isinstance(value, dict):
                value = {str(year): v for year, v in value.items()}
            out[key] = value
        return out


def _read_file(name: str, text: str) -> dict[str, Parameter]:
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{name}: TOML syntax error: {exc}") from None
    return {key: _parse_entry(key, entry) for key, entry in _walk(table)}


def _apply_calibration(entries: dict[str, Parameter], text: str) -> None:
    table = tomllib.loads(text)
    note = table.get("source", "calibrated point estimate (docs/calibration.md)")
    for key, value in table.get("values", {}).items():
        if key not in entries:
            raise ValueError(f"calibrated.toml: values.{key}: not a known parameter")
        old = entries[key]
        if isinstance(value, dict):
            value = {int(year): float(v) for year, v in value.items()}
        entries[key] = Parameter(key, value, old.unit, f"{note}; prior: {old.source}", old.range)


#: Folders of ``data/`` holding parameter files besides ``parameters.toml``.
_FOLDERS = ("economy", "programs")


@cache
def _load_defaults() -> Parameters:
    data = resources.files("model.data")
    files = [("parameters.toml", data.joinpath("parameters.toml"))]
    for folder in _FOLDERS:
        directory = data.joinpath(folder)
        if directory.is_dir():
            files += sorted(
                (f"{folder}/{item.name}", item)
                for item in directory.iterdir()
                if item.name.endswith(".toml")
            )
    entries: dict[str, Parameter] = {}
    for name, item in files:
        for key, parameter in _read_file(name, item.read_text("utf-8")).items():
            if key in entries:
                raise ValueError(f"{name}: {key}: already defined in another parameter file")
            entries[key] = parameter
    calibrated = data.joinpath("calibrated.toml")
    if calibrated.is_file():
        _apply_calibration(entries, calibrated.read_text("utf-8"))
    return Parameters(entries)


def default_parameters() -> Parameters:
    """Return the shipped default parameters (read once, then cached)."""
    return _load_defaults()
