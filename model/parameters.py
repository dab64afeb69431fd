"""Loading the model's parameters from `model/parameters.toml`, where each one carries its source and
its valid range; overrides outside the range are refused."""

from __future__ import annotations

import math
import numbers
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from .readers import bounded_number, quoted

PARAMETER_FILE = Path(__file__).with_name("parameters.toml")
_ENTRY_KEYS = {"value", "min", "max", "unit", "source"}


class ParameterFileError(ValueError):
    """parameters.toml is malformed; the message names the entry."""


@dataclass(frozen=True)
class ParameterInfo:
    name: str
    section: str
    value: float
    unit: str
    source: str
    minimum: float
    maximum: float

    def range_text(self) -> str:
        """The range for a message, "between 0.5 and 5 dL/kg" (no unit when dimensionless)."""
        unit = "" if self.unit == "1" else f" {self.unit}"
        return f"between {self.minimum:g} and {self.maximum:g}{unit}"


def _file_number(entry: Mapping, key: str, where: str) -> float:
    if key not in entry:
        raise ParameterFileError(f"{where} has no {key}")
    number = bounded_number(entry[key])  # never converts a TOML integer too large for a float
    if number is None:
        raise ParameterFileError(f"{where}: {key} must be a finite number, not {_shown(entry[key])}")
    return number


def load_parameter_table(path: Path) -> tuple[ParameterInfo, ...]:
    """Every parameter of a parameters file, in file order; ParameterFileError names a bad entry."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    table: list[ParameterInfo] = []
    seen: set[str] = set()
    for section, entries in data.items():
        if not isinstance(entries, dict):
            raise ParameterFileError(f"{path.name}: {section!r} must be a section of entries")
        for name, entry in entries.items():
            where = f"{path.name}: entry '{name}'"
            if not isinstance(entry, dict):
                raise ParameterFileError(f"{where} must be an inline table")
            if name in seen:
                raise ParameterFileError(f"{where} appears twice (keys are unique across sections)")
            unknown = sorted(set(entry) - _ENTRY_KEYS)
            if unknown:
                raise ParameterFileError(f"{where} has an unknown key '{unknown[0]}'")
            for key in ("unit", "source"):
                if not isinstance(entry.get(key), str):
                    raise ParameterFileError(f"{where} has no {key}")
            value, low, high = (_file_number(entry, key, where) for key in ("value", "min", "max"))
            if low > high:
                raise ParameterFileError(f"{where}: min {low:g} is above max {high:g}")
            if not low <= value <= high:
                raise ParameterFileError(f"{where}: value {value:g} is outside its range "
                                         f"{low:g} to {high:g}")
            seen.add(name)
            table.append(ParameterInfo(name, section, value, entry["unit"], entry["source"], low, high))
    return tuple(table)


@lru_cache(maxsize=1)
def parameter_table() -> tuple[ParameterInfo, ...]:
    """Every parameter with its unit, source and range, in file order."""
    return load_parameter_table(PARAMETER_FILE)


@lru_cache(maxsize=1)
def _info_by_name() -> dict[str, ParameterInfo]:
    return {info.name: info for info in parameter_table()}


def default_values() -> dict[str, float]:
    return {info.name: info.value for info in parameter_table()}


def _shown(value: object) -> str:
    """A refused value for a one-line message; a huge int is never turned into all its digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        value = int(value)
        if abs(value) < 10**15:
            return str(value)
        exponent = math.log10(abs(value))  # exact enough for any int, where float(value) overflows
        mantissa = 10 ** (exponent - math.floor(exponent))
        return f"{'-' if value < 0 else ''}{mantissa:.3g}e+{math.floor(exponent)}"
    if isinstance(value, numbers.Real):
        text = repr(float(value))  # shortest exact form: 5.0000001 is not shown as 5
        return text.removesuffix(".0")
    return quoted(value)


def check_parameter(name: str, value: object) -> float:
    """`value` as a float if it is a valid value of parameter `name`.

    Raises KeyError for an unknown name and ValueError (one line: the name, the value and the allowed
    range) for a non-number, bool, NaN, infinity or a number outside the range.
    """
    info = _info_by_name().get(name)
    if info is None:
        raise KeyError(f"unknown parameter '{name}'")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"parameter '{name}' must be a number {info.range_text()}, not {_shown(value)}")
    if isinstance(value, numbers.Integral):
        in_range = info.minimum <= int(value) <= info.maximum  # exact: no float overflow for huge ints
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"parameter '{name}' must be a finite number {info.range_text()}, "
                             f"not {_shown(value)}")
        in_range = info.minimum <= value <= info.maximum
    if not in_range:
        raise ValueError(f"parameter '{name}' must be {info.range_text()}, not {_shown(value)}")
    return float(value)


def make_parameters(overrides: Mapping[str, float] | None = None) -> SimpleNamespace:
    """Parameters as attributes (for the simulation's set-up and the SBML export), with optional overrides.

    Raises KeyError naming an unknown parameter and ValueError (see `check_parameter`) for a value that
    is not a finite number within the parameter's range.
    """
    values = default_values()
    for name, value in (overrides or {}).items():
        values[name] = check_parameter(name, value)
    return SimpleNamespace(**values)
