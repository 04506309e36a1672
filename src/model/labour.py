"""The labour market: work away from home, local wage work, and matching workers to firms.

Each March (after the Spring Festival) every able member who is not in a firm job decides whether to
work away for the year, and those who stay whether they take local wage work. Firms post vacancies
each month; rural job seekers (able members at home and not yet in a firm job) accept an offer with
a probability that falls with remoteness and rises with vocational training (``trained``). A firm
with a quota of registered-poor workers hires poor applicants first until the quota is met, then
anyone, in random order. Workers leave firm jobs at a yearly quit rate.
"""

from __future__ import annotations

import math

import numpy as np

from model.households import (
    ELDERLY_AGE,
    MAX_MEMBERS,
    Households,
    count_members,
    of_working_age,
    take,
)
from model.order import first_k
from model.parameters import Parameters
from model.shocks import per_month

__all__ = ["decide_work", "quit_jobs", "hire", "release_workers", "non_poor_allowed"]


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


def decide_work(
    population: Households, params: Parameters, rng: np.random.Generator, year: int
) -> None:
    """March: set who works away (``n_away``) and who has local wage work (``n_local_jobs``).

    Able working-age rural members (16 to ``working_age_end - 1``), less one per household with
    a firm job and one per public post held (``public_post``: a ranger's or village post is
    part-time work at home), go away with a probability proportional to an age and schooling
    weight, aligned so that the share of them away equals ``labour.away_participation`` of the
    year; of those who stay, a share ``labour.local_work_participation`` (post holders among
    them) finds local wage work for the year, less likely in remote villages (weight
    ``1 - remoteness_work_penalty * remoteness``) and past 60 (``labour.local_senior_factor``),
    aligned the same way. Each member slot's two uniforms (``work_draws``) are kept from last
    year with probability ``labour.work_persistence`` and drawn anew otherwise; three uniforms
    per member slot, for every household, keep draws aligned across scenarios.
    """
    # Who works is persistent: a member keeps last year's draws with probability
    # ``labour.work_persistence`` (new draws otherwise), so the same members tend to go away or
    # find local work year after year while each year's shares stay as set.
    draws = population.work_draws
    _renew_draws(draws, rng, params.at("labour.work_persistence", year))
    u_away, u_local = draws
    age = population.age
    able = of_working_age(age, population.working_age_end) & ~population.ill
    able &= population.rural[None, :]
    # The member with a firm job (the household's first able one) stays, without other work.
    employed = np.flatnonzero((population.employer >= 0) & able.any(axis=0))
    able[able[:, employed].argmax(axis=0), employed] = False
    # A member with a public post (the next able one) stays at home, free for local day work.
    may_leave = able.copy()
    posted = np.flatnonzero((population.public_post > 0) & able.any(axis=0))
    may_leave[able[:, posted].argmax(axis=0), posted] = False

    # Weights and probabilities are worked out only for the member slots that may take part
    # (flat indices into the (MAX_MEMBERS, n) arrays; slot ``i`` is household ``i % n``, whose
    # values are taken with ``mode="wrap"``: the index taken modulo n as it reads, without a
    # copy of the values tiled over the slots or of the indices ``% n``, at a third of the time).
    leavers = np.flatnonzero(may_leave)
    member_age = age.take(leavers)  # (take: quicker than indexing)
    # One age factor per age of working age (ages are small integers), looked up by age.
    ages = np.arange(population.working_age_end)
    young_end, middle_end = params.value("labour.away_age_bands")
    factor_by_age = np.select(
        [ages < young_end, ages < middle_end, ages < ELDERLY_AGE],
        [params.value("labour.away_young_factor"), 1.0, params.value("labour.away_older_factor")],
        params.value("labour.away_senior_factor"),
    )
    factor = factor_by_age.take(member_age)
    schooling = params.at("labour.away_schooling_effect", year) * (
        population.schooling - params.value("households.schooling_mean")
    )
    weight = schooling.take(leavers, mode="wrap")
    weight += 1.0  # (in place, as ``1.0 + weight`` in its float32)
    weight = np.multiply(factor, weight)
    np.maximum(weight, 0.0, out=weight)
    share_away = params.at("labour.away_participation", year)
    away = _chosen(leavers, weight, share_away, u_away, able.shape)
    # Local wage work is scarcer in remote villages.
    at_home = able & ~away
    stayers = np.flatnonzero(at_home)
    access = 1.0 - params.value("labour.remoteness_work_penalty") * population.remoteness
    weight = access.take(stayers, mode="wrap")
    # Members past the first old age find local wage work less often (the factor looked up
    # by age, as for working away: quicker than a selection over the members).
    senior_by_age = np.where(ages < ELDERLY_AGE, 1.0, params.value("labour.local_senior_factor"))
    weight *= senior_by_age.take(age.take(stayers))
    share_local = params.at("labour.local_work_participation", year)
    local = _chosen(stayers, weight, share_local, u_local, able.shape)
    population.n_away[...] = count_members(away)
    population.n_local_jobs[...] = count_members(local)


def _renew_draws(draws: np.ndarray, rng: np.random.Generator, persistence: float) -> None:
    """Draw anew each member slot's ``draws`` (``(2, MAX_MEMBERS, n)``) not kept this year.

    The stream holds a ``(2, MAX_MEMBERS, n)`` block of new draws, then a ``(MAX_MEMBERS, n)``
    block of uniforms: a slot keeps its draws where its uniform is below ``persistence``. The
    keep-or-renew block is read first (the generator advanced past the new draws, one
    step per double), then the new draws, row by row into one small buffer, are copied at the
    few slots renewed; the generator ends where drawing both blocks whole leaves it. The same
    numbers as drawing the blocks whole, without two large arrays allocated each year (about
    half the time).
    """
    n = draws.shape[-1]
    bits = rng.bit_generator
    start = bits.state
    bits.advance(draws.size)
    u = np.empty(n)
    # the slots drawn anew, by member slot (indices of households); most keep their draws
    renewed = [np.flatnonzero(rng.random(out=u) >= persistence) for _ in range(MAX_MEMBERS)]
    end = bits.state
    # (advancing drops a buffered 32-bit half-draw, which doubles do not use: kept as it was)
    end["has_uint32"], end["uinteger"] = start["has_uint32"], start["uinteger"]
    bits.state = start
    for row, slot in enumerate(draws.reshape(-1, n)):
        households = renewed[row % MAX_MEMBERS]
        slot[households] = rng.random(out=u).take(households)
    bits.state = end


def _chosen(
    slots: np.ndarray, weight: np.ndarray, share: float, u: np.ndarray, shape: tuple[int, ...]
) -> np.ndarray:
    """Which of the eligible member ``slots`` (flat indices) are chosen: ``u < p``.

    Probabilities are proportional to ``weight`` (one per slot), with mean ``share`` over the
    slots, capped at 0.9; the cap binds only for weights far above the mean. Returns a mask of
    ``shape``.
    """
    chosen = np.zeros(shape, dtype=bool)
    if slots.size == 0:
        return chosen
    # worked out in place (the dtype the products would have: the weight's, or float64)
    probability = share * weight
    probability /= max(weight.mean(), 1e-12)
    np.minimum(probability, 0.9, out=probability)
    chosen.ravel()[slots] = u.take(slots) < probability
    return chosen


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
    staff = np.flatnonzero(population.employer == firm)
    poor = population.registered
    poor_needed = max(
        0, math.ceil(min_poor_share * (staff.size + vacancies)) - int(poor.take(staff).sum())
    )
    first = _first_seekers(population, params, u_accept, u_order, min(poor_needed, vacancies), poor)
    population.employer[first] = firm
    # (those just hired are no longer seekers: their employer is set)
    rest = _first_seekers(population, params, u_accept, u_order, vacancies - first.size)
    population.employer[rest] = firm
    _enforce_quota(population, firm, min_poor_share, u_order)
    return int(first.size + rest.size)


def _first_seekers(
    population: Households,
    params: Parameters,
    u_accept: np.ndarray,
    u_order: np.ndarray,
    k: int,
    among: np.ndarray | None = None,
) -> np.ndarray:
    """The ``k`` job seekers who accept an offer, first in the order ``u_order``.

    Seekers are rural households not in a firm job with an able member at home who holds no
    public post (a post holder stays at home), who accept (``u_accept`` below ``_acceptance``).
    Vacancies are few and seekers many, so the seekers are looked for only among the households
    early in the order (``u_order`` below a threshold), the threshold raised until ``k`` are
    found or everyone is looked at: the ``k`` first of those are the ``k`` first of all.

    Args:
        population: The households.
        params: Model parameters.
        u_accept: One uniform per household: does a seeker accept an offer this month.
        u_order: One uniform per household: the order in which applicants are taken.
        k: How many to take (fewer if there are fewer seekers).
        among: A mask of the households who may be taken (None: any seeker).

    Returns:
        Indices of the households taken, in the order (``first_k``: ties in position order).
    """
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    n = u_order.size
    # A first guess at how far along the order k seekers are found (a few hundred households
    # for a few vacancies): only the search's cost depends on it, never who is taken.
    threshold = 16.0 * (k + 4) / n
    while True:
        if threshold < 1.0:
            households = np.flatnonzero(u_order < threshold)
        else:  # everyone (u_order may hold 1.0)
            households = np.arange(n)
        seeking = population.rural.take(households)
        if among is not None:
            seeking &= among.take(households)
        seeking &= population.employer.take(households) < 0
        # an able member at home who holds no public post (a post holder stays at home)
        at_home = population.able_members(households) - population.n_away.take(households)
        seeking &= at_home - (population.public_post.take(households) > 0) > 0
        seeking &= u_accept.take(households) < _acceptance(population, params, households)
        seekers = households.compress(seeking)
        if seekers.size >= k or threshold >= 1.0:
            return seekers[first_k(u_order.take(seekers), k)]
        # about k / found times as far along the order finds k; twice that, to be sure
        threshold *= 2.0 * k / seekers.size if seekers.size else 16.0


def _acceptance(
    population: Households, params: Parameters, households: np.ndarray | None = None
) -> np.ndarray:
    """Probability a seeker accepts an offer this month: lower when remote, higher if trained.

    Training (``trained``, set by the care-training program) multiplies the odds by
    ``1 + care_training.offer_boost``; with nobody trained the factor is exactly 1.

    Args:
        population: The households.
        params: Model parameters.
        households: Only these (indices), in their order; None: every household.
    """
    # hire_acceptance * (1 - penalty * remoteness), the difference in place
    base = params.value("labour.remoteness_hire_penalty") * take(population.remoteness, households)
    np.subtract(1.0, base, out=base)
    base = params.value("labour.hire_acceptance") * base
    # The boost is 1 but for the few trained: everyone's base (in float64, as times a boost
    # of 1.0), then the trained's boosted, rather than a boost worked out for everyone.
    acceptance = np.minimum(base, 1.0, dtype=np.float64)
    trained = np.flatnonzero(take(population.trained, households))
    boost = 1.0 + params.value("care_training.offer_boost")
    acceptance[trained] = np.minimum(base.take(trained).astype(np.float64) * boost, 1.0)
    return acceptance


def _enforce_quota(
    population: Households, firm: int, min_poor_share: float, u_order: np.ndarray
) -> None:
    """Let non-poor workers go (in random order) until the poor share meets the quota.

    Hiring takes poor applicants first, so this only bites when poor workers have left and
    no poor applicant could replace them.
    """
    if min_poor_share <= 0:
        return
    # (the few staff's indices first: quicker than masks over every household)
    staff = np.flatnonzero(population.employer == firm)
    poor = population.registered.take(staff)
    allowed_non_poor = non_poor_allowed(int(np.count_nonzero(poor)), min_poor_share)
    non_poor = staff[~poor]
    excess = non_poor.size - allowed_non_poor
    if excess > 0:
        leave = non_poor[first_k(u_order[non_poor], excess)]
        population.employer[leave] = -1
