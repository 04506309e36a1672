"""Mesa's conventions: rng=None draws a fresh seed, every annual metric is collected once a year,
mesa.batch_run (iterations, processes, collection period), and keywords for any parameter."""

import json
import warnings

import mesa
import numpy as np
import pandas as pd
import pytest

from model import LinxiModel, ScenarioError, run_scenario
from model.county import ANNUAL_REPORTERS
from model.metric_dictionary import table_metrics
from tests.conftest import SCENARIOS

SHORT = {"run.end_year": 2013}


def test_rng_none_draws_a_fresh_seed_as_mesa_does():
    a = LinxiModel(households=300, overrides=SHORT).run()
    b = LinxiModel(households=300, overrides=SHORT).run()
    assert a.seed != b.seed and 0 <= a.seed < 2**63
    assert not a.annual_frame().equals(b.annual_frame())
    # the seed drawn is the run's seed: the same seed gives the same run
    again = LinxiModel(households=300, overrides=SHORT, rng=a.seed).run()
    pd.testing.assert_frame_equal(again.annual_frame(), a.annual_frame())
    # and it is collected with the annual metrics
    collected = a.datacollector.get_model_vars_dataframe()
    assert (collected["seed"] == a.seed).all()


def test_rng_takes_what_mesa_takes():
    generator = LinxiModel(households=300, rng=np.random.default_rng(5), overrides=SHORT)
    assert generator.seed == LinxiModel(households=300, rng=np.random.default_rng(5)).seed
    assert LinxiModel(households=300, rng=np.int64(7)).seed == 7
    for bad in (-1, 2**63, 1.5, "seven", True):
        with pytest.raises(ScenarioError, match="rng") as caught:
            LinxiModel(households=300, rng=bad)
        assert "\n" not in str(caught.value)


def test_scenario_runs_keep_their_explicit_seed(tmp_path):
    result = run_scenario(SCENARIOS / "baseline.toml", households=300)
    assert result.manifest["seed"] == result.model.seed == 20110501  # baseline.toml's run.seed


def test_every_annual_metric_goes_through_the_datacollector(baseline_small):
    collected = baseline_small.datacollector.get_model_vars_dataframe()
    annual = baseline_small.annual_frame()
    assert list(collected.columns) == [*ANNUAL_REPORTERS, "seed"]
    assert list(annual.columns) == list(ANNUAL_REPORTERS) == list(table_metrics("annual"))
    assert len(collected) == 10  # one collection a year, 2011-2020
    pd.testing.assert_frame_equal(collected[list(ANNUAL_REPORTERS)], annual)
    # the metrics the model computes are exactly the dictionary's, in its order
    assert list(baseline_small.year_metrics) == list(ANNUAL_REPORTERS)


def _batch(**kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # `iterations` is deprecated in Mesa
        return pd.DataFrame(
            mesa.batch_run(
                LinxiModel,
                parameters={"households": 300, "end_year": 2013, **kwargs.pop("parameters", {})},
                max_steps=200,
                display_progress=False,
                **kwargs,
            )
        )


def test_batch_run_iterations_are_different_runs():
    frame = _batch(iterations=3, number_processes=1)
    assert len(frame) == 3
    assert frame.seed.nunique() == 3
    assert frame.poverty_rate.nunique() == 3  # not three copies of one run
    # every annual metric reaches batch_run's rows, with the seed that reproduces the run
    assert set(ANNUAL_REPORTERS) <= set(frame.columns)
    row = frame.iloc[0]
    rerun = LinxiModel(households=300, end_year=2013, rng=int(row.seed)).run()
    assert rerun.annual_frame().iloc[-1].poverty_gap == row.poverty_gap


def test_one_collection_is_one_year():
    every_year = _batch(rng=[1], data_collection_period=1, number_processes=1)
    assert every_year.year.tolist() == [2011, 2012, 2013]
    final = _batch(rng=[1], number_processes=1)  # data_collection_period=-1: the last year
    assert final.year.tolist() == [2013]
    every_other = _batch(rng=[1], data_collection_period=2, number_processes=1)
    assert every_other.year.tolist() == [2011, 2013]


def test_batch_run_on_two_processes_matches_one():
    levers = {"share_poor_staff": [0.3, 0.5]}
    serial = _batch(parameters=levers, rng=[1, 2], number_processes=1)
    parallel = _batch(parameters=levers, rng=[1, 2], number_processes=2)
    key = ["share_poor_staff", "seed"]
    columns = [*key, *ANNUAL_REPORTERS]
    pd.testing.assert_frame_equal(
        parallel[columns].sort_values(key).reset_index(drop=True),
        serial[columns].sort_values(key).reset_index(drop=True),
    )
    assert len(serial) == 4


def test_default_parameters_and_scenario_keys_are_keywords():
    model = LinxiModel(
        households=300,
        rng=1,
        parameters={"egg_farm.rent_rate": 0.08, "parameters.health.major_illness_cost": 9000},
        overrides={"families.industry.funding_scale": 2, "run.end_year": 2013},
    )
    assert model.params.value("egg_farm.rent_rate") == 0.08
    assert model.params.value("health.major_illness_cost") == 9000
    assert model.config.families.industry.funding_scale == 2.0
    assert model.end_year == 2013
    # the same values from a scenario file give the same run
    file_run = LinxiModel(
        SCENARIOS / "baseline.toml",
        households=300,
        rng=1,
        overrides={
            "parameters.egg_farm.rent_rate": 0.08,
            "parameters.health.major_illness_cost": 9000,
            "families.industry.funding_scale": 2,
            "run.end_year": 2013,
        },
    ).run()
    keyword_run = LinxiModel(
        SCENARIOS / "baseline.toml",
        households=300,
        rng=1,
        parameters={"egg_farm.rent_rate": 0.08, "health.major_illness_cost": 9000},
        overrides={"families.industry.funding_scale": 2, "run.end_year": 2013},
    ).run()
    pd.testing.assert_frame_equal(file_run.annual_frame(), keyword_run.annual_frame())


@pytest.mark.parametrize(
    ("keywords", "named"),
    [
        ({"parameters": {"egg_farm.rent_rat": 0.08}}, "did you mean 'egg_farm.rent_rate'"),
        ({"parameters": {"egg_farm.rent_rate": float("inf")}}, "finite"),
        ({"parameters": {"egg_farm.rent_rate": -1}}, ">= 0"),
        ({"overrides": {"families.industry.funding_scale": float("nan")}}, "finite"),
        ({"overrides": {"families.industry.funding_scale": 1e308}}, "less than or equal"),
        ({"overrides": {"aid.fundng_scale": 2}}, "did you mean 'funding_scale'"),
        ({"industry_funding_scale": float("inf")}, "finite"),
        ({"households": 10}, "greater than or equal to 50"),
        ({"overrides": ["aid.funding_scale"]}, "expected a dict"),
    ],
)
def test_keywords_are_validated_like_a_file(keywords, named):
    with pytest.raises(ScenarioError) as caught:
        LinxiModel(rng=1, **keywords)
    message = str(caught.value)
    assert "\n" not in message and named in message and "LinxiModel" in message


def test_an_unknown_keyword_says_where_parameters_go():
    with pytest.raises(TypeError, match=r"parameters=\{'egg_farm.rent_rate'"):
        LinxiModel(households=300, rent_rate=0.08)


def test_the_manifest_records_the_seed_of_a_fresh_draw(tmp_path):
    from model.results import write_results

    model_seed = LinxiModel(households=300, overrides=SHORT).seed
    result = run_scenario(None, households=300, seed=model_seed)
    out = write_results(result, tmp_path / "run")
    assert json.loads((out / "manifest.json").read_text())["seed"] == model_seed


def test_batch_run_passes_default_parameters_as_a_dict_in_a_list():
    frame = _batch(
        parameters={"parameters": [{"egg_farm.rent_rate": 0.08}, {"egg_farm.rent_rate": 0.02}]},
        rng=[4],
        number_processes=1,
    )
    assert len(frame) == 2
    rates = [row["parameters"]["egg_farm.rent_rate"] for _, row in frame.iterrows()]
    assert sorted(rates) == [0.02, 0.08]
