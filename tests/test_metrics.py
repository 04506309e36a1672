import numpy as np
import pytest

from model.metrics import _running_totals, fgt, weighted_gini, weighted_median


def test_gini_of_equal_incomes_is_zero():
    assert weighted_gini(np.full(5, 100.0), np.ones(5)) == pytest.approx(0.0)


def test_gini_matches_textbook_value():
    # one of four people holds everything: G = 1 - 1/n for n = 4 people
    assert weighted_gini(np.array([0.0, 0.0, 0.0, 10.0]), np.ones(4)) == pytest.approx(0.75)


def test_gini_weights_equal_repeated_values():
    values, weights = np.array([1.0, 5.0, 9.0]), np.array([2, 1, 3])
    expanded = np.repeat(values, weights)
    assert weighted_gini(values, weights) == pytest.approx(
        weighted_gini(expanded, np.ones(expanded.size))
    )


def test_fgt_indices():
    income = np.array([50.0, 100.0, 200.0])
    people = np.array([1, 1, 2])
    assert fgt(income, people, 100.0, 0) == pytest.approx(0.25)
    assert fgt(income, people, 100.0, 1) == pytest.approx(0.125)
    assert fgt(income, people, 100.0, 2) == pytest.approx(0.0625)


def test_weighted_median():
    assert weighted_median(np.array([1.0, 2.0, 3.0]), np.array([1, 1, 5])) == 3.0


def test_income_totals_add_household_after_household(population):
    # incomes of very different sizes: a pairwise or blocked sum would round differently
    rng = np.random.default_rng(3)
    shape = population.income.shape
    population.income[...] = rng.standard_normal(shape) * 10.0 ** rng.integers(-4, 9, shape)
    chosen = rng.random(len(population)) < 0.7
    running = np.cumsum(population.income[:, chosen], axis=1)[:, -1]
    assert np.array_equal(_running_totals(population.income[:, chosen]), running)
    # the chosen households alone, without taking their columns out: the same totals
    assert np.array_equal(_running_totals(population.income, chosen), running)


def test_annual_metrics_poverty_median_and_gini_are_the_public_functions():
    from model.metrics import _median_and_gini, _poverty_indices

    rng = np.random.default_rng(8)
    income = rng.lognormal(8.0, 1.0, 2000)
    weights = rng.integers(0, 6, 2000).astype(np.int16)
    line = float(np.median(income))
    order = np.argsort(income)
    assert _median_and_gini(income, weights, order) == (
        weighted_median(income, weights, order),
        weighted_gini(income, weights, order),
    )
    indices = _poverty_indices(income, weights, income < line, line, weights.sum())
    assert [indices[k] for k in ("poverty_rate", "poverty_gap", "poverty_severity")] == [
        fgt(income, weights, line, alpha) for alpha in (0, 1, 2)
    ]


def test_gini_is_the_trapezoid_formula_to_the_last_bit():
    rng = np.random.default_rng(9)
    values, weights = rng.lognormal(8.0, 1.0, 3000), rng.integers(0, 6, 3000)
    order = np.argsort(values)
    v, w = values[order], weights[order].astype(float)
    lorenz = np.cumsum(v * w) / np.cumsum(v * w)[-1]
    previous = np.concatenate(([0.0], lorenz[:-1]))
    area = np.sum(w / np.cumsum(w)[-1] * (lorenz + previous) / 2.0)
    assert weighted_gini(values, weights) == float(1.0 - 2.0 * area)


def test_before_2013_the_money_of_members_away_not_counted_is_a_transfer(population):
    from model.households import SOURCE_INDEX
    from model.metrics import annual_metrics

    population.income[...] = 0.0
    population.income[SOURCE_INDEX["wages_away"]] = 1000.0
    population.n_away[...] = np.minimum(population.n_able, 1)
    for year in (2012, 2013):
        population.income_year = year
        row = annual_metrics(population, year, 2625.0, 0.0)
        people = population.residents()
        surveyed = population.rural & (people > 0)
        counted = people[population.rural].sum()
        uncounted = surveyed if year >= 2013 else surveyed & ~population.away_counted
        assert row["income_pc_transfer_income"] == pytest.approx(1000.0 * uncounted.sum() / counted)
        assert row["income_pc_wage_income"] + row["income_pc_transfer_income"] == pytest.approx(
            row["income_pc_wages_away"]
        )
    # both kinds of household are in the county, so the test tells the years apart
    assert 0 < (population.rural & population.away_counted).sum() < population.rural.sum()
