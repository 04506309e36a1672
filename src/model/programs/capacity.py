"""The capacity family: training officials and local business leaders, cadre exchanges.

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
* Better projects: ``model.firm_hazard_multiplier = 1 - capacity_exchange.max_hazard_cut * f``
  (business leaders and officials run and oversee firms better: fewer random failures).
* Better targeting: ``model.targeting_noise_multiplier = 1 - capacity_exchange.max_noise_cut * f``
  (officials measure incomes better at registration and review).

No household is reached directly: its ``programs.csv`` rows show spending and zero beneficiaries.
With no money, ``T = 0`` and both multipliers stay exactly 1.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from model.programs.base import AidProgram
from model.programs.catalog import ProgramSpec
from model.programs.no_firm import NoFirmSettings

if TYPE_CHECKING:
    from collections.abc import Mapping

    from model.county import LinxiModel
    from model.programs.settings import ProgramSettings

__all__ = ["CapacityExchange", "PROGRAMS", "saturation"]


def saturation(trained: float, reference: float) -> float:
    """Share ``f`` of the largest capacity effect reached with ``trained`` people in post."""
    if trained <= 0 or reference <= 0:
        return 0.0
    return float(-math.expm1(-trained / reference))


class CapacityExchange(AidProgram):
    """Trains officials and business leaders; lowers firm failure and targeting error."""

    def __init__(self, model: LinxiModel, budget: Mapping[int, float]) -> None:
        super().__init__(model, "capacity_exchange", "capacity", budget)
        p = model.params
        self.cost_per_trainee = p.value("capacity_exchange.cost_per_trainee")
        self.turnover = p.value("capacity_exchange.turnover_rate")
        self.reference = p.value("capacity_exchange.reference_trainees") * model.scale
        self.max_hazard_cut = p.value("capacity_exchange.max_hazard_cut")
        self.max_noise_cut = p.value("capacity_exchange.max_noise_cut")
        self.base_hazard = model.firm_hazard_multiplier
        self.base_noise = model.targeting_noise_multiplier
        self.trained = 0.0
        self.trained_in: dict[int, float] = {}

    def effect(self) -> float:
        """Share of the largest effect reached now."""
        return saturation(self.trained, self.reference)

    def step(self) -> None:
        """Train this month's people and set the model's two multipliers."""
        model = self.model
        year, month = model.year, model.month
        if month == 1:
            self.trained *= 1.0 - self.turnover
        money = self.ledger.available(year) if self.active(year) else 0.0
        if money > 0:
            amount = money / (12 - month + 1)
            people = amount / self.cost_per_trainee
            self.ledger.spend(year, month, amount, "training", people, "people")
            self.trained += people
            self.trained_in[year] = self.trained_in.get(year, 0.0) + people
        if self.trained > 0:
            f = self.effect()
            model.firm_hazard_multiplier = self.base_hazard * (1.0 - self.max_hazard_cut * f)
            model.targeting_noise_multiplier = self.base_noise * (1.0 - self.max_noise_cut * f)


def _build(
    model: LinxiModel, spec: ProgramSpec, settings: ProgramSettings, budget: Mapping[int, float]
) -> AidProgram:
    return CapacityExchange(model, dict(budget))


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "capacity_exchange",
        "capacity",
        _build,
        NoFirmSettings,
        summary="Training officials and business leaders: fewer firm failures, better targeting.",
        reaches_households=False,
    ),
)
