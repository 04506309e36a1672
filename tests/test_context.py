"""What programs and firms see of the county (model.context) and the hooks they act through."""

import pytest

from model import LinxiModel
from model.context import County


def test_the_county_model_offers_everything_the_protocol_names():
    model = LinxiModel(households=300, rng=1)
    names = set(County.__annotations__) | {
        name for name in vars(County) if not name.startswith("_")
    }
    assert {"households", "register_firm", "set_capacity_effect", "record_output"} <= names
    missing = [name for name in names if not hasattr(model, name)]
    assert not missing


def test_capacity_effects_multiply_by_source_and_replace_their_own_last_value():
    model = LinxiModel(households=300, rng=1)
    assert model.firm_hazard_multiplier == 1.0 and model.targeting_noise_multiplier == 1.0
    model.set_capacity_effect("a", firm_hazard=0.8, noise=0.9)
    model.set_capacity_effect("b", firm_hazard=0.5, noise=1.0)
    model.set_capacity_effect("a", firm_hazard=0.6, noise=0.7)
    assert model.firm_hazard_multiplier == pytest.approx(0.3)
    assert model.targeting_noise_multiplier == pytest.approx(0.7)


def test_firms_join_the_step_in_creation_order_and_outputs_are_declared():
    model = LinxiModel(households=300, rng=1)
    assert [firm.firm_index for firm in model.enterprises] == list(range(len(model.enterprises)))
    assert all(firm.program in model.programs for firm in model.enterprises)
    model.step()
    model.record_output("eggs", 5.0)
    with pytest.raises(KeyError, match="not a monthly output"):
        model.record_output("milk", 1.0)


def test_a_subclass_can_leave_programs_out_of_the_county():
    from tests.program_checks import Without

    model = Without(households=300, rng=1, skip=["jobs", "egg_farm"])
    names = {program.name for program in model.programs}
    assert "egg_farm" not in names and "job_fairs" not in names and "greenhouses" in names
