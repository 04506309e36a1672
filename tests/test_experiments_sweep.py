"""Sweeps (factorial and Latin hypercube) and sensitivity analysis (Morris, Sobol)."""

import numpy as np
import pandas as pd
import pytest

from model.cli import main
from model.experiments import design_points, sensitivity, sweep
from model.scenario import ScenarioError, load_scenario
from tests.conftest import SCENARIOS

# the egg farm is funded in 2017, so the sweeps run to 2017
SCENARIO = load_scenario(SCENARIOS / "baseline.toml", {"run.end_year": 2017})


def test_factorial_design_is_every_combination():
    points = design_points({"a": [1, 2, 3], "b": [True, False]})
    assert len(points) == 6 and {"a": 3, "b": False} in points


def test_latin_hypercube_puts_one_point_in_each_stratum():
    levers = {"x": [0, 2], "year": [2015, 2020]}
    points = pd.DataFrame(design_points(levers, "lhs", 5, 1, integer={"year"}))
    assert len(points) == 5
    strata = np.floor((points.x - 0.0) / 2.0 * 5).astype(int)
    assert sorted(strata) == [0, 1, 2, 3, 4]
    assert points.x.map(type).eq(float).all()  # integer bounds, but not an integer lever
    assert points.year.map(type).eq(int).all() and points.year.between(2015, 2020).all()
    again = pd.DataFrame(design_points(levers, "lhs", 5, 1, integer={"year"}))
    pd.testing.assert_frame_equal(points, again)  # seeded
    with pytest.raises(ValueError, match="low, high"):
        design_points({"x": [0.0, 1.0, 2.0]}, "lhs", 4)


def test_funding_sweep_gives_a_dose_response():
    result = sweep(SCENARIO, {"egg_farm_funding_scale": [0.0, 1.0, 2.0]}, runs=2, households=600)
    assert list(result.results.columns[:4]) == ["point", "seed", "egg_farm_funding_scale", "year"]
    assert len(result.results) == 3 * 2 * 7
    spent = result.dose_response("aid_spent_yuan")
    assert list(spent.columns) == ["egg_farm_funding_scale", "metric", "median", "p10", "p90"]
    # more egg-farm money, more spending in 2017 (other programs spend the same at every point)
    assert spent["median"].iloc[0] < spent["median"].iloc[1] < spent["median"].iloc[2]
    # every point ran at the same seeds (common random numbers)
    seeds = result.results.groupby("point").seed.unique().map(list)
    assert seeds.map(tuple).nunique() == 1
    # before the money arrives, the points are identical
    early = result.results[result.results.year == 2016].drop(
        columns=["point", "egg_farm_funding_scale"]
    )
    first = early.iloc[:2].reset_index(drop=True)
    for point in range(3):
        chunk = early.iloc[2 * point : 2 * point + 2].reset_index(drop=True)
        pd.testing.assert_frame_equal(chunk, first)
    with pytest.raises(KeyError, match="no metric"):
        result.dose_response("povrty")


def test_sweep_rejects_an_unknown_lever_before_running():
    with pytest.raises(ScenarioError, match="fundng_scale"):
        sweep(SCENARIO, {"aid.fundng_scale": [1.0, 2.0]}, households=300)


def test_lhs_sweep_command_writes_dose_response_and_curve(tmp_path, capsys):
    out = tmp_path / "lhs"
    status = main([
        "sweep", str(SCENARIOS / "baseline.toml"), "--lever", "aid.funding_scale=0,2",
        "--lever", "programs.egg_farm.fail_year=2018,2025",
        "--design", "lhs", "--samples", "4", "--households", "300",
        "--set", "run.end_year=2017", "--out", str(out), "--quiet",
    ])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    table = pd.read_csv(out / "dose_response.csv")
    # a float lever stays continuous even with whole-number bounds; a year lever is whole
    assert table["aid.funding_scale"].between(0.0, 2.0).all()
    assert table["aid.funding_scale"].nunique() == 4
    assert (table["aid.funding_scale"] % 1 != 0).all()
    assert table["programs.egg_farm.fail_year"].between(2018, 2025).all()
    assert (table["programs.egg_farm.fail_year"] % 1 == 0).all()
    assert (out / "dose_response.png").stat().st_size > 1000
    printed = capsys.readouterr().out
    assert "median [10th, 90th percentile]" in printed
    # each metric is printed in its display unit, named under its label (metric dictionary)
    lines = printed.splitlines()
    assert "poverty rate" in lines[1] and "% of rural people" in lines[2]
    shown = [float(line.split()[2]) for line in lines[3:7]]
    rates = table[table.metric == "poverty_rate"]["median"].tolist()
    assert shown == pytest.approx([round(100 * r, 1) for r in rates])


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_sensitivity_ranks_a_parameter_with_an_effect_above_one_without(method):
    # aid funding reaches jobs through the egg farm in 2017; the farm's rent rate cannot
    # change the number of jobs
    result = sensitivity(
        SCENARIO,
        {"aid.funding_scale": (0.0, 2.0), "egg_farm.rent_rate": (0.02, 0.1)},
        ["aid_spent_yuan", "jobs"],
        method=method,
        n=4,
        households=300,
    )
    columns = {
        "morris": ["mu_star", "mu_star_conf", "sigma"],
        "sobol": ["S1", "S1_conf", "ST", "ST_conf"],
    }[method]
    assert list(result.indices.columns) == ["method", "output", "parameter", *columns]
    assert len(result.indices) == 4
    index = result.indices.set_index(["output", "parameter"])
    main_effect = columns[0]
    spent = index.xs("aid_spent_yuan", level="output")[main_effect]
    assert spent["aid.funding_scale"] > 0
    assert spent["egg_farm.rent_rate"] == pytest.approx(0.0, abs=1e-9)
    assert len(result.samples) == (4 * 3 if method == "morris" else 4 * 4)
    assert result.samples["aid.funding_scale"].between(0.0, 2.0).all()


def test_sensitivity_command_prints_and_writes_indices(tmp_path, capsys):
    out = tmp_path / "morris"
    status = main([
        "sensitivity", str(SCENARIOS / "baseline.toml"),
        "--param", "parameters.egg_farm.rent_rate=0.02,0.1", "--param", "aid.funding_scale=0,2",
        "--output", "aid_spent_yuan", "--n", "3", "--households", "300",
        "--set", "run.end_year=2017", "--out", str(out), "--quiet",
    ])  # fmt: skip
    assert status == 0
    assert "mu_star" in capsys.readouterr().out
    indices = pd.read_csv(out / "indices.csv")
    assert set(indices.parameter) == {"parameters.egg_farm.rent_rate", "aid.funding_scale"}


def test_lever_names_keyword_dotted_and_parameter_agree():
    short = SCENARIO.with_overrides({"run.end_year": 2014})
    frames = []
    for key in ("parameters.crops.corn.yield_dry", "crops.corn.yield_dry"):
        result = sweep(short, {key: [150.0, 300.0]}, households=300)
        frames.append(result.results.drop(columns=key))
    pd.testing.assert_frame_equal(frames[0], frames[1])
    # the lever changed the runs: the two points differ
    by_point = frames[0].groupby("point").income_pc_mean.sum()
    assert by_point[0] != by_point[1]
    keyword = sweep(SCENARIO, {"egg_farm_funding_scale": [2.0]}, households=300).results
    dotted = sweep(SCENARIO, {"programs.egg_farm.funding_scale": [2.0]}, households=300).results
    pd.testing.assert_frame_equal(
        keyword.drop(columns="egg_farm_funding_scale"),
        dotted.drop(columns="programs.egg_farm.funding_scale"),
    )
