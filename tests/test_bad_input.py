"""No bad number accepted and no traceback for bad input: scenario files generated from the schema
and mutated, the command line's flags, and bad places (an output path that is a file, a
population too large for memory). Each either runs or is refused in one line, status 2."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import tempfile
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from model.cli import main
from model.limits import HOUSEHOLDS_MAX, parameter_limits
from model.parameters import default_parameters
from model.scenario import Scenario
from tests.conftest import SCENARIOS

BAD_NUMBERS = [math.inf, -math.inf, math.nan, 1e308, -1e308, 10**30, -(10**30), -1, 1e13]
SETTINGS = settings(
    max_examples=int(os.environ.get("LINXI_HYPOTHESIS_EXAMPLES", 40)),
    deadline=None,
    derandomize="LINXI_HYPOTHESIS_EXAMPLES" not in os.environ,  # CI: the same examples always
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- values from the schema ------------------------------------------------------------------------
def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for item in metadata:
        for inner in [item, *(getattr(item, "metadata", None) or [])]:
            low = getattr(inner, "ge", low) if getattr(inner, "ge", None) is not None else low
            high = getattr(inner, "le", high) if getattr(inner, "le", None) is not None else high
    return low, high


def valid(annotation: Any, metadata: list[Any] | None = None) -> st.SearchStrategy:
    """Values the schema accepts for ``annotation`` (kept small where size means run time)."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return valid(base, [*meta, *metadata])
    if origin in (typing.Union, types.UnionType):
        return st.one_of([valid(arg, metadata) for arg in typing.get_args(annotation)])
    if origin is dict:
        key, value = typing.get_args(annotation)
        return st.dictionaries(valid(key), valid(value), max_size=3)
    if annotation is type(None):
        return st.none()
    if annotation is bool:
        return st.booleans()
    low, high = _bounds(metadata)
    if annotation is int:
        return st.integers(int(low if low is not None else 0), int(min(high or 3000, 3000)))
    if annotation is float:
        top = min(high if high is not None else 1e9, 1e9)
        return st.floats(low if low is not None else 0.0, top, allow_nan=False)
    if annotation is str:
        return st.text(alphabet="abcxyz_-", min_size=1, max_size=12)
    raise NotImplementedError(annotation)


def leaves(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Any]]:
    """Every leaf key of the scenario schema and its annotation."""
    out = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += leaves(annotation, f"{prefix}{name}.")
        elif name != "parameters":
            meta = field.metadata
            out.append(
                (f"{prefix}{name}", typing.Annotated[annotation, *meta] if meta else annotation)
            )
    return out


LEAVES = leaves(Scenario)
PARAMETERS = default_parameters()
MUTANTS = st.one_of(
    st.sampled_from(BAD_NUMBERS),
    st.sampled_from(["soon", True, [1, 2], {"a": 1}, "", {2017: math.inf}]),
)


def mutated(draw: st.DrawFn) -> bool:
    """One value in four is mutated; the others are what the schema accepts."""
    return draw(st.integers(0, 3)) == 0


@st.composite
def scenario_value(draw: st.DrawFn) -> tuple[str, Any]:
    key, annotation = draw(st.sampled_from(LEAVES))
    return key, draw(MUTANTS) if mutated(draw) else draw(valid(annotation))


@st.composite
def parameter_value(draw: st.DrawFn) -> tuple[str, Any]:
    key = draw(st.sampled_from(sorted(PARAMETERS)))
    parameter = PARAMETERS[key]
    limits = parameter_limits(key, parameter.value, parameter.unit, parameter.range)
    if mutated(draw):
        return f"parameters.{key}", draw(MUTANTS)
    number = (
        st.integers(int(math.ceil(limits.low)), int(min(limits.high, limits.low + 1000)))
        if limits.whole
        else st.floats(limits.low, limits.high, allow_nan=False, exclude_min=limits.low_open)
    )
    default = parameter.value
    if isinstance(default, dict):
        value = draw(st.dictionaries(st.sampled_from(sorted(default)), number, min_size=1))
    elif isinstance(default, list):
        value = default if draw(st.booleans()) else draw(st.lists(number, min_size=1, max_size=6))
    else:
        value = draw(st.one_of(number, st.sampled_from([limits.low, limits.high])))
    return f"parameters.{key}", value


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_line(key: str, value: Any) -> str:
    if value is None:  # TOML has no null: an unset optional key is left out
        return f"# {key} unset"
    if key.startswith("parameters."):
        return f'parameters."{key.removeprefix("parameters.")}" = {toml_value(value)}'
    return f"{key} = {toml_value(value)}"


def run_cli(argv: list[str]) -> tuple[int, list[str]]:
    """Run ``linxi`` in this process; return its status and its standard error's lines."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's own errors
            status = exc.code
    return status, err.getvalue().strip().splitlines()


def assert_ran_or_refused_in_one_line(status: int, lines: list[str], out: Path) -> None:
    event("ran" if status == 0 else "refused")
    if status == 0:
        assert out.exists()
        return
    assert status == 2, lines
    assert len(lines) == 1 and "error:" in lines[0], lines
    assert not out.exists()


# -- scenario files ------------------------------------------------------------------------------
EXTRA_LINES = st.one_of(
    st.none(),
    st.none(),
    st.sampled_from(
        ["programs.egg_farm.fundng_scale = 1", "[run", 'base = "missing.toml"', "run = 3"]
    ),
)


@SETTINGS
@given(
    values=st.lists(st.one_of(scenario_value(), parameter_value()), min_size=1, max_size=2),
    extra=EXTRA_LINES,
)
def test_generated_scenario_files_run_or_are_refused_in_one_line(values, extra):
    lines = [toml_line(key, value) for key, value in dict(values).items()]
    if extra:
        lines.append(extra)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.toml"
        path.write_text("\n".join(lines) + "\n")
        out = Path(folder) / "out"
        status, errors = run_cli(
            ["run", str(path), "--households", "60", "--set", "run.end_year=2012",
             "--out", str(out), "--quiet"]
        )  # fmt: skip
        assert_ran_or_refused_in_one_line(status, errors, out)


# -- command-line flags --------------------------------------------------------------------------
BAD_FLAG_VALUES = st.sampled_from(
    ["inf", "-inf", "nan", "1e308", "1e999", "-1", "0", "x", "", "2.5", "10**3", "1e20"]
)
#: Values each flag takes (kept small where size means run time).
GOOD_FLAG_VALUES = {
    "--seed": st.integers(0, 2**63 - 1).map(str),
    "--households": st.integers(50, 200).map(str),
    "--runs": st.integers(1, 2).map(str),
    "--workers": st.just("1"),
    "--dask-timeout": st.floats(0.01, 3600).map(repr),
    "--threshold": st.floats(0, 1e6).map(repr),
    "--samples": st.integers(1, 3).map(str),
    "--n": st.integers(1, 2).map(str),
    "--year": st.integers(2011, 2035).map(str),
}
FLAG_VALUES = st.one_of(BAD_FLAG_VALUES, st.integers(-5, 3).map(str))
COMMANDS = {
    "run": ["run", str(SCENARIOS / "baseline.toml")],
    "compare": ["compare", str(SCENARIOS / "no_aid.toml"), str(SCENARIOS / "baseline.toml")],
    "sweep": ["sweep", str(SCENARIOS / "baseline.toml"), "--lever", "aid.funding_scale=0.5,1"],
    "sensitivity": [
        "sensitivity", str(SCENARIOS / "baseline.toml"), "--param", "egg_farm.rent_rate=0.04,0.1"
    ],
}  # fmt: skip
FLAGS = {
    "run": ["--seed", "--households", "--runs", "--workers", "--dask-timeout"],
    "compare": ["--seed", "--households", "--runs", "--threshold"],
    "sweep": ["--seed", "--households", "--samples"],
    "sensitivity": ["--seed", "--households", "--n", "--year"],
}


@st.composite
def command_line(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    flags = draw(st.lists(st.sampled_from(FLAGS[command]), min_size=1, max_size=3, unique=True))
    argv = list(COMMANDS[command])
    for flag in flags:
        argv += [flag, draw(BAD_FLAG_VALUES if mutated(draw) else GOOD_FLAG_VALUES[flag])]
    if "--households" not in flags:
        argv += ["--households", "60"]
    if command in ("compare", "run") and "--runs" not in flags:
        argv += ["--runs", "1"]
    if command == "sensitivity" and "--n" not in flags:
        argv += ["--n", "1"]
    return argv


@SETTINGS
@given(argv=command_line(), set_value=st.one_of(st.none(), st.none(), FLAG_VALUES))
def test_flags_take_finite_numbers_in_range_or_refuse_in_one_line(argv, set_value):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        extra = ["--set", f"aid.funding_scale={set_value}"] if set_value is not None else []
        status, errors = run_cli(
            [*argv, *extra, "--set", "run.end_year=2012", "--out", str(out), "--quiet"]
        )
        if argv[0] == "sweep" and "--samples" in argv and status == 0:
            pass  # --samples without --design lhs is allowed and ignored
        assert_ran_or_refused_in_one_line(status, errors, out)


def test_the_issue_s_bad_numbers_are_refused(tmp_path):
    for text, key in (
        ("[aid]\nfunding_scale = inf\n", "aid.funding_scale"),
        ("[families.industry]\nfunding_scale = 1e308\n", "families.industry.funding_scale"),
    ):
        path = tmp_path / "bad.toml"
        path.write_text(f'base = "{SCENARIOS / "baseline.toml"}"\n{text}')
        status, lines = run_cli(["run", str(path), "--households", "60", "--out",
                                 str(tmp_path / "out")])  # fmt: skip
        assert status == 2 and len(lines) == 1 and key in lines[0]
    for flag, value in (("--households", "inf"), ("--seed", "nan"), ("--runs", "1e999")):
        status, lines = run_cli(["run", str(SCENARIOS / "baseline.toml"), flag, value])
        assert status == 2 and len(lines) == 1 and flag in lines[0], lines
    status, lines = run_cli(["compare", str(SCENARIOS / "no_aid.toml"),
                             str(SCENARIOS / "baseline.toml"), "--threshold", "inf"])  # fmt: skip
    assert status == 2 and len(lines) == 1 and "finite" in lines[0]


def test_seeds_stay_below_2_to_the_63(tmp_path):
    top = str(2**63 - 1)
    argv = ["run", str(SCENARIOS / "baseline.toml"), "--households", "60",
            "--set", "run.end_year=2011", "--quiet"]  # fmt: skip
    status, _ = run_cli([*argv, "--seed", top, "--out", str(tmp_path / "one")])
    assert status == 0  # the largest seed runs
    status, lines = run_cli([*argv, "--seed", str(2**63), "--out", str(tmp_path / "two")])
    assert status == 2 and len(lines) == 1 and str(2**63 - 1) in lines[0]
    # an ensemble whose seeds would pass the largest is refused before it runs
    status, lines = run_cli([*argv, "--seed", top, "--runs", "2", "--out", str(tmp_path / "e")])
    assert status == 2 and len(lines) == 1 and "2**63-1" in lines[0]
    assert not (tmp_path / "e").exists()


# -- bad places ----------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["run", "run --runs 2", "compare", "report", "calibrate"])
def test_an_output_path_that_is_a_file_is_one_line(tmp_path, command):
    taken = tmp_path / "taken"
    taken.write_text("mine\n")
    argv = {
        "run": ["run", str(SCENARIOS / "baseline.toml")],
        "run --runs 2": ["run", str(SCENARIOS / "baseline.toml"), "--runs", "2"],
        "compare": ["compare", str(SCENARIOS / "no_aid.toml"), str(SCENARIOS / "baseline.toml")],
        "report": ["report", str(SCENARIOS / "baseline.toml"), "--runs", "1"],
        "calibrate": ["calibrate", "--budget", "1"],
    }[command]
    for out in (taken, taken / "below"):  # the file itself, or a folder under it
        status, lines = run_cli([*argv, "--households", "60", "--out", str(out)])
        assert status == 2 and len(lines) == 1, lines
        assert str(taken) in lines[0] and "file" in lines[0]
    assert taken.read_text() == "mine\n"


def test_a_population_too_large_for_memory_is_one_line_before_building(tmp_path):
    from model.memory import available_bytes, estimate_bytes

    available = available_bytes()
    if available is not None and estimate_bytes(HOUSEHOLDS_MAX) < 0.8 * available:
        pytest.skip("this machine could build the largest population allowed")
    status, lines = run_cli(["run", str(SCENARIOS / "baseline.toml"), "--households",
                             "99999999", "--out", str(tmp_path / "out")])  # fmt: skip
    assert status == 2 and len(lines) == 1
    assert "99,999,999 households" in lines[0] and "GiB" in lines[0]
    assert not (tmp_path / "out").exists()


# -- every parameter at both ends of its allowed range ---------------------------------------------
def _at(parameter: Any, limits: Any, end: float) -> Any:
    value = parameter.value
    end = int(end) if limits.whole else end
    if isinstance(value, dict):
        return dict.fromkeys(value, end)
    if isinstance(value, list):
        return [end] * len(value)
    return end


def _distribution(parameter: Any, limits: Any) -> bool:
    value = parameter.value
    return (
        isinstance(value, list)
        and limits.why == "a share or probability"
        and (abs(sum(value) - 1.0) < 1e-9)
    )


@pytest.mark.parametrize("key", sorted(PARAMETERS))
def test_every_parameter_runs_at_both_ends_of_its_allowed_range(key):
    """The allowed range is one the model runs in, 2011-2020, not only one it validates."""
    from model import LinxiModel
    from model.limits import SUM_TO_ONE

    parameter = PARAMETERS[key]
    limits = parameter_limits(key, parameter.value, parameter.unit, parameter.range)
    if _distribution(parameter, limits) or any(key in group for group in SUM_TO_ONE):
        pytest.skip("shares that must add up to one: their ends are not values on their own")
    for end in (limits.low, limits.high):
        LinxiModel(households=50, rng=1, parameters={key: _at(parameter, limits, end)}).run()
