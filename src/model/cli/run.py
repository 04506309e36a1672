"""``linxi run SCENARIO``: run a scenario once, print its headline table, write its results."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from model.cli.common import add_model_flags, scenario_from_args
from model.results import RunResult, check_output_dir, run_scenario, write_results

__all__ = ["add_parser", "summary_table"]

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
}


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``run`` sub-command."""
    parser = commands.add_parser("run", help="run a scenario and write its results")
    parser.add_argument("scenario", type=Path, help="scenario TOML file")
    add_model_flags(
        parser,
        runs=False,
        executor=False,
        out_help="output directory (default: results/<scenario name>)",
    )
    parser.add_argument(
        "--plots",
        action="store_true",
        help="also save poverty_rate.png, income_by_source.png and jobs_by_employer.png "
        "beside the data",
    )
    parser.set_defaults(func=run)


def summary_table(annual: pd.DataFrame) -> str:
    """Format the headline annual figures as a plain-text table."""
    table = annual[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS).copy()
    table["poverty %"] = (100 * table["poverty %"]).round(1)
    table["aid spent (M yuan)"] = (table["aid spent (M yuan)"] / 1e6).round(2)
    for column in ("line", "income/person", "income/person (reg.)"):
        table[column] = table[column].round(0).astype("Int64")
    return table.to_string(index=False)


def run(args: argparse.Namespace) -> int:
    """Run the scenario once and write its results; return the exit status."""
    scenario = scenario_from_args(args.scenario, args)
    out = args.out or Path("results") / scenario.name
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
    files = ["annual.csv", "programs.csv", "monthly.csv", "ledger.csv", "manifest.json", *images]
    print(f"Results written to {out}/ ({', '.join(files)})")
    return 0


def _render_plots(result: RunResult) -> dict[str, bytes]:
    # Imported here so that runs without --plots do not load matplotlib's pyplot.
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window from the command line
    from model.plots import render_run_plots

    return render_run_plots(result)
