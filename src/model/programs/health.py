"""Medical aid for poor households (program ``health``).

seed:health.program: 13 M yuan; 9,540 poor people aided. Each budget year, at its first month,
``1 - health.medical_aid_share`` of the year's budget trains Linxi medical staff
(``/ health.cost_per_staff_training_place`` places; recorded, no household effect modelled). The
rest is a medical-aid fund for registered households (exited ones too: policies stayed after
exit). Every month the program sets next month's cover

    c = min(max_cover, M / E),   M = fund available for that year / months left in it,
    E = expected bills left after basic insurance, over eligible households
      = sum of (n_ill * chronic_cost / 12 + p_major * major_cost) * prices * (1 - r),

with ``p_major`` the monthly major-illness probability and ``r`` the insurance's reimbursement
rate. After the illness step (and after the insurance has paid) it pays ``c`` of what is left of
each eligible household's bill, as transfers (``model.aid.medical``). If the fund cannot pay it
all, it pays what it has and the households pay the rest, so the ledger is never exceeded.
Diminishing returns: cover cannot exceed ``max_cover`` of the bills the poor are left with, so
money beyond that waits (carries over).

Illness and disability cause a large share of poverty in Linxi (seed:infra.health_buildings);
township hospitals are a separate program (``model.programs.health_buildings``).
"""

from __future__ import annotations

import numpy as np

from model.aid.medical import pay_bills, remaining_bills
from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import KeptHouseholds, poor_households
from model.shocks import per_month

__all__ = ["HEALTH", "MedicalAidProgram"]


class MedicalAidProgram(AidProgram):
    """Pays a share of registered households' medical costs; trains medical staff."""

    parameters = {
        "aid_share": "medical_aid_share",
        "cost_per_training": "cost_per_staff_training_place",
        "max_cover": "max_cover",
    }

    def setup(self) -> None:
        """Nobody covered or aided yet."""
        super().setup()
        n = len(self.model.households)
        #: The households covered this month (indices) and the share of their bills left after
        #: insurance that the aid pays (one level for all of them; ``cover`` by household).
        self._covered = np.zeros(0, dtype=np.intp)
        self._level = 0.0
        self._training_years: set[int] = set()
        self.people_aided_ever = np.zeros(n, dtype=bool)
        #: Patients aided in each household at least once (the most counted in one payment).
        self.patients_ever = np.zeros(n, dtype=np.int16)
        #: The eligible households after registration (``_eligible``).
        self._eligible_kept = KeptHouseholds()

    def _training_money(self, year: int) -> float:
        return (1.0 - self.aid_share) * self.ledger.budget.get(year, 0.0)

    def step(self) -> None:
        """Train staff (first month of a budget year), pay this month's cover, set the next."""
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
        covered = self._covered
        if covered.size == 0:
            return
        population = self.model.households
        owed = self._level * remaining_bills(population, covered)
        claims = owed > 0  # (compress: quicker than a boolean index)
        paid, owed = np.compress(claims, covered), np.compress(claims, owed)
        # its patients: the ill members (one for a major illness alone), each counted once
        patients = np.maximum(population.ill_members(paid), 1)
        if pay_bills(self, paid, owed, "medical aid", patients) > 0:
            self.people_aided_ever[paid] = True
            self.patients_ever[paid] = np.maximum(self.patients_ever[paid], patients)

    def _set_next_cover(self, year: int, month: int) -> None:
        population, params = self.model.households, self.model.params
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        fund = self.ledger.available(next_year)
        if next_year not in self._training_years:
            fund -= self._training_money(next_year)
        money = max(fund, 0.0) / (12 - next_month + 1)
        if money <= 0:  # nothing to cover (most months): no need to find who would be
            self._covered, self._level = np.zeros(0, dtype=np.intp), 0.0
            return
        eligible = self._eligible()
        n_ill = population.ill_members(eligible)
        chronic = n_ill.sum() * params.at("health.chronic_cost", next_year) / 12.0
        p_major = per_month(params.at("health.major_illness_rate", next_year))
        expected = chronic + eligible.size * p_major * params.at(
            "health.major_illness_cost", next_year
        )
        expected *= params.at("health.cost_index", next_year) * (
            1.0 - params.at("medical_insurance.reimbursement_rate", next_year)
        )
        level = min(self.max_cover, money / expected) if expected > 0 else 0.0
        self._covered = eligible if level > 0 else eligible[:0]
        self._level = level

    def _eligible(self) -> np.ndarray:
        """The households the aid is for (indices, in order): ``poor_households``.

        After registration they are the registered households with members: kept while
        neither ``registered`` nor ``size`` changes (most months). Before, they depend on
        incomes, and are found each time.
        """
        population = self.model.households

        def find() -> tuple[np.ndarray]:
            return (np.flatnonzero(poor_households(self.model, keep_exited=True)),)

        if not population.registered.any():
            return find()[0]
        return self._eligible_kept.get((population.registered, population.size), find)[0]

    @property
    def cover(self) -> np.ndarray:
        """Share of the bills left after insurance that the aid pays, by household (this month)."""
        cover = np.zeros(len(self.model.households))
        cover[self._covered] = self._level
        return cover

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
