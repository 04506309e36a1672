"""Overrides of default parameters, checked before a run (``model.parameter_overrides``)."""

import pytest

from model.errors import ScenarioError
from model.parameter_overrides import YEAR_KEYS, check_parameter_overrides
from model.parameters import default_parameters

DEFAULTS = default_parameters()


def refused(overrides: dict) -> str:
    with pytest.raises(ScenarioError) as error:
        check_parameter_overrides(overrides, "my.toml")
    return str(error.value)


def test_overrides_of_the_defaults_own_kind_and_range_pass():
    check_parameter_overrides(
        {
            "herds.elasticity": 0.1,
            "herds.cattle.price_index": {2011: 0.7, 2020: 1.2},
            "crops.sales_share_by_month": DEFAULTS.value("crops.sales_share_by_month"),
        },
        "my.toml",
    )


def test_an_unknown_key_names_the_file_and_the_closest_known_key():
    message = refused({"herds.elastcity": 0.1})
    assert message == (
        "my.toml: parameters.herds.elastcity: unknown parameter; did you mean 'herds.elasticity'?"
    )


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("herds.elasticity", {2011: 0.1}, "expected a number"),
        ("herds.cattle.price_index", 1.0, "expected a table by year"),
        ("crops.sales_share_by_month", 0.1, "expected a list"),
    ],
)
def test_a_value_of_another_kind_than_the_default_is_refused(key, value, expected):
    assert f"parameters.{key}: {expected}, got {value!r}" in refused({key: value})


def test_a_year_outside_the_series_range_is_refused_at_its_key():
    late = YEAR_KEYS[1] + 1
    message = refused({"herds.cattle.price_index": {2011: 0.7, late: 1.0}})
    assert f"parameters.herds.cattle.price_index.{late}: expected a year" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [(float("nan"), "expected a finite number, got nan"), (-5.0, "expected a number >= 0")],
)
def test_a_number_outside_its_limits_is_refused_with_the_reason(value, expected):
    message = refused({"herds.elasticity": value})
    assert message.startswith(f"my.toml: parameters.herds.elasticity: {expected}")
    assert message.endswith("(a non-negative quantity)")


def test_feed_cannot_take_all_of_the_output_per_head():
    # output per head is the 2014 net over (1 - the feed share): a share of one has no output
    message = refused({"herds.feed_share": 1.0})
    assert message.startswith("my.toml: parameters.herds.feed_share: expected a number >= 0 and")
    assert "a share of output per head spent on feed" in message


def test_a_list_keeps_its_length_and_a_distribution_adds_up_to_one():
    shares = DEFAULTS.value("crops.sales_share_by_month")
    assert "expected a list of 12 numbers" in refused({"crops.sales_share_by_month": shares[:-1]})
    doubled = [2 * s for s in shares]
    assert "add up to 1" in refused({"crops.sales_share_by_month": doubled})


def test_shares_that_must_add_up_to_one_together_still_do():
    key = "field_workshops.dehydration.share_of_funding"
    message = refused({key: DEFAULTS.value(key) + 0.1})
    assert f"parameters.{key}: " in message and "must add up to 1" in message
