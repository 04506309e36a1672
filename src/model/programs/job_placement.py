"""Job placement (jobs family): the employment centre, job fairs and help to work away.

"Employment is the greatest livelihood": Beijing and Fengtai helped Linxi's poor to stable jobs
near home and its surplus labour to work elsewhere (seed:jobs.local_and_away). Three programs
place registered-poor job seekers; care training (``model.programs.care_training``) raises their
odds. Parameters in ``data/programs/jobs.toml``.

Programs (full-county figures are multiplied by the simulated share ``model.scale``; the
budgets already are):

* ``employment_centre`` (seed:jobs.centre). Aid is spent on construction from
  ``employment_centre.first_spending_month`` of each funding year, evenly over the rest of the
  year; with the other money it draws in, the investment is ``I = aid * (1 + cofunding)``. The
  centre opens ``build_months`` after its first spending. From then on it makes
  ``C = I / 1e6 * placements_per_million_yuan`` job offers a year to registered-poor job seekers,
  ``C / 12`` a month, a share ``local_share`` of them local.
  The building stays after the aid ends: the service goes on.
* ``job_fairs`` (seed:jobs.fairs, seed:jobs.spring_breeze). In ``job_fairs.fair_month`` the year's
  available money ``B`` buys ``O = B / cost_per_opening`` openings, all offered to the seeker pool
  that month (``1 - exp(-O / S)`` per free member, accepted with ``job_fairs.acceptance``); most
  are with firms in Beijing and elsewhere (work away for the season), ``local_share`` local.
  Only the share ``job_fairs.additional_share`` of hires who would not have found work anyway
  is placed (the offered member accepts with ``acceptance * additional_share``); the others,
  members whose draw falls between the two acceptances, keep the work they had (the fair changed
  where they found it, not whether). Every hire counts in the channel ``hires``, as the account
  counts them ("帮助2471名贫困人口实现就业", seed:jobs.spring_breeze).
* ``work_away_help`` (seed:jobs.local_and_away). In March, after members decided whether to work
  away, the year's money ``B`` offers transport and placement help to ``H = B / cost_per_migrant``
  surplus workers of registered-poor households; it is spent only on those who go
  (``cost_per_migrant`` each), so unused money carries over.

How a program places its offers (``model.aid.placement``, where the formulas are): the offers
reach free able members of rural registered-poor households, with diminishing returns as the pool
is used up; an offered member accepts (less often in remote villages, more often once trained)
and takes a local job with the program's ``PlacementEmployers`` (a share ``local_share``, one per
household) or works away for the season, until the next March.

A program with no money does nothing: no one is placed and its employers never hire.
"""

from __future__ import annotations

from model.aid.facility import FacilityProgram, OpensAfterFirstSpending

# The placement mechanism, once in this module: its names stay importable from here.
from model.aid.placement import (
    PlacementEmployers,
    PlacementProgram,
    offer_probability,
    seeker_pool,
)
from model.aid.program import ProgramSpec
from model.aid.settings import FirmProgramSettings

__all__ = [
    "EMPLOYMENT_CENTRE",
    "JOB_FAIRS",
    "WORK_AWAY_HELP",
    "EmploymentCentre",
    "JobFairs",
    "PlacementEmployers",
    "PlacementProgram",
    "WorkAwayHelp",
    "offer_probability",
    "seeker_pool",
]


class EmploymentCentre(PlacementProgram, FacilityProgram):
    """Builds the job centre, then matches registered-poor seekers to jobs every month."""

    unit = "yuan of aid"

    parameters = {
        "rate": "placements_per_million_yuan",
        "base_acceptance": "labour.hire_acceptance",
        "local_share": "local_share",
    }

    def setup(self) -> None:
        """Set up the centre: it opens ``build_months`` after building starts."""
        super().setup()
        self.build_facility(OpensAfterFirstSpending(int(self.parameter("build_months"))))

    @property
    def investment(self) -> float:
        """Money (aid and co-funding) in the open centre, yuan."""
        return self.facility.investment_open

    def offers_per_year(self) -> float:
        """Job offers a year the open centre makes."""
        return self.investment / 1e6 * self.rate

    def bought(self, aid: float) -> tuple[float, str]:
        """The ledger records the aid itself."""
        return aid, self.unit

    def step(self) -> None:
        """Count the away income of those placed; build; place seekers once open."""
        self.account_away_income()
        super().step()

    def serve(self, capacity: float) -> None:
        """Place this month's share of the year's offers."""
        self.place(self.offers_per_year() / 12.0, self.base_acceptance, self.local_share)


class JobFairs(PlacementProgram):
    """Job fairs with Beijing firms: openings bought by the money, offered once a year."""

    parameters = {
        "fair_month": ("fair_month", int),
        "cost_per_opening": "cost_per_opening",
        "local_share": "local_share",
    }

    def setup(self) -> None:
        """No openings yet; only hires who would not have found work anyway are placed."""
        super().setup()
        self.hired_acceptance = self.parameter("acceptance")
        self.base_acceptance = self.hired_acceptance * self.parameter("additional_share")
        self.openings: dict[int, float] = {}

    def step(self) -> None:
        """Hold the year's fair in the fair month."""
        model = self.model
        year, month = model.year, model.month
        self.account_away_income()
        if month != self.fair_month or not self.active(year):
            return
        money = self.ledger.available(year)
        if money <= 0:
            return
        openings = money / self.cost_per_opening
        self.ledger.spend(year, month, money, "job fair openings", openings, "openings")
        self.openings[year] = openings
        self.place(openings, self.base_acceptance, self.local_share, self.hired_acceptance)


class WorkAwayHelp(PlacementProgram):
    """Transport and placement help for surplus workers of poor households to work away."""

    parameters = {"cost_per_migrant": "cost_per_migrant", "base_acceptance": "acceptance"}

    def step(self) -> None:
        """In March, offer help to the year's surplus workers; pay for those who go."""
        model = self.model
        year, month = model.year, model.month
        self.account_away_income()
        if month != 3 or not self.active(year):
            return
        money = self.ledger.available(year)
        if money <= 0:
            return
        placed = self.place(money / self.cost_per_migrant, self.base_acceptance, 0.0)
        if placed:
            cost = min(placed * self.cost_per_migrant, money)
            self.ledger.spend(year, month, cost, "transport and placement help", placed, "people")


EMPLOYMENT_CENTRE = ProgramSpec(
    "employment_centre",
    "jobs",
    EmploymentCentre,
    FirmProgramSettings,
    "Aid builds the job centre; it matches registered-poor seekers to jobs.",
)
JOB_FAIRS = ProgramSpec(
    "job_fairs",
    "jobs",
    JobFairs,
    FirmProgramSettings,
    "Job fairs with Beijing firms: openings offered to registered-poor seekers.",
)
WORK_AWAY_HELP = ProgramSpec(
    "work_away_help",
    "jobs",
    WorkAwayHelp,
    summary="Transport and placement help for surplus workers of poor households to work away.",
)
