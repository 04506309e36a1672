"""How a means-tested programme sees a household's income.

* ``means_tested_income_pc``: last year's income per person as the test counts it, every income
  but the allowance itself (the 2014 Interim Measures for Social Assistance count the family's
  income; leaving the allowance out keeps it from deciding who gets it).
* ``assessed_income_pc``: that income as the township assesses it: the parts on public payment
  records read exactly, the earned rest estimated with a log-normal error (docs/ODD.md, dibao;
  docs/sources.md [dibao-targeting]).
* ``assessed_below``: the households whose assessed income per person is below a line, and that
  income, assessed for the few that may be below alone.

Used by the dibao programme (``model.programs.dibao``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.households import Households
from model.targeting import measured_income_pc

if TYPE_CHECKING:
    from model.parameters import Parameters

__all__ = ["assessed_below", "assessed_income_pc", "means_tested_income_pc"]


def means_tested_income_pc(
    population: Households, dibao_paid: np.ndarray | None = None
) -> np.ndarray:
    """Last year's income per person as the means test counts it: every income but dibao.

    Pensions, subsidies and other transfers count (the means test of the 2014 social
    assistance rules counts the family's income); the allowance itself does not, so that
    dibao does not decide who gets dibao.
    """
    total = population.statistical_income(last_year=True)
    if dibao_paid is not None:
        total = total - dibao_paid
    return population.per_person(total, last_year=True)


def assessed_income_pc(
    population: Households,
    params: Parameters,
    year: int,
    z: np.ndarray,
    income_pc: np.ndarray,
    recorded_pc: np.ndarray,
    households: np.ndarray | None = None,
) -> np.ndarray:
    """Income per person as the township's means test assesses it.

    The parts on public payment records (pensions, subsidies, dividends: ``recorded_pc``) are
    read exactly; the earned part (crops, herds, wages, remittances) is estimated with a
    log-normal error of ``dibao.assessment_noise_sd``, the same measurement as the poverty
    registration's (``model.targeting.measured_income_pc``, without the village review's
    weights). Errors make both the inclusion of households that are not poor and the exclusion
    of poor ones that surveys of dibao find (docs/sources.md [dibao-targeting]).

    Args:
        population: The households.
        params: Model parameters (``dibao.assessment_noise_sd``).
        year: The calendar year.
        z: One standard normal per household (of ``households`` if given): the year's error.
        income_pc: True income per person, dibao left out.
        recorded_pc: Its part on payment records, per person.
        households: Only these (indices), as in ``measured_income_pc``; None: every household.
    """
    noise_sd = params.at("dibao.assessment_noise_sd", year)
    if noise_sd == 0.0:  # an exact test (what-ifs): the income itself
        return income_pc
    return measured_income_pc(
        population, params, z, year, noise_sd, income_pc, False, recorded_pc, households
    )


def assessed_below(
    population: Households,
    params: Parameters,
    year: int,
    z: np.ndarray,
    spread: np.ndarray,
    rows: np.ndarray,
    line: float,
    among: np.ndarray,
    last_year: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """The households of ``among`` whose assessed income per person is below ``line``.

    The same households and values as ``assessed_income_pc`` of every household (per person as
    ``Households.per_person`` counts it), compared with ``line``; but the exact assessment (a
    division, a logarithm and two exponentials) is worked out only for the households that a
    cheap lower bound on household totals puts below ``line`` and a yuan a person (a margin far
    above the roundings of the exact test), mostly a small part of the county.

    Args:
        population: The households.
        params: Model parameters (``dibao.assessment_noise_sd``).
        year: The calendar year.
        z: The year's error, one standard normal per household.
        spread: ``exp(noise_sd * z)`` of this year's ``dibao.assessment_noise_sd``: the factor
            on earned income (the same for the year, so worked out once a year).
        rows: Household income (row 0) and its part on payment records (row 1), yuan.
        line: Income per person a year below which a household is found.
        among: Mask of the households that may be found.
        last_year: ``rows`` are last year's (per last year's residents).

    Returns:
        The households found (indices, in order) and their assessed income per person.
    """
    total, recorded = rows
    # a lower bound on the assessed total: an earned part above zero times its spread, at or
    # below zero as it is (the smaller of the two, in place)
    bound = total - recorded
    earned_spread = np.multiply(bound, spread)
    np.minimum(earned_spread, bound, out=bound)
    bound += recorded
    # per ``line`` and a yuan, compared with the people (in place: no array of lines per person)
    bound *= 1.0 / (line + 1.0)
    people = population.last_residents if last_year else population.residents()
    # (a household that counts nobody is divided otherwise: tested exactly)
    maybe = people == 0
    maybe |= bound < people
    maybe &= among
    candidates = np.flatnonzero(maybe)
    income_pc, recorded_pc = population.per_person(
        rows.take(candidates, axis=1), last_year, candidates
    )
    assessed = assessed_income_pc(
        population, params, year, z.take(candidates), income_pc, recorded_pc, candidates
    )
    below = assessed < line
    return candidates[below], assessed[below]
