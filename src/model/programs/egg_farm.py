"""The Deqingyuan egg farm as an asset-income program (资产收益) under the "379" rules.

"The government builds the farm with aid money, the company leases and runs it, the poor gain
through several channels" (seed:egg.model). This program holds the aid money and the facility:

* Money to capacity: aid spent on construction, with the other public money it draws in
  (``egg_farm.cofunding_per_aid_yuan``), buys bird places at ``egg_farm.cost_per_bird_place``,
  up to the site's ``egg_farm.max_bird_places``. A tranche of places is ready
  ``egg_farm.build_months`` after its first spending. Baseline: 40 M yuan of aid in 2017 builds
  2.4 M places (seed:egg.capacity), producing from March 2018.
* Rent: the firm (``model.enterprises.EggFarm``) pays ``egg_farm.rent_rate`` of the public
  investment a year, monthly, while it operates.
* Dividends (rule 9): each December at least ``egg_farm.share_rent_to_poor`` of the year's rent is
  paid to registered-poor households, about ``egg_farm.dividend_per_household`` each, those
  without able labour or with ill members first, then the lowest incomes. The rest goes to the
  village collective fund (public goods, not household income).

The staff (rule 3) and contract-corn (rule 7) quotas are the firm's, in ``EggFarm``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from model.enterprises.egg_farm import EggFarm
from model.households import SOURCE_INDEX
from model.programs.base import AidProgram
from model.programs.catalog import ProgramSpec
from model.programs.settings import EggFarmSettings

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel

__all__ = ["EggFarmProgram", "PROGRAMS"]


@dataclass
class _Tranche:
    """Construction money of one funding year and the places it buys."""

    first_step: int
    spent: float = 0.0
    ready: bool = False


class EggFarmProgram(AidProgram):
    """Builds and owns the egg farm; collects its rent; pays dividends to the poor.

    Args:
        model: The county model.
        budget: Aid for construction, yuan by year.
    """

    def __init__(self, model: LinxiModel, budget: dict[int, float]) -> None:
        super().__init__(model, "egg_farm", "industry", budget)
        p = model.params
        self.cofunding = p.value("egg_farm.cofunding_per_aid_yuan")
        self.cost_per_place = p.value("egg_farm.cost_per_bird_place")
        self.max_places = p.value("egg_farm.max_bird_places") * model.scale
        self.build_months = int(p.value("egg_farm.build_months"))
        self.first_month = int(p.value("egg_farm.first_spending_month"))
        self.share_rent_to_poor = p.value("egg_farm.share_rent_to_poor")
        self.dividend_target = p.value("egg_farm.dividend_per_household")
        self.rent_rate = p.value("egg_farm.rent_rate")
        self.tranches: dict[int, _Tranche] = {}
        self.places = 0.0
        self.public_investment = 0.0
        self.production_start_step: int | None = None
        self.rent_received: dict[int, float] = {}
        self.firm = None  # set by the model once the firm exists

    # -- construction ----------------------------------------------------------------------
    def step(self) -> None:
        """Spend this month's construction money and open finished places."""
        model = self.model
        year, month, step = model.year, model.month, model.step_index
        budget_this_year = self.ledger.budget.get(year, 0.0)
        if budget_this_year > 0 and month >= self.first_month and self.active(year):
            tranche = self.tranches.setdefault(year, _Tranche(first_step=step))
            months_left = 12 - month + 1
            amount = min(self.ledger.available(year) / months_left, self.ledger.available(year))
            amount = min(amount, self._money_for_remaining_places())
            if amount > 0:
                places = amount * (1 + self.cofunding) / self.cost_per_place
                self.ledger.spend(year, month, amount, "construction", places, "bird places")
                tranche.spent += amount
        for tranche in self.tranches.values():
            if not tranche.ready and step >= tranche.first_step + self.build_months:
                tranche.ready = True
                investment = tranche.spent * (1 + self.cofunding)
                self.public_investment += investment
                self.places = min(self.places + investment / self.cost_per_place, self.max_places)
                if self.production_start_step is None and self.places > 0:
                    self.production_start_step = step

    def _money_for_remaining_places(self) -> float:
        planned = sum(t.spent for t in self.tranches.values()) * (1 + self.cofunding)
        remaining_places = self.max_places - planned / self.cost_per_place
        return max(remaining_places, 0.0) * self.cost_per_place / (1 + self.cofunding)

    # -- rent and dividends ----------------------------------------------------------------
    def monthly_rent(self) -> float:
        """Rent the operating firm owes this month, yuan."""
        return self.rent_rate * self.public_investment / 12.0

    def receive_rent(self, yuan: float) -> None:
        """Record rent paid by the firm."""
        year = self.model.year
        self.rent_received[year] = self.rent_received.get(year, 0.0) + yuan
        self.ledger.flow(year, self.model.month, yuan, "rent received")

    def close_year(self) -> None:
        """Pay the year's rent out: the poor share as dividends, the rest to villages."""
        model = self.model
        year = model.year
        pool = self.rent_received.get(year, 0.0)
        if pool <= 0:
            return
        population = model.households
        eligible = np.flatnonzero(population.registered & population.rural)
        if eligible.size == 0:
            self.ledger.flow(year, 12, pool, "rent undistributed (no registered households)")
            return
        to_poor = self.share_rent_to_poor * pool
        n_recipients = min(eligible.size, max(1, math.floor(to_poor / self.dividend_target)))
        # Households without labour or with illness first, then the lowest incomes.
        income_pc = population.net_income_pc()[eligible]
        priority = (population.n_able[eligible] == 0) | (population.n_ill[eligible] > 0)
        order = np.lexsort((income_pc, ~priority))
        recipients = eligible[order[:n_recipients]]
        self.deliver(recipients, to_poor / n_recipients, SOURCE_INDEX["dividends"])
        self.ledger.flow(
            year, 12, to_poor, "dividends to registered-poor households", n_recipients, "households"
        )
        self.ledger.flow(year, 12, pool - to_poor, "village collective fund")

    def rent_share_to_poor(self, year: int) -> float:
        """Share of the year's rent paid to registered-poor households (rule 9)."""
        pool = self.rent_received.get(year, 0.0)
        paid = self.ledger.flow_in(year, "dividends to registered-poor households")
        return paid / pool if pool > 0 else float("nan")

    def jobs(self) -> tuple[int, int]:
        """Jobs at the farm this program built."""
        return self.firm.jobs() if self.firm is not None else (0, 0)


def _build(
    model: LinxiModel, spec: ProgramSpec, settings: EggFarmSettings, budget: Mapping[int, float]
) -> EggFarmProgram:
    program = EggFarmProgram(model, dict(budget))
    model.enterprises.append(EggFarm(model, program, fail_year=settings.fail_year))
    return program


PROGRAMS = (
    ProgramSpec(
        "egg_farm",
        "industry",
        _build,
        EggFarmSettings,
        "Aid builds a laying-hen farm leased to Deqingyuan: rent to the poor, jobs, contract corn.",
    ),
)
