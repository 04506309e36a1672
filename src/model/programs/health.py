"""Medical aid for poor households (program ``health``).

seed:health.program: 13 M yuan; 9,540 poor people aided. Each budget year, at its first month,
``1 - health.medical_aid_share`` of the year's budget trains Linxi medical staff
(``/ health.cost_per_staff_training_place`` places; recorded, no household effect modelled). The
rest is a medical-aid fund for registered households (exited ones too: policies stayed after
exit). Every month the program sets next month's cover

    c = min(max_cover, M / E),   M = fund available for that year / months left in it,
    E = sum over eligible households of (n_ill * chronic_cost / 12 + p_major * major_cost),

with ``p_major`` the monthly major-illness probability; ``shocks.illness_month`` then charges
eligible households only ``(1 - c)`` of their costs. After the illness step the program pays
the covered part, ``oop * c / (1 - c)`` per household (``oop`` = out-of-pocket cost this
month). If the fund cannot pay it all, it pays what it has and the households pay the rest, so
the ledger is never exceeded. Diminishing returns: cover cannot exceed ``max_cover`` of the
costs the poor actually face, so money beyond that waits (carries over). ``medical_cover`` is
owned by this program.

Illness and disability cause a large share of poverty in Linxi (seed:infra.health_buildings);
township hospitals are a separate program (``model.programs.health_buildings``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import poor_households
from model.aid.settings import ProgramSettings
from model.households import SOURCE_INDEX
from model.shocks import per_month

if TYPE_CHECKING:
    from model.aid.funding import Ledger
    from model.context import County

__all__ = ["HEALTH", "MedicalAidProgram"]

_COSTS = SOURCE_INDEX["medical_costs"]


class MedicalAidProgram(AidProgram):
    """Pays a share of registered households' medical costs; trains medical staff."""

    channel = "patients"

    def __init__(
        self, model: County, spec: ProgramSpec, settings: ProgramSettings, ledger: Ledger
    ) -> None:
        super().__init__(model, spec, settings, ledger)
        p = model.params
        self.aid_share = p.value("health.medical_aid_share")
        self.cost_per_training = p.value("health.cost_per_staff_training_place")
        self.max_cover = p.value("health.max_cover")
        n = len(model.households)
        self.cover = np.zeros(n)
        self._costs_seen = np.zeros(n)
        self._insured = np.zeros(0, dtype=np.intp)
        self._training_years: set[int] = set()
        self.people_aided_ever = np.zeros(n, dtype=bool)

    def _training_money(self, year: int) -> float:
        return (1.0 - self.aid_share) * self.ledger.budget.get(year, 0.0)

    def step(self) -> None:
        """Train staff (first month of a budget year), pay this month's cover, set the next."""
        if not self.ledger.funded:
            return
        model = self.model
        year, month = model.year, model.month
        if year in self.ledger.budget and year not in self._training_years:
            self._training_years.add(year)
            money = min(self._training_money(year), self.ledger.available(year))
            if money > 0:
                places = money / self.cost_per_training
                self.ledger.spend(year, month, money, "medical staff training", places, "places")
        self._pay_cover(year, month)
        self._set_next_cover(year, month)

    def _pay_cover(self, year: int, month: int) -> None:
        population = self.model.households
        costs = population.income[_COSTS]
        insured = self._insured
        before = self._costs_seen[insured] if month > 1 else 0.0
        out_of_pocket = np.maximum(before - costs[insured], 0.0)
        claims = out_of_pocket > 0
        covered = insured[claims]
        if covered.size:
            c = self.cover[covered]
            owed = out_of_pocket[claims] * c / (1.0 - c)
            total = float(owed.sum())
            available = self.ledger.available(year)
            if total > available:
                # The fund ran dry: the households pay the part it cannot.
                paid = owed * (available / total)
                population.income[_COSTS, covered] -= owed - paid
                owed, total = paid, available
            if total > 0:
                self.ledger.spend(year, month, total, "medical aid", covered.size, "households")
                self.income_delivered[year] = self.income_delivered.get(year, 0.0) + total
                self.reach(covered, people=np.maximum(population.n_ill[covered], 1))
                self.people_aided_ever[covered] = True
        self._costs_seen = population.income[_COSTS].copy()

    def _set_next_cover(self, year: int, month: int) -> None:
        model, population, params = self.model, self.model.households, self.model.params
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        fund = self.ledger.available(next_year)
        if next_year not in self._training_years:
            fund -= self._training_money(next_year)
        money = max(fund, 0.0) / (12 - next_month + 1)
        eligible = np.flatnonzero(poor_households(model, keep_exited=True))
        n_ill = population.n_ill_working[eligible] + population.n_ill_other[eligible]
        chronic = n_ill.sum() * params.at("health.chronic_cost", next_year) / 12.0
        p_major = per_month(params.at("health.major_illness_rate", next_year))
        expected = chronic + eligible.size * p_major * params.at(
            "health.major_illness_cost", next_year
        )
        level = min(self.max_cover, money / expected) if expected > 0 else 0.0
        self.cover.fill(0.0)
        self._insured = eligible if level > 0 else eligible[:0]
        self.cover[self._insured] = level
        population.medical_cover[...] = self.cover

    @property
    def people_aided(self) -> int:
        """People in households whose costs medical aid has paid at least once."""
        return int(self.model.households.size[self.people_aided_ever].sum())


HEALTH = ProgramSpec(
    "health",
    "services",
    MedicalAidProgram,
    summary="Medical aid pays part of registered households' medical costs.",
)
