"""How a means-tested programme sees a household's income.

* ``means_tested_income_pc``: last year's income per person as the test counts it, every income
  but the allowance itself (the 2014 Interim Measures for Social Assistance count the family's
  income; leaving the allowance out keeps it from deciding who gets it).
* ``assessed_income_pc``: that income as the township assesses it: the parts on public payment
  records read exactly, the earned rest estimated with a log-normal error (docs/ODD.md, dibao;
  docs/sources.md [dibao-targeting]).

Used by the dibao programme (``model.programs.dibao``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.households import Households
from model.targeting import measured_income_pc

if TYPE_CHECKING:
    from model.parameters import Parameters

__all__ = ["assessed_income_pc", "means_tested_income_pc"]


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
