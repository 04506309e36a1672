"""``linxi run SCENARIO``: run a scenario, print its headline table, write its results.

With ``--runs 1`` (the default) the run's CSV files and manifest are written. With ``--runs N``
an ensemble of N seeds is run (``--workers``/``--dask`` to run them in parallel) into a
resumable store, with ``annual.csv`` (every run) and ``summary.csv`` (median, 10th and 90th
percentiles by year and metric) beside it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from model.cli.common import add_model_flags, scenario_from_args
from model.cli.experiment_io import executor_from_args, interval, report_failures
from model.experiments import run_ensemble
from model.results import RunResult, check_output_dir, run_scenario, write_results
from model.scenario import Scenario

__all__ = ["add_parser", "summary_table", "ensemble_table"]

SUMMARY_COLUMNS = {
    "year": "year",
    "poverty_line": "line",
    "poverty_rate": "poverty %",
    "registered_poor": "registered poor",
    "income_pc_mean": "income/person",
    "income_pc_mean_registered": "income/person (reg.)",
    "jobs": "firm jobs",
    "jobs_registered_poor": "poor in jobs",
    "aid_spent_yuan": "aid spent (M yuan)",
    "domestic_spent_yuan": "domestic (M yuan)",
}


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``run`` sub-command."""
    parser = commands.add_parser("run", help="run a scenario and write its results")
    parser.add_argument("scenario", type=Path, help="scenario TOML file")
    add_model_flags(parser, out_help="output directory (default: results/<scenario name>)")
    parser.add_argument(
        "--plots",
        action="store_true",
        help="also save poverty_rate.png, income_by_source.png and jobs_by_employer.png "
        "beside the data (with --runs N: poverty_rate.png, median and 10-90%% band)",
    )
    parser.add_argument(
        "--parameter-uncertainty",
        action="store_true",
        help="with --runs N: draw each run's parameters from the shipped calibration posterior",
    )
    parser.set_defaults(func=run)


def summary_table(annual: pd.DataFrame) -> str:
    """Format the headline annual figures as a plain-text table."""
    table = annual[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS).copy()
    table["poverty %"] = (100 * table["poverty %"]).round(1)
    for column in ("aid spent (M yuan)", "domestic (M yuan)"):
        table[column] = (table[column] / 1e6).round(2)
    for column in ("line", "income/person", "income/person (reg.)"):
        table[column] = table[column].round(0).astype("Int64")
    return table.to_string(index=False)


def ensemble_table(summary: pd.DataFrame) -> str:
    """Format an ensemble's headline metrics by year as ``median [p10, p90]``."""
    wanted = [c for c in SUMMARY_COLUMNS if c not in ("year", "poverty_line")]
    rows = summary[summary["metric"].isin(wanted)].copy()
    scale = {"poverty_rate": 100.0, "aid_spent_yuan": 1e-6, "domestic_spent_yuan": 1e-6}
    digits = {"poverty_rate": 1, "aid_spent_yuan": 2, "domestic_spent_yuan": 2}
    cells = {}
    for row in rows.itertuples(index=False):
        k = scale.get(row.metric, 1.0)
        text = interval(row.median * k, row.p10 * k, row.p90 * k, digits.get(row.metric, 0))
        cells.setdefault(row.year, {})[SUMMARY_COLUMNS[row.metric]] = text
    table = pd.DataFrame.from_dict(cells, orient="index")[[SUMMARY_COLUMNS[c] for c in wanted]]
    return table.rename_axis("year").reset_index().to_string(index=False)


def run(args: argparse.Namespace) -> int:
    """Run the scenario (once, or ``--runs`` times) and write its results; return the status."""
    scenario = scenario_from_args(args.scenario, args)
    out = args.out or Path("results") / scenario.name
    if args.runs > 1:
        return _run_ensemble(args, scenario, out)
    check_output_dir(out, args.overwrite)  # before the run, not after it
    result = run_scenario(scenario, seed=args.seed, households=args.households)
    result.manifest["scenario_file"] = str(args.scenario)
    images = _render_plots(result) if args.plots else {}  # before writing: all or nothing
    write_results(result, out, overwrite=args.overwrite)
    for name, data in images.items():
        (out / name).write_bytes(data)
    manifest = result.manifest
    print(
        f"Scenario {manifest['scenario']}: {manifest['households']:,} households, "
        f"{manifest['people']:,} people, seed {manifest['seed']}, "
        f"{manifest['run_seconds']:.2f} s"
    )
    print(summary_table(result.annual))
    files = ["annual.csv", "programs.csv", "monthly.csv", "ledger.csv", "beneficiaries.csv"]
    files += ["manifest.json", *images]
    print(f"Results written to {out}/ ({', '.join(files)})")
    return 0


def _run_ensemble(args: argparse.Namespace, scenario: Scenario, out: Path) -> int:
    with executor_from_args(args) as executor:
        ensemble = run_ensemble(
            scenario,
            runs=args.runs,
            seed=args.seed,
            households=args.households,
            executor=executor,
            store=out,
            overwrite=args.overwrite,
            progress=not args.quiet,
            parameter_uncertainty=args.parameter_uncertainty,
        )
    store = ensemble.store
    if ensemble.annual.empty:
        return report_failures(ensemble.failures, out)
    summary = ensemble.summary()
    store.write_table("annual.csv", ensemble.annual)
    store.write_table("summary.csv", summary)
    seeds = ensemble.seeds
    households = int(ensemble.annual["households"].iloc[0]) if len(seeds) else 0
    print(
        f"Scenario {ensemble.scenario}: {len(seeds)} runs (seeds {seeds[0]}-{seeds[-1]}), "
        f"{households:,} households; median [10th, 90th percentile] across runs"
    )
    print(ensemble_table(summary))
    images = []
    if args.plots:
        store.write_bytes("poverty_rate.png", _render_summary_plot(summary))
        images.append("poverty_rate.png")
    files = ", ".join(["summary.csv", "annual.csv", *images, "runs/", "index.sqlite"])
    print(f"Results written to {out}/ ({files})")
    return report_failures(ensemble.failures, out)


def _render_plots(result: RunResult) -> dict[str, bytes]:
    # Imported here so that runs without --plots do not load matplotlib's pyplot.
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window from the command line
    from model.plots import render_run_plots

    return render_run_plots(result)


def _render_summary_plot(summary: pd.DataFrame) -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from model.plots.experiments import scenario_comparison

    figure = scenario_comparison(summary, "poverty_rate")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120)
    plt.close(figure)
    return buffer.getvalue()
