"""A y axis whose tick labels never crowd: as many as the axis height has room for.

pyqtgraph always labels its major ticks, and asks for at least 2.25 intervals whatever the axis
length: on a plot 40 px high (four plots stacked in a 1024×768 window) six labels overlapped.
Here each tick level may hold only as many ticks as there are label rows on the axis; a level with
more gets a wider "nice" step (1, 2, 2.5, 5 × 10ⁿ), and the finer levels beyond it are dropped. And
the labels at the axis's ends are drawn even on a plot with a grid, where pyqtgraph clipped them to
the axis (the trend plots lost their 0).
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

ROW = 1.6  # a label needs this many text heights of axis: the text and a gap


def ticks_in(lo: float, hi: float, spacing: float, offset: float = 0.0) -> int:
    """How many multiples of `spacing` (shifted by `offset`) lie in [lo, hi]."""
    if spacing <= 0 or not (math.isfinite(lo) and math.isfinite(hi)):
        return 0
    lo, hi = min(lo, hi), max(lo, hi)
    return max(0, math.floor((hi - offset) / spacing + 1e-9) - math.ceil((lo - offset) / spacing - 1e-9) + 1)


NICE = (1.0, 2.0, 2.5, 5.0, 10.0)


def next_nice(step: float) -> float:
    """The next 1, 2, 2.5 or 5 × 10ⁿ above `step` (itself one of them)."""
    power = 10.0 ** math.floor(math.log10(step) + 1e-9)
    mantissa = step / power
    return next(factor for factor in NICE if factor > mantissa * (1 + 1e-9)) * power


def nice_step(at_least: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ that is at least `at_least`."""
    step = 10.0 ** math.floor(math.log10(at_least))
    while step < at_least * (1 - 1e-9):
        step = next_nice(step)
    return step


class ReadableAxis(pg.AxisItem):
    """A pyqtgraph axis; vertical ones keep their tick labels at least ROW text heights apart."""

    def text_height(self) -> float:
        return QFontMetricsF(self.style.get("tickFont") or QFont()).height()

    def label_rows(self, size: float) -> int:
        """How many tick labels an axis `size` pixels long has room for (one, on a sliver of a plot)."""
        return max(1, math.floor(size / (self.text_height() * ROW)) + 1)

    def setTickFont(self, font: QFont | None) -> None:  # noqa: N802 (pyqtgraph's)
        # The bounds below grow with the font. The scene must hear of it while the old bounds still
        # hold (pyqtgraph announces the change only after storing the new font): a stale index made
        # the next paint crash in Qt when presentation mode changed the plots' fonts.
        self.prepareGeometryChange()
        super().setTickFont(font)

    def boundingRect(self):  # noqa: N802 (pyqtgraph's)
        rect = super().boundingRect()
        if self.orientation in ("left", "right"):  # room for half a label past each end
            half = self.text_height() / 2 + 1
            rect = rect.united(rect.adjusted(0, -half, 0, half))
        return rect

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        """pyqtgraph gives a step of 2.5 no decimals, so 2.5 and 7.5 read "2" and "8"; here a label
        has the decimals its step needs."""
        step = abs(spacing * scale)
        places = 0
        while places < 6 and abs(round(step, places) - step) > 1e-9 * max(1.0, step):
            places += 1
        if self.logMode or places == 0 or step <= 0:
            return super().tickStrings(values, scale, spacing)
        places = max(places, math.ceil(-math.log10(step)))
        return [f"{v * scale:.{places}f}" for v in values]

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803 (pyqtgraph's)
        levels = super().tickSpacing(minVal, maxVal, size)
        if self.orientation not in ("left", "right") or not levels or size <= 0:
            return levels
        rows = self.label_rows(size)
        kept = []
        for spacing, offset in levels:  # the coarsest levels that fit; nothing finer than a crowded one
            if ticks_in(minVal, maxVal, spacing, offset) > rows:
                break
            kept.append((spacing, offset))
        return kept or [(self.major_step(minVal, maxVal, size), 0.0)]

    def major_step(self, lo: float, hi: float, size: float) -> float:
        """The finest nice step whose ticks fit the axis; if that leaves a single tick, the next finer
        one when its labels still fit end to end (an axis with one number reads as no scale)."""
        rows = self.label_rows(size)
        step = previous = nice_step(abs(hi - lo) / (rows + 2))
        while ticks_in(lo, hi, step) > rows:
            previous, step = step, next_nice(step)
        if ticks_in(lo, hi, step) < 2 and ticks_in(lo, hi, previous) * self.text_height() <= size:
            return previous
        return step
