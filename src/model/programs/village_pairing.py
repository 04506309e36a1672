"""State firms' capital for paired villages' collective industry (program ``village_pairing``).

Society money is donated, not Beijing fiscal aid (it is outside seed:aid.fiscal_total).

**Village pairing** (``village_pairing``; seed:social.soe: 7 district state firms paired with
4 poor villages, 4.5 M yuan for their industry). In ``village_pairing.investment_month`` the
year's money becomes capital of the collective industry of paired villages, in the same village
order, each up to ``capital_per_village * model.scale`` (more money pairs more villages; it is
not spent if all villages are full). From the next year on, each December a village's project
pays ``return_rate * capital``; ``share_to_poor`` of it is split evenly among the village's
registered households (exited ones too) as ``dividends``, the rest stays with the collective.
Each December a working project fails with probability
``failure_hazard * model.firm_hazard_multiplier``, and in January of the scenario's
``programs.village_pairing.fail_year`` every project fails; a failed project pays nothing from
then on (its capital is lost, and new money goes to villages whose project still works).
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import households_per_village, paired_village_order, poor_households
from model.aid.settings import FirmProgramSettings
from model.households import SOURCE_INDEX

__all__ = ["VILLAGE_PAIRING", "VillagePairingProgram"]


class VillagePairingProgram(AidProgram):
    """State firms' donations as capital of paired villages' collective industry.

    ``programs.village_pairing.fail_year`` makes every village project fail in that January.
    """

    channel = "dividends"

    settings: FirmProgramSettings
    parameters = {
        "return_rate": "return_rate",
        "share_to_poor": "share_to_poor",
        "hazard": "failure_hazard",
        "investment_month": ("investment_month", int),
    }

    def setup(self) -> None:
        """Scale the capital cap to the simulated county; no village invested in yet."""
        super().setup()
        model = self.model
        self.fail_year = self.settings.fail_year
        self.capital_cap = self.parameter("capital_per_village") * model.scale
        self.capital = np.zeros(model.n_villages)
        self.paying = np.zeros(model.n_villages)
        self.failed = np.zeros(model.n_villages, dtype=bool)

    def step(self) -> None:
        """Invest in the investment month; in December, failures and dividends."""
        model = self.model
        year, month = model.year, model.month
        if year == self.fail_year and month == 1:
            self.failed |= self.capital > 0
            self.paying[self.failed] = 0.0
        if month == self.investment_month and self.active(year):
            self._invest(year, month)
        if month == 12:
            u = model.streams.get(f"program:{self.name}", model.step_index).random(model.n_villages)
            hazard = self.hazard * model.firm_hazard_multiplier
            self.failed |= (self.paying > 0) & (u < hazard)
            self.paying[self.failed] = 0.0
            self._pay_dividends(year)
            self.paying = np.where(self.failed, 0.0, self.capital)

    def _invest(self, year: int, month: int) -> None:
        money = self.ledger.available(year)
        order = paired_village_order(self.model)
        room = np.where(self.failed, 0.0, self.capital_cap - self.capital)[order]
        before = np.concatenate(([0.0], np.cumsum(room)[:-1]))
        invested = np.clip(money - before, 0.0, room)
        total = float(invested.sum())
        if total <= 0:
            return
        self.capital[order] += invested
        villages = int((invested > 0).sum())
        self.ledger.spend(year, month, total, "village collective industry", villages, "villages")

    def _pay_dividends(self, year: int) -> None:
        population = self.model.households
        pool = self.return_rate * self.paying
        if pool.sum() <= 0:
            return
        eligible = poor_households(self.model, keep_exited=True)
        counts = households_per_village(self.model, eligible)
        per_household = np.divide(
            self.share_to_poor * pool, counts, out=np.zeros_like(pool), where=counts > 0
        )
        # (take: a quicker gather than indexing)
        recipients = np.flatnonzero(eligible & (per_household.take(population.village) > 0))
        paid = float(per_household[population.village[recipients]].sum())
        if recipients.size:
            amounts = per_household[population.village[recipients]]
            self.deliver(recipients, amounts, SOURCE_INDEX["dividends"])
        self.ledger.flow(year, 12, paid, "dividends to registered households", recipients.size)
        self.ledger.flow(year, 12, float(pool.sum()) - paid, "village collective fund")


VILLAGE_PAIRING = ProgramSpec(
    "village_pairing",
    "society",
    VillagePairingProgram,
    FirmProgramSettings,
    "State firms' donations as capital of paired villages' industry; dividends.",
)
