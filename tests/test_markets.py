"""A year's prices and wages (model.markets): read once, each from its parameter."""

import dataclasses

import pytest

from model.markets import PARAMETER_OF, YearConditions, year_conditions


def test_every_condition_is_its_parameter_in_that_year(params):
    fields = {f.name for f in dataclasses.fields(YearConditions)} - {"year"}
    assert set(PARAMETER_OF) == fields
    for year in (2011, 2016, 2020):
        conditions = year_conditions(params, year)
        assert conditions.year == year
        for field, key in PARAMETER_OF.items():
            assert getattr(conditions, field) == params.at(key, year), field


def test_a_changed_price_reaches_the_conditions_and_they_cannot_be_changed(params):
    dearer = params.with_overrides({"crops.corn_price": {2016: 3.0}})
    conditions = year_conditions(dearer, 2016)
    assert conditions.corn_price == 3.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        conditions.corn_price = 1.0
