"""Scenario files: a pydantic schema, TOML loading with ``base`` inheritance, and overrides.

A scenario is data, never code. It names the run (years, seed, population size), switches
Beijing's aid (``[aid]``), China's own programmes (``[domestic]``), families and single programs on
or off, scales or replaces their funding, sets the 379 shares, forces shocks, and overrides any
default parameter by its dotted key::

    name = "strict_379"
    base = "baseline.toml"          # inherit everything, then change:
    [programs.egg_farm]
    share_poor_staff = 0.5

Every error names the file, the key, the value and what was expected, on one line.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
)

from model.aid.funding import FUNDER_GROUPS
from model.aid.settings import NOT_APPLICABLE, FamilySettings, Scale, Share, Year
from model.errors import ScenarioError
from model.limits import (
    HOUSEHOLDS_MAX,
    HOUSEHOLDS_MIN,
    SEED_MAX,
)
from model.parameter_overrides import check_parameter_overrides
from model.parameters import Parameters, default_parameters
from model.programs.catalog import FAMILIES, program_specs
from model.weather import WeatherMode

__all__ = [
    "ScenarioError",
    "Scenario",
    "load_scenario",
    "resolve_parameters",
    "KEYWORD_LEVERS",
]


class _Strict(BaseModel):
    # numbers are finite: inf, -inf and nan (and values that overflow to them) are refused
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _plain_name(name: str) -> str:
    if name in (".", ".."):
        raise ValueError("a name cannot be '.' or '..'")
    return name


#: A scenario's name: used in outputs and folder names, so it names no other folder.
Name = Annotated[
    str,
    Field(min_length=1, max_length=100, pattern=r"^[^/\\\x00-\x1f]+$"),
    AfterValidator(_plain_name),
]


class RunSettings(_Strict):
    """When the run starts and ends, its seed and its population size."""

    start_year: Annotated[int, Field(ge=2011, le=2011)] = 2011
    end_year: Annotated[int, Field(ge=2011, le=2025)] = 2020
    seed: Annotated[int, Field(ge=0, le=SEED_MAX)] = 0
    households: Annotated[int, Field(ge=HOUSEHOLDS_MIN, le=HOUSEHOLDS_MAX)] | None = Field(
        default=None, description="Simulated households; None means the full county."
    )


class AidSettings(_Strict):
    """Beijing-Fengtai aid as a whole: on or off, scaled, cut after 2020, or stopped after a year.

    Applies to the programs whose funder is Beijing-Fengtai (``funder_group == "beijing"``).
    """

    enabled: bool = True
    funding_scale: Scale = 1.0
    post_2020_scale: Scale = Field(
        default=1.0,
        description="Scale on every budget after 2020 (1 continues aid at its default level).",
    )
    stop_after_year: Year | None = None


class DomesticSettings(AidSettings):
    """China's own programmes as a whole (central, provincial and county money), like ``[aid]``.

    Applies to the programs whose funder is domestic (``funder_group == "domestic"``).
    """


def _section_model(name: str, fields: dict[str, type[BaseModel]], doc: str) -> type[BaseModel]:
    model = create_model(name, __base__=_Strict, **{k: (v, v()) for k, v in fields.items()})
    model.__doc__ = doc
    return model


#: ``programs.<name>``: one table per program of the catalogue.
ProgramsSettings = _section_model(
    "ProgramsSettings",
    {spec.name: spec.settings for spec in program_specs()},
    "Settings of each aid program, by program name.",
)

#: ``families.<family>``: one table per program family.
FamiliesSettings = _section_model(
    "FamiliesSettings",
    {family: FamilySettings for family in FAMILIES},
    "Settings of each program family, by family name.",
)


class ShockSettings(_Strict):
    """Weather and forced shocks.

    Attributes:
        weather: ``"historical"`` replays the recorded drought of 2011-2020 (the same in every
            run); ``"random"`` draws every year's drought from the run's seed (see
            ``model.weather``).
        drought_severity: Severities (share of dry-land yield lost) forced in given years.
    """

    weather: WeatherMode = "historical"
    drought_severity: dict[Year, Share] = Field(default_factory=dict)


class Scenario(_Strict):
    """A validated scenario.

    Attributes:
        name: Short name, used in outputs.
        description: The question the scenario answers.
        run: Years, seed and population size.
        aid: Beijing-Fengtai aid as a whole.
        domestic: China's own (domestic) programmes as a whole.
        families: Per-family switches and funding scales.
        programs: Per-program settings.
        shocks: Forced shocks.
        parameters: Overrides of default parameters by dotted key.
    """

    name: Name = "unnamed"
    description: Annotated[str, Field(max_length=10_000)] = ""
    run: RunSettings = RunSettings()
    aid: AidSettings = AidSettings()
    domestic: DomesticSettings = DomesticSettings()
    families: FamiliesSettings = FamiliesSettings()  # type: ignore[valid-type]
    programs: ProgramsSettings = ProgramsSettings()  # type: ignore[valid-type]
    shocks: ShockSettings = ShockSettings()
    parameters: dict[str, float | list[float] | dict[int, float]] = Field(default_factory=dict)

    def funder_group(self, group: str) -> AidSettings:
        """The settings of a funder group: ``[aid]`` for ``"beijing"``, ``[domestic]`` else."""
        if group not in FUNDER_GROUPS:
            raise KeyError(f"unknown funder group {group!r}; expected one of {FUNDER_GROUPS}")
        return self.aid if group == "beijing" else self.domestic

    def with_overrides(self, overrides: Mapping[str, Any], source: str = "<overrides>") -> Scenario:
        """Return a copy with dotted-path values replaced, validated again.

        Args:
            overrides: ``{"programs.egg_farm.funding_scale": 2.0, ...}``; a key under
                ``parameters.`` overrides a default parameter.
            source: Where the overrides came from, for error messages.
        """
        data = self.model_dump()
        for path, value in overrides.items():
            _set_path(data, path, value, source)
        return _validate(data, source)


# Plain keyword arguments of LinxiModel, each a dotted path into the scenario.
KEYWORD_LEVERS: dict[str, str] = {
    "aid_enabled": "aid.enabled",
    "aid_funding_scale": "aid.funding_scale",
    "domestic_enabled": "domestic.enabled",
    "domestic_funding_scale": "domestic.funding_scale",
    **{f"{family}_funding_scale": f"families.{family}.funding_scale" for family in FAMILIES},
    "egg_farm_enabled": "programs.egg_farm.enabled",
    "egg_farm_funding_scale": "programs.egg_farm.funding_scale",
    "share_poor_staff": "programs.egg_farm.share_poor_staff",
    "share_poor_linked": "programs.egg_farm.share_poor_linked",
    "share_rent_to_poor": "programs.egg_farm.share_rent_to_poor",
    "end_year": "run.end_year",
}


def _set_path(data: dict[str, Any], path: str, value: Any, source: str) -> None:
    if path.startswith("parameters."):
        data.setdefault("parameters", {})[path.removeprefix("parameters.")] = value
        return
    parts = path.split(".")
    node = data
    for depth, part in enumerate(parts[:-1]):
        child = node.get(part)
        if not isinstance(child, dict):
            raise ScenarioError(source, ".".join(parts[: depth + 1]), "is not a table")
        node = child
    node[parts[-1]] = value


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Return the field names valid at ``loc`` (for did-you-mean suggestions)."""
    current: Any = model
    for part in loc[:-1]:
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = fields[part].annotation
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


#: Names pydantic gives the members of a union in an error's location (not keys).
_UNION_TAGS = {"float", "int", "list[float]", "dict[int,float]"}


def _describe(error: Mapping[str, Any]) -> tuple[str, str]:
    loc = tuple(part for part in error["loc"] if part not in _UNION_TAGS)
    key = ".".join(str(part) for part in loc)
    if error["type"] == "extra_forbidden":
        if len(loc) == 3 and loc[0] == "programs" and loc[2] in NOT_APPLICABLE:
            takers = [s.name for s in program_specs() if loc[2] in s.settings.model_fields]
            return key, f"{NOT_APPLICABLE[loc[2]]} (it is a key of: {', '.join(takers)})"
        allowed = _allowed_keys(Scenario, loc)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = (
            f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(allowed)}"
        )
        return key, f"unknown key{hint}"
    value = error.get("input")
    return key, f"{error['msg'].lower()}, got {value!r}"


def _validate(data: Mapping[str, Any], source: str | Path) -> Scenario:
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        key, message = _describe(exc.errors()[0])
        raise ScenarioError(source, key, message) from None
    if scenario.run.end_year < scenario.run.start_year:
        raise ScenarioError(source, "run.end_year", "must not be before run.start_year")
    check_parameter_overrides(scenario.parameters, source)
    _check_programs(scenario, source)
    return scenario


def _check_programs(scenario: Scenario, source: str | Path) -> None:
    for spec in program_specs():
        settings = getattr(scenario.programs, spec.name)
        where = f"programs.{spec.name}"
        if (
            settings.start_year is not None
            and settings.end_year is not None
            and settings.end_year < settings.start_year
        ):
            raise ScenarioError(source, f"{where}.end_year", "must not be before start_year")
        if settings.funding_total_yuan is not None and settings.funding_yuan is None:
            profile = default_parameters().value(f"{spec.name}.aid_funding_yuan")
            if (
                not sum(profile.values())
                and getattr(settings, "same_budget_as_family", None) is None
            ):
                raise ScenarioError(
                    source,
                    f"{where}.funding_total_yuan",
                    "the program has no default yearly profile to spread a total over; "
                    "give funding_yuan by year instead",
                )
        family = getattr(settings, "same_budget_as_family", None)
        if family is not None and family not in FAMILIES:
            close = difflib.get_close_matches(family, FAMILIES, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ScenarioError(
                source,
                f"{where}.same_budget_as_family",
                f"expected one of {', '.join(FAMILIES)}, got {family!r}{hint}",
            )


def _deep_merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    if path in chain:
        raise ScenarioError(path, "base", "inheritance loops back to this file")
    if not path.is_file():
        raise ScenarioError(path, "", "file not found")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(path, "", f"TOML syntax error: {exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(path, "", "not a UTF-8 text file") from None
    except OSError as exc:  # unreadable: permissions, a device
        raise ScenarioError(path, "", f"cannot be read ({exc.strerror or exc})") from None
    base = data.pop("base", None)
    if base is None:
        return data
    if not isinstance(base, str):
        raise ScenarioError(path, "base", f"expected a file name, got {base!r}")
    parent = _read_toml((path.parent / base).resolve(), (*chain, path))
    parent.pop("name", None)
    parent.pop("description", None)
    return _deep_merge(parent, data)


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Read, inherit and validate a scenario file.

    Args:
        path: A TOML scenario file.
        overrides: Optional dotted-path values applied after the file, e.g.
            ``{"programs.egg_farm.funding_scale": 2}``.

    Returns:
        The validated scenario.

    Raises:
        ScenarioError: If the file is missing, is not valid TOML, or holds an unknown key or a
            value of the wrong type or range.
    """
    path = Path(path).resolve()
    data = _read_toml(path)
    data.setdefault("name", path.stem)
    scenario = _validate(data, path)
    return scenario.with_overrides(overrides, source="<overrides>") if overrides else scenario


def resolve_parameters(scenario: Scenario) -> Parameters:
    """Return the default parameters with the scenario's overrides applied."""
    overrides: dict[str, Any] = dict(scenario.parameters)
    egg = scenario.programs.egg_farm
    for name in ("share_poor_staff", "share_poor_linked", "share_rent_to_poor"):
        value = getattr(egg, name)
        if value is not None:
            overrides[f"egg_farm.{name}"] = value
    for spec in program_specs():
        funding = getattr(scenario.programs, spec.name).funding_yuan
        if funding is not None:
            overrides[f"{spec.name}.aid_funding_yuan"] = dict(funding)
    defaults = default_parameters()
    return defaults.with_overrides(
        {key: _like(value, defaults.value(key)) for key, value in overrides.items()}
    )


def _like(value: Any, default: Any) -> Any:
    """An override in the default's number type (a whole-number float read from TOML as int)."""
    if isinstance(default, int) and isinstance(value, float):
        return int(value)  # validated whole
    if isinstance(default, list) and default and all(isinstance(v, int) for v in default):
        return [int(v) for v in value]
    return value
