"""The report's posterior predictive section (model.calibration.report_predictive)."""

import pandas as pd

from model.calibration.report_predictive import (
    PREDICTIVE_SERIES,
    plot_predictive,
    reported_on_series,
)
from model.calibration.targets import load_targets


def test_reported_on_series_takes_the_single_year_targets_of_each_series():
    targets = load_targets()
    reported = reported_on_series(targets).set_index("id")
    assert set(reported["metric"]) <= {metric for metric, _ in PREDICTIVE_SERIES}
    row = reported.loc["ext.registered_poor_2017"]
    assert (row["metric"], row["year"], row["value"]) == ("registered_poor", 2017, 2_965)
    assert reported.loc["ext.income_2011", "year"] == 2011
    # a ratio of two years is not a point on a series
    assert "ext.income_growth_2013_2020" not in reported.index
    assert reported["held_out"].to_dict() == {i: i in targets.holdout for i in reported.index}


def test_predictive_plot_draws_one_panel_per_series_and_a_legend(tmp_path):
    years = range(2011, 2021)
    bands = pd.DataFrame(
        [
            {"metric": m, "year": y, "p10": 1.0, "median": 2.0, "p90": 3.0, "point": 2.5}
            for m, _ in PREDICTIVE_SERIES
            for y in years
        ]
    )
    path = tmp_path / "predictive.png"
    fig = plot_predictive(bands, path, reported_on_series(load_targets()))
    assert path.stat().st_size > 10_000
    panels = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in panels] == [label for _, label in PREDICTIVE_SERIES]
    assert fig.axes[-1].get_legend() is not None
    # a diamond per reported figure on the series it measures (registered stock: 2016, 2017)
    registered = panels[2]
    diamonds = [line for line in registered.get_lines() if line.get_marker() == "D"]
    assert sorted(int(line.get_xdata()[0]) for line in diamonds) == sorted(
        reported_on_series(load_targets()).query("metric == 'registered_poor'")["year"]
    )
