"""Programs of the basic-services family (seed:infra.*, seed:health.program).

* ``schools``: school buildings; childcare places free parents' working time, the training
  building trains adults, schooling gains are reported (``programs.schools``).
* ``health``: medical aid pays a share of registered households' medical costs; staff training
  (``programs.health``).
* ``health_buildings``: an upgraded township hospital speeds recovery from chronic illness
  (``programs.health_buildings``).
* ``relocation``: remote poor households move near roads and towns (``programs.relocation``).
* ``tap_water``: poor households of remote villages get tap water and save time
  (``programs.tap_water``).

Each module's docstring gives the equations; docs/ODD.md (section 7.11) the parameters.
"""

from __future__ import annotations

from model.programs._delivery import simple_builder
from model.programs.catalog import ProgramSpec
from model.programs.health import HealthBuildingsProgram, MedicalAidProgram
from model.programs.relocation import RelocationProgram
from model.programs.schools import SchoolsProgram
from model.programs.water import TapWaterProgram

__all__ = ["PROGRAMS"]


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "schools",
        "services",
        simple_builder(SchoolsProgram),
        summary="School buildings: childcare places free parents to work; adults trained.",
    ),
    ProgramSpec(
        "health",
        "services",
        simple_builder(MedicalAidProgram),
        summary="Medical aid pays part of registered households' medical costs.",
    ),
    ProgramSpec(
        "health_buildings",
        "services",
        simple_builder(HealthBuildingsProgram),
        summary="Upgraded township hospitals: the chronically ill recover a little faster.",
    ),
    ProgramSpec(
        "relocation",
        "services",
        simple_builder(RelocationProgram),
        summary="Remote poor households move near roads and towns into safe houses.",
    ),
    ProgramSpec(
        "tap_water",
        "services",
        simple_builder(TapWaterProgram),
        summary="Tap water for poor households of remote villages saves working days.",
    ),
)
