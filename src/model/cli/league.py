"""``linxi league SCENARIO --runs N``: what each program did, removed from the scenario and alone.

Prints the programs ranked by cost per person-year lifted and the sums by funder group; writes
``league.csv`` (one row per program), ``league_groups.csv`` (sums by family, funder and funder
group) and ``league_runs.csv`` (every seed) beside the store of runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from model.cli.common import (
    add_repeatable,
    scenario_from_args,
)
from model.cli.experiment_io import add_experiment_command, output_dir

if TYPE_CHECKING:
    import pandas as pd

    from model.experiments.league import League

__all__ = ["add_parser"]

#: The columns the ranked table prints: each measure's median [10th, 90th percentile].
PRINTED = (
    "spent_yuan",
    "others_spent_yuan",
    "person_years_lifted",
    "people_lifted",
    "jobs",
    "cost_per_person_year_lifted",
    "interaction_person_years_lifted",
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``league`` sub-command."""
    add_experiment_command(
        commands,
        "league",
        run,
        _add_flags,
        description="For every program, run the scenario without it and the program alone, at "
        "the same seeds (common random numbers), and rank the programs by cost per person-year "
        "lifted out of poverty. Each seed runs 2 x programs + 2 variants.",
        scenario_help="the scenario, e.g. scenarios/baseline.toml",
        out_help="output directory (default: results/league-<scenario>)",
        plots="league.png (programs ranked by cost per person-year lifted)",
        runs_default=10,
    )


def _add_flags(parser: argparse.ArgumentParser) -> None:
    """``--program``."""
    add_repeatable(
        parser,
        "--program",
        dest="programs",
        metavar="NAME",
        help="put only this program in the league (repeatable; default: every program)",
    )


def run(args: argparse.Namespace) -> int:
    """Run the league, print it and write its tables; return the exit status."""
    from model.cli.experiment_io import experiment_options, report_failures
    from model.experiments import league

    config = scenario_from_args(args.scenario, args)
    out = output_dir(args, f"league-{config.name}")
    with experiment_options(args, out) as options:
        result = league(config, runs=args.runs, programs=args.programs, **options)
    store = result.store
    images = _images(result) if args.plots else {}  # drawn before anything is written
    store.write_table("league.csv", result.table)
    store.write_table("league_groups.csv", result.groups)
    store.write_table("league_runs.csv", result.per_run)
    for name, data in images.items():
        store.write_bytes(name, data)

    seeds = result.seeds
    print(
        f"What each program did in {result.scenario}: {len(result.programs)} programs, "
        f"{len(seeds)} seed(s) ({seeds[0]}-{seeds[-1]}), {result.households:,} households, "
        f"{result.final_year} unless stated"
    )
    print("Effect of removing each program from the scenario (with it minus without it): median")
    print("[10th, 90th percentile] across runs; money and person-years over every simulated year;")
    print("interaction = removed minus alone (positive: the program does more beside the others).")
    print()
    print(league_text(result.table, ["program", "funder"]))
    print()
    groups = result.groups[result.groups["level"].isin(["funder_group", "all"])]
    print("Sums of the programs' effects by funder group (not the effect of removing the group):")
    print(league_text(groups, ["group"]))
    print("n/a: a cost ratio undefined in every run; the note column of league.csv says why.")
    figures = f", {len(images)} PNG figure(s)" if images else ""
    print(f"Results written to {out}/ (league.csv, league_groups.csv, league_runs.csv{figures})")
    return report_failures(result.failures, out)


def league_text(table: pd.DataFrame, ids: list[str]) -> str:
    """Rows of a league table as text: the id columns, then each printed measure's interval."""
    from model.cli.tables import heading, text_table
    from model.experiments.league import measure_of

    headings = [(name, "") for name in ids]
    for column in PRINTED:
        label, unit = heading(measure_of(column), "league")
        if column.startswith("interaction_"):
            label = f"interaction, {label}"
        headings.append((label, unit))
    rows = [league_cells(record, ids, PRINTED) for record in table.to_dict("records")]
    return text_table(rows, headings)


def league_cells(record: dict, ids: list[str], columns: Sequence[str]) -> list[str]:
    """One league row as text: its id values, then each column's ``median [p10, p90]``."""
    from model.cli.tables import metric_interval
    from model.experiments.league import measure_of

    cells = [str(record[name]) for name in ids]
    for column in columns:
        low, high = record[f"{column}_p10"], record[f"{column}_p90"]
        cells.append(metric_interval(record[column], low, high, measure_of(column), "league"))
    return cells


def _images(result: League) -> dict[str, bytes]:
    from model.cli.experiment_io import render_plots
    from model.plots.save import render_league_plots

    return render_plots(render_league_plots, result)
