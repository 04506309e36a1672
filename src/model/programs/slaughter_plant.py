"""The Shounong (Beijing Ershang) cattle slaughter plant, phase 1 (seed:market.slaughter).

The program (``SlaughterPlantProgram``) holds the aid and owns the plant; the firm
(``SlaughterPlant``) leases and runs it. Angus breeding for the same cattle chain is a separate
program (``model.programs.cattle_breeding``): the account funds and describes them apart.

Money to capacity (``model.aid.facility``): aid spent in a year (from ``first_spending_month``)
with the co-funding it draws in (110 M in all for 27.9 M of aid) opens the January after as
slaughter capacity::

    capacity_head = min(aid_open * (1 + cofunding) / cost_per_head_capacity, max_head * scale)

The firm, each month while the plant is open and it has not failed:

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
* Rent: ``slaughter_plant.rent_rate`` of the aid in the facility a year (the co-funding is the
  firm's own money), to the program.
* Accounts: ``profit = head * margin_per_head - wages - premiums - rent - fixed costs``.
* Failure (``Firm``): forced, at random, or after ``loss_months_to_fail`` losses in a row;
  wages, premiums and rent stop from that month.

Dividends: each December the program pays ``share_rent_to_poor`` of the year's rent to
registered-poor households (``dividend_per_household`` each; the asset-income channel
"扶贫资金收益分配").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.aid.facility import FacilityProgram, OpensNextJanuary
from model.aid.firm import Firm
from model.aid.program import ProgramSpec
from model.aid.selection import in_order
from model.aid.settings import FirmProgramSettings
from model.households import SOURCE_INDEX

if TYPE_CHECKING:
    from model.context import County

__all__ = ["SLAUGHTER_PLANT", "SlaughterPlant", "SlaughterPlantProgram"]


class SlaughterPlantProgram(FacilityProgram):
    """Builds and owns the slaughter plant; collects its rent; pays dividends to the poor."""

    firm: SlaughterPlant

    def setup(self) -> None:
        """Set up the plant, its lease and the firm that runs it."""
        super().setup()
        self.build_facility(OpensNextJanuary(), unit_cost="cost_per_head_capacity", site="max_head")
        self.lease_facility(on_cofunding=False)
        self.firm = SlaughterPlant(self.model, self)

    @property
    def capacity_head(self) -> float:
        """Cattle a year the open plant can slaughter."""
        return self.facility.capacity


class SlaughterPlant(Firm):
    """Shounong, leasing the plant from the program: throughput, staff, suppliers, rent."""

    program: SlaughterPlantProgram

    def __init__(self, model: County, program: SlaughterPlantProgram) -> None:
        super().__init__(model, program, "shounong_slaughter_plant", "slaughter_plant")
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
        u = self.operating_month()  # offer acceptance, order of offers
        if u is None:
            return
        population = model.households
        if self.opened_step is None:
            self.opened_step = model.step_index
        p = self.p
        capacity = self.program.capacity_head
        ramp = self.ramp()
        head = capacity / 12.0 * p["max_utilisation"] * ramp
        self.head_this_month = head

        target = round(p["workers_per_1000_head"] * capacity / 1000.0 * ramp)
        self.staff_to(target, p["share_poor_staff"], u)
        wage = model.params.at("slaughter_plant.monthly_wage", year)
        workers = self.pay_wages(wage)

        if month == 1 or not self.suppliers.any():
            self._sign_suppliers(capacity * p["max_utilisation"], u[1])
        sellers = np.flatnonzero(self.suppliers)
        premium = (
            p["purchase_premium_per_head"] * population.cattle[sellers] * p["offtake_rate"] / 12
        )
        self.program.deliver(sellers, premium, SOURCE_INDEX["livestock"], "sellers")

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
        poor = in_order(np.flatnonzero(keepers & population.registered), u_order)
        other = in_order(np.flatnonzero(keepers & ~population.registered), u_order)
        # Poor keepers cover at least their share of the need, then anyone in random order.
        n_poor = _covering(sales[poor], p["share_poor_suppliers"] * need)
        rest = in_order(np.concatenate([poor[n_poor:], other]), u_order)
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


SLAUGHTER_PLANT = ProgramSpec(
    "slaughter_plant",
    "industry",
    SlaughterPlantProgram,
    FirmProgramSettings,
    "Aid builds the Shounong slaughter plant leased to a firm: jobs, premiums to cattle "
    "keepers, rent paid to the poor.",
)
