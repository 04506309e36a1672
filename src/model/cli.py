"""The ``linxi`` command.

``linxi run SCENARIO [--seed N] [--households N] [--out DIR] [--overwrite]`` runs a scenario,
prints a summary table and writes tidy CSV files and a manifest into ``--out``. A bad scenario
gives a one-line error naming the file and the key, exits with status 2, and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from model.results import OutputExistsError, check_output_dir, run_scenario, write_results
from model.scenario import ScenarioError, load_scenario

__all__ = ["main"]

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


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="linxi", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a scenario and write its results")
    run.add_argument("scenario", type=Path, help="scenario TOML file")
    run.add_argument(
        "--seed",
        type=_non_negative_int,
        default=None,
        help="seed of the run (default: the scenario's run.seed)",
    )
    run.add_argument(
        "--households",
        type=_positive_int,
        default=None,
        help="simulate this many households (default: the full county)",
    )
    run.add_argument(
        "--out", type=Path, default=None, help="output directory (default: results/<scenario name>)"
    )
    run.add_argument(
        "--overwrite", action="store_true", help="replace results already in the output directory"
    )
    return parser


def summary_table(annual: pd.DataFrame) -> str:
    """Format the headline annual figures as a plain-text table."""
    table = annual[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS).copy()
    table["poverty %"] = (100 * table["poverty %"]).round(1)
    table["aid spent (M yuan)"] = (table["aid spent (M yuan)"] / 1e6).round(2)
    for column in ("line", "income/person", "income/person (reg.)"):
        table[column] = table[column].round(0).astype("Int64")
    return table.to_string(index=False)


def _run(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    out = args.out or Path("results") / scenario.name
    check_output_dir(out, args.overwrite)  # before the run, not after it
    result = run_scenario(scenario, seed=args.seed, households=args.households)
    result.manifest["scenario_file"] = str(args.scenario)
    write_results(result, out, overwrite=args.overwrite)
    manifest = result.manifest
    print(
        f"Scenario {manifest['scenario']}: {manifest['households']:,} households, "
        f"{manifest['people']:,} people, seed {manifest['seed']}, "
        f"{manifest['run_seconds']:.2f} s"
    )
    print(summary_table(result.annual))
    print(
        f"Results written to {out}/ (annual.csv, programs.csv, monthly.csv, ledger.csv, "
        "manifest.json)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``linxi`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
    except (ScenarioError, OutputExistsError) as exc:
        print(f"linxi: error: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
