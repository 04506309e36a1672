"""Industry grants to registered households (产业扶持资金到户) as a domestic programme.

Most of China's fiscal poverty money went to industry, much of it paid to households as a
reward for an activity they chose from a menu and started themselves (以奖代补, 菜单式; Inner
Mongolia, R55); Linxi's menu ran through its lead industries (R2, R3). The grants were for
households able to run the activity: households without labour were reached by dibao's
back-stop (兜底, R23) and by asset-income dividends (the egg farm's, the villages'), not by
grants, and the model gives them none. Funder: the central government, whose special poverty
funds were the largest part of the money the counties pooled (R34, R21;
``docs/sources.md`` [im-domestic-programmes]).

Money to grants: each ``industry_grants.grant_month`` the money available buys
``available / industry_grants.grant_per_household`` grants.

Who: registered households (before registration, households whose last year's income per person
without transfers was below the poverty line) with an able working-age member, not granted
before (one grant per household): households not yet exited first, then exited ones (policies
stayed after exit, 脱贫不脱政策), each group by lowest income per person first.

Effect: the grant buys livestock, the activity the model's households keep (Linxi's menu also had
pigs, hens, fruit trees and herbs, R3): a household keeping cattle buys cattle, one keeping
only sheep buys sheep, one keeping neither buys cattle with probability
``industry_grants.cattle_share`` and sheep otherwise, at the year's value per head
(``herds.<species>.sale_value_per_head`` times the price index). The herd then earns, grows and
shrinks by the herd rules (``model.herds``). The grant is an asset, not income.

Beneficiaries: ``recipients``, the members of households granted (in the year of the grant).
"""

from __future__ import annotations

import math

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import poor_households

__all__ = ["INDUSTRY_GRANTS", "IndustryGrantsProgram"]


class IndustryGrantsProgram(AidProgram):
    """Grants registered households with labour money that buys cattle or sheep, once each."""

    channel = "recipients"

    parameters = {"grant_month": ("grant_month", int)}

    def setup(self) -> None:
        """No grant paid yet."""
        super().setup()
        self.granted = np.zeros(len(self.model.households), dtype=bool)
        self.head_bought = {"cattle": 0.0, "sheep": 0.0}

    def step(self) -> None:
        """Pay this year's grants in the grant month."""
        model = self.model
        if model.month == self.grant_month and self.active(model.year):
            self._grant(model.year, model.month)

    def _grant(self, year: int, month: int) -> None:
        model = self.model
        population = model.households
        at = model.params.at
        grant = at(f"{self.name}.grant_per_household", year)
        eligible = (
            poor_households(model, keep_exited=True)
            & population.rural
            & (population.n_able > 0)
            & ~self.granted
        )
        candidates = np.flatnonzero(eligible)
        income = population.net_income_pc(last_year=True, households=candidates)
        exited = population.exited[candidates]
        n = math.floor(self.ledger.available(year) / grant + 1e-9)
        chosen = candidates[np.lexsort((candidates, income, exited))][:n]
        if chosen.size == 0:
            return
        u = model.streams.get(f"program:{self.name}", model.step_index).random(chosen.size)
        cattle = (population.cattle[chosen] > 0) | (
            (population.sheep[chosen] <= 0) & (u < at(f"{self.name}.cattle_share", year))
        )
        for species, buys in (("cattle", cattle), ("sheep", ~cattle)):
            price = at(f"herds.{species}.sale_value_per_head", year) * at(
                f"herds.{species}.price_index", year
            )
            head = getattr(population, species)
            head[chosen[buys]] += grant / price
            self.head_bought[species] += float(buys.sum()) * grant / price
        self.ledger.spend(year, month, chosen.size * grant, "grants", chosen.size, "households")
        self.granted[chosen] = True
        self.reach(chosen)


INDUSTRY_GRANTS = ProgramSpec(
    "industry_grants",
    "household_grants",
    IndustryGrantsProgram,
    summary="A grant per registered household with labour that buys cattle or sheep.",
    funder="central",
)
