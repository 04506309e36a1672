"""Every shipped parameter is traceable: unit, source, a plausible range that holds its value."""

import subprocess
import sys
from pathlib import Path

import pytest

from model.cli.parameters import parameters_markdown
from model.parameters import default_parameters

ROOT = Path(__file__).resolve().parents[1]
PARAMS = default_parameters()


@pytest.mark.parametrize("key", sorted(PARAMS))
def test_every_parameter_has_a_unit_a_source_and_a_range_holding_its_value(key):
    p = PARAMS[key]
    assert p.unit.strip() and p.source.strip()
    low, high = p.range
    assert low <= high
    values = p.value.values() if isinstance(p.value, dict) else p.value
    values = values if isinstance(values, list | type({}.values())) else [values]
    for value in values:
        assert low <= value <= high, f"{key}: {value} outside [{low}, {high}]"


def test_every_program_has_a_default_budget_by_year():
    from model.programs.catalog import program_specs

    for spec in program_specs():
        budget = PARAMS.value(f"{spec.name}.aid_funding_yuan")
        assert isinstance(budget, dict) and all(v >= 0 for v in budget.values()), spec.name


def test_docs_parameters_md_is_the_generated_table():
    assert (ROOT / "docs" / "parameters.md").read_text("utf-8") == parameters_markdown(), (
        "docs/parameters.md is stale: run `make docs`"
    )


def test_linxi_parameters_lists_a_prefix():
    linxi = Path(sys.executable).with_name("linxi")
    done = subprocess.run(
        [str(linxi), "parameters", "egg_farm.share"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.count("\n") == 3 and "seed:egg.379.jobs" in done.stdout


def test_group_gives_the_values_under_a_prefix_by_short_name():
    group = PARAMS.group("egg_farm")
    assert group["share_poor_staff"] == PARAMS.value("egg_farm.share_poor_staff")
    assert len(group) == sum(key.startswith("egg_farm.") for key in PARAMS)
    assert PARAMS.group("egg_farm.") == group and "egg" not in PARAMS.group("egg")
