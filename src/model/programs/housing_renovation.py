"""Rural housing renovation (农村危房改造) as a domestic programme.

China's programme for unsafe rural houses, paid mostly by the central government with the
region's matching (Hohhot's 2018 allocation: 69% central, 31% region, R28; ``docs/sources.md``
[im-domestic-programmes]); its funder here is the central government.

Money to capacity: in ``housing_renovation.repair_month`` of each year the money available buys
``available / housing_renovation.subsidy_per_household`` renovations (the subsidy of the year).

Who: rural households living in an unsafe house (``safe_housing`` false) in one of the priority
groups of the rules ("五保, dibao, poor disabled and registered households", R28), in this order:

1. registered households not yet exited (before registration, in 2011-2014: households whose
   last year's income per person without transfers was below the poverty line; see
   ``poor_households``);
2. households receiving dibao;
3. households with an ill or disabled member below the poverty line on that income;

within a group the lowest income per person first. Houses are renovated whole: the program
takes the first households of that order its money pays for, and what is left waits for the
next year.

In the campaign's final year (2020) the registered households not yet exited that live in an
unsafe house (those added at the year's pass) are renovated before the December check, lowest
income first, with the money the year has left (the campaign's supervision, 挂牌督战, covered the
housing guarantee; ``model.governance``). Those the money does not reach are housed safely at
once by arrangement, at no cost to the programme: the 2020 rule for households found unsafe
after the June verification put them first in collective public rental housing, a rented idle
village house or with relatives ("可以先通过集体公租房、租赁闲置农房、鼓励投亲靠友等方式妥善安置",
the vice-minister of housing, 人民日报 2020-06-08), which the verification counted as safe housing
(保障安全; ``docs/sources.md`` [housing-2020]). The ledger records them as a flow of zero yuan.

Effect: the house is safe (``safe_housing``), one of the guarantees of the exit standard.
Beneficiaries: ``renovated``, the members of households whose house was renovated (counted in
the year of the work), and ``households``, those housed by arrangement at the 2020 pass. The
arrangement is this programme's rule: with the programme switched off or given no money, nobody
is housed that way.
"""

from __future__ import annotations

import math

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import poor_households

__all__ = ["HOUSING_RENOVATION", "HousingRenovationProgram"]


class HousingRenovationProgram(AidProgram):
    """Renovates the unsafe houses of the priority groups, as far as the year's money goes."""

    channel = "renovated"

    parameters = {"repair_month": ("repair_month", int)}

    def setup(self) -> None:
        """No house renovated yet."""
        super().setup()
        self.renovated_total = 0
        #: Households housed safely by arrangement at the final year's pass.
        self.arranged_total = 0

    def step(self) -> None:
        """Renovate this year's houses in the repair month."""
        model = self.model
        if model.month == self.repair_month and self.active(model.year):
            self._renovate(model.year, model.month)

    def priority_order(self) -> np.ndarray:
        """Eligible households (indices) in the order the rules renovate them."""
        model = self.model
        population = model.households
        # groups: 0 the registered poor, 1 dibao, 2 poor ill or disabled, 3 none (not eligible)
        unsafe = np.flatnonzero(population.rural & ~population.safe_housing)
        group = np.full(unsafe.size, 3, dtype=np.int8)
        # the income test only for the unsafe houses' ill (the same values as the county's)
        ill = np.flatnonzero(population.ill_members(unsafe) > 0)  # (positions in unsafe)
        market_pc = population.market_income_pc(last_year=True, households=unsafe[ill])
        group[ill[market_pc < model.conditions.poverty_line]] = 2
        group[population.dibao.take(unsafe)] = 1
        group[poor_households(model, keep_exited=False).take(unsafe)] = 0
        listed = group < 3
        candidates, group = unsafe[listed], group[listed]
        income = population.net_income_pc(last_year=True, households=candidates)
        return candidates[np.lexsort((candidates, income, group))]

    def support_before_check(self, households: np.ndarray) -> np.ndarray | None:
        """House the registered not yet exited safely: renovated as money lasts, or arranged."""
        model = self.model
        if not self.active(model.year):
            return None
        population = model.households
        unsafe = households[~population.safe_housing[households]]
        income = population.net_income_pc(households=unsafe)
        self._renovate(model.year, model.month, unsafe[np.lexsort((unsafe, income))])
        arranged = unsafe[~population.safe_housing[unsafe]]
        if arranged.size:
            population.safe_housing[arranged] = True
            self.ledger.flow(
                model.year, model.month, 0.0, "housed by arrangement", arranged.size, "households"
            )
            self.reach(arranged, "households")
            self.arranged_total += int(arranged.size)
        return None

    def _renovate(self, year: int, month: int, order: np.ndarray | None = None) -> None:
        subsidy = self.model.params.at(f"{self.name}.subsidy_per_household", year)
        houses = math.floor(self.ledger.available(year) / subsidy + 1e-9)
        chosen = (self.priority_order() if order is None else order)[:houses]
        if chosen.size == 0:
            return
        self.ledger.spend(
            year, month, chosen.size * subsidy, "house renovation", chosen.size, "households"
        )
        self.model.households.safe_housing[chosen] = True
        self.reach(chosen)
        self.renovated_total += int(chosen.size)


HOUSING_RENOVATION = ProgramSpec(
    "housing_renovation",
    "housing",
    HousingRenovationProgram,
    summary="Unsafe houses of registered, dibao and poor disabled households renovated.",
    funder="central",
)
