"""Shocks: drought (yearly, by village) and illness (monthly, by household).

Drought is frequent here: "drought nine years in ten, spring drought every year"
(seed:county.drought). Each year has a county severity, the share of dry-land yield lost, plus a
village deviation. Illness and disability are a main cause of poverty (seed:infra.health_buildings):
a healthy working-age member can fall chronically ill (and stop working), the ill can recover,
and a household can face a major illness with a large out-of-pocket cost.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from model.households import SOURCE_INDEX, Households
from model.parameters import Parameters

__all__ = ["draw_drought", "illness_month", "per_month"]


def per_month(rate_per_year: float | np.ndarray) -> float | np.ndarray:
    """Convert a yearly probability to the monthly probability with the same yearly total."""
    return 1.0 - (1.0 - np.asarray(rate_per_year)) ** (1.0 / 12.0)


def draw_drought(
    params: Parameters,
    rng: np.random.Generator,
    year: int,
    n_villages: int,
    forced: Mapping[int, float],
) -> tuple[float, np.ndarray]:
    """Draw the year's county drought severity and each village's severity.

    Args:
        params: Model parameters (``shocks.*``).
        rng: The year's ``"drought"`` stream.
        year: The calendar year.
        n_villages: Number of villages.
        forced: Severities fixed by the scenario, by year.

    Returns:
        The county severity and an array of village severities, each in [0, 0.95].
    """
    # Draw the same numbers whether or not the year is forced, to keep streams aligned.
    county = rng.normal(
        params.at("shocks.drought_severity_mean", year),
        params.at("shocks.drought_severity_sd", year),
    )
    deviations = rng.normal(0.0, params.at("shocks.drought_village_sd", year), n_villages)
    county = float(np.clip(forced.get(year, county), 0.0, 0.95))
    return county, np.clip(county + deviations, 0.0, 0.95)


def illness_month(
    population: Households, params: Parameters, rng: np.random.Generator, year: int
) -> None:
    """Apply one month of illness onset, recovery and medical costs.

    Args:
        population: The households (changed in place).
        params: Model parameters (``health.*``).
        rng: This month's ``"illness"`` stream; three draws per household.
        year: The calendar year.
    """
    n = len(population)
    u_onset, u_recover, u_major = rng.random((3, n))
    able = population.n_able
    onset = u_onset < per_month(params.at("health.chronic_onset_rate", year)) * able
    recover = (u_recover < per_month(params.at("health.recovery_rate", year))) & (
        population.n_ill_working > 0
    )
    population.n_ill_working += onset.astype(np.int16) - recover.astype(np.int16)

    major = u_major < per_month(params.at("health.major_illness_rate", year))
    cost = population.n_ill * (params.at("health.chronic_cost", year) / 12.0)
    cost = cost + major * params.at("health.major_illness_cost", year)
    # Medical aid programs raise ``medical_cover``; the household pays the rest.
    population.income[SOURCE_INDEX["medical_costs"]] -= cost * (1.0 - population.medical_cover)
