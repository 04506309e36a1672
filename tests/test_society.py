"""The society family: donations, village pairing, epidemic relief."""

import numpy as np
import pytest
from program_checks import (
    assert_ledger_within_budget,
    assert_more_money_never_fewer_beneficiaries,
    assert_zero_funding_changes_nothing,
    dibao_paid,
    program,
    rows,
    run,
)

from model.households import SOURCE_INDEX
from model.programs.catalog import program_specs

SOCIETY = ("donations", "village_pairing", "epidemic_relief")
TRANSFERS, DIVIDENDS = SOURCE_INDEX["transfers"], SOURCE_INDEX["dividends"]


@pytest.fixture(scope="module")
def baseline():
    return run()


@pytest.mark.parametrize("name", SOCIETY)
def test_zero_funding_changes_nothing(name):
    assert_zero_funding_changes_nothing(name)


@pytest.mark.parametrize("name", SOCIETY)
def test_more_money_never_fewer_beneficiaries(name):
    assert_more_money_never_fewer_beneficiaries(name)


@pytest.mark.parametrize("name", SOCIETY)
def test_rows_every_year_and_spending_within_budget(baseline, name):
    assert_ledger_within_budget(baseline, name)
    assert rows(baseline, name).spent_yuan.sum() > 0


def test_donations_reach_only_registered_poor_within_the_yearly_cap():
    # Transfers also hold medical assistance, which pays dibao households' bills and so shifts
    # with who receives dibao: both runs go without it, so that the gain is the gifts alone.
    no_assistance = {"programs.medical_assistance.enabled": False}
    baseline = run(no_assistance)
    without = run({**no_assistance, "programs.donations.enabled": False})
    gain = baseline.households.last_income[TRANSFERS] - without.households.last_income[TRANSFERS]
    # Transfers also hold the year's dibao, which shifts with who registers; take it out too,
    # as paid (an allowance granted at a review is paid for the months left).
    gain -= dibao_paid(baseline) - dibao_paid(without)
    donations = program(baseline, "donations")
    cap = donations.cap * len(donations.delivery_months)
    assert gain.max() <= cap + 1e-6 and gain.sum() > 0
    reached = gain > 1e-9
    assert baseline.households.registered[reached].all()  # some exited in the December review
    assert donations.villages_paired >= donations.paired_villages
    # Nearly all the extra transfers are the gifts (dibao shifts a little with who registers).
    assert rows(baseline, "donations").loc[2020, "income_delivered_yuan"] == pytest.approx(
        gain.sum(), rel=0.05
    )


def test_village_pairing_pays_dividends_from_the_year_after_investment(baseline):
    own = rows(baseline, "village_pairing")
    assert own.loc[2018, "spent_yuan"] > 0 and own.loc[2018, "income_delivered_yuan"] == 0
    assert own.loc[2019, "income_delivered_yuan"] > 0
    pairing = program(baseline, "village_pairing")
    assert pairing.capital.sum() == pytest.approx(pairing.ledger.spent)
    assert (pairing.capital <= pairing.capital_cap + 1e-6).all()


def test_village_pairing_dividends_go_on_after_the_money_stops():
    model = run({"programs.village_pairing.end_year": 2019}, end_year=2022)
    own = rows(model, "village_pairing")
    assert own.loc[2021:, "spent_yuan"].sum() == 0
    assert (own.loc[2021:, "income_delivered_yuan"] > 0).all()


def test_a_forced_failure_stops_village_dividends_from_that_year():
    model = run({"programs.village_pairing.fail_year": 2020})
    own = rows(model, "village_pairing")
    assert own.loc[2019, "income_delivered_yuan"] > 0
    assert own.loc[2020, "income_delivered_yuan"] == 0
    pairing = program(model, "village_pairing")
    worked_before = pairing.ledger.to_frame().query("year < 2020 and kind == 'spend'")
    failed_villages = np.flatnonzero(pairing.failed)
    assert failed_villages.size == worked_before.quantity.max() or failed_villages.size > 0
    # Households get no village dividends in 2020: with every other program off on both sides
    # (other dividends, and the paths that village income set on through registration and exit,
    # differ between runs otherwise), the failed pairing leaves the same dividends as none.
    others_off = {
        f"programs.{spec.name}.enabled": False
        for spec in program_specs()
        if spec.name != "village_pairing"
    }
    failed = run({**others_off, "programs.village_pairing.fail_year": 2020})
    without = run({**others_off, "programs.village_pairing.enabled": False})
    dividends_gain = (
        failed.households.last_income[DIVIDENDS] - without.households.last_income[DIVIDENDS]
    )
    assert np.allclose(dividends_gain, 0.0)


def test_certain_random_failure_means_no_dividends():
    # Capacity building lowers every firm's hazard (model.firm_hazard_multiplier, 0.82 with the
    # calibrated defaults), so a hazard of 1 is certain only without it.
    model = run(
        {
            "parameters.village_pairing.failure_hazard": 1.0,
            "programs.capacity_exchange.enabled": False,
        }
    )
    assert rows(model, "village_pairing").income_delivered_yuan.sum() == 0
    assert program(model, "village_pairing").failed.any()


def test_epidemic_relief_covers_people_in_2020_and_pays_suppliers(baseline):
    own = rows(baseline, "epidemic_relief")
    relief = program(baseline, "epidemic_relief")
    assert own.loc[2020, "beneficiaries"] >= relief.people_covered > 0
    assert own.drop(index=2020).beneficiaries.sum() == 0
    spent = relief.ledger.spent
    assert spent == pytest.approx(relief.people_covered * relief.per_person)
    sold = relief.ledger.flow_in(2020, "produce sent to Fengtai")
    assert sold == pytest.approx(relief.produce_kg * relief.value_per_kg)
    assert own.loc[2020, "income_delivered_yuan"] == pytest.approx(relief.margin * sold)
