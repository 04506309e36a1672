"""The program league: paired effects that add up, zero for a program without money, resumable."""

import filecmp
import sqlite3

import numpy as np
import pandas as pd
import pytest

from model.cli import main
from model.experiments import RunStore, league
from model.experiments.league import GROUP_LEVELS, group_runs, measure_of
from model.experiments.program_effects import ADDITIVE, MEASURES, RATIOS
from model.metric_dictionary import find
from model.programs.catalog import spec
from model.scenario import load_scenario
from tests.conftest import SCENARIOS

#: Beijing's egg farm and health aid, the three medical payers, dibao, and cash (no money).
PROGRAMS = ["medical_insurance", "egg_farm", "health", "cash_transfers", "dibao",
            "medical_assistance"]  # fmt: skip
#: Long enough for the egg farm (2017) and Beijing's health aid (2017) to spend.
UNTIL_2018 = {"run.end_year": 2018}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    scenario = load_scenario(SCENARIOS / "baseline.toml", UNTIL_2018)
    store = tmp_path_factory.mktemp("league") / "store"
    return league(scenario, runs=2, programs=PROGRAMS, households=500, store=store)


def test_one_row_per_program_with_every_measure_and_its_interval(small):
    table = small.table
    assert sorted(table["program"]) == sorted(PROGRAMS) and table["program"].is_unique
    for row in table.itertuples():
        assert (row.funder, row.family, row.funder_group) == (
            spec(row.program).funder,
            spec(row.program).family,
            spec(row.program).funder_group,
        )
    required = ["program", "funder", "family", "spent_yuan", "people_lifted", "person_years_lifted",
                "jobs", "cost_per_person_year_lifted", "cost_per_job"]  # fmt: skip
    assert set(required) <= set(table.columns)
    for measure in MEASURES:
        for prefix in ("", "alone_"):
            assert {f"{prefix}{measure}_p10", f"{prefix}{measure}_p90"} <= set(table.columns)
    for measure in ADDITIVE:
        assert f"interaction_{measure}" in table.columns
    assert not any(f"interaction_{ratio}" in table.columns for ratio in RATIOS)
    assert (table["runs"] == 2).all() and small.seeds == [20110501, 20110502]
    # ranked by cost per person-year lifted, undefined last
    costs = table["cost_per_person_year_lifted"].to_numpy()
    finite = costs[np.isfinite(costs)]
    assert (np.diff(finite) >= 0).all() and np.isnan(costs[len(finite) :]).all()


def test_every_column_has_a_dictionary_entry(small):
    for frame in (small.table, small.groups, small.per_run):
        for column in frame.columns:
            assert find(measure_of(column), "league") is not None, column


def test_a_program_without_money_changes_nothing_and_has_no_cost(small):
    runs = small.per_run[small.per_run["program"] == "cash_transfers"]
    assert len(runs) == 6  # 2 seeds x removed, alone, interaction
    assert (runs[list(ADDITIVE)] == 0).all().all()  # exactly: the same runs
    assert runs[list(RATIOS)].isna().all().all()
    row = small.table.set_index("program").loc["cash_transfers"]
    assert row["note"] == "no money in the scenario (zero budget): cost ratios undefined"


def test_intervals_bracket_the_medians(small):
    for frame in (small.table, small.groups):
        for column in frame.columns:
            if f"{column}_p10" not in frame.columns:
                continue
            median, low, high = (frame[c].to_numpy() for c in
                                 (column, f"{column}_p10", f"{column}_p90"))  # fmt: skip
            defined = np.isfinite(median)
            assert (np.isfinite(low) == defined).all() and (np.isfinite(high) == defined).all()
            assert (low[defined] <= median[defined]).all(), column
            assert (median[defined] <= high[defined]).all(), column


def test_interaction_is_removed_minus_alone_in_every_run(small):
    runs = small.per_run.set_index(["seed", "program", "effect"])
    for (seed, program), _ in runs.groupby(level=["seed", "program"]):
        removed = runs.loc[(seed, program, "removed"), list(ADDITIVE)]
        alone = runs.loc[(seed, program, "alone"), list(ADDITIVE)]
        interaction = runs.loc[(seed, program, "interaction"), list(ADDITIVE)]
        pd.testing.assert_series_equal(interaction, removed - alone, check_names=False)


def test_sums_by_family_and_funder_are_the_sums_of_their_programs(small):
    per_run = small.per_run
    for level in GROUP_LEVELS:
        sums = group_runs(per_run, level).set_index(["seed", "group", "effect"])
        key = per_run[level] if level != "all" else pd.Series("all programs", per_run.index)
        expected = per_run.groupby([per_run["seed"], key, per_run["effect"]])[list(ADDITIVE)].sum()
        expected.index.names = ["seed", "group", "effect"]
        pd.testing.assert_frame_equal(sums[list(ADDITIVE)].sort_index(), expected.sort_index())
        # the groups table summarises these sums across runs
        table = small.groups[small.groups["level"] == level].set_index("group")
        for group, runs in sums.xs("removed", level="effect").groupby(level="group"):
            assert table.loc[group, "person_years_lifted"] == pytest.approx(
                runs["person_years_lifted"].median()
            )
            assert table.loc[group, "programs"] == per_run.loc[key == group, "program"].nunique()
    everything = small.groups[small.groups["level"] == "all"]
    assert len(everything) == 1 and everything["programs"].iloc[0] == len(PROGRAMS)


def test_effects_are_the_paired_differences_of_the_stored_runs(small):
    store = RunStore.open(small.store.path)
    points = {(p["variant"], p.get("program")): n for n, p in store.points.items()}
    seed = small.seeds[0]
    scenario = store.load(f"p{points[('scenario', None)]:05d}-s{seed}")
    without = store.load(f"p{points[('removed', 'dibao')]:05d}-s{seed}")
    alone = store.load(f"p{points[('alone', 'dibao')]:05d}-s{seed}")
    nothing = store.load(f"p{points[('none', None)]:05d}-s{seed}")
    row = small.per_run.set_index(["seed", "program", "effect"]).loc[(seed, "dibao", "removed")]
    poor_with, poor_without = scenario.annual["poor_people"], without.annual["poor_people"]
    assert row["people_lifted"] == poor_without.iloc[-1] - poor_with.iloc[-1]
    assert row["person_years_lifted"] == (poor_without - poor_with).sum()
    assert row["jobs"] == scenario.annual["jobs"].iloc[-1] - without.annual["jobs"].iloc[-1]
    exits = scenario.annual["exited_this_year"].sum() - without.annual["exited_this_year"].sum()
    assert row["official_exits"] == exits
    own = scenario.programs[scenario.programs["program"] == "dibao"]["spent_yuan"].sum()
    assert row["spent_yuan"] == pytest.approx(own) and own > 0
    total = scenario.programs["spent_yuan"].sum() - without.programs["spent_yuan"].sum()
    assert row["net_spent_yuan"] == pytest.approx(total)
    assert row["others_spent_yuan"] == pytest.approx(total - own)
    assert row["cost_per_person_year_lifted"] == pytest.approx(
        own / row["person_years_lifted"] if row["person_years_lifted"] > 0 else np.nan,
        nan_ok=True,
    )
    # registered-poor income: over households registered in the scenario run, its people
    households = scenario.households
    mask = (households["rural"] & households["registered"]).to_numpy()
    change = (scenario.households["income_pc"] - without.households["income_pc"]).to_numpy()
    gained = (change * households["size"].to_numpy())[mask].sum()
    assert row["poor_income_gained_yuan"] == pytest.approx(gained)
    # alone: the program as the only one of the league on, against every one of them off
    only = alone.programs.groupby("program")["spent_yuan"].sum()
    assert only[[p for p in PROGRAMS if p != "dibao"]].abs().sum() == 0 and only["dibao"] > 0
    assert nothing.programs.set_index("program").loc[PROGRAMS, "spent_yuan"].sum() == 0
    solo = small.per_run.set_index(["seed", "program", "effect"]).loc[(seed, "dibao", "alone")]
    lifted = nothing.annual["poor_people"] - alone.annual["poor_people"]
    assert solo["person_years_lifted"] == lifted.sum()


def test_medical_payers_crowd_each_other_out(small):
    # insurance pays first, Beijing's health aid next, medical assistance last: without one of
    # the first two, medical assistance pays more of the same bills, and the league's net
    # spending (all funders) counts that
    store = RunStore.open(small.store.path)
    points = {(p["variant"], p.get("program")): n for n, p in store.points.items()}
    runs = small.per_run[small.per_run["effect"] == "removed"].set_index(["program", "seed"])

    def assistance(variant, program, seed):
        programs = store.load(f"p{points[(variant, program)]:05d}-s{seed}").programs
        return programs.loc[programs["program"] == "medical_assistance", "spent_yuan"].sum()

    for payer in ("medical_insurance", "health"):
        for seed in small.seeds:
            with_payer = assistance("scenario", None, seed)
            assert assistance("removed", payer, seed) > with_payer > 0, (payer, seed)
            row = runs.loc[(payer, seed)]
            assert row["spent_yuan"] > 0
            assert row["net_spent_yuan"] == pytest.approx(
                row["spent_yuan"] + row["others_spent_yuan"]
            )


# -- the command ----------------------------------------------------------------------------------

QUICK = ["--households", "300", "--set", "run.end_year=2013", "--runs", "2", "--quiet",
         "--program", "dibao", "--program", "medical_assistance",
         "--program", "cash_transfers"]  # fmt: skip


def _league(out, *extra):
    return main(["league", str(SCENARIOS / "baseline.toml"), *QUICK, "--out", str(out), *extra])


def test_the_command_writes_the_tables_and_resumes_to_the_same_bytes(tmp_path, capsys):
    out = tmp_path / "league"
    assert _league(out, "--plots") == 0
    printed = capsys.readouterr().out
    assert "dibao" in printed and "Results written to" in printed
    for name in ("league.csv", "league_groups.csv", "league_runs.csv", "league.png"):
        assert (out / name).is_file(), name
    first = (out / "league.csv").read_bytes()
    table = pd.read_csv(out / "league.csv")
    assert len(table) == 3 and list(table.columns[:4]) == ["program", "funder", "funder_group",
                                                            "family"]  # fmt: skip
    # run again: every run is read back, none redone, and the tables are the same bytes
    assert _league(out) == 0
    with sqlite3.connect(out / "index.sqlite") as db:
        attempts = [row[0] for row in db.execute("SELECT attempts FROM runs")]
    assert len(attempts) == 2 * (2 * 3 + 2) and set(attempts) == {1}
    assert (out / "league.csv").read_bytes() == first
    # two worker processes give the same tables
    parallel = tmp_path / "parallel"
    assert _league(parallel, "--workers", "2") == 0
    for name in ("league.csv", "league_groups.csv", "league_runs.csv"):
        assert filecmp.cmp(out / name, parallel / name, shallow=False), name


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "league"
    assert _league(out, "--program", "egg_frm") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "egg_frm" in err[0] and "programs" in err[0]
    assert not out.exists()
    assert main(["league", str(SCENARIOS / "baseline.toml"), "--set", "run.end_yer=2013",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "run.end_yer" in capsys.readouterr().err and not out.exists()
    # results already there are never overwritten silently
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert _league(out) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
