"""Poverty workshops in the fields (program ``field_workshops``, seed:industry.workshops).

"A 1,000 t/yr dehydrated-vegetable plant in Liangkeshu village, Guandi town, and the smart-
greenhouse seedling factory of the Shuangying co-operative, Tongbu town ... raise the incomes of
the poor through jobs, seasonal work, land rental and linked industries." The account gives no
money for them; the budget is assumed (data/programs/industry.toml).

Money to capacity (``model.aid.facility``): each year's aid is split between the two workshops
by ``field_workshops.<kind>.share_of_funding`` and, with the co-funding it draws in, opens the
January after::

    capacity[kind] = min(aid_open * share[kind] * (1 + cofunding) / cost_per_unit[kind],
                         max_units[kind] * scale)

Each workshop is a firm (``FieldWorkshop``) that can fail: jobs, land rent and linked income for
the households of its township. With no money no workshop opens and nothing changes.

Two are modelled (seed:industry.workshops): the 1,000 t/yr dehydrated-vegetable plant of
Liangkeshu village, Guandi town, and the smart-greenhouse seedling factory of the Shuangying
co-operative, Tongbu town. Both workshops work the same way, with their own parameters
``field_workshops.<kind>.*``; ``capacity`` is in the workshop's unit (t of dried vegetables,
thousand seedlings) a year. Each month while open and not failed:

* Output: ``capacity * utilisation / 12``; ``margin_per_unit`` per unit is revenue net of
  materials and energy.
* Jobs: ``core_workers_per_unit * capacity`` all year, plus ``seasonal_workers_per_unit *
  capacity`` in ``season_months``; hired through the labour market (registered poor first up to
  ``share_poor_staff``); seasonal workers are let go when the season ends.
* Land rental (土地流转): on opening, ``land_mu_per_unit * capacity`` mu of dry land are rented
  from households of the site township; they receive ``land_rent_per_mu`` a year in the rent
  month. The land goes back to them if the workshop fails.
* Linked households (关联产业): each January ``linked_households_per_unit * capacity`` growers
  of the site township are linked (poor first up to ``share_poor_linked``); they share
  ``linked_income_per_unit`` per unit of output in the season months (a premium on the
  vegetables they sell to the plant, better seedlings), as crop income.
* Accounts: ``profit = output * margin - wages - rent - linked income - fixed costs``; failure
  as for every ``Firm``: wages, rent and linked income stop from that month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.aid.facility import FacilityProgram, OpensNextJanuary
from model.aid.firm import Firm
from model.aid.program import ProgramSpec, months
from model.aid.selection import refill, return_land, take_dry_land
from model.aid.settings import FirmProgramSettings
from model.households import SOURCE_INDEX

if TYPE_CHECKING:
    from model.context import County

__all__ = ["FIELD_WORKSHOPS", "KINDS", "FieldWorkshop", "FieldWorkshops"]

#: The workshops, by the name of their parameter group.
KINDS: tuple[str, ...] = ("dehydration", "seedlings")


class FieldWorkshops(FacilityProgram):
    """Builds the workshops; their firms employ, rent land and buy from linked households."""

    def setup(self) -> None:
        """Split the money between the workshops; set up their sites and firms."""
        super().setup()
        model = self.model
        p = model.params
        self.share = {k: p.value(f"field_workshops.{k}.share_of_funding") for k in KINDS}
        total = sum(self.share.values())
        if abs(total - 1.0) > 1e-9:
            raise ValueError(
                f"field_workshops.*.share_of_funding: the shares must add up to 1, got {total}"
            )
        self.cost = {k: p.value(f"field_workshops.{k}.cost_per_unit") for k in KINDS}
        self.max_units = {k: p.value(f"field_workshops.{k}.max_units") * model.scale for k in KINDS}
        # Investment the sites can take: spending stops once either is full.
        site = min(
            self.max_units[k] * self.cost[k] / self.share[k] for k in KINDS if self.share[k] > 0
        )
        self.build_facility(OpensNextJanuary(), max_units=site)
        self.firms = [FieldWorkshop(model, self, kind) for kind in KINDS]

    def capacity(self, kind: str) -> float:
        """Yearly capacity of workshop ``kind`` in its unit."""
        investment = self.facility.investment_open
        return min(investment * self.share[kind] / self.cost[kind], self.max_units[kind])

    def jobs(self) -> tuple[int, int]:
        """Jobs at both workshops."""
        counts = [firm.jobs() for firm in self.firms]
        return sum(c[0] for c in counts), sum(c[1] for c in counts)


class FieldWorkshop(Firm):
    """One workshop in the fields, built by the program.

    Args:
        model: The county.
        program: The program that built the workshop (and records its households).
        kind: ``"dehydration"`` or ``"seedlings"``: the parameter group
            ``field_workshops.<kind>.*``.
    """

    def __init__(self, model: County, program: FieldWorkshops, kind: str) -> None:
        super().__init__(model, program, f"{kind}_workshop", f"field_workshops.{kind}")
        self.kind = kind
        p = self.p
        population = model.households
        self.site = population.rural & (population.township == int(p["site_township"]))
        self.season = months(p["season_months"])
        self.rent_month = int(model.params.value("land.rent_month"))
        self.linked = np.zeros(len(population), dtype=bool)
        self.rented_mu = np.zeros(len(population))
        self.mu_taken = 0.0
        self.output_this_month = 0.0

    @property
    def capacity(self) -> float:
        """Yearly capacity of the open workshop, in its unit."""
        return self.program.capacity(self.kind)

    @property
    def operating(self) -> bool:
        """Whether the workshop is running this month."""
        return not self.failed and self.capacity > 0

    def fail(self, reason: str) -> None:
        """Close the workshop: jobs and links end, rented land goes back to its households."""
        super().fail(reason)
        self.linked[...] = False
        return_land(self.model.households, self.rented_mu)

    def step(self) -> None:
        """One month of output, staffing, wages, rent, linked income and the failure check."""
        model = self.model
        month = model.month
        self.output_this_month = 0.0
        u = self.operating_month()  # offer acceptance, order of offers
        if u is None:
            return
        population = model.households
        p = self.p
        capacity = self.capacity
        output = capacity * p["utilisation"] / 12.0
        self.output_this_month = output
        missing_mu = p["land_mu_per_unit"] * capacity - self.mu_taken
        if missing_mu > 1e-9:
            self.rented_mu += take_dry_land(population, self.site, missing_mu, u[1])
            self.mu_taken += missing_mu

        in_season = month in self.season
        target = p["core_workers_per_unit"] * capacity
        target += p["seasonal_workers_per_unit"] * capacity * in_season
        self.staff_to(round(target), p["share_poor_staff"], u)
        wage = p["monthly_wage"]
        workers = self.pay_wages(wage)

        rent = 0.0
        if month == self.rent_month:
            renters = np.flatnonzero(self.rented_mu > 0)
            amounts = self.rented_mu[renters] * p["land_rent_per_mu"]
            self.program.deliver(renters, amounts, SOURCE_INDEX["land_rent"], "landlords")
            rent = float(amounts.sum())

        if month == 1 or not self.linked.any():
            growers = self.site & (population.n_able > 0)
            n_linked = min(
                round(p["linked_households_per_unit"] * capacity), int(np.count_nonzero(growers))
            )
            self.linked = refill(
                self.linked,
                growers,
                n_linked,
                p["share_poor_linked"],
                population.registered,
                u[1],
            )
        linked_pay = 0.0
        linked = np.flatnonzero(self.linked)
        if in_season and linked.size:
            linked_pay = (
                p["linked_income_per_unit"] * capacity * p["utilisation"] / len(self.season)
            )
            self.program.deliver(linked, linked_pay / linked.size, SOURCE_INDEX["crops"], "sellers")

        revenue = output * p["margin_per_unit"]
        fixed = p["fixed_cost_per_unit_year"] * capacity / 12.0
        wages = workers.size * wage
        self.book_month(
            revenue - wages - rent - linked_pay - fixed,
            output=output,
            revenue=revenue,
            wages=wages,
            land_rent=rent,
            linked_income=linked_pay,
            fixed_costs=fixed,
            staff=workers.size,
        )


FIELD_WORKSHOPS = ProgramSpec(
    "field_workshops",
    "industry",
    FieldWorkshops,
    FirmProgramSettings,
    "Aid builds a dehydrated-vegetable plant and a seedling factory run by firms: seasonal "
    "jobs, land rent, linked growers.",
)
