"""Notebooks are stored without outputs (they are executed by ``make test`` via nbmake)."""

import json

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    names = [path.name for path in NOTEBOOKS]
    for name in (
        "01_quickstart",
        "02_egg_chain_379",
        "03_funding_what_ifs",
        "04_calibration",
        "05_sensitivity",
        "06_what_each_yuan_did",
    ):
        assert f"{name}.ipynb" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    cells = json.loads(path.read_text())["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code
    dirty = [i for i, cell in enumerate(code) if cell["outputs"] or cell["execution_count"]]
    assert not dirty, f"{path.name}: code cells {dirty} keep outputs; run `nbstripout {path}`"


def test_nbstripout_finds_nothing_to_strip():
    import subprocess
    import sys
    from pathlib import Path

    nbstripout = Path(sys.executable).with_name("nbstripout")
    done = subprocess.run(
        [str(nbstripout), "--verify", *map(str, NOTEBOOKS)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
