"""The run options every experiment takes, declared once (``model.experiments.run_options``)."""

import inspect
import typing
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from typing import Unpack

import numpy as np
import pytest

from model.errors import ScenarioError
from model.experiments import InProcessExecutor, compare, league, run_ensemble, sensitivity, sweep
from model.experiments.run_options import (
    RunOptions,
    RunOptionsKwargs,
    takes_run_options,
)
from model.scenario import Scenario

POK, KW = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY
NONE = inspect.Parameter.empty

#: The six options, their defaults, as every experiment took them before they were shared.
OPTIONS = {
    "seed": None,
    "households": None,
    "executor": None,
    "store": None,
    "overwrite": False,
    "progress": None,
}

#: Each experiment's own parameters: name, kind, default (empty: required), in order.
OWN = {
    compare: [
        ("baseline", POK, NONE),
        ("scenario", POK, NONE),
        ("runs", POK, 10),
        ("threshold", KW, 1.0),
    ],
    run_ensemble: [
        ("scenario", POK, NONE),
        ("runs", POK, 10),
        ("parameter_uncertainty", KW, False),
    ],
    league: [("scenario", POK, NONE), ("runs", POK, 10), ("programs", KW, None)],
    sweep: [
        ("scenario", POK, NONE),
        ("levers", POK, NONE),
        ("design", KW, "factorial"),
        ("samples", KW, None),
        ("runs", KW, 1),
    ],
    sensitivity: [
        ("scenario", POK, NONE),
        ("parameters", POK, NONE),
        ("outputs", POK, NONE),
        ("method", KW, "morris"),
        ("n", KW, 8),
        ("runs", KW, 1),
        ("year", KW, None),
        ("num_levels", KW, 4),
    ],
}

#: Arguments with which each experiment would run (on the defaults' scenario), were it let.
CALLS = {
    compare: (None, None),
    run_ensemble: (None,),
    league: (None,),
    sweep: (None, {"aid.funding_scale": [0.5, 1.0]}),
    sensitivity: (None, {"aid.funding_scale": (0.5, 1.5)}, ["poverty_rate"]),
}

EXPERIMENTS = pytest.mark.parametrize("experiment", list(OWN), ids=lambda f: f.__name__)


@EXPERIMENTS
def test_the_signature_lists_every_option_keyword_only_with_its_default(experiment):
    parameters = list(inspect.signature(experiment).parameters.values())
    listed = [(p.name, p.kind, p.default) for p in parameters]
    assert listed == [*OWN[experiment], *((name, KW, d) for name, d in OPTIONS.items())]
    annotations = {p.name: p.annotation for p in parameters}
    assert annotations["store"] == "str | Path | RunStore | None"  # as the source spells it
    assert annotations["progress"] == "bool | Progress | None"


def test_the_options_and_their_keyword_types_agree():
    declared = {option.name: option.default for option in fields(RunOptions)}
    assert declared == OPTIONS
    assert list(RunOptionsKwargs.__annotations__) == list(OPTIONS)
    assert typing.get_type_hints(RunOptionsKwargs) == typing.get_type_hints(RunOptions)
    assert RunOptionsKwargs.__required_keys__ == frozenset()  # every option may be left out


@EXPERIMENTS
def test_an_unknown_keyword_is_refused_naming_it_before_anything_runs(experiment, tmp_path):
    name = experiment.__name__
    with pytest.raises(TypeError, match=rf"^{name}\(\) got an unexpected keyword argument 'sed'$"):
        experiment(*CALLS[experiment], sed=1, store=tmp_path / "never")
    assert not (tmp_path / "never").exists()
    with pytest.raises(TypeError, match="unexpected keyword argument 'sed'"):
        RunOptions(sed=1)


@EXPERIMENTS
def test_the_docstring_documents_every_option_in_args(experiment):
    doc = inspect.getdoc(experiment)
    args = doc[doc.index("\nArgs:\n") : doc.index("\nReturns:\n")]
    assert "**options" not in doc
    for option in fields(RunOptions):
        first_words = " ".join(option.metadata["doc"].split()[:4])
        assert f"\n    {option.name}: {first_words}" in args
    for own, _, _ in OWN[experiment]:  # the experiment's own entries are still there
        assert f"\n    {own}: " in args


@EXPERIMENTS
def test_a_wrong_executor_is_refused_before_a_store_is_made(experiment, tmp_path):
    with pytest.raises(TypeError, match="concurrent.futures.Executor, a distributed.Client"):
        experiment(*CALLS[experiment], executor=object(), store=tmp_path / "never")
    assert not (tmp_path / "never").exists()


@EXPERIMENTS
@pytest.mark.parametrize("seed", [-1, True, 1.5, "1"])
def test_a_bad_seed_is_the_scenario_error_it_was(experiment, seed, tmp_path):
    with pytest.raises(ScenarioError, match="seed: expected a seed >= 0") as error:
        experiment(*CALLS[experiment], seed=seed, store=tmp_path / "never")
    assert repr(seed) in str(error.value)
    assert not (tmp_path / "never").exists()


@EXPERIMENTS
@pytest.mark.parametrize("households", [0, -3, 49, True, 5000.0, "5000"])
def test_a_bad_population_is_refused_before_anything_runs(experiment, households, tmp_path):
    with pytest.raises(ScenarioError, match="households: expected 50 to") as error:
        experiment(*CALLS[experiment], households=households, store=tmp_path / "never")
    assert repr(households) in str(error.value)
    assert not (tmp_path / "never").exists()


def test_the_options_resolve_the_executor_and_the_seeds():
    assert isinstance(RunOptions().executor, InProcessExecutor)
    households = RunOptions(households=np.int64(60)).households  # e.g. from np.arange
    assert households == 60 and type(households) is int
    with ThreadPoolExecutor(1) as pool:
        assert RunOptions(executor=pool).executor is pool
    scenario = Scenario.model_validate({"run": {"seed": 7}})
    assert RunOptions().seeds(scenario, 3) == [7, 8, 9]
    assert RunOptions(seed=0).seeds(scenario, 2) == [0, 1]
    with pytest.raises(ScenarioError, match="runs"):
        RunOptions().seeds(scenario, 0)


def test_the_decorator_shows_options_and_refuses_what_it_cannot_show():
    def toy(a: int, *, b: int = 2, **options: Unpack[RunOptionsKwargs]) -> RunOptions:
        """Return the options.

        Args:
            a: First.
            b: Second.
            **options: How to run,
                on two lines.

        Returns:
            The options.
        """
        return RunOptions(**options)

    shown = takes_run_options(toy)
    got = shown(1, seed=4, overwrite=True)
    assert (got.seed, got.overwrite, got.households, got.store) == (4, True, None, None)
    assert list(inspect.signature(shown).parameters) == ["a", "b", *OPTIONS]
    doc = inspect.getdoc(shown)
    assert "on two lines" not in doc and "\n    b: Second.\n    seed: First seed" in doc
    assert doc.index("progress: ") < doc.index("Returns:")

    def no_options(a: int) -> None:
        """Args:
        a: First.
        """

    with pytest.raises(TypeError, match="last parameter \\*\\*options"):
        takes_run_options(no_options)

    def undocumented(**options: Unpack[RunOptionsKwargs]) -> None:
        """Nothing about the options."""

    with pytest.raises(TypeError, match="must describe \\*\\*options"):
        takes_run_options(undocumented)

    def clashing(seed: int = 0, **options: Unpack[RunOptionsKwargs]) -> None:
        """Args:
        seed: Its own seed.
        **options: How to run.
        """

    with pytest.raises(TypeError, match="seed is a run option already"):
        takes_run_options(clashing)
