"""``docs/calibration.md``: how the shipped defaults do against every target (generated).

The report runs the baseline with the shipped defaults over an ensemble of seeds and writes:
every target with its reported value, the simulated median and 90% interval, the error and
pass or fail against its tolerance; a plot of simulated against reported; the held-out targets;
the posterior marginals of ``data/posterior.csv``; the known misses with their gaps; and the
figures the model cannot produce. It also writes ``docs/calibration_known_misses.json``, which
the acceptance test reads: a target that misses must be listed there, with the settings to
reproduce it.
"""

from __future__ import annotations

import json
import math
import time
import tomllib
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pandas as pd

from model.calibration.api import Progress
from model.calibration.defaults import data_dir, posterior_median
from model.calibration.report_figures import format_number as fmt
from model.calibration.report_figures import full_county_households, plot_fit, plot_posterior
from model.calibration.report_poor import poor_section
from model.calibration.report_predictive import predictive_section
from model.calibration.simulate import FIRST_SEED, Problem, run_points
from model.calibration.targets import TargetSet, evaluate_targets, load_targets
from model.scenario import Scenario

__all__ = ["write_report", "ensemble_table", "KNOWN_MISSES_FILE"]

KNOWN_MISSES_FILE = "calibration_known_misses.json"


def ensemble_table(
    households: int,
    runs: int,
    executor: Executor | None = None,
    targets: TargetSet | None = None,
    progress: bool = False,
    scenario: Scenario | None = None,
) -> pd.DataFrame:
    """Evaluate every target over ``runs`` seeds of the baseline with the shipped defaults.

    ``scenario`` replaces the baseline (another parameter point, say).
    """
    targets = targets or load_targets()
    problem = Problem.build(
        targets, list(targets), [], [], scenario=scenario, households=households, runs_per_eval=runs
    )
    bar = Progress(runs, "runs", progress)
    per_seed = run_points(problem, [{}], executor, bar.update)[0]
    bar.close()
    statuses = _statuses(problem, per_seed)
    rows = [{k: (v, statuses.get(k, "ok")) for k, v in run.items()} for run in per_seed]
    return evaluate_targets(rows, targets)


def _statuses(problem: Problem, per_seed: list[dict[str, float]]) -> dict[str, str]:
    """Why a target has no value: re-evaluate one small run for its status text."""
    missing = [t for t in problem.fitted if all(math.isnan(run[t.id]) for run in per_seed)]
    if not missing:
        return {}
    from model.calibration.targets import measure_values
    from model.results import run_scenario

    result = run_scenario(problem.scenario, seed=problem.seeds[0], households=300)
    found = measure_values(result, missing, problem.programs)
    return {k: status for k, (_value, status) in found.items()}


def _calibration_info() -> dict[str, Any]:
    path = data_dir() / "calibrated.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text("utf-8"))


def _target_rows(table: pd.DataFrame) -> list[str]:
    lines = [
        "| target | period | reported | tolerance | median | 90% interval | error | result |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, row in table.iterrows():
        if row["runs"] == 0:
            result = "not available"
        else:
            result = "pass" if row["passed"] else "**miss**"
        interval = f"{fmt(row['q05'])} – {fmt(row['q95'])}" if row["runs"] else "n/a"
        error = f"{row['error']:+.1%}" if row["runs"] else "n/a"
        plan = " (plan)" if row["plan"] else ""
        lines.append(
            f"| `{row['id']}`{plan} | {row['period']} | {fmt(row['reported'])} | "
            f"{row['tolerance']} | {fmt(row['median'])} | {interval} | {error} | {result} |"
        )
    return lines


def write_report(
    out: str | Path = "docs/calibration.md",
    *,
    households: int | None = None,
    runs: int = 20,
    executor: Executor | None = None,
    progress: bool = True,
) -> Path:
    """Run the ensemble and write the report, its figures and the known-miss file.

    Args:
        out: The Markdown file; figures go to ``img/`` beside it and the known-miss file to
            ``calibration_known_misses.json`` beside it.
        households: Simulated households per run; None: the full county, the scale at which
            the issues state their figures (about 1.5 minutes on 2 workers).
        runs: Seeds in the ensemble.
        executor: Runs the seeds in parallel (None: in this process).
        progress: Show progress.

    Returns:
        The report's path.
    """
    out = Path(out)
    img = out.parent / "img"
    img.mkdir(parents=True, exist_ok=True)
    targets = load_targets()
    if households is None:
        households = full_county_households()
    table = ensemble_table(households, runs, executor, targets, progress)
    table["tol_low"] = [targets.get(i).low for i in table["id"]]
    table["tol_high"] = [targets.get(i).high for i in table["id"]]
    info = _calibration_info()
    meta = info.get("calibration", {})
    # Held out: what the last fit left out, and what the targets file holds out now (a target
    # added or moved there since was not used by that fit either).
    holdout = list(dict.fromkeys([*meta.get("holdout", []), *targets.holdout]))
    fit_path = img / "calibration_fit.png"
    plot_fit(table, fit_path)
    posterior_path = data_dir() / "posterior.csv"
    posterior = pd.read_csv(posterior_path) if posterior_path.is_file() else None
    if posterior is not None:
        plot_posterior(posterior, img / "calibration_posterior.png")

    available = table[table["runs"] > 0]
    fitted = available[~available["id"].isin(holdout) & ~available["plan"]]
    outcomes = table[table["outcome"]]
    population = meta.get("posterior_population")
    ess = meta.get("posterior_effective_sample_size")
    misses = available[~available["passed"]]
    missing = table[table["runs"] == 0]
    seeds = [FIRST_SEED + k for k in range(runs)]
    lines = [
        "# Calibration report",
        "",
        "Generated by `linxi calibrate --report` (model.calibration.report); do not edit by "
        "hand. The method is explained in [calibration_method.md](calibration_method.md).",
        "",
        f"- Ensemble: the baseline with the shipped defaults, {runs} seeds "
        f"({seeds[0]}..{seeds[-1]}), {households:,} households a run (counts and money are "
        "scaled to the full county).",
    ]
    if info:
        lines.append(
            f"- Shipped defaults: `src/model/data/calibrated.toml` ({len(info.get('values', {}))}"
            f" calibrated values; method {meta.get('method', '?')}, written "
            f"{meta.get('written', '?')}; distance {meta.get('distance', 'n/a')} against "
            f"{meta.get('distance_at_defaults', 'n/a')} before)."
        )
    else:
        lines.append(
            "- Shipped defaults: **not calibrated yet** (no `src/model/data/calibrated.toml`); "
            "the values are the first estimates of the parameter files."
        )
    lines += [
        "",
        f"Outcome targets passing: {int(outcomes['passed'].sum())} of {len(outcomes)}",
        "",
        (
            f"Effective sample size in the last generation: {float(ess):.0f} of {population} "
            "particles"
            if ess is not None and population
            else "Effective sample size in the last generation: no posterior shipped"
        ),
        "",
        *_posterior_median_lines(households, runs, executor, targets, progress, outcomes),
        "Outcome targets are every target the model produces; money put in (a program's "
        "budget spent) and figures a parameter's range is taken from (`input` in the targets "
        "file) pass by construction and are not counted.",
        "",
        f"- Targets: {len(table)} ({len(available)} with a model value, {len(missing)} not "
        f"available yet); fitted and passing: {int(fitted['passed'].sum())} of {len(fitted)}; "
        f"all passing: {int(available['passed'].sum())} of {len(available)}.",
        "",
        "## Every target",
        "",
        "Error is (median - reported) / scale (the reported value, or the target's `scale`). "
        "A target passes when the ensemble median lies inside its tolerance.",
        "",
        *_target_rows(table),
        "",
        "![simulated against reported](img/calibration_fit.png)",
        "",
        "## Held-out targets",
        "",
        "Left out of the fit and predicted by the calibrated model (out-of-sample test).",
        "",
        "| target | reported | tolerance | predicted median | 90% interval | error | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for _, row in table[table["id"].isin(holdout)].iterrows():
        result = "not available" if row["runs"] == 0 else ("pass" if row["passed"] else "miss")
        lines.append(
            f"| `{row['id']}` | {fmt(row['reported'])} | {row['tolerance']} | "
            f"{fmt(row['median'])} | {fmt(row['q05'])} – {fmt(row['q95'])} | "
            f"{row['error']:+.1%} | {result} |"
        )
    lines += predictive_section(households, runs, executor, targets, img, progress)
    lines += poor_section(households, runs, executor)
    lines += ["", "## Calibrated parameters and posterior", ""]
    if info.get("values"):
        lines += ["| parameter | calibrated value |", "|---|---|"]
        for key, value in sorted(info["values"].items()):
            shown = value if not isinstance(value, dict) else _series_text(value)
            lines.append(f"| `{key}` | {shown} |")
        lines.append("")
    if posterior is not None:
        lines += [
            f"Posterior sample: `src/model/data/posterior.csv`, {len(posterior)} draws "
            "resampled by weight from the last ABC generation "
            f"({meta.get('posterior_generations', '?')} generations of "
            f"{meta.get('posterior_population', '?')} particles; effective sample size of the "
            f"last generation {meta.get('posterior_effective_sample_size', '?')}, so the draws "
            "repeat about that many distinct points; "
            "`model.calibration.posterior_sample(n, seed)`).",
            "",
            "![posterior marginals](img/calibration_posterior.png)",
        ]
    else:
        lines.append("No posterior sample shipped yet (`linxi calibrate --method abc`).")
    from model.calibration import stylized

    facts = stylized.measure_all()
    lines += [
        "",
        "## Stylized facts",
        "",
        f"Measured on {len(stylized.SEEDS)} seeds x {stylized.HOUSEHOLDS:,} households "
        "(model.calibration.stylized; asserted, with sources, in tests/test_stylized_facts.py).",
        "",
        "| fact | claim | measured | holds | details |",
        "|---|---|---|---|---|",
    ]
    for fact in facts:
        details = ", ".join(f"{k} {fmt(v)}" for k, v in fact.details.items())
        lines.append(
            f"| `{fact.name}` | {fact.claim} | {fmt(fact.value)} | "
            f"{'yes' if fact.holds else '**no**'} | {details} |"
        )
    lines += [
        "",
        "## Known misses",
        "",
        "Targets whose ensemble median is outside the tolerance, with the gap to the nearest "
        "bound, and targets without a model value. The acceptance test "
        "(tests/test_calibration.py) requires every other target to pass.",
        "",
        "| target | median | tolerance | gap (share of reported) |",
        "|---|---|---|---|",
    ]
    for _, row in misses.iterrows():
        lines.append(
            f"| `{row['id']}` | {fmt(row['median'])} | {row['tolerance']} | "
            f"{row['gap_error']:.1%} |"
        )
    failed = [fact for fact in facts if not fact.holds]
    if failed:
        lines += [
            "",
            "Stylized facts that do not hold (xfail in tests/test_stylized_facts.py):",
            "",
        ]
        lines += [f"- `{f.name}`: {f.claim}; measured {fmt(f.value)}" for f in failed]
    lines += ["", "Not available (the program or output is not in the model):", ""]
    lines += [f"- `{row['id']}`: {row['status']}" for _, row in missing.iterrows()]
    lines += [
        "",
        "## Figures the model cannot produce",
        "",
        "| figure | reason |",
        "|---|---|",
        *[f"| `{fig}` | {reason} |" for fig, reason in targets.not_producible.items()],
        "",
    ]
    out.write_text("\n".join(lines), "utf-8")
    known = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "households": households,
        "runs": runs,
        "first_seed": FIRST_SEED,
        "misses": {
            row["id"]: {
                "median": row["median"],
                "tolerance": row["tolerance"],
                "gap": row["gap_error"],
            }
            for _, row in misses.iterrows()
        },
        "not_available": {row["id"]: row["status"] for _, row in missing.iterrows()},
        "stylized_facts": {
            fact.name: {"claim": fact.claim, "value": fact.value, "holds": fact.holds}
            for fact in facts
        },
    }
    (out.parent / KNOWN_MISSES_FILE).write_text(json.dumps(known, indent=2) + "\n", "utf-8")
    return out


def _posterior_median_lines(
    households: int,
    runs: int,
    executor: Executor | None,
    targets: TargetSet,
    progress: bool,
    at_point: pd.DataFrame,
) -> list[str]:
    """The posterior median's outcome targets passing, on the same seeds, against the point's."""
    try:
        median = posterior_median()
    except FileNotFoundError:
        return []
    scenario = Scenario(name="baseline").with_overrides(
        {f"parameters.{key}": value for key, value in median.items()},
        source="posterior median",
    )
    table = ensemble_table(households, runs, executor, targets, progress, scenario)
    outcomes = table[table["outcome"]]
    passing, point = int(outcomes["passed"].sum()), int(at_point["passed"].sum())
    shipped = "the point ships" if point >= passing else "**the posterior median fits better**"
    return [
        f"At the posterior median (each free parameter at the median of its marginal in "
        f"`posterior.csv`, on the same seeds): {passing} of {len(outcomes)} outcome targets "
        f"passing, against the shipped point's {point}: {shipped}.",
        "",
    ]


def _series_text(series: dict) -> str:
    return ", ".join(f"{year}: {value:.4g}" for year, value in sorted(series.items()))
