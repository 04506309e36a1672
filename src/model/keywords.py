"""LinxiModel's keywords as scenario overrides, each validated like a value of a scenario file.

``LinxiModel(scenario, households=..., parameters={...}, overrides={...}, **levers)`` applies, in
this order, any scenario keys (``overrides``), default parameters by dotted key
(``parameters``), the plain keyword levers (``model.scenario.KEYWORD_LEVERS``) and the
population size, so that a bad key or value raises the same one-line ``ScenarioError`` a file
would, naming the keyword it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from model.errors import ScenarioError
from model.scenario import KEYWORD_LEVERS, Scenario, load_scenario

__all__ = ["scenario_with_keywords"]


def scenario_with_keywords(
    scenario: str | Path | Scenario | None,
    levers: Mapping[str, Any],
    parameters: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    households: int | None = None,
) -> Scenario:
    """A scenario with ``LinxiModel``'s keywords applied, each validated like a file's values.

    Args:
        scenario: A scenario file, a ``Scenario``, or None for the baseline defaults.
        levers: Keyword levers (``KEYWORD_LEVERS``), e.g. ``{"share_poor_staff": 0.5}``.
        parameters: Default parameters by dotted key, with or without ``parameters.``.
        overrides: Any scenario keys by dotted path.
        households: Simulated households (``run.households``), or None.

    Raises:
        TypeError: For a keyword that is not a lever (as Python does for unknown keywords).
        ScenarioError: For a bad key or value, naming which keyword it came from.
    """
    unknown = sorted(set(levers) - set(KEYWORD_LEVERS))
    if unknown:
        raise TypeError(
            f"unknown keyword(s) {', '.join(unknown)}; levers are: {', '.join(KEYWORD_LEVERS)}; "
            "a default parameter goes in parameters={'egg_farm.rent_rate': 0.08}, any scenario "
            "key in overrides={'families.industry.funding_scale': 2}"
        )
    if scenario is None:
        config = Scenario(name="baseline")
    elif isinstance(scenario, Scenario):
        config = scenario
    else:
        config = load_scenario(scenario)
    parameter_paths = {
        f"parameters.{key.removeprefix('parameters.')}": value
        for key, value in _mapping(parameters, "parameters").items()
    }
    for source, values in (
        ("LinxiModel(overrides=...)", _mapping(overrides, "overrides")),
        ("LinxiModel(parameters=...)", parameter_paths),
        ("LinxiModel keywords", {KEYWORD_LEVERS[k]: v for k, v in levers.items()}),
        ("LinxiModel keywords", {"run.households": households}),
    ):
        values = {key: value for key, value in values.items() if value is not None}
        if values:
            config = config.with_overrides(values, source=source)
    return config


def _mapping(values: Any, name: str) -> Mapping[str, Any]:
    if values is None:
        return {}
    if not isinstance(values, Mapping) or not all(isinstance(k, str) for k in values):
        raise ScenarioError(
            f"LinxiModel({name}=...)", "", f"expected a dict of dotted keys, got {values!r}"
        )
    return values
