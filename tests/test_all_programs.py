"""Properties every program of the catalogue must have, checked program by program.

These tests iterate over ``program_specs()``, so a new program is covered as soon as it is in the
catalogue.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import LinxiModel, Scenario
from model.programs.catalog import FAMILIES, program_specs

N = 1500  # households: small, but every program still reaches someone
SEED = 11
LATE = 2022  # runs to this year let programs funded in 2020 (the slaughter plant) operate
FAIL = 2022  # forced failure year: every firm has operated in 2021
SPECS = program_specs()
NAMES = [spec.name for spec in SPECS]


def _only(name: str, end_year: int = 2020, **settings) -> Scenario:
    """A scenario where only program ``name`` is on, with the given settings."""
    overrides = {f"programs.{other}.enabled": other == name for other in NAMES}
    overrides["run.end_year"] = end_year
    overrides |= {f"programs.{name}.{key}": value for key, value in settings.items()}
    return Scenario(name=f"only_{name}").with_overrides(overrides)


def _run(scenario: Scenario, households: int = N, seed: int = SEED) -> LinxiModel:
    return LinxiModel(scenario, households=households, rng=seed).run()


@pytest.fixture(scope="module")
def no_programs() -> LinxiModel:
    """Neither Beijing's aid nor China's own programmes."""
    overrides = {"aid.enabled": False, "domestic.enabled": False}
    return _run(Scenario(name="no_programs").with_overrides(overrides))


def _household_state(model: LinxiModel) -> dict[str, np.ndarray]:
    population = model.households
    return {
        name: getattr(population, name)
        for name in population.__dataclass_fields__
        if name != "programs_touched"
    }


def _default_total(name: str) -> float:
    from model.parameters import default_parameters

    return sum(default_parameters().value(f"{name}.aid_funding_yuan").values())


FUNDED = [name for name in NAMES if _default_total(name) > 0]
REACHING = [s.name for s in SPECS if s.name in FUNDED and s.reaches_households]


@pytest.mark.parametrize("name", NAMES)
def test_a_program_with_zero_funding_spends_nothing_and_changes_nothing(name, no_programs):
    model = _run(_only(name, funding_scale=0.0))
    program = next(p for p in model.programs if p.name == name)
    assert program.ledger.spent == 0.0
    assert model.programs_frame().query("program == @name").income_delivered_yuan.sum() == 0
    for key, value in _household_state(model).items():
        np.testing.assert_array_equal(value, _household_state(no_programs)[key], err_msg=key)
    pd.testing.assert_frame_equal(model.annual_frame(), no_programs.annual_frame())


@pytest.mark.parametrize("name", REACHING)
def test_more_funding_never_lowers_a_programs_own_beneficiaries(name):
    def reached(scale: float) -> int:
        scenario = _only(name, end_year=LATE, funding_scale=scale)
        rows = _run(scenario).programs_frame().query("program == @name")
        return int(rows.beneficiaries.sum())

    one, two = reached(1.0), reached(2.0)
    assert one > 0, f"{name} reaches nobody at its default funding"
    assert two >= one


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scales=st.lists(st.sampled_from([0.0, 0.5, 1.0, 3.0]), min_size=len(FAMILIES)))
def test_no_program_spends_more_than_its_budget(scales):
    overrides = {
        f"families.{family}.funding_scale": scale
        for family, scale in zip(FAMILIES, scales, strict=False)
    }
    model = LinxiModel(
        Scenario(name="scaled").with_overrides(overrides), households=800, rng=3
    ).run()
    for program in model.programs:
        for year in range(model.start_year, model.end_year + 1):
            spent = sum(program.ledger.spent_in(y) for y in range(model.start_year, year + 1))
            assert spent <= program.ledger.given_through(year) * (1 + 1e-9) + 1e-6


def test_household_counts_are_conserved(baseline_small):
    population = baseline_small.households
    assert len(population) == 3000
    annual = baseline_small.annual_frame().set_index("year")
    # Households dissolve when their last member dies or leaves, never appear from nowhere.
    assert (annual.households <= 3000).all() and annual.households.is_monotonic_decreasing
    # People: last year's, plus births, less deaths and departures (demography in January).
    change = annual.people.diff().iloc[1:]
    flows = (annual.births - annual.deaths - annual.departures).iloc[1:]
    assert (change == flows).all()


def test_programs_csv_has_a_row_for_every_program_in_every_year(baseline_small):
    frame = baseline_small.programs_frame()
    years = range(baseline_small.start_year, baseline_small.end_year + 1)
    assert set(frame.program) == set(NAMES)
    assert set(frame.family) <= set(FAMILIES)
    for name in NAMES:
        assert sorted(frame.query("program == @name").year) == list(years), name
    active = frame[frame.spent_yuan > 0]
    assert set(active.family) == {s.family for s in SPECS if s.name in FUNDED}


def test_spending_by_year_never_exceeds_the_budget_given_so_far(baseline_small):
    frame = baseline_small.programs_frame().sort_values(["program", "year"])
    cumulative = frame.groupby("program")[["budget_yuan", "spent_yuan"]].cumsum()
    assert (cumulative.spent_yuan <= cumulative.budget_yuan * (1 + 1e-9) + 1e-6).all()


def _firm_programs():
    model = LinxiModel(households=N, rng=SEED)
    return sorted({getattr(f, "program", None).name for f in model.enterprises})


@pytest.mark.parametrize("name", _firm_programs())
def test_a_forced_failure_stops_wages_and_rent_from_that_month_on(name):
    model = _run(_only(name, end_year=FAIL + 1, fail_year=FAIL))
    firms = [f for f in model.enterprises if f.program.name == name]
    program = firms[0].program
    assert any(firm.accounts for firm in firms), f"no firm of {name} operated before {FAIL}"
    for firm in firms:
        assert firm.failed
        if firm.failed_on < (FAIL, 1):  # failed earlier on its own (random or losses)
            assert "forced" not in firm.failure_reason
        else:
            assert firm.failed_on == (FAIL, 1) and "forced" in firm.failure_reason
        assert not firm.staff().any()
        assert all((row["year"], row["month"]) < (FAIL, 1) for row in firm.accounts)
    ledger = program.ledger.to_frame()
    assert ledger.query("kind == 'flow' and year >= @FAIL and item.str.contains('rent')").empty
    assert model.monthly_frame().query("year >= @FAIL").jobs.eq(0).all()


def test_a_total_is_spread_over_the_default_years():
    model = LinxiModel(
        Scenario(name="total").with_overrides({"programs.greenhouses.funding_total_yuan": 1e7}),
        households=N,
        rng=SEED,
    )
    budget = next(p for p in model.programs if p.name == "greenhouses").ledger.budget
    assert sum(budget.values()) == pytest.approx(1e7 * model.scale)
    assert sorted(budget) == list(range(2011, 2021))  # the default profile: 2011-2020, even


def test_a_total_needs_a_profile():
    from model import ScenarioError

    with pytest.raises(ScenarioError, match="cash_transfers.funding_total_yuan"):
        Scenario().with_overrides({"programs.cash_transfers.funding_total_yuan": 1e7})
