"""The report's section on what each program did: the league table and its figure.

``linxi report SCENARIO --league`` runs ``model.experiments.league`` on the scenario with the
report's runs, seeds, households and executor, and adds this section: every program ranked by
cost per person-year lifted (removed from the scenario), its effect alone and the interaction,
the sums by funder group and family, and the ranked figure.
"""

from __future__ import annotations

import pandas as pd

from model.cli.league import league_cells
from model.experiments import league
from model.experiments.league import League, measure_of
from model.metric_dictionary import find
from model.plots import program_league
from model.plots.save import figure_png
from model.report.content import RunPlan, Section, Table
from model.report.figures import ReportFigure
from model.scenario import Scenario

__all__ = ["LEAGUE_COLUMNS", "league_section", "league_tables"]

#: The league's columns in the report, each shown as median [10th, 90th percentile].
LEAGUE_COLUMNS = (
    "spent_yuan",
    "net_spent_yuan",
    "person_years_lifted",
    "people_lifted",
    "official_exits",
    "poor_income_gained_yuan",
    "jobs",
    "cost_per_person_year_lifted",
    "cost_per_job",
    "cost_per_yuan_of_poor_income",
    "alone_person_years_lifted",
    "interaction_person_years_lifted",
)


def _heading(column: str) -> str:
    entry = find(measure_of(column), "league")
    text = entry.heading() if entry else column
    if column.startswith("alone_"):
        return f"alone: {text}"
    if column.startswith("interaction_"):
        return f"interaction: {text}"
    return text


def _rows(frame: pd.DataFrame, ids: list[str]) -> list[list[str]]:
    rows = []
    for record in frame.to_dict("records"):
        cells = league_cells(record, ids, LEAGUE_COLUMNS)
        cells.append(record["note"] if isinstance(record["note"], str) else "")
        rows.append(cells)
    return rows


def league_tables(result: League) -> list[Table]:
    """The league of programs and the sums by funder group and family, as report tables."""
    runs = len(result.seeds)
    programs = Table(
        f"Each program removed from {result.scenario} (with it minus without it), ranked by "
        f"cost per person-year lifted: median [10th, 90th percentile] of {runs} paired run(s); "
        f"money and person-years over every simulated year, the rest in {result.final_year}",
        ["program", "funder", "family", *map(_heading, LEAGUE_COLUMNS), "note"],
        _rows(result.table, ["program", "funder", "family"]),
    )
    sums = result.groups[result.groups["level"].isin(["funder_group", "family", "all"])]
    groups = Table(
        "Sums of the programs' effects by funder group and family (each program removed on "
        "its own: not the effect of removing the whole group at once)",
        ["level", "group", *map(_heading, LEAGUE_COLUMNS), "note"],
        _rows(sums, ["level", "group"]),
    )
    return [programs, groups]


def league_section(scenario: Scenario, plan: RunPlan) -> Section:
    """Run the league of ``scenario`` as the plan says and lay out its section."""
    result = league(scenario, plan.runs, **plan.options())
    figure = ReportFigure(
        "Programs ranked by cost per person-year lifted",
        "Each program removed from the scenario: its own spending over the person-years of "
        "poverty it lifted, median (dot) and 10th-90th percentile (bar) across runs; Beijing's "
        "programs in red, China's own in blue. Programs with no money, or that lifted no one, "
        "have no cost per person-year and are left out.",
        figure_png(program_league(result.table), dpi=100),
    )
    intro = (
        "For every program, the scenario was run without it (removed) and the program was run "
        "as the only one switched on against no programs at all (alone), at the same seeds as "
        "the scenario (common random numbers). The interaction is removed minus alone: positive "
        "when the program does more beside the others than alone, negative when others do part "
        "of its work or pay the same bills. Net spending counts what every funder spent "
        "differently, so a program that saves another payer money costs less than its own "
        "spending."
    )
    return Section("What each program did", intro, league_tables(result), [figure])
