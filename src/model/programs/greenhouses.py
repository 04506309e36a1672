"""Facility agriculture: the Dakang greenhouse park in Shiertu township (program ``greenhouses``).

"Since 2011, 19.15 M yuan [of aid] leveraged 120 M of social investment and built a 10,000-mu
facility-agriculture park; 980+ farm households gained 20,000+ yuan a year" (seed:
industry.facility_ag). The text says 人均 (per person); the model reads it per household (a
household of 2.4 people gaining 48,000 yuan from ten mu is implausible). Its tomatoes sold in
Beijing at 3.6 yuan/kg in 2020 (seed:industry.dakang_tomatoes).

Money to capacity (``model.aid.facility``): aid spent in year ``y`` opens in January ``y+1``::

    park_mu = min(aid_open * (1 + cofunding) / cost_per_mu, max_park_mu * scale)

Households near the park (rural households of ``site_townships``) gain three ways:

* Operation: ``operators = take_up(N_op, park_mu / mu_per_operator)`` households with able
  labour (``N_op`` of them near the park; poor first up to ``min_poor_share``) each run
  ``mu_per_operator`` mu and gain, per year, paid monthly as crop income::

      gain = mu_per_operator * yield_kg_per_mu * tomato_price(year) * net_margin

* Land rent: each January the park's new mu are rented from nearby households' dry land (whole
  holdings, random order); they farm less (``land_dry`` falls) and receive
  ``land_rent_per_mu`` a year for it in the rent month (``land.rent_month``).
* Seasonal wages: the park needs ``seasonal_days_per_mu * park_mu`` days a year of hired work in
  ``season_months``; ``take_up(N_w, days / days_per_worker)`` households with able labour that do
  not operate greenhouses (poor first up to ``min_poor_share_seasonal``) each work
  ``days_per_worker`` days at ``labour.local_day_wage``.

The park is a co-operative of its operators, not a firm: it does not fail in the model. With no
money no mu open and nothing changes. Its greenhouses outlast the aid: after 2020 the income
continues without new money.
"""

from __future__ import annotations

import numpy as np

from model.aid.facility import FacilityProgram, OpensNextJanuary
from model.aid.program import ProgramSpec, months
from model.aid.selection import refill, take_dry_land, take_up
from model.households import SOURCE_INDEX

__all__ = ["GREENHOUSES", "Greenhouses"]


class Greenhouses(FacilityProgram):
    """The facility-agriculture park: operators, land rent and seasonal wages."""

    parameters = {
        "mu_per_operator": "mu_per_operator",
        "min_poor_share": "min_poor_share",
        "min_poor_share_seasonal": "min_poor_share_seasonal",
        "land_rent_per_mu": "land_rent_per_mu",
        "days_per_mu": "seasonal_days_per_mu",
        "days_per_worker": "seasonal_days_per_worker",
        "season": ("season_months", months),
        "rent_month": ("land.rent_month", int),
    }

    def setup(self) -> None:
        """Set up the park and find the households near its sites; nobody in it yet."""
        super().setup()
        self.build_facility(OpensNextJanuary(), unit_cost="cost_per_mu", site="max_park_mu")
        population = self.model.households
        sites = np.asarray(self.parameter("site_townships"))
        self.near = population.rural & np.isin(population.township, sites)
        n = len(population)
        self.operators = np.zeros(n, dtype=bool)
        self.workers = np.zeros(n, dtype=bool)
        #: The operators and workers (indices), found when they are chosen each January and
        #: paid every month.
        self._operating = self._working = np.zeros(0, dtype=np.intp)
        self.rented_mu = np.zeros(n)
        self.mu_rented_total = 0.0

    @property
    def park_mu(self) -> float:
        """Mu of the park in operation."""
        return self.facility.capacity

    def operator_gain(self, year: int) -> float:
        """Yearly net gain of one operating household, yuan."""
        p = self.model.params
        return (
            self.mu_per_operator
            * p.value("greenhouses.yield_kg_per_mu")
            * p.at("greenhouses.tomato_price", year)
            * p.value("greenhouses.net_margin")
        )

    def serve(self, mu: float) -> None:
        """Choose this year's participants in January, and pay the month's income."""
        model = self.model
        year, month = model.year, model.month
        population = model.households
        if month == 1:
            u_order, u_land = model.streams.get(f"program:{self.name}", model.step_index).random(
                (2, len(population))
            )
            able = self.near & (population.n_able > 0)
            n_ops = take_up(int(np.count_nonzero(able)), mu / self.mu_per_operator)
            self.operators = refill(
                self.operators, able, n_ops, self.min_poor_share, population.registered, u_order
            )
            self.rented_mu += take_dry_land(
                population, self.near, mu - self.mu_rented_total, u_land
            )
            self.mu_rented_total = max(self.mu_rented_total, mu)
            others = able & ~self.operators
            n_workers = take_up(
                int(np.count_nonzero(others)), mu * self.days_per_mu / self.days_per_worker
            )
            self.workers = refill(
                self.workers & others,
                others,
                n_workers,
                self.min_poor_share_seasonal,
                population.registered,
                u_order,
            )
            self._operating = np.flatnonzero(self.operators)
            self._working = np.flatnonzero(self.workers)

        gain = self.operator_gain(year) / 12.0
        self.deliver(self._operating, gain, SOURCE_INDEX["crops"], "producers")
        if month in self.season:
            wage = model.params.at("labour.local_day_wage", year)
            pay = self.days_per_worker / len(self.season) * wage
            self.deliver(self._working, pay, SOURCE_INDEX["wages_local"], "workers")
        if month == self.rent_month:
            renters = np.flatnonzero(self.rented_mu > 0)
            rent = self.rented_mu[renters] * self.land_rent_per_mu
            self.deliver(renters, rent, SOURCE_INDEX["land_rent"], "landlords")
            self.ledger.flow(year, month, float(rent.sum()), "land rent paid by the park")

    def jobs(self) -> tuple[int, int]:
        """Seasonal workers of the park this year, and how many are from registered-poor homes."""
        # (count_nonzero: several times quicker than summing a mask)
        registered = self.model.households.registered
        return int(np.count_nonzero(self.workers)), int(np.count_nonzero(self.workers & registered))


GREENHOUSES = ProgramSpec(
    "greenhouses",
    "industry",
    Greenhouses,
    summary="Aid with private money builds the Dakang greenhouse park: operators' income, land "
    "rent, seasonal wages near the park.",
)
