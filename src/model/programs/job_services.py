"""The employment centre, job fairs and help to work away (jobs family; see ``jobs.py``).

Equations (full-county figures are multiplied by the simulated share ``model.scale``; the
budgets already are):

* Employment centre (seed:jobs.centre). Aid is spent on construction from
  ``employment_centre.first_spending_month`` of each funding year, evenly over the rest of the
  year; with the other money it draws in, the investment is ``I = aid * (1 + cofunding)``. The
  centre opens ``build_months`` after its first spending. From then on it makes
  ``C = I / 1e6 * placements_per_million_yuan`` job offers a year to registered-poor job seekers,
  ``C / 12`` a month (``placement.PlacementProgram``), a share ``local_share`` of them local.
  The building stays after the aid ends: the service goes on.
* Job fairs (seed:jobs.fairs, seed:jobs.spring_breeze). In ``job_fairs.fair_month`` the year's
  available money ``B`` buys ``O = B / cost_per_opening`` openings, all offered to the seeker pool
  that month (``1 - exp(-O / S)`` per free member, accepted with ``job_fairs.acceptance`` times
  ``job_fairs.additional_share``, the share of hires who would not have found work anyway); most
  are with firms in Beijing and elsewhere (work away for the season), ``local_share`` local.
* Help to work away (seed:jobs.local_and_away). In March, after members decided whether to work
  away, the year's money ``B`` offers transport and placement help to ``H = B / cost_per_migrant``
  surplus workers of registered-poor households; it is spent only on those who go
  (``cost_per_migrant`` each), so unused money carries over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.programs.placement import PlacementProgram

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel

__all__ = ["EmploymentCentre", "JobFairs", "WorkAwayHelp"]


class EmploymentCentre(PlacementProgram):
    """Builds the job centre, then matches registered-poor seekers to jobs every month."""

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "employment_centre", "jobs", budget)
        p = model.params
        self.cofunding = p.value("employment_centre.cofunding_per_aid_yuan")
        self.build_months = int(p.value("employment_centre.build_months"))
        self.first_month = int(p.value("employment_centre.first_spending_month"))
        self.rate = p.value("employment_centre.placements_per_million_yuan")
        self.base_acceptance = p.value("labour.hire_acceptance")
        self.local_share = p.value("employment_centre.local_share")
        self.investment = 0.0
        self.first_spend_step: int | None = None
        self.pending: list[tuple[int, float]] = []  # (opening step, investment)
        self._setup_placements()

    def offers_per_year(self) -> float:
        """Job offers a year the open centre makes."""
        return self.investment / 1e6 * self.rate

    def step(self) -> None:
        """Spend on construction; open finished parts; place seekers."""
        model = self.model
        year, month, t = model.year, model.month, model.step_index
        self.account_away_income()
        if self.ledger.budget.get(year, 0.0) > 0 and month >= self.first_month:
            amount = self.ledger.available(year) / (12 - month + 1)
            if amount > 0:
                self.ledger.spend(year, month, amount, "construction", amount, "yuan of aid")
                if self.first_spend_step is None:
                    self.first_spend_step = t
                # Money given after the opening extends the centre at once.
                opening = max(self.first_spend_step + self.build_months, t)
                self.pending.append((opening, amount * (1 + self.cofunding)))
        opened = [inv for step, inv in self.pending if step <= t]
        self.pending = [(step, inv) for step, inv in self.pending if step > t]
        self.investment += sum(opened)
        if self.investment > 0:
            self.place(self.offers_per_year() / 12.0, self.base_acceptance, self.local_share)


class JobFairs(PlacementProgram):
    """Job fairs with Beijing firms: openings bought by the money, offered once a year."""

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "job_fairs", "jobs", budget)
        p = model.params
        self.fair_month = int(p.value("job_fairs.fair_month"))
        self.cost_per_opening = p.value("job_fairs.cost_per_opening")
        # Only hires who would not have found work anyway count as placements.
        self.base_acceptance = p.value("job_fairs.acceptance") * p.value(
            "job_fairs.additional_share"
        )
        self.local_share = p.value("job_fairs.local_share")
        self.openings: dict[int, float] = {}
        self._setup_placements()

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
        self.place(openings, self.base_acceptance, self.local_share)


class WorkAwayHelp(PlacementProgram):
    """Transport and placement help for surplus workers of poor households to work away."""

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "work_away_help", "jobs", budget)
        p = model.params
        self.cost_per_migrant = p.value("work_away_help.cost_per_migrant")
        self.base_acceptance = p.value("work_away_help.acceptance")
        self._setup_placements()

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
