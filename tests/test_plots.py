"""Every plot function draws real data with labelled axes.

Single-run plots use real model output; the experiment plots use tables built here from real
small runs (ensembles, a sweep, deciles, winners and losers) in the schemas the experiment
engines will write, and hand-made calibration and sensitivity tables in their documented schemas.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from model import LinxiModel, plots, run_scenario  # noqa: E402
from model.households import INCOME_SOURCES  # noqa: E402
from tests.conftest import SCENARIOS  # noqa: E402

N = 800  # households of the small runs
SEEDS = (1, 2, 3)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def baseline():
    return run_scenario(SCENARIOS / "baseline.toml", seed=5, households=2000)


def _quantiles(frame, by, metrics):
    long = frame.melt(id_vars=by, value_vars=metrics, var_name="metric")
    grouped = long.groupby([*by, "metric"])["value"]
    return pd.DataFrame(
        {
            "median": grouped.median(),
            "p10": grouped.quantile(0.1),
            "p90": grouped.quantile(0.9),
        }
    ).reset_index()


@pytest.fixture(scope="module")
def ensemble_summary():
    runs = []
    for name in ("baseline", "no_aid"):
        for seed in SEEDS:
            annual = LinxiModel(SCENARIOS / f"{name}.toml", households=N, rng=seed).run()
            runs.append(annual.annual_frame().assign(scenario=name, seed=seed))
    frame = pd.concat(runs)
    return _quantiles(frame, ["scenario", "year"], ["poverty_rate", "income_pc_mean_registered"])


@pytest.fixture(scope="module")
def sweep_summary():
    rows = []
    for scale in (0.0, 1.0, 3.0):
        for seed in SEEDS:
            # 3,000 households: at the small runs' 800 a farm job is about 126 county jobs, too
            # coarse for the effect of the farm's money to show in the median over three seeds.
            model = LinxiModel(households=3000, rng=seed, egg_farm_funding_scale=scale).run()
            final = model.annual_frame().iloc[-1]
            rows.append({"egg_farm_funding_scale": scale, "seed": seed, "jobs": final["jobs"]})
    return _quantiles(pd.DataFrame(rows), ["egg_farm_funding_scale"], ["jobs"])


@pytest.fixture(scope="module")
def household_changes():
    """Per seed: baseline and no-aid incomes of the same households in the last year."""
    tables = []
    for seed in SEEDS:
        base = LinxiModel(SCENARIOS / "baseline.toml", households=N, rng=seed).run()
        none = LinxiModel(SCENARIOS / "no_aid.toml", households=N, rng=seed).run()
        size = base.households.size
        kept = size > 0  # households whose members all died or left have no income per person
        tables.append(
            pd.DataFrame(
                {
                    "seed": seed,
                    "base_pc": base.households.net_income_pc(last_year=True)[kept],
                    "change_pc": (
                        base.households.statistical_income(last_year=True)
                        - none.households.statistical_income(last_year=True)
                    )[kept]
                    / size[kept],
                    "people": size[kept],
                }
            )
        )
    return pd.concat(tables, ignore_index=True)


def _drawn(ax):
    """Artists on the axes that carry data points."""
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 0]
    bars = [
        p
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_height() != 0 and p.get_width() != 0
    ]
    bands = [c for c in ax.collections if isinstance(c, PolyCollection) and len(c.get_paths())]
    return lines, bars, bands


def test_poverty_rate_draws_the_rate_the_line_and_program_starts(baseline):
    fig = plots.poverty_rate(baseline.annual, programs=baseline.programs)
    ax, twin = fig.axes
    rate = ax.get_lines()[0]
    assert np.allclose(rate.get_ydata(), 100 * baseline.annual.poverty_rate)
    assert "%" in ax.get_ylabel() and ax.get_xlabel() == "Year"
    assert np.allclose(twin.get_lines()[0].get_ydata(), baseline.annual.poverty_line)
    assert "yuan" in twin.get_ylabel()
    starts = plots.program_starts(baseline.programs)
    spent = baseline.programs[baseline.programs.spent_yuan > 0]
    assert starts == spent.groupby("family").year.min().astype(int).to_dict()
    first = min(starts.values())
    label = ", ".join(sorted(f for f, y in starts.items() if y == first))
    assert any(t.get_text().startswith(label) for t in ax.texts)


def test_poverty_rate_draws_into_given_axes_without_the_line(baseline):
    fig, (left, right) = plt.subplots(1, 2)
    returned = plots.poverty_rate(baseline, ax=right, line=False)
    assert returned is fig and len(fig.axes) == 2
    assert len(right.get_lines()) == 1 and not left.get_lines()


def test_income_by_source_stacks_every_source_to_the_net_income(baseline):
    fig = plots.income_by_source(baseline)
    ax = fig.axes[0]
    income, after_health = (line.get_ydata() for line in ax.get_lines()[:2])
    columns = [f"income_pc_{s}" for s in INCOME_SOURCES]
    assert np.allclose(after_health, baseline.annual[columns].sum(axis=1))
    assert np.allclose(after_health, baseline.annual.income_pc_mean_after_health)
    assert np.allclose(income, baseline.annual.income_pc_mean)
    labels = ax.get_legend_handles_labels()[1]
    assert "medical costs" in labels and "wages away" in labels
    assert min(p.get_y() + p.get_height() for p in ax.patches) < 0  # medical costs below zero
    assert "yuan/person/year" in ax.get_ylabel()


def test_income_by_source_of_a_model_matches_its_result(baseline):
    a = plots.income_by_source(baseline.model).axes[0].get_lines()[0].get_ydata()
    b = plots.income_by_source(baseline).axes[0].get_lines()[0].get_ydata()
    assert np.array_equal(a, b)


def test_income_by_source_registered_needs_its_columns(baseline):
    columns = [f"income_pc_registered_{s}" for s in INCOME_SOURCES]
    if not set(columns) <= set(baseline.annual.columns):
        with pytest.raises(ValueError, match="income_pc_registered_crops"):
            plots.income_by_source(baseline, group="registered")
        pytest.skip("the model does not record income_pc_registered_<source> columns yet")
    fig = plots.income_by_source(baseline, group="registered")
    assert _drawn(fig.axes[0])[1]


def test_jobs_by_employer_stacks_program_jobs_with_the_poor_share(baseline):
    fig = plots.jobs_by_employer(baseline.programs)
    ax, twin = fig.axes
    _, bars, _ = _drawn(ax)
    assert sum(b.get_height() for b in bars) == baseline.programs.jobs.sum() > 0
    share = twin.get_lines()[0].get_ydata()
    assert np.nanmax(share) <= 100 and np.nanmin(share) >= 0
    assert "Jobs" in ax.get_ylabel() and "%" in twin.get_ylabel()


def test_jobs_by_employer_says_so_when_no_program_created_jobs():
    none = run_scenario(SCENARIOS / "no_programs.toml", seed=1, households=N)
    ax = plots.jobs_by_employer(none.programs).axes[0]
    assert ax.texts[0].get_text() == "no program created jobs"


def test_scenario_comparison_draws_a_line_and_band_per_scenario(ensemble_summary):
    fig = plots.scenario_comparison(ensemble_summary, "poverty_rate")
    ax = fig.axes[0]
    lines, _, bands = _drawn(ax)
    assert [line.get_label() for line in lines] == ["baseline", "no_aid"]
    assert len(bands) == 2
    assert "%" in ax.get_ylabel() and ax.get_xlabel() == "Year"
    with pytest.raises(ValueError, match="not in the summary"):
        plots.scenario_comparison(ensemble_summary, "no_such_metric")


def test_dose_response_draws_the_median_against_the_lever(sweep_summary):
    fig = plots.dose_response(sweep_summary, "egg_farm_funding_scale", "jobs")
    ax = fig.axes[0]
    median = ax.get_lines()[0]
    assert list(median.get_xdata()) == [0.0, 1.0, 3.0]
    jobs = median.get_ydata()
    assert jobs[-1] > jobs[1] > jobs[0]  # more money for the farm, more jobs
    assert "x baseline" in ax.get_xlabel() and "jobs" in ax.get_ylabel()


def test_impact_by_decile_draws_a_box_per_decile(household_changes):
    frames = []
    for seed, group in household_changes.groupby("seed"):
        decile = pd.qcut(group.base_pc.rank(method="first"), 10, labels=range(1, 11))
        mean = group.assign(decile=decile.astype(int)).groupby("decile").change_pc.mean()
        frames.append(pd.DataFrame({"seed": seed, "decile": mean.index, "income_change_pc": mean}))
    deciles = pd.concat(frames, ignore_index=True)
    ax = plots.impact_by_decile(deciles).axes[0]
    (medians,) = [line for line in ax.get_lines() if line.get_label() == "median of runs"]
    assert list(medians.get_xdata()) == list(range(1, 11))
    assert np.allclose(medians.get_ydata(), deciles.groupby("decile").income_change_pc.median())
    assert "decile" in ax.get_xlabel() and "yuan/person/year" in ax.get_ylabel()


def test_winners_losers_draws_shares_that_sum_to_100(household_changes):
    rows = []
    for seed, group in household_changes.groupby("seed"):
        kind = np.select(
            [group.change_pc > 1, group.change_pc < -1], ["winners", "losers"], "unchanged"
        )
        for name in ("winners", "losers", "unchanged"):
            chosen = kind == name
            rows.append(
                {
                    "seed": seed,
                    "group": name,
                    "households": int(chosen.sum()),
                    "people": int(group.people[chosen].sum()),
                    "share": chosen.mean(),
                }
            )
    ax = plots.winners_losers(pd.DataFrame(rows)).axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 3 and sum(heights) == pytest.approx(100)
    assert heights[0] > 0  # aid leaves some households better off
    assert "%" in ax.get_ylabel()


def test_calibration_fit_uses_log_axes_when_values_span_decades():
    report = pd.DataFrame(
        {
            "target_id": ["poverty.2014", "egg.jobs", "aid.total"],
            "reported": [0.18, 120.0, 5.0e8],
            "median": [0.15, 90.0, 4.6e8],
            "p05": [0.12, 60.0, 4.0e8],
            "p95": [0.2, 130.0, 5.2e8],
            "passed": [True, False, True],
        }
    )
    ax = plots.calibration_fit(report).axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    one_to_one = [line for line in ax.get_lines() if line.get_label() == "1:1"]
    assert len(one_to_one) == 1
    assert {t.get_text() for t in ax.texts} == set(report.target_id)
    assert "1/3" not in ax.get_title() and "2/3" in ax.get_title()
    close = report.iloc[:2].assign(reported=[1.0, 2.0], median=1.5, p05=1.0, p95=2.0)
    linear = plots.calibration_fit(close).axes[0]
    assert linear.get_xscale() == "linear"


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_sensitivity_indices_draws_a_bar_per_parameter_and_index(method):
    parameters = ["egg_farm.rent_rate", "wages.away_daily", "drought.mean"]
    table = pd.DataFrame({"method": method, "output": "poverty_rate", "parameter": parameters})
    if method == "morris":
        table = table.assign(mu_star=[0.02, 0.05, 0.01], sigma=[0.01, 0.02, 0.0])
    else:
        table = table.assign(S1=[0.1, 0.6, 0.05], S1_conf=0.02, ST=[0.15, 0.7, 0.1], ST_conf=0.03)
    ax = plots.sensitivity_indices(table).axes[0]
    assert len(ax.patches) == 6
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "wages.away_daily"  # largest
    assert ("Sobol" if method == "sobol" else "Morris") in ax.get_xlabel()


def test_follow_records_the_household_each_year_as_the_model_has_it():
    model = LinxiModel(SCENARIOS / "baseline.toml", households=N, rng=2)
    history = plots.follow(model, [3, 10])
    assert history.year.tolist() == [y for y in range(2011, 2021) for _ in (0, 1)]
    last = history[history.year == 2020].set_index("household")
    for i in (3, 10):
        income = model.households.last_income[:, i]
        recorded = [last.loc[i, f"income_{s}"] for s in INCOME_SOURCES]
        assert np.allclose(recorded, income)
    assert "close_year" not in vars(model.households)  # the hook is removed


def test_follow_decodes_the_programs_that_reached_the_household():
    model = LinxiModel(SCENARIOS / "baseline.toml", households=N, rng=2).run()
    paid = np.flatnonzero(model.households.last_income[INCOME_SOURCES.index("dividends")] > 0)
    # dividends come from several leased facilities: follow the paid households in order to
    # the first the egg farm reached in the last year
    for household in paid[:10]:
        history = plots.follow(SCENARIOS / "baseline.toml", int(household), households=N, rng=2)
        last = history.iloc[-1]
        if "egg_farm" in last.programs.split(", "):
            break
    else:
        pytest.fail("none of the first 10 households with dividends was reached by the egg farm")
    assert last.income_dividends > 0
    before_farm = ~history.programs.str.split(", ").apply(lambda names: "egg_farm" in names)
    assert before_farm.sum() > 0  # years before the farm


def test_household_story_draws_income_and_programs():
    fig = plots.household_story(
        LinxiModel(SCENARIOS / "baseline.toml", households=N, rng=2), household=7
    )
    ax = fig.axes[0]
    lines, bars, _ = _drawn(ax)
    assert [line.get_label() for line in lines[:2]] == ["income per person", "poverty line"]
    assert bars and "yuan/person/year" in ax.get_ylabel()
    model = LinxiModel(households=N, rng=2).run()
    with pytest.raises(ValueError, match="already stepped"):
        plots.household_story(model, 7)


def test_save_run_plots_writes_pngs(baseline, tmp_path):
    paths = plots.save_run_plots(baseline, tmp_path)
    assert sorted(p.name for p in paths) == sorted(plots.RUN_PLOTS)
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


def test_linxi_run_plots_saves_the_pngs_beside_the_data(tmp_path):
    from tests.test_cli import linxi

    out = tmp_path / "run"
    done = linxi("run", SCENARIOS / "baseline.toml", "--households", 600, "--out", out, "--plots")
    assert done.returncode == 0, done.stderr
    for name in plots.RUN_PLOTS:
        assert (out / name).read_bytes()[:4] == b"\x89PNG"
        assert name in done.stdout
    assert (out / "annual.csv").exists()


def test_program_starts_marks_one_line_per_year_for_several_families(baseline):
    egg = baseline.programs.query("program == 'egg_farm'")
    start = plots.program_starts(egg)["industry"]
    more = egg.assign(program="job_fairs", family="jobs")
    later = egg.assign(program="tap_water", family="services", year=egg.year + 1)
    programs = pd.concat([egg, more, later])
    assert plots.program_starts(programs) == {
        "industry": start,
        "jobs": start,
        "services": start + 1,
    }
    ax = plots.poverty_rate(baseline.annual, programs=programs).axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["industry, jobs start", "services starts"]


def test_plots_draw_on_a_subfigure(baseline):
    fig = plt.figure()
    left, _ = fig.subfigures(1, 2)
    assert plots.jobs_by_employer(baseline.programs, ax=left.subplots()) is fig
