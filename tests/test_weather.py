import numpy as np
import pytest

from model import LinxiModel, default_parameters
from model.rng import Streams
from model.scenario import Scenario
from model.weather import draw_drought

PARAMS = default_parameters()


def _draw(seed, year, mode, forced=None):
    return draw_drought(PARAMS, Streams(seed), 12 * (year - 2011), year, 108, mode, forced or {})


def test_recorded_years_are_the_same_in_every_run():
    for year in (2011, 2014, 2016, 2017, 2018, 2020):
        county_a, villages_a = _draw(1, year, "historical")
        county_b, villages_b = _draw(99, year, "historical")
        expected = (
            PARAMS.value("weather.loss_per_index") * PARAMS.value("weather.drought_index")[year]
        )
        assert county_a == county_b == pytest.approx(expected)
        assert np.array_equal(villages_a, villages_b)


def test_the_worst_recorded_years_are_the_worst():
    severity = {year: _draw(1, year, "historical")[0] for year in range(2011, 2021)}
    worst = sorted(severity, key=severity.get, reverse=True)[:4]
    assert set(worst) == {2014, 2016, 2017, 2018}


def test_random_weather_differs_between_runs():
    a = [_draw(1, year, "random")[0] for year in range(2011, 2021)]
    b = [_draw(2, year, "random")[0] for year in range(2011, 2021)]
    assert a != b
    assert all(0.0 <= x <= 0.95 for x in a + b)


def test_years_after_the_record_are_drawn_at_random():
    assert _draw(1, 2023, "historical")[0] != _draw(2, 2023, "historical")[0]


def test_a_forced_year_overrides_both_modes():
    for mode in ("historical", "random"):
        county, villages = _draw(5, 2017, mode, {2017: 0.6})
        assert county == 0.6
        assert villages.mean() == pytest.approx(0.6, abs=0.05)


def test_runs_replay_the_record_unless_weather_is_random():
    def drought(seed, mode):
        scenario = Scenario(name="w").with_overrides({"shocks.weather": mode, "run.end_year": 2014})
        return LinxiModel(scenario, households=300, rng=seed).run().annual_frame().drought_severity

    assert drought(1, "historical").equals(drought(2, "historical"))
    assert not drought(1, "random").equals(drought(2, "random"))


def test_a_forced_drought_keeps_the_village_draws_of_the_free_one():
    free_county, free = _draw(3, 2016, "random")
    forced_county, forced = _draw(3, 2016, "random", {2016: 0.5})
    assert forced_county == 0.5
    assert ((forced >= 0) & (forced <= 0.95)).all() and ((free >= 0) & (free <= 0.95)).all()
    inside = (free > 0) & (free < 0.95) & (forced > 0) & (forced < 0.95)
    # Same deviations around a different county severity (common random numbers).
    np.testing.assert_allclose(forced[inside] - 0.5, free[inside] - free_county)
