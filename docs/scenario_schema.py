"""Print the scenario schema (every key, its type and default) as a Markdown table.

Run ``.venv/bin/python docs/scenario_schema.py`` to regenerate the table in
docs/experiments.md after the schema in src/model/scenario.py changes.
"""

from __future__ import annotations

import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from model.scenario import Scenario

_BOUNDS = (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"))


def _constraints(metadata: list[Any]) -> list[str]:
    found = []
    for item in metadata:
        for inner in [item, *(getattr(item, "metadata", None) or [])]:
            for attr, symbol in _BOUNDS:
                value = getattr(inner, attr, None)
                if value is not None:
                    found.append(f"{symbol} {value}")
    return found


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A short readable name of a type annotation, with its bounds."""
    extra = _constraints(metadata or [])
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = get_args(annotation)
        return type_name(base, [*meta, *(metadata or [])])
    if origin in (typing.Union, types.UnionType):
        text = " or ".join(type_name(arg) for arg in get_args(annotation))
        return text + (f" ({', '.join(extra)})" if extra else "")
    if origin is dict:
        key, value = get_args(annotation)
        return f"table {{{type_name(key)}: {type_name(value)}}}"
    if origin is list:
        return f"list of {type_name(get_args(annotation)[0])}"
    if annotation is type(None):
        return "none"
    name = getattr(annotation, "__name__", str(annotation))
    return name + (f" ({', '.join(extra)})" if extra else "")


def rows(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(key, type, default, description) of every leaf field, depth first."""
    out = []
    for name, field in model.model_fields.items():
        key = prefix + name
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += rows(annotation, key + ".")
            continue
        default = field.get_default(call_default_factory=True)
        kind = type_name(annotation, list(field.metadata))
        out.append((key, kind, repr(default), field.description or ""))
    return out


def collapsed(
    all_rows: list[tuple[str, str, str, str]], collections: tuple[str, ...] = ("families", "programs")
) -> tuple[list[tuple[str, str, str, str]], dict[str, list[str]]]:
    """Rows with the keys every member of a collection shares written once as ``<name>``.

    Returns:
        The rows, and the member names of each collection.
    """
    members: dict[str, list[str]] = {c: [] for c in collections}
    for key, *_ in all_rows:
        section, _, rest = key.partition(".")
        if section in members and rest.split(".")[0] not in members[section]:
            members[section].append(rest.split(".")[0])
    out, seen = [], set()
    for key, kind, default, description in all_rows:
        section, _, rest = key.partition(".")
        if section not in members:
            out.append((key, kind, default, description))
            continue
        member, _, leaf = rest.partition(".")
        shared = all(
            any(k == f"{section}.{m}.{leaf}" for k, *_ in all_rows) for m in members[section]
        )
        placeholder = "<family>" if section == "families" else "<program>"
        if shared:
            generic = f"{section}.{placeholder}.{leaf}"
            if generic not in seen:
                seen.add(generic)
                out.append((generic, kind, default, description))
        else:
            out.append((key, kind, default, description))
    return out, members


if __name__ == "__main__":
    table, names = collapsed(rows(Scenario))
    print("| key | type | default | notes |")
    print("| --- | --- | --- | --- |")
    for key, kind, default, description in table:
        print(f"| `{key}` | {kind} | `{default}` | {description} |")
    print()
    for section, members in names.items():
        print(f"{section}: {', '.join(f'`{m}`' for m in members)}")
