"""Paying medical bills: what insurance and medical aid pay back of a household's month's bill.

Illness charges each household its month's gross medical bill (``model.shocks``). Payers (basic
medical insurance, Beijing's medical aid, medical assistance) then each pay a part of what is
left unpaid, ``remaining = medical_bill - medical_paid``, as transfers: the household survey
counts reimbursed medical costs as transfer income and medical spending as consumption. They
step in the catalogue's order, insurance first and medical assistance, the last resort, last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.households import SOURCE_INDEX, Households

if TYPE_CHECKING:
    from model.aid.program import AidProgram

__all__ = ["pay_bills", "remaining_bills"]


def remaining_bills(population: Households, households: np.ndarray | None = None) -> np.ndarray:
    """What is left unpaid of each household's bill this month, yuan.

    Args:
        population: The households.
        households: Only these (indices), in their order; None: every household.
    """
    if households is None:
        return np.maximum(population.medical_bill - population.medical_paid, 0.0)
    # (take: a quicker gather than indexing)
    bill, paid = population.medical_bill.take(households), population.medical_paid.take(households)
    return np.maximum(bill - paid, 0.0)


def pay_bills(
    program: AidProgram,
    households: np.ndarray,
    owed: np.ndarray,
    item: str,
    patients: np.ndarray | None = None,
) -> float:
    """Pay ``owed`` towards the bills of ``households`` out of the program's ledger.

    If the year's money cannot pay it all, every claim is paid in the same proportion and the
    households pay the rest, so the ledger is never exceeded.

    Args:
        program: The paying program (its ledger, its delivery of transfers).
        households: Indices of the households paid, each once.
        owed: What each is owed, yuan (at most its remaining bill).
        item: The ledger line.
        patients: The patients of each household, if the caller has them already: its ill
            members, one for a major illness alone. None: worked out here.

    Returns:
        Yuan paid.
    """
    claims = owed > 0
    if not claims.all():  # mostly every claim is owed something: no selection then
        # (compress: quicker than a boolean index)
        households, owed = np.compress(claims, households), np.compress(claims, owed)
        if patients is not None:
            patients = np.compress(claims, patients)
    total = float(owed.sum())
    if total <= 0:
        return 0.0
    model = program.model
    available = program.ledger.available(model.year)
    delivered = total  # the sum of what is delivered (summed again if it is scaled down)
    if total > available:
        owed = owed * (available / total)
        total = available
        delivered = None
    if total <= 0:
        return 0.0
    program.ledger.spend(model.year, model.month, total, item, households.size, "households")
    population = model.households
    np.add.at(population.medical_paid, households, owed)  # += at each, in one pass
    if patients is None:  # the household's ill members (one for a major illness alone)
        patients = np.maximum(population.ill_members(households), 1)
    program.deliver(households, owed, SOURCE_INDEX["transfers"], "patients", patients, delivered)
    return total
