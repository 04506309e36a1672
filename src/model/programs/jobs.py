"""The jobs and skills family: the job centre, care training, job fairs, help to work away.

"Employment is the greatest livelihood": Beijing and Fengtai helped Linxi's poor to stable jobs
near home and its surplus labour to work elsewhere (seed:jobs.local_and_away).

Programs (equations in the modules named; parameters in ``data/programs/jobs.toml``):

* ``employment_centre`` (``job_services.EmploymentCentre``): aid builds the centre
  (seed:jobs.centre); once open it makes job offers to registered-poor seekers every month in
  proportion to the investment.
* ``care_training`` (``training.CareTraining``): training places bought by the money set
  ``trained``, which raises job-offer odds and wages (seed:jobs.housekeeping).
* ``job_fairs`` (``job_services.JobFairs``): openings bought by the money, offered once a year,
  mostly away (seed:jobs.fairs, seed:jobs.spring_breeze).
* ``work_away_help`` (``job_services.WorkAwayHelp``): transport and placement help for surplus
  workers of poor households to work away (seed:jobs.local_and_away).

Eligibility: rural registered-poor households (``registered``, exited or not), members able to
work and free (not away, not in a firm job); placements go one member at a time
(``placement.PlacementProgram``). A program with no money does nothing: no one is trained or
placed and its employers never hire.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.enterprises.placements import PlacementEmployers
from model.programs.catalog import ProgramSpec
from model.programs.job_services import EmploymentCentre, JobFairs, WorkAwayHelp
from model.programs.no_firm import NoFirmSettings
from model.programs.training import CareTraining

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel
    from model.programs.base import AidProgram
    from model.programs.settings import ProgramSettings

__all__ = ["PROGRAMS"]


def _with_employers(cls: type) -> object:
    def build(
        model: LinxiModel,
        spec: ProgramSpec,
        settings: ProgramSettings,
        budget: Mapping[int, float],
    ) -> AidProgram:
        program = cls(model, dict(budget))
        program.firm = PlacementEmployers(model, program, fail_year=settings.fail_year)
        model.enterprises.append(program.firm)
        return program

    return build


def _build_training(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return CareTraining(model, dict(budget))


def _build_work_away(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return WorkAwayHelp(model, dict(budget))


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "employment_centre",
        "jobs",
        _with_employers(EmploymentCentre),
        summary="Aid builds the job centre; it matches registered-poor seekers to jobs.",
    ),
    ProgramSpec(
        "care_training",
        "jobs",
        _build_training,
        NoFirmSettings,
        summary="Training places for registered-poor people: better job odds and wages.",
    ),
    ProgramSpec(
        "job_fairs",
        "jobs",
        _with_employers(JobFairs),
        summary="Job fairs with Beijing firms: openings offered to registered-poor seekers.",
    ),
    ProgramSpec(
        "work_away_help",
        "jobs",
        _build_work_away,
        NoFirmSettings,
        summary="Transport and placement help for surplus workers of poor households to work away.",
    ),
)
