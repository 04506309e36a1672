"""Free parameters of the calibration and their priors.

A parameter is free when its ``source`` starts with "assumed" or calls its value an estimate, or
when ``data/calibration.toml`` lists it as uncertain; parameters whose range is a single value are
fixed. A scalar is fitted directly, with a uniform prior over its ``range``. A yearly series or a
list is fitted through one multiplier on all its values (``"<key>:scale"``) whose prior keeps
every value inside the parameter's range. Integer parameters are rounded.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from model.parameters import Parameter, Parameters, default_parameters

__all__ = [
    "FreeParameter",
    "FreeParameterError",
    "calibration_settings",
    "eligible_keys",
    "free_parameters",
    "to_overrides",
]

SCALE_SUFFIX = ":scale"


class FreeParameterError(ValueError):
    """A free-parameter name that is unknown, fixed, or not eligible."""


@dataclass(frozen=True)
class FreeParameter:
    """One fitted quantity.

    Attributes:
        name: ``"<key>"`` for a scalar, ``"<key>:scale"`` for a multiplier on a series or list.
        key: The dotted parameter key.
        low: Lower end of the uniform prior.
        high: Upper end of the uniform prior.
        default: The shipped value (1.0 for a multiplier).
        integer: Whether the value is rounded to an integer.
    """

    name: str
    key: str
    low: float
    high: float
    default: float
    integer: bool = False

    @property
    def is_scale(self) -> bool:
        """Whether this is a multiplier on a series or list."""
        return self.name.endswith(SCALE_SUFFIX)

    def clip(self, value: float) -> float:
        """Keep ``value`` inside the prior (and round an integer parameter)."""
        value = min(max(float(value), self.low), self.high)
        return float(round(value)) if self.integer else value

    def override(self, value: float, params: Parameters) -> Any:
        """The parameter value to put in a scenario for a fitted ``value``."""
        value = self.clip(value)
        if not self.is_scale:
            return int(value) if self.integer else value
        current = params.value(self.key)
        low, high = params[self.key].range

        def scaled(v: float) -> float:  # rounding must not push a value out of its range
            return min(max(v * value, low), high)

        if isinstance(current, dict):
            return {year: scaled(v) for year, v in current.items()}
        return [scaled(v) for v in current]


def calibration_settings() -> dict[str, Any]:
    """Read the shipped ``data/calibration.toml`` (default list and uncertain keys)."""
    text = resources.files("model.data").joinpath("calibration.toml").read_text("utf-8")
    return tomllib.loads(text)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _eligible(parameter: Parameter, uncertain: Iterable[str]) -> bool:
    source = parameter.source.lower()
    marked = (
        source.startswith("assumed")
        or "estimate" in source
        or any(fnmatch.fnmatchcase(parameter.key, pattern) for pattern in uncertain)
    )
    low, high = parameter.range
    return marked and low < high


def eligible_keys(params: Parameters | None = None) -> list[str]:
    """Names of every parameter the calibration may fit (scalars and ``:scale`` multipliers)."""
    params = params or default_parameters()
    uncertain = calibration_settings().get("uncertain", [])
    names = []
    for key, parameter in params.items():
        if _eligible(parameter, uncertain):
            names.append(key if _is_number(parameter.value) else key + SCALE_SUFFIX)
    return names


def _make(name: str, params: Parameters) -> FreeParameter:
    key = name.removesuffix(SCALE_SUFFIX)
    parameter = params[key]
    low, high = parameter.range
    if name.endswith(SCALE_SUFFIX):
        values = parameter.value.values() if parameter.is_series else parameter.value
        values = [float(v) for v in values]
        if min(values) <= 0:
            raise FreeParameterError(f"{name}: a multiplier needs positive values")
        return FreeParameter(name, key, low / min(values), high / max(values), 1.0)
    integer = isinstance(parameter.value, int) and float(low).is_integer()
    return FreeParameter(name, key, low, high, float(parameter.value), integer)


def free_parameters(
    names: Sequence[str] | None = None, params: Parameters | None = None
) -> list[FreeParameter]:
    """The free parameters to fit, with their priors.

    Args:
        names: Parameter names (``key``, ``key:scale``, or glob patterns over eligible names);
            None: the default list of ``data/calibration.toml``, skipping keys the model lacks.
        params: The parameters to read ranges and values from (default: shipped defaults).

    Raises:
        FreeParameterError: If an explicit name is unknown, fixed, or not eligible.
    """
    params = params or default_parameters()
    eligible = eligible_keys(params)
    explicit = names is not None
    wanted = list(names) if explicit else list(calibration_settings().get("default", []))
    chosen: list[str] = []
    for name in wanted:
        matches = [n for n in eligible if fnmatch.fnmatchcase(n, name)]
        if not matches:
            if not explicit:
                continue  # a default key of a program not (yet) in the model
            key = name.removesuffix(SCALE_SUFFIX)
            if key not in params:
                raise FreeParameterError(f"{name}: not a parameter of the model")
            form = key if _is_number(params.value(key)) else key + SCALE_SUFFIX
            raise FreeParameterError(
                f"{name}: not a free parameter (eligible form: {form!r}; free means a source "
                "starting with 'assumed' or saying 'estimate', or listed as uncertain in "
                "calibration.toml, and a range wider than one value)"
            )
        chosen += [m for m in matches if m not in chosen]
    return [_make(name, params) for name in chosen]


def to_overrides(
    free: Sequence[FreeParameter], point: Mapping[str, float], params: Parameters | None = None
) -> dict[str, Any]:
    """Turn fitted values ``{name: value}`` into parameter overrides ``{key: value}``."""
    params = params or default_parameters()
    return {p.key: p.override(point[p.name], params) for p in free if p.name in point}
