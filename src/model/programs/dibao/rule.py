"""Dibao's rule: who qualifies, the standard, take-up, the allowance and its rationing.

Pure functions of the households and the parameters, read by the programme
(``model.programs.dibao.program``) in January, at the reviews and at the final year's pass. The
rule and its sources are told in the package's docstring (``model.programs.dibao``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.aid.means_test import means_tested_income_pc
from model.aid.selection import longest_prefix
from model.households import Households
from model.order import stable_argsort

if TYPE_CHECKING:
    from model.parameters import Parameters

__all__ = [
    "allowance_gap",
    "coverage_probability",
    "decide_dibao",
    "dibao_standard",
    "is_linked",
    "monthly_allowance",
    "ration",
]

#: Months in a year: allowances are yearly gaps paid monthly.
MONTHS = 12


def decide_dibao(
    population: Households,
    params: Parameters,
    year: int,
    dibao_line: float,
    poverty_line: float,
    u: np.ndarray,
    dibao_paid: np.ndarray | None = None,
    *,
    tested_pc: np.ndarray | None = None,
    below: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Who qualifies for dibao this year and how much a month (before the budget).

    Args:
        population: The households.
        params: Model parameters (``dibao.*``).
        year: The calendar year.
        dibao_line: The year's dibao standard, yuan per person per year.
        poverty_line: The year's poverty line, yuan per person per year.
        u: One uniform per household (whether an eligible household is covered).
        dibao_paid: Dibao each household received last year, yuan (left out of the means
            test); None for none.
        tested_pc: ``means_tested_income_pc``, if already worked out (``dibao_paid`` is then
            not read).
        below: The rural households whose tested income per person is below the standard
            (indices, in order) and that income, if already found (as
            ``model.aid.means_test.assessed_below`` finds them); ``tested_pc`` and
            ``dibao_paid`` are then not read.

    Returns:
        The monthly allowance per household, yuan (zero for those not covered).
    """
    standard, linked = dibao_standard(params, year, dibao_line, poverty_line)
    if below is None:
        if tested_pc is None:
            tested_pc = means_tested_income_pc(population, dibao_paid)
        # worked out for the eligible households alone (the same values): a positive gap is
        # an income per person below the standard
        eligible = np.flatnonzero(population.rural & (tested_pc < standard))
        below = eligible, tested_pc.take(eligible)
    eligible, eligible_pc = below
    coverage = coverage_probability(population, params, year, linked, eligible)
    # The yearly review renews the allowance of a household still below the standard.
    coverage[population.dibao.take(eligible)] = 1.0
    takes_up = u.take(eligible) < coverage
    covered = eligible[takes_up]
    gap = allowance_gap(standard, eligible_pc[takes_up])
    allowance = np.zeros(len(population))
    allowance[covered] = monthly_allowance(params, year, gap, population.size.take(covered))
    return allowance


def dibao_standard(
    params: Parameters, year: int, dibao_line: float, poverty_line: float
) -> tuple[float, bool]:
    """The year's standard, and whether dibao is linked with poverty policy yet."""
    linked = is_linked(params, year)
    return (max(dibao_line, poverty_line) if linked else dibao_line), linked


def is_linked(params: Parameters, year: int) -> bool:
    """Whether dibao is linked with poverty policy in ``year`` (两线合一)."""
    return year >= params.value("dibao.two_lines_year")


def coverage_probability(
    population: Households,
    params: Parameters,
    year: int,
    linked: bool,
    households: np.ndarray | None = None,
) -> np.ndarray:
    """The probability that an eligible household not yet on dibao is covered, by household.

    With ``households`` (indices), only theirs, in their order (the same values).
    """
    n = len(population) if households is None else households.size
    coverage = np.full(n, params.at("dibao.coverage", year))
    if linked:
        coverage[population.still_registered(households)] = params.at(
            "dibao.registered_coverage", year
        )
        # From the linking of the two lines, dibao is the floor (兜底) for those who cannot
        # work: an eligible household without a member able to work is covered first.
        no_labour = population.able_members(households) == 0
        floor = params.at("dibao.no_labour_coverage", year)
        np.maximum(coverage, floor, out=coverage, where=no_labour)  # in place, no selection
    return coverage


def allowance_gap(standard: float, income_pc: np.ndarray) -> np.ndarray:
    """The gap between the standard and each household's income per person (yuan a year)."""
    return np.clip(standard - income_pc, 0.0, standard)


def monthly_allowance(
    params: Parameters, year: int, gap: np.ndarray, size: np.ndarray
) -> np.ndarray:
    """The allowance a month: ``dibao.gap_filled`` of the gap, for each member."""
    return params.at("dibao.gap_filled", year) * gap * size / MONTHS


def ration(
    monthly: np.ndarray,
    size: np.ndarray,
    months: int,
    money: float,
    places: float = float("inf"),
) -> np.ndarray:
    """Which candidates are granted: largest allowance per person first, ties by position.

    Taken while their allowances for ``months`` fit a hair under ``money`` and their members
    fit ``places`` (people), each up to the selection's slack (``model.order.CAPACITY_SLACK``,
    a nano-yuan or nano-person); the ledger records no more than is available.

    Args:
        monthly: Each candidate's monthly allowance, yuan.
        size: Each candidate's members.
        months: Months the allowances are paid for this year.
        money: Yuan available for them.
        places: Places left, people.

    Returns:
        Positions among the candidates, in the order taken.
    """
    order = stable_argsort(-monthly / np.maximum(size, 1))
    chosen = longest_prefix(order, months * monthly, money * (1 - 1e-12))
    return longest_prefix(chosen, size, places)
