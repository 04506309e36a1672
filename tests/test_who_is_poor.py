"""Who is poor at the end of a run (model.poverty_profile)."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from model import LinxiModel, poverty_profile
from model.who_is_poor import PROFILE_COLUMNS, profile_table
from tests.conftest import SCENARIOS, SMALL


@pytest.fixture(scope="module")
def profile(baseline_small):
    return poverty_profile(baseline_small)


def test_each_dimension_splits_the_poor_of_the_last_year(baseline_small, profile):
    last = baseline_small.annual_frame().iloc[-1]
    assert list(profile.columns) == list(PROFILE_COLUMNS)
    assert (profile["year"] == last["year"]).all()
    assert set(profile["dimension"]) == {
        "register",
        "dibao",
        "labour",
        "illness",
        "age",
        "year before",
    }
    for dimension, groups in profile.groupby("dimension"):
        assert groups["poor_people"].sum() == last["poor_people"], dimension
        assert groups["people"].sum() == last["rural_residents"], dimension
        assert groups["share_of_poor"].sum() == pytest.approx(1.0), dimension
    register = profile[profile["dimension"] == "register"]
    assert register["poor_people"].sum() / register["people"].sum() == pytest.approx(
        last["poverty_rate"], rel=1e-12
    )


def test_the_poor_are_below_the_line(baseline_small, profile):
    line = baseline_small.conditions.poverty_line
    has_poor = profile[profile["poor_people"] > 0]
    assert (has_poor["income_pc_poor"] < line).all()
    assert np.allclose(has_poor["income_pc_poor"] + has_poor["shortfall_pc_poor"], line)
    peopled = profile["people"] > 0
    assert profile.loc[peopled, "poverty_rate"].between(0, 1).all()
    assert profile.loc[~peopled, "poverty_rate"].isna().all()  # e.g. nobody left registered


def test_an_unfinished_run_is_refused():
    model = LinxiModel(SCENARIOS / "baseline.toml", households=SMALL // 10, rng=7)
    with pytest.raises(ValueError, match="finished run"):
        poverty_profile(model)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 60),
    data=st.data(),
    line=st.floats(100.0, 10_000.0),
)
def test_profile_table_partitions_people_and_poor(n, data, line):
    income = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-2_000.0, 20_000.0)))
    weights = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, 8)))
    labels = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, 2)))
    groups = {f"g{k}": labels == k for k in range(3)}
    table = profile_table(income, weights, line, {"any": groups})
    poor = weights[income < line].sum()
    assert table["people"].sum() == weights.sum()
    assert table["poor_people"].sum() == poor
    assert (table["poor_people"] <= table["people"]).all()
    if poor:
        assert table["share_of_poor"].sum() == pytest.approx(1.0)
        has_poor = table[table["poor_people"] > 0]
        assert (has_poor["shortfall_pc_poor"] > 0).all()
    else:
        assert table["share_of_poor"].isna().all()


def test_the_report_sums_the_profiles_of_its_seeds():
    from model.calibration.report_poor import _profile_of_seed, profile_over_seeds

    one, two = (_profile_of_seed(300, seed) for seed in (1, 2))
    summed = profile_over_seeds(300, [1, 2])
    assert list(summed.columns) == [*PROFILE_COLUMNS, "line"]
    np.testing.assert_array_equal(summed["poor_people"], one["poor_people"] + two["poor_people"])
    np.testing.assert_array_equal(summed["people"], one["people"] + two["people"])
    poor = one["poor_people"] + two["poor_people"]
    income = (
        one["income_pc_poor"].fillna(0) * one["poor_people"]
        + two["income_pc_poor"].fillna(0) * two["poor_people"]
    )
    expected = (income / poor.where(poor > 0)).to_numpy()
    np.testing.assert_allclose(summed["income_pc_poor"].to_numpy(), expected)


def test_the_public_names_are_the_functions_whatever_was_imported_first():
    import model
    import model.county  # imports model.metric_dictionary, the module
    import model.who_is_poor
    from model import metric_dictionary
    from model import poverty_profile as profile

    assert profile is model.who_is_poor.poverty_profile
    assert metric_dictionary is sys.modules["model.metric_dictionary"].metric_dictionary


def test_the_year_before_splits_lasting_from_new_poverty(baseline_small, profile):
    line, income = baseline_small.year_before
    annual = baseline_small.annual_frame().set_index("year")
    end = baseline_small.end_year
    assert line == annual.loc[end - 1, "poverty_line"] < annual.loc[end, "poverty_line"]
    population = baseline_small.households
    rural = np.flatnonzero(population.rural)
    # the year before's income as that year's poverty rate read it: below the line for about
    # its share of the rural households (weighted by residents there, by households here; the
    # two differ by about 0.0005), and not the last year's income
    assert np.mean(income[rural] < line) == pytest.approx(
        annual.loc[end - 1, "poverty_rate"], abs=0.005
    )
    assert not np.allclose(income[rural], population.net_income_pc(last_year=True)[rural])
    before = profile[profile["dimension"] == "year before"].set_index("group")
    assert list(before.index) == ["poor the year before", "above the line the year before"]
    # the poor of the year before are far likelier to be poor again than the others
    rates = before["poverty_rate"]
    assert rates["poor the year before"] > 3 * rates["above the line the year before"]


def test_a_run_of_one_year_has_no_year_before():
    model = LinxiModel(households=200, rng=3, end_year=2011).run()
    assert model.year_before is None
    assert "year before" not in set(poverty_profile(model)["dimension"])
