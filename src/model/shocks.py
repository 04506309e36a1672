"""Illness, month by month: chronic illness and disability, recovery, and medical costs.

Illness and disability are a main cause of poverty (seed:infra.health_buildings): a healthy
working-age member can fall chronically ill (and stop working), the ill can recover, and a
household can face a major illness with a large medical bill. The bill (gross spending, growing
with medical prices) is recorded as the ``medical_costs`` income row (negative) and as this
month's ``medical_bill``; insurance and medical aid reimburse parts of it as transfers
(``model.aid.medical``). The income statistics do not subtract medical spending; the second
income measure does (``model.income``). Drought is in ``model.weather``; the
elderly's illness onset comes with ageing (``model.demography``).
"""

from __future__ import annotations

import numpy as np

from model.households import MAX_MEMBERS, SOURCE_INDEX, Households
from model.parameters import Parameters
from model.rng import bernoulli_indices

__all__ = ["illness_month", "per_month"]


def per_month(rate_per_year: float | np.ndarray) -> float | np.ndarray:
    """Convert a yearly probability to the monthly probability with the same yearly total."""
    return 1.0 - (1.0 - np.asarray(rate_per_year)) ** (1.0 / 12.0)


def illness_month(
    population: Households, params: Parameters, rng: np.random.Generator, year: int
) -> None:
    """Apply one month of illness onset, recovery and medical costs.

    Args:
        population: The households (changed in place).
        params: Model parameters (``health.*``).
        rng: This month's ``"illness"`` stream.
        year: The calendar year.
    """
    # Each event is rare and has one probability for every household (onset: at most
    # ``p * MAX_MEMBERS``, as ``p * able``), so its households are drawn as the gaps between
    # them (model.rng.bernoulli_indices): a few thousand draws a month instead of three per
    # household. The draws depend on the probabilities alone, not on who is ill or able, so
    # every scenario sees the same events (common random numbers).
    n = len(population)
    p_onset = float(per_month(params.at("health.chronic_onset_rate", year)))
    p_most = min(p_onset * MAX_MEMBERS, 1.0)
    onset = bernoulli_indices(rng, n, p_most)
    # each kept with probability p * able / p_most: onset with probability p * able in all
    keep = rng.random(onset.size) * p_most < p_onset * population.able_members(onset)
    onset = onset[keep]
    p_recover = per_month(params.at("health.recovery_rate", year))
    recover = bernoulli_indices(rng, n, p_recover)
    recover = recover[population.n_ill_working.take(recover) > 0]
    population.set_working_ill(recover, ill=False)
    population.set_working_ill(onset, ill=True)

    major = bernoulli_indices(rng, n, per_month(params.at("health.major_illness_rate", year)))
    major = major[population.size.take(major) > 0]
    prices = params.at("health.cost_index", year)
    # The bill is worked out in place: chronic costs, plus a major illness's where there is one.
    bill = population.medical_bill
    np.multiply(population.n_ill, params.at("health.chronic_cost", year) * prices / 12.0, out=bill)
    bill[major] += params.at("health.major_illness_cost", year) * prices
    # The household spends the whole bill; insurance and medical aid pay parts of it back as
    # transfers (model.aid.medical), so the second income measure nets out only what is left.
    population.medical_paid[...] = 0.0
    population.income[SOURCE_INDEX["medical_costs"]] -= bill
