"""Medical assistance (医疗救助) and the cap on what registered households pay for care.

A domestic programme of the civil-affairs system. It pays ``dibao_share`` of what dibao
households are left to pay after insurance (medical assistance is for dibao families and the
destitute: 社会救助暂行办法, State Council decree 649, 2014, article 28). From ``cap_from`` (the
"treat first, pay later" and one-stop settlement of 2017) it also caps what registered households
(exited ones too: policies stayed after exit) pay for care at ``cap_share`` of their bill,
paying the rest of what insurance and other aid left; a registered household on dibao has the
cap, which leaves it less to pay. It steps last among the programmes that pay bills
(``model.aid.medical``).
"""

from __future__ import annotations

import numpy as np

from model.aid.medical import pay_bills, remaining_bills
from model.aid.program import AidProgram, ProgramSpec

__all__ = ["MEDICAL_ASSISTANCE", "MedicalAssistanceProgram"]


class MedicalAssistanceProgram(AidProgram):
    """Pays part of what dibao households are left to pay; from 2017 caps registered ones'."""

    parameters = {"cap_from": ("cap_from", int)}

    def step(self) -> None:
        """Pay this month's share of the bills left to the poor."""
        if not self.active(self.model.year):
            return
        model = self.model
        population, year, at = model.households, model.year, model.params.at
        unpaid = population.medical_bill > population.medical_paid  # something left to pay
        dibao = population.dibao
        if year >= self.cap_from:
            capped = population.registered
            eligible = np.flatnonzero(capped & unpaid)
            bills = population.medical_bill.take(eligible)  # (take: quicker than indexing)
            cap = at("medical_assistance.cap_share", year) * bills
            owed = np.maximum(remaining_bills(population, eligible) - cap, 0.0)
            pay_bills(self, eligible, owed, "medical assistance")
            dibao = dibao & ~capped  # the cap already paid the registered ones' share
        eligible = np.flatnonzero(dibao & unpaid)
        owed = at("medical_assistance.dibao_share", year) * remaining_bills(population, eligible)
        pay_bills(self, eligible, owed, "medical assistance")


MEDICAL_ASSISTANCE = ProgramSpec(
    "medical_assistance",
    "social_protection",
    MedicalAssistanceProgram,
    summary=(
        "Medical assistance pays part of the bills left to dibao households, and from 2017 "
        "caps registered households' share."
    ),
    funder="central",
)
