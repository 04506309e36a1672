"""The command starts fast because each command imports only what it needs (timed by
benchmarks/bench_cli.py, not here): --help loads no model code, run loads no dashboard, Dask,
calibration or plotting stack."""

import json
import subprocess
import sys

import pytest

from tests.conftest import SCENARIOS

HEAVY = ("solara", "altair", "dask", "distributed", "pyabc", "optuna", "matplotlib", "SALib")


def _imported_after(argv: list[str]) -> set[str]:
    code = (
        "import json, sys\nfrom model.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_imports_neither_the_model_nor_any_heavy_library():
    loaded = _imported_after(["--help"])
    assert not loaded & {*HEAVY, "numpy", "pandas", "mesa", "pydantic"}


@pytest.mark.parametrize("command", ["validate", "parameters", "metrics", "dashboard", "sweep"])
def test_a_command_s_help_imports_no_heavy_library(command):
    assert not _imported_after([command, "--help"]) & set(HEAVY)


def test_a_run_imports_no_dashboard_dask_calibration_or_plotting(tmp_path):
    argv = ["run", str(SCENARIOS / "baseline.toml"), "--households", "60",
            "--set", "run.end_year=2011", "--out", str(tmp_path / "out"), "--quiet"]  # fmt: skip
    loaded = _imported_after(argv)
    assert "mesa" in loaded and (tmp_path / "out" / "annual.csv").exists()
    assert not loaded & set(HEAVY)
