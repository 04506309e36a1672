"""One run of an experiment: a picklable task, the function that runs it, and its tidy output.

Experiments never pass a model or a closure to an executor: a task is plain data (a scenario as
a dict, a seed, a population size, dotted overrides), and ``execute`` is a top-level function,
so the same task runs identically in this process, in a local process pool or on a Dask worker.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.county import LinxiModel
from model.results import collect_after_run
from model.scenario import KEYWORD_LEVERS, Scenario, load_scenario

__all__ = [
    "RunOutput",
    "RunTask",
    "as_scenario",
    "execute",
    "household_frame",
    "lever_path",
    "run_one",
    "scenario_hash",
]

#: Tables a run can return; ``households`` only when the experiment asks for it (compare).
TABLES = ("annual", "programs", "households")


@dataclass(frozen=True)
class RunTask:
    """One run: a scenario variant (``point``) at one seed.

    Attributes:
        point: Index of the scenario variant within the experiment (0 for an ensemble).
        seed: The run's seed.
        scenario: The scenario as a plain dict (``Scenario.model_dump()``).
        households: Simulated households, or None for the scenario's setting.
        overrides: Dotted-key values applied to the scenario before the run.
        keep_households: Also return every household's final-year income (for comparisons).
    """

    point: int
    seed: int
    scenario: dict[str, Any]
    households: int | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    keep_households: bool = False

    @property
    def key(self) -> str:
        """The run's name in a store: point and seed."""
        return f"p{self.point:05d}-s{self.seed}"


@dataclass
class RunOutput:
    """The tidy frames of one finished run (see ``TABLES``)."""

    annual: pd.DataFrame
    programs: pd.DataFrame
    households: pd.DataFrame | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """The frames by table name, leaving out the ones not collected."""
        out = {"annual": self.annual, "programs": self.programs}
        if self.households is not None:
            out["households"] = self.households
        return out


def as_scenario(scenario: str | Path | Scenario | Mapping[str, Any] | None) -> Scenario:
    """Return a validated ``Scenario`` from a file, a dict, a ``Scenario`` or None (baseline)."""
    if scenario is None:
        return Scenario(name="baseline")
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return Scenario.model_validate(dict(scenario))
    return load_scenario(scenario)


def lever_path(key: str) -> str:
    """The dotted scenario key of a lever or parameter.

    A keyword lever of ``LinxiModel`` (``egg_farm_funding_scale``) maps to its scenario key; a
    key that does not start with a scenario section (``run``, ``aid``, ``programs``...) is a
    default parameter (``egg_farm.rent_rate`` is ``parameters.egg_farm.rent_rate``).
    """
    path = KEYWORD_LEVERS.get(key, key)
    return path if path.split(".", 1)[0] in Scenario.model_fields else f"parameters.{path}"


def scenario_hash(scenario: Scenario, overrides: Mapping[str, Any] | None = None) -> str:
    """A short content hash of a scenario and overrides, to recognise runs in a store."""
    payload = {
        "scenario": scenario.model_dump(mode="json"),
        "overrides": {key: overrides[key] for key in sorted(overrides or {})},
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def household_frame(model: LinxiModel) -> pd.DataFrame:
    """Income per person of every household in the year just finished, with what pairs it.

    The frame a comparison keeps of each run (table ``households``): size, rural, registered
    (ever, in this run), income_pc (of the last finished year: at the end of a run, the final
    year's). Taken after a December step, it is that year's.
    """
    population = model.households
    # one row per household in index order (the pairing key); compact dtypes, since a
    # comparison keeps one frame per run of the full county (about 100,000 rows) in memory
    return pd.DataFrame(
        {
            "size": population.size.astype(np.int16),
            "rural": population.rural,
            "registered": population.registered,
            # the model moves the finished year's income to last_income at the end of December
            "income_pc": population.net_income_pc(last_year=True),
        }
    )


def execute(task: RunTask) -> RunOutput:
    """Run one task to its end year and return its tidy frames (top level, so picklable).

    Args:
        task: What to run.

    Returns:
        The annual and programs frames, and the household frame if the task asks for it.

    Raises:
        ScenarioError: If the overrides do not validate.
        Exception: Whatever the model raises; the experiment records it as a failed run.
    """
    scenario = Scenario.model_validate(task.scenario)
    if task.overrides:
        scenario = scenario.with_overrides(task.overrides, source="experiment")
    model = LinxiModel(scenario, households=task.households, rng=task.seed).run()
    output = RunOutput(
        annual=_money_as_float(model.annual_frame()),
        programs=_money_as_float(model.programs_frame()),
        households=household_frame(model) if task.keep_households else None,
    )
    households_run = len(model.households)
    del model
    collect_after_run(households_run)  # a model is a web of cycles: free it now
    return output


def _money_as_float(frame: pd.DataFrame) -> pd.DataFrame:
    """Money columns (``*_yuan``) as floats in every run, so that runs stack into one table.

    A program that spent nothing in a run sums no ledger entries, which Python gives as the
    integer 0; a store's table folder needs one type per column across all its runs.
    """
    money = [c for c in frame.columns if c.endswith("_yuan") and frame[c].dtype != float]
    return frame.astype(dict.fromkeys(money, float)) if money else frame


def run_one(
    scenario: str | Path | Scenario | Mapping[str, Any] | None,
    seed: int,
    households: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    keep_households: bool = False,
) -> RunOutput:
    """Run one scenario at one seed and return its tidy frames (what every experiment runs).

    Args:
        scenario: A scenario file, ``Scenario``, dict, or None for the baseline defaults.
        seed: The run's seed.
        households: Simulated households; None uses the scenario's setting or the full county.
        overrides: Dotted-key values applied to the scenario first.
        keep_households: Also return every household's final-year income per person.
    """
    task = RunTask(
        point=0,
        seed=int(seed),
        scenario=as_scenario(scenario).model_dump(),
        households=households,
        overrides=dict(overrides or {}),
        keep_households=keep_households,
    )
    return execute(task)
