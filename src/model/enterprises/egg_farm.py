"""Deqingyuan's laying-hen farm in Linxi: the firm that leases the aid-built facility.

Each month, while the facility is ready and the firm has not failed:

* Flock and eggs: the flock grows over ``egg_farm.ramp_months`` to ``layer_share`` laying hens
  per place (seed:egg.flock: 1.8 M layers and 0.6 M young hens in 2.4 M places), each laying
  ``eggs_per_layer_day`` (seed:egg.daily: 1.7 M+ eggs a day).
* Sales: ``beijing_share`` of the eggs go to Beijing at a premium (seed:egg.cumulative: 66%).
* Jobs (rule 3): staff grows with the flock; the firm hires at least ``share_poor_staff``
  registered-poor workers (seed:egg.379.jobs) through the labour market.
* Contract corn (rule 7): each April the firm contracts ``contract_corn_share`` of its corn
  need from Linxi households, at least ``share_poor_linked`` of them registered poor
  (seed:egg.379.linked); at harvest it pays them a premium over the market price.
* Rent: it pays the program's rent monthly.
* Failure: at random (``failure_hazard`` a year), after ``loss_months_to_fail`` loss-making
  months in a row, or in the month a scenario forces.
"""

from __future__ import annotations

import calendar
import math
from typing import TYPE_CHECKING

import numpy as np

from model.crops import expected_corn_kg
from model.enterprises.base import Enterprise
from model.households import SOURCE_INDEX
from model.labour import hire, non_poor_allowed

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.egg_farm import EggFarmProgram

__all__ = ["EggFarm"]


class EggFarm(Enterprise):
    """The firm running the egg farm.

    Args:
        model: The county model.
        program: The program that owns the facility and collects the rent.
        fail_year: A year in which the firm is forced to fail (January), or None.
    """

    def __init__(
        self, model: LinxiModel, program: EggFarmProgram, fail_year: int | None = None
    ) -> None:
        p = model.params.group("egg_farm")
        super().__init__(
            model,
            "deqingyuan_egg_farm",
            fail_year=fail_year,
            failure_hazard=p["failure_hazard"],
            loss_months_to_fail=int(p["loss_months_to_fail"]),
        )
        self.program = program
        program.firm = self
        self.p = p
        self.eggs_total = 0.0
        self.eggs_this_month = 0.0
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
        n_contracts = int(contracted.sum())
        return {
            "poor_staff": staff_poor / staff if staff else float("nan"),
            "poor_linked": (
                int((contracted & population.registered).sum()) / n_contracts
                if n_contracts
                else float("nan")
            ),
            "rent_to_poor": self.program.rent_share_to_poor(self.model.year),
        }

    def step(self) -> None:
        """One month of production, hiring, wages, contracts, rent and the failure check."""
        model = self.model
        year, month = model.year, model.month
        self.eggs_this_month = 0.0
        if not self.operating:
            return
        # Streams are keyed by month, so drawing only while operating keeps them aligned.
        draws = model.streams.get(f"firm:{self.name}", model.step_index)
        u_fail = draws.random()
        u_accept, u_order = draws.random((2, len(model.households)))
        if self.check_failure(u_fail):
            return

        p = self.p
        layers, young = self.flock()
        days = calendar.monthrange(year, month)[1]
        eggs = layers * p["eggs_per_layer_day"] * days
        price = model.params.at("egg_farm.egg_price", year)
        revenue = eggs * price * (1 + p["beijing_price_premium"] * p["beijing_share"])
        self.eggs_total += eggs
        self.eggs_this_month = eggs
        self.eggs_beijing += eggs * p["beijing_share"]

        population = model.households
        target_staff = round(p["workers_per_10k_places"] * (layers + young) / 1e4)
        staff_now = int(self.staff().sum())
        hire(
            population,
            self.firm_index,
            target_staff - staff_now,
            p["share_poor_staff"],
            model.params,
            u_accept,
            u_order,
        )
        staff = self.staff()
        wage = model.params.at("egg_farm.monthly_wage", year)
        workers = np.flatnonzero(staff)
        self.program.deliver(workers, wage, SOURCE_INDEX["wages_local"])

        if month == 4:
            self._sign_contracts(layers + young, u_order)
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
        poor = np.flatnonzero(candidates & population.registered)
        other = np.flatnonzero(candidates & ~population.registered)
        poor = poor[np.argsort(u_order[poor], kind="stable")]
        other = other[np.argsort(u_order[other], kind="stable")]
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
        self.program.reach(chosen)

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
        self.program.deliver(contracted, premium, SOURCE_INDEX["crops"])
        return float(premium.sum())
