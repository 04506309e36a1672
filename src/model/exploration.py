"""Exploratory modelling with the EMA Workbench: uncertain parameters, funding levers, PRIM.

The EMA Workbench (``pip install 'linxi-model[ema]'``) explores a model over deep uncertainty:
it samples *uncertainties* (here default parameters whose values the sources do not pin down,
over their plausible ranges), crosses them with *policies* (levers: the aid's funding
scales), runs each experiment at several seeds, and hands the results to scenario discovery
(PRIM) to find the region of the uncertainties and levers where an outcome goes badly::

    from ema_workbench import SequentialEvaluator
    from model.exploration import explore, poverty_boxes

    experiments, outcomes = explore(scenarios=50, policies=4, seeds=(1, 2, 3), households=5000)
    box = poverty_boxes(experiments, outcomes)   # where the final poverty rate is in the worst 25%
    box.inspect()                                # limits, coverage and density of the box

The model function ``final_year_outcomes`` takes the uncertainties and levers as plain
keywords: a default parameter by its dotted key (``egg_farm.rent_rate``, passed to
``LinxiModel(parameters=...)``), a keyword lever of ``LinxiModel`` (``industry_funding_scale``)
or any dotted scenario key (``aid.funding_scale``, passed as ``overrides=``). EMA names must be
Python identifiers, so each parameter's EMA name is its key with dots as double underscores and
its ``variable_name`` is the key itself. ``seeds`` are EMA *replications* of a
``ReplicatorModel``; each outcome is the mean over them (``ScalarOutcome(function=np.mean)``).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from model.county import LinxiModel
from model.parameters import default_parameters
from model.scenario import KEYWORD_LEVERS, Scenario

__all__ = [
    "LEVERS",
    "OUTCOMES",
    "UNCERTAINTIES",
    "ema_model",
    "explore",
    "final_year_outcomes",
    "poverty_boxes",
]

#: Default parameters explored over their plausible ranges (docs/parameters.md): the returns
#: and costs the sources leave open.
UNCERTAINTIES = (
    "egg_farm.rent_rate",
    "targeting.income_noise_sd",
    "health.major_illness_cost",
    "crops.corn.yield_dry",
    "labour.hire_acceptance",
)

#: Funding levers (multiples of the real money) and their ranges.
LEVERS: dict[str, tuple[float, float]] = {
    "industry_funding_scale": (0.0, 2.0),
    "cash_funding_scale": (0.0, 2.0),
}

#: Final-year outcomes, each the mean over the seeds (metric dictionary units).
OUTCOMES = ("poverty_rate", "income_pc_mean_registered", "jobs", "aid_spent_yuan")


def final_year_outcomes(
    rng: int = 0, households: int = 2000, end_year: int = 2020, **inputs: Any
) -> dict[str, float]:
    """Run the model once and return its final-year outcomes (the EMA model function).

    Args:
        rng: The run's seed (an EMA replication).
        households: Simulated households.
        end_year: Last simulated year (the outcomes' year).
        **inputs: Uncertainties and levers: default parameters by dotted key, keyword levers of
            ``LinxiModel``, or dotted scenario keys.

    Returns:
        ``OUTCOMES`` of the final year.
    """
    levers = {k: v for k, v in inputs.items() if k in KEYWORD_LEVERS}
    sections = tuple(Scenario.model_fields)
    overrides = {k: v for k, v in inputs.items() if k not in levers and k.startswith(sections)}
    parameters = {k: v for k, v in inputs.items() if k not in levers and k not in overrides}
    model = LinxiModel(
        households=households,
        rng=int(rng),
        parameters=parameters,
        overrides={**overrides, "run.end_year": end_year},
        **levers,
    ).run()
    final = model.annual_frame().iloc[-1]
    return {name: float(final[name]) for name in OUTCOMES}


def _ema_name(key: str) -> str:
    return key.replace(".", "__")


def ema_model(
    seeds: Sequence[int] = (1, 2, 3),
    households: int = 2000,
    end_year: int = 2020,
    uncertainties: Sequence[str] = UNCERTAINTIES,
    levers: Mapping[str, tuple[float, float]] = LEVERS,
) -> Any:
    """The Linxi model as an EMA ``ReplicatorModel``: one replication per seed.

    Args:
        seeds: Seeds of the replications; outcomes are their mean.
        households: Simulated households.
        end_year: Last simulated year.
        uncertainties: Default parameters (dotted keys), each over its plausible range.
        levers: Levers and their ``(low, high)`` ranges.
    """
    from ema_workbench import Constant, RealParameter, ReplicatorModel, ScalarOutcome

    params = default_parameters()
    model = ReplicatorModel("linxi", function=final_year_outcomes)
    model.replications = [{"rng": int(seed)} for seed in seeds]
    model.uncertainties = [
        RealParameter(_ema_name(key), *params[key].range, variable_name=key)
        for key in uncertainties
    ]
    model.levers = [
        RealParameter(_ema_name(key), low, high, variable_name=key)
        for key, (low, high) in levers.items()
    ]
    model.constants = [Constant("households", households), Constant("end_year", end_year)]
    model.outcomes = [ScalarOutcome(name, function=np.mean) for name in OUTCOMES]
    return model


def explore(
    scenarios: int = 20,
    policies: int = 4,
    seeds: Sequence[int] = (1, 2, 3),
    households: int = 2000,
    end_year: int = 2020,
    evaluator: Any = None,
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Run ``scenarios`` samples of the uncertainties against ``policies`` samples of the levers.

    Args:
        scenarios: Latin hypercube samples of the uncertainties.
        policies: Latin hypercube samples of the levers.
        seeds: Seeds each experiment runs at (outcomes are their mean).
        households: Simulated households.
        end_year: Last simulated year.
        evaluator: An EMA evaluator (``MultiprocessingEvaluator(model)`` to run in parallel);
            None runs them here, one after another.

    Returns:
        EMA's ``(experiments, outcomes)``: a frame of every input (by EMA name) and the
        outcomes by name, one value per experiment.
    """
    from ema_workbench import SequentialEvaluator

    model = ema_model(seeds, households, end_year)
    evaluator = evaluator or SequentialEvaluator(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pandas deprecations inside EMA
        return evaluator.perform_experiments(scenarios=scenarios, policies=policies)


def poverty_boxes(
    experiments: pd.DataFrame,
    outcomes: Mapping[str, np.ndarray],
    worst_share: float = 0.25,
    mass_min: float = 0.05,
) -> Any:
    """PRIM on the experiments: where does the final-year poverty rate end up among the worst?

    Args:
        experiments: EMA's experiments frame.
        outcomes: EMA's outcomes.
        worst_share: Share of the experiments counted as bad (highest poverty rates).
        mass_min: Smallest share of the experiments a box may hold.

    Returns:
        EMA's ``PrimBox`` (``.box_lim``, ``.stats``, ``.inspect()``, ``.peeling_trajectory``;
        ``.select(i)`` picks another box of the trajectory, trading coverage for density), or
        None if PRIM finds no box.
    """
    from ema_workbench.analysis import prim

    rate = np.asarray(outcomes["poverty_rate"], dtype=float)
    bad = rate >= np.quantile(rate, 1.0 - worst_share)
    inputs = experiments.drop(columns=["scenario", "policy", "model"], errors="ignore")
    return prim.Prim(inputs, bad, mass_min=mass_min).find_box()
