"""Demography, once a year in January: people age, die, leave home and are born.

Each member ages one year. Deaths follow a Gompertz hazard by age, ``h(a) = A_t exp(b a)``, on
average over the healthy and the chronically ill of each age, who die ``ill_mortality_ratio`` times
as often as the healthy. The hazard is the 2010 census's (China's death rates at 60-64 and 80-84
set its level and slope), moved each year by the gap between Inner Mongolia's life expectancy and
the census's, so the crude death rate follows from the county's own age structure.
Young adults (16-29) leave home for good (to towns, or by marriage out) at a yearly rate, keeping at
least one adult in the household; children left without an adult go to relatives elsewhere. Births
come to households with members aged 20-39, ``fertility`` a year for each; a newborn takes an empty
member slot. A household whose members have all died or left is dissolved (``size`` 0) and drops out
of the rural statistics. Pensions and household size follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model.households import ADULT_AGE, MAX_MEMBERS, Households, count_members
from model.parameters import Parameters
from model.rng import bernoulli_indices

__all__ = [
    "DemographicEvents",
    "advance_year",
    "birth_probability",
    "death_probability",
    "gompertz_level",
]

#: Ages the death table covers (the last entry stands for an empty slot, age -1); 128, so that
#: an age (int8) and the illness flag pack into one byte (``death_probability``).
_AGES = 128

#: Ages at which a member may have a child (the member counted, not a couple: see births).
FERTILE_AGES = (20, 39)
#: Ages at which a young adult may leave home for good.
LEAVING_AGES = (16, 29)


#: Age at the middle of the census's 60-64 group, where ``demography.death_rate_60_64`` holds.
_CENSUS_AGE = 62.0


def gompertz_level(params: Parameters, year: int) -> float:
    """The Gompertz level ``A_t`` of ``year``: the census's hazard, moved by life expectancy.

    The census's death rate at 60-64 fixes the hazard at age 62 in the census year. A Gompertz
    hazard lowered by a factor ``exp(-b d)`` adds ``d`` years to life expectancy, so the level
    is moved by ``exp(-b (e0_t - e0_census))``: up for Inner Mongolia's shorter lives in 2010,
    down as lives lengthen to 2020.
    """
    slope = params.value("demography.gompertz_slope")
    census_level = params.value("demography.death_rate_60_64") * math.exp(-slope * _CENSUS_AGE)
    gap = params.at("demography.life_expectancy", year) - params.value(
        "demography.census_life_expectancy"
    )
    return census_level * math.exp(-slope * gap)


def death_probability(
    age: np.ndarray, ill: np.ndarray, params: Parameters, year: int
) -> np.ndarray:
    """Yearly death probability of each member slot (0 for empty slots).

    Args:
        age: Ages of member slots, any shape (``(MAX_MEMBERS, n)`` or some slots), -1 for empty.
        ill: Chronic illness flags, same shape.
        params: Model parameters (``demography.*``).
        year: The calendar year.

    Returns:
        Probabilities, same shape as ``age``.
    """
    slope = params.value("demography.gompertz_slope")
    level = gompertz_level(params, year)
    # One probability per age (and illness), looked up: ages are small integers.
    hazard = level * np.exp(slope * np.arange(_AGES))
    ratio = params.value("demography.ill_mortality_ratio")
    # The life table's hazard is the average over the healthy and the ill of each age: the ill
    # die ``ratio`` times as often as the healthy, so the healthy's hazard is below it.
    # table[ill, age] is looked up in the flat table at ``age + _AGES * ill``, an empty slot
    # (-1) reading the last column. The index is worked out in bytes (ages are int8): the low
    # seven bits of the age (127 for -1) and the illness flag as the top bit.
    ages = np.bitwise_and(np.asarray(age).astype(np.int8, copy=False).view(np.uint8), _AGES - 1)
    ages |= np.left_shift(np.asarray(ill, dtype=bool).view(np.uint8), 7)
    # The healthy and the ill of each age counted in one pass over the flat indices (the last
    # age holds the empty slots: its column of the table is zero whatever its counts).
    healthy_members, ill_members = np.bincount(ages.ravel(), minlength=2 * _AGES).reshape(2, _AGES)
    ill_share = ill_members / np.maximum(healthy_members + ill_members, 1)
    healthy = hazard / (1.0 + (ratio - 1.0) * ill_share)
    table = -np.expm1(-np.stack([healthy, healthy * ratio]))
    table[:, -1] = 0.0  # index -1: an empty slot
    return np.take(table.ravel(), ages)


def birth_probability(age: np.ndarray, params: Parameters, year: int) -> np.ndarray:
    """Yearly probability that each household has a child.

    Args:
        age: Ages, shape ``(MAX_MEMBERS, n)``, -1 for empty slots.
        params: Model parameters (``demography.*``).
        year: The calendar year.

    Returns:
        One probability per household: ``fertility`` times its members aged 20-39, 0 for
        households with no empty member slot.
    """
    low, high = FERTILE_AGES
    fertile = count_members((age >= low) & (age <= high))
    room = (age < 0).any(axis=0)
    return np.minimum(fertile * params.at("demography.fertility", year), 0.9) * room


@dataclass(frozen=True)
class DemographicEvents:
    """People who died, left and were born in one year (the whole county)."""

    deaths: int = 0
    departures: int = 0
    births: int = 0


def _empty(age: np.ndarray, ill: np.ndarray, slots: np.ndarray) -> None:
    """Empty the member ``slots`` (a mask): age -1, not ill.

    Bitwise, in place over every slot, without the (slow) selection of the few slots: -1 has
    every bit set, so or-ing it into an int8 age gives -1, and or-ing 0 changes nothing.
    """
    age |= np.negative(slots.view(np.int8))
    ill &= ~slots


def advance_year(
    population: Households, params: Parameters, rng: np.random.Generator, year: int
) -> DemographicEvents:
    """Age every member by a year; apply deaths, departures, births and new chronic illness.

    Args:
        population: The households (changed in place).
        params: Model parameters (``demography.*``, ``health.elderly_onset_rate``).
        rng: This year's ``"demography"`` stream; its draws do not depend on the households'
            state, so every scenario sees the same numbers.
        year: The calendar year that starts.

    Returns:
        How many died, left and were born.
    """
    n = len(population)
    # The draws come in order: a row of member slots for deaths, one for leaving, the illness
    # of each slot (as gaps), then one per household for births. The deaths' and the leavers'
    # slots are drawn slot by slot into one household-long buffer, used while it is at hand:
    # the same numbers as one (2, MAX_MEMBERS, n) draw, without a large buffer in memory.
    u = np.empty(n)
    age, ill = population.age, population.ill
    present = age >= 0
    age += present  # a year older; empty slots stay -1

    # Deaths are drawn for the members present only (flat indices of their slots).
    members = np.flatnonzero(present)
    # (the members' values gathered with take: quicker than indexing)
    p_death = death_probability(age.take(members), ill.take(members), params, year)
    dies = np.zeros_like(present)
    # slot s's members are members[starts[s]:starts[s + 1]], at s * n + their household
    starts = np.searchsorted(members, np.arange(MAX_MEMBERS + 1) * n).tolist()
    for slot, row in enumerate(dies):
        first, end = starts[slot], starts[slot + 1]
        households = members[first:end] - slot * n
        row[households] = rng.random(out=u).take(households) < p_death[first:end]
    _empty(age, ill, dies)

    low, high = LEAVING_AGES
    young = (age >= low) & (age <= high)
    adults = count_members(age >= ADULT_AGE)
    # Leave only if another adult stays: (adults - 1) others remain when this one goes; a
    # household's leavers are capped at all its adults but one.
    leaves = np.empty_like(young)
    leaving = np.zeros(n, dtype=np.int16)  # leavers so far, slot by slot (a cumulative sum)
    rate = params.at("demography.leaving_rate", year)
    others = adults - 1
    for young_row, row in zip(young, leaves, strict=True):
        np.less(rng.random(out=u), rate, out=row)
        row &= young_row
        leaving += row
        row &= leaving <= others
    # Children whose adults have all died go to relatives elsewhere (the dead are empty slots;
    # the adults were counted after the deaths, and the leavers are still in ``age``).
    leaves |= (adults == 0) & (age >= 0)
    _empty(age, ill, leaves)

    # New illness among members past working age (before the births, which fill only empty
    # slots); members of working age fall ill month by month instead (``model.shocks``).
    # One rate for every member: each slot's members are drawn as the gaps between those who fall
    # ill (model.rng.bernoulli_indices), about n * rate draws instead of one per household.
    past_working_age = age >= population.working_age_end
    rate = params.at("health.elderly_onset_rate", year)
    for past_row, row in zip(past_working_age, ill, strict=True):
        onset = bernoulli_indices(rng, n, rate)
        row[onset] |= past_row.take(onset)

    born = rng.random(out=u) < birth_probability(age, params, year)
    rows = np.flatnonzero(born)
    if rows.size:
        slots = (age[:, rows] < 0).argmax(axis=0)
        age[slots, rows] = 0
        ill[slots, rows] = False

    population.refresh_composition()
    # Last year's work away and local work apply to members still there (March decides anew).
    np.minimum(population.n_away, population.n_able, out=population.n_away)
    np.minimum(population.n_local_jobs, population.n_able, out=population.n_local_jobs)
    return DemographicEvents(np.count_nonzero(dies), np.count_nonzero(leaves), int(rows.size))
