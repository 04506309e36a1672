"""County metrics: poverty (FGT 0, 1, 2), incomes by source, jobs, and inequality (Gini).

Poverty is measured on rural people, by the net income per person of their household over the
calendar year against that year's national rural poverty line.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.households import INCOME_SOURCES, Households

__all__ = ["fgt", "weighted_gini", "weighted_median", "annual_metrics"]


def fgt(income_pc: np.ndarray, weights: np.ndarray, line: float, alpha: int) -> float:
    """Foster-Greer-Thorbecke index: alpha 0 headcount, 1 poverty gap, 2 squared gap."""
    shortfall = np.clip((line - income_pc) / line, 0.0, None)
    poor = income_pc < line
    return float(np.sum(weights * poor * shortfall**alpha) / np.sum(weights))


def weighted_gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Gini coefficient of ``values`` with frequency ``weights`` (people per household)."""
    order = np.argsort(values)  # ties give the same result in any order
    v, w = values[order], weights[order].astype(float)
    cum_w = np.cumsum(w)
    cum_vw = np.cumsum(v * w)
    total_w, total_vw = cum_w[-1], cum_vw[-1]
    if total_vw == 0:
        return 0.0
    # Area under the Lorenz curve by trapezoids.
    lorenz = cum_vw / total_vw
    previous = np.concatenate(([0.0], lorenz[:-1]))
    area = np.sum(w / total_w * (lorenz + previous) / 2.0)
    return float(1.0 - 2.0 * area)


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """Median of ``values`` with frequency ``weights``."""
    order = np.argsort(values)  # ties give the same result in any order
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2.0)])


def annual_metrics(
    population: Households, year: int, poverty_line: float, aid_spent_yuan: float
) -> dict[str, Any]:
    """Return the year's county metrics (call in December, before the income is reset).

    Args:
        population: The households, holding the complete year's income.
        year: The calendar year.
        poverty_line: The year's line, yuan per person.
        aid_spent_yuan: Aid spent by all programs this year.
    """
    size = population.size
    rural = population.rural
    people_rural = size[rural]
    income_pc = population.net_income_pc()[rural]
    registered = population.registered[rural]
    active = population.registered_poor
    employed = population.employer >= 0
    row: dict[str, Any] = {
        "year": year,
        "people": int(size.sum()),
        "households": len(population),
        "rural_people": int(people_rural.sum()),
        "poverty_line": poverty_line,
        "poor_people": int(people_rural[income_pc < poverty_line].sum()),
        "poverty_rate": fgt(income_pc, people_rural, poverty_line, 0),
        "poverty_gap": fgt(income_pc, people_rural, poverty_line, 1),
        "poverty_severity": fgt(income_pc, people_rural, poverty_line, 2),
        "registered_poor": int(size[active].sum()),
        "registered_ever": int(size[population.registered].sum()),
        "income_pc_mean": float(np.sum(income_pc * people_rural) / people_rural.sum()),
        "income_pc_median": weighted_median(income_pc, people_rural),
        "income_pc_mean_registered": (
            float(
                np.sum(income_pc[registered] * people_rural[registered])
                / people_rural[registered].sum()
            )
            if registered.any()
            else float("nan")
        ),
    }
    rural_income = population.income[:, rural].sum(axis=1)
    for name, total in zip(INCOME_SOURCES, rural_income, strict=True):
        row[f"income_pc_{name}"] = float(total / people_rural.sum())
    # The same breakdown for households ever registered (exited or not), as the account reports.
    in_register = rural & population.registered
    people_registered = size[in_register].sum()
    registered_income = population.income[:, in_register].sum(axis=1)
    for name, total in zip(INCOME_SOURCES, registered_income, strict=True):
        row[f"income_pc_registered_{name}"] = (
            float(total / people_registered) if people_registered else float("nan")
        )
    row["jobs"] = int(employed.sum())
    row["jobs_registered_poor"] = int((employed & population.registered).sum())
    row["people_away"] = int(population.n_away.sum())
    row["aid_spent_yuan"] = float(aid_spent_yuan)
    row["gini"] = weighted_gini(income_pc, people_rural)
    return row
