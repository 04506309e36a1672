"""The calibration report (model.calibration.report and report_figures), written small."""

from __future__ import annotations

import json

import pytest

from model.calibration.report import KNOWN_MISSES_FILE, write_report
from model.calibration.report_predictive import PREDICTIVE_SERIES


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "calibration.md"
    write_report(out, households=300, runs=2, progress=False)
    return out


def test_report_states_its_two_headline_lines_and_every_target(small_report):
    text = small_report.read_text("utf-8")
    assert "Outcome targets passing: " in text
    assert "Effective sample size in the last generation: " in text
    assert "At the posterior median (each free parameter at the median of its marginal" in text
    assert "## Held-out targets" in text
    assert "## Known misses" in text


def test_report_sets_the_point_and_the_reported_figures_beside_the_posterior(small_report):
    text = small_report.read_text("utf-8")
    section = text.split("## Posterior predictive intervals")[1].split("\n## ")[0]
    assert section.count("| … at the point |") == len(PREDICTIVE_SERIES)
    assert "| `ext.registered_poor_2017` | 2017 | 2,965 |" in section
    assert "(held out)" in section  # ext.income_2012 is held out


def test_report_says_who_is_poor_in_the_last_year(small_report):
    text = small_report.read_text("utf-8")
    section = text.split("## Who is poor in 2020")[1].split("\n## ")[0]
    assert "`model.poverty_profile`" in section
    if "No rural resident is below the line." not in section:
        assert "| register | never registered |" in section
        assert "| year before | above the line the year before |" in section
        assert section.count("\n| ") == 1 + 14  # the header and the six dimensions' groups
        assert "were above the line the year before (2019)" in section


def test_report_writes_its_figures_and_the_known_miss_file(small_report):
    img = small_report.parent / "img"
    for name in ("calibration_fit.png", "calibration_posterior.png", "calibration_predictive.png"):
        assert (img / name).stat().st_size > 10_000, name
    known = json.loads((small_report.parent / KNOWN_MISSES_FILE).read_text("utf-8"))
    assert known["households"] == 300 and known["runs"] == 2
    assert known["misses"], "a 300-household report misses some targets"
