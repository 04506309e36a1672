"""Industry grants to households (model.programs.industry_grants): a grant buys a herd."""

import numpy as np
import pytest
from program_checks import program, rows, run

from model import LinxiModel, Scenario


@pytest.fixture(scope="module")
def baseline():
    return run()


def test_each_household_is_granted_once_and_only_with_labour(baseline):
    grants = program(baseline, "industry_grants")
    ledger = grants.ledger.to_frame().query("kind == 'spend'")
    grant = baseline.params.value("industry_grants.grant_per_household")
    assert ledger.quantity.sum() == grants.granted.sum() > 0
    assert ledger.yuan.to_numpy() == pytest.approx(ledger.quantity.to_numpy() * grant)
    # registered when granted (a re-check may have removed some since)
    assert (baseline.households.registered | baseline.households.removed)[grants.granted].all()
    own = rows(baseline, "industry_grants")
    assert own.beneficiary_households.sum() == grants.granted.sum()  # once each


def test_a_grant_buys_its_value_in_head_at_the_years_price():
    scenario = Scenario(name="t").with_overrides({"run.end_year": 2016})
    model = LinxiModel(scenario, households=2500, rng=6)
    grants = program(model, "industry_grants")
    month = model.params.value("industry_grants.grant_month")
    while (model.year, model.month) < (2016, month - 1):
        model.step()
    population = model.households
    cattle, sheep, before = population.cattle.copy(), population.sheep.copy(), grants.granted.copy()
    model.step()  # the grant month of 2016
    new = grants.granted & ~before
    assert new.any()
    assert (population.n_able[new] > 0).all()  # no grant without labour
    at = model.params.at
    grant = at("industry_grants.grant_per_household", 2016)
    value = {
        s: at(f"herds.{s}.sale_value_per_head", 2016) * at(f"herds.{s}.price_index", 2016)
        for s in ("cattle", "sheep")
    }
    bought = (population.cattle - cattle) * value["cattle"] + (population.sheep - sheep) * value[
        "sheep"
    ]
    assert bought[new] == pytest.approx(np.full(new.sum(), grant))
    assert (bought[~new] == 0).all()
    # a cattle keeper buys cattle
    keepers = new & (cattle > 0)
    assert (population.cattle[keepers] > cattle[keepers]).all()


def test_grants_raise_the_herds_of_registered_households(baseline):
    without = run({"programs.industry_grants.enabled": False})
    granted = program(baseline, "industry_grants").granted
    head = baseline.households.cattle + baseline.households.sheep / 10
    head_without = without.households.cattle + without.households.sheep / 10
    assert head[granted].sum() > head_without[granted].sum()
