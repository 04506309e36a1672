"""Money into capacity (model.aid.facility): building, opening rules, the site's limit, rent."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.aid.facility import (
    Facility,
    OpensAfter,
    OpensAfterFirstSpending,
    OpensNextJanuary,
)
from tests.program_checks import program, run

JANUARY_2012, JUNE_2012 = 12, 17


@settings(max_examples=50, deadline=None)
@given(spending=st.lists(st.floats(0, 1e7), min_size=1, max_size=24), delay=st.integers(0, 24))
def test_building_opens_all_it_was_paid_for_after_the_delay(spending, delay):
    building = Facility(OpensAfter(delay), unit_cost=250.0)
    for step, yuan in enumerate(spending):
        building.build(step, yuan)
        building.open_ready(step)
        assert building.capacity <= sum(spending[: step + 1]) / 250.0 + 1e-6
    building.open_ready(len(spending) + delay)
    assert building.capacity == pytest.approx(sum(spending) / 250.0)
    assert building.aid_building == 0.0


def test_a_years_building_opens_the_january_after():
    park = Facility(OpensNextJanuary(), cofunding=2.0, unit_cost=3.0)
    for step in range(3, 12):  # April to December 2011
        park.build(step, 100.0)
        park.open_ready(step)
    assert park.capacity == 0.0 and park.aid_building == pytest.approx(900.0)
    park.open_ready(JANUARY_2012)
    assert park.aid_open == pytest.approx(900.0)
    assert park.investment_open == pytest.approx(2700.0)  # with the co-funding it drew in
    assert park.capacity == pytest.approx(900.0)


def test_a_building_opens_months_after_its_first_spending_or_at_once_when_extended():
    hub = Facility(OpensAfterFirstSpending(6))
    hub.build(5, 10.0)
    hub.build(9, 10.0)
    hub.open_ready(10)
    assert hub.aid_open == 0.0
    hub.open_ready(11)
    assert hub.aid_open == 20.0  # both parts open six months after the first spending
    hub.build(JUNE_2012, 5.0)  # money after the opening extends it at once
    hub.open_ready(JUNE_2012)
    assert hub.aid_open == 25.0

    farm = Facility(OpensAfterFirstSpending(6, phase_each_year=True))
    farm.build(3, 10.0)
    farm.build(JUNE_2012, 10.0)  # a new year's money is a new phase of building
    farm.open_ready(JUNE_2012)
    assert farm.aid_open == 10.0
    farm.open_ready(JUNE_2012 + 6)
    assert farm.aid_open == 20.0


@given(
    spending=st.lists(st.floats(0, 1e6), min_size=1, max_size=30),
    cofunding=st.floats(0, 5),
    max_units=st.floats(1, 1e4),
)
def test_spending_within_the_room_never_builds_beyond_the_site(spending, cofunding, max_units):
    site = Facility(OpensAfter(2), cofunding=cofunding, unit_cost=100.0, max_units=max_units)
    for step, wanted in enumerate(spending):
        amount = min(wanted, site.room())
        if amount > 0:
            site.build(step, amount)
        site.open_ready(step)
    site.open_ready(len(spending) + 2)
    assert site.investment_open <= max_units * 100.0 * (1 + 1e-9) + 1e-6
    assert site.capacity <= max_units
    assert site.room() >= 0.0


def test_the_egg_farms_rent_is_on_the_public_investment_and_the_plants_on_the_aid():
    model = run(end_year=2022, households=2000)
    farm, plant = program(model, "egg_farm"), program(model, "slaughter_plant")
    assert farm.lease.on_cofunding and not plant.lease.on_cofunding
    assert farm.monthly_rent() == pytest.approx(
        farm.lease.rent_rate * farm.facility.aid_open * (1 + farm.facility.cofunding) / 12
    )
    assert plant.monthly_rent() == pytest.approx(
        plant.lease.rent_rate * plant.facility.aid_open / 12
    )
    for facility_program in (farm, plant):
        share = facility_program.rent_share_to_poor(2021)
        assert share == pytest.approx(facility_program.lease.share_to_poor)
