"""The settings follow the program: every key a program accepts changes a short run of it, and
every key it does not use (another program's) is refused with the one-line scenario error.

The tests walk the catalogue, so a new program, or a new key, is covered as soon as it exists.
"""

import functools
import hashlib

import pytest

from model import LinxiModel, Scenario, ScenarioError
from model.parameters import default_parameters
from model.programs.catalog import program_specs

N = 800
SEED = 5
END = 2022  # the slaughter plant, funded in 2020, operates from 2021
SPECS = {spec.name: spec for spec in program_specs()}
ALL_KEYS = sorted(set().union(*(spec.settings.model_fields for spec in SPECS.values())))
#: Money for a program with no default budget (cash), so that its keys have something to act on.
MONEY = {2015: 3e6, 2016: 3e6}


def _budget(name: str) -> dict[int, float]:
    funded = default_parameters().value(f"{name}.aid_funding_yuan")
    return {year: amount for year, amount in funded.items() if amount > 0} or MONEY


#: Probes that differ by program: the employment centre places registered-poor seekers, and
#: after 2019 almost none are left to place at this scale, so its failure must come earlier.
PROBES = {("employment_centre", "fail_year"): 2019}


def _probe(name: str, key: str):
    """A value of ``key`` other than the default that should change a run of program ``name``."""
    if (name, key) in PROBES:
        return PROBES[name, key]
    years = sorted(_budget(name))
    first, last, total = years[0], years[-1], sum(_budget(name).values())
    return {
        "enabled": False,
        "funding_scale": 2.0,
        "funding_yuan": {first: 2 * total},
        "funding_total_yuan": 2 * total,
        "start_year": last + 1,  # no money is given at all
        "end_year": first if len(years) > 1 else first - 1,
        "fail_year": 2021,
        "share_poor_staff": 0.9,
        "share_poor_linked": 0.2,
        "share_rent_to_poor": 0.5,
        "same_budget_as_family": "industry",
    }[key]


def _scenario(name: str, **settings) -> Scenario:
    overrides = {f"programs.{other}.enabled": other == name for other in SPECS}
    overrides["run.end_year"] = END
    if not sum(default_parameters().value(f"{name}.aid_funding_yuan").values()):
        overrides[f"programs.{name}.funding_yuan"] = MONEY
    overrides |= {f"programs.{name}.{key}": value for key, value in settings.items()}
    return Scenario(name=f"only_{name}").with_overrides(overrides)


def _fingerprint(scenario: Scenario) -> str:
    """Everything a run produces that a setting could change: tables and household state."""
    return _run_fingerprint(scenario.model_dump_json())


@functools.cache
def _run_fingerprint(scenario_json: str) -> str:
    model = LinxiModel(Scenario.model_validate_json(scenario_json), households=N, rng=SEED).run()
    digest = hashlib.sha256()
    for frame in (model.programs_frame(), model.ledger_frame(), model.monthly_frame()):
        digest.update(frame.to_csv().encode())
    for array in (model.households.last_income, model.households.employer):
        digest.update(array.tobytes())
    return digest.hexdigest()


ACCEPTED = [(name, key) for name, spec in SPECS.items() for key in spec.settings.model_fields]
REFUSED = [
    (name, key)
    for name, spec in SPECS.items()
    for key in ALL_KEYS
    if key not in spec.settings.model_fields
]


@pytest.mark.parametrize(("name", "key"), ACCEPTED, ids=[f"{n}.{k}" for n, k in ACCEPTED])
def test_every_accepted_key_changes_a_run_of_its_program(name, key):
    base = _fingerprint(_scenario(name))
    changed = _fingerprint(_scenario(name, **{key: _probe(name, key)}))
    assert changed != base, f"programs.{name}.{key} is accepted but changes nothing"


@pytest.mark.parametrize(("name", "key"), REFUSED, ids=[f"{n}.{k}" for n, k in REFUSED])
def test_every_other_key_is_refused_with_the_file_and_key(name, key):
    with pytest.raises(ScenarioError, match=rf"^test\.toml: programs\.{name}\.{key}: "):
        Scenario(name="x").with_overrides(
            {f"programs.{name}.{key}": _probe(name, key)}, "test.toml"
        )


def test_a_program_without_a_firm_refuses_fail_year_naming_the_programs_that_take_it():
    with pytest.raises(ScenarioError) as error:
        Scenario(name="x").with_overrides({"programs.greenhouses.fail_year": 2016}, "s.toml")
    message = str(error.value)
    assert message.startswith("s.toml: programs.greenhouses.fail_year: this program runs no firm")
    assert "egg_farm" in message and "\n" not in message
