import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import LinxiModel, Scenario
from model.aid.channels import choose_sellers, filled_value
from model.households import SOURCE_INDEX
from tests.program_checks import Without

N = 2500
PROGRAMS = ("beijing_sales", "produce_hub")


def scenario(end_year=2020, **overrides):
    return Scenario(name="test").with_overrides({"run.end_year": end_year, **overrides})


def program(model, name):
    return next(p for p in model.programs if p.name == name)


def rows(model, name):
    frame = model.programs_frame()
    return frame[frame.program == name].set_index("year")


@pytest.fixture(scope="module")
def baseline():
    return LinxiModel(scenario(), households=N, rng=6).run()


@pytest.fixture(scope="module")
def without_consumption():
    zero = {"families.consumption.funding_scale": 0.0}
    return LinxiModel(scenario(**zero), households=N, rng=6).run()


def test_a_family_with_no_money_changes_nothing(without_consumption):
    absent = Without(scenario(), skip=["consumption"], households=N, rng=6).run()
    zero = without_consumption
    np.testing.assert_array_equal(absent.households.last_income, zero.households.last_income)
    pd.testing.assert_frame_equal(absent.annual_frame(), zero.annual_frame())
    table = zero.programs_frame().query("family == 'consumption'")
    assert (
        (table[["spent_yuan", "beneficiaries", "jobs", "income_delivered_yuan"]] == 0).all().all()
    )
    hub = next(f for f in zero.enterprises if f.name == "yuegezhuang_produce_hub")
    assert not hub.operating and hub.accounts == []


@pytest.mark.parametrize("name", PROGRAMS)
def test_each_program_with_zero_funding_changes_nothing(name, baseline):
    zero = LinxiModel(scenario(**{f"programs.{name}.funding_scale": 0.0}), households=N, rng=6)
    absent = Without(scenario(), skip=[name], households=N, rng=6)
    zero.run()
    absent.run()
    np.testing.assert_array_equal(zero.households.last_income, absent.households.last_income)
    np.testing.assert_array_equal(zero.households.n_away, absent.households.n_away)
    pd.testing.assert_frame_equal(zero.annual_frame(), absent.annual_frame())
    assert rows(zero, name).spent_yuan.sum() == 0
    assert rows(zero, name).beneficiaries.sum() == 0
    # ...while with its money it does reach people.
    assert rows(baseline, name).beneficiaries.sum() > 0


@pytest.mark.parametrize("name", PROGRAMS)
def test_more_money_never_lowers_the_programs_own_beneficiaries(name, baseline):
    doubled = LinxiModel(
        scenario(**{f"programs.{name}.funding_scale": 2.0}), households=N, rng=6
    ).run()
    one, two = rows(baseline, name), rows(doubled, name)
    assert (two.beneficiaries >= one.beneficiaries).all()
    assert two.beneficiaries.sum() > one.beneficiaries.sum()


@pytest.mark.parametrize("name", PROGRAMS)
def test_rows_for_active_years_and_spending_within_budget(name, baseline):
    table = rows(baseline, name)
    assert list(table.index) == list(range(2011, 2021))
    ledger = program(baseline, name).ledger
    given_ = pd.Series({y: ledger.given_through(y) for y in table.index})
    assert (table.spent_yuan.cumsum() <= given_ * (1 + 1e-9) + 1e-6).all()
    assert table.spent_yuan.sum() == pytest.approx(sum(ledger.budget.values()))


@pytest.mark.xfail(
    strict=True,
    reason="known held-out miss: market.sales_2019.poor_people is above its band in the "
    "report's ensemble of the shipped defaults (docs/calibration.md, held-out targets)",
)
def test_the_beijing_channel_reaches_about_the_reported_poor_in_2019(baseline):
    poor_people = rows(baseline, "beijing_sales").loc[2019, "beneficiaries_registered_poor"]
    # 2,577 reported (seed:market.sales_2019); a 2,500-household county is about 2.5% of Linxi.
    assert poor_people / baseline.scale == pytest.approx(2577, rel=0.35)


def test_sellers_gain_farm_income_and_the_poor_come_first(baseline, without_consumption):
    sales = program(baseline, "beijing_sales")
    sellers = sales.channel.sellers
    assert sellers.size > 0
    farm = [SOURCE_INDEX["crops"], SOURCE_INDEX["livestock"]]
    gain = baseline.households.last_income[np.ix_(farm, sellers)].sum(
        axis=0
    ) - without_consumption.households.last_income[np.ix_(farm, sellers)].sum(axis=0)
    assert (gain >= -1e-6).all() and gain.sum() > 0
    registered_share = baseline.households.registered[sellers].mean()
    assert registered_share > baseline.households.registered.mean()


def test_the_hub_opens_in_2020_with_jobs_and_sellers(baseline):
    table = rows(baseline, "produce_hub")
    assert table.loc[2019, "spent_yuan"] > 0 and table.loc[2019, "beneficiaries"] == 0
    assert table.loc[2020, "jobs"] > 0 and table.loc[2020, "income_delivered_yuan"] > 0
    hub = next(f for f in baseline.enterprises if f.name == "yuegezhuang_produce_hub")
    assert (hub.accounts_frame().profit > 0).all()


def test_a_forced_hub_failure_stops_wages_and_purchases_from_that_month():
    model = LinxiModel(
        scenario(end_year=2021, **{"programs.produce_hub.fail_year": 2021}), households=N, rng=6
    ).run()
    hub = next(f for f in model.enterprises if f.name == "yuegezhuang_produce_hub")
    assert hub.failed_on == (2021, 1)
    table = rows(model, "produce_hub")
    assert table.loc[2020, "income_delivered_yuan"] > 0
    assert table.loc[2021, "income_delivered_yuan"] == 0
    assert table.loc[2021, "jobs"] == 0 and table.loc[2021, "beneficiaries"] == 0
    assert (model.households.employer != hub.firm_index).all()
    assert hub.accounts_frame().year.max() == 2020


values = st.lists(st.floats(0, 1e5, allow_nan=False), min_size=1, max_size=60)


@given(
    vals=values,
    flags=st.lists(st.booleans(), min_size=60, max_size=60),
    target=st.floats(0, 3e6, allow_nan=False),
    share=st.floats(0, 1),
)
def test_sellers_fill_the_channel_with_the_poor_quota(vals, flags, target, share):
    v = np.asarray(vals)
    registered = np.asarray(flags[: v.size])
    u = np.linspace(0, 1, v.size)
    chosen = choose_sellers(v, registered, target, share, u)
    assert len(set(chosen.tolist())) == chosen.size and (v[chosen] > 0).all()
    brought = v[chosen].sum()
    assert brought >= min(target, v.sum()) - 1e-6
    poor_brought = v[chosen][registered[chosen]].sum()
    assert poor_brought >= min(share * target, v[registered].sum()) - 1e-6


@given(capacity=st.floats(0, 1e9), more=st.floats(0, 1e9), potential=st.floats(0, 1e9))
def test_channel_fill_has_diminishing_returns(capacity, more, potential):
    filled = filled_value(capacity, potential)
    assert 0 <= filled <= min(capacity, potential) * (1 + 1e-12) + 1e-9
    assert filled_value(capacity + more, potential) >= filled
