"""The trend plot: one value a day, for quantities the user picks, with normal ranges and pinned runs.

The live plots show meals; this panel shows what a lesson claims, over weeks and months: insulin
sensitivity and HOMA-IR by default, any output column on request (`Quantity`, from
resources/trend.toml). Each quantity has a plot of its own (its own unit and scale), stacked on one
x axis that spans the whole run. On every plot:

- the normal range as a shaded band (a legend entry says so);
- this run, solid and thick;
- up to MAX_PINS pinned runs ("no therapy", "TRT from day 180"), each with a dash and a marker
  shape of its own, so colour is never the only cue, whatever the density;
- the side-by-side run, while one runs, dash-dotted with diamonds.

Pinned runs are frozen copies of the daily values: they survive a reset. Call it from the GUI thread;
rows come in increasing day order, and `clear()` follows a reset.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from .axes import ReadableAxis
from .daily_values import DailyValues, Quantity
from .quantities import MAX_SHOWN, unit_after_number
from .theme import NORMAL_BAND, RUN_LINE

MAX_PINS = 4
CAPTION_QUANTITIES = 1  # the side-by-side caption reads out the top plot: the lesson's headline number
REDRAW_MS = 100
MARKERS_PER_CURVE = 14  # a marker every n-th point, so shapes stay apart at any density
_LINE_PX = 3.0
_PIN_LINE_PX = 2.0
_TICK_PX = 12
_TITLE_PX = 14
_BAND_EDGE = (0, 158, 115, 120)


@dataclass(frozen=True)
class _Style:
    colour: str
    dash: Qt.PenStyle
    symbol: str


# Pins and the side-by-side run: Okabe-Ito colours, and a dash and a shape of their own each.
_PIN_STYLES = (
    _Style("#D55E00", Qt.PenStyle.DashLine, "t"),
    _Style("#009E73", Qt.PenStyle.DotLine, "s"),
    _Style("#CC79A7", Qt.PenStyle.DashLine, "o"),
    _Style("#E69F00", Qt.PenStyle.DotLine, "x"),
)
_COMPANION_STYLE = _Style("#555555", Qt.PenStyle.DashDotLine, "d")


def _font(px: float) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(px)))
    return font


class _Series:
    """One run drawn on one plot: the line, its sparse markers and a legend proxy showing both."""

    def __init__(self, plot: pg.PlotItem, legend: pg.LegendItem | None, name: str,
                 style: _Style | None) -> None:
        self.style = style
        self.line = pg.PlotDataItem(antialias=True)
        self.marks = pg.ScatterPlotItem(pxMode=True)
        self.proxy = pg.PlotDataItem()  # no data: the legend's sample of line and marker
        plot.addItem(self.line)
        if style is not None:
            plot.addItem(self.marks)
        if legend is not None:  # one entry per run, in the legend over all the plots
            legend.addItem(self.proxy, name)
        self.plot, self.legend = plot, legend

    def set_pen(self, colour: str, width: float, scale: float) -> None:
        dash = self.style.dash if self.style is not None else Qt.PenStyle.SolidLine
        pen = pg.mkPen(colour, width=width, style=dash)
        self.line.setPen(pen)
        size = round(9 * scale)
        if self.style is not None:
            self.marks.setPen(pg.mkPen(colour, width=max(1.0, scale)))
            self.marks.setBrush(pg.mkBrush(colour))
            self.marks.setSymbol(self.style.symbol)
            self.marks.setSize(size)
            self.proxy.setData([], [], pen=pen, symbol=self.style.symbol, symbolSize=size,
                               symbolPen=pg.mkPen(colour), symbolBrush=pg.mkBrush(colour))
        else:
            self.proxy.setData([], [], pen=pen)

    def set_data(self, x: np.ndarray, y: np.ndarray) -> None:
        self.line.setData(x, y, connect="finite")
        if self.style is not None:
            step = max(1, math.ceil(len(x) / MARKERS_PER_CURVE))
            self.marks.setData(x[::step], y[::step])

    def remove(self) -> None:
        self.plot.removeItem(self.line)
        self.plot.removeItem(self.marks)
        if self.legend is not None:
            self.legend.removeItem(self.proxy)


class TrendPanel(QWidget):
    """Stacked daily-value plots of the chosen quantities (see the module's docstring)."""

    shown_changed = Signal(tuple)  # the ids of the quantities shown, in order
    picked = Signal(tuple)  # the same, when the user changed them in the menu (a choice to remember)
    redrawn = Signal()  # the curves were given new data (the projector's key plot follows)

    def __init__(self, quantities: dict[str, Quantity], shown: Sequence[str] = (),
                 fasting_hour: float = 6.5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not quantities:
            raise ValueError("the trend plot needs at least one quantity")
        self._quantities = dict(quantities)
        self._fasting_hour = fasting_hour
        self._live = DailyValues(fasting_hour)
        self._pins: dict[str, DailyValues] = {}
        self._companion: DailyValues | None = None
        self._companion_name = ""
        self._scale = 1.0
        self._fg = "#222222"
        self._live_colour, self._companion_colour = RUN_LINE, _COMPANION_STYLE.colour
        self._dirty = False
        self._markers: list[tuple[float, str]] = []

        self.title = QLabel("Trend: one value a day")
        self.title.setAccessibleName("Trend plot")
        # While a side-by-side run goes on: the two runs' latest daily values, in words and numbers.
        self.comparison = QLabel()
        self.comparison.setAccessibleName("The two runs compared")
        self.comparison.setWordWrap(True)
        self.comparison.setTextFormat(Qt.TextFormat.RichText)
        self.comparison.hide()
        self.chooser = QToolButton()
        self.chooser.setText("Quantities…")
        self.chooser.setAccessibleName("Choose the trend plot's quantities")
        self.chooser.setToolTip(f"Pick up to {MAX_SHOWN} quantities to follow day by day")
        self.chooser.setPopupMode(QToolButton.InstantPopup)
        self.menu = QMenu(self.chooser)
        self._actions: dict[str, QAction] = {}
        for qid, quantity in self._quantities.items():
            action = QAction(quantity.label, self.menu, checkable=True)
            if quantity.has_normal_range:
                action.setToolTip(f"Normal range: {quantity.normal_source}")
            action.toggled.connect(lambda on, q=qid: self._on_pick(q, on))
            self.menu.addAction(action)
            self._actions[qid] = action
        self.menu.setToolTipsVisible(True)
        self.chooser.setMenu(self.menu)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.chooser)
        self._view = pg.GraphicsLayoutWidget()
        self._view.setBackground("w")
        self._view.ci.layout.setContentsMargins(4, 2, 8, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.comparison)
        layout.addWidget(self._view, 1)

        self._shown: list[str] = []
        self._plots: dict[str, pg.PlotItem] = {}
        self._legend: pg.LegendItem | None = None  # one row above the plots: it never hides data
        self._bands: dict[str, pg.LinearRegionItem] = {}
        self._series: dict[tuple[str, str], _Series] = {}  # (quantity, run) -> its curve
        self._marker_lines: dict[str, list[pg.InfiniteLine]] = {}

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)
        self.set_shown([q for q in shown if q in self._quantities] or [next(iter(self._quantities))])

    # --- what is shown ----------------------------------------------------------------------------
    def quantities(self) -> dict[str, Quantity]:
        return dict(self._quantities)

    def shown(self) -> tuple[str, ...]:
        return tuple(self._shown)

    def set_shown(self, ids: Sequence[str]) -> None:
        """Show these quantities, top to bottom (at most MAX_SHOWN; unknown ids raise KeyError)."""
        ids = list(dict.fromkeys(ids))[:MAX_SHOWN]
        for qid in ids:
            if qid not in self._quantities:
                raise KeyError(f"unknown trend quantity '{qid}'")
        if not ids:
            raise ValueError("the trend plot shows at least one quantity")
        if ids == self._shown:
            return
        self._view.clear()
        self._plots.clear()
        # Two entries a row: the panel may be a third of a 1024-px screen wide.
        self._legend = pg.LegendItem(brush=None, pen=None, colCount=2, horSpacing=10, verSpacing=0)
        self._view.addItem(self._legend, row=0, col=0)
        self._bands.clear()
        self._series.clear()
        self._marker_lines.clear()
        self._shown = ids
        self._describe()
        for row, qid in enumerate(ids, start=1):
            self._build_plot(row, qid, last=row == len(ids))
        self._rebuild_series()
        for qid, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(qid in ids)
            action.blockSignals(False)
        self._restyle()
        self._mark_dirty()
        self.shown_changed.emit(self.shown())

    def _describe(self) -> None:
        """The plots' accessible name and description name what they show (one tab stop)."""
        shown = ", ".join(self._quantities[qid].label for qid in self._shown)
        self._view.setAccessibleName("Trend plot")
        self._view.setAccessibleDescription(
            f"One value a day over the whole run: {shown}. Normal ranges are shaded; a dashed line marks "
            "each switch. The Quantities button chooses what is shown.")

    def _on_pick(self, qid: str, on: bool) -> None:
        ids = [q for q in self._shown if q != qid]
        if on:
            ids = (ids + [qid])[-MAX_SHOWN:]  # a fifth pick drops the oldest
        if ids:
            self.set_shown(ids)
            self.picked.emit(self.shown())
        else:  # the last one cannot be unticked
            self._actions[qid].setChecked(True)

    # --- data -----------------------------------------------------------------------------------------
    def append_rows(self, rows: np.ndarray) -> None:
        """The live run's rows (model column order), in increasing day order."""
        self._live.append(rows)
        self._mark_dirty()

    def clear(self) -> None:
        """After a reset: the live run starts again; pinned runs stay."""
        self._live.clear()
        self._markers.clear()
        for qid, lines in self._marker_lines.items():
            for line in lines:
                self._plots[qid].removeItem(line)
            lines.clear()
        self._mark_dirty()

    def add_marker(self, day: float, label: str) -> None:
        """A switch changed: a thin dashed line across every plot (the label is its tooltip)."""
        self._markers = [*self._markers, (float(day), label)][-16:]
        for qid in self._shown:
            self._add_marker_line(qid, float(day), label)

    # --- pinned runs ----------------------------------------------------------------------------------
    def pin(self, name: str) -> str:
        """Freeze the live run under `name` (made unique: "no therapy (2)"); the oldest pin goes when
        there are MAX_PINS already. Returns the name used; ValueError when there is nothing to pin."""
        if self._live.last_day <= 0.0:
            raise ValueError("there is no run to pin yet: let the model run first")
        return self._add_pin(name, self._live.frozen())

    def _add_pin(self, name: str, values: DailyValues) -> str:
        base = " ".join(name.split()) or "pinned run"
        name, n = base, 2
        while name in self._pins:
            name, n = f"{base} ({n})", n + 1
        while len(self._pins) >= MAX_PINS:
            self._pins.pop(next(iter(self._pins)))
        self._pins[name] = values
        self._rebuild_series()
        return name

    def pins(self) -> list[str]:
        return list(self._pins)

    def clear_pins(self) -> None:
        if self._pins:
            self._pins.clear()
            self._rebuild_series()

    # --- the side-by-side run -------------------------------------------------------------------------
    def set_companion(self, name: str | None) -> None:
        """Start (a name) or end (None) the side-by-side run's curves; its rows come by
        append_companion_rows."""
        self._companion = DailyValues(self._fasting_hour) if name else None
        self._companion_name = name or ""
        self.comparison.setVisible(bool(name))
        self.comparison.setText(f"Side by side with \u201c{name}\u201d: the numbers appear after the first "
                                "full day." if name else "")
        self._rebuild_series()

    def append_companion_rows(self, rows: np.ndarray) -> None:
        if self._companion is not None:
            self._companion.append(rows)
            self._mark_dirty()

    def keep_companion_as_pin(self) -> str | None:
        """The side-by-side run ended: keep its curves as a pinned run under its name (None when it
        had no completed day)."""
        companion, name = self._companion, self._companion_name
        self._companion, self._companion_name = None, ""
        self.comparison.hide()
        if companion is not None and len(companion):
            return self._add_pin(name or "side by side", companion.frozen())  # redraws the curves
        self._rebuild_series()
        return None

    def comparison_text(self) -> str:
        """The latest completed day of both runs, for the top plots' quantities: "Insulin sensitivity:
        this run 7.1, no therapy 5.4 mg/kg/min (+32 %)" ("" without a side-by-side run or a completed
        day)."""
        if self._companion is None or not len(self._companion) or not len(self._live):
            return ""
        parts = []
        for qid in self._shown[:CAPTION_QUANTITIES]:
            quantity = self._quantities[qid]
            a, b = (float(self._daily(values, qid)[1][-1]) for values in (self._live, self._companion))
            unit = unit_after_number(quantity.unit)
            change = f" ({(a - b) / abs(b) * 100:+.0f} %)".replace("-", "−") if b else ""
            parts.append(f"{quantity.label}: this run {a:.3g}, {self._companion_name} {b:.3g}{unit}{change}")
        return " · ".join(parts)

    # --- looks ------------------------------------------------------------------------------------------
    def set_font_scale(self, scale: float) -> None:
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError("font scale must be a positive number")
        self._scale = float(scale)
        self._restyle()

    def set_colours(self, background: str, foreground: str, live: str = RUN_LINE,
                    companion: str = _COMPANION_STYLE.colour) -> None:
        """Theme the plots: background, text and axes, and the live and side-by-side curves' colours
        (a dark background needs lighter ones)."""
        self._fg, self._live_colour, self._companion_colour = foreground, live, companion
        self._view.setBackground(background)
        self._restyle()

    def minimumSizeHint(self) -> QSize:
        return QSize(round(300 * self._scale), round(120 * self._scale) * len(self._shown))

    def flush(self) -> None:
        """Draw now, not at the timer (before an export or a test's look)."""
        self._timer.stop()
        self._dirty = True
        self._redraw()

    def x_range(self) -> tuple[float, float]:
        lo, hi = self._plots[self._shown[-1]].vb.viewRange()[0]
        return float(lo), float(hi)

    def y_range(self, qid: str) -> tuple[float, float]:
        lo, hi = self._plots[qid].vb.viewRange()[1]
        return float(lo), float(hi)

    def legend_names(self) -> list[str]:
        """The legend's entries: "normal range" (when a plot shows one), "this run", the pins, the
        side-by-side run."""
        return [label.text for _sample, label in self._legend.items]

    def band(self, qid: str) -> tuple[float, float] | None:
        """The normal band's (low, high) as drawn on the plot of `qid`, or None without one."""
        band = self._bands.get(qid)
        return None if band is None else tuple(float(v) for v in band.getRegion())

    def line_data(self, qid: str, run: str = "live") -> tuple[np.ndarray, np.ndarray]:
        """What a curve was last given: run is "live", "companion" or a pin's name."""
        series = self._series.get((qid, run))
        if series is None:
            return np.empty(0), np.empty(0)
        x, y = series.line.getOriginalDataset()
        return (np.empty(0), np.empty(0)) if x is None else (np.asarray(x), np.asarray(y))

    def marker_symbol(self, qid: str, run: str) -> str | None:
        series = self._series.get((qid, run))
        return None if series is None or series.style is None else series.style.symbol

    def line_style(self, qid: str, run: str) -> Qt.PenStyle:
        return self._series[(qid, run)].line.opts["pen"].style()

    # --- internals --------------------------------------------------------------------------------------
    def _build_plot(self, row: int, qid: str, last: bool) -> None:
        quantity = self._quantities[qid]
        plot = self._view.addPlot(row=row, col=0, axisItems={"left": ReadableAxis("left")})
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.vb.disableAutoRange()
        plot.showGrid(x=True, y=True, alpha=0.12)
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)
        if not last:
            plot.getAxis("bottom").setStyle(showValues=False)
        self._plots[qid] = plot
        if quantity.has_normal_range:
            low = quantity.normal_low if quantity.normal_low is not None else 0.0
            high = quantity.normal_high if quantity.normal_high is not None else 1e9
            band = pg.LinearRegionItem((low, high), orientation="horizontal", movable=False,
                                       brush=pg.mkBrush(*NORMAL_BAND), pen=pg.mkPen(_BAND_EDGE))
            band.setZValue(-10)
            band.setToolTip(quantity.normal_source)
            plot.addItem(band, ignoreBounds=True)
            self._bands[qid] = band
        self._marker_lines[qid] = []
        for day, label in self._markers:
            self._add_marker_line(qid, day, label)

    def _add_series(self, qid: str, legend: pg.LegendItem | None) -> None:
        plot = self._plots[qid]
        self._series[(qid, "live")] = _Series(plot, legend, "this run", None)
        for i, name in enumerate(self._pins):
            self._series[(qid, name)] = _Series(plot, legend, name, _PIN_STYLES[i % len(_PIN_STYLES)])
        if self._companion is not None:
            self._series[(qid, "companion")] = _Series(plot, legend, f"side by side: {self._companion_name}",
                                                       _COMPANION_STYLE)

    def _rebuild_series(self) -> None:
        for series in self._series.values():
            series.remove()
        self._series.clear()
        self._legend.clear()
        if self._bands:
            self._legend.addItem(pg.BarGraphItem(x=[], height=[], width=1, brush=pg.mkBrush(*NORMAL_BAND),
                                                 pen=pg.mkPen(_BAND_EDGE)), "normal range")
        for i, qid in enumerate(self._shown):
            self._add_series(qid, self._legend if i == 0 else None)
        self._restyle()
        self._mark_dirty()

    def _add_marker_line(self, qid: str, day: float, label: str) -> None:
        line = pg.InfiniteLine(pos=day, angle=90, movable=False, pen=pg.mkPen("#777777", style=Qt.DashLine))
        line.setToolTip(f"Day {day:.1f}: {label}")
        self._plots[qid].addItem(line, ignoreBounds=True)
        lines = self._marker_lines.setdefault(qid, [])
        lines.append(line)
        while len(lines) > 16:
            self._plots[qid].removeItem(lines.pop(0))

    def _restyle(self) -> None:
        scale, fg = self._scale, self._fg
        tick_font = _font(_TICK_PX * scale)
        self.title.setFont(_font(_TITLE_PX * scale))
        self.comparison.setFont(_font(_TICK_PX * scale * 1.1))
        self.chooser.setFont(_font(_TICK_PX * scale))
        for qid, plot in self._plots.items():
            plot.titleLabel.setToolTip(self._title(qid))
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setPen(fg)
                axis.setTextPen(fg)
                axis.setTickFont(tick_font)
                axis.setStyle(tickTextOffset=max(2, round(3 * scale)), tickLength=round(5 * scale))
            plot.getAxis("left").setWidth(round(46 * scale))
        if self._legend is not None:
            self._legend.setLabelTextColor(fg)
            self._legend.setLabelTextSize(f"{round(_TICK_PX * scale)}px")
            for _sample, label in self._legend.items:
                label.setText(label.text)
            self._legend.updateSize()
        self._retitle()
        if self._shown:
            self._plots[self._shown[-1]].getAxis("bottom").setLabel(
                "simulated time (days)", color=fg, **{"font-size": f"{round(_TICK_PX * scale)}px"})
        for (_qid, run), series in self._series.items():
            if run == "live":
                series.set_pen(self._live_colour, _LINE_PX * scale, scale)
            else:
                colour = self._companion_colour if run == "companion" else series.style.colour
                series.set_pen(colour, _PIN_LINE_PX * scale, scale)
        self.updateGeometry()

    def _retitle(self) -> None:
        """Each plot's title, shortened with "…" to the panel's width: a pyqtgraph title never
        shrinks, so a long one would widen the plots past the panel's edge on a small screen."""
        px = round(_TITLE_PX * self._scale)
        metrics = QFontMetrics(_font(px))
        width = max(60, self._view.width() - round(46 * self._scale) - 28)  # less the axis and margins
        for qid, plot in self._plots.items():
            title = metrics.elidedText(self._title(qid), Qt.TextElideMode.ElideRight, width)
            plot.setTitle(html.escape(title), color=self._fg, size=f"{px}px")

    def plot_title(self, qid: str) -> str:
        """The title over the plot of `qid`, unelided."""
        return self._title(qid)

    def _title(self, qid: str) -> str:
        """"Insulin sensitivity (clamp M) (mg/kg/min)"; a pure number or a relative one has no unit."""
        quantity = self._quantities[qid]
        return quantity.label if quantity.unit in ("1", "relative") else f"{quantity.label} ({quantity.unit})"

    def _daily(self, values: DailyValues, qid: str) -> tuple[np.ndarray, np.ndarray]:
        """One run's daily series of a quantity, read its way (mean, fasting or last)."""
        quantity = self._quantities[qid]
        return values.series(quantity.daily, quantity.column)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._retitle()
        if self._legend is not None:  # as many legend columns as fit: the legend never widens the plots
            columns = max(1, min(3, self._view.width() // round(160 * self._scale)))
            if columns != self._legend.columnCount:
                self._legend.setColumnCount(columns)

    def _mark_dirty(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _runs(self) -> list[tuple[str, DailyValues]]:
        runs = [("live", self._live), *self._pins.items()]
        if self._companion is not None:
            runs.append(("companion", self._companion))
        return runs

    def _redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        runs = self._runs()
        last = max([values.last_day for _, values in runs] + [7.0])
        for qid in self._shown:
            quantity = self._quantities[qid]
            ys = []
            for run, values in runs:
                x, y = self._daily(values, qid)
                self._series[(qid, run)].set_data(x, y)
                ys.append(y)
            plot = self._plots[qid]
            plot.vb.setXRange(0.0, last * 1.02, padding=0)
            finite = np.concatenate(ys) if ys else np.empty(0)
            finite = finite[np.isfinite(finite)]
            top = float(finite.max()) if finite.size else 1.0
            if quantity.normal_high is not None:
                top = max(top, quantity.normal_high)
            bottom = min(0.0, float(finite.min())) if finite.size else 0.0
            if top <= bottom:
                top = bottom + 1.0
            plot.vb.setYRange(bottom, bottom + (top - bottom) * 1.1, padding=0)
        text = self.comparison_text()
        if text:
            self.comparison.setText(text)
        self.redrawn.emit()
