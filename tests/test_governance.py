"""The register's December work and the county's exit (model.governance), on whole runs."""

import pytest

from model import LinxiModel
from model.governance import CountyStatus, official_incidence


@pytest.fixture(scope="module")
def run():
    return LinxiModel(households=3000, rng=5).run()


def test_the_register_accounts_for_every_person_who_entered_and_left(run):
    annual = run.annual_frame().set_index("year")
    stock = annual.registered_poor
    flows = (
        annual.registered_this_year
        - annual.removed_this_year
        - annual.exited_this_year
        + annual.returned_this_year
    )
    # December flows move the stock; members' births and deaths between Decembers move it too,
    # by less than the flows.
    change = stock.diff().iloc[4:]
    assert (abs(change - flows.iloc[4:]) <= 0.15 * stock.shift().iloc[4:] + 10).all()
    assert annual.loc[2014, "registered_this_year"] > 0
    assert annual.loc[:2013, "registered_ever"].eq(0).all()


def test_removals_happen_only_in_the_recheck_years(run):
    annual = run.annual_frame().set_index("year")
    removed = annual.removed_this_year
    assert removed.loc[[2015, 2016]].sum() > 0
    assert removed.drop([2015, 2016]).eq(0).all()


def test_official_incidence_is_the_registered_stock_over_rural_people(run):
    annual = run.annual_frame().set_index("year")
    assert annual.loc[2020, "official_incidence"] == pytest.approx(
        official_incidence(run.households), abs=1e-12
    )


def test_the_county_applies_below_three_percent_and_is_granted_eight_months_later():
    status = CountyStatus(applied_year=2017, granted=(2018, 8))
    assert not status.exited_by(2018, 7) and status.exited_by(2018, 8)
    assert not CountyStatus().exited_by(2030)
