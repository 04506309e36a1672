"""The same experiment gives identical frames in-process, in local processes and on Dask."""

import gc

import pandas as pd
import pytest

from model.county import LinxiModel
from model.experiments import compare, make_executor, run_ensemble, sweep
from model.experiments.executors import InProcessExecutor, parse_dask_address
from model.experiments.runs import RunTask, execute
from model.results import COLLECT_FROM_HOUSEHOLDS
from model.scenario import load_scenario
from tests.conftest import SCENARIOS

SHORT = {"run.end_year": 2014}


def _experiments(executor):
    base = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    no_aid = load_scenario(SCENARIOS / "no_aid.toml", SHORT)
    ensemble = run_ensemble(base, runs=3, households=400, seed=11, executor=executor)
    paired = compare(no_aid, base, runs=2, households=400, seed=5, executor=executor)
    swept = sweep(
        base,
        {"parameters.egg_farm.rent_rate": [0.02, 0.08]},
        runs=2,
        households=300,
        executor=executor,
    )
    return {
        "ensemble.annual": ensemble.annual,
        "ensemble.programs": ensemble.programs,
        "compare.per_seed": paired.per_seed,
        "compare.measures": paired.measures,
        "compare.deciles": paired.deciles,
        "sweep.results": swept.results,
    }


@pytest.fixture(scope="module")
def in_process():
    return _experiments(None)


def test_in_process_results_are_tidy_and_sorted(in_process):
    annual = in_process["ensemble.annual"]
    assert list(annual.columns[:3]) == ["scenario", "seed", "year"]
    assert annual.seed.unique().tolist() == [11, 12, 13]
    assert annual.groupby("seed").year.apply(list).map(len).tolist() == [4, 4, 4]
    # different seeds are different runs
    assert (
        annual[annual.seed == 11].poverty_rate.tolist()
        != annual[annual.seed == 12].poverty_rate.tolist()
    )


def test_local_processes_give_identical_frames(in_process):
    with make_executor(workers=2) as executor:
        results = _experiments(executor)
    for name, frame in results.items():
        pd.testing.assert_frame_equal(frame, in_process[name], check_exact=True, obj=name)


def test_dask_local_cluster_gives_identical_frames(in_process):
    with make_executor(dask="local:2") as executor:
        assert type(executor).__name__ == "ClientExecutor"
        results = _experiments(executor)
    for name, frame in results.items():
        pd.testing.assert_frame_equal(frame, in_process[name], check_exact=True, obj=name)


def test_stored_runs_read_back_identical_to_in_memory(tmp_path, in_process):
    base = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    stored = run_ensemble(base, runs=3, households=400, seed=11, store=tmp_path / "s")
    pd.testing.assert_frame_equal(stored.annual, in_process["ensemble.annual"], check_exact=True)
    pd.testing.assert_frame_equal(
        stored.programs, in_process["ensemble.programs"], check_exact=True
    )


def test_in_process_executor_keeps_errors_in_the_future():
    future = InProcessExecutor().submit(lambda: 1 / 0)
    assert isinstance(future.exception(), ZeroDivisionError)


def test_dask_addresses():
    assert parse_dask_address("local:3") == ("local", 3)
    assert parse_dask_address("tcp://10.0.0.1:8786") == ("remote", "tcp://10.0.0.1:8786")
    for bad in ("local:0", "local:x", "nowhere"):
        with pytest.raises(ValueError, match="--dask"):
            parse_dask_address(bad)
    with pytest.raises(ValueError, match="one or the other"):
        with make_executor(workers=2, dask="local:2"):
            pass


def test_one_run_matches_the_model_run_directly():
    from model import LinxiModel
    from model.experiments import run_one

    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    output = run_one(scenario, seed=3, households=300, keep_households=True)
    model = LinxiModel(scenario, households=300, rng=3).run()
    pd.testing.assert_frame_equal(output.annual, model.annual_frame())
    assert len(output.households) == 300
    assert list(output.households.columns) == ["size", "rural", "registered", "income_pc"]
    households = model.households
    assert (output.households["size"] == households.size).all()
    assert (output.households["income_pc"] == households.net_income_pc(last_year=True)).all()


def test_progress_prints_plain_lines_when_not_a_terminal():
    import io

    from model.experiments import Progress

    stream = io.StringIO()
    progress = Progress(3, "runs", stream=stream, every=0.0)
    for ok in (True, False, True):
        progress.update(ok)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[-1].startswith("runs: 3/3 done, 1 failed") and "s left" in lines[-1]


def test_a_dask_client_is_accepted_and_stays_usable(in_process, tmp_path):
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        results = _experiments(client)  # the client itself, not client.get_executor()
        assert client.submit(sum, [1, 2]).result() == 3  # still usable afterwards
        # anything else is refused before a store is made or a run submitted
        with pytest.raises(TypeError, match="concurrent.futures.Executor"):
            run_ensemble(None, runs=2, households=300, executor=object(), store=tmp_path / "never")
        assert not (tmp_path / "never").exists()
        assert client.submit(sum, [2, 2]).result() == 4
    for name, frame in results.items():
        pd.testing.assert_frame_equal(frame, in_process[name], check_exact=True, obj=name)


def test_an_unreachable_scheduler_is_one_line_within_the_timeout(tmp_path):
    import subprocess
    import sys
    import time
    from pathlib import Path

    linxi = Path(sys.executable).with_name("linxi")
    started = time.monotonic()
    done = subprocess.run(
        [str(linxi), "run", str(SCENARIOS / "baseline.toml"), "--runs", "2",
         "--households", "300", "--dask", "tcp://127.0.0.1:1", "--dask-timeout", "1",
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "tcp://127.0.0.1:1" in lines[0] and "within 1 s" in lines[0]
    assert time.monotonic() - started < 25  # not the default 30 s of distributed
    assert not (tmp_path / "out").exists()


def _live_models() -> int:
    return sum(isinstance(obj, LinxiModel) for obj in gc.get_objects())


def test_a_large_run_frees_its_model_when_it_ends():
    # A model is a web of reference cycles, so only a collection frees it; a large run's
    # execute makes one, a small run's leaves it to Python (both outputs are the same).
    scenario = load_scenario(SCENARIOS / "baseline.toml", SHORT).model_dump(mode="json")
    gc.collect()
    gc.disable()  # no automatic collection in between: only execute's own can free the model
    try:
        before = _live_models()
        execute(RunTask(point=0, seed=1, scenario=scenario, households=500))
        assert _live_models() == before + 1, "a small run's model waits for Python's collection"
        gc.collect()
        execute(RunTask(point=0, seed=1, scenario=scenario, households=COLLECT_FROM_HOUSEHOLDS))
        assert _live_models() == before
    finally:
        gc.enable()


def _frozen_objects() -> int:
    return gc.get_freeze_count()


def test_local_process_workers_freeze_their_imports_out_of_collections():
    here = _frozen_objects()
    with make_executor(workers=1) as executor:
        frozen = executor.submit(_frozen_objects).result()
    assert frozen > 10_000  # numpy, pandas, Mesa and the model's modules
    assert _frozen_objects() == here  # the calling process is left alone
