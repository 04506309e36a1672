"""Training officials and local business leaders (program ``capacity_exchange``, capacity family).

"0.97 M yuan trains 469 poverty-alleviation officials and 340 local business leaders"
(seed:people.training); officials and technicians were exchanged between Fengtai and Linxi
(seed:people.cadres, seed:people.technicians: paid by their own governments, not from aid, and so
not modelled apart from the training).

How it acts (kept modest; the account reports no effect, only the training):

* Money to trainees: each month the program spends ``A / m`` of the money available ``A``
  (``m`` months left in the year); ``capacity_exchange.cost_per_trainee`` yuan trains one person.
* Stock: trained people ``T`` leave their posts at ``capacity_exchange.turnover_rate`` a year
  (applied each January). Saturation: ``f = 1 - exp(-T / (T_ref * scale))``, with ``T_ref`` =
  ``capacity_exchange.reference_trainees`` (the account's 809) and ``scale`` the simulated share
  of the county; ``f`` is 0.63 at the account's level and never reaches 1.
* Better projects: a multiplier ``1 - capacity_exchange.max_hazard_cut * f`` on every firm's
  failure hazard (business leaders and officials run and oversee firms better: fewer random
  failures), set through the county's ``set_capacity_effect`` hook.
* Better targeting: a multiplier ``1 - capacity_exchange.max_noise_cut * f`` on the noise of the
  registration's income test (officials measure incomes better at registration and review).

No household is reached directly: its ``programs.csv`` rows show spending and zero beneficiaries.
With no money, ``T = 0`` and both multipliers stay exactly 1.
"""

from __future__ import annotations

import math

from model.aid.program import AidProgram, ProgramSpec

__all__ = ["CAPACITY_EXCHANGE", "CapacityExchange", "saturation"]


def saturation(trained: float, reference: float) -> float:
    """Share ``f`` of the largest capacity effect reached with ``trained`` people in post."""
    if trained <= 0 or reference <= 0:
        return 0.0
    return float(-math.expm1(-trained / reference))


class CapacityExchange(AidProgram):
    """Trains officials and business leaders; lowers firm failure and targeting error."""

    parameters = {
        "cost_per_trainee": "cost_per_trainee",
        "turnover": "turnover_rate",
        "max_hazard_cut": "max_hazard_cut",
        "max_noise_cut": "max_noise_cut",
    }

    def setup(self) -> None:
        """Scale the reference trainees to the simulated county; nobody trained yet."""
        super().setup()
        self.reference = self.parameter("reference_trainees") * self.model.scale
        self.trained = 0.0
        self.trained_in: dict[int, float] = {}

    def effect(self) -> float:
        """Share of the largest effect reached now."""
        return saturation(self.trained, self.reference)

    def step(self) -> None:
        """Train this month's people and set the effect on firm hazard and targeting noise."""
        model = self.model
        year, month = model.year, model.month
        if month == 1:
            self.trained *= 1.0 - self.turnover
        money = self.ledger.available(year) if self.active(year) else 0.0
        if money > 0:
            amount = self.ledger.month_allowance(year, month)
            people = amount / self.cost_per_trainee
            self.ledger.spend(year, month, amount, "training", people, "people")
            self.trained += people
            self.trained_in[year] = self.trained_in.get(year, 0.0) + people
        if self.trained > 0:
            f = self.effect()
            model.set_capacity_effect(
                self.name,
                firm_hazard=1.0 - self.max_hazard_cut * f,
                noise=1.0 - self.max_noise_cut * f,
            )


CAPACITY_EXCHANGE = ProgramSpec(
    "capacity_exchange",
    "capacity",
    CapacityExchange,
    summary="Training officials and business leaders: fewer firm failures, better targeting.",
    reaches_households=False,
)
