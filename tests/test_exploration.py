"""The EMA Workbench example: uncertainties on default parameters, levers on funding, outcomes of
the final year averaged over seeds, then PRIM on the results (model.exploration)."""

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ema_workbench")

from model import LinxiModel  # noqa: E402
from model.exploration import (  # noqa: E402
    LEVERS,
    OUTCOMES,
    UNCERTAINTIES,
    explore,
    final_year_outcomes,
    poverty_boxes,
)
from model.parameters import default_parameters  # noqa: E402

SEEDS = (1, 2)
HOUSEHOLDS = 300
END = 2018


@pytest.fixture(scope="module")
def explored():
    return explore(scenarios=6, policies=2, seeds=SEEDS, households=HOUSEHOLDS, end_year=END)


def test_every_experiment_samples_the_uncertainties_and_levers(explored):
    experiments, outcomes = explored
    assert len(experiments) == 12 and set(OUTCOMES) <= set(outcomes)
    params = default_parameters()
    for key in UNCERTAINTIES:  # each over its plausible range
        low, high = params[key].range
        column = experiments[key.replace(".", "__")]
        assert column.between(low, high).all() and column.nunique() == 6
    for key, (low, high) in LEVERS.items():
        assert experiments[key].between(low, high).all() and experiments[key].nunique() == 2


def test_outcomes_are_the_final_year_averaged_over_seeds(explored):
    experiments, outcomes = explored
    row = experiments.iloc[7]
    inputs = {key: row[key.replace(".", "__")] for key in UNCERTAINTIES}
    inputs.update({key: row[key] for key in LEVERS})
    finals = [
        LinxiModel(
            households=HOUSEHOLDS,
            rng=seed,
            parameters={k: v for k, v in inputs.items() if k in UNCERTAINTIES},
            overrides={"run.end_year": END},
            **{k: v for k, v in inputs.items() if k in LEVERS},
        )
        .run()
        .annual_frame()
        .iloc[-1]
        for seed in SEEDS
    ]
    for name in OUTCOMES:
        assert outcomes[name][7] == pytest.approx(np.mean([final[name] for final in finals]))
    # the levers move the money: industry funding scales spending on industry
    spent = pd.Series(outcomes["aid_spent_yuan"])
    assert spent.nunique() > 1


def test_the_model_function_splits_parameters_levers_and_scenario_keys():
    out = final_year_outcomes(
        rng=3,
        households=HOUSEHOLDS,
        end_year=2015,
        **{"egg_farm.rent_rate": 0.05, "industry_funding_scale": 0.5, "aid.post_2020_scale": 1},
    )
    direct = (
        LinxiModel(
            households=HOUSEHOLDS,
            rng=3,
            parameters={"egg_farm.rent_rate": 0.05},
            overrides={"run.end_year": 2015},
            industry_funding_scale=0.5,
        )
        .run()
        .annual_frame()
        .iloc[-1]
    )
    assert out == {name: float(direct[name]) for name in OUTCOMES}


def test_prim_finds_a_box_of_the_worst_poverty_outcomes(explored):
    experiments, outcomes = explored
    box = poverty_boxes(experiments, outcomes, worst_share=0.25)
    assert box is not None
    limits = box.box_lim
    inputs = {key.replace(".", "__") for key in UNCERTAINTIES} | set(LEVERS)
    assert set(limits.columns) <= inputs
    stats = box.stats
    assert 0 < stats["coverage"] <= 1 and 0 < stats["density"] <= 1
