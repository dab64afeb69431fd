"""What the trend plot can show: an output column read one way each day (no numpy, no Qt, so the
lesson files can be checked against it before the window's first paint)."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("mean", "fasting", "last")  # how a day's value is read: see widgets/daily_values.py
MAX_SHOWN = 4  # stacked trend plots: more would leave each too little height to read
_NO_UNIT = ("1", "relative", "fraction")  # units a number reads without


def unit_after_number(unit: str) -> str:
    """What follows a value in a sentence: " mg/kg/min", or nothing for a pure number or a share."""
    return "" if unit in _NO_UNIT else f" {unit}"


@dataclass(frozen=True)
class Quantity:
    """A quantity the trend plot can show: an output column read one way each day, with its normal
    range (either end may be None) and where that range comes from."""

    id: str
    column: int  # index into the model's output row
    label: str
    unit: str
    daily: str  # one of KINDS
    normal_low: float | None = None
    normal_high: float | None = None
    normal_source: str = ""

    @property
    def has_normal_range(self) -> bool:
        return self.normal_low is not None or self.normal_high is not None
