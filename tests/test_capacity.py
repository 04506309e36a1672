import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import LinxiModel, Scenario
from model.programs.capacity_exchange import saturation
from tests.program_checks import Without

N = 2000


class MultiplierLog(LinxiModel):
    def step(self):
        super().step()
        self.log = [
            *getattr(self, "log", []),
            (self.year, self.month, self.firm_hazard_multiplier, self.targeting_noise_multiplier),
        ]


def scenario(**overrides):
    return Scenario(name="test").with_overrides({"run.end_year": 2020, **overrides})


def rows(model):
    frame = model.programs_frame()
    return frame[frame.program == "capacity_exchange"].set_index("year")


def log_of(model):
    return pd.DataFrame(model.log, columns=["year", "month", "hazard", "noise"])


@pytest.fixture(scope="module")
def baseline():
    return MultiplierLog(scenario(), households=N, rng=8).run()


def test_no_money_changes_nothing():
    absent = Without(scenario(), skip=["capacity"], households=N, rng=8).run()
    zero = MultiplierLog(scenario(), households=N, rng=8, capacity_funding_scale=0.0).run()
    np.testing.assert_array_equal(absent.households.last_income, zero.households.last_income)
    np.testing.assert_array_equal(absent.households.registered, zero.households.registered)
    pd.testing.assert_frame_equal(absent.annual_frame(), zero.annual_frame())
    log = log_of(zero)
    assert (log.hazard == 1.0).all() and (log.noise == 1.0).all()
    assert rows(zero).spent_yuan.sum() == 0


def test_training_lowers_failure_and_targeting_noise_modestly_from_2019(baseline):
    log = log_of(baseline)
    before, after = log[log.year < 2019], log[log.year == 2020]
    assert (before.hazard == 1.0).all() and (before.noise == 1.0).all()
    assert (after.hazard < 1.0).all() and (after.noise < 1.0).all()
    # Capped: never more than the largest cuts (30% and 20%).
    assert (log.hazard >= 0.7).all() and (log.noise >= 0.8).all()
    # Turnover each January erodes the effect; a second year of training deepens it.
    december = log[log.month == 12].set_index("year")
    assert december.loc[2020, "hazard"] < december.loc[2019, "hazard"] < 1.0


def test_more_money_gives_a_larger_but_capped_effect(baseline):
    doubled = MultiplierLog(
        scenario(**{"programs.capacity_exchange.funding_scale": 2.0}), households=N, rng=8
    ).run()
    assert doubled.firm_hazard_multiplier < baseline.firm_hazard_multiplier
    assert doubled.targeting_noise_multiplier < baseline.targeting_noise_multiplier
    assert doubled.firm_hazard_multiplier >= 0.7


def test_rows_for_active_years_and_spending_within_budget(baseline):
    table = rows(baseline)
    assert list(table.index) == list(range(2011, 2021))
    program = next(p for p in baseline.programs if p.name == "capacity_exchange")
    given_ = pd.Series({y: program.ledger.given_through(y) for y in table.index})
    assert (table.spent_yuan.cumsum() <= given_ * (1 + 1e-9) + 1e-6).all()
    assert table.spent_yuan.sum() == pytest.approx(0.97e6 * baseline.scale)
    trained = sum(program.trained_in.values()) / baseline.scale
    assert trained == pytest.approx(469 + 340, rel=0.01)
    assert (table.beneficiaries == 0).all()


@given(trained=st.floats(0, 1e6), more=st.floats(0, 1e6), reference=st.floats(1e-3, 1e4))
def test_saturation_rises_with_training_and_stays_below_one(trained, more, reference):
    f = saturation(trained, reference)
    assert 0.0 <= f <= 1.0
    assert saturation(trained + more, reference) >= f
