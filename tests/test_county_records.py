"""What the county records (model.county_records): monthly rows, the annual metrics, the tables."""

import numpy as np
import pandas as pd

import model.county
import model.county_records
from model.county_records import MONTHLY_OUTPUTS


def test_annual_has_the_required_columns(baseline_small):
    annual = baseline_small.annual_frame()
    required = {
        "year",
        "people",
        "households",
        "poverty_line",
        "poor_people",
        "poverty_rate",
        "registered_poor",
        "income_pc_mean",
        "income_pc_median",
        "income_pc_mean_registered",
        "jobs",
        "jobs_registered_poor",
        "aid_spent_yuan",
        "gini",
        "income_pc_crops",
        "income_pc_livestock",
        "income_pc_wages_local",
        "income_pc_wages_away",
        "income_pc_transfers",
        "income_pc_dividends",
        "income_pc_land_rent",
        "income_pc_medical_costs",
        "income_concept",
        "income_pc_mean_after_health",
        "poverty_rate_after_health",
        "income_pc_wage_income",
        "income_pc_business_income",
        "income_pc_property_income",
        "income_pc_transfer_income",
        "share_aged_60_plus",
        "births",
        "deaths",
        "departures",
        "registered_population",
    }
    assert required <= set(annual.columns)
    assert annual.poverty_rate.between(0, 1).all()
    # income by source adds up to the income per person of the statistics (medical costs not
    # subtracted), and with medical costs to the second measure; so do the four categories
    from model.households import INCOME_SOURCES
    from model.income import CATEGORIES

    counted = [name for name in INCOME_SOURCES if name != "medical_costs"]
    sources = annual[[f"income_pc_{name}" for name in counted]].sum(axis=1)
    assert np.allclose(sources, annual.income_pc_mean)
    assert np.allclose(sources + annual.income_pc_medical_costs, annual.income_pc_mean_after_health)
    categories = annual[[f"income_pc_{name}" for name in CATEGORIES]].sum(axis=1)
    assert np.allclose(categories, annual.income_pc_mean)
    assert list(annual.income_concept) == ["net_income"] * 2 + ["disposable_income"] * 8
    registered = annual[[f"income_pc_registered_{name}" for name in counted]]
    later = annual.year >= 2014  # the register exists from December 2014
    assert np.allclose(registered[later].sum(axis=1), annual.income_pc_mean_registered[later])


def test_datacollector_holds_the_annual_series(baseline_small):
    collected = baseline_small.datacollector.get_model_vars_dataframe()
    annual = baseline_small.annual_frame()
    assert len(collected) == 10
    assert np.allclose(collected.poverty_rate.to_numpy(), annual.poverty_rate.to_numpy())


def test_registered_population_keeps_those_who_left(baseline_small):
    annual = baseline_small.annual_frame()
    assert (annual.registered_population == annual.people + annual.departures.cumsum()).all()


def test_the_tables_of_a_run(baseline_small):
    monthly = baseline_small.monthly_frame()
    assert list(monthly.columns) == [
        "year",
        "month",
        "jobs",
        "jobs_registered_poor",
        "aid_spent_to_date_yuan",
        "domestic_spent_to_date_yuan",
        *MONTHLY_OUTPUTS,
    ]
    assert len(monthly) == 120 and (monthly.jobs_registered_poor <= monthly.jobs).all()
    for spent in ("aid_spent_to_date_yuan", "domestic_spent_to_date_yuan"):
        assert (np.diff(monthly[spent]) >= -1e-6).all()  # money spent to date never falls
    programs = {p.name for p in baseline_small.programs}
    assert set(baseline_small.ledger_frame().program) <= programs
    assert set(baseline_small.programs_frame().program) == programs
    beneficiaries = baseline_small.beneficiaries_frame()
    assert list(beneficiaries.columns[:4]) == ["program", "funder", "year", "channel"]


def test_the_county_module_still_exports_the_reporters():
    assert model.county.ANNUAL_REPORTERS is model.county_records.ANNUAL_REPORTERS
    assert model.county.MONTHLY_OUTPUTS is model.county_records.MONTHLY_OUTPUTS


def test_the_annual_table_is_the_datacollectors(baseline_small):
    # built from the years' rows: the same values and types as Mesa's table of the columns
    collected = baseline_small.datacollector.get_model_vars_dataframe()
    expected = collected[list(model.county_records.ANNUAL_REPORTERS)]
    pd.testing.assert_frame_equal(baseline_small.annual_frame(), expected)
    empty = model.county.LinxiModel(households=200, rng=1)
    pd.testing.assert_frame_equal(
        empty.annual_frame(), empty.datacollector.get_model_vars_dataframe()[expected.columns]
    )
