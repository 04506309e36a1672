import pytest

from model import ScenarioError, load_scenario
from model.scenario import resolve_parameters
from tests.conftest import SCENARIOS


def test_shipped_scenarios_load():
    baseline = load_scenario(SCENARIOS / "baseline.toml")
    no_aid = load_scenario(SCENARIOS / "no_aid.toml")
    assert baseline.name == "baseline" and baseline.aid.enabled
    assert no_aid.name == "no_aid" and not no_aid.aid.enabled
    # no_aid inherits everything else from the baseline
    assert no_aid.run == baseline.run and no_aid.programs == baseline.programs


def test_overrides_by_dotted_path():
    scenario = load_scenario(
        SCENARIOS / "baseline.toml",
        {"programs.egg_farm.share_poor_staff": 0.5, "parameters.egg_farm.rent_rate": 0.08},
    )
    params = resolve_parameters(scenario)
    assert params.value("egg_farm.share_poor_staff") == 0.5
    assert params.value("egg_farm.rent_rate") == 0.08
    assert "[overridden]" in params["egg_farm.rent_rate"].source


def test_every_default_parameter_has_unit_source_and_range():
    params = resolve_parameters(load_scenario(SCENARIOS / "baseline.toml"))
    for key, parameter in params.items():
        assert parameter.unit and parameter.source, key
        low, high = parameter.range
        assert low <= high, key


def test_inheritance_loop_is_an_error(tmp_path):
    (tmp_path / "a.toml").write_text('base = "b.toml"\n')
    (tmp_path / "b.toml").write_text('base = "a.toml"\n')
    with pytest.raises(ScenarioError, match="loops back"):
        load_scenario(tmp_path / "a.toml")


BAD = {
    "unknown_key": (
        "[programs.egg_farm]\nshare_poor_staf = 0.3\n",
        "programs.egg_farm.share_poor_staf",
        "did you mean 'share_poor_staff'",
    ),
    "wrong_type": ('[run]\nend_year = "soon"\n', "run.end_year", "integer"),
    "negative_money": (
        "[programs.egg_farm.funding_yuan]\n2017 = -5.0\n",
        "programs.egg_farm.funding_yuan.2017",
        "greater than or equal to 0",
    ),
    "share_above_one": (
        "[programs.egg_farm]\nshare_rent_to_poor = 1.5\n",
        "programs.egg_farm.share_rent_to_poor",
        "less than or equal to 1",
    ),
    "syntax_error": ("[programs.egg_farm\nfunding_scale = 2\n", "", "TOML syntax error"),
    "unknown_parameter": (
        '[parameters]\n"egg_farm.rent_rat" = 0.1\n',
        "parameters.egg_farm.rent_rat",
        "did you mean 'egg_farm.rent_rate'",
    ),
    "negative_parameter": (
        '[parameters]\n"egg_farm.rent_rate" = -0.1\n',
        "parameters.egg_farm.rent_rate",
        ">= 0",
    ),
    "infinite_scale": ("[aid]\nfunding_scale = inf\n", "aid.funding_scale", "finite number"),
    "overflowing_scale": (
        "[families.industry]\nfunding_scale = 1e308\n",
        "families.industry.funding_scale",
        "less than or equal to 100",
    ),
    "nan_budget": (
        "[programs.egg_farm.funding_yuan]\n2017 = nan\n",
        "programs.egg_farm.funding_yuan.2017",
        "finite number",
    ),
    "infinite_parameter": (
        '[parameters]\n"egg_farm.rent_rate" = -inf\n',
        "parameters.egg_farm.rent_rate",
        "finite number",
    ),
    "huge_seed": ("[run]\nseed = 9223372036854775808\n", "run.seed", "less than or equal"),
    "fractional_month": (
        '[parameters]\n"land.rent_month" = 5.5\n',
        "parameters.land.rent_month",
        "whole number",
    ),
    "name_with_a_path": ('name = "../elsewhere"\n', "name", "pattern"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_scenarios_name_the_file_and_key(tmp_path, case):
    text, key, expected = BAD[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert key in message
    assert expected in message


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nope.toml")
