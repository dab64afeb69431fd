"""Loading the model's parameters from `model/parameters.toml`, where each one carries its source."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

PARAMETER_FILE = Path(__file__).with_name("parameters.toml")


@dataclass(frozen=True)
class ParameterInfo:
    name: str
    section: str
    value: float
    unit: str
    source: str


@lru_cache(maxsize=1)
def parameter_table() -> tuple[ParameterInfo, ...]:
    """Every parameter with its unit and source, in file order."""
    with PARAMETER_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    table = []
    for section, entries in data.items():
        for name, entry in entries.items():
            table.append(ParameterInfo(name, section, float(entry["value"]), str(entry["unit"]),
                                       str(entry["source"])))
    return tuple(table)


def default_values() -> dict[str, float]:
    return {info.name: info.value for info in parameter_table()}


def make_parameters(overrides: Mapping[str, float] | None = None) -> SimpleNamespace:
    """Parameters as attributes (fast to read in the right-hand side), with optional overrides.

    Raises KeyError naming an unknown parameter and ValueError for a non-finite value.
    """
    values = default_values()
    for name, value in (overrides or {}).items():
        if name not in values:
            raise KeyError(f"unknown parameter '{name}'")
        value = float(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"parameter '{name}' must be a finite number")
        values[name] = value
    return SimpleNamespace(**values)
