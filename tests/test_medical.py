"""Medical bills and who pays them: insurance, Beijing's medical aid, medical assistance
(model.aid.medical, model.programs.medical_insurance, model.programs.medical_assistance)."""

import numpy as np
import pytest

from model import LinxiModel
from model.aid.medical import pay_bills
from model.aid.selection import poor_households
from model.households import SOURCE_INDEX
from model.scenario import Scenario

TRANSFERS, COSTS = SOURCE_INDEX["transfers"], SOURCE_INDEX["medical_costs"]


def _run(overrides=None, end_year=2018, households=3000, rng=4):
    scenario = Scenario(name="m").with_overrides({"run.end_year": end_year, **(overrides or {})})
    return LinxiModel(scenario, households=households, rng=rng).run()


#: Enrolment at the low end of its plausible range, so that some of 2020's registrants arrive at
#: the pass uninsured (at the default 97% a 3,000-household run often has none).
_FEWER_ENROLLED = {"parameters.health.insurance_enrolment": 0.9}


def _program(model, name):
    return next(p for p in model.programs if p.name == name)


@pytest.fixture(scope="module")
def baseline():
    return _run()


def test_reimbursements_are_transfers_and_never_exceed_the_bills(baseline):
    population = baseline.households
    assert (population.medical_paid <= population.medical_bill + 1e-9).all()
    insurance = _program(baseline, "medical_insurance")
    spent = insurance.ledger.spent_in(2018)
    assert spent > 0 and spent <= insurance.ledger.given_through(2018)


@pytest.mark.parametrize("money_short", [False, True])
def test_pay_bills_counts_as_delivered_exactly_what_it_pays(money_short):
    model = _run(end_year=2013, households=600)
    insurance = _program(model, "medical_insurance")
    population = model.households
    population.medical_bill[:] = 100.0
    population.medical_paid[:] = 0.0
    households = np.arange(0, len(population), 3)
    owed = np.linspace(1.0, 60.0, households.size)
    if money_short:  # the claims are paid in proportion to what the year's money allows
        insurance.ledger.spend(model.year, 12, insurance.ledger.available(model.year) - 99.5, "x")
    before = insurance.income_delivered.get(model.year, 0.0)
    paid = pay_bills(insurance, households, owed, "reimbursements")
    delivered = insurance.income_delivered[model.year] - before
    expected = owed * (99.5 / float(owed.sum())) if money_short else owed
    assert paid == pytest.approx(99.5 if money_short else float(owed.sum()))
    assert delivered == pytest.approx(float(expected.sum()), rel=1e-15)
    np.testing.assert_allclose(population.medical_paid[households], expected, rtol=1e-12)


def test_insurance_pays_its_rate_of_an_enrolled_households_bill():
    model = _run(end_year=2015)
    population, params = model.households, model.params
    rate = params.at("medical_insurance.reimbursement_rate", 2015)
    insured = population.insured & (population.medical_bill > 0) & ~population.dibao
    beijing = _program(model, "health").cover > 0
    plain = insured & ~beijing
    assert plain.any()
    np.testing.assert_allclose(
        population.medical_paid[plain], rate * population.medical_bill[plain]
    )
    uninsured = ~population.insured & (population.medical_bill > 0)
    assert (population.medical_paid[uninsured & ~population.dibao & ~beijing] == 0).all()


def test_medical_aid_finds_its_households_again_when_registration_or_members_change():
    model = _run(end_year=2015, households=600)
    aid, population = _program(model, "health"), model.households

    def found():
        return np.flatnonzero(poor_households(model, keep_exited=True))

    kept = aid._eligible()
    assert np.array_equal(kept, found())
    assert aid._eligible() is kept  # nothing changed: the households kept
    newly = np.flatnonzero(~population.registered & (population.size > 0))[0]
    population.registered[newly] = True
    assert newly in aid._eligible()
    assert np.array_equal(aid._eligible(), found())
    population.size[newly] = 0  # its members leave
    assert newly not in aid._eligible()
    assert np.array_equal(aid._eligible(), found())


def test_registered_households_pay_at_most_the_cap_from_2017():
    model = _run(end_year=2018)
    population, params = model.households, model.params
    # (households registered at this December's review were not yet registered when it paid)
    listed = population.registered & (population.registered_year < 2018)
    listed &= population.medical_bill > 0
    assert listed.any()
    left = population.medical_bill - population.medical_paid
    cap = params.at("medical_assistance.cap_share", 2018) * population.medical_bill
    assert (left[listed] <= cap[listed] + 1e-6).all()
    # premiums paid and all enrolled, from the January after registration
    enrolled = population.registered_poor & (population.registered_year < 2018)
    assert population.insured[enrolled].all()


def test_dibao_households_off_the_register_keep_their_assistance_after_the_cap_begins(baseline):
    # December 2018: the cap for the registered runs, and assistance still pays dibao_share of
    # what insurance left to dibao households that are not registered (decree 649, art. 28)
    population, params = baseline.households, baseline.params
    rate = params.at("medical_insurance.reimbursement_rate", 2018)
    share = params.at("medical_assistance.dibao_share", 2018)
    assert baseline.year == 2018 and 2018 >= params.value("medical_assistance.cap_from")
    off_register = population.dibao & ~population.registered & (population.medical_bill > 0)
    assert off_register.any()
    bill = population.medical_bill[off_register]
    after_insurance = bill * np.where(population.insured[off_register], 1.0 - rate, 1.0)
    left = bill - population.medical_paid[off_register]
    np.testing.assert_allclose(left, (1.0 - share) * after_insurance)


def test_without_domestic_insurance_medical_spending_is_all_out_of_pocket():
    off = {
        "programs.medical_insurance.enabled": False,
        "programs.medical_assistance.enabled": False,
        "programs.health.enabled": False,
    }
    model = _run(off, end_year=2013)
    assert (model.households.medical_paid == 0).all()
    annual = model.annual_frame()
    counted = annual.income_pc_mean - annual.income_pc_mean_after_health
    assert np.allclose(counted, -annual.income_pc_medical_costs)


def test_medical_spending_is_not_subtracted_from_the_statistics_income(baseline):
    annual = baseline.annual_frame()
    assert (annual.income_pc_mean > annual.income_pc_mean_after_health).all()
    assert (annual.poverty_rate <= annual.poverty_rate_after_health).all()


def test_drinking_water_projects_close_the_gaps_registered_households_first():
    model = _run(end_year=2019)
    population = model.households
    water = _program(model, "drinking_water")
    assert water.connected.any() and population.safe_water[water.connected].all()
    listed = population.rural & population.registered
    assert population.safe_water[listed].mean() == pytest.approx(1.0, abs=0.02)


def test_the_final_pass_enrols_the_registered_before_the_check():
    model = _run(_FEWER_ENROLLED, end_year=2020, rng=5)
    population = model.households
    added = population.registered & (population.registered_year == 2020)
    assert added.any() and population.insured[added].all()
    # those not yet enrolled were enrolled at the pass: their premiums are paid in December
    ledger = _program(model, "medical_insurance").ledger.to_frame()
    december = ledger[(ledger.year == 2020) & (ledger.month == 12)]
    assert (december.item == "premiums of registered households").any()


def test_unfunded_insurance_enrols_nobody_at_the_final_pass():
    model = _run(
        {**_FEWER_ENROLLED, "programs.medical_insurance.funding_scale": 0.0}, end_year=2020, rng=5
    )
    population = model.households
    added = population.registered & (population.registered_year == 2020)
    # nobody enrols them: only those insured from the start are
    assert added.any() and not population.insured[added].all()
