"""Programs of the industry family (产业帮扶), besides the egg farm (``programs.egg_farm``).

* ``greenhouses``: the Dakang facility-agriculture park (``programs.greenhouses``).
* ``cattle_breeding``: Angus breeding stock for cattle keepers (``programs.cattle``).
* ``slaughter_plant``: the Shounong slaughter plant, run by a firm (``programs.cattle``,
  ``enterprises.slaughter_plant``).
* ``field_workshops``: the dehydrated-vegetable plant and the seedling factory, each run by a
  firm (``programs.workshops``, ``enterprises.field_workshop``).
* ``herbs``: herb growing in Shangsheng village; the account lists it under society
  (seed:social.herbs) but it is an industry project (``programs.herbs``).
* ``ca_store``: the Xinchengzi controlled-atmosphere store (``programs.ca_store``).

Each program's parameters are ``<name>.*`` in ``data/programs/industry.toml``; its default
budget is ``<name>.aid_funding_yuan``. The family's equations are in docs/ODD.md (7.9).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from model.enterprises.field_workshop import FieldWorkshop
from model.enterprises.slaughter_plant import SlaughterPlant
from model.programs.ca_store import ControlledAtmosphereStore
from model.programs.catalog import ProgramSpec
from model.programs.cattle import CattleBreeding, SlaughterPlantProgram
from model.programs.greenhouses import Greenhouses
from model.programs.herbs import Herbs
from model.programs.settings import ProgramSettings
from model.programs.workshops import KINDS, FieldWorkshops

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.base import AidProgram

__all__ = [
    "PROGRAMS",
    "CattleBreeding",
    "ControlledAtmosphereStore",
    "FieldWorkshops",
    "Greenhouses",
    "Herbs",
    "SlaughterPlantProgram",
]


def _greenhouses(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return Greenhouses(model, budget)


def _cattle_breeding(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return CattleBreeding(model, budget)


def _slaughter_plant(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    program = SlaughterPlantProgram(model, budget)
    model.enterprises.append(SlaughterPlant(model, program, fail_year=settings.fail_year))
    return program


def _field_workshops(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    program = FieldWorkshops(model, budget)
    for kind in KINDS:
        firm = FieldWorkshop(model, program, kind, fail_year=settings.fail_year)
        program.firms.append(firm)
        model.enterprises.append(firm)
    return program


def _herbs(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return Herbs(model, budget)


def _ca_store(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return ControlledAtmosphereStore(model, budget)


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "greenhouses",
        "industry",
        _greenhouses,
        ProgramSettings,
        "Aid with private money builds the Dakang greenhouse park: operators' income, land rent, "
        "seasonal wages near the park.",
    ),
    ProgramSpec(
        "cattle_breeding",
        "industry",
        _cattle_breeding,
        ProgramSettings,
        "Aid upgrades cattle keepers' herds to Angus crosses, poor first: a premium per head.",
    ),
    ProgramSpec(
        "slaughter_plant",
        "industry",
        _slaughter_plant,
        ProgramSettings,
        "Aid builds the Shounong slaughter plant leased to a firm: jobs, premiums to cattle "
        "keepers, rent paid to the poor.",
    ),
    ProgramSpec(
        "field_workshops",
        "industry",
        _field_workshops,
        ProgramSettings,
        "Aid builds a dehydrated-vegetable plant and a seedling factory run by firms: seasonal "
        "jobs, land rent, linked growers.",
    ),
    ProgramSpec(
        "herbs",
        "industry",
        _herbs,
        ProgramSettings,
        "Aid plants herbs on village households' dry land, poor first: a gain over corn per mu.",
    ),
    ProgramSpec(
        "ca_store",
        "industry",
        _ca_store,
        ProgramSettings,
        "Aid builds a controlled-atmosphere store: growers sell off-season at better prices.",
    ),
)
