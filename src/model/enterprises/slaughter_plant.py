"""The Shounong (Beijing Ershang) cattle slaughter plant in Linxi, phase 1: the firm.

The plant leases the facility the ``slaughter_plant`` program built (seed:market.slaughter). Each
month while the facility is open and the firm has not failed:

* Throughput: ``capacity / 12 * utilisation``, where utilisation rises linearly over
  ``ramp_months`` to ``max_utilisation``.
* Jobs: ``workers_per_1000_head * capacity / 1000 * ramp`` (200 at the reported 100,000 head),
  hired through the labour market with at least ``share_poor_staff`` registered poor.
* Purchases: ``local_purchase_share`` of the throughput comes from Linxi cattle keepers. Each
  January (and when it opens) the plant signs up keepers, poor first up to
  ``share_poor_suppliers``, in random order, until their sales
  (``livestock * offtake_rate`` head a year each) cover that need; suppliers receive
  ``purchase_premium_per_head`` over the trader price on what they sell, monthly, as livestock
  income.
* Rent: ``slaughter_plant.rent_rate`` of the aid in the facility a year, to the program.
* Accounts: ``profit = head * margin_per_head - wages - premiums - rent - fixed costs``.
* Failure (``Enterprise``): forced, at random, or after ``loss_months_to_fail`` losses in a row;
  wages, premiums and rent stop from that month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.enterprises.base import Enterprise
from model.households import SOURCE_INDEX
from model.labour import hire
from model.programs.industry_tools import LazyUniforms

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.cattle import SlaughterPlantProgram

__all__ = ["SlaughterPlant"]


class SlaughterPlant(Enterprise):
    """The firm running the slaughter plant.

    Args:
        model: The county model.
        program: The program that owns the facility and collects the rent.
        fail_year: A year in which the firm is forced to fail (January), or None.
    """

    def __init__(
        self, model: LinxiModel, program: SlaughterPlantProgram, fail_year: int | None = None
    ) -> None:
        p = model.params.group("slaughter_plant")
        super().__init__(
            model,
            "shounong_slaughter_plant",
            fail_year=fail_year,
            failure_hazard=p["failure_hazard"],
            loss_months_to_fail=int(p["loss_months_to_fail"]),
        )
        self.p = p
        self.program = program
        program.firm = self
        self.suppliers = np.zeros(len(model.households), dtype=bool)
        self.opened_step: int | None = None
        self.head_this_month = 0.0

    @property
    def operating(self) -> bool:
        """Whether the plant is slaughtering this month."""
        return not self.failed and self.program.capacity_head > 0

    def ramp(self) -> float:
        """Share of full staffing and utilisation reached (0-1)."""
        months = self.model.step_index - self.opened_step
        return min(1.0, (months + 1) / self.p["ramp_months"])

    def fail(self, reason: str) -> None:
        """Close the plant: jobs end, purchases from local suppliers stop, rent stops."""
        super().fail(reason)
        self.suppliers[...] = False

    def step(self) -> None:
        """One month of slaughter, hiring, wages, purchases, rent and the failure check."""
        model = self.model
        year, month = model.year, model.month
        self.head_this_month = 0.0
        if not self.operating:
            return
        population = model.households
        draws = model.streams.get(f"firm:{self.name}", model.step_index)
        if self.check_failure(draws.random()):
            return
        u = LazyUniforms(draws, 2, len(population))  # offer acceptance, order of offers
        if self.opened_step is None:
            self.opened_step = model.step_index
        p = self.p
        capacity = self.program.capacity_head
        ramp = self.ramp()
        head = capacity / 12.0 * p["max_utilisation"] * ramp
        self.head_this_month = head

        vacancies = round(p["workers_per_1000_head"] * capacity / 1000.0 * ramp) - int(
            self.staff().sum()
        )
        if vacancies > 0:
            hire(
                population,
                self.firm_index,
                vacancies,
                p["share_poor_staff"],
                model.params,
                u[0],
                u[1],
            )
        workers = np.flatnonzero(self.staff())
        wage = model.params.at("slaughter_plant.monthly_wage", year)
        self.program.deliver(workers, wage, SOURCE_INDEX["wages_local"])

        if month == 1 or not self.suppliers.any():
            self._sign_suppliers(capacity * p["max_utilisation"], u[1])
        sellers = np.flatnonzero(self.suppliers)
        premium = (
            p["purchase_premium_per_head"] * population.cattle[sellers] * p["offtake_rate"] / 12
        )
        self.program.deliver(sellers, premium, SOURCE_INDEX["livestock"])

        rent = self.program.monthly_rent()
        self.program.receive_rent(rent)
        fixed = p["fixed_cost_per_head_capacity"] * capacity / 12.0
        wages = workers.size * wage
        revenue = head * p["margin_per_head"]
        self.book_month(
            revenue - wages - float(premium.sum()) - rent - fixed,
            head=head,
            revenue=revenue,
            wages=wages,
            purchase_premium=float(premium.sum()),
            rent=rent,
            fixed_costs=fixed,
            staff=workers.size,
            suppliers=sellers.size,
        )

    def _sign_suppliers(self, head_a_year: float, u_order: np.ndarray) -> None:
        """Sign up cattle keepers (poor first) until their yearly sales cover the local need."""
        p = self.p
        population = self.model.households
        need = p["local_purchase_share"] * head_a_year
        keepers = population.rural & (population.cattle > 0)
        sales = population.cattle * p["offtake_rate"]
        poor = np.flatnonzero(keepers & population.registered)
        other = np.flatnonzero(keepers & ~population.registered)
        poor = poor[np.argsort(u_order[poor], kind="stable")]
        other = other[np.argsort(u_order[other], kind="stable")]
        # Poor keepers cover at least their share of the need, then anyone in random order.
        n_poor = _covering(sales[poor], p["share_poor_suppliers"] * need)
        rest = np.concatenate([poor[n_poor:], other])
        rest = rest[np.argsort(u_order[rest], kind="stable")]
        left = need - float(sales[poor[:n_poor]].sum())
        n_rest = _covering(sales[rest], left)
        self.suppliers[...] = False
        self.suppliers[poor[:n_poor]] = True
        self.suppliers[rest[:n_rest]] = True


def _covering(sales: np.ndarray, need: float) -> int:
    """How many of the first households in ``sales`` (head a year, in order) cover ``need``."""
    if need <= 0:
        return 0
    return min(int(np.searchsorted(np.cumsum(sales), need)) + 1, sales.size)
