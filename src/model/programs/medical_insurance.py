"""Basic medical insurance for rural residents (新农合, from 2016 城乡居民基本医疗保险).

A domestic programme, funded by central and provincial subsidies per enrollee plus the enrollees'
own premiums (the fund is the budget, ``medical_insurance.aid_funding_yuan``). Enrolled households
(``insured``) pay their premium each January (``premium_per_person`` a member, a transfer
expenditure that disposable income nets out); from ``premiums_paid_for_registered_from`` the
programme pays the premiums of registered households and enrols every one of them (the
basic-medical guarantee of the exit standard).

Every month, after illness has charged each household its bill, the insurance reimburses
``reimbursement_rate`` of the bills of enrolled households, as transfers (``model.aid.medical``);
it steps first among the programmes, so Beijing's medical aid and medical assistance pay on what
it leaves. In the campaign's final year (2020) the registered households not yet exited and not
enrolled (added at the year's pass) are enrolled before the December check, their premiums paid
as far as the fund allows (the campaign's supervision, 挂牌督战, covered the basic-medical
guarantee; ``model.governance``). The rate is the effective share of all medical spending
reimbursed (inpatient policy rates were higher, outpatient and out-of-list spending lower).
"""

from __future__ import annotations

import numpy as np

from model.aid.medical import pay_bills
from model.aid.program import AidProgram, ProgramSpec
from model.households import SOURCE_INDEX

__all__ = ["MEDICAL_INSURANCE", "MedicalInsuranceProgram"]


class MedicalInsuranceProgram(AidProgram):
    """Reimburses part of enrolled households' medical bills; collects their premiums."""

    parameters = {"registered_from": ("premiums_paid_for_registered_from", int)}

    def step(self) -> None:
        """Premiums and enrolment in January; this month's reimbursements."""
        if not self.active(self.model.year):
            return
        model = self.model
        population, year = model.households, model.year
        if model.month == 1:
            self._premiums(year)
        insured = np.flatnonzero(population.insured & (population.medical_bill > 0))
        rate = model.params.at("medical_insurance.reimbursement_rate", year)
        bills = population.medical_bill.take(insured)  # (take: a quicker gather than indexing)
        pay_bills(self, insured, rate * bills, "reimbursements")

    def support_before_check(self, households: np.ndarray) -> np.ndarray | None:
        """Enrol the registered not yet exited, premiums paid, before the final year's check."""
        model = self.model
        population, year = model.households, model.year
        if not self.active(year) or year < self.registered_from:
            return None
        waiting = households[~population.insured[households]]
        population.insured[waiting] = True
        paid_for = np.zeros(len(population), dtype=bool)
        paid_for[self._pay_for_registered(waiting, year, model.month)] = True
        own = waiting[~paid_for[waiting]]
        premium = model.params.at("medical_insurance.premium_per_person", year)
        population.income[SOURCE_INDEX["transfers"], own] -= population.size[own] * premium
        return None

    def _premiums(self, year: int) -> None:
        population = self.model.households
        premium = self.model.params.at("medical_insurance.premium_per_person", year)
        paid_for = np.zeros(len(population), dtype=bool)
        if year >= self.registered_from:
            population.insured |= population.registered_poor
            candidates = np.flatnonzero(population.registered & population.insured)
            paid_for[self._pay_for_registered(candidates, year, 1)] = True
        payers = population.insured & population.rural & ~paid_for
        population.income[SOURCE_INDEX["transfers"]] -= payers * population.size * premium

    def _pay_for_registered(self, candidates: np.ndarray, year: int, month: int) -> np.ndarray:
        """Pay the premiums of registered households the fund can afford, in order.

        Returns:
            The households whose premiums the fund paid (the others pay their own).
        """
        population = self.model.households
        premium = self.model.params.at("medical_insurance.premium_per_person", year)
        amount = population.size[candidates] * premium
        affordable = np.cumsum(amount) <= self.ledger.available(year) + 1e-6
        subsidised = candidates[affordable & (amount > 0)]
        if subsidised.size:
            self.ledger.spend(
                year,
                month,
                float(amount[affordable & (amount > 0)].sum()),
                "premiums of registered households",
                subsidised.size,
                "households",
            )
            self.reach(subsidised, "recipients")
        return subsidised


MEDICAL_INSURANCE = ProgramSpec(
    "medical_insurance",
    "social_protection",
    MedicalInsuranceProgram,
    summary="Basic medical insurance reimburses part of every enrolled household's medical bills.",
    funder="central",
)
