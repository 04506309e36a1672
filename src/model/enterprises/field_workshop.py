"""A poverty workshop in the fields (扶贫车间): a small plant built with aid, run by a firm.

Two are modelled (seed:industry.workshops): the 1,000 t/yr dehydrated-vegetable plant of
Liangkeshu village, Guandi town, and the smart-greenhouse seedling factory of the Shuangying
co-operative, Tongbu town. Both work the same way, with their own parameters
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
  as for every ``Enterprise``: wages, rent and linked income stop from that month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from model.enterprises.base import Enterprise
from model.households import SOURCE_INDEX
from model.labour import hire
from model.programs.industry_tools import LazyUniforms, refill, return_land, take_dry_land

if TYPE_CHECKING:
    from model.county import LinxiModel
    from model.programs.workshops import FieldWorkshops

__all__ = ["FieldWorkshop"]


class FieldWorkshop(Enterprise):
    """One workshop in the fields.

    Args:
        model: The county model.
        program: The program that built the workshop (and records its households).
        kind: ``"dehydration"`` or ``"seedlings"``: the parameter group
            ``field_workshops.<kind>.*``.
        fail_year: A year in which the firm is forced to fail (January), or None.
    """

    def __init__(
        self,
        model: LinxiModel,
        program: FieldWorkshops,
        kind: str,
        fail_year: int | None = None,
    ) -> None:
        p: dict[str, Any] = model.params.group(f"field_workshops.{kind}")
        super().__init__(
            model,
            f"{kind}_workshop",
            fail_year=fail_year,
            failure_hazard=p["failure_hazard"],
            loss_months_to_fail=int(p["loss_months_to_fail"]),
        )
        self.kind = kind
        self.p = p
        self.program = program
        population = model.households
        self.site = population.rural & (population.township == int(p["site_township"]))
        self.season = tuple(int(m) for m in p["season_months"])
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
        if not self.operating:
            return
        population = model.households
        draws = model.streams.get(f"firm:{self.name}", model.step_index)
        if self.check_failure(draws.random()):
            return
        u = LazyUniforms(draws, 2, len(population))  # offer acceptance, order of offers
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
        self._staff_to(round(target), u)
        workers = np.flatnonzero(self.staff())
        wage = p["monthly_wage"]
        self.program.deliver(workers, wage, SOURCE_INDEX["wages_local"])

        rent = 0.0
        if month == self.rent_month:
            renters = np.flatnonzero(self.rented_mu > 0)
            amounts = self.rented_mu[renters] * p["land_rent_per_mu"]
            self.program.deliver(renters, amounts, SOURCE_INDEX["land_rent"])
            rent = float(amounts.sum())

        if month == 1 or not self.linked.any():
            growers = self.site & (population.n_able > 0)
            n_linked = min(round(p["linked_households_per_unit"] * capacity), int(growers.sum()))
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
            self.program.deliver(linked, linked_pay / linked.size, SOURCE_INDEX["crops"])

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

    def _staff_to(self, target: int, u: LazyUniforms) -> None:
        """Hire up to ``target`` workers, or let the excess go (non-poor first, in random order)."""
        population = self.model.households
        staff = np.flatnonzero(self.staff())
        if staff.size == target:
            return
        if staff.size > target:
            # Non-poor workers go first, so the registered-poor share does not fall.
            keep_order = np.lexsort((u[1][staff], ~population.registered[staff]))
            population.employer[staff[keep_order][target:]] = -1
            return
        hire(
            population,
            self.firm_index,
            target - staff.size,
            self.p["share_poor_staff"],
            self.model.params,
            u[0],
            u[1],
        )
