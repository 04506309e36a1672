"""``linxi run SCENARIO``: run a scenario, print its headline table, write its results.

With ``--runs 1`` (the default) the run's CSV files and manifest are written. With ``--runs N``
an ensemble of N seeds is run (``--workers``/``--dask`` to run them in parallel) into a
resumable store, with ``annual.csv`` (every run) and ``summary.csv`` (median, 10th and 90th
percentiles by year and metric) beside it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from model.cli.common import add_command, add_model_flags, add_scenario_argument, scenario_from_args
from model.cli.tables import heading, metric_columns_text, metric_interval, text_table

if TYPE_CHECKING:
    import pandas as pd

    from model.results import RunResult
    from model.scenario import Scenario

__all__ = ["add_parser", "summary_table", "ensemble_table", "SUMMARY_METRICS"]

#: Annual metrics of the table ``linxi run`` prints, in order.
SUMMARY_METRICS = (
    "year",
    "poverty_line",
    "poverty_rate",
    "registered_poor",
    "income_pc_mean",
    "income_pc_mean_registered",
    "jobs",
    "jobs_registered_poor",
    "aid_spent_yuan",
    "domestic_spent_yuan",
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``run`` sub-command."""
    parser = add_command(commands, "run")
    add_scenario_argument(parser)
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
    """The headline annual figures as a plain-text table, each headed by its unit."""
    return metric_columns_text(annual, SUMMARY_METRICS)


def ensemble_table(summary: pd.DataFrame) -> str:
    """An ensemble's headline metrics by year as ``median [p10, p90]``, headed by their units."""
    wanted = [m for m in SUMMARY_METRICS if m not in ("year", "poverty_line")]
    cells: dict[int, dict[str, str]] = {}
    for row in summary[summary["metric"].isin(wanted)].itertuples(index=False):
        text = metric_interval(row.median, row.p10, row.p90, row.metric)
        cells.setdefault(int(row.year), {})[row.metric] = text
    rows = [[str(year), *(by.get(m, "") for m in wanted)] for year, by in sorted(cells.items())]
    return text_table(rows, [heading("year"), *(heading(m) for m in wanted)])


def run(args: argparse.Namespace) -> int:
    """Run the scenario (once, or ``--runs`` times) and write its results; return the status."""
    scenario = scenario_from_args(args.scenario, args)
    out = args.out or Path("results") / scenario.name
    if args.runs > 1:
        return _run_ensemble(args, scenario, out)
    from model.results import check_output_dir, run_scenario, write_results

    check_output_dir(out, args.overwrite)  # before the run, not after it
    # the command line is deterministic: without --seed, the scenario's run.seed
    seed = scenario.run.seed if args.seed is None else args.seed
    result = run_scenario(scenario, seed=seed, households=args.households)
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
    from model.cli.experiment_io import experiment_options, report_failures
    from model.experiments import run_ensemble

    with experiment_options(args, out) as options:
        ensemble = run_ensemble(
            scenario, runs=args.runs, parameter_uncertainty=args.parameter_uncertainty, **options
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
    files = ", ".join(
        ["summary.csv", "annual.csv", *images, "annual/", "programs/", "index.sqlite"]
    )
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
