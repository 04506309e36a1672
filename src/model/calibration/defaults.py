"""Shipping a calibration: ``calibrated.toml`` (the point estimate) and ``posterior.csv``.

``data/calibrated.toml`` is read by ``model.parameters`` on top of the parameter files, so its
values become the shipped defaults. ``data/posterior.csv`` is a posterior sample: one row per
draw, one column per free parameter. A scalar column holds the parameter's value; a
``<key>:scale`` column holds a multiplier on the shipped (calibrated) series, so a draw equal
to the point estimate is 1. ``posterior_sample`` turns rows into parameter overrides that an
ensemble can put in its scenarios (``parameters.<key>``).
"""

from __future__ import annotations

import math
import time
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.calibration.free_parameters import (
    SCALE_SUFFIX,
    FreeParameter,
    eligible_keys,
    to_overrides,
)
from model.parameters import Parameters, default_parameters

__all__ = ["write_calibrated_defaults", "posterior_median", "posterior_sample", "data_dir"]


def data_dir() -> Path:
    """The package's data directory (``src/model/data`` in a source install)."""
    return Path(str(resources.files("model.data")))


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        items = ", ".join(f"{int(k)} = {_toml_value(v)}" for k, v in sorted(value.items()))
        return "{ " + items + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return repr(float(f"{float(value):.6g}"))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_calibrated_defaults(
    point: Mapping[str, float],
    posterior: pd.DataFrame | None,
    *,
    free: Sequence[FreeParameter],
    info: Mapping[str, Any] | None = None,
    directory: str | Path | None = None,
    rows: int = 300,
    seed: int = 0,
) -> tuple[Path, Path | None]:
    """Write ``calibrated.toml`` (and ``posterior.csv`` when a posterior is given).

    Keys calibrated earlier and not fitted now keep their calibrated values, as long as they
    may still be fitted: a key whose parameter is gone, or whose source no longer makes it free
    (a rule or a figure was found for it), is dropped with a warning, so that the parameter
    file's value applies.

    Args:
        point: The point estimate, ``{free name: value}``.
        posterior: Weighted particles (a ``weight`` column) or equally weighted draws.
        free: The free parameters the point and posterior refer to.
        info: Settings recorded in the file's ``[calibration]`` table (method, targets, ...).
        directory: Where to write (default: the package's data directory).
        rows: Draws written to ``posterior.csv``, resampled by weight.
        seed: Seed of the resampling.

    Returns:
        The paths written (the posterior path is None without a posterior).
    """
    directory = Path(directory) if directory else data_dir()
    target = directory / "calibrated.toml"
    old: dict[str, Any] = {}
    if target.is_file():
        old = tomllib.loads(target.read_text("utf-8")).get("values", {})
    params = default_parameters()
    fittable = {name.removesuffix(SCALE_SUFFIX) for name in eligible_keys(params)}
    stale = sorted(key for key in old if key not in fittable)
    if stale:
        warnings.warn(
            f"{target}: dropping {', '.join(stale)}: no longer free parameters (their source is "
            "not 'assumed', or they are gone), so the parameter files' values apply",
            stacklevel=2,
        )
    kept = {key: value for key, value in old.items() if key in fittable}
    values = {**kept, **to_overrides(free, point, params)}
    info = dict(info or {})
    lines = [
        "# The calibrated point estimate, applied by model.parameters on top of the parameter",
        "# files. Written by `linxi calibrate --write-defaults`; do not edit by hand.",
        f"source = {_quote(info.pop('source', 'calibrated point estimate (docs/calibration.md)'))}",
        "",
        "[calibration]",
        f"written = {_quote(time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()))}",
    ]
    for key, value in info.items():
        if isinstance(value, list | tuple):
            lines.append(f"{key} = [{', '.join(_quote(str(v)) for v in value)}]")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            lines.append(f"{key} = {_toml_value(value)}")
        else:
            lines.append(f"{key} = {_quote(str(value))}")
    lines += ["", "[values]"]
    lines += [f"{_quote(key)} = {_toml_value(value)}" for key, value in sorted(values.items())]
    target.write_text("\n".join(lines) + "\n", "utf-8")
    if posterior is None:
        return target, None
    draws = _resample(posterior, [p.name for p in free], rows, seed)
    for p in free:
        if p.is_scale:  # relative to the shipped point, which already holds the point's scale
            draws[p.name] = draws[p.name] / p.clip(point[p.name])
        elif p.integer:
            draws[p.name] = draws[p.name].round()
    path = directory / "posterior.csv"
    draws.to_csv(path, index=False, float_format="%.6g")
    return target, path


def _resample(posterior: pd.DataFrame, names: list[str], rows: int, seed: int) -> pd.DataFrame:
    weights = posterior["weight"].to_numpy(float) if "weight" in posterior else None
    if weights is not None:
        weights = weights / weights.sum()
    rng = np.random.default_rng(seed)
    index = rng.choice(len(posterior), size=rows, replace=True, p=weights)
    return posterior[names].iloc[index].reset_index(drop=True).astype(float)


def posterior_sample(n: int, seed: int = 0, path: str | Path | None = None) -> list[dict[str, Any]]:
    """Draw ``n`` parameter sets from the shipped posterior sample.

    Args:
        n: Draws wanted (rows are drawn with replacement).
        seed: Seed of the draw.
        path: A posterior CSV (default: the shipped ``data/posterior.csv``).

    Returns:
        One ``{parameter key: value}`` dict per draw, ready for
        ``Scenario.with_overrides({f"parameters.{k}": v ...})``.

    Raises:
        FileNotFoundError: If no posterior sample has been shipped yet.
    """
    frame = _posterior_frame(path)
    params = default_parameters()
    rng = np.random.default_rng(seed)
    return [_overrides(frame.iloc[int(i)], params) for i in rng.integers(0, len(frame), size=n)]


def posterior_median(path: str | Path | None = None) -> dict[str, Any]:
    """Each free parameter at the median of its posterior marginal, as parameter overrides.

    The point the calibration issue weighs against the shipped (Optuna) point. It is not a
    draw: the medians of the marginals need not be a point the posterior weighs together.

    Raises:
        FileNotFoundError: If no posterior sample has been shipped yet.
    """
    return _overrides(_posterior_frame(path).median(), default_parameters())


def _posterior_frame(path: str | Path | None) -> pd.DataFrame:
    path = Path(path) if path else data_dir() / "posterior.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no posterior sample; run `linxi calibrate --method abc`")
    return pd.read_csv(path)


def _overrides(row: pd.Series, params: Parameters) -> dict[str, Any]:
    """One posterior row as overrides: values as they are, multipliers applied to the series."""
    overrides: dict[str, Any] = {}
    for name, value in row.items():
        key = str(name).removesuffix(SCALE_SUFFIX)
        current = params.value(key)
        if str(name).endswith(SCALE_SUFFIX):
            overrides[key] = (
                {y: v * value for y, v in current.items()}
                if isinstance(current, dict)
                else [v * value for v in current]
            )
        elif isinstance(current, int) and not math.isnan(value):
            overrides[key] = int(round(value))
        else:
            overrides[key] = float(value)
    return overrides
