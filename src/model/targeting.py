"""Registration of poor households (建档立卡), the yearly review, and exit.

Registration (December of the registration year, 2014): the county measures each rural
household's income per person with error (log-normal noise), the village review lowers the
measured income of households with ill or disabled members, and the county registers the
households with the lowest measured income until its quota of people is filled. Because the test
is noisy and the quota fixed, some poor households are missed and some non-poor registered.

Yearly review (every December after registration): a registered household exits when its
measured income per person has been above the poverty line for ``exit_years_above_line``
consecutive reviews and its housing is safe (the "two assurances and three guarantees" are
reduced here to income and safe housing). Unregistered households measured below the line may
be added (dynamic adjustment). Unsafe houses are renovated by the domestic programme
``model.programs.housing_renovation``, not here.
"""

from __future__ import annotations

import numpy as np

from model.households import Households
from model.parameters import Parameters

__all__ = ["measured_income_pc", "register", "review"]


def measured_income_pc(
    population: Households, params: Parameters, z: np.ndarray, year: int
) -> np.ndarray:
    """Income per person as the review sees it: the true value times noise, less a review bonus."""
    true_pc = np.maximum(population.net_income_pc(), 1.0)
    log_measured = np.log(true_pc) + params.at("targeting.income_noise_sd", year) * z
    log_measured -= params.at("targeting.review_weight_ill", year) * (population.n_ill > 0)
    return np.exp(log_measured)


def register(population: Households, params: Parameters, z: np.ndarray, year: int) -> None:
    """Register the rural households with the lowest measured income, up to the quota."""
    measured = measured_income_pc(population, params, z, year)
    rural = np.flatnonzero(population.rural)
    size = population.size
    quota_people = params.at("targeting.quota_share", year) * size[rural].sum()
    order = rural[np.argsort(measured[rural], kind="stable")]
    within = np.cumsum(size[order]) <= quota_people
    chosen = order[within]
    population.registered[chosen] = True
    population.registered_year[chosen] = year


def review(
    population: Households,
    params: Parameters,
    z: np.ndarray,
    u: np.ndarray,
    year: int,
    poverty_line: float,
) -> None:
    """Run the December review: exits and late registrations.

    Args:
        population: The households (changed in place).
        params: Model parameters (``targeting.*``).
        z: One standard normal per household (measurement noise).
        u: Uniforms, shape (1, n) or more: row 0 is the late-registration draw.
        year: The calendar year.
        poverty_line: This year's line, yuan per person.
    """
    measured = measured_income_pc(population, params, z, year)
    above = measured > poverty_line
    active = population.registered & ~population.exited

    population.years_above_line[...] = np.where(active & above, population.years_above_line + 1, 0)
    exits = (
        active
        & (population.years_above_line >= params.value("targeting.exit_years_above_line"))
        & population.safe_housing
    )
    population.exited[exits] = True
    population.exit_year[exits] = year

    late = (
        population.rural
        & ~population.registered
        & ~above
        & (u[0] < params.at("targeting.late_registration_probability", year))
    )
    population.registered[late] = True
    population.registered_year[late] = year
