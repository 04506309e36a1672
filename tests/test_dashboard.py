"""The dashboard's pieces without a browser: sliders, the model it rebuilds, the baseline."""

import numpy as np
import pandas as pd
import pytest
from mesa.experimental.scenarios import Scenario as MesaScenario
from mesa.visualization import Slider

from model import LinxiModel
from model.cli import COMMANDS
from model.cli import dashboard as dashboard_command
from model.dashboard import (
    CHART_METRICS,
    DashboardModel,
    baseline_annual,
    funding_levers,
    model_params,
    scenario_files,
)
from model.dashboard.components import _figure
from model.dashboard.params import scenario_levers
from model.scenario import KEYWORD_LEVERS
from tests.conftest import SCENARIOS


def test_a_slider_for_every_funding_lever_and_379_share(monkeypatch):
    monkeypatch.setenv("LINXI_DASHBOARD_SCENARIOS", str(SCENARIOS))
    params = model_params(households=1200)
    levers = [name for name in KEYWORD_LEVERS if name.endswith("_funding_scale")]
    assert funding_levers() == levers and "egg_farm_funding_scale" in levers
    for name in [*levers, "share_poor_staff", "share_poor_linked", "share_rent_to_poor"]:
        assert isinstance(params[name], Slider), name
    assert params["households"] == 1200
    assert params["scenario_file"]["values"][0] == "baseline.toml"
    assert set(params["scenario_file"]["values"]) == set(scenario_files())
    assert "no_aid.toml" in params["scenario_file"]["values"]


def test_dashboard_model_steps_a_year_and_matches_the_plain_model(monkeypatch):
    monkeypatch.setenv("LINXI_DASHBOARD_SCENARIOS", str(SCENARIOS))
    # SolaraViz passes Mesa's own scenario object on reset: it must be ignored.
    model = DashboardModel(
        "baseline.toml", households=600, rng=4, scenario=MesaScenario(), share_poor_staff=0.5
    )
    model.step()
    assert (model.year, model.month) == (2011, 12) and len(model.annual_frame()) == 1
    while model.running:
        model.step()
    plain = LinxiModel(SCENARIOS / "baseline.toml", households=600, rng=4, share_poor_staff=0.5)
    pd.testing.assert_frame_equal(model.annual_frame(), plain.run().annual_frame())


def test_charts_draw_the_baseline_and_the_current_run(monkeypatch):
    monkeypatch.setenv("LINXI_DASHBOARD_SCENARIOS", str(SCENARIOS))
    model = DashboardModel("no_aid.toml", households=600, rng=4)
    for _ in range(3):
        model.step()
    base = baseline_annual(4, 600)
    assert base is baseline_annual(4, 600)  # cached
    for metric in CHART_METRICS:
        ax = _figure(model, metric).axes[0]
        baseline_line, current_line = ax.get_lines()
        assert len(baseline_line.get_xdata()) == len(base) == 10
        assert list(current_line.get_xdata()) == [2011, 2012, 2013]
    assert COMMANDS["dashboard"][0] == "model.cli.dashboard"


def test_dashboard_command_refuses_a_directory_without_scenarios(tmp_path, capsys):
    from model.cli import main

    assert main(["dashboard", "--scenarios", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(tmp_path) in err[0] and "baseline.toml" in err[0]
    assert dashboard_command.server_command("127.0.0.1", 9000)[-6:-3] == [
        "127.0.0.1",
        "--port",
        "9000",
    ]


def test_make_page_is_a_solara_element_for_the_given_scale(monkeypatch):
    monkeypatch.setenv("LINXI_DASHBOARD_SCENARIOS", str(SCENARIOS))
    from model.dashboard import make_page

    element = make_page(1234)
    assert element.component.name == "Dashboard" and element.args == (1234,)


def test_sliders_start_at_the_chosen_scenarios_own_values(monkeypatch):
    monkeypatch.setenv("LINXI_DASHBOARD_SCENARIOS", str(SCENARIOS))
    strict = model_params(households=600, scenario_file="strict_379.toml")
    assert strict["scenario_file"]["value"] == "strict_379.toml"
    shares = [strict[name].value for name in ("share_poor_staff", "share_poor_linked")]
    assert shares == [0.5, 0.7]  # set by the file; the other comes from the parameters
    doubled = model_params(households=600, scenario_file="industry_doubled.toml")
    assert doubled["industry_funding_scale"].value == 2.0
    assert doubled["aid_funding_scale"].value == 1.0
    assert scenario_levers("no_aid.toml")["share_rent_to_poor"] == 0.9


def test_an_untouched_dashboard_runs_the_scenario_and_a_moved_slider_changes_it(monkeypatch):
    monkeypatch.setenv("LINXI_DASHBOARD_SCENARIOS", str(SCENARIOS))
    own = scenario_levers("strict_379.toml")
    untouched = DashboardModel("strict_379.toml", households=600, rng=4, **own)
    plain = LinxiModel(SCENARIOS / "strict_379.toml", households=600, rng=4)
    assert untouched.config == plain.config  # no lever applied: the scenario as written
    moved = DashboardModel(
        "strict_379.toml", households=600, rng=4, **{**own, "share_poor_staff": 0.3}
    )
    assert moved.config.programs.egg_farm.share_poor_staff == 0.3
    assert moved.params.value("egg_farm.share_poor_staff") == 0.3


def test_the_effect_table_is_the_comparison_of_the_run_with_the_baseline(monkeypatch):
    from model.dashboard.effects import baseline_run, effect_rows, effects
    from model.experiments import compare, run_one
    from model.scenario import load_scenario

    monkeypatch.setenv("LINXI_DASHBOARD_SCENARIOS", str(SCENARIOS))
    untouched = DashboardModel("baseline.toml", households=600, rng=3)
    assert effects(untouched) is None
    assert "no year finished yet" in effect_rows(untouched)
    for _ in range(3):
        untouched.step()
    year, rows = effects(untouched)
    assert year == 2013
    values = {effect.measure: effect for effect in rows}
    for name, effect in values.items():
        if name.startswith("Cost per person"):
            assert effect.text().startswith("n/a (the same money as the baseline")
        elif name.startswith("Income change"):  # registration starts in 2014
            assert effect.text() == "n/a (no household registered yet)"
        else:
            assert effect.value == 0, name  # the baseline against itself, year by year
    while untouched.year < 2016:
        untouched.step()
    year, rows = effects(untouched)
    assert year == 2016 and all(e.value == 0 for e in rows if not e.measure.startswith("Cost"))
    # the baseline's household snapshots are those of a plain run
    snapshot = baseline_run(3, 600).households[2020]
    plain = run_one(SCENARIOS / "baseline.toml", seed=3, households=600, keep_households=True)
    pd.testing.assert_frame_equal(snapshot, plain.households)

    # halve Beijing's aid and run to the end: the table is what `compare` measures
    halved = DashboardModel("baseline.toml", households=600, rng=3, aid_funding_scale=0.5)
    while halved.running:
        halved.step()
    year, rows = effects(halved)
    values = {effect.measure: effect.value for effect in rows}
    base = load_scenario(SCENARIOS / "baseline.toml")
    result = compare(base, base.with_overrides({"name": "halved", "aid.funding_scale": 0.5}),
                     runs=1, seed=3, households=600)  # fmt: skip
    measured = result.measures.iloc[0]
    assert year == 2020
    assert values["People lifted out of poverty"] == measured["people_lifted"]
    assert values["Firm jobs"] == measured["jobs"]
    assert values["Income change, registered poor"] == pytest.approx(
        measured["income_change_registered"]
    )
    assert values["Money given, all funders"] == pytest.approx(
        measured["total_budget_change"] / 1e6
    )
    assert values["Money given, all funders"] < 0  # half of Beijing's money
    ratio = measured["total_cost_per_person_lifted"]
    shown = values["Cost per person lifted, all funders"]
    assert shown == pytest.approx(ratio) or (np.isnan(shown) and not ratio > 0)
    table = effect_rows(halved)
    assert "Effect against the baseline, 2020" in table and "| Firm jobs |" in table
