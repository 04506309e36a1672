"""Paired comparisons: zero difference for a no-op scenario, headline measures that add up."""

import numpy as np
import pandas as pd
import pytest

from model.cli import main
from model.experiments import compare
from model.experiments.impact import HEADLINE_MEASURES, assign_deciles
from model.scenario import load_scenario
from tests.conftest import SCENARIOS

SHORT = {"run.end_year": 2016}


@pytest.fixture(scope="module")
def aid_vs_none():
    base = load_scenario(SCENARIOS / "no_aid.toml", {"run.end_year": 2018})
    scen = load_scenario(SCENARIOS / "baseline.toml", {"run.end_year": 2018})
    return compare(base, scen, runs=3, households=1000)


def test_a_scenario_that_changes_nothing_compares_to_exactly_zero():
    baseline = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    # a different file and name, the same model: an explicit default changes nothing
    same = baseline.with_overrides({"name": "same", "aid.funding_scale": 1.0})
    result = compare(baseline, same, runs=2, households=500)
    per_seed = result.per_seed
    undefined = per_seed.baseline.isna() & per_seed.scenario.isna()  # e.g. before registration
    assert ((per_seed.difference == 0) | undefined).all()
    assert (~undefined).sum() > 300
    assert (result.deciles["income_change_pc"] == 0).all()
    headline = result.headline.set_index("measure")
    for measure, _, _ in HEADLINE_MEASURES:
        if "cost per" in measure:
            continue
        assert headline.loc[measure, ["median", "p10", "p90"]].tolist() == [0.0, 0.0, 0.0]
    # no one lifted and no jobs: the ratios are undefined, labelled, not crashing
    ratios = [m for m, _, _ in HEADLINE_MEASURES if "cost per" in m]
    assert len(ratios) == 5
    for measure in ratios:
        assert np.isnan(headline.loc[measure, "median"])
        assert headline.loc[measure, "note"].startswith("undefined in 2 of 2 runs")
    groups = result.winners_losers.set_index(["seed", "group"])
    assert (groups.xs("unchanged", level="group").share == 1.0).all()


def test_headline_measures_match_the_per_seed_differences(aid_vs_none):
    result = aid_vs_none
    assert list(result.headline.columns[:5]) == ["measure", "unit", "median", "p10", "p90"]
    assert [m for m, _, _ in HEADLINE_MEASURES] == result.headline.measure.tolist()
    per_seed = result.per_seed.set_index(["seed", "year", "metric"])
    for row in result.measures.itertuples(index=False):
        spent = per_seed.xs((row.seed, "aid_spent_yuan"), level=("seed", "metric"))
        assert row.aid_cost == pytest.approx(spent.difference.sum())
        assert row.aid_cost > 0  # the baseline spends Beijing's money, no_aid does not
        poor = per_seed.loc[(row.seed, 2018, "poor_people")]
        assert row.people_lifted == -poor.difference
        rate = per_seed.loc[(row.seed, 2018, "poverty_rate")]
        assert row.poverty_rate_change_pp == pytest.approx(100 * rate.difference)
        domestic = per_seed.xs((row.seed, "domestic_spent_yuan"), level=("seed", "metric"))
        assert row.domestic_cost == pytest.approx(domestic.difference.sum())
        assert row.total_cost == pytest.approx(row.aid_cost + row.domestic_cost)
        if row.people_lifted:
            assert row.cost_per_person_lifted == pytest.approx(row.aid_cost / row.people_lifted)
            assert row.total_cost_per_person_lifted == pytest.approx(
                row.total_cost / row.people_lifted
            )
    headline = result.headline.set_index("measure")
    for measure, _, column in HEADLINE_MEASURES:
        values = result.measures[column].dropna()
        if len(values):
            assert headline.loc[measure, "median"] == pytest.approx(np.median(values))
            assert headline.loc[measure, "p10"] <= headline.loc[measure, "median"]
            assert headline.loc[measure, "median"] <= headline.loc[measure, "p90"]


def test_deciles_and_winners_cover_every_rural_household(aid_vs_none):
    result = aid_vs_none
    assert sorted(result.deciles.decile.unique()) == list(range(1, 11))
    assert list(result.deciles.columns) == ["seed", "decile", "income_change_pc"]
    groups = result.winners_losers
    assert list(groups.columns) == ["seed", "group", "households", "people", "share"]
    totals = groups.groupby("seed")[["people", "share"]].sum()
    assert (totals.share.round(12) == 1.0).all()
    # the groups hold every rural person of the run
    rural = result.per_seed.query("metric == 'rural_people' and year == 2018")
    assert totals.people.tolist() == rural.baseline.astype(int).tolist()
    winners = groups[groups.group == "winners"].set_index("seed").households
    assert (winners == result.measures.set_index("seed").winners).all()
    # aid reaches the poor it targets: in every seed the registered poor gain more per person
    # than the average rural person (each decile holds a tenth of people, so the mean of the
    # deciles' changes is the average). Gains by decile of the no-aid income are not ordered:
    # the bottom decile of 2018, a drought year, is mostly households with a bad harvest.
    average = result.deciles.groupby("seed").income_change_pc.mean()
    registered = result.measures.set_index("seed").income_change_registered
    assert (registered > average).all()


def test_deciles_hold_a_tenth_of_people_each():
    rng = np.random.default_rng(0)
    income = rng.lognormal(8, 1, 5000)
    people = rng.integers(1, 6, 5000)
    deciles = assign_deciles(income, people)
    shares = pd.Series(people).groupby(deciles).sum() / people.sum()
    assert shares.index.tolist() == list(range(1, 11))
    assert np.allclose(shares, 0.1, atol=0.01)
    # deciles rise with income
    means = pd.Series(income).groupby(deciles).mean()
    assert means.is_monotonic_increasing


def test_compare_refuses_scenarios_of_different_lengths():
    base = load_scenario(SCENARIOS / "baseline.toml", {"run.end_year": 2015})
    longer = load_scenario(SCENARIOS / "baseline.toml", {"run.end_year": 2016})
    with pytest.raises(ValueError, match="run.end_year"):
        compare(base, longer, runs=1, households=300)


def test_compare_command_prints_a_headline_table(tmp_path, capsys):
    out = tmp_path / "cmp"
    status = main([
        "compare", str(SCENARIOS / "no_aid.toml"), str(SCENARIOS / "baseline.toml"),
        "--runs", "2", "--households", "600", "--set", "run.end_year=2018",
        "--out", str(out), "--quiet",
    ])  # fmt: skip
    printed = capsys.readouterr().out
    assert status == 0
    assert "baseline against no_aid: 2 paired runs" in printed
    for text in ("aid cost", "M yuan", "people lifted out of poverty", "cost per job", "decile 10"):
        assert text in printed
    headline = pd.read_csv(out / "headline.csv")
    assert headline.measure.tolist() == [m for m, _, _ in HEADLINE_MEASURES]
    for name in ("per_seed.csv", "deciles.csv", "winners_losers.csv", "measures.csv"):
        assert (out / name).exists()


def test_an_ensemble_can_carry_parameter_uncertainty_from_the_posterior():
    from model import run_ensemble
    from model.calibration import posterior_sample

    plain = run_ensemble(None, runs=3, seed=40, households=400, progress=False)
    drawn = run_ensemble(
        None, runs=3, seed=40, households=400, progress=False, parameter_uncertainty=True
    )
    draws = posterior_sample(3, seed=40)
    assert draws and any(draw for draw in draws)
    # Same seeds, different parameters: the runs differ (the posterior is not the point).
    assert not plain.annual.income_pc_mean.equals(drawn.annual.income_pc_mean)
    again = run_ensemble(
        None, runs=3, seed=40, households=400, progress=False, parameter_uncertainty=True
    )
    assert drawn.annual.equals(again.annual)


def test_two_sides_of_the_same_name_are_told_apart():
    base = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    variant = base.with_overrides({"families.industry.funding_scale": 2.0})  # keeps the name
    result = compare(base, variant, runs=2, households=400)
    assert (result.baseline, result.scenario) == ("baseline (baseline)", "baseline (scenario)")
    summary = result.summary()
    assert set(summary.scenario) == {"baseline (baseline)", "baseline (scenario)"}
    years, metrics = summary.year.nunique(), summary.metric.nunique()
    assert len(summary) == 2 * years * metrics  # both sides, none dropped


def test_cost_ratios_only_where_the_money_differs():
    base = load_scenario(SCENARIOS / "baseline.toml", {"run.end_year": 2019})
    # the 379 staff share moves no money but moves who gets sick, and so need-driven spending
    stricter = base.with_overrides({"name": "strict", "programs.egg_farm.share_poor_staff": 0.5})
    result = compare(base, stricter, runs=2, households=1000)
    measures = result.measures
    assert (measures.aid_budget_change == 0).all()
    assert measures.cost_per_person_lifted.isna().all() and measures.cost_per_job.isna().all()
    headline = result.headline.set_index("measure")
    for measure in ("cost per person lifted out of poverty", "cost per job"):
        assert np.isnan(headline.loc[measure, "median"])
        assert "the scenario gives the same money" in headline.loc[measure, "note"]
    # where the money differs, the ratios are there
    more = base.with_overrides({"name": "more", "aid.funding_scale": 1.5})
    funded = compare(base, more, runs=2, households=1000).measures
    assert (funded.aid_budget_change > 0).all()
    lifted = funded.people_lifted != 0
    assert np.allclose(
        funded.cost_per_person_lifted[lifted],
        funded.aid_cost[lifted] / funded.people_lifted[lifted],
    )
