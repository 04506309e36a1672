"""The Deqingyuan egg farm: an asset-income project (资产收益) under the "379" rules.

"The government builds the farm with aid money, the company leases and runs it, the poor gain
through several channels" (seed:egg.model). The program (``EggFarmProgram``) holds the aid money
and owns the facility; the firm (``EggFarm``) leases and runs it.

Money to capacity (``model.aid.facility``): aid spent on construction from
``egg_farm.first_spending_month``, with the other public money it draws in
(``egg_farm.cofunding_per_aid_yuan``), buys bird places at ``egg_farm.cost_per_bird_place``, up to
the site's ``egg_farm.max_bird_places``. Each funding year's money is a phase of building, ready
``egg_farm.build_months`` after its first spending. Baseline: 40 M yuan of aid in 2017 builds
2.4 M places (seed:egg.capacity), producing from March 2018.

The firm, each month while the farm is ready and it has not failed:

* Flock and eggs: the flock grows over ``egg_farm.ramp_months`` to ``layer_share`` laying hens
  per place (seed:egg.flock: 1.8 M layers and 0.6 M young hens in 2.4 M places), each laying
  ``eggs_per_layer_day`` (seed:egg.daily: 1.7 M+ eggs a day), reported as the ``eggs`` series.
* Sales: ``beijing_share`` of the eggs go to Beijing at a premium (seed:egg.cumulative: 66%).
* Jobs (rule 3): staff grows with the flock; the firm hires at least ``share_poor_staff``
  registered-poor workers (seed:egg.379.jobs) through the labour market.
* Contract corn (rule 7): each April the firm contracts ``contract_corn_share`` of its corn
  need from Linxi households, at least ``share_poor_linked`` of them registered poor
  (seed:egg.379.linked); at harvest it pays them a premium over the market price.
* Rent: ``egg_farm.rent_rate`` a year of the public investment (aid and public co-funding),
  monthly, to the program.
* Failure: at random (``failure_hazard`` a year), after ``loss_months_to_fail`` loss-making
  months in a row, or in the month a scenario forces (``programs.egg_farm.fail_year``): wages,
  contracts and rent stop from that month.

Dividends (rule 9): each December at least ``egg_farm.share_rent_to_poor`` of the year's rent is
paid to registered-poor households, about ``egg_farm.dividend_per_household`` each, those without
able labour or with ill members first, then the lowest incomes. The rest goes to the village
collective fund (public goods, not household income).
"""

from __future__ import annotations

import calendar
import math
from typing import TYPE_CHECKING

import numpy as np

from model.aid.facility import FacilityProgram, OpensAfterFirstSpending
from model.aid.firm import Firm
from model.aid.program import ProgramSpec
from model.aid.selection import in_order
from model.aid.settings import EggFarmSettings
from model.crops import expected_corn_kg
from model.households import SOURCE_INDEX
from model.labour import non_poor_allowed

if TYPE_CHECKING:
    from model.context import County

__all__ = ["EGG_FARM", "EggFarm", "EggFarmProgram"]


class EggFarmProgram(FacilityProgram):
    """Builds and owns the egg farm; collects its rent; pays dividends to the poor."""

    unit = "bird places"
    firm: EggFarm

    settings: EggFarmSettings

    def setup(self) -> None:
        """Set up the farm, its lease and the firm that runs it."""
        super().setup()
        opening = OpensAfterFirstSpending(int(self.parameter("build_months")), phase_each_year=True)
        self.build_facility(opening, unit_cost="cost_per_bird_place", site="max_bird_places")
        self.lease_facility(on_cofunding=True)
        self.production_start_step: int | None = None
        self.firm = EggFarm(self.model, self)

    @property
    def places(self) -> float:
        """Bird places ready."""
        return self.facility.capacity

    def serve(self, capacity: float) -> None:
        """Production starts in the first month places are ready."""
        if self.production_start_step is None:
            self.production_start_step = self.model.step_index


class EggFarm(Firm):
    """Deqingyuan, leasing the farm from the program: flock, eggs, staff, contract corn, rent."""

    program: EggFarmProgram

    def __init__(self, model: County, program: EggFarmProgram) -> None:
        super().__init__(model, program, "deqingyuan_egg_farm", "egg_farm")
        self.eggs_total = 0.0
        self.eggs_beijing = 0.0
        self.contract_kg: np.ndarray | None = None

    @property
    def operating(self) -> bool:
        """Whether the farm is producing this month."""
        start = self.program.production_start_step
        return not self.failed and start is not None and self.model.step_index >= start

    def flock(self) -> tuple[float, float]:
        """Laying and young hens this month."""
        months = self.model.step_index - self.program.production_start_step
        ramp = min(1.0, (months + 1) / self.p["ramp_months"])
        places = self.program.places * ramp
        return places * self.p["layer_share"], places * (1 - self.p["layer_share"])

    def shares_379(self) -> dict[str, float]:
        """The farm's current 379 shares: poor staff, poor contract households, rent to poor."""
        population = self.model.households
        staff, staff_poor = self.jobs()
        contracted = population.contract_firm == self.firm_index
        n_contracts = int(np.count_nonzero(contracted))
        return {
            "poor_staff": staff_poor / staff if staff else float("nan"),
            "poor_linked": (
                int(np.count_nonzero(contracted & population.registered)) / n_contracts
                if n_contracts
                else float("nan")
            ),
            "rent_to_poor": self.program.rent_share_to_poor(self.model.year),
        }

    def step(self) -> None:
        """One month of production, hiring, wages, contracts, rent and the failure check."""
        model = self.model
        year, month = model.year, model.month
        u = self.operating_month()  # accepting an offer, the order of offers
        if u is None:
            return

        p = self.p
        layers, young = self.flock()
        days = calendar.monthrange(year, month)[1]
        eggs = layers * p["eggs_per_layer_day"] * days
        price = model.params.at("egg_farm.egg_price", year)
        revenue = eggs * price * (1 + p["beijing_price_premium"] * p["beijing_share"])
        self.eggs_total += eggs
        self.eggs_beijing += eggs * p["beijing_share"]
        model.record_output("eggs", eggs)

        target_staff = round(p["workers_per_10k_places"] * (layers + young) / 1e4)
        self.staff_to(target_staff, p["share_poor_staff"], u)
        wage = model.params.at("egg_farm.monthly_wage", year)
        workers = self.pay_wages(wage)

        if month == 4:
            self._sign_contracts(layers + young, u[1])
        premium_cost = self._pay_contract_premium()

        rent = self.program.monthly_rent()
        self.program.receive_rent(rent)
        feed = (layers + p["young_hen_feed_ratio"] * young) * p["feed_cost_per_layer_day"] * days
        costs = feed + workers.size * wage + eggs * p["other_cost_per_egg"] + rent + premium_cost
        self.book_month(
            revenue - costs,
            layers=layers,
            young_hens=young,
            eggs=eggs,
            eggs_beijing=eggs * p["beijing_share"],
            revenue=revenue,
            feed=feed,
            wages=workers.size * wage,
            rent=rent,
            contract_premium=premium_cost,
            staff=workers.size,
        )

    def _sign_contracts(self, hens: float, u_order: np.ndarray) -> None:
        """Contract this year's corn from households, meeting the poor-participation quota."""
        p = self.p
        population = self.model.households
        population.contract_firm[population.contract_firm == self.firm_index] = -1
        need_kg = (
            hens * p["layer_share"] * p["corn_kg_per_layer_day"] * 365 * p["contract_corn_share"]
        )
        supply = expected_corn_kg(population, self.model.conditions.crops)
        candidates = population.rural & (population.n_able > 0) & (supply > 0)
        poor = in_order(np.flatnonzero(candidates & population.registered), u_order)
        other = in_order(np.flatnonzero(candidates & ~population.registered), u_order)
        share = p["share_poor_linked"]
        mean_poor = supply[poor].mean() if poor.size else 0.0
        mean_other = supply[other].mean() if other.size else 0.0
        per_household = share * mean_poor + (1 - share) * mean_other
        wanted = math.ceil(need_kg / per_household) if per_household > 0 else 0
        n_poor = min(poor.size, math.ceil(share * wanted))
        # Non-poor participants are limited so that the poor share stays at or above the quota.
        n_other = min(wanted - n_poor, non_poor_allowed(n_poor, share))
        n_other = int(min(max(n_other, 0), other.size))
        chosen = np.concatenate([poor[:n_poor], other[:n_other]])
        population.contract_firm[chosen] = self.firm_index
        self.program.reach(chosen, "sellers")

    def _pay_contract_premium(self) -> float:
        """At harvest, pay contract households the premium on the corn they deliver."""
        harvest = self.model.harvest_this_month
        if harvest is None:
            return 0.0
        kg, share_of_year = harvest
        population = self.model.households
        contracted = np.flatnonzero(population.contract_firm == self.firm_index)
        if contracted.size == 0:
            return 0.0
        premium = self.p["contract_premium"] * kg[contracted] * share_of_year
        self.program.deliver(contracted, premium, SOURCE_INDEX["crops"], "sellers")
        return float(premium.sum())


EGG_FARM = ProgramSpec(
    "egg_farm",
    "industry",
    EggFarmProgram,
    EggFarmSettings,
    "Aid builds a laying-hen farm leased to Deqingyuan: rent to the poor, jobs, contract corn.",
)
