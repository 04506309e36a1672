"""``linxi compare A B --runs N``: scenario B against baseline A at the same seeds.

Prints the headline table (median and 10th-90th percentiles across paired runs), the income
change by decile and the winners and losers; writes them, and every run, to a resumable store.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from model import limits
from model.cli.common import (
    add_command,
    add_model_flags,
    add_scenario_argument,
    number,
    scenario_from_args,
)
from model.cli.experiment_io import add_plots_flag, output_dir

if TYPE_CHECKING:
    from model.experiments import Comparison

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add the ``compare`` sub-command."""
    parser = add_command(
        commands,
        "compare",
        "Run BASELINE and SCENARIO at the same seeds (common random numbers) and "
        "report the paired differences (SCENARIO minus BASELINE).",
    )
    parser.add_argument(
        "baseline", type=Path, help="the reference scenario, e.g. no_beijing_aid.toml"
    )
    add_scenario_argument(parser, "the scenario to assess")
    parser.add_argument(
        "--threshold",
        type=number(0, limits.THRESHOLD_MAX, whole=False),
        default=1.0,
        help="yuan per person a household's income must move to win or lose, 0 to 1e6 (default: 1)",
    )
    add_model_flags(
        parser,
        out_help="output directory (default: results/compare-<scenario>-vs-<baseline>)",
        runs_default=10,
    )
    add_plots_flag(
        parser,
        "comparison_<metric>.png (both scenarios, median and 10-90%% band), "
        "impact_by_decile.png and winners_losers.png",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the comparison, print its tables and write them; return the exit status."""
    from model.cli.experiment_io import experiment_options, format_headline, report_failures
    from model.cli.tables import metric_interval
    from model.experiments import compare

    base = scenario_from_args(args.baseline, args)
    scen = scenario_from_args(args.scenario, args)
    out = output_dir(args, f"compare-{scen.name}-vs-{base.name}")
    with experiment_options(args, out) as options:
        result = compare(base, scen, runs=args.runs, threshold=args.threshold, **options)
    store = result.store
    images = _images(result) if args.plots else {}  # drawn before anything is written
    store.write_table("headline.csv", result.headline)
    store.write_table("measures.csv", result.measures)
    store.write_table("per_seed.csv", result.per_seed)
    store.write_table("deciles.csv", result.deciles)
    store.write_table("winners_losers.csv", result.winners_losers)
    for name, data in images.items():
        store.write_bytes(name, data)

    seeds = result.measures["seed"].tolist()
    print(
        f"{result.scenario} against {result.baseline}: {len(seeds)} paired runs (seeds "
        f"{seeds[0]}-{seeds[-1]}), {result.households:,} households, "
        f"{result.final_year} unless stated"
    )
    print("Median and 10th-90th percentile across runs; costs summed over all years, by funder")
    print("(aid: Beijing-Fengtai's money; domestic: China's own programmes);")
    print("counts are for the simulated households (with --households, a smaller copy of the")
    print("county); rates, per-person incomes and costs per person compare across sizes.")
    print()
    print(format_headline(result.headline))
    print()
    print(f"Income change by baseline income decile, {result.final_year} (yuan/person/year):")
    deciles = result.decile_summary()
    for row in deciles.itertuples(index=False):
        text = metric_interval(row.median, row.p10, row.p90, "income_change_pc", "deciles")
        print(f"  decile {row.decile:>2}: {text}")
    groups = result.winners_losers.groupby("group", sort=False)["share"].median()
    print(
        "Households (median share): "
        + ", ".join(f"{name} {100 * share:.1f}%" for name, share in groups.items())
    )
    figures = f", {len(images)} PNG figures" if images else ""
    print(f"Results written to {out}/ (headline.csv, per_seed.csv, deciles.csv, ...{figures})")
    return report_failures(result.failures, out)


def _images(result: Comparison) -> dict[str, bytes]:
    from model.cli.experiment_io import render_plots
    from model.plots.save import render_comparison_plots

    return render_plots(render_comparison_plots, result)
