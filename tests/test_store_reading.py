"""Stores describe themselves: one folder per table, scenario/point/seed on every row, units in
the Parquet metadata, experiment.json naming each point; readable with plain pandas and pyarrow."""

import json
import re
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from model.experiments import compare, run_ensemble, sweep
from model.metric_dictionary import metric
from model.scenario import load_scenario
from tests.conftest import ROOT, SCENARIOS

SHORT = {"run.end_year": 2018}
SEEDS = [20110501, 20110502, 20110503]  # baseline.toml's run.seed and the next two


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    store = tmp_path_factory.mktemp("stores") / "compare"
    base = load_scenario(SCENARIOS / "no_aid.toml", SHORT)
    scen = load_scenario(SCENARIOS / "baseline.toml", SHORT)
    return compare(base, scen, runs=3, households=500, store=store), store


def test_one_folder_per_table_each_read_with_one_call(compared):
    result, store = compared
    for table in ("annual", "programs", "households"):
        frame = pd.read_parquet(store / table)
        assert list(frame.columns[:3]) == ["scenario", "point", "seed"], table
        assert set(frame.point) == {0, 1} and sorted(set(frame.seed)) == SEEDS
        assert set(frame.scenario) == {"no_aid", "baseline"}
        # the scenario column agrees with the point
        pairs = frame[["point", "scenario"]].drop_duplicates().set_index("point").scenario
        assert pairs.to_dict() == {0: "no_aid", 1: "baseline"}
    annual = pd.read_parquet(store / "annual")
    assert len(annual) == 2 * 3 * 8  # two sides, three seeds, 2011-2018
    # the stored rows are the runs the comparison measured
    final = annual[annual.year == 2018].pivot_table(index="seed", columns="point", values="jobs")
    per_seed = result.per_seed.query("metric == 'jobs' and year == 2018").set_index("seed")
    assert (final[1] - final[0]).tolist() == per_seed.difference.tolist()
    # the store folder itself is not read as one table: tables are never silently mixed
    with pytest.raises(Exception, match="experiment.json|index.sqlite|Parquet"):
        pd.read_parquet(store)


def test_experiment_json_names_each_side_and_point(compared):
    result, store = compared
    experiment = json.loads((store / "experiment.json").read_text())
    assert experiment["experiment"] == "compare"
    assert experiment["baseline_point"] == 0
    assert experiment["points"] == [
        {"point": 0, "scenario": "no_aid", "side": "baseline"},
        {"point": 1, "scenario": "baseline", "side": "scenario"},
    ]
    assert result.store.points[0]["side"] == "baseline"


def test_units_travel_in_the_parquet_metadata(compared):
    _, store = compared
    schema = pq.read_schema(next((store / "annual").glob("*.parquet")))
    fields = {field.name: field.metadata or {} for field in schema}
    assert fields["poverty_rate"][b"unit"].decode() == metric("poverty_rate").unit
    assert fields["aid_spent_yuan"][b"unit"] == b"yuan/year"
    assert b"FGT0" in fields["poverty_rate"][b"definition"]
    assert b"[fgt-1984]" in fields["poverty_rate"][b"source"]
    about = json.loads(schema.metadata[b"linxi"])
    assert about["table"] == "annual" and about["experiment"] == "compare"
    programs = pq.read_schema(next((store / "programs").glob("*.parquet")))
    assert programs.field("budget_yuan").metadata[b"unit"] == b"yuan/year"
    households = pq.read_schema(next((store / "households").glob("*.parquet")))
    assert households.field("income_pc").metadata[b"unit"] == b"yuan/person/year"


def test_sweeps_and_ensembles_name_their_points(tmp_path):
    scenario = load_scenario(SCENARIOS / "baseline.toml", {"run.end_year": 2012})
    sweep(scenario, {"aid.funding_scale": [0.5, 2.0]}, households=300, store=tmp_path / "sw")
    points = json.loads((tmp_path / "sw" / "experiment.json").read_text())["points"]
    assert points == [
        {"point": 0, "scenario": "baseline", "levers": {"aid.funding_scale": 0.5}},
        {"point": 1, "scenario": "baseline", "levers": {"aid.funding_scale": 2.0}},
    ]
    annual = pd.read_parquet(tmp_path / "sw" / "annual")
    assert sorted(set(annual.point)) == [0, 1] and set(annual.scenario) == {"baseline"}
    run_ensemble(scenario, runs=2, households=300, store=tmp_path / "ens")
    annual = pd.read_parquet(tmp_path / "ens" / "annual")
    assert list(annual.columns[:3]) == ["scenario", "point", "seed"]
    assert sorted(set(annual.seed)) == [20110501, 20110502]


def _documented_example() -> str:
    text = (ROOT / "docs" / "experiments.md").read_text("utf-8")
    block = re.search(r"<!-- example: read a store -->\n```python\n(.*?)```", text, re.S)
    assert block, "docs/experiments.md lost its store-reading example"
    return block.group(1)


def test_the_documented_example_reads_a_real_store_with_plain_pandas(compared, tmp_path):
    result, store = compared
    code = _documented_example().replace("results/compare-baseline-vs-no_aid", str(store))
    script = tmp_path / "read_store.py"
    # plain pandas and pyarrow: the example must not need this package at all
    script.write_text("import sys\nsys.modules['model'] = None\n" + code)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    change = result.per_seed.query("metric == 'poverty_rate' and year == 2018").difference
    assert f"median {change.median():+.4f}" in done.stdout
    assert "baseline against no_aid" in done.stdout and "share of rural people" in done.stdout
