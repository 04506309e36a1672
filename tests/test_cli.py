import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SCENARIOS
from tests.test_scenario import BAD

LINXI = Path(sys.executable).with_name("linxi")


def linxi(*args, cwd=None):
    return subprocess.run([str(LINXI), *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_run_writes_tidy_outputs_and_a_manifest(tmp_path):
    out = tmp_path / "base"
    done = linxi("run", SCENARIOS / "baseline.toml", "--households", 800, "--seed", 4, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "poverty rate" in done.stdout and str(out) in done.stdout
    units = done.stdout.splitlines()[2]  # each column headed by its unit, as in docs/metrics.md
    assert "% of rural people" in units and "yuan/person/year" in units and "M yuan" in units
    annual = pd.read_csv(out / "annual.csv")
    programs = pd.read_csv(out / "programs.csv")
    manifest = json.loads((out / "manifest.json").read_text())
    assert annual.year.tolist() == list(range(2011, 2021))
    assert {"program", "funder", "year", "spent_yuan", "beneficiaries"} <= set(programs.columns)
    ledger = pd.read_csv(out / "ledger.csv")
    assert set(ledger.funder) <= {"beijing_fengtai", "central", "provincial", "county"}
    beneficiaries = pd.read_csv(out / "beneficiaries.csv")
    assert list(beneficiaries.columns[:4]) == ["program", "funder", "year", "channel"]
    assert {"households", "people", "counted"} <= set(beneficiaries.columns)
    assert "beneficiaries.csv" in done.stdout
    assert manifest["seed"] == 4 and manifest["scenario"] == "baseline"
    assert manifest["parameters"]["egg_farm.share_poor_staff"] == 0.3
    assert "version" in manifest and "run_seconds" in manifest


def test_same_seed_gives_identical_annual_csv(tmp_path):
    for name in ("a", "b"):
        done = linxi(
            "run",
            SCENARIOS / "no_aid.toml",
            "--households",
            600,
            "--seed",
            9,
            "--out",
            tmp_path / name,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "a" / "annual.csv").read_bytes() == (
        tmp_path / "b" / "annual.csv"
    ).read_bytes()


def test_existing_results_are_not_overwritten_silently(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "annual.csv").write_text("precious\n")
    done = linxi("run", SCENARIOS / "baseline.toml", "--households", 300, "--out", out)
    assert done.returncode == 2
    assert "--overwrite" in done.stderr
    assert (out / "annual.csv").read_text() == "precious\n"
    again = linxi(
        "run", SCENARIOS / "baseline.toml", "--households", 300, "--out", out, "--overwrite"
    )
    assert again.returncode == 0, again.stderr
    assert (out / "annual.csv").read_text() != "precious\n"


@pytest.mark.parametrize("case", [*sorted(BAD), "missing_file"])
def test_bad_scenario_exits_nonzero_with_one_line_and_writes_nothing(tmp_path, case):
    path = tmp_path / f"{case}.toml"
    key = ""
    if case != "missing_file":
        text, key, _ = BAD[case]
        path.write_text(text)
    out = tmp_path / "out"
    done = linxi("run", path, "--households", 300, "--out", out, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and key in lines[0]
    assert not out.exists()
    assert not (tmp_path / "results").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([path.name] if path.exists() else [])


def test_set_overrides_a_scenario_value_from_the_command_line(tmp_path):
    out = tmp_path / "set"
    done = linxi(
        "run",
        SCENARIOS / "baseline.toml",
        "--households",
        600,
        "--set",
        "programs.egg_farm.share_poor_staff=0.5",
        "--set",
        "run.end_year=2013",
        "--out",
        out,
    )
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["egg_farm.share_poor_staff"] == 0.5
    assert pd.read_csv(out / "annual.csv").year.tolist() == [2011, 2012, 2013]


def test_set_with_a_bad_key_names_it_and_writes_nothing(tmp_path):
    out = tmp_path / "bad"
    done = linxi("run", SCENARIOS / "baseline.toml", "--set", "aid.fundng_scale=2", "--out", out)
    assert done.returncode == 2
    assert "aid.fundng_scale" in done.stderr and "funding_scale" in done.stderr
    assert not out.exists()


def test_run_runs_with_parameter_uncertainty_writes_an_ensemble(tmp_path):
    out = tmp_path / "ens"
    args = ("run", SCENARIOS / "baseline.toml", "--households", 300, "--runs", 2)
    done = linxi(*args, "--set", "run.end_year=2012", "--parameter-uncertainty", "--out", out)
    assert done.returncode == 0, done.stderr
    assert any(out.iterdir())
