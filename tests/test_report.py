"""``linxi report``: one self-contained HTML file from real small runs."""

import base64
import re

import pytest

from model.cli import main
from model.experiments.impact import HEADLINE_MEASURES
from model.plots.save import COMPARISON_METRICS
from model.report import write_report
from tests.conftest import SCENARIOS

SMALL = ["--households", "300", "--runs", "2", "--set", "run.end_year=2013", "--quiet"]
PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _images(html: str) -> list[bytes]:
    return [base64.b64decode(data) for data in PNG.findall(html)]


def _without_images(html: str) -> str:
    return PNG.sub('src="data:"', html)


def test_report_against_a_baseline_is_one_self_contained_file(tmp_path, capsys):
    out = tmp_path / "reports" / "industry.html"
    args = ["report", str(SCENARIOS / "industry_doubled.toml"),
            "--vs", str(SCENARIOS / "baseline.toml"), "--out", str(out), *SMALL]  # fmt: skip
    assert main(args) == 0
    assert f"Report written to {out}" in capsys.readouterr().out
    assert [p.name for p in out.parent.iterdir()] == ["industry.html"]  # no temporary left
    html = out.read_text("utf-8")
    text = _without_images(html)
    # nothing outside the file: no scripts, no links, no web addresses at all
    assert "<script" not in text and "<link" not in text and "http" not in text
    assert 'src="http' not in html and "<script src" not in html
    # the headline table of the comparison, and the levels of both sides
    for measure, _unit, _column in HEADLINE_MEASURES:
        assert f"<td>{measure}</td>" in html
    assert "<th>industry_doubled</th>" in html and "<th>difference (paired)</th>" in html
    assert "Poverty rate (% of rural people)</td>" in html
    # three single-run figures, a band figure per comparison metric, deciles, winners and losers
    images = _images(html)
    assert len(images) == 3 + len(COMPARISON_METRICS) + 2
    assert all(image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 5000 for image in images)
    assert all(b"matplotlib.org" not in image for image in images)
    # the question from the file's opening comment, the settings diff and the manifest
    assert "Question: what if Beijing had put twice as much money into industry" in html
    assert "<td>families.industry.funding_scale</td>" in html
    assert "<td>run.end_year</td>" in html
    for item in ("package", "seeds", "households (simulated)", "baseline file", "overrides"):
        assert f"<td>{item}</td>" in html
    assert "<td>20110501, 20110502</td>" in html and "<td>300</td>" in html
    assert "<td>executor</td><td>InProcessExecutor</td>" in html


def test_report_of_a_scenario_alone_escapes_its_text(tmp_path, monkeypatch):
    scenario = tmp_path / "odd.toml"
    scenario.write_text(
        "# Question: does <b>markup</b> & such stay text?\n"
        f'base = "{(SCENARIOS / "baseline.toml").as_posix()}"\n'
        'name = "odd"\n'
        'description = "<script>alert(1)</script>"\n'
        "[run]\nend_year = 2013\n[aid]\nfunding_scale = 0.5\n"
    )
    monkeypatch.chdir(tmp_path)
    path = write_report(scenario, runs=2, households=300)
    assert path == tmp_path.joinpath("results", "odd.html").relative_to(tmp_path)
    html = path.read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "does &lt;b&gt;markup&lt;/b&gt; &amp; such stay text?" in html
    # the ensemble's table: one column per key year, a row per headline metric
    assert "<th>2011</th><th>2013</th>" in html
    assert "Mean income (yuan/person/year)</td>" in html
    assert re.search(r'<td class="num">[\d.]+ \[[\d.]+, [\d.]+\]</td>', html)
    assert len(_images(html)) == 3 + len(COMPARISON_METRICS)
    assert "<td>aid.funding_scale</td>" in html and '<td class="num">0.5</td>' in html
    assert "<td>executor</td><td>this process</td>" in html


@pytest.mark.parametrize(
    "bad",
    [
        ["report", str(SCENARIOS / "no_such.toml")],
        ["report", str(SCENARIOS / "baseline.toml"), "--vs", str(SCENARIOS / "missing.toml")],
        ["report", str(SCENARIOS / "baseline.toml"), "--set", "aid.funding_scale=-1"],
        [
            "report",
            str(SCENARIOS / "aid_continues_2025.toml"),
            "--vs",
            str(SCENARIOS / "baseline.toml"),
        ],
    ],
    ids=["scenario", "baseline", "set", "years"],
)
def test_a_bad_scenario_is_one_line_exit_2_and_no_file(tmp_path, capsys, bad):
    out = tmp_path / "r.html"
    assert main([*bad, "--out", str(out), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("linxi: error:") and error.count("\n") == 1
    assert not any(tmp_path.iterdir())


def test_an_existing_report_is_refused_without_overwrite(tmp_path, capsys):
    out = tmp_path / "r.html"
    out.write_text("mine")
    args = ["report", str(SCENARIOS / "baseline.toml"), "--out", str(out), *SMALL]
    assert main(args) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert out.read_text() == "mine"
    assert main([*args, "--overwrite"]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_report_with_the_league_adds_what_each_program_did(tmp_path):
    from model.programs.catalog import program_specs

    out = tmp_path / "league.html"
    args = ["report", str(SCENARIOS / "baseline.toml"), "--league", "--out", str(out), *SMALL]
    assert main(args) == 0
    html = out.read_text("utf-8")
    section = html[html.index("<h2>What each program did</h2>") : html.index("<h2>Scenario")]
    for spec in program_specs():  # every program has its row
        assert f"<tr><td>{spec.name}</td><td>{spec.funder}</td><td>{spec.family}</td>" in section
    assert "<th>cost per person-year lifted (yuan/person-year)</th>" in section
    assert "<th>interaction: person-years lifted (person-years)</th>" in section
    assert "<td>funder_group</td><td>beijing</td>" in section
    assert "no money in the scenario (zero budget)" in section  # cash_transfers
    assert len(_images(section)) == 1
    assert _images(section)[0].startswith(b"\x89PNG")
