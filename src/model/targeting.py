"""Identifying the poor (精准识别): registration in 2014, the re-checks, and later additions.

Every identification measures each household's income per person with error, lowered by the
village review for households with chronically ill or disabled members, for those with unsafe
houses and for those with no member able to work (民主评议 weighs hardship the income test
misses; illness and lack of labour were the register's leading recorded causes of poverty). The
error lies in what the household earned, not in what the county paid it: the income check
(收入核算, the household's 收入明白卡) values harvests and herds at market prices less standard
cost shares and takes wage work as recalled, while it lists allowances, pensions, subsidies and
dividends item by item as the payment records show them (惠民惠农补贴"一卡通";
``docs/sources.md`` [income-check]). With ``y_i`` the true income (as the statistics define
it, ``model.income``), ``r_i`` the recorded part (``Households.recorded_income_pc``) and
``e_i = y_i - r_i`` the earned part::

    m_i = r_i + e_i * exp(s * z_i)   (e_i > 0; else m_i = y_i)
    log m_i <- log m_i - w_ill * [ill_i] - w_house * [unsafe house_i]
               - w_labour * [no able member_i]

The exit verification (``model.exits``) measures income without the review's weights: a
household exits on its income and the guarantees, which already hold housing and medical care.

* **Registration** (December 2014): the county registers rural households in increasing
  measured income until its quota of people is filled (10.98% of rural people in Linxi). The
  test is noisy and the quota fixed: some poor households are missed and some non-poor
  registered.
* **Re-checks** (回头看, 2015-2016): a second, more careful measurement (noise ``recheck_noise_sd``)
  of the income each household was registered on removes the registered households measured
  above the line, highest first, until ``recheck_removal_share`` of the registered people are
  removed; a measurement of this year's income adds unregistered households measured below the
  line, lowest first, until ``recheck_addition_share`` of the registered people are added (the
  national re-check removed 9.29 million and added 8.07 million people, about 10% and 9% of the
  register, over its two rounds). A removed household leaves the register as if it had never
  been in it (the record is deleted).
* **Dynamic adjustment** (every later December): unregistered households measured below the line
  are added with probability ``late_registration_probability``.
"""

from __future__ import annotations

import numpy as np

from model.checks import Check
from model.households import Households, take
from model.order import longest_prefix, stable_argsort
from model.parameters import Parameters

__all__ = ["add_missed", "measured_income_pc", "recheck_additions", "recheck_removals", "register"]


def measured_income_pc(
    population: Households,
    params: Parameters,
    z: np.ndarray,
    year: int,
    noise_sd: float,
    true_pc: np.ndarray | None = None,
    review: bool = True,
    recorded_pc: np.ndarray | None = None,
    households: np.ndarray | None = None,
) -> np.ndarray:
    """Income per person as an identification sees it (see the module docstring).

    Args:
        population: The households, holding the year's income.
        params: Model parameters (``targeting.review_weight_*``).
        z: One standard normal per household.
        year: The calendar year.
        noise_sd: Log-scale standard deviation of the measurement error.
        true_pc: The income measured; None for this year's (``Households.net_income_pc``).
        review: Apply the village review's weights (identification); False for the exit
            verification, which measures income alone.
        recorded_pc: The part of ``true_pc`` read from payment records, without error; None
            for this year's (``Households.recorded_income_pc``), so pass it with any
            ``true_pc`` that is not this year's income.
        households: Only these (indices): ``z``, ``true_pc`` and ``recorded_pc`` are theirs, in
            their order, and so is the result (each the same value as the whole county's);
            None: every household.
    """
    if true_pc is None:
        true_pc = population.net_income_pc(households=households)
    if recorded_pc is None:
        recorded_pc = population.recorded_income_pc(households)
    earned = true_pc - recorded_pc
    # an earned part at or below zero (a failed harvest's costs) is taken as it is
    measured = recorded_pc + np.where(earned > 0, earned * np.exp(noise_sd * z), earned)
    log_measured = np.log(np.maximum(measured, 1.0))
    if review:
        at = params.at
        log_measured -= at("targeting.review_weight_ill", year) * (
            population.ill_members(households) > 0
        )
        log_measured -= at("targeting.review_weight_housing", year) * ~take(
            population.safe_housing, households
        )
        log_measured -= at("targeting.review_weight_no_labour", year) * (
            population.able_members(households) == 0
        )
    return np.exp(log_measured)


def register(
    population: Households, measured: np.ndarray, quota_share: float, year: int
) -> np.ndarray:
    """Register rural households in increasing measured income until the quota of people is met.

    Returns:
        The households registered.
    """
    rural = np.flatnonzero(population.rural)
    size = population.size
    quota_people = quota_share * size.take(rural).sum()  # (take: quicker than indexing)
    chosen = longest_prefix(rural[stable_argsort(measured[rural])], size, quota_people)
    _enter(population, chosen, year)
    return chosen


def recheck_removals(
    population: Households, measured: np.ndarray, line: float, people: float
) -> np.ndarray:
    """Remove registered households (not exited) measured above the line, highest first.

    ``measured`` is the re-check's measurement of the income each household was registered on
    (``Households.registered_income_pc``): a re-check corrects the identification, so what
    the programmes have paid a household since does not count against it. Households are
    removed until ``people`` are (fewer if fewer are measured above the line).

    Returns:
        The households removed.
    """
    wrong = np.flatnonzero(population.registered_poor & (measured > line))
    removed = longest_prefix(wrong[stable_argsort(-measured[wrong])], population.size, people)
    population.registered[removed] = False
    population.registered_year[removed] = 0
    population.removed[removed] = True
    return removed


def recheck_additions(
    population: Households, measured: np.ndarray, line: float, people: float, year: int
) -> np.ndarray:
    """Add unregistered rural households measured below the line, lowest first, up to ``people``.

    Households that exited are not added this way: they return through monitoring
    (``model.exits.monitor``).

    Returns:
        The households added.
    """
    missed = np.flatnonzero(population.rural & ~population.registered & (measured < line))
    added = longest_prefix(missed[stable_argsort(measured[missed])], population.size, people)
    _enter(population, added, year)
    return added


def add_missed(population: Households, check: Check, year: int) -> np.ndarray:
    """Add the unregistered rural households that ``check`` finds measured below the line.

    Households that exited are not added this way: they return through monitoring
    (``model.exits.monitor``).

    Returns:
        The households added.
    """
    added = check.found_below_line(population.rural & ~population.registered)
    _enter(population, added, year)
    return added


def _enter(population: Households, households: np.ndarray, year: int) -> None:
    population.registered[households] = True
    population.registered_year[households] = year
    # what a re-check verifies: the income the household was registered on
    population.registered_income_pc[households] = population.net_income_pc(households=households)
    population.registered_recorded_pc[households] = population.recorded_income_pc(households)
