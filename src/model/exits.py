"""Leaving poverty as it was administered: the standard, the county's plans, and monitoring.

**The household exit standard** (贫困户退出标准): income per person stably above the line, and
the "two no-worries and three guarantees" (两不愁三保障) plus safe drinking water. Each is a
household state the model tracks:

* income: measured income per person at or above the year's line (the verification measures
  with ``targeting.exit_noise_sd``);
* food and clothing (不愁吃、不愁穿): read from income: a household measured above the line is
  taken to have them;
* compulsory education: no child of 7-15 out of school (``school_dropout``);
* basic medical care: enrolled in basic medical insurance (``insured``);
* safe housing (``safe_housing``) and safe drinking water (``safe_water``).

**Exit plans** (年度减贫计划): each year the county plans how many registered people are to exit
(``targeting.exit_plan``, people at county scale). In December the registered households that
meet the standard exit, those measured furthest above the line first, until the plan is met;
a plan the eligible cannot fill is missed, and eligible households beyond the plan wait for next
year.

**The deadline** (2020, ``targeting.final_year``): the national goal was every registered person
out of poverty by the end of 2020. From March 2020 the monitoring mechanism registered newly
poor and returned households as they were found, and the year's pass came before the final
verification, which covered them (``model.governance``): in the final year, households
registered in December are verified with the rest.

**Monitoring** (脱贫不脱政策, 防止返贫监测): an exited household measured below the line again is
re-registered with probability ``targeting.return_probability`` a year.
"""

from __future__ import annotations

import numpy as np

from model.checks import Check
from model.households import Households
from model.order import stable_argsort

__all__ = ["GUARANTEES", "exit_by_plan", "guarantees_met", "monitor"]

#: The standard's conditions besides income, each a household state, in the order of the
#: annual metrics' ``guarantee_<name>`` columns.
GUARANTEES: tuple[str, ...] = ("food_clothing", "education", "medical", "housing", "water")


def guarantees_met(population: Households, measured: np.ndarray, line: float) -> dict:
    """Each condition of the exit standard, met or not, for every household.

    Returns:
        ``{"income": ..., "food_clothing": ..., "education": ..., "medical": ..., "housing":
        ..., "water": ...}``, boolean arrays.
    """
    above = measured >= line
    return {
        "income": above,
        "food_clothing": above,
        "education": ~population.school_dropout,
        "medical": population.insured,
        "housing": population.safe_housing,
        "water": population.safe_water,
    }


def meets_standard(population: Households, measured: np.ndarray, line: float) -> np.ndarray:
    """Whether each household meets every condition of the exit standard."""
    met = guarantees_met(population, measured, line)
    standard = np.ones(len(population), dtype=bool)
    for condition in met.values():
        standard &= condition
    return standard


def exit_by_plan(
    population: Households,
    measured: np.ndarray,
    line: float,
    planned_people: float,
    year: int,
    final: bool = False,
) -> np.ndarray:
    """Let registered households that meet the standard exit, up to the year's plan.

    Args:
        population: The households (``exited`` and ``exit_year`` change in place).
        measured: Income per person as the verification measured it.
        line: The year's poverty line.
        planned_people: People the county plans to lift out this year (at the run's scale).
        year: The calendar year.
        final: The campaign's final year: households registered this December are verified
            too (in 2020 the newly poor were registered as found and lifted by the deadline).

    Returns:
        The households that exited.
    """
    # Households registered this December stay at least a year, except in the final year.
    registered_before = population.registered_year < year
    eligible = np.flatnonzero(
        population.registered_poor
        & (registered_before | final)
        & (population.size > 0)
        & meets_standard(population, measured, line)
    )
    if eligible.size == 0 or planned_people <= 0:
        return eligible[:0]
    # Those measured furthest above the line first; a household whose members would overfill
    # the plan still exits if the plan is not yet met (plans are met, not undershot).
    order = eligible[stable_argsort(-measured[eligible])]
    before = np.cumsum(population.size[order]) - population.size[order]
    chosen = order[before < planned_people]
    population.exited[chosen] = True
    population.exit_year[chosen] = year
    return chosen


def monitor(population: Households, check: Check, year: int) -> np.ndarray:
    """Re-register the exited households that ``check`` finds measured below the line.

    A household re-registered is recorded on its income now, as a new registration is
    (``model.targeting``): a later re-check verifies the income it returned on.

    Returns:
        The households re-registered.
    """
    fell_back = population.registered & population.exited & (population.size > 0)
    returned = check.found_below_line(fell_back)
    population.exited[returned] = False
    population.exit_year[returned] = 0
    population.returned[returned] = True
    population.registered_year[returned] = year
    population.registered_income_pc[returned] = population.net_income_pc(households=returned)
    population.registered_recorded_pc[returned] = population.recorded_income_pc(returned)
    return returned
