"""Registration, review and exit (model.targeting)."""

import numpy as np

from model import targeting
from model.households import SOURCE_INDEX


def _incomes(population, per_person):
    population.income[...] = 0.0
    population.income[SOURCE_INDEX["crops"]] = per_person * population.size


def test_registration_takes_the_lowest_measured_incomes_up_to_the_quota(population, params):
    _incomes(population, np.linspace(500, 30000, len(population)))
    quiet = params.with_overrides(
        {"targeting.income_noise_sd": 0.0, "targeting.review_weight_ill": 0.0}
    )
    targeting.register(population, quiet, np.zeros(len(population)), 2014)
    registered = population.registered
    quota = quiet.at("targeting.quota_share", 2014) * population.size[population.rural].sum()
    assert population.size[registered].sum() <= quota
    assert not registered[population.urban].any()
    income = population.net_income_pc()
    rural_unregistered = population.rural & ~registered
    assert income[registered].max() <= income[rural_unregistered].min()
    assert (population.registered_year[registered] == 2014).all()


def test_the_review_lets_out_those_above_the_line_with_safe_housing(population, params):
    quiet = params.with_overrides(
        {"targeting.income_noise_sd": 0.0, "targeting.exit_years_above_line": 1}
    )
    population.registered[:] = population.rural
    population.safe_housing[::2] = False
    _incomes(population, np.full(len(population), 100000.0))
    n, line = len(population), 3000.0
    no_repairs_no_late = np.ones((2, n))
    targeting.review(population, quiet, np.zeros(n), no_repairs_no_late, 2016, line)
    exited = population.exited
    np.testing.assert_array_equal(exited, population.rural & population.safe_housing)
    assert (population.exit_year[exited] == 2016).all()


def test_the_review_registers_late_only_those_measured_below_the_line(population, params):
    quiet = params.with_overrides({"targeting.income_noise_sd": 0.0})
    income = np.where(np.arange(len(population)) % 2 == 0, 1000.0, 100000.0)
    _incomes(population, income)
    n = len(population)
    always = np.zeros((2, n))  # every late-registration draw succeeds
    targeting.review(population, quiet, np.zeros(n), always, 2016, 3000.0)
    late = population.registered
    measured = targeting.measured_income_pc(population, quiet, np.zeros(n), 2016)
    assert late.any() and (measured[late] <= 3000.0).all()
    assert not late[population.urban].any()
