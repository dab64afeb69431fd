"""One value a day for every output column, for the trend plot (numpy only, no Qt).

The live plots show meal-by-meal swings; over weeks they become solid bands from which no trend can be
read. `DailyValues` condenses the rows the model sends into, for each completed day,

- "mean": the time-weighted mean over the day (each row weighs the time since the row before it),
- "fasting": the last row at or before the fasting hour (06:30, when HOMA-IR is read),
- "last": the day's last row (readings such as HOMA-IR, which change once a day, and slow states).

Rows must come in increasing day order; a row exactly at midnight closes the day before it. The very
first row (the run's start) is kept as the start point of every series, so a trend begins at the
healthy value instead of a day later.
"""

from __future__ import annotations

import math

import numpy as np

from .quantities import KINDS, Quantity

__all__ = ["KINDS", "DailyValues", "Quantity"]

_EPS = 1e-9


class DailyValues:
    """Daily means, fasting values and last values of every column, built up as rows arrive."""

    def __init__(self, fasting_hour: float = 6.5) -> None:
        if not 0.0 <= fasting_hour < 24.0:
            raise ValueError("the fasting hour lies between 0 and 24")
        self._fasting = fasting_hour / 24.0
        self.clear()

    def clear(self) -> None:
        """Forget every row (after a reset, when the clock starts again at 0)."""
        self._start: np.ndarray | None = None
        self._days: list[int] = []
        self._rows: dict[str, list[np.ndarray]] = {kind: [] for kind in KINDS}
        self._fasting_x: list[float] = []
        self._last_x: list[float] = []
        self._open: int | None = None  # the day being accumulated
        self._sum: np.ndarray | None = None
        self._weight = 0.0
        self._open_fasting: np.ndarray | None = None
        self._open_fasting_x = math.nan
        self._open_last: np.ndarray | None = None
        self._open_last_x = math.nan
        self._previous_day: float | None = None

    def __len__(self) -> int:
        """Completed days."""
        return len(self._days)

    @property
    def last_day(self) -> float:
        """The day of the newest row (0 with none)."""
        return self._previous_day if self._previous_day is not None else 0.0

    def append(self, rows: np.ndarray) -> None:
        """Take k rows (model column order, column 0 the day), in increasing day order."""
        rows = np.asarray(rows, dtype=float)
        if rows.ndim != 2 or not len(rows):
            return
        if self._start is None:
            self._start = rows[0].copy()
            self._previous_day = float(rows[0, 0])
            rows = rows[1:]
        for row in rows:
            self._add(row)

    def series(self, kind: str, column: int) -> tuple[np.ndarray, np.ndarray]:
        """(x in days, value) of one column: the start point, then one point per completed day."""
        if kind not in KINDS:
            raise ValueError(f"a daily value is one of {KINDS}, not {kind!r}")
        if self._start is None:
            return np.empty(0), np.empty(0)
        days = np.asarray(self._days, dtype=float)
        x = {"mean": days + 0.5, "fasting": np.asarray(self._fasting_x),
             "last": np.asarray(self._last_x)}[kind]
        values = np.array([r[column] for r in self._rows[kind]]) if self._days else np.empty(0)
        return (np.concatenate([[self._start[0]], x]), np.concatenate([[self._start[column]], values]))

    def frozen(self) -> DailyValues:
        """A copy that no longer changes (a pinned run)."""
        copy = DailyValues(self._fasting * 24.0)
        copy._start = None if self._start is None else self._start.copy()
        copy._days = list(self._days)
        copy._rows = {kind: list(rows) for kind, rows in self._rows.items()}
        copy._fasting_x, copy._last_x = list(self._fasting_x), list(self._last_x)
        copy._previous_day = self._previous_day
        return copy

    # --- internals --------------------------------------------------------------------------------
    def _add(self, row: np.ndarray) -> None:
        day = float(row[0])
        weight = max(0.0, day - self._previous_day)
        self._previous_day = day
        index = math.floor(day - _EPS)  # a row at midnight closes the day before
        if self._open is not None and index > self._open:
            self._close()
        if self._open is None:
            self._open, self._sum, self._weight = index, np.zeros_like(row), 0.0
            self._open_fasting = None
        self._sum += weight * row
        self._weight += weight
        if day - index <= self._fasting + _EPS:
            self._open_fasting, self._open_fasting_x = row.copy(), day
        self._open_last, self._open_last_x = row.copy(), day
        if day >= index + 1.0 - _EPS:  # the midnight row: the day is complete
            self._close()

    def _close(self) -> None:
        if self._open is None or self._open_last is None:
            self._open = None
            return
        mean = self._sum / self._weight if self._weight > 0 else self._open_last.copy()
        mean[0] = self._open + 0.5
        fasting = self._open_fasting if self._open_fasting is not None else np.full_like(mean, np.nan)
        self._days.append(self._open)
        self._rows["mean"].append(mean)
        self._rows["fasting"].append(fasting)
        self._rows["last"].append(self._open_last)
        self._fasting_x.append(self._open_fasting_x if self._open_fasting is not None
                               else self._open + self._fasting)
        self._last_x.append(self._open_last_x)
        self._open = None
        self._open_last = None
