"""A year's prices and wages (model.markets): read once, each from its parameter."""

import dataclasses

import pytest

from model.markets import PARAMETER_OF, YearConditions, year_conditions


def test_every_condition_is_its_parameter_in_that_year(params):
    fields = {f.name for f in dataclasses.fields(YearConditions)} - {"year"}
    built = {"crops", "herds", "away_net_monthly"}
    assert set(PARAMETER_OF) == fields - built
    for year in (2011, 2016, 2020):
        conditions = year_conditions(params, year)
        assert conditions.year == year
        for field, key in PARAMETER_OF.items():
            assert getattr(conditions, field) == params.at(key, year), field
        assert conditions.away_net_monthly == pytest.approx(
            params.at("labour.away_wage_monthly", year) * params.at("labour.remittance_share", year)
        )
        assert conditions.corn_price == params.at("crops.corn.price", year)


def test_a_changed_price_reaches_the_conditions_and_they_cannot_be_changed(params):
    dearer = params.with_overrides({"crops.corn.price": {2016: 3.0}})
    conditions = year_conditions(dearer, 2016)
    assert conditions.corn_price == 3.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        conditions.local_day_wage = 1.0
