"""Medical assistance (医疗救助) and the cap on what registered households pay for care.

A domestic programme of the civil-affairs system. Until ``cap_from`` it pays
``dibao_share`` of what dibao households are left to pay after insurance. From ``cap_from`` (the
"treat first, pay later" and one-stop settlement of 2017), it caps what registered households
(exited ones too: policies stayed after exit) pay for care at ``cap_share`` of their bill,
paying the rest of what insurance and other aid left. It steps last among the programmes that
pay bills (``model.aid.medical``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.aid.medical import pay_bills, remaining_bills
from model.aid.program import AidProgram, ProgramSpec
from model.aid.settings import ProgramSettings

if TYPE_CHECKING:
    from model.aid.funding import Ledger
    from model.context import County

__all__ = ["MEDICAL_ASSISTANCE", "MedicalAssistanceProgram"]


class MedicalAssistanceProgram(AidProgram):
    """Pays what dibao households, then registered households above a cap, are left to pay."""

    def __init__(
        self, model: County, spec: ProgramSpec, settings: ProgramSettings, ledger: Ledger
    ) -> None:
        super().__init__(model, spec, settings, ledger)
        self.cap_from = int(model.params.value("medical_assistance.cap_from"))

    def step(self) -> None:
        """Pay this month's share of the bills left to the poor."""
        if not self.ledger.funded or not self.active(self.model.year):
            return
        model = self.model
        population, year, at = model.households, model.year, model.params.at
        unpaid = population.medical_bill > population.medical_paid  # something left to pay
        if year >= self.cap_from:
            eligible = np.flatnonzero(population.registered & unpaid)
            cap = at("medical_assistance.cap_share", year) * population.medical_bill[eligible]
            owed = np.maximum(remaining_bills(population, eligible) - cap, 0.0)
        else:
            eligible = np.flatnonzero(population.dibao & unpaid)
            share = at("medical_assistance.dibao_share", year)
            owed = share * remaining_bills(population, eligible)
        pay_bills(self, eligible, owed, "medical assistance")


MEDICAL_ASSISTANCE = ProgramSpec(
    "medical_assistance",
    "social_protection",
    MedicalAssistanceProgram,
    summary=(
        "Medical assistance pays bills left to dibao households, then caps registered "
        "households' share."
    ),
    funder="central",
)
