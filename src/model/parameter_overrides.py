"""A scenario's overrides of default parameters, checked against the defaults before a run.

``[parameters]`` in a scenario (or ``parameters.<key>`` in ``--set`` and ``with_overrides``)
replaces a default parameter by its dotted key. Each override must name a known parameter, have
the default's kind (a number, a table by year, a list of the same length), and keep every number
within the parameter's limits (``model.limits``); a list of shares that adds up to one stays a
distribution, and groups of shares that must add up to one still do. The first problem is raised
as a ``ScenarioError`` naming the file, the key and what was expected.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from model.errors import ScenarioError
from model.limits import SUM_TO_ONE, parameter_limits
from model.parameters import default_parameters

__all__ = ["YEAR_KEYS", "check_parameter_overrides"]

#: Years a parameter's series by year may name.
YEAR_KEYS = (2000, 2050)


def check_parameter_overrides(overrides: Mapping[str, Any], source: str | Path) -> None:
    """Raise a ``ScenarioError`` for the first override that cannot be used.

    Args:
        overrides: ``{dotted parameter key: value}``.
        source: Where the overrides came from (a file, ``"--set"``, ...), for the message.

    Raises:
        ScenarioError: An unknown key (with the closest known one), a value of another kind than
            the default's, a number outside its limits, a year outside ``YEAR_KEYS``, a list of
            the wrong length, or shares that no longer add up to one.
    """
    defaults = default_parameters()
    for key, value in overrides.items():
        where = f"parameters.{key}"
        if key not in defaults:
            close = difflib.get_close_matches(key, list(defaults), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ScenarioError(source, where, f"unknown parameter{hint}")
        parameter = defaults[key]
        default = parameter.value
        if type(value) is not type(default) and not (
            isinstance(default, float | int) and isinstance(value, float | int)
        ):
            kind = {dict: "a table by year", list: "a list"}.get(type(default), "a number")
            raise ScenarioError(source, where, f"expected {kind}, got {value!r}")
        limits = parameter_limits(key, default, parameter.unit, parameter.range)
        for at, number in _numbers(where, value, default, limits, source):
            problem = limits.problem(number)
            if problem is not None:
                raise ScenarioError(source, at, f"{problem} ({limits.why})")
    for group in SUM_TO_ONE:
        if any(key in overrides for key in group):
            values = [overrides.get(key, defaults.value(key)) for key in group]
            if abs(sum(values) - 1.0) > 1e-6:
                raise ScenarioError(
                    source,
                    f"parameters.{next(key for key in group if key in overrides)}",
                    f"{' + '.join(group)} must add up to 1, got {sum(values):g}",
                )


def _numbers(
    where: str, value: Any, default: Any, limits: Any, source: str | Path
) -> list[tuple[str, Any]]:
    """The numbers of a parameter override, each with the key an error would name."""
    if isinstance(value, dict):
        if not value:
            raise ScenarioError(source, where, "expected at least one year, got {}")
        for year in value:
            if not YEAR_KEYS[0] <= year <= YEAR_KEYS[1]:
                raise ScenarioError(
                    source, f"{where}.{year}", f"expected a year {YEAR_KEYS[0]}-{YEAR_KEYS[1]}"
                )
        return [(f"{where}.{year}", number) for year, number in value.items()]
    if not isinstance(value, list):
        return [(where, value)]
    # Months and labels are sets of any size; other lists have one number per category.
    free = limits.why in ("a calendar month", "a label or size the county is built with")
    if not value or (not free and len(value) != len(default)):
        size = "at least one number" if free else f"a list of {len(default)} numbers"
        raise ScenarioError(source, where, f"expected {size}, got {value!r}")
    items = [(f"{where}[{i}]", number) for i, number in enumerate(value)]
    # A list of shares or probabilities that adds up to one is a distribution: keep it one.
    if limits.why == "a share or probability" and abs(sum(default) - 1.0) < 1e-9:
        total = sum(n for _, n in items if isinstance(n, int | float) and math.isfinite(n))
        if all(limits.problem(n) is None for _, n in items) and abs(total - 1.0) > 1e-6:
            raise ScenarioError(
                source, where, f"expected shares that add up to 1 (a distribution), got {value!r}"
            )
    return items
