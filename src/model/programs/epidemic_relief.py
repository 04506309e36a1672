"""The 2020 epidemic: prevention supplies, and Linxi produce sent to Fengtai (``epidemic_relief``).

Society money is donated, not Beijing fiscal aid (it is outside seed:aid.fiscal_total).

**Epidemic relief** (``epidemic_relief``; seed:social.covid, 2020). In
``epidemic_relief.delivery_month`` the year's money buys prevention supplies for
``money / supplies_per_person`` people: registered households first, then rural households from
the most remote, then town households (whole households while they fit). Supplies protect; they
add no income. In ``produce_month`` of a year with relief, Linxi sends
``produce_kg * model.scale`` of meat, eggs and vegetables to Fengtai; the supplying households
(registered, keeping livestock) share ``producer_margin_share * produce_kg * value_per_kg`` as
``livestock`` income. This is a sale, not aid: it is a ledger flow, not spending.
"""

from __future__ import annotations

import numpy as np

from model.aid.program import AidProgram, ProgramSpec
from model.aid.selection import pay_per_person, poor_households
from model.households import SOURCE_INDEX

__all__ = ["EPIDEMIC_RELIEF", "EpidemicReliefProgram"]


class EpidemicReliefProgram(AidProgram):
    """Epidemic-prevention supplies (2020), and Linxi produce sent to Fengtai."""

    channel = "recipients"

    parameters = {
        "per_person": "supplies_per_person",
        "delivery_month": ("delivery_month", int),
        "produce_month": ("produce_month", int),
        "value_per_kg": "produce_value_per_kg",
        "margin": "producer_margin_share",
    }

    def setup(self) -> None:
        """Scale the produce sent to the simulated county."""
        super().setup()
        self.produce_kg = self.parameter("produce_kg") * self.model.scale
        self.people_covered = 0

    def step(self) -> None:
        """Deliver supplies in the delivery month; buy the produce in the produce month."""
        model = self.model
        year, month = model.year, model.month
        if not self.active(year) or not self.ledger.funds(year):
            return
        if month == self.delivery_month:
            self._deliver_supplies(year, month)
        if month == self.produce_month:
            self._buy_produce(year, month)

    def _deliver_supplies(self, year: int, month: int) -> None:
        population = self.model.households
        poor = poor_households(self.model, keep_exited=True)
        # (lexsort is stable: ties keep index order, with no key for it)
        order = np.lexsort((-population.remoteness, population.urban, ~poor))
        covered = pay_per_person(
            self.ledger,
            order,
            population.size,
            self.per_person,
            (year, month),
            "prevention supplies",
        )
        if covered.size:
            self.reach(covered)
            self.people_covered += int(population.size[covered].sum())

    def _buy_produce(self, year: int, month: int) -> None:
        population = self.model.households
        suppliers = np.flatnonzero(
            poor_households(self.model, keep_exited=True) & (population.cattle > 0)
        )
        value = self.produce_kg * self.value_per_kg
        if suppliers.size == 0 or value <= 0:
            return
        amount = self.margin * value / suppliers.size
        self.deliver(suppliers, amount, SOURCE_INDEX["livestock"], "sellers")
        self.ledger.flow(year, month, value, "produce sent to Fengtai", self.produce_kg, "kg")


EPIDEMIC_RELIEF = ProgramSpec(
    "epidemic_relief",
    "society",
    EpidemicReliefProgram,
    summary="2020 epidemic supplies; Linxi produce sent to Fengtai.",
)
