"""``--plots`` of ``linxi compare``, ``sweep`` and ``sensitivity``: PNG files beside the data."""

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from model import load_scenario  # noqa: E402
from model.cli import main  # noqa: E402
from model.experiments import sweep  # noqa: E402
from model.plots.save import COMPARISON_METRICS, _marginal, render_sweep_plots  # noqa: E402
from tests.conftest import SCENARIOS  # noqa: E402

SMALL = ["--households", "300", "--set", "run.end_year=2013", "--quiet"]


def _pngs(folder):
    return sorted(p.name for p in folder.glob("*.png"))


def _is_png(path) -> bool:
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000


def test_compare_plots_saves_bands_deciles_and_winners(tmp_path):
    out = tmp_path / "cmp"
    args = ["compare", str(SCENARIOS / "no_aid.toml"), str(SCENARIOS / "baseline.toml"),
            "--runs", "2", "--out", str(out), *SMALL]  # fmt: skip
    assert main([*args, "--plots"]) == 0
    expected = [f"comparison_{m}.png" for m in COMPARISON_METRICS]
    assert _pngs(out) == sorted([*expected, "impact_by_decile.png", "winners_losers.png"])
    assert all(_is_png(out / name) for name in _pngs(out))
    assert (out / "headline.csv").is_file()


def test_compare_without_plots_saves_no_figure(tmp_path):
    out = tmp_path / "cmp"
    args = ["compare", str(SCENARIOS / "no_aid.toml"), str(SCENARIOS / "baseline.toml"),
            "--runs", "1", "--out", str(out), *SMALL]  # fmt: skip
    assert main(args) == 0
    assert _pngs(out) == []


def test_sweep_plots_one_figure_per_lever_and_metric(tmp_path):
    out = tmp_path / "sw"
    args = ["sweep", str(SCENARIOS / "baseline.toml"),
            "--lever", "families.industry.funding_scale=0,2", "--lever", "aid_funding_scale=0.5,1",
            "--metric", "poverty_rate", "--metric", "jobs",
            "--out", str(out), *SMALL, "--plots"]  # fmt: skip
    assert main(args) == 0
    expected = [
        f"dose_response_{lever}_{metric}.png"
        for lever in ("families.industry.funding_scale", "aid_funding_scale")
        for metric in ("poverty_rate", "jobs")
    ]
    assert set(expected) <= set(_pngs(out))
    assert all(_is_png(out / name) for name in expected)


def test_sweep_plot_of_several_levers_pools_the_runs_at_each_value():
    scenario = load_scenario(SCENARIOS / "baseline.toml", {"run.end_year": 2013})
    levers = {"aid.funding_scale": [0, 1], "programs.egg_farm.funding_scale": [1, 2]}
    result = sweep(scenario, levers, runs=1, households=300)
    images = render_sweep_plots(result, ["poverty_rate"])
    assert sorted(images) == [
        "dose_response_aid.funding_scale_poverty_rate.png",
        "dose_response_programs.egg_farm.funding_scale_poverty_rate.png",
    ]
    # the pooled curve: the median over every final-year run at each value of the lever
    final = result.results[result.results["year"] == 2013]
    pooled = final.groupby("aid.funding_scale")["poverty_rate"].median()
    table = _marginal(result, "aid.funding_scale", "poverty_rate")
    assert table["aid.funding_scale"].tolist() == [0, 1]
    assert np.allclose(table["median"], pooled.to_numpy())
    assert (table["p10"] <= table["median"]).all() and (table["median"] <= table["p90"]).all()
    assert Image.open(io.BytesIO(images[sorted(images)[0]])).size[0] > 300


def test_sensitivity_plots_one_figure_per_output(tmp_path):
    out = tmp_path / "sa"
    args = ["sensitivity", str(SCENARIOS / "baseline.toml"),
            "--param", "aid.funding_scale=0.5,1.5", "--param", "egg_farm.rent_rate=0.02,0.1",
            "--output", "poverty_rate", "--output", "income_pc_mean", "--n", "2",
            "--out", str(out), *SMALL, "--plots"]  # fmt: skip
    assert main(args) == 0
    assert _pngs(out) == ["sensitivity_income_pc_mean.png", "sensitivity_poverty_rate.png"]
    assert all(_is_png(out / name) for name in _pngs(out))
