"""The experiments' tables are what model.plots draws: each figure from a real small experiment."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from model.experiments import compare, run_ensemble, sensitivity, sweep  # noqa: E402
from model.plots import experiments as plots  # noqa: E402
from model.scenario import load_scenario  # noqa: E402
from tests.conftest import SCENARIOS  # noqa: E402

SHORT = {"run.end_year": 2015}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_ensemble_summary_draws_a_scenario_comparison():
    ensemble = run_ensemble(
        load_scenario(SCENARIOS / "baseline.toml", SHORT), runs=2, households=300
    )
    figure = plots.scenario_comparison(ensemble.summary(), "poverty_rate")
    assert len(figure.axes[0].lines) == 1


def test_comparison_tables_draw_deciles_and_winners():
    result = compare(
        load_scenario(SCENARIOS / "no_aid.toml", SHORT),
        load_scenario(SCENARIOS / "baseline.toml", SHORT),
        runs=2,
        households=400,
    )
    assert plots.impact_by_decile(result.deciles).axes
    assert plots.winners_losers(result.winners_losers).axes


def test_sweep_and_sensitivity_tables_draw():
    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    swept = sweep(scenario, {"aid_funding_scale": [0.0, 1.0, 2.0]}, households=300)
    table = swept.dose_response("aid_spent_yuan")
    figure = plots.dose_response(table, "aid_funding_scale", "aid_spent_yuan")
    assert len(figure.axes[0].lines[0].get_xdata()) == 3
    indices = sensitivity(
        scenario, {"aid.funding_scale": (0.5, 2.0)}, ["aid_spent_yuan"], n=2, households=300
    ).indices
    assert plots.sensitivity_indices(indices).axes


def test_league_ranks_programs_by_cost_with_interval_bars():
    import numpy as np
    import pandas as pd

    from model.plots import program_league

    table = pd.DataFrame(
        {
            "program": ["dibao", "egg_farm", "health", "cash_transfers"],
            "funder_group": ["domestic", "beijing", "beijing", "beijing"],
            "cost_per_person_year_lifted": [2_000.0, 90_000.0, 30_000.0, np.nan],
            "cost_per_person_year_lifted_p10": [1_500.0, 40_000.0, 20_000.0, np.nan],
            "cost_per_person_year_lifted_p90": [2_500.0, 400_000.0, 35_000.0, np.nan],
        }
    )
    ax = program_league(table).axes[0]
    # lowest cost on top (matplotlib counts y from the bottom); the undefined one left out
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels == ["egg_farm", "health", "dibao"]
    assert "1 program(s) undefined in every run left out" in ax.get_title()
    bars = ax.collections[0].get_segments()  # one 10-90% bar per program, in drawing order
    assert [tuple(segment[:, 0]) for segment in bars] == [
        (40_000.0, 400_000.0),
        (20_000.0, 35_000.0),
        (1_500.0, 2_500.0),
    ]
    assert ax.get_xscale() == "log"  # 1,500 to 400,000: more than two orders of magnitude
    assert "yuan/person-year" in ax.get_xlabel()
    with pytest.raises(ValueError, match="cost_per_job_p10"):
        program_league(table, "cost_per_job")
