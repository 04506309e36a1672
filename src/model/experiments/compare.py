"""Paired comparison of a scenario against a baseline with common random numbers.

Both scenarios run at the same seeds, so each seed gives one paired difference: the same
synthetic households, the same droughts and illnesses, differing only by what the scenario
changed. The headline table summarises the paired differences across seeds (median and
10th-90th percentiles); ``model.experiments.impact`` states how each measure is defined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

import numpy as np
import pandas as pd

from model.experiments.common import (
    experiment_definition,
    interval_summary,
    metric_columns,
)
from model.experiments.engine import ExperimentFailedError
from model.experiments.impact import (
    HEADLINE_MEASURES,
    MONEY_OF_RATIO,
    budget_change,
    decile_changes,
    paired_measures,
    winners,
)
from model.experiments.run_options import RunOptions, RunOptionsKwargs, takes_run_options
from model.experiments.runs import RunTask, as_scenario
from model.experiments.store import RunStore
from model.scenario import Scenario

__all__ = ["Comparison", "compare", "side_names"]

#: Why a cost ratio is undefined in a run: the same money, or a zero denominator.
_SAME_MONEY = "the scenario gives the same money"
_ZERO = {
    "cost_per_person_lifted": "no change in poor people",
    "cost_per_job": "no change in jobs",
    "domestic_cost_per_person_lifted": "no change in poor people",
    "total_cost_per_person_lifted": "no change in poor people",
    "total_cost_per_job": "no change in jobs",
}


@dataclass
class Comparison:
    """A scenario against a baseline, paired seed by seed.

    Attributes:
        baseline: The baseline's name.
        scenario: The scenario's name.
        final_year: The year the final-year measures refer to.
        households: Simulated households (the same on both sides).
        per_seed: Long: seed, year, metric, baseline, scenario, difference (scenario - baseline).
        measures: Wide: one row per seed, one column per headline measure.
        headline: measure, unit, median, p10, p90, runs (finite values), note, metric (the
            column of ``measures``, whose unit and definition the metric dictionary gives).
        deciles: seed, decile (1..10 by baseline income per person), income_change_pc.
        winners_losers: seed, group (winners/losers/unchanged), households, people, share.
        failures: Runs that failed (either side); their seeds are left out of every table.
        store: The store the runs were written to, if any.
    """

    baseline: str
    scenario: str
    final_year: int
    households: int
    per_seed: pd.DataFrame
    measures: pd.DataFrame
    headline: pd.DataFrame
    deciles: pd.DataFrame
    winners_losers: pd.DataFrame
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)
    store: RunStore | None = None

    def summary(self) -> pd.DataFrame:
        """Median and 10th-90th percentiles across seeds of both sides, by year and metric.

        Returns:
            Long frame: scenario (the baseline's or the scenario's name), year, metric,
            median, p10, p90; the schema of ``Ensemble.summary()``, so that
            ``model.plots.scenario_comparison`` draws the two side by side.
        """
        long = self.per_seed.melt(
            id_vars=["seed", "year", "metric"],
            value_vars=["baseline", "scenario"],
            var_name="side",
        )
        long["scenario"] = long["side"].map({"baseline": self.baseline, "scenario": self.scenario})
        wide = long.pivot_table(
            index=["scenario", "seed", "year"],
            columns="metric",
            values="value",
            aggfunc="first",
            dropna=False,  # keep a metric that is undefined in some years (NaN)
            sort=False,
        ).reset_index()
        metrics = list(dict.fromkeys(self.per_seed["metric"]))
        return interval_summary(wide, by=["scenario", "year"], metrics=metrics)

    def decile_summary(self) -> pd.DataFrame:
        """Income change per person by decile across seeds: decile, median, p10, p90."""
        summary = interval_summary(self.deciles, by=["decile"], metrics=["income_change_pc"])
        return summary.drop(columns="metric")


def _note(measures: pd.DataFrame, column: str, undefined: np.ndarray) -> str:
    """Why a measure is undefined in some runs, and in how many."""
    count = int(undefined.sum())
    if not count:
        return ""
    reasons = []
    if column in _ZERO:
        same = (measures[MONEY_OF_RATIO[column]].to_numpy() == 0) & undefined
        if same.any():
            reasons.append(_SAME_MONEY)
        if (undefined & ~same).any():
            reasons.append(_ZERO[column])
    reason = "; ".join(reasons) or "not defined"
    return f"undefined in {count} of {len(measures)} runs ({reason})"


def _headline(measures: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for measure, unit, column in HEADLINE_MEASURES:
        values = measures[column].to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        rows.append(
            {
                "measure": measure,
                "unit": unit,
                "median": float(np.median(finite)) if len(finite) else float("nan"),
                "p10": float(np.quantile(finite, 0.1)) if len(finite) else float("nan"),
                "p90": float(np.quantile(finite, 0.9)) if len(finite) else float("nan"),
                "runs": len(finite),
                "note": _note(measures, column, ~np.isfinite(values)),
                "metric": column,
            }
        )
    return pd.DataFrame(rows)


def side_names(baseline: str, scenario: str) -> tuple[str, str]:
    """The names the two sides go by in tables and plots: their own, unless they are the same.

    A variant that kept its baseline's name (``base.with_overrides(...)``) would otherwise be
    indistinguishable from it: both become ``"<name> (baseline)"`` and ``"<name> (scenario)"``.
    """
    if baseline != scenario:
        return baseline, scenario
    return f"{baseline} (baseline)", f"{scenario} (scenario)"


def _population_size(base: Scenario, scen: Scenario, households: int | None) -> int | None:
    return households or base.run.households or scen.run.households


@takes_run_options
def compare(
    baseline: str | Path | Scenario | dict | None,
    scenario: str | Path | Scenario | dict,
    runs: int = 10,
    *,
    threshold: float = 1.0,
    **options: Unpack[RunOptionsKwargs],
) -> Comparison:
    """Run a baseline and a scenario at the same seeds and measure the paired differences.

    Both sides run at the same seeds and with the same households; where ``seed`` or
    ``households`` is None, the baseline's ``run`` setting is used (for households, then the
    scenario's, then the full county).

    Args:
        baseline: The reference scenario (file, ``Scenario``, dict, or None for the defaults).
        scenario: The scenario to assess.
        runs: Seeds (pairs of runs).
        threshold: Yuan per person a household's income must move to count as a winner or
            loser.
        **options: How to run (``RunOptions``): seed, households, executor, store, overwrite,
            progress.

    Returns:
        The comparison: per-seed differences, headline table, deciles, winners and losers.
        Two sides of the same name are told apart as ``"<name> (baseline)"`` and
        ``"<name> (scenario)"`` (see ``side_names``).

    Raises:
        ValueError: If the two scenarios end in different years.
        ExperimentFailedError: If no seed has both of its runs finished.
    """
    run_options = RunOptions(**options)
    base, scen = as_scenario(baseline), as_scenario(scenario)
    if base.run.end_year != scen.run.end_year or base.run.start_year != scen.run.start_year:
        raise ValueError(
            f"compare: {base.name} runs {base.run.start_year}-{base.run.end_year} but "
            f"{scen.name} runs {scen.run.start_year}-{scen.run.end_year}; give both the same "
            "run.end_year"
        )
    seeds = run_options.seeds(base, runs)
    n = _population_size(base, scen, run_options.households)
    names = side_names(base.name, scen.name)
    definition = experiment_definition(
        "compare",
        baseline=base.model_dump(mode="json"),
        scenario=scen.model_dump(mode="json"),
        households=n,
        baseline_point=0,
        points=[
            {"point": 0, "scenario": names[0], "side": "baseline"},
            {"point": 1, "scenario": names[1], "side": "scenario"},
        ],
    )
    opened = run_options.open_store(definition)
    sides = (base.model_dump(), scen.model_dump())
    tasks = [
        RunTask(point, s, sides[point], n, keep_households=True) for s in seeds for point in (0, 1)
    ]
    label = f"{names[1]} vs {names[0]} runs"
    batch = run_options.run(tasks, opened, label)

    paired = [s for s in seeds if (0, s) in batch.outputs and (1, s) in batch.outputs]
    per_seed, measures, deciles, groups = [], [], [], []
    for s in paired:
        b, c = batch.outputs[(0, s)], batch.outputs[(1, s)]
        metrics = [m for m in metric_columns(b.annual) if m in c.annual.columns]
        long_b = b.annual.melt(id_vars="year", value_vars=metrics, var_name="metric")
        long_c = c.annual.melt(id_vars="year", value_vars=metrics, var_name="metric")
        frame = long_b.rename(columns={"value": "baseline"})
        frame["scenario"] = long_c["value"].to_numpy()
        frame["difference"] = frame["scenario"] - frame["baseline"]
        per_seed.append(frame.assign(seed=s))
        money = {g: budget_change(b.programs, c.programs, g) for g in ("beijing", "domestic")}
        row = paired_measures(b.annual, c.annual, b.households, c.households, threshold, money)
        measures.append({"seed": s, **row})
        deciles.append(decile_changes(b.households, c.households).assign(seed=s))
        groups.append(winners(b.households, c.households, threshold).assign(seed=s))
    if not paired:
        raise ExperimentFailedError(
            f"compare: no seed has both runs finished; first error: {batch.failures.error[0]}"
        )

    def stack(frames: list[pd.DataFrame], first: list[str]) -> pd.DataFrame:
        out = pd.concat(frames, ignore_index=True)
        return out[[*first, *(c for c in out.columns if c not in first)]]

    measure_frame = pd.DataFrame(measures)
    return Comparison(
        baseline=names[0],
        scenario=names[1],
        final_year=base.run.end_year,
        households=int(batch.outputs[(0, paired[0])].annual["households"].iloc[0]),
        per_seed=stack(per_seed, ["seed", "year", "metric"]),
        measures=measure_frame,
        headline=_headline(measure_frame),
        deciles=stack(deciles, ["seed", "decile"]),
        winners_losers=stack(groups, ["seed", "group"]),
        failures=batch.failures,
        store=opened,
    )
