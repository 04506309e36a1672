"""The labour market (model.labour): who works away and locally, hiring with a poor quota,
quits, closures."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import default_parameters, labour
from model.households import ADULT_AGE, ELDERLY_AGE, MAX_MEMBERS
from model.labour import _renew_draws, decide_work
from model.rng import Streams
from model.synthesis import synthesize

PARAMS = default_parameters()


def _able(population):
    age = population.age
    able = (age >= ADULT_AGE) & (age < population.working_age_end) & ~population.ill
    return able & population.rural[None, :]


def _only_seniors_able(population):
    """Households whose able members are all aged 60 or over (and that have one)."""
    able = _able(population)
    seniors = (able & (population.age >= ELDERLY_AGE)).sum(axis=0)
    return np.flatnonzero((seniors > 0) & (seniors == able.sum(axis=0)))


@given(n_poor=st.integers(0, 1000), share=st.floats(0, 1))
def test_the_non_poor_allowed_keep_the_poor_share_at_the_quota(n_poor, share):
    allowed = labour.non_poor_allowed(n_poor, share)
    if share <= 0:
        assert allowed == math.inf
    elif n_poor + allowed > 0 and math.isfinite(allowed):
        assert n_poor / (n_poor + allowed) >= share - 1e-9


def test_hiring_fills_the_vacancies_and_meets_the_poor_quota(population, params):
    population.registered[::3] = True
    n = len(population)
    hired = labour.hire(population, 7, 40, 0.5, params, np.zeros(n), np.linspace(0, 1, n))
    staff = population.employer == 7
    assert hired == staff.sum() == 40
    assert (staff & population.registered).sum() >= 20
    assert not (staff & population.urban).any()


def test_nobody_is_hired_when_nobody_accepts(population, params):
    n = len(population)
    assert labour.hire(population, 2, 10, 0.3, params, np.ones(n), np.zeros(n)) == 0


def _hired_by_masks(population, firm, vacancies, share, params, u_accept, u_order):
    """Who ``hire`` takes, worked out with masks over every household (its rule, plainly)."""
    employer = population.employer.copy()
    boost = np.where(population.trained, 1.0 + params.value("care_training.offer_boost"), 1.0)
    remote = 1.0 - params.value("labour.remoteness_hire_penalty") * population.remoteness
    acceptance = np.minimum(params.value("labour.hire_acceptance") * remote * boost, 1.0)
    at_home = population.n_able - population.n_away - (population.public_post > 0)
    seekers = population.rural & (employer < 0) & (at_home > 0) & (u_accept < acceptance)
    poor = population.registered
    staff = employer == firm
    needed = math.ceil(share * (staff.sum() + vacancies)) - (staff & poor).sum()
    order = np.argsort(u_order, kind="stable")
    first = [i for i in order if seekers[i] and poor[i]][: min(max(needed, 0), vacancies)]
    employer[first] = firm
    rest = [i for i in order if seekers[i] and employer[i] < 0][: vacancies - len(first)]
    employer[rest] = firm
    # then the quota: non-poor staff leave, in the order, until it is met
    staff = employer == firm
    if share > 0:
        allowed = labour.non_poor_allowed((staff & poor).sum(), share)
        non_poor = [i for i in order if staff[i] and not poor[i]]
        employer[non_poor[: max(len(non_poor) - allowed, 0)]] = -1
    return employer, len(first) + len(rest)


@pytest.mark.parametrize("vacancies", [1, 7, 60, 5000])
@pytest.mark.parametrize("share", [0.0, 0.3, 0.9])
def test_hiring_takes_the_first_seekers_in_the_order(population, params, vacancies, share):
    # (the seekers are looked for early in the order first: the same ones as over everyone)
    rng = np.random.default_rng(vacancies)
    n = len(population)
    population.registered[rng.random(n) < 0.2] = True
    population.trained[rng.random(n) < 0.1] = True
    population.public_post[rng.random(n) < 0.1] = 1
    population.employer[rng.random(n) < 0.1] = 3
    u_accept = rng.random(n)
    u_order = np.round(rng.random(n), 2)  # ties, taken in position order
    expected = _hired_by_masks(population, 3, vacancies, share, params, u_accept, u_order)
    hired = labour.hire(population, 3, vacancies, share, params, u_accept, u_order)
    np.testing.assert_array_equal(population.employer, expected[0])
    assert hired == expected[1]


def test_a_closed_firm_releases_all_its_workers(population):
    population.employer[:30] = 4
    population.employer[30:40] = 5
    assert labour.release_workers(population, 4) == 30
    assert not (population.employer == 4).any() and (population.employer == 5).sum() == 10


def test_workers_quit_at_their_rate_and_when_nobody_is_left_at_home(population, params):
    population.employer[:] = 1
    labour.quit_jobs(population, params, np.ones(len(population)), 2016)  # no random quits
    np.testing.assert_array_equal(population.employer == 1, population.n_able > population.n_away)
    labour.quit_jobs(population, params, np.zeros(len(population)), 2016)  # everyone quits
    assert not (population.employer >= 0).any()


def test_only_free_rural_members_work_away(population, params):
    population.employer[:100] = 0
    labour.decide_work(population, params, Streams(2).get("migration", 2), 2016)
    assert not population.n_away[population.urban].any()
    free = np.maximum(population.n_able - (population.employer >= 0), 0)
    assert (population.n_away + population.n_local_jobs <= free).all() and population.n_away.any()


def test_the_share_away_follows_the_year_and_the_young_go_first():
    population = synthesize(20_000, PARAMS, Streams(1))
    able = _able(population)
    decide_work(population, PARAMS, Streams(1).get("migration", 2), 2014)
    share = population.n_away.sum() / able.sum()
    assert share == pytest.approx(PARAMS.at("labour.away_participation", 2014), abs=0.01)
    decide_work(population, PARAMS, Streams(1).get("migration", 110), 2020)
    assert population.n_away.sum() / able.sum() < share


def test_local_wage_work_goes_to_members_at_home():
    population = synthesize(20_000, PARAMS, Streams(2))
    able = _able(population).sum(axis=0)
    decide_work(population, PARAMS, Streams(2).get("migration", 2), 2015)
    at_home = able - population.n_away
    assert (population.n_local_jobs <= at_home).all()
    share = population.n_local_jobs.sum() / at_home.sum()
    assert share == pytest.approx(PARAMS.at("labour.local_work_participation", 2015), abs=0.015)
    assert (population.n_away[population.urban] == 0).all()
    remote, near = population.remoteness > 0.8, population.remoteness < 0.2
    assert population.n_local_jobs[remote].sum() / at_home[remote].sum() < (
        population.n_local_jobs[near].sum() / at_home[near].sum()
    )


def test_a_member_with_a_firm_job_neither_goes_away_nor_takes_other_work():
    population = synthesize(5000, PARAMS, Streams(3))
    able = _able(population).sum(axis=0)
    one_able = np.flatnonzero(able == 1)
    population.employer[one_able] = 0
    params = PARAMS.with_overrides(
        {"labour.away_participation": 0.9, "labour.local_work_participation": 1.0}
    )
    decide_work(population, params, Streams(3).get("migration", 2), 2015)
    assert (population.n_away[one_able] == 0).all()
    assert (population.n_local_jobs[one_able] == 0).all()


def test_a_member_with_a_public_post_stays_at_home_and_may_take_day_work():
    population = synthesize(5000, PARAMS, Streams(3))
    able = _able(population).sum(axis=0)
    one_able = np.flatnonzero(able == 1)
    population.public_post[one_able] = 1
    params = PARAMS.with_overrides(
        {"labour.away_participation": 0.9, "labour.local_work_participation": 1.0}
    )
    decide_work(population, params, Streams(3).get("migration", 2), 2015)
    assert (population.n_away[one_able] == 0).all()
    assert population.n_local_jobs[one_able].mean() > 0.5  # part-time: day work as usual


def test_members_work_to_the_working_age_end():
    for end in (60, 65):
        params = PARAMS.with_overrides({"labour.working_age_end": end})
        population = synthesize(20_000, params, Streams(4))
        age = population.age
        np.testing.assert_array_equal(
            population.n_working, ((age >= ADULT_AGE) & (age < end)).sum(axis=0)
        )
        decide_work(population, params, Streams(4).get("migration", 2), 2015)
        seniors_only = _only_seniors_able(population)
        working = population.n_away + population.n_local_jobs
        if end == ELDERLY_AGE:
            assert seniors_only.size == 0
        else:
            # a few hundred such households; some of them work away or locally
            assert seniors_only.size > 100 and working[seniors_only].any()


@pytest.mark.parametrize("kind", ["away", "local"])
def test_a_senior_factor_of_zero_keeps_members_past_60_from_that_work(kind):
    params = PARAMS.with_overrides(
        {"labour.working_age_end": 65, f"labour.{kind}_senior_factor": 0.0}
    )
    population = synthesize(20_000, params, Streams(5))
    decide_work(population, params, Streams(5).get("migration", 2), 2015)
    seniors_only = _only_seniors_able(population)
    counts = population.n_away if kind == "away" else population.n_local_jobs
    other = population.n_local_jobs if kind == "away" else population.n_away
    assert seniors_only.size > 100
    assert not counts[seniors_only].any() and other[seniors_only].any()


@given(
    persistence=st.floats(0.0, 1.0),
    n=st.integers(1, 50),
    half_draw_before=st.booleans(),
)
def test_renewing_the_work_draws_gives_the_whole_blocks_numbers(persistence, n, half_draw_before):
    """``_renew_draws`` equals drawing the new block, then the keep block, whole."""
    old = np.random.default_rng(7).random((2, MAX_MEMBERS, n))
    rng_new, rng_ref = (np.random.Generator(np.random.PCG64(11)) for _ in range(2))
    if half_draw_before:  # a buffered 32-bit half-draw, which advancing the generator drops
        rng_new.integers(2**32, dtype=np.uint32)
        rng_ref.integers(2**32, dtype=np.uint32)
    draws = old.copy()
    _renew_draws(draws, rng_new, persistence)

    fresh = rng_ref.random((2, MAX_MEMBERS, n))
    kept = rng_ref.random((MAX_MEMBERS, n)) < persistence
    expected = np.where(kept[None, :, :], old, fresh)
    assert np.array_equal(draws, expected)
    # the generator is left where drawing both blocks whole leaves it
    assert rng_new.bit_generator.state == rng_ref.bit_generator.state
    assert rng_new.random() == rng_ref.random()
