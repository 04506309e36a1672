"""The league table: what each program did, removed from the scenario and run alone.

For every program of the catalogue (Beijing's and China's own), at common random numbers (every
variant of a seed runs at that seed; the model draws each random process from its own stream,
``model.rng``, so the variants share households, droughts and illnesses and differ only by the
programs switched), the league runs:

* the **scenario** as it is, and the scenario with **every program off**
  (``programs.<name>.enabled = false`` for all, the per-program form of ``no_programs.toml``);
* for each program, the scenario with **that program removed** (``programs.<name>.enabled =
  false``), and the scenario with **that program alone** (every other program off).

The **removed** effect of a program is the scenario minus the scenario without it: what the
program adds beside all the others. The **alone** effect is the program alone minus no programs:
what it does on its own. Their difference, the **interaction** (removed minus alone), is
positive when the program does more in company than alone (the others make it work better:
complements), negative when it does less (others do part of the same work, or pay the same
bills: substitutes, crowding out). Switches keep the scenario's group and family settings: in a
scenario without Beijing's aid, a Beijing program removed or alone does nothing.

Each seed is ``2 * programs + 2`` runs; they go through ``run_tasks`` on any executor and into a
resumable store, like every experiment. ``model.experiments.program_effects`` defines the
measures; the tables give their median and 10th-90th percentiles across seeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

import numpy as np
import pandas as pd

from model.errors import ExperimentFailedError, ScenarioError
from model.experiments.common import experiment_definition
from model.experiments.program_effects import (
    ADDITIVE,
    MEASURES,
    no_money,
    pair_effect,
    ratio_notes,
    with_ratios,
)
from model.experiments.run_options import RunOptions, RunOptionsKwargs, takes_run_options
from model.experiments.runs import RunOutput, RunTask, as_scenario
from model.experiments.store import RunStore
from model.programs.catalog import program_specs
from model.scenario import Scenario

__all__ = ["GROUP_LEVELS", "League", "group_runs", "league", "league_points", "measure_of"]

#: How the league sums programs: by family, by funder, by funder group, and all of them.
GROUP_LEVELS = ("family", "funder", "funder_group", "all")

#: Columns that say what a row of the league is.
_PROGRAM_IDS = ["program", "funder", "funder_group", "family"]

#: The point of the scenario and of the scenario with every program off.
_SCENARIO, _NONE = 0, 1


@dataclass
class League:
    """What each program did: removed from the scenario and alone, paired seed by seed.

    Attributes:
        scenario: The scenario's name.
        final_year: The year the final-year measures refer to.
        households: Simulated households.
        programs: The programs in the league, in catalogue order.
        seeds: The seeds with every variant finished (the others are left out of every table).
        table: ``league.csv``: one row per program, ranked by cost per person-year lifted
            (undefined last): program, funder, funder_group, family, then each measure's median
            across runs with ``<measure>_p10`` and ``<measure>_p90`` (the removed effect), the
            same prefixed ``alone_`` (the alone effect) and ``interaction_`` (removed minus
            alone, additive measures only), runs, note.
        groups: ``league_groups.csv``: the same columns for sums of programs, with ``level``
            (family, funder, funder_group, all), ``group`` (its name) and ``programs`` (how
            many) instead of the program's columns.
        per_run: ``league_runs.csv``: one row per seed, program and effect (removed, alone,
            interaction) with every measure.
        failures: Runs that failed: point, seed, error.
        store: The store the runs were written to, if any.
    """

    scenario: str
    final_year: int
    households: int
    programs: list[str]
    seeds: list[int]
    table: pd.DataFrame
    groups: pd.DataFrame
    per_run: pd.DataFrame
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)
    store: RunStore | None = None

    def ranked(
        self, measure: str = "cost_per_person_year_lifted", ascending: bool = True
    ) -> pd.DataFrame:
        """The league sorted by a column (a measure's median), undefined last."""
        return _rank(self.table, measure, ascending)


def measure_of(column: str) -> str:
    """The measure a column of the league's tables holds: ``alone_jobs_p90`` holds ``jobs``.

    Its unit and definition are the metric dictionary's entry of that name in table ``league``.
    """
    for prefix in ("alone_", "interaction_"):
        column = column.removeprefix(prefix)
    for suffix in ("_p10", "_p90"):
        column = column.removesuffix(suffix)
    return column


def league_points(scenario: Scenario, programs: Sequence[str]) -> list[dict]:
    """The variants the league runs, as store points: point, scenario label, variant, overrides.

    Point 0 is the scenario, 1 every program off; then each program removed, then each alone.
    """
    off = {f"programs.{name}.enabled": False for name in programs}
    points = [
        {"point": _SCENARIO, "scenario": scenario.name, "variant": "scenario", "overrides": {}},
        {"point": _NONE, "scenario": "no programs", "variant": "none", "overrides": off},
    ]
    for name in programs:
        points.append(
            {
                "point": len(points),
                "scenario": f"without {name}",
                "variant": "removed",
                "program": name,
                "overrides": {f"programs.{name}.enabled": False},
            }
        )
    for name in programs:
        alone = {key: value for key, value in off.items() if key != f"programs.{name}.enabled"}
        points.append(
            {
                "point": len(points),
                "scenario": f"{name} alone",
                "variant": "alone",
                "program": name,
                "overrides": alone,
            }
        )
    return points


def _program_names(programs: Sequence[str] | None) -> list[str]:
    known = [spec.name for spec in program_specs()]
    if programs is None:
        return known
    chosen = list(dict.fromkeys(programs))
    unknown = [name for name in chosen if name not in known]
    if unknown or not chosen:
        raise ScenarioError(
            "league",
            "programs",
            f"unknown program {unknown[0]!r}; expected some of {', '.join(known)}"
            if unknown
            else "expected at least one program",
        )
    return [name for name in known if name in chosen]  # catalogue order


def _frames(output: RunOutput) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return output.annual, output.programs, output.households


def _seed_rows(
    outputs: dict[tuple[int, int], RunOutput], seed: int, programs: list[str]
) -> list[dict]:
    """Every program's removed, alone and interaction measures at one seed."""
    scenario = outputs[(_SCENARIO, seed)]
    households = scenario.households
    registered = (households["rural"] & households["registered"]).to_numpy(dtype=bool)
    people = households["size"].to_numpy(dtype=float)
    n = len(programs)
    rows = []
    for i, name in enumerate(programs):
        removed = pair_effect(
            _frames(scenario), _frames(outputs[(2 + i, seed)]), [name], registered, people
        )
        alone = pair_effect(
            _frames(outputs[(2 + n + i, seed)]),
            _frames(outputs[(_NONE, seed)]),
            [name],
            registered,
            people,
        )
        effects = {
            "removed": removed,
            "alone": alone,
            "interaction": {m: removed[m] - alone[m] for m in ADDITIVE},
        }
        for effect, values in effects.items():
            rows.append({"seed": seed, "program": name, "effect": effect, **values})
    return rows


def _finish_per_run(rows: list[dict]) -> pd.DataFrame:
    frame = with_ratios(pd.DataFrame(rows))
    ratios = [m for m in MEASURES if m not in ADDITIVE]
    frame.loc[frame["effect"] == "interaction", ratios] = np.nan  # a ratio has no interaction
    specs = {spec.name: spec for spec in program_specs()}
    for column in ("funder", "funder_group", "family"):
        frame[column] = frame["program"].map(lambda p, c=column: getattr(specs[p], c))
    return frame[["seed", *_PROGRAM_IDS, "effect", *MEASURES]]


def _interval(values: pd.Series) -> tuple[float, float, float]:
    finite = values.to_numpy(dtype=float)
    finite = finite[np.isfinite(finite)]
    if not len(finite):
        return float("nan"), float("nan"), float("nan")
    return (
        float(np.median(finite)),
        float(np.quantile(finite, 0.1)),
        float(np.quantile(finite, 0.9)),
    )


def _summary_row(runs: pd.DataFrame) -> dict:
    """Median and 10th/90th percentiles of each effect's measures, and the notes, of one item."""
    row: dict = {}
    notes: list[str] = []
    for effect, prefix in (("removed", ""), ("alone", "alone_"), ("interaction", "interaction_")):
        rows = runs[runs["effect"] == effect]
        for measure in ADDITIVE if effect == "interaction" else MEASURES:
            median, p10, p90 = _interval(rows[measure])
            row[f"{prefix}{measure}"] = median
            row[f"{prefix}{measure}_p10"] = p10
            row[f"{prefix}{measure}_p90"] = p90
        if effect == "removed":
            notes += ratio_notes(rows)
        elif effect == "alone" and not no_money(rows):  # no money in the scenario: said once
            notes += ratio_notes(rows, "alone: ")
    row["runs"] = int(runs["seed"].nunique())
    row["note"] = "; ".join(notes)
    return row


def _rank(table: pd.DataFrame, measure: str, ascending: bool = True) -> pd.DataFrame:
    ordered = table.sort_values(measure, ascending=ascending, kind="stable", na_position="last")
    return ordered.reset_index(drop=True)


def _program_table(per_run: pd.DataFrame, programs: list[str]) -> pd.DataFrame:
    rows = []
    for name in programs:
        runs = per_run[per_run["program"] == name]
        first = runs.iloc[0]
        rows.append({**{c: first[c] for c in _PROGRAM_IDS}, **_summary_row(runs)})
    return _rank(pd.DataFrame(rows), "cost_per_person_year_lifted")


def group_runs(per_run: pd.DataFrame, level: str) -> pd.DataFrame:
    """Per seed and effect, the additive measures summed over the programs of each group.

    Args:
        per_run: ``League.per_run``.
        level: ``"family"``, ``"funder"``, ``"funder_group"`` or ``"all"``.

    Returns:
        seed, group, effect, programs (how many), every measure (ratios of the sums).
    """
    frame = per_run.assign(all="all programs")
    key = "all" if level == "all" else level
    sums = (
        frame.groupby(["seed", key, "effect"], sort=False)[list(ADDITIVE)]
        .sum()
        .reset_index()
        .rename(columns={key: "group"})
    )
    counts = frame[frame["seed"] == frame["seed"].iloc[0]].groupby(key, sort=False)["program"]
    sums["programs"] = sums["group"].map(counts.nunique())
    sums = with_ratios(sums)
    sums.loc[sums["effect"] == "interaction", [m for m in MEASURES if m not in ADDITIVE]] = np.nan
    return sums[["seed", "group", "effect", "programs", *MEASURES]]


def _group_table(per_run: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for level in GROUP_LEVELS:
        sums = group_runs(per_run, level)
        for group, runs in sums.groupby("group", sort=False):
            head = {"level": level, "group": group, "programs": int(runs["programs"].iloc[0])}
            rows.append({**head, **_summary_row(runs)})
    return pd.DataFrame(rows)


@takes_run_options
def league(
    scenario: str | Path | Scenario | dict | None,
    runs: int = 10,
    *,
    programs: Sequence[str] | None = None,
    **options: Unpack[RunOptionsKwargs],
) -> League:
    """Measure what each program did: removed from the scenario and alone, at the same seeds.

    Args:
        scenario: The scenario (a file, ``Scenario``, dict, or None for the defaults).
        runs: Seeds; each runs ``2 * len(programs) + 2`` variants.
        programs: Program names (``programs.<name>`` keys) to put in the league; None for every
            program of the catalogue. The "alone" and "no programs" variants switch off the
            programs of this list only.
        **options: How to run (``RunOptions``): seed, households, executor, store, overwrite,
            progress.

    Returns:
        The league: ``table`` (one row per program), ``groups`` (sums by family and funder),
        ``per_run`` (every seed).

    Raises:
        ScenarioError: If a program name is unknown (before anything runs).
        ExperimentFailedError: If no seed has all of its runs finished.
    """
    run_options = RunOptions(**options)
    config = as_scenario(scenario)
    names = _program_names(programs)
    seeds = run_options.seeds(config, runs)
    n = run_options.households or config.run.households
    points = league_points(config, names)
    definition = experiment_definition(
        "league",
        scenario=config.model_dump(mode="json"),
        households=n,
        programs=names,
        points=[{k: v for k, v in p.items() if k != "overrides"} for p in points],
    )
    opened = run_options.open_store(definition)
    data = config.model_dump()
    tasks = [
        RunTask(p["point"], s, data, n, overrides=p["overrides"], keep_households=True)
        for s in seeds
        for p in points
    ]
    label = f"league of {config.name} ({len(names)} programs)"
    batch = run_options.run(tasks, opened, label)

    complete = [s for s in seeds if all((p["point"], s) in batch.outputs for p in points)]
    if not complete:
        raise ExperimentFailedError(
            f"league: no seed has all of its runs finished; first error: "
            f"{batch.failures.error.iloc[0]}"
        )
    rows = [row for s in complete for row in _seed_rows(batch.outputs, s, names)]
    per_run = _finish_per_run(rows)
    first = batch.outputs[(_SCENARIO, complete[0])].annual
    return League(
        scenario=config.name,
        final_year=int(first["year"].iloc[-1]),
        households=int(first["households"].iloc[0]),
        programs=names,
        seeds=complete,
        table=_program_table(per_run, names),
        groups=_group_table(per_run),
        per_run=per_run,
        failures=batch.failures,
        store=opened,
    )
