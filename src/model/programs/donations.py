"""Donations of money and goods to poor households of paired villages (program ``donations``).

Society money is donated, not Beijing fiscal aid (it is outside seed:aid.fiscal_total).

**Donations** (``donations``; seed:social.donations 7.15 M yuan of money and goods, and
seed:social.2020 1.45 M in 2020). In each of the ``donations.delivery_months`` the program hands
out ``M = available / deliveries left this year``: ``household_share * M`` as goods and money to
registered households (exited ones too: help stayed after exit) of paired villages, the rest as
village public goods (medical equipment, training of village leaders; no household income).
Villages are paired in order of their share of registered households (then index), starting with
``donations.paired_villages``; if each household would get more than the cap ``max_per_household
/ len(delivery_months)`` per delivery, more villages are paired until it would not (diminishing
returns: one household can use only so many gifts). Each household gets ``min(cap, household
money / households)`` as ``transfers``; what the cap leaves over (and the matching public-goods
part) waits for the next delivery.
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec, months
from model.aid.selection import households_per_village, paired_village_order, poor_households
from model.households import SOURCE_INDEX

__all__ = ["DONATIONS", "DonationsProgram"]


class DonationsProgram(AidProgram):
    """Donated goods and money for registered households of paired villages."""

    channel = "recipients"
    parameters = {
        "household_share": "household_share",
        "paired_villages": ("paired_villages", int),
        "delivery_months": ("delivery_months", months),
        "max_per_household": "max_per_household",
    }

    def setup(self) -> None:
        """Spread the cap per household over the year's deliveries."""
        super().setup()
        self.cap = self.max_per_household / len(self.delivery_months)
        self.villages_paired = 0

    def step(self) -> None:
        """Hand out donations in the delivery months."""
        model = self.model
        year, month = model.year, model.month
        if month not in self.delivery_months or not self.active(year):
            return
        left = sum(1 for m in self.delivery_months if m >= month)
        money = self.ledger.available(year) / left
        if money <= 0:
            return
        to_households = self.household_share * money
        recipients = self._recipients(to_households)
        if recipients.size == 0:
            return
        amount = min(self.cap, to_households / recipients.size)
        given = amount * recipients.size
        public = given * (1.0 - self.household_share) / self.household_share
        self.ledger.spend(year, month, given, "goods and money to households", recipients.size)
        self.ledger.spend(year, month, public, "village public goods")
        self.deliver(recipients, amount, SOURCE_INDEX["transfers"])

    def _recipients(self, money: float) -> np.ndarray:
        """Registered households of the paired villages, pairing more if the cap binds."""
        population = self.model.households
        poor = poor_households(self.model, keep_exited=True)
        order = paired_village_order(self.model)
        per_village = households_per_village(self.model, poor)
        households = np.cumsum(per_village[order])
        k = min(self.paired_villages, order.size)
        # Smallest k >= paired_villages whose households can take the money within the cap.
        enough = np.flatnonzero(households * self.cap >= money)
        needed = enough[0] + 1 if enough.size else order.size
        k = max(k, int(needed))
        self.villages_paired = max(self.villages_paired, k)
        paired = np.zeros(self.model.n_villages, dtype=bool)
        paired[order[:k]] = True
        return np.flatnonzero(poor & paired.take(population.village))  # (take: quicker)


DONATIONS = ProgramSpec(
    "donations",
    "society",
    DonationsProgram,
    summary="Donated goods and money for poor households of paired villages.",
)
