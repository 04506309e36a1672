"""Stores: resume after a kill without redoing runs, failed runs recorded, experiments not mixed."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from model.cli import main
from model.experiments import RunStore, StoreMismatchError, run_ensemble, sweep
from model.results import OutputExistsError
from model.scenario import load_scenario
from tests.conftest import SCENARIOS

LINXI = Path(sys.executable).with_name("linxi")
SHORT = {"run.end_year": 2015}
SCALES = [round(0.1 * i, 1) for i in range(24)]


def _index(store: Path) -> pd.DataFrame:
    if not (store / "index.sqlite").exists():
        return pd.DataFrame(columns=["key", "status", "finished", "attempts"])
    with sqlite3.connect(store / "index.sqlite", timeout=30) as db:
        try:
            return pd.read_sql_query("SELECT * FROM runs ORDER BY key", db)
        except pd.errors.DatabaseError:  # the table is not created yet
            return pd.DataFrame(columns=["key", "status", "finished", "attempts"])


def _sweep_command(store: Path) -> list[str]:
    levers = ",".join(map(str, SCALES))
    return [
        str(LINXI), "sweep", str(SCENARIOS / "baseline.toml"),
        "--lever", f"programs.egg_farm.funding_scale={levers}",
        "--households", "600", "--set", "run.end_year=2015", "--out", str(store), "--quiet",
    ]  # fmt: skip


def test_a_killed_sweep_resumes_without_redoing_finished_runs(tmp_path):
    store = tmp_path / "sweep"
    process = subprocess.Popen(
        _sweep_command(store), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if (_index(store).status == "done").sum() >= 5:
            break
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read()

    before = _index(store)
    finished = set(before.key[before.status == "done"])
    assert 5 <= len(finished) < len(SCALES), "the sweep was not killed midway"
    mtimes = {key: (store / "annual" / f"{key}.parquet").stat().st_mtime_ns for key in finished}

    again = subprocess.run(_sweep_command(store), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    after = _index(store).set_index("key")
    assert len(after) == len(SCALES) and (after.status == "done").all()
    for key in finished:  # recorded once, file untouched
        assert after.loc[key, "attempts"] == 1
        assert after.loc[key, "finished"] == before.set_index("key").loc[key, "finished"]
        assert (store / "annual" / f"{key}.parquet").stat().st_mtime_ns == mtimes[key]

    # the resumed sweep equals one that was never interrupted
    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    levers = {"programs.egg_farm.funding_scale": SCALES}
    uninterrupted = sweep(scenario, levers, households=600)
    resumed = sweep(scenario, levers, households=600, store=store)
    pd.testing.assert_frame_equal(resumed.results, uninterrupted.results, check_exact=True)
    written = pd.read_csv(store / "results.csv")
    assert len(written) == len(uninterrupted.results)
    assert _index(store).set_index("key").attempts.max() == 1  # reading back ran nothing


HUGE = 99_999_999  # households: allowed by the schema, too many for this machine's memory


def test_a_failed_run_is_recorded_and_the_others_finish(tmp_path, capsys):
    # A point of 100 million households is refused by the memory estimate when the worker
    # starts building it: a real failure inside the run, after the experiment was validated.
    from model.memory import check_fits

    try:
        check_fits(HUGE)
    except MemoryError:
        pass
    else:
        pytest.skip("this machine could build 100 million households")
    store = tmp_path / "store"
    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    levers = {"run.households": [HUGE, 300, 400]}
    result = sweep(scenario, levers, runs=2, store=store)
    index = _index(store)
    failed = index[index.status == "failed"]
    assert sorted(failed.point) == [0, 0]
    assert failed.error.str.startswith("PopulationTooLargeError").all()
    assert failed.traceback.str.contains("check_fits").all()
    assert (index.status == "done").sum() == 4
    assert sorted(result.results.point.unique()) == [1, 2]
    assert len(result.failures) == 2

    # from the command line: the same runs, exit status 1 and a message naming the index
    status = main([
        "sweep", str(SCENARIOS / "baseline.toml"),
        "--lever", f"run.households={HUGE},300,400", "--runs", "2",
        "--set", "run.end_year=2015", "--out", str(store), "--quiet",
    ])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 1
    assert "2 run(s) failed" in err and "PopulationTooLargeError" in err
    assert "index.sqlite" in err and len(err.strip().splitlines()) == 1
    again = _index(store).set_index("key")
    assert again.loc[failed.key, "attempts"].tolist() == [2, 2]  # failed runs are retried
    assert (again.attempts[again.status == "done"] == 1).all()  # finished ones are not


def test_a_store_refuses_a_different_experiment(tmp_path):
    store = tmp_path / "store"
    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    run_ensemble(scenario, runs=2, households=300, store=store)
    with pytest.raises(StoreMismatchError, match="households"):
        run_ensemble(scenario, runs=2, households=400, store=store)
    other = scenario.with_overrides({"aid.funding_scale": 2.0})
    with pytest.raises(StoreMismatchError, match="scenario"):
        run_ensemble(other, runs=2, households=300, store=store)
    with pytest.raises(StoreMismatchError, match="experiment"):
        sweep(scenario, {"aid.funding_scale": [1.0]}, households=300, store=store)
    # overwriting starts afresh
    fresh = run_ensemble(other, runs=1, households=300, store=store, overwrite=True)
    assert len(fresh.store.index()) == 1
    # a store opens as it is, for reading
    opened = RunStore.open(store)
    assert opened.definition == fresh.store.definition
    key = opened.index().key.iloc[0]
    pd.testing.assert_frame_equal(
        opened.load(key).annual, fresh.annual.drop(columns=["scenario", "seed"])
    )
    with pytest.raises(FileNotFoundError, match="not an experiment store"):
        RunStore.open(tmp_path)


def test_more_runs_extend_a_store(tmp_path):
    store = tmp_path / "store"
    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    first = run_ensemble(scenario, runs=2, households=300, store=store)
    stamps = first.store.index().set_index("key").finished
    more = run_ensemble(scenario, runs=4, households=300, store=store)
    index = more.store.index().set_index("key")
    assert len(index) == 4 and (index.loc[stamps.index, "finished"] == stamps).all()
    assert more.seeds == [scenario.run.seed + i for i in range(4)]
    pd.testing.assert_frame_equal(
        more.annual[more.annual.seed.isin(first.seeds)].reset_index(drop=True), first.annual
    )


def test_a_folder_of_other_files_is_not_a_store(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    with pytest.raises(OutputExistsError, match="--overwrite"):
        run_ensemble(scenario, runs=1, households=300, store=folder)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_run_with_runs_writes_an_ensemble_store_and_summary(tmp_path, capsys):
    out = tmp_path / "ens"
    args = ["run", str(SCENARIOS / "baseline.toml"), "--runs", "3", "--households", "300",
            "--set", "run.end_year=2014", "--out", str(out), "--quiet", "--plots"]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "3 runs" in printed and "poverty rate" in printed and "[" in printed
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == ["scenario", "year", "metric", "median", "p10", "p90"]
    assert set(summary.year) == {2011, 2012, 2013, 2014}
    rate = summary[summary.metric == "poverty_rate"]
    assert (rate.p10 <= rate["median"]).all() and (rate["median"] <= rate.p90).all()
    assert (out / "poverty_rate.png").read_bytes()[:4] == b"\x89PNG"
    annual = pd.read_csv(out / "annual.csv")
    assert sorted(annual.seed.unique()) == [20110501, 20110502, 20110503]
    # the same command again resumes: nothing is run twice
    assert main(args) == 0
    assert _index(out).attempts.tolist() == [1, 1, 1]


def test_a_store_in_use_by_another_experiment_is_refused(tmp_path):
    from model.experiments import StoreBusyError

    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    first = run_ensemble(scenario, runs=1, households=300, store=tmp_path / "s")
    with first.store.lock():  # as if another process were running into it
        with pytest.raises(StoreBusyError, match="another process"):
            run_ensemble(scenario, runs=2, households=300, store=tmp_path / "s")
    again = run_ensemble(scenario, runs=2, households=300, store=tmp_path / "s")
    assert len(again.store.index()) == 2
