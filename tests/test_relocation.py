"""Relocation (model.programs.relocation): one mechanism, Beijing's and China's own programmes."""

import pytest
from program_checks import program, rows, run

from model.programs.relocation import RELOCATION, RELOCATION_DOMESTIC, RelocationProgram


def test_two_specs_share_one_mechanism_with_their_own_parameters_and_funders():
    assert RELOCATION.program is RELOCATION_DOMESTIC.program is RelocationProgram
    assert RELOCATION.funder == "beijing_fengtai" and RELOCATION_DOMESTIC.funder == "central"
    model = run(end_year=2011)
    beijing, domestic = program(model, "relocation"), program(model, "relocation_domestic")
    assert beijing.cost_per_person == model.params.value("relocation.cost_per_person")
    assert domestic.cost_per_person == model.params.value("relocation_domestic.cost_per_person")
    assert domestic.cost_per_person != beijing.cost_per_person


@pytest.fixture(scope="module")
def baseline():
    return run(households=10_000)


def test_the_domestic_programme_moves_linxis_3281_people_in_2016_2017(baseline):
    domestic = program(baseline, "relocation_domestic")
    # the money moves 3,281 people at the county's scale; whole households fit under it
    expected = 3281 * baseline.scale
    assert 0.9 * expected <= domestic.people_moved <= expected + 1e-9
    own = rows(baseline, "relocation_domestic")
    spent = own.spent_yuan
    assert spent.sum() == pytest.approx(domestic.people_moved * domestic.cost_per_person)
    # the money of 2016-2017 moves whole households; what they leave (less than the next
    # household's cost) waits and may move a smaller household later, with no new money
    budget = domestic.ledger.given_through(2017)
    assert spent[[2016, 2017]].sum() >= 0.9 * budget
    assert spent.sum() <= budget + 1e-6


def test_no_household_is_moved_twice_and_moves_make_housing_and_water_safe(baseline):
    beijing = program(baseline, "relocation").relocated
    domestic = program(baseline, "relocation_domestic").relocated
    assert beijing.any() and domestic.any()
    assert not (beijing & domestic).any()
    moved = beijing | domestic
    population = baseline.households
    assert population.safe_housing[moved].all() and population.safe_water[moved].all()
    assert (
        population.remoteness[domestic] == program(baseline, "relocation_domestic").remoteness_after
    ).all()
