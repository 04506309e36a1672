"""Programs of the society family: donations, village pairing, and the 2020 epidemic relief.

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

from typing import TYPE_CHECKING

import numpy as np

from model.households import SOURCE_INDEX
from model.programs._delivery import poor_households, simple_builder, take_people, unfunded
from model.programs.base import AidProgram
from model.programs.catalog import ProgramSpec

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel
    from model.programs.settings import ProgramSettings

__all__ = ["DonationsProgram", "EpidemicReliefProgram", "PROGRAMS", "VillagePairingProgram"]


def paired_village_order(model: LinxiModel) -> np.ndarray:
    """Villages by share of registered households, highest first (then by index)."""
    population = model.households
    poor = poor_households(model, keep_exited=True)
    households = np.bincount(population.village, minlength=model.n_villages)
    poor_count = np.bincount(population.village[poor], minlength=model.n_villages)
    share = np.divide(poor_count, households, out=np.zeros(model.n_villages), where=households > 0)
    villages = np.arange(model.n_villages)
    return villages[np.lexsort((villages, -share))]


class DonationsProgram(AidProgram):
    """Donated goods and money for registered households of paired villages.

    Args:
        model: The county model.
        budget: Donations by year, yuan.
    """

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "donations", "society", budget)
        p = model.params
        self.household_share = p.value("donations.household_share")
        self.paired_villages = int(p.value("donations.paired_villages"))
        self.delivery_months = sorted(int(m) for m in p.value("donations.delivery_months"))
        self.cap = p.value("donations.max_per_household") / len(self.delivery_months)
        self.villages_paired = 0

    def step(self) -> None:
        """Hand out donations in the delivery months."""
        if unfunded(self.ledger):
            return
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
        per_village = np.bincount(population.village[poor], minlength=self.model.n_villages)
        households = np.cumsum(per_village[order])
        k = min(self.paired_villages, order.size)
        # Smallest k >= paired_villages whose households can take the money within the cap.
        enough = np.flatnonzero(households * self.cap >= money)
        needed = enough[0] + 1 if enough.size else order.size
        k = max(k, int(needed))
        self.villages_paired = max(self.villages_paired, k)
        paired = np.zeros(self.model.n_villages, dtype=bool)
        paired[order[:k]] = True
        return np.flatnonzero(poor & paired[population.village])


class VillagePairingProgram(AidProgram):
    """State firms' donations as capital of paired villages' collective industry.

    Args:
        model: The county model.
        budget: Donations by year, yuan.
        fail_year: Year in whose January every village project fails (None: only at random).
    """

    def __init__(
        self, model: LinxiModel, budget: Mapping[int, float], fail_year: int | None = None
    ) -> None:
        super().__init__(model, "village_pairing", "society", budget)
        self.fail_year = fail_year
        p = model.params
        self.capital_cap = p.value("village_pairing.capital_per_village") * model.scale
        self.return_rate = p.value("village_pairing.return_rate")
        self.share_to_poor = p.value("village_pairing.share_to_poor")
        self.hazard = p.value("village_pairing.failure_hazard")
        self.investment_month = int(p.value("village_pairing.investment_month"))
        self.capital = np.zeros(model.n_villages)
        self.paying = np.zeros(model.n_villages)
        self.failed = np.zeros(model.n_villages, dtype=bool)

    def step(self) -> None:
        """Invest in the investment month; in December, failures and dividends."""
        if unfunded(self.ledger):
            return
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
        counts = np.bincount(population.village[eligible], minlength=self.model.n_villages)
        per_household = np.divide(
            self.share_to_poor * pool, counts, out=np.zeros_like(pool), where=counts > 0
        )
        recipients = np.flatnonzero(eligible & (per_household[population.village] > 0))
        paid = float(per_household[population.village[recipients]].sum())
        if recipients.size:
            amounts = per_household[population.village[recipients]]
            self.deliver(recipients, amounts, SOURCE_INDEX["dividends"])
        self.ledger.flow(year, 12, paid, "dividends to registered households", recipients.size)
        self.ledger.flow(year, 12, float(pool.sum()) - paid, "village collective fund")


class EpidemicReliefProgram(AidProgram):
    """Epidemic-prevention supplies (2020), and Linxi produce sent to Fengtai.

    Args:
        model: The county model.
        budget: Supplies by year, yuan.
    """

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "epidemic_relief", "society", budget)
        p = model.params
        self.per_person = p.value("epidemic_relief.supplies_per_person")
        self.delivery_month = int(p.value("epidemic_relief.delivery_month"))
        self.produce_month = int(p.value("epidemic_relief.produce_month"))
        self.produce_kg = p.value("epidemic_relief.produce_kg") * model.scale
        self.value_per_kg = p.value("epidemic_relief.produce_value_per_kg")
        self.margin = p.value("epidemic_relief.producer_margin_share")
        self.people_covered = 0

    def step(self) -> None:
        """Deliver supplies in the delivery month; buy the produce in the produce month."""
        if unfunded(self.ledger):
            return
        model = self.model
        year, month = model.year, model.month
        if not self.active(year) or self.ledger.budget.get(year, 0.0) <= 0:
            return
        if month == self.delivery_month:
            self._deliver_supplies(year, month)
        if month == self.produce_month:
            self._buy_produce(year, month)

    def _deliver_supplies(self, year: int, month: int) -> None:
        population = self.model.households
        people = self.ledger.available(year) / self.per_person
        poor = poor_households(self.model, keep_exited=True)
        index = np.arange(len(population))
        order = np.lexsort((index, -population.remoteness, population.urban, ~poor))
        covered = take_people(order, population.size, people)
        if covered.size == 0:
            return
        n_people = float(population.size[covered].sum())
        self.ledger.spend(
            year, month, n_people * self.per_person, "prevention supplies", n_people, "people"
        )
        self.reach(covered)
        self.people_covered += int(n_people)

    def _buy_produce(self, year: int, month: int) -> None:
        population = self.model.households
        suppliers = np.flatnonzero(
            poor_households(self.model, keep_exited=True) & (population.cattle > 0)
        )
        value = self.produce_kg * self.value_per_kg
        if suppliers.size == 0 or value <= 0:
            return
        self.deliver(suppliers, self.margin * value / suppliers.size, SOURCE_INDEX["livestock"])
        self.ledger.flow(year, month, value, "produce sent to Fengtai", self.produce_kg, "kg")


def _build_pairing(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> VillagePairingProgram:
    return VillagePairingProgram(model, dict(budget), fail_year=settings.fail_year)


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "donations",
        "society",
        simple_builder(DonationsProgram),
        summary="Donated goods and money for poor households of paired villages.",
    ),
    ProgramSpec(
        "village_pairing",
        "society",
        _build_pairing,
        summary="State firms' donations as capital of paired villages' industry; dividends.",
    ),
    ProgramSpec(
        "epidemic_relief",
        "society",
        simple_builder(EpidemicReliefProgram),
        summary="2020 epidemic supplies; Linxi produce sent to Fengtai.",
    ),
)
