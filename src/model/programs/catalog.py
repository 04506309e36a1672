"""The catalogue of aid programs: every program the model builds, by family.

Each family module (``model.programs.industry``, ``...jobs``, ...) lists its programs in a
``PROGRAMS`` tuple of ``ProgramSpec``. The county model builds one program per spec, in catalogue
order; the scenario schema offers ``programs.<name>`` settings for each spec and
``families.<family>`` settings for each family.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from model.programs.settings import ProgramSettings

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.base import AidProgram

__all__ = ["FAMILIES", "ProgramSpec", "program_specs", "spec"]

#: Program families, as the account groups them (see docs/ODD.md), plus the cash counterfactual.
FAMILIES: tuple[str, ...] = (
    "industry",
    "consumption",
    "services",
    "jobs",
    "capacity",
    "society",
    "cash",
)

#: Modules holding the specs, in build order.
_FAMILY_MODULES: tuple[str, ...] = (
    "model.programs.egg_farm",
    "model.programs.industry",
    "model.programs.consumption",
    "model.programs.services",
    "model.programs.jobs",
    "model.programs.capacity",
    "model.programs.society",
    "model.programs.cash",
)

Builder = Callable[
    ["LinxiModel", "ProgramSpec", ProgramSettings, Mapping[int, float]], "AidProgram"
]


@dataclass(frozen=True)
class ProgramSpec:
    """How to build one program.

    Attributes:
        name: Short name: the scenario key ``programs.<name>``, the ``program`` column of
            ``programs.csv`` and the prefix of its parameters (``<name>.aid_funding_yuan``).
        family: One of ``FAMILIES``.
        build: ``build(model, spec, settings, budget)`` returns the program (and adds any
            firm it runs to ``model.enterprises``).
        settings: The pydantic settings class of the program.
        summary: One line: what the money buys and whom it reaches.
        reaches_households: False for a program that acts only through the county (capacity
            building): its ``programs.csv`` rows show spending and no beneficiaries.
    """

    name: str
    family: str
    build: Builder
    settings: type[ProgramSettings] = ProgramSettings
    summary: str = ""
    reaches_households: bool = True


@cache
def program_specs() -> tuple[ProgramSpec, ...]:
    """Return every program spec, in build order (checked for unique names and known families)."""
    specs: list[ProgramSpec] = []
    for module_name in _FAMILY_MODULES:
        module = importlib.import_module(module_name)
        specs.extend(getattr(module, "PROGRAMS", ()))
    names = [s.name for s in specs]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"program names defined twice: {', '.join(sorted(duplicates))}")
    unknown = {s.family for s in specs} - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown program families: {', '.join(sorted(unknown))}")
    return tuple(specs)


def spec(name: str) -> ProgramSpec:
    """Return the spec of the program called ``name``."""
    for item in program_specs():
        if item.name == name:
            return item
    raise KeyError(name)
