"""Education aid (model.programs.education_aid): aid per student and children back to school."""

import numpy as np
import pytest
from program_checks import program, rows, run

from model import LinxiModel, Scenario
from model.households import SOURCE_INDEX, count_members


@pytest.fixture(scope="module")
def baseline():
    return run()


def test_spending_is_the_aid_paid_and_beneficiaries_are_students(baseline):
    aid = program(baseline, "education_aid")
    own = rows(baseline, "education_aid")
    assert own.spent_yuan.to_numpy() == pytest.approx(own.income_delivered_yuan.to_numpy())
    assert (own.spent_yuan < own.budget_yuan).all()  # the default money does not bind
    for year, students in aid.students_aided.items():
        # students aided plus children brought back (at most one per household) are counted
        assert own.beneficiaries[year] >= min(students, own.beneficiary_households[year])
    assert own.beneficiaries.sum() > 0


def test_every_child_of_compulsory_age_in_a_paid_household_gets_the_allowance():
    scenario = Scenario(name="t").with_overrides(
        {
            "run.end_year": 2016,
            "parameters.education_aid.secondary_enrolment": 0.0,
            "parameters.education_aid.college_enrolment": 0.0,
        }
    )
    model = LinxiModel(scenario, households=2500, rng=4)
    month = model.params.value("education_aid.pay_month")
    while (model.year, model.month) < (2016, month - 1):
        model.step()
    population = model.households
    before = population.income[SOURCE_INDEX["transfers"]].copy()
    aid = program(model, "education_aid")
    paid_before = aid.income_delivered.get(2016, 0.0)
    model.step()
    children = count_members((population.age >= 7) & (population.age <= 15))
    eligible = population.registered & population.rural & (children > 0)
    allowance = model.params.value("education_aid.compulsory_aid")
    delivered = aid.income_delivered[2016] - paid_before
    assert delivered == pytest.approx(allowance * children[eligible].sum())
    assert (population.income[SOURCE_INDEX["transfers"]] - before)[eligible].min() > 0


def test_dropouts_of_registered_households_are_brought_back_from_the_campaign_year():
    # many dropouts, so that a small county has registered ones (3% of children by default)
    many = {"parameters.targeting.dropout_share": 0.3}
    baseline = run(many)
    without = run({**many, "programs.education_aid.enabled": False})
    registered = baseline.households.registered
    assert program(baseline, "education_aid").returned_total > 0
    assert (baseline.households.school_dropout & registered).sum() < (
        without.households.school_dropout & without.households.registered
    ).sum()
    early = run({**many, "parameters.education_aid.campaign_year": 2025})
    assert program(early, "education_aid").returned_total == 0
    assert np.array_equal(early.households.school_dropout, without.households.school_dropout)
