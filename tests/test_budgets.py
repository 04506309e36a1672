"""Program money (model.budgets): each funder group's switches and scales, spending by funder."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import LinxiModel, Scenario, budgets
from model.aid.funding import FUNDERS
from model.budgets import default_budget, program_budget, program_ledger
from model.parameters import default_parameters
from model.programs.catalog import program_specs

PARAMS = default_parameters()
SPECS = {spec.name: spec for spec in program_specs()}
YEARS = (2011, 2025)


def _budget(overrides: dict, name: str) -> dict[int, float]:
    config = Scenario(name="t").with_overrides(overrides)
    return program_budget(SPECS[name], config, PARAMS, YEARS, 1.0)


def test_aid_switches_and_scales_beijings_programmes_only():
    off = {"aid.enabled": False}
    assert _budget(off, "egg_farm") == {} and _budget(off, "greenhouses") == {}
    assert _budget(off, "dibao") == _budget({}, "dibao") != {}
    double = _budget({"aid.funding_scale": 2.0}, "egg_farm")
    assert double == {y: 2 * v for y, v in _budget({}, "egg_farm").items()}
    assert _budget({"aid.funding_scale": 2.0}, "housing_renovation") == _budget(
        {}, "housing_renovation"
    )


def test_domestic_switches_and_scales_the_domestic_programmes_only():
    off = {"domestic.enabled": False}
    for spec in SPECS.values():
        budget = _budget(off, spec.name)
        if spec.funder_group == "domestic":
            assert budget == {}, spec.name
        else:
            assert budget == _budget({}, spec.name), spec.name
    half = _budget({"domestic.funding_scale": 0.5}, "dibao")
    assert half == pytest.approx({y: 0.5 * v for y, v in _budget({}, "dibao").items()})


def test_each_group_has_its_own_dates_and_post_2020_scale():
    stop = {"domestic.stop_after_year": 2018}
    assert max(_budget(stop, "dibao")) == 2018
    assert max(_budget(stop, "egg_farm")) == max(_budget({}, "egg_farm"))
    config = Scenario(name="t").with_overrides(stop)
    assert program_ledger(SPECS["dibao"], config, PARAMS, YEARS, 1.0).closes_after == 2018
    assert program_ledger(SPECS["health"], config, PARAMS, YEARS, 1.0).closes_after is None
    cut = _budget({"domestic.post_2020_scale": 0.5}, "dibao")
    default = _budget({}, "dibao")
    assert cut[2021] == pytest.approx(0.5 * default[2021]) and cut[2020] == default[2020]
    assert _budget({"domestic.post_2020_scale": 0.5}, "health") == _budget({}, "health")


def test_the_default_budget_is_the_parameter_or_a_familys_sum():
    config = Scenario(name="t")
    assert default_budget(SPECS["dibao"], config, PARAMS) == PARAMS.value("dibao.aid_funding_yuan")
    cash = Scenario(name="t").with_overrides(
        {"programs.cash_transfers.same_budget_as_family": "housing"}
    )
    housing = [s.name for s in SPECS.values() if s.family == "housing"]
    total = sum(sum(PARAMS.value(f"{n}.aid_funding_yuan").values()) for n in housing)
    assert sum(default_budget(SPECS["cash_transfers"], cash, PARAMS).values()) == pytest.approx(
        total
    )


def test_levers_reach_the_domestic_section():
    model = LinxiModel(households=200, rng=1, domestic_enabled=False, domestic_funding_scale=0.5)
    assert not model.config.domestic.enabled and model.config.domestic.funding_scale == 0.5
    dibao = next(p for p in model.programs if p.name == "dibao")
    assert not dibao.ledger.funded


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    aid=st.sampled_from([0.0, 0.5, 1.0, 3.0]),
    domestic=st.sampled_from([0.0, 0.3, 1.0, 2.0]),
    stop=st.sampled_from([None, 2016, 2019]),
)
def test_no_program_spends_beyond_its_budget_and_spending_adds_up_by_funder(aid, domestic, stop):
    scenario = Scenario(name="scaled").with_overrides(
        {
            "aid.funding_scale": aid,
            "domestic.funding_scale": domestic,
            "domestic.stop_after_year": stop,
        }
    )
    model = LinxiModel(scenario, households=600, rng=2).run()
    for program in model.programs:
        ledger = program.ledger
        for year in range(model.start_year, model.end_year + 1):
            spent = sum(ledger.spent_in(y) for y in range(model.start_year, year + 1))
            assert spent <= ledger.given_through(year) * (1 + 1e-9) + 1e-6, program.name
        if stop is not None and program.funder_group == "domestic":
            assert sum(ledger.spent_in(y) for y in range(stop + 1, 2021)) == 0
    annual = model.annual_frame().set_index("year")
    frame = model.programs_frame()
    by_funder = frame.groupby(["year", "funder"]).spent_yuan.sum().unstack(fill_value=0.0)
    for funder in FUNDERS:
        column = by_funder[funder] if funder in by_funder else 0.0
        assert annual[f"spent_{funder}_yuan"].to_numpy() == pytest.approx(
            column if isinstance(column, float) else column.to_numpy()
        )
    groups = frame.groupby(["year", "funder_group"]).spent_yuan.sum().unstack(fill_value=0.0)
    assert annual.aid_spent_yuan.to_numpy() == pytest.approx(groups["beijing"].to_numpy())
    assert annual.domestic_spent_yuan.to_numpy() == pytest.approx(groups["domestic"].to_numpy())


def test_spending_by_funder_from_the_programs_rows_is_the_ledgers(baseline_small):
    programs = baseline_small.programs
    for year in (2011, 2016, 2020):
        rows = [program.year_summary(year) for program in programs]
        from_rows = budgets.spending_by_funder(programs, year, [r["spent_yuan"] for r in rows])
        assert from_rows == budgets.spending_by_funder(programs, year)
