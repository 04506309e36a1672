"""Cash transfers (program ``cash_transfers``, cash family): a counterfactual the account lacks.

**Cash transfers** (``cash_transfers``). Its default budget is zero in every year, so the
baseline is the account's. A scenario gives it money by year (``programs.cash_transfers.
funding_yuan``) or the default budget of another family (``programs.cash_transfers.
same_budget_as_family = "industry"``, see ``CashSettings``) to compare "jobs and assets or
cash?" at equal cost.

Eligibility: registered households, exited ones too (policies stayed with households after
exit, as for the asset-income dividends; this also keeps who is eligible independent of the
cash itself, so more cash never means fewer recipients). Before registration: rural households
whose last year's income per person without transfers was below the poverty line (see
``poor_households``).

Payments: ``P = cash_transfers.payments_per_year`` a year (a divisor of 12), in the last month
of each period (monthly: every month; yearly: December). A payment spends
``M = available / payments left this year`` (unspent money carries over; with nobody eligible
nothing is spent). With ``s = cash_transfers.share_lowest_first``:

* evenly: ``(1 - s) * M`` is split equally over the eligible households;
* lowest first: ``s * M`` fills income per person from the bottom. With ``y_i`` the last
  complete year's net income per person and ``n_i`` household size, the level ``L`` solves
  ``sum_i n_i * max(L - y_i, 0) = s * M * P`` (the yearly top-up at this payment's rate), and
  household ``i`` gets ``n_i * max(L - y_i, 0) / P``.

Money is paid as ``transfers`` income. No other rule changes: dibao is tested on income without
transfers, so cash does not crowd it out. Cash stops when the budget stops: nothing lasts
beyond the payments (unlike a job or a rent).
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import poor_households
from model.aid.settings import CashSettings
from model.households import SOURCE_INDEX
from model.order import stable_argsort

__all__ = ["CASH_TRANSFERS", "CashTransfersProgram", "fill_from_bottom"]

_MONTHS_PER_YEAR = 12


def fill_from_bottom(income_pc: np.ndarray, size: np.ndarray, money: float) -> np.ndarray:
    """Split ``money`` so that the lowest incomes per person are raised to a common level.

    Returns each household's amount ``size * max(L - income_pc, 0)`` where the level ``L``
    makes the amounts sum to ``money`` (water filling). More money raises ``L``, so no
    household gets less and no recipient is dropped.
    """
    amounts = np.zeros(income_pc.shape)
    if money <= 0 or income_pc.size == 0:
        return amounts
    order = stable_argsort(income_pc)
    y, n = income_pc[order], size[order].astype(float)
    people = np.cumsum(n)
    # Money needed to raise the first k households to the income of household k (0-based).
    needed = people * y - np.cumsum(n * y)
    k = int(np.searchsorted(needed, money, side="right"))  # households at or below the level
    level = y[k - 1] + (money - needed[k - 1]) / people[k - 1]
    amounts[order[:k]] = n[:k] * np.maximum(level - y[:k], 0.0)
    return amounts


class CashTransfersProgram(AidProgram):
    """Pays cash to registered-poor households, evenly or lowest income first."""

    channel = "recipients"

    settings: CashSettings
    parameters = {
        "share_lowest_first": "share_lowest_first",
        "payments_per_year": ("payments_per_year", int),
    }

    def setup(self) -> None:
        """Check the payments divide the year; a payment every ``period`` months."""
        super().setup()
        if _MONTHS_PER_YEAR % self.payments_per_year:
            raise ValueError(
                "cash_transfers.payments_per_year: expected 1, 2, 3, 4, 6 or 12, "
                f"got {self.payments_per_year}"
            )
        self.period = _MONTHS_PER_YEAR // self.payments_per_year

    def step(self) -> None:
        """Pay this period's cash at the end of the period."""
        model = self.model
        year, month = model.year, model.month
        if month % self.period or not self.active(year):
            return
        payments_left = (_MONTHS_PER_YEAR - month) // self.period + 1
        money = self.ledger.available(year) / payments_left
        eligible = np.flatnonzero(poor_households(model, keep_exited=True))
        if money <= 0 or eligible.size == 0:
            return
        population = model.households
        amounts = np.full(eligible.size, (1.0 - self.share_lowest_first) * money / eligible.size)
        if self.share_lowest_first > 0:
            income_pc = population.net_income_pc(last_year=True, households=eligible)
            yearly = self.share_lowest_first * money * self.payments_per_year
            amounts += (
                fill_from_bottom(income_pc, population.size[eligible], yearly)
                / self.payments_per_year
            )
        paid = amounts > 0
        recipients, amounts = eligible[paid], amounts[paid]
        total = float(amounts.sum())
        self.ledger.spend(year, month, min(total, money), "cash", recipients.size, "households")
        self.deliver(recipients, amounts, SOURCE_INDEX["transfers"])


CASH_TRANSFERS = ProgramSpec(
    "cash_transfers",
    "cash",
    CashTransfersProgram,
    CashSettings,
    "Cash to registered-poor households (zero by default): the 'cash instead' counterfactual.",
)
