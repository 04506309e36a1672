"""China's own programmes as a group: every domestic programme behaves as a program must."""

import pytest
from program_checks import (
    assert_ledger_within_budget,
    assert_more_money_never_fewer_beneficiaries,
    assert_zero_funding_changes_nothing,
    rows,
    run,
)

from model.aid.funding import FUNDERS
from model.programs.catalog import program_specs

DOMESTIC = [spec.name for spec in program_specs() if spec.funder_group == "domestic"]
#: Programs that reach a household once (a house renovated, a grant): more money reaches the
#: pool sooner, so a later year can count fewer; what has been reached so far never falls.
ONCE = {"housing_renovation", "industry_grants"}


@pytest.fixture(scope="module")
def baseline():
    return run()


def test_the_domestic_programmes_are_in_the_catalogue_with_domestic_funders():
    specs = {spec.name: spec for spec in program_specs()}
    wanted = {
        "dibao": "central",
        "housing_renovation": "central",
        "relocation_domestic": "central",
        "forest_rangers": "central",
        "public_welfare_posts": "county",
        "industry_grants": "central",
        "education_aid": "provincial",
    }
    assert set(wanted) <= set(DOMESTIC)
    for name, funder in wanted.items():
        assert specs[name].funder == funder
    beijing = [spec for spec in program_specs() if spec.funder_group == "beijing"]
    assert len(beijing) == 23 and {spec.funder for spec in beijing} == {"beijing_fengtai"}
    assert {FUNDERS[spec.funder] for spec in program_specs()} == {"beijing", "domestic"}


@pytest.mark.parametrize("name", DOMESTIC)
def test_zero_funding_changes_nothing(name):
    assert_zero_funding_changes_nothing(name)


@pytest.mark.parametrize("name", sorted(set(DOMESTIC) - ONCE))
def test_more_money_never_fewer_beneficiaries(name):
    assert_more_money_never_fewer_beneficiaries(name)


@pytest.mark.parametrize("name", sorted(ONCE))
def test_more_money_never_fewer_households_reached_so_far(name):
    base = rows(run(), name).beneficiary_households.cumsum()
    double = rows(run({f"programs.{name}.funding_scale": 2.0}), name).beneficiary_households
    assert base.iloc[-1] > 0
    assert (double.cumsum() >= base).all()


@pytest.mark.parametrize("name", DOMESTIC)
def test_rows_every_year_and_spending_within_budget(baseline, name):
    assert_ledger_within_budget(baseline, name)
    own = rows(baseline, name)
    assert own.spent_yuan.sum() > 0 and own.beneficiaries.sum() > 0
    assert (own.funder_group == "domestic").all()
