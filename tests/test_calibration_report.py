"""The calibration report (model.calibration.report and report_figures), written small."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from model.calibration.report import KNOWN_MISSES_FILE, write_report
from model.calibration.report_figures import PREDICTIVE_SERIES, plot_predictive


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "calibration.md"
    write_report(out, households=300, runs=2, progress=False)
    return out


def test_report_states_its_two_headline_lines_and_every_target(small_report):
    text = small_report.read_text("utf-8")
    assert "Outcome targets passing: " in text
    assert "Effective sample size in the last generation: " in text
    assert "## Held-out targets" in text
    assert "## Known misses" in text


def test_report_writes_its_figures_and_the_known_miss_file(small_report):
    img = small_report.parent / "img"
    for name in ("calibration_fit.png", "calibration_posterior.png", "calibration_predictive.png"):
        assert (img / name).stat().st_size > 10_000, name
    known = json.loads((small_report.parent / KNOWN_MISSES_FILE).read_text("utf-8"))
    assert known["households"] == 300 and known["runs"] == 2
    assert known["misses"], "a 300-household report misses some targets"


def test_predictive_plot_draws_one_panel_per_series(tmp_path):
    years = range(2011, 2021)
    bands = pd.DataFrame(
        [
            {"metric": m, "year": y, "p10": 1.0, "median": 2.0, "p90": 3.0}
            for m, _ in PREDICTIVE_SERIES
            for y in years
        ]
    )
    path = tmp_path / "predictive.png"
    plot_predictive(bands, path)
    assert path.stat().st_size > 10_000
