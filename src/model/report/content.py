"""Running a report's experiment and gathering what the report shows.

Without a baseline the scenario is run as an ensemble; with one, both are run at the same seeds
(``model.experiments.compare``). Either way the result is a ``ReportContent``: tables of text,
figures as PNG bytes, the settings that differ from the defaults, and a manifest, ready to be
laid out as HTML.
"""

from __future__ import annotations

import platform
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.cli.experiment_io import headline_rows, interval
from model.county import ANNUAL_REPORTERS
from model.experiments import ExperimentFailedError, compare, run_ensemble
from model.experiments.common import metric_columns
from model.experiments.run_options import RunOptionsKwargs
from model.plots._common import metric_label
from model.report.figures import ReportFigure, band_figures, comparison_figures, run_figures
from model.report.settings import settings_rows
from model.results import run_scenario
from model.scenario import Scenario

__all__ = [
    "HEADLINE_METRICS",
    "ReportContent",
    "RunPlan",
    "Section",
    "Table",
    "comparison_content",
    "ensemble_content",
]

#: Annual metrics of the headline tables, in this order, when the model records them: the
#: series the model's DataCollector collects.
HEADLINE_METRICS = ANNUAL_REPORTERS


@dataclass
class Table:
    """A table of text: a caption, column names and rows of cells."""

    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    """A further section of a report (the league of programs): title, intro, tables, figures."""

    title: str
    intro: str
    tables: list[Table]
    figures: list[ReportFigure]


@dataclass
class ReportContent:
    """Everything a report shows, as text and PNG bytes."""

    title: str
    question: str
    description: str
    tables: list[Table]
    figures: list[ReportFigure]
    settings: list[dict[str, str]]
    manifest: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _metrics(present: set[str]) -> list[str]:
    return [m for m in HEADLINE_METRICS if m in present]


def _digits(metric: str, levels: np.ndarray, difference: bool = False) -> int:
    """Decimals of a metric's cells, chosen from its display scale and its levels."""
    _, scale = metric_label(metric)
    if scale == 100.0:  # percent
        return 2 if difference else 1
    if scale < 1:  # million yuan
        return 2
    finite = levels[np.isfinite(levels)]
    if finite.size == 0 or np.all(finite == np.round(finite)):  # counts
        return 0
    if np.abs(finite).max() < 10:
        return 3
    return 1 if difference else 0


def _cell(metric: str, values: pd.Series, digits: int) -> str:
    """``median [p10, p90]`` of ``values`` across runs, in the metric's display unit."""
    _, scale = metric_label(metric)
    quantiles = [values.median(), values.quantile(0.1), values.quantile(0.9)]
    return interval(*(scale * q for q in quantiles), digits)


def key_years(start: int, end: int) -> list[int]:
    """Years the ensemble table shows: the first, 2015, 2020 and the last, where run."""
    return sorted({y for y in (start, 2015, 2020, end) if start <= y <= end})


def _ensemble_table(annual: pd.DataFrame, runs: int) -> Table:
    start, end = int(annual["year"].min()), int(annual["year"].max())
    years = key_years(start, end)
    rows = []
    for metric in _metrics(set(metric_columns(annual))):  # numbers only
        digits = _digits(metric, annual[metric].to_numpy(dtype=float))
        by_year = annual.groupby("year")[metric]
        cells = [_cell(metric, by_year.get_group(y), digits) for y in years]
        rows.append([metric_label(metric)[0], *cells])
    return Table(
        f"Headline metrics: median [10th, 90th percentile] across {runs} run(s)",
        ["metric", *map(str, years)],
        rows,
    )


def _failure_notes(failures: pd.DataFrame) -> list[str]:
    if failures is None or failures.empty:
        return []
    first = failures.iloc[0]
    return [
        f"{len(failures)} run(s) failed and are left out of every table and figure "
        f"(first: seed {first.seed}: {first.error})."
    ]


def _manifest(scenario: Scenario, seeds: list[int], households: int, **extra: Any) -> dict:
    from model import __version__

    return {
        "created": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "package": f"linxi-model {__version__}",
        "python": platform.python_version(),
        "scenario": scenario.name,
        "years": f"{scenario.run.start_year}-{scenario.run.end_year}",
        "runs": len(seeds),
        "seeds": ", ".join(map(str, seeds)),
        "households (simulated)": f"{households:,}",
        **extra,
    }


@dataclass(frozen=True)
class RunPlan:
    """How a report's runs are made: how many, from which seed, how large, on what executor."""

    runs: int
    seed: int | None = None
    households: int | None = None
    executor: Executor | None = None
    progress: bool = False

    def options(self) -> RunOptionsKwargs:
        """The keyword arguments of ``run_ensemble`` and ``compare`` besides the run count."""
        return {
            "seed": self.seed,
            "households": self.households,
            "executor": self.executor,
            "progress": self.progress,
        }


def ensemble_content(scenario: Scenario, plan: RunPlan) -> ReportContent:
    """Run ``scenario`` at ``plan.runs`` seeds and gather the report of the ensemble."""
    started = time.perf_counter()
    ensemble = run_ensemble(scenario, plan.runs, **plan.options())
    if ensemble.annual.empty:
        raise ExperimentFailedError(
            f"report: every run of {scenario.name} failed; first error: "
            f"{ensemble.failures.error.iloc[0]}"
        )
    seeds = ensemble.seeds
    summary = ensemble.summary()
    first = ensemble.annual[ensemble.annual["seed"] == seeds[0]].drop(columns=["scenario", "seed"])
    programs = ensemble.programs[ensemble.programs["seed"] == seeds[0]]
    figures = run_figures(first, programs, seeds[0]) + band_figures(summary, len(seeds))
    n = int(ensemble.annual["households"].iloc[0])
    return ReportContent(
        title=f"Linxi model report: {scenario.name}",
        question="",
        description=scenario.description,
        tables=[_ensemble_table(ensemble.annual, len(seeds))],
        figures=figures,
        settings=settings_rows(scenario),
        manifest=_manifest(
            scenario, seeds, n, **{"run time (s)": round(time.perf_counter() - started, 1)}
        ),
        notes=_failure_notes(ensemble.failures),
    )


def _levels_table(per_seed: pd.DataFrame, year: int, names: dict[str, str]) -> Table:
    final = per_seed[per_seed["year"] == year]
    rows = []
    for metric in _metrics(set(final["metric"])):
        values = final[final["metric"] == metric]
        digits = _digits(metric, values["baseline"].to_numpy(dtype=float))
        cells = [
            _cell(metric, values["baseline"], digits),
            _cell(metric, values["scenario"], digits),
            _cell(
                metric,
                values["difference"],
                _digits(metric, values["baseline"].to_numpy(dtype=float), True),
            ),
        ]
        rows.append([metric_label(metric)[0], *cells])
    return Table(
        f"Levels in {year}: median [10th, 90th percentile] across runs",
        ["metric", names["baseline"], names["scenario"], "difference (paired)"],
        rows,
    )


def comparison_content(scenario: Scenario, baseline: Scenario, plan: RunPlan) -> ReportContent:
    """Run ``scenario`` and ``baseline`` at the same seeds and gather the comparison's report."""
    started = time.perf_counter()
    result = compare(baseline, scenario, plan.runs, **plan.options())
    seeds = result.measures["seed"].tolist()
    names = {"baseline": baseline.name, "scenario": scenario.name}
    headline = Table(
        f"Effect of {scenario.name} against {baseline.name}: median [10th, 90th percentile] "
        f"of {len(seeds)} paired run(s), {result.final_year} unless stated; costs summed "
        "over all years, by funder (aid: Beijing-Fengtai; domestic: China's own programmes)",
        ["measure", "unit", "median [10th, 90th percentile]", "note"],
        [list(row.values()) for row in headline_rows(result.headline)],
    )
    # The single-run figures need the programs frame, which a comparison does not keep: run the
    # scenario again at the first seed and the same size (the same run, so the same numbers).
    size = plan.households or baseline.run.households or scenario.run.households
    one = run_scenario(scenario, seed=seeds[0], households=size)
    summary = result.summary()
    figures = (
        run_figures(one.annual, one.programs, seeds[0])
        + band_figures(summary, len(seeds))
        + comparison_figures(result.deciles, result.winners_losers)
    )
    return ReportContent(
        title=f"Linxi model report: {scenario.name} against {baseline.name}",
        question="",
        description=scenario.description,
        tables=[headline, _levels_table(result.per_seed, result.final_year, names)],
        figures=figures,
        settings=settings_rows(scenario, baseline),
        manifest=_manifest(
            scenario,
            seeds,
            result.households,
            baseline=baseline.name,
            **{"run time (s)": round(time.perf_counter() - started, 1)},
        ),
        notes=_failure_notes(result.failures),
    )
