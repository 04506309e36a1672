"""Forest rangers and village posts (model.programs.public_posts): one mechanism, two programmes."""

import math

import numpy as np
import pytest
from program_checks import program, rows, run

from model import LinxiModel, Scenario
from model.households import SOURCE_INDEX

POSTS = ("forest_rangers", "public_welfare_posts")
WAGES = SOURCE_INDEX["wages_local"]


@pytest.fixture(scope="module")
def baseline():
    return run()


@pytest.mark.parametrize("name", POSTS)
def test_the_money_pays_its_posts_for_the_year(baseline, name):
    posts = program(baseline, name)
    own = rows(baseline, name)
    pay = baseline.params.value(f"{name}.post_pay")
    for year in (2019, 2020):
        available = posts.ledger.given_through(year) - own.spent_yuan[own.index < year].sum()
        assert own.jobs[year] <= math.floor(available / pay + 1e-9)
    held = posts.holders
    assert held.sum() == own.jobs[2020] > 0
    assert own.spent_yuan[2020] == pytest.approx(held.sum() * pay)
    assert own.beneficiaries[2020] == held.sum()  # one person per post


def test_one_post_per_registered_household_with_a_member_at_home():
    scenario = Scenario(name="t").with_overrides({"run.end_year": 2020})
    model = LinxiModel(scenario, households=10_000, rng=1)
    while (model.year, model.month) < (2020, 1):
        model.step()  # January 2020: the year's posts are filled
    rangers = program(model, "forest_rangers").holders
    village = program(model, "public_welfare_posts").holders
    population = model.households
    assert rangers.any() and village.any() and not (rangers & village).any()
    held = rangers | village
    assert np.array_equal(population.public_post > 0, held)
    assert population.registered[held].all() and population.rural[held].all()
    assert (population.n_free[held] > 0).all()
    # by 2020 nearly every registered household has exited: they stay eligible (policies
    # stayed after exit), so the posts are filled
    assert population.exited[held].any()


def test_holders_earn_the_pay_as_local_wages():
    on = run({"programs.public_welfare_posts.enabled": False}, end_year=2019)
    off = run(
        {
            "programs.public_welfare_posts.enabled": False,
            "programs.forest_rangers.enabled": False,
        },
        end_year=2019,
    )
    rangers = program(on, "forest_rangers").holders
    gain = on.households.last_income[WAGES, rangers] - off.households.last_income[WAGES, rangers]
    # a post pays 10,000 a year; it replaces day work the holder would have done
    assert np.median(gain) > 0
    assert rows(on, "forest_rangers").income_delivered_yuan[2019] == pytest.approx(
        rangers.sum() * on.params.value("forest_rangers.post_pay")
    )


def test_holders_keep_their_post_and_new_posts_go_first_to_households_not_exited():
    scenario = Scenario(name="t").with_overrides({"run.end_year": 2018})
    # enough households for some twenty posts (at 2,500 there are two, and both holders can
    # lose their eligibility, an able member at home, in one year)
    model = LinxiModel(scenario, households=10_000, rng=8)
    rangers = program(model, "forest_rangers")
    held = {}
    for _ in range(8 * 12):
        model.step()
        if model.month == 1 and model.year >= 2016:
            held[model.year] = rangers.holders.copy()
    population = model.households
    for year in (2017, 2018):
        kept = held[year - 1] & held[year]
        assert kept.sum() >= 0.5 * held[year - 1].sum()
    new = held[2018] & ~held[2017]
    assert new.any()
    assert not population.exited[
        new & (population.exit_year < 2018) & (population.exit_year > 0)
    ].any()


def test_no_money_no_posts_and_nobody_held_at_home():
    model = run(
        {"programs.forest_rangers.enabled": False, "programs.public_welfare_posts.enabled": False}
    )
    assert not model.households.public_post.any()
