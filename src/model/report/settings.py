"""What a report says about its scenario: the question it asks and what it changes.

The question is the scenario file's opening comment (``# Question: ...``); the changes are the
scenario's settings that differ from the schema's defaults (and, with a baseline, from it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from model.scenario import Scenario

__all__ = ["flatten", "scenario_question", "settings_rows"]

#: Keys that name a scenario rather than set it; shown in the title, not in the diff.
_NAMING_KEYS = ("name", "description")


def scenario_question(path: str | Path | None) -> str:
    """The opening comment block of a scenario file, without the ``#`` marks.

    Scenario files start with a comment stating their question ("Question: what if ...").
    Returns an empty string for no file, or a file that does not start with a comment.
    """
    if path is None or not Path(path).is_file():
        return ""
    lines = []
    for line in Path(path).read_text("utf-8", errors="replace").splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        lines.append(stripped.lstrip("#").strip())
    return " ".join(part for part in lines if part)


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested settings as ``{dotted.key: value}``; lists and scalars are leaves."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def _text(value: Any) -> str:
    if value is _UNSET:
        return "(not set)"
    if value is None:
        return "(parameter default)"
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


_UNSET = object()


def settings_rows(scenario: Scenario, baseline: Scenario | None = None) -> list[dict[str, str]]:
    """The settings of ``scenario`` that differ from the defaults (or from ``baseline``).

    Args:
        scenario: The scenario reported on.
        baseline: The scenario it is compared with, if any; its column is added, and a key is
            listed when it differs from the defaults on either side or between the two.

    Returns:
        One row per dotted key, sorted: ``key``, ``default``, ``scenario`` (and ``baseline``).
    """
    defaults = flatten(Scenario().model_dump(mode="json"))
    sides = {"scenario": flatten(scenario.model_dump(mode="json"))}
    if baseline is not None:
        sides["baseline"] = flatten(baseline.model_dump(mode="json"))
    keys = sorted(set(defaults).union(*sides.values()) - set(_NAMING_KEYS))
    rows = []
    for key in keys:
        values = {name: flat.get(key, _UNSET) for name, flat in sides.items()}
        default = defaults.get(key, _UNSET)
        if all(value == default for value in values.values()):
            continue
        rows.append(
            {"key": key, "default": _text(default)} | {n: _text(v) for n, v in values.items()}
        )
    return rows
