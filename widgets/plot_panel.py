"""Live strip-chart plots of the model's outputs: glucose uptake; blood glucose and insulin; cytokines.

The simulation worker sends rows far faster than a screen can show them, so rows go into a ring buffer
(bounded memory) and a single-shot QTimer redraws at most every 50 ms, and only when new rows arrived.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from model.outputs import OUTPUT_INDEX, OUTPUT_NAMES, OUTPUT_UNITS

from .axes import ReadableAxis
from .ring_buffer import RingBuffer

MAX_MARKERS = 16  # toggle-change lines kept in the plots
MERGE_FRACTION = 0.01  # changes closer than this share of the window join one marker
MERGED_LABELS_SHOWN = 3
# Above this many samples per pixel of width, lines are drawn as separate 1-px segments. Qt strokes a
# dense zig-zag path with a 2-px pen very slowly: 60 days of meal spikes took 200 ms a repaint as
# one path, 40 ms as 2-px segments and 11 ms as 1-px ones (a year: 200 ms, then 17 ms). At that
# density the zig-zag fills a band whatever the pen, and dashes cannot be seen; below it, the curves
# keep their width and dash patterns.
DENSE_SAMPLES_PER_PX = 0.5
DENSE_LINE_PX = 1.0
# Peak downsampling keeps each pixel column's minimum and maximum; pyqtgraph's default keeps five
# columns' worth of samples a pixel, which a year's window filled with 13 segments a pixel.
SAMPLES_PER_PX = 1.0
REDRAW_MS = 50  # at most 20 redraws a second: smooth to the eye, light on two weak cores

_FG = "#222222"
_MARKER = "#555555"

# Base sizes in pixels at font scale 1.0; presentation mode's scale 2.0 gives 24 px ticks.
_TICK_PX = 12
_LABEL_PX = 13
_TITLE_PX = 14
_LINE_PX = 2.0


@dataclass(frozen=True)
class _CurveSpec:
    plot: int
    column: str
    legend: str
    colour: str
    dash: Qt.PenStyle
    right_axis: bool
    symbol: str


@dataclass(frozen=True)
class _PlotSpec:
    title: str
    left: str  # column whose unit labels the left axis
    right: str | None  # column whose unit labels the right axis, if the plot has one
    right_stretch: float = 1.0  # right axis top relative to the left one (both as multiples of their maxima)


_PLOTS: tuple[_PlotSpec, ...] = (
    _PlotSpec("Glucose uptake", "glucose_uptake", None),
    _PlotSpec("Blood glucose and insulin", "plasma_glucose", "plasma_insulin"),
    _PlotSpec("Cytokines from fat and immune cells", "tnf_alpha", None),
    # IL-1β and IL-18 each on an axis of its own (IL-18 sits ~100× higher). IL-18's is stretched so its
    # line runs near mid-height, apart from IL-1β, which fills the left axis.
    _PlotSpec("Inflammasome cytokines", "il1b", "il18", right_stretch=1.5),
)

# Colour (Okabe-Ito), dash style and a marker shape all differ, so colour is never the only cue: the
# markers stay when the line is too dense for its dashes to show.
_CURVES: tuple[_CurveSpec, ...] = (
    _CurveSpec(0, "glucose_uptake", "glucose uptake", "#009E73", Qt.PenStyle.SolidLine, False, "o"),
    _CurveSpec(1, "plasma_glucose", "glucose (left axis)", "#0072B2", Qt.PenStyle.SolidLine, False, "o"),
    _CurveSpec(1, "plasma_insulin", "insulin (right axis)", "#E69F00", Qt.PenStyle.DashLine, True, "t"),
    _CurveSpec(2, "tnf_alpha", "TNF-α", "#D55E00", Qt.PenStyle.SolidLine, False, "s"),
    _CurveSpec(2, "il6", "IL-6", "#CC79A7", Qt.PenStyle.DashLine, False, "d"),
    _CurveSpec(3, "il1b", "IL-1β (left axis)", "#000000", Qt.PenStyle.DotLine, False, "o"),
    _CurveSpec(3, "il18", "IL-18 (right axis)", "#56B4E9", Qt.PenStyle.DashDotLine, True, "x"),
)
MARKERS_PER_WINDOW = 10  # marker shapes per curve across the visible window


def _pen(colour: str, width: float, dash: Qt.PenStyle = Qt.PenStyle.SolidLine) -> pg.QtGui.QPen:
    pen = pg.mkPen(colour, width=width, style=dash)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap if dash == Qt.PenStyle.SolidLine else Qt.PenCapStyle.RoundCap)
    return pen


def _downsampled_curve(**options) -> pg.PlotDataItem:
    """A curve that hands the painter at most a min/max pair per pixel column (see SAMPLES_PER_PX)."""
    curve = pg.PlotDataItem(antialias=True, autoDownsampleFactor=SAMPLES_PER_PX, **options)
    curve.setDownsampling(auto=True, method="peak")
    return curve


def _font(px: float) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(px)))
    return font


class _Marker:
    """One toggle change: a dashed vertical line with a label in each plot."""

    def __init__(self, day: float, label: str, lines: list[pg.InfiniteLine]) -> None:
        self.day = day
        self.label = label
        self.changes = [label]
        self.lines = lines


def _joined(changes: list[str]) -> str:
    """One label for changes made at (nearly) the same moment: "+ A, − B" or "+ A, − B, + C +4 more"."""
    shown = ", ".join(changes[:MERGED_LABELS_SHOWN])
    hidden = len(changes) - MERGED_LABELS_SHOWN
    return f"{shown} +{hidden} more" if hidden > 0 else shown


class PlotPanel(QWidget):
    """Four stacked live plots of meal-scale dynamics sharing one x axis (simulated time in days);
    the trend plot (widgets/trend_panel.py) shows the same run one value a day.

    1. Glucose uptake (mg/kg/min).
    2. Blood glucose (mmol/L, left axis) and insulin (µU/mL, right axis: a second ViewBox kept on the
       same x range).
    3. TNF-α and IL-6 (pg/mL).
    4. IL-1β (left axis) and IL-18 (right axis), each on its own scale: IL-18 sits ~100× higher. A log
       axis was rejected: a 20 % rise would move a line by a pixel or two on a three-decade axis,
       whereas two linear axes keep the changes students are meant to see visible. IL-18's axis is
       stretched 1.5× so its line runs near mid-height, clear of IL-1β.

    Every curve has a colour, a dash and a marker shape of its own; the few markers per curve stay
    visible when the line is dense enough to hide its dashes.

    Every y axis starts at zero (or below, for negative data) and is fitted to the visible window, with
    room above for the legend row, so a change's size on screen is proportional to its real size.
    The x range shows the last `window_days` ending at the newest row; until that much time is
    buffered the data grows in from the left.
    Mouse zoom and pan are off: the panel is a live read-out driven by the simulation clock.
    Call it from the GUI thread only (the worker's snapshots arrive through queued signals), and call
    `clear()` after a reset: rows are expected in increasing day order.
    """

    def __init__(self, window_days: float = 3.0, capacity: int = 20000,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._window_days = self._checked_days(window_days)
        self._buffer = RingBuffer(capacity, len(OUTPUT_NAMES))
        self._columns = [OUTPUT_INDEX["day"]] + [OUTPUT_INDEX[c.column] for c in _CURVES]
        self._markers: list[_Marker] = []
        self._dirty = False
        self._redraw_count = 0
        self._scale = 1.0
        self._min_height = 0
        self._fit_to_data = False
        self._line_mode = "auto"

        self._view = pg.GraphicsLayoutWidget()
        self._fg = _FG
        self._curve_colours: dict[str, str] = {}
        self._view.setBackground("w")
        self._view.ci.layout.setContentsMargins(4, 4, 8, 4)
        self._view.ci.layout.setVerticalSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)
        # The plots are one tab stop: what a screen reader says there (their curves cannot be focused).
        plots = "; ".join(f"{spec.title}: " + ", ".join(c.legend for c in _CURVES if c.plot == index)
                          for index, spec in enumerate(_PLOTS))
        for widget in (self, self._view):
            widget.setAccessibleName("Live plots")
            widget.setAccessibleDescription(
                f"Meal by meal, against the simulated day. {plots}. Each curve has its own dash and marker.")

        self._plots: list[pg.PlotItem] = []
        self._right_views: list[pg.ViewBox | None] = []
        self._legends: list[pg.LegendItem] = []
        for row, spec in enumerate(_PLOTS):
            plot = self._view.addPlot(row=row, col=0, axisItems={side: ReadableAxis(side)
                                                                 for side in ("left", "right")})
            plot.setTitle(spec.title)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.vb.disableAutoRange()
            plot.showAxis("right")
            # Vertical grid lines only: pyqtgraph's horizontal ones span the plots' full width and
            # cost about 20 ms a redraw here, 40 % of the GUI thread at the panel's 20 redraws a second.
            plot.showGrid(x=True, y=False, alpha=0.12)
            for side in ("left", "bottom", "right"):
                axis = plot.getAxis(side)
                axis.enableAutoSIPrefix(False)
                axis.setPen(self._fg)
                axis.setTextPen(self._fg)
            if row < len(_PLOTS) - 1:
                plot.getAxis("bottom").setStyle(showValues=False)
            if spec.right is None:
                # An empty right axis of the same width keeps every x axis aligned.
                plot.getAxis("right").setStyle(showValues=False)
                self._right_views.append(None)
            else:
                self._right_views.append(self._add_right_view(plot))
            legend = pg.LegendItem(offset=(4, 1), brush=pg.mkBrush(255, 255, 255, 170),
                                   pen=pg.mkPen("#c8c8c8"), labelTextColor=self._fg, colCount=4, horSpacing=4,
                                   verSpacing=0)
            legend.layout.setContentsMargins(4, 0, 8, 0)
            legend.setParentItem(plot.vb)
            self._legends.append(legend)
            self._plots.append(plot)

        self._curves: dict[str, pg.PlotDataItem] = {}
        self._marks: dict[str, pg.ScatterPlotItem] = {}  # each curve's marker shapes (see _place_marks)
        self._legend_samples: dict[str, pg.PlotDataItem] = {}  # no data: the legend's line and marker
        for spec in _CURVES:
            curve = _downsampled_curve(name=spec.legend)
            marks = pg.ScatterPlotItem(symbol=spec.symbol, pxMode=True)
            view = self._right_views[spec.plot] if spec.right_axis else self._plots[spec.plot].vb
            view.addItem(curve)
            view.addItem(marks)
            sample = pg.PlotDataItem()
            self._legends[spec.plot].addItem(sample, spec.legend)
            self._curves[spec.column], self._marks[spec.column] = curve, marks
            self._legend_samples[spec.column] = sample

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)

        self.set_font_scale(1.0)
        self._set_x_range(0.0, self._window_days)
        for plot in self._plots:
            plot.vb.setYRange(0.0, 1.0, padding=0)
        for right_view in self._right_views:
            if right_view is not None:
                right_view.setYRange(0.0, 1.0, padding=0)

    # --- public API -------------------------------------------------------------------------------------

    def append_rows(self, rows: np.ndarray) -> None:
        """Buffer k × len(OUTPUT_NAMES) rows (model column order); the timer redraws later, not now,
        so a fast simulation never makes the GUI thread paint more than 20 times a second."""
        self._buffer.append(rows)
        if len(self._buffer) >= self._buffer.capacity:  # only once old data is being dropped
            self._prune_markers(float(self._buffer.first()[0]))
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def set_window_days(self, days: float) -> None:
        """Show the last `days` of simulated time (the window widens it when the simulation runs fast)."""
        self._window_days = self._checked_days(days)
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def window_days(self) -> float:
        """Width of the visible x range in days."""
        return self._window_days

    def add_marker(self, day: float, label: str) -> None:
        """Mark where a toggle changed (e.g. "+ High-fat diet") with a dashed line in all the plots.

        A change within a few pixels of the newest marker joins that marker's label instead of drawing
        a line on top of it, at most `MAX_MARKERS` are kept (the oldest go first), and markers older
        than the oldest buffered row are dropped on the next append: a storm of switches costs the
        redraw no more than a few lines.
        """
        newest = self._markers[-1] if self._markers else None
        if newest is not None and 0.0 <= day - newest.day <= MERGE_FRACTION * self._window_days:
            newest.changes.append(label)
            newest.label = _joined(newest.changes)
            for line in newest.lines:
                line.label.setText(newest.label)
            return
        while len(self._markers) >= MAX_MARKERS:
            self._remove_marker_lines(self._markers.pop(0))
        lines = []
        for plot in self._plots:
            line = pg.InfiniteLine(pos=float(day), angle=90, movable=False, label=label,
                                   labelOpts={"position": 1.0, "anchors": [(0, 0), (1, 0)], "color": self._fg,
                                              "fill": pg.mkBrush(255, 255, 255, 170)})
            plot.addItem(line, ignoreBounds=True)
            lines.append(line)
        self._markers.append(_Marker(float(day), label, lines))
        self._style_markers(self._markers[-1:])
        self._place_marker_labels()

    def flush(self) -> None:
        """Draw the rows that arrived since the last redraw now, not at the timer (before an export,
        so the picture holds everything the buffer does)."""
        self._timer.stop()
        self._redraw()

    @contextlib.contextmanager
    def fitted_to_data(self) -> Iterator[None]:
        """While printing: the x axis spans the buffered data instead of the live window, so a run
        shorter than the window fills the plots rather than a sliver at their left edge."""
        self._fit_to_data = True
        self._dirty = True
        self._redraw()
        try:
            yield
        finally:
            self._fit_to_data = False
            self._dirty = True
            self._redraw()

    def markers(self) -> list[tuple[float, str]]:
        """(day, label) of the markers currently shown, oldest first."""
        return [(m.day, m.label) for m in sorted(self._markers, key=lambda m: m.day)]

    def clear(self) -> None:
        """Empty the buffer, curves and markers (after a reset, when the clock starts again at 0)."""
        self._buffer.clear()
        for marker in self._markers:
            self._remove_marker_lines(marker)
        self._markers.clear()
        for curve in self._curves.values():
            curve.setData(np.empty(0), np.empty(0))
        self._dirty = False
        self._timer.stop()
        self._set_x_range(0.0, self._window_days)

    def series(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Buffered (days, values) of column `name`, oldest first (for tests and read-outs)."""
        data = self._buffer.view([OUTPUT_INDEX["day"], OUTPUT_INDEX[name]])
        return data[:, 0], data[:, 1]

    def curve_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) arrays the curve of column `name` was last given (before on-screen downsampling)."""
        x, y = self._curves[name].getOriginalDataset()
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x), np.asarray(y)

    def x_range(self) -> tuple[float, float]:
        """The visible x range (days), shared by all the plots."""
        lo, hi = self._plots[-1].vb.viewRange()[0]
        return float(lo), float(hi)

    def y_range(self, name: str) -> tuple[float, float]:
        """The visible y range of the axis that column `name` is drawn against."""
        lo, hi = self._curves[name].getViewBox().viewRange()[1]
        return float(lo), float(hi)

    @property
    def redraw_count(self) -> int:
        """How many redraws have run (lets tests check the throttle)."""
        return self._redraw_count

    @property
    def buffer(self) -> RingBuffer:
        """The ring buffer behind the plots (read it, do not append to it directly)."""
        return self._buffer

    def set_colours(self, background: str, foreground: str, curve_colours: dict[str, str] | None = None
                    ) -> None:
        """Theme the plots: background, text and axes, and any curve whose colour would vanish
        (the black IL-1β line on a dark background)."""
        self._fg = foreground
        self._curve_colours = dict(curve_colours or {})
        self._view.setBackground(background)
        for plot in self._plots:
            for side in ("left", "bottom", "right"):
                plot.getAxis(side).setPen(foreground)
                plot.getAxis(side).setTextPen(foreground)
        for legend in self._legends:
            legend.setLabelTextColor(foreground)
            legend.setBrush(pg.mkBrush(background))
        self.set_font_scale(self._scale)

    def smallest_font_px(self) -> int:
        """The smallest text on the plots (tick labels and legends), in pixels."""
        return round(_TICK_PX * self._scale)

    def set_font_scale(self, scale: float) -> None:
        """Scale fonts, axis space and line widths together, so presentation mode reads from the back row."""
        if not (scale > 0 and math.isfinite(scale)):
            raise ValueError("font scale must be a positive number")
        self._scale = float(scale)
        tick_px, label_px, title_px = (round(px * scale) for px in (_TICK_PX, _LABEL_PX, _TITLE_PX))
        tick_font = _font(tick_px)
        tick_metrics = QFontMetricsF(tick_font)
        label_h = QFontMetricsF(_font(label_px)).height()
        title_h = QFontMetricsF(_font(title_px)).height()
        # Fixed axis widths (not auto) so the plots' x axes stay aligned whatever the tick labels.
        side_w = math.ceil(tick_metrics.horizontalAdvance("000.0") + label_h + 10 * scale)
        label_style = {"color": self._fg, "font-size": f"{label_px}px"}
        for plot, spec in zip(self._plots, _PLOTS, strict=True):
            plot.setTitle(spec.title, color=self._fg, size=f"{title_px}px", bold=True)
            plot.titleLabel.setMaximumHeight(title_h + 2)
            plot.layout.setRowFixedHeight(0, title_h + 2)
            for side in ("left", "bottom", "right"):
                axis = plot.getAxis(side)
                axis.setTickFont(tick_font)
                axis.setStyle(tickTextOffset=max(2, round(3 * scale)), tickLength=round(5 * scale))
            plot.getAxis("left").setLabel(OUTPUT_UNITS[spec.left], **label_style)
            plot.getAxis("left").setWidth(side_w)
            plot.getAxis("right").setWidth(side_w)
            if spec.right is not None:
                plot.getAxis("right").setLabel(OUTPUT_UNITS[spec.right], **label_style)
        self._plots[-1].getAxis("bottom").setLabel("simulated time (days)", **label_style)
        # Per plot: title, legend row, and at least ~30 px (scaled) of data; plus the shared x axis.
        tick_h = tick_metrics.height()
        per_plot = title_h + 2 + tick_h * 1.3 + 30 * scale
        self._min_height = math.ceil(len(_PLOTS) * per_plot + label_h + tick_h + 12)
        self.updateGeometry()
        for legend in self._legends:
            legend.setLabelTextSize(f"{tick_px}px")
            for _sample, label in legend.items:  # setLabelTextSize only stores the size: re-render
                label.setText(label.text)
            legend.updateSize()
        self._apply_pens()
        self._style_markers(self._markers)

    def _line_width(self) -> float:
        return DENSE_LINE_PX if self._line_mode == "on" else _LINE_PX * self._scale

    def _apply_pens(self) -> None:
        width = self._line_width()
        for spec in _CURVES:
            colour = self._curve_colours.get(spec.column, spec.colour)
            self._curves[spec.column].setPen(_pen(colour, width, spec.dash))
        size = round(8 * self._scale)
        for spec in _CURVES:
            colour = self._curve_colours.get(spec.column, spec.colour)
            marks = self._marks[spec.column]
            marks.setPen(pg.mkPen(colour, width=max(1.0, self._scale)))
            marks.setBrush(pg.mkBrush(colour))
            marks.setSize(size)
            self._legend_samples[spec.column].setData(
                [], [], pen=_pen(colour, _LINE_PX * self._scale, spec.dash), symbol=spec.symbol,
                symbolSize=size, symbolPen=pg.mkPen(colour), symbolBrush=pg.mkBrush(colour))

    def minimumSizeHint(self) -> QSize:
        """Tall enough that, at the current font scale, every plot keeps some room for data; as wide as
        the plots' axes and legends need (narrower, pyqtgraph kept the layout at its minimum and the
        dock cut off its right-hand axes: 431 px of plots in 400 at 1280x720)."""
        needed = math.ceil(self._view.ci.minimumWidth()) + 2 * self._view.frameWidth()
        return QSize(max(round(400 * self._scale), needed), self._min_height)

    # --- internals --------------------------------------------------------------------------------------

    @staticmethod
    def _checked_days(days: float) -> float:
        days = float(days)
        if not (days > 0 and math.isfinite(days)):
            raise ValueError("window_days must be a positive number of days")
        return days

    def _add_right_view(self, plot: pg.PlotItem) -> pg.ViewBox:
        """A second ViewBox over the plot, drawn against the plot's right axis; x is set with the plot's."""
        view = pg.ViewBox(enableMouse=False, enableMenu=False)
        view.disableAutoRange()
        plot.scene().addItem(view)
        plot.getAxis("right").linkToView(view)

        def follow() -> None:
            view.setGeometry(plot.vb.sceneBoundingRect())

        plot.vb.sigResized.connect(follow)
        follow()
        return view

    def _set_x_range(self, lo: float, hi: float) -> None:
        # Set on every ViewBox rather than linking them: pyqtgraph's x links map through screen pixels,
        # which left a few thousandths of a day of drift between plots after resizes.
        for view in [p.vb for p in self._plots] + [v for v in self._right_views if v is not None]:
            view.setXRange(lo, hi, padding=0)

    def _style_markers(self, markers: list[_Marker]) -> None:
        pen = _pen(_MARKER, max(1.0, 1.5 * self._scale), Qt.PenStyle.DashLine)
        font = _font(_TICK_PX * self._scale)
        for marker in markers:
            for line in marker.lines:
                line.setPen(pen)
                line.label.setFont(font)

    def _remove_marker_lines(self, marker: _Marker) -> None:
        for plot, line in zip(self._plots, marker.lines, strict=True):
            plot.removeItem(line)

    def _prune_markers(self, oldest_day: float) -> None:
        keep = []
        for marker in self._markers:
            if marker.day < oldest_day:
                self._remove_marker_lines(marker)
            else:
                keep.append(marker)
        self._markers = keep

    def _redraw(self) -> None:
        """Push the visible tail of the buffer into the existing curves and scroll the x range."""
        if not self._dirty:
            return
        self._dirty = False
        self._redraw_count += 1
        if not len(self._buffer):
            return
        data = self._buffer.view(self._columns)
        days = data[:, 0]
        hi = max(float(days[-1]), float(days[0]) + self._window_days)
        lo = hi - self._window_days
        if self._fit_to_data and days[-1] > days[0]:
            lo, hi = max(lo, float(days[0])), float(days[-1])
        # One row before the window so the line enters from the left edge instead of starting inside.
        start = max(0, int(np.searchsorted(days, lo, side="left")) - 1)
        shown = data[start:]
        x = shown[:, 0]
        self._set_line_mode("on" if len(x) > DENSE_SAMPLES_PER_PX * max(self._plots[0].vb.width(), 1.0)
                            else "auto")
        per_axis: dict[tuple[int, bool], list[np.ndarray]] = {}
        for i, spec in enumerate(_CURVES, start=1):
            y = shown[:, i]
            self._curves[spec.column].setData(x, y)
            per_axis.setdefault((spec.plot, spec.right_axis), []).append(y)
        self._place_marks(lo, hi, x, shown)
        self._set_x_range(lo, hi)
        for (plot_index, right), ys in per_axis.items():
            plot = self._plots[plot_index]
            # Keep the curves' maxima below the legend row, whatever the font scale and plot height.
            free = 1.0 - (self._legends[plot_index].height() + 4.0) / max(plot.vb.height(), 1.0)
            top = 1.0 / min(0.9, max(0.4, free))
            if right:
                view, top = self._right_views[plot_index], top * _PLOTS[plot_index].right_stretch
            else:
                view = plot.vb
            self._fit_y(view, np.concatenate(ys), top)
        self._place_marker_labels()

    def _place_marks(self, lo: float, hi: float, x: np.ndarray, shown: np.ndarray) -> None:
        """A few marker shapes on each curve, at fixed days (so they scroll with the data), each curve's
        shifted a little so the shapes of curves sharing a plot do not sit on one another."""
        step = (hi - lo) / MARKERS_PER_WINDOW
        for i, spec in enumerate(_CURVES, start=1):
            offset = step * (0.25 + 0.5 * (i % 3) / 3)
            days = (np.arange(math.ceil((lo - offset) / step), math.floor((hi - offset) / step) + 1) * step
                    + offset)
            days = days[(days >= x[0]) & (days <= x[-1])] if len(x) > 1 else days[:0]
            self._marks[spec.column].setData(days, np.interp(days, x, shown[:, i]))

    def mark_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Where the marker shapes of column `name` sit (for tests)."""
        x, y = self._marks[name].getData()
        return np.asarray(x), np.asarray(y)

    def _set_line_mode(self, mode: str) -> None:
        if mode == self._line_mode:
            return
        self._line_mode = mode
        for curve in self._curves.values():
            curve.curve.setSegmentedLineMode(mode)
        self._apply_pens()

    @property
    def line_mode(self) -> str:
        """"on" while the visible data is dense enough to be drawn as 1-px segments, else "auto"."""
        return self._line_mode

    def _place_marker_labels(self) -> None:
        """Hide a marker's label while its line has scrolled under the legend, where the texts would mix."""
        for plot, legend in zip(self._plots, self._legends, strict=True):
            legend_right = plot.vb.mapSceneToView(legend.sceneBoundingRect().topRight()).x()
            for marker in self._markers:
                line = marker.lines[self._plots.index(plot)]
                visible = marker.day > legend_right
                if line.label.isVisible() != visible:
                    line.label.setVisible(visible)

    @staticmethod
    def _fit_y(view: pg.ViewBox, y: np.ndarray, top_factor: float) -> None:
        """Zero-based y range up to `top_factor` × the data's maximum."""
        finite = y[np.isfinite(y)]
        if not finite.size:
            return
        top, bottom = float(finite.max()), min(0.0, float(finite.min()))
        if top <= bottom:
            top = bottom + 1.0
        view.setYRange(bottom, bottom + top_factor * (top - bottom), padding=0)
