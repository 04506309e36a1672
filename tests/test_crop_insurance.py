"""Crop insurance (model.programs.crop_insurance): premiums, claims on drought, payment."""

import numpy as np
import pytest
from program_checks import (
    assert_ledger_within_budget,
    assert_zero_funding_changes_nothing,
    program,
    rows,
    run,
)

from model import LinxiModel, Scenario
from model.crops import crop_year
from model.households import SOURCE_INDEX
from model.parameters import default_parameters
from model.programs.crop_insurance import claims_per_mu


@pytest.fixture(scope="module")
def baseline():
    return run()


def test_claims_pay_the_material_cost_times_the_loss_above_the_deductible():
    crops = crop_year(default_parameters(), 2017)
    severity = np.array([0.0, 0.1, 0.3, 0.6])
    dry, irrigated = claims_per_mu(crops, severity, deductible=0.2)
    loss_dry, loss_irrigated = crops.land_loss_rates(severity)
    cover_dry, cover_irrigated = crops.material_cost_per_mu()
    assert dry == pytest.approx(cover_dry * np.maximum(loss_dry - 0.2, 0))
    assert irrigated == pytest.approx(cover_irrigated * np.maximum(loss_irrigated - 0.2, 0))
    assert dry[0] == 0 and irrigated[0] == 0  # no drought, no claim
    assert np.all(np.diff(dry) >= 0) and dry[-1] > 0  # more drought, larger claims
    assert np.all(irrigated <= cover_irrigated / cover_dry * dry + 1e-9)  # irrigation protects
    none, _ = claims_per_mu(crops, severity, deductible=1.0)
    assert not none.any()


def test_the_insurer_pays_in_the_payout_month_what_it_settled_at_harvest():
    scenario = Scenario(name="t").with_overrides({"run.end_year": 2018})
    model = LinxiModel(scenario, households=2500, rng=3)
    insurance = program(model, "crop_insurance")
    harvest = model.params.value("crops.harvest_month")
    while (model.year, model.month) < (2017, harvest):
        model.step()
    settled = insurance.claims.copy()
    assert settled.sum() > 0  # 2017 was a drought year
    assert insurance.payout_month == 1  # the January after the harvest
    while (model.year, model.month) < (2017, 12):
        model.step()
        assert np.array_equal(insurance.claims, settled)  # held until the payout month
    assert 2018 not in insurance.claims_paid
    model.step()  # January 2018: the claims are paid, into the crops row
    assert insurance.claims_paid[2018] == pytest.approx(settled.sum())
    assert insurance.income_delivered[2018] == pytest.approx(settled.sum())
    assert not insurance.claims.any()
    crops = model.households.income[SOURCE_INDEX["crops"]]
    assert np.all(crops[settled > 0] >= settled[settled > 0] - 1e-6)


def test_farmers_pay_their_share_and_the_budget_the_rest(baseline):
    insurance = program(baseline, "crop_insurance")
    own = rows(baseline, "crop_insurance")
    share = insurance.farmer_share
    for year, paid in insurance.premiums_paid_by_farmers.items():
        assert paid == pytest.approx(own.spent_yuan[year] * share / (1 - share))
    assert (own.spent_yuan < own.budget_yuan).all()  # the default money does not bind
    assert_ledger_within_budget(baseline, "crop_insurance")


def test_claims_follow_the_recorded_droughts(baseline):
    paid = program(baseline, "crop_insurance").claims_paid
    # the 2017 drought is paid in 2018; the good harvest of 2013 (nearly) nothing in 2014
    assert paid[2018] > 10 * paid.get(2014, 0.0)
    assert paid[2018] > paid.get(2016, 0.0)


def test_less_money_insures_less_land():
    short = run({"programs.crop_insurance.funding_scale": 0.05}, end_year=2013)
    full = run(end_year=2013)
    spent_short, spent_full = rows(short, "crop_insurance"), rows(full, "crop_insurance")
    budget = spent_short.budget_yuan
    assert (spent_short.spent_yuan <= budget * (1 + 1e-9)).all()
    assert spent_short.spent_yuan.sum() < spent_full.spent_yuan.sum()
    assert (
        program(short, "crop_insurance").insured_share.max()
        < program(full, "crop_insurance").insured_share.max()
    )


def test_zero_funding_is_the_program_switched_off():
    assert_zero_funding_changes_nothing("crop_insurance", end_year=2013)
