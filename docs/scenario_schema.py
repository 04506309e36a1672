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


if __name__ == "__main__":
    print("| key | type | default | notes |")
    print("| --- | --- | --- | --- |")
    for key, kind, default, description in rows(Scenario):
        print(f"| `{key}` | {kind} | `{default}` | {description} |")
