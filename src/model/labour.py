"""The labour market: work away from home, and matching job seekers to firm vacancies.

Each March (after the Spring Festival) every able member who is not in a firm job decides
whether to work away for the year. Firms post vacancies each month; rural job seekers (able
members at home and not yet in a firm job) accept an offer with a probability that falls with
remoteness and rises with vocational training (``trained``). A firm with a quota of
registered-poor workers hires poor applicants first until the
quota is met, then anyone, in random order. Workers leave firm jobs at a yearly quit rate.
"""

from __future__ import annotations

import math

import numpy as np

from model.households import MAX_MEMBERS, Households
from model.parameters import Parameters
from model.shocks import per_month

__all__ = ["decide_work_away", "quit_jobs", "hire", "release_workers", "non_poor_allowed"]


def non_poor_allowed(n_poor: int, min_poor_share: float) -> float:
    """Most non-poor members a group with ``n_poor`` poor members may have under a quota.

    Returns ``inf`` when there is no quota; tiny shares are handled without overflow.
    """
    if min_poor_share <= 0:
        return float("inf")
    if min_poor_share >= 1:
        return 0.0
    allowed = n_poor * (1 - min_poor_share) / min_poor_share
    return math.floor(allowed + 1e-9) if math.isfinite(allowed) else float("inf")


def decide_work_away(
    population: Households, params: Parameters, rng: np.random.Generator, year: int
) -> None:
    """Set ``n_away`` for the year: each free able member goes with a household probability.

    One uniform per member slot, for every household, keeps draws aligned across scenarios.
    """
    u = rng.random((len(population), MAX_MEMBERS))
    free = np.maximum(population.n_able - (population.employer >= 0), 0)
    p = params.at("labour.away_probability", year) + params.at(
        "labour.away_schooling_effect", year
    ) * (population.schooling - params.value("households.schooling_mean"))
    p = np.clip(p, 0.0, 0.9) * population.rural
    slots = np.arange(MAX_MEMBERS)
    goes = (u < p[:, None]) & (slots[None, :] < free[:, None])
    population.n_away[...] = goes.sum(axis=1)


def quit_jobs(population: Households, params: Parameters, u: np.ndarray, year: int) -> None:
    """End firm jobs at the monthly quit rate (also when the worker fell ill)."""
    rate = per_month(params.at("labour.job_quit_rate", year))
    leaves = (population.employer >= 0) & ((u < rate) | (population.n_able <= population.n_away))
    population.employer[leaves] = -1


def release_workers(population: Households, firm: int) -> int:
    """End every job at ``firm`` (it closed); return how many jobs were lost."""
    workers = population.employer == firm
    population.employer[workers] = -1
    return int(workers.sum())


def hire(
    population: Households,
    firm: int,
    vacancies: int,
    min_poor_share: float,
    params: Parameters,
    u_accept: np.ndarray,
    u_order: np.ndarray,
) -> int:
    """Fill up to ``vacancies`` jobs at ``firm``, meeting its registered-poor quota first.

    Args:
        population: The households; ``employer`` is updated in place.
        firm: The firm's index.
        vacancies: Jobs to fill.
        min_poor_share: Minimum share of the firm's staff from registered-poor households.
        params: Model parameters (``labour.hire_acceptance``).
        u_accept: One uniform per household: does a seeder accept an offer this month.
        u_order: One uniform per household: the order in which applicants are taken.

    Returns:
        The number of workers hired.
    """
    if vacancies <= 0:
        return 0
    staff = population.employer == firm
    seekers = (
        population.rural
        & (population.employer < 0)
        & (population.n_able - population.n_away > 0)
        & (u_accept < _acceptance(population, params))
    )
    poor = population.registered
    staff_after = int(staff.sum()) + vacancies
    poor_needed = max(0, math.ceil(min_poor_share * staff_after) - int((staff & poor).sum()))

    poor_pool = np.flatnonzero(seekers & poor)
    first = poor_pool[np.argsort(u_order[poor_pool], kind="stable")][: min(poor_needed, vacancies)]
    population.employer[first] = firm
    rest_pool = np.flatnonzero(seekers & (population.employer < 0))
    rest = rest_pool[np.argsort(u_order[rest_pool], kind="stable")][: vacancies - first.size]
    population.employer[rest] = firm
    _enforce_quota(population, firm, min_poor_share, u_order)
    return int(first.size + rest.size)


def _acceptance(population: Households, params: Parameters) -> np.ndarray:
    """Probability a seeker accepts an offer this month: lower when remote, higher if trained.

    Training (``trained``, set by the care-training program) multiplies the odds by
    ``1 + care_training.offer_boost``; with nobody trained the factor is exactly 1.
    """
    base = params.value("labour.hire_acceptance") * (
        1.0 - params.value("labour.remoteness_hire_penalty") * population.remoteness
    )
    boost = 1.0 + params.value("care_training.offer_boost") * population.trained
    return np.minimum(base * boost, 1.0)


def _enforce_quota(
    population: Households, firm: int, min_poor_share: float, u_order: np.ndarray
) -> None:
    """Let non-poor workers go (in random order) until the poor share meets the quota.

    Hiring takes poor applicants first, so this only bites when poor workers have left and
    no poor applicant could replace them.
    """
    if min_poor_share <= 0:
        return
    staff = population.employer == firm
    poor_staff = int((staff & population.registered).sum())
    allowed_non_poor = non_poor_allowed(poor_staff, min_poor_share)
    non_poor = np.flatnonzero(staff & ~population.registered)
    excess = non_poor.size - allowed_non_poor
    if excess > 0:
        leave = non_poor[np.argsort(u_order[non_poor], kind="stable")][:excess]
        population.employer[leave] = -1
