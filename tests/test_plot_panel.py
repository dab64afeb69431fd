"""The live plot panel and its ring buffer: bounded memory, throttled redraw, scrolling window, markers."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from model.outputs import OUTPUT_INDEX, OUTPUT_NAMES
from widgets.plot_panel import PlotPanel
from widgets.ring_buffer import RingBuffer

PLOTTED = ("glucose_uptake", "plasma_glucose", "plasma_insulin", "tnf_alpha", "il6", "il1b", "il18")


def make_rows(days: np.ndarray) -> np.ndarray:
    """Rows in model column order, every column different so mix-ups show."""
    days = np.asarray(days, dtype=float)
    rows = np.empty((days.size, len(OUTPUT_NAMES)))
    rows[:, 0] = days
    for j in range(1, len(OUTPUT_NAMES)):
        rows[:, j] = 10.0 * j + np.sin(days * (j + 1))
    return rows


def days_range(start: float, stop: float, step: float = 0.01) -> np.ndarray:
    return start + step * np.arange(round((stop - start) / step))


@pytest.fixture
def panel(qtbot):
    widget = PlotPanel(window_days=1.0, capacity=500)
    qtbot.addWidget(widget)
    widget.resize(1000, 480)  # four plots, each with room above its legend
    widget.show()
    return widget


def scene_items(panel: PlotPanel, kind: type) -> list:
    return [item for item in panel.findChild(pg.GraphicsView).scene().items() if isinstance(item, kind)]


def wait_redrawn(qtbot, panel: PlotPanel, before: int) -> None:
    qtbot.waitUntil(lambda: panel.redraw_count > before, timeout=2000)


def assert_enters_from_left(x: np.ndarray, lo: float) -> None:
    """The curve starts at most one sample before the window's left edge (day steps are 0.01)."""
    assert x[0] <= lo + 1e-9
    assert x[1] >= lo - 1e-9
    assert lo - x[0] < 0.01 + 1e-9


# --- ring buffer -------------------------------------------------------------------------------------------


def test_ring_buffer_keeps_newest_rows_in_order():
    buf = RingBuffer(5, 2)
    rows = np.arange(14, dtype=float).reshape(7, 2)
    buf.append(rows[:3])
    assert len(buf) == 3
    np.testing.assert_array_equal(buf.view(), rows[:3])
    buf.append(rows[3:])  # wraps round: rows 0 and 1 are overwritten
    assert len(buf) == 5
    np.testing.assert_array_equal(buf.view(), rows[2:])
    np.testing.assert_array_equal(buf.first(), rows[2])
    np.testing.assert_array_equal(buf.last(), rows[6])
    np.testing.assert_array_equal(buf.view([1]), rows[2:, 1:])


def test_ring_buffer_block_larger_than_capacity_keeps_the_newest():
    buf = RingBuffer(4, 3)
    buf.append(np.ones((2, 3)))
    block = np.arange(30, dtype=float).reshape(10, 3)
    buf.append(block)
    assert len(buf) == 4
    np.testing.assert_array_equal(buf.view(), block[-4:])
    buf.append([100.0, 101.0, 102.0])  # a single 1-D row
    np.testing.assert_array_equal(buf.view()[-1], [100.0, 101.0, 102.0])
    np.testing.assert_array_equal(buf.view()[0], block[-3])


def test_ring_buffer_view_is_a_copy_and_clear_empties():
    buf = RingBuffer(3, 1)
    buf.append([[1.0], [2.0]])
    view = buf.view()
    view[:] = -1.0
    np.testing.assert_array_equal(buf.view(), [[1.0], [2.0]])
    buf.clear()
    assert len(buf) == 0
    assert buf.view().shape == (0, 1)
    with pytest.raises(IndexError):
        buf.first()
    with pytest.raises(ValueError):
        buf.append(np.zeros((2, 2)))


def test_ring_buffer_memory_is_bounded():
    buf = RingBuffer(100, 4)
    nbytes = buf.nbytes
    rng = np.random.default_rng(1)
    last = None
    for _ in range(50):
        last = rng.random((37, 4))
        buf.append(last)
    assert len(buf) == 100
    assert buf.nbytes == nbytes
    np.testing.assert_array_equal(buf.view()[-37:], last)


# --- plot panel --------------------------------------------------------------------------------------------


def test_append_does_not_redraw_at_once_and_the_redraw_shows_the_buffered_tail(qtbot, panel):
    rows = make_rows(days_range(0.0, 3.0))
    panel.append_rows(rows)
    assert panel.redraw_count == 0  # only marked dirty
    assert panel.curve_data("plasma_glucose")[0].size == 0
    wait_redrawn(qtbot, panel, 0)

    lo, hi = panel.x_range()
    for name in PLOTTED:
        x_buf, y_buf = panel.series(name)
        np.testing.assert_array_equal(y_buf, rows[:, OUTPUT_INDEX[name]])
        x, y = panel.curve_data(name)
        # The visible window (1 day of 3) plus one point before it, so the line enters from the left edge.
        assert 100 < x.size < 110
        np.testing.assert_array_equal(x, x_buf[-x.size:])
        np.testing.assert_array_equal(y, y_buf[-y.size:])
        assert_enters_from_left(x, lo)
        assert x[-1] == pytest.approx(hi)


def test_burst_of_appends_coalesces_into_one_redraw(qtbot, panel):
    for k in range(10):
        panel.append_rows(make_rows(days_range(0.1 * k, 0.1 * (k + 1))))
    wait_redrawn(qtbot, panel, 0)
    assert panel.redraw_count == 1
    x, _ = panel.curve_data("il18")
    assert x[-1] == pytest.approx(0.99)


def test_curves_are_updated_not_recreated(qtbot, panel):
    curves = scene_items(panel, pg.PlotDataItem)
    assert len(curves) == len(PLOTTED)
    panel.append_rows(make_rows(days_range(0.0, 1.0)))
    wait_redrawn(qtbot, panel, 0)
    panel.append_rows(make_rows(days_range(1.0, 2.0)))
    wait_redrawn(qtbot, panel, 1)
    assert set(scene_items(panel, pg.PlotDataItem)) == set(curves)


def test_x_range_follows_the_newest_day(qtbot, panel):
    panel.append_rows(make_rows(days_range(0.0, 0.5)))
    wait_redrawn(qtbot, panel, 0)
    # Less than a window buffered: the data grows in from the left.
    assert panel.x_range() == pytest.approx((0.0, 1.0))

    panel.append_rows(make_rows(days_range(0.5, 4.0)))
    wait_redrawn(qtbot, panel, 1)
    assert panel.x_range() == pytest.approx((2.99, 3.99), abs=1e-9)

    panel.set_window_days(2.5)
    wait_redrawn(qtbot, panel, 2)
    assert panel.x_range() == pytest.approx((1.49, 3.99), abs=1e-9)
    x, _ = panel.curve_data("glucose_uptake")
    assert_enters_from_left(x, 1.49)
    assert x[-1] == pytest.approx(3.99)
    with pytest.raises(ValueError):
        panel.set_window_days(0.0)


def test_y_axes_start_at_zero_and_contain_the_visible_data(qtbot, panel):
    rows = make_rows(days_range(0.0, 2.0))
    panel.append_rows(rows)
    wait_redrawn(qtbot, panel, 0)
    for name in PLOTTED:
        lo, hi = panel.y_range(name)
        _, y = panel.curve_data(name)
        assert lo == 0.0
        assert y.max() < hi < 3.0 * y.max()


def test_markers_are_added_in_all_plots_and_pruned_with_the_buffer(qtbot, panel):
    panel.append_rows(make_rows(days_range(0.0, 1.0)))
    panel.add_marker(0.5, "+ High-fat diet")
    panel.add_marker(3.0, "− TRT")
    assert panel.markers() == [(0.5, "+ High-fat diet"), (3.0, "− TRT")]
    lines = scene_items(panel, pg.InfiniteLine)
    assert sorted(line.value() for line in lines) == [0.5] * 4 + [3.0] * 4
    assert {line.label.toPlainText() for line in lines} == {"+ High-fat diet", "− TRT"}
    assert all(line.pen.style() == Qt.PenStyle.DashLine for line in lines)

    # Capacity 500 rows of 0.01 day: after day 5.5 the oldest buffered day is past 0.5.
    panel.append_rows(make_rows(days_range(1.0, 5.52)))
    assert panel.series("day")[0][0] > 0.5
    assert panel.markers() == [(3.0, "− TRT")]
    assert sorted(line.value() for line in scene_items(panel, pg.InfiniteLine)) == [3.0] * 4


def test_a_storm_of_switches_stays_a_few_labelled_lines(qtbot, panel):
    from widgets.plot_panel import MAX_MARKERS

    panel.append_rows(make_rows(days_range(0.0, 3.0)))
    window = panel.window_days()
    panel.add_marker(1.0, "+ Lifestyle")
    panel.add_marker(1.0 + 0.002 * window, "− TRT")  # a few pixels later: the same line
    assert panel.markers() == [(1.0, "+ Lifestyle, − TRT")]
    for k in range(3):
        panel.add_marker(1.0 + 0.003 * window, f"+ Stress {k}")
    assert panel.markers() == [(1.0, "+ Lifestyle, − TRT, + Stress 0 +2 more")]
    assert {line.label.toPlainText() for line in scene_items(panel, pg.InfiniteLine)} == {
        "+ Lifestyle, − TRT, + Stress 0 +2 more"}

    for k in range(3 * MAX_MARKERS):  # far apart: separate lines, the oldest dropped beyond the cap
        panel.add_marker(1.1 + 0.05 * k, f"+ Switch {k}")
    assert len(panel.markers()) == MAX_MARKERS
    assert panel.markers()[-1] == (pytest.approx(1.1 + 0.05 * (3 * MAX_MARKERS - 1)),
                                   f"+ Switch {3 * MAX_MARKERS - 1}")
    assert len(scene_items(panel, pg.InfiniteLine)) == 4 * MAX_MARKERS


def test_clear_empties_buffer_curves_and_markers(qtbot, panel):
    panel.append_rows(make_rows(days_range(0.0, 2.0)))
    panel.add_marker(1.0, "+ Inflammation")
    wait_redrawn(qtbot, panel, 0)
    assert panel.curve_data("tnf_alpha")[0].size > 0

    panel.clear()
    assert len(panel.buffer) == 0
    assert panel.series("tnf_alpha")[0].size == 0
    assert panel.markers() == []
    assert scene_items(panel, pg.InfiniteLine) == []
    for name in PLOTTED:
        assert panel.curve_data(name)[0].size == 0

    # After a reset the clock starts again at 0 and the panel follows it.
    panel.append_rows(make_rows(days_range(0.0, 0.3)))
    count = panel.redraw_count
    wait_redrawn(qtbot, panel, count)
    assert panel.x_range() == pytest.approx((0.0, 1.0))
    assert panel.curve_data("tnf_alpha")[0][-1] == pytest.approx(0.29)


def test_memory_is_bounded_after_ten_times_capacity(qtbot):
    panel = PlotPanel(window_days=1.0, capacity=200)
    qtbot.addWidget(panel)
    nbytes = panel.buffer.nbytes
    days = days_range(0.0, 20.0)  # 2000 rows = 10 × capacity
    for chunk in np.array_split(days, 54):
        panel.append_rows(make_rows(chunk))
        panel.add_marker(float(chunk[0]), "+ Stress")
    assert len(panel.buffer) == 200
    assert panel.buffer.nbytes == nbytes
    x, y = panel.series("plasma_insulin")
    np.testing.assert_array_equal(x, days[-200:])
    np.testing.assert_array_equal(y, make_rows(days[-200:])[:, OUTPUT_INDEX["plasma_insulin"]])
    assert all(day >= x[0] for day, _ in panel.markers())
    assert 1 <= len(panel.markers()) <= 6
    assert len(scene_items(panel, pg.InfiniteLine)) == 4 * len(panel.markers())
    wait_redrawn(qtbot, panel, 0)
    assert panel.curve_data("plasma_insulin")[0].size <= 200


def test_curves_differ_by_colour_and_dash_and_axes_carry_units(panel):
    pens = {}
    for curve in scene_items(panel, pg.PlotDataItem):
        if curve.name():  # the curves (the legend's samples have no name)
            pen = curve.opts["pen"]
            pens[curve.name()] = (pen.color().name(), pen.style())
    assert len(set(pens.values())) == len(PLOTTED)
    shapes = [scatter.opts["symbol"] for scatter in scene_items(panel, pg.ScatterPlotItem)
              if scatter.parentItem() is not None and not isinstance(scatter.parentItem(), pg.PlotDataItem)]
    assert len(shapes) == len(PLOTTED) and len(set(shapes)) >= 5  # a marker shape for every curve
    assert len({style for _, style in pens.values()}) >= 4
    assert ("#e69f00", Qt.PenStyle.DashLine) in pens.values()  # insulin
    assert ("#000000", Qt.PenStyle.DotLine) in pens.values()  # IL-1β
    labels = {axis.labelText for axis in scene_items(panel, pg.AxisItem) if axis.labelText}
    assert {"mg/kg/min", "mmol/L", "µU/mL", "pg/mL", "simulated time (days)"} <= labels


def test_font_scale_scales_lines_and_fonts_together(panel):
    axis = next(a for a in scene_items(panel, pg.AxisItem) if a.labelText == "mmol/L")
    before = axis.style["tickFont"].pixelSize()
    panel.set_font_scale(2.0)
    assert axis.style["tickFont"].pixelSize() == 2 * before
    assert {curve.opts["pen"].widthF() for curve in scene_items(panel, pg.PlotDataItem)} == {4.0}
    assert panel.minimumSizeHint().height() > 0
    with pytest.raises(ValueError):
        panel.set_font_scale(0.0)


def test_marker_labels_hide_under_the_legend(qtbot, panel):
    panel.append_rows(make_rows(days_range(0.0, 3.0)))
    wait_redrawn(qtbot, panel, 0)
    lo, hi = panel.x_range()
    panel.add_marker(lo + 0.01, "+ Lifestyle")  # under the top-left legend
    panel.add_marker(hi - 0.2, "− Lifestyle")
    shown = {}
    for line in scene_items(panel, pg.InfiniteLine):
        shown.setdefault(line.label.toPlainText(), set()).add(line.label.isVisible())
    assert shown == {"+ Lifestyle": {False}, "− Lifestyle": {True}}


def test_a_marker_added_before_the_first_rows_is_kept(qtbot, panel):
    panel.add_marker(0.001, "+ Tesamorelin")  # the switch reached the model before its first rows
    panel.append_rows(make_rows(days_range(0.02, 1.0)))
    assert panel.markers() == [(0.001, "+ Tesamorelin")]


def test_every_curve_keeps_a_marker_shape_when_the_line_is_dense(qtbot):
    panel = PlotPanel(window_days=60.0, capacity=20000)
    qtbot.addWidget(panel)
    panel.resize(500, 600)
    panel.append_rows(make_rows(days_range(0.0, 60.0)))  # dense: 1-px segments, no dashes to see
    wait_redrawn(qtbot, panel, 0)
    assert panel.line_mode == "on"
    lo, hi = panel.x_range()
    shapes = set()
    for name in PLOTTED:
        x, y = panel.mark_data(name)
        assert 5 <= x.size <= 12 and ((x >= lo) & (x <= hi)).all()
        days, values = panel.series(name)
        np.testing.assert_allclose(y, np.interp(x, days, values))  # the marks sit on the curve
    for _sample, label in panel._legends[1].items:
        shapes.add(label.text)
    assert {"glucose (left axis)", "insulin (right axis)"} <= shapes


def test_il1b_and_il18_each_have_an_axis_of_their_own(qtbot, panel):
    rows = make_rows(days_range(0.0, 1.0))
    rows[:, OUTPUT_INDEX["tnf_alpha"]] = 3.0
    rows[:, OUTPUT_INDEX["il1b"]] = 0.3
    rows[:, OUTPUT_INDEX["il18"]] = 150.0
    panel.append_rows(rows)
    wait_redrawn(qtbot, panel, 0)
    assert panel.y_range("il1b")[1] < 1.0  # not on TNF-α's scale, where 0.3 would be a flat line
    assert panel.y_range("tnf_alpha")[1] > 3.0
    assert panel.y_range("il18")[1] > 150.0


def test_for_print_the_plots_span_the_data_not_the_empty_window(qtbot):
    panel = PlotPanel(window_days=60.0, capacity=2000)
    qtbot.addWidget(panel)
    panel.append_rows(make_rows(days_range(0.0, 5.0)))
    wait_redrawn(qtbot, panel, 0)
    assert panel.x_range() == pytest.approx((0.0, 60.0))  # live: the run grows in from the left
    with panel.fitted_to_data():
        assert panel.x_range() == pytest.approx((0.0, 4.99))
    assert panel.x_range() == pytest.approx((0.0, 60.0))


def test_dense_data_is_drawn_as_segments_and_sparse_data_keeps_its_dashes(qtbot):
    panel = PlotPanel(window_days=60.0, capacity=5000)
    qtbot.addWidget(panel)
    panel.resize(1000, 360)
    panel.show()
    panel.append_rows(make_rows(days_range(0.0, 1.0, step=0.1)))  # 10 samples across the plot
    wait_redrawn(qtbot, panel, 0)
    assert panel.line_mode == "auto"
    panel.append_rows(make_rows(days_range(1.0, 59.0, step=0.02)))  # thousands: many per pixel
    count = panel.redraw_count
    wait_redrawn(qtbot, panel, count)
    assert panel.line_mode == "on"
    curves = scene_items(panel, pg.PlotDataItem)
    assert all(item.curve.opts["segmentedLineMode"] == "on" for item in curves)
    assert {item.opts["pen"].widthF() for item in curves} == {1.0}  # thin pens: Qt's fast path
    for item in curves:  # a min/max pair per pixel column or two (pyqtgraph rounds the bin down)
        shown = item._getDisplayDataset()
        assert shown.x.size <= 4 * item.getViewBox().width()
        assert shown.x.size < item.getOriginalDataset()[0].size
    panel.clear()
    panel.append_rows(make_rows(days_range(0.0, 1.0, step=0.1)))
    count = panel.redraw_count
    wait_redrawn(qtbot, panel, count)
    assert panel.line_mode == "auto"
    assert {item.opts["pen"].widthF() for item in curves} == {2.0}


def drawn_tick_labels(axis) -> list:
    """The tick label rects the axis would draw now (pyqtgraph's own layout of them)."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else sorted((rect for rect, _flags, _text in specs[2]), key=lambda r: r.top())


def assert_labels_fit(axis) -> int:
    from PySide6.QtGui import QFontMetricsF

    rects = drawn_tick_labels(axis)
    height = axis.geometry().height()
    text_h = QFontMetricsF(axis.style["tickFont"]).height()
    assert rects, "an axis keeps a label"  # (pyqtgraph drops one that would stick out at an end)
    assert len(rects) * text_h <= height, (len(rects), text_h, height)
    for upper, lower in zip(rects, rects[1:], strict=False):
        assert upper.bottom() <= lower.top(), "tick labels overlap"
    return len(rects)


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("stretch", [1.0, 1.4, 2.4])
def test_y_tick_labels_do_not_crowd_a_short_plot(qtbot, scale, stretch):
    from widgets.axes import ReadableAxis

    panel = PlotPanel(window_days=1.0, capacity=500)
    qtbot.addWidget(panel)
    panel.set_font_scale(scale)  # 2.0: presentation mode's fonts
    height = round(panel.minimumSizeHint().height() * stretch)  # from the shortest the dock allows
    panel.resize(panel.minimumSizeHint().width(), height)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.append_rows(make_rows(days_range(0.0, 1.0)))
    panel.flush()
    axes = [axis for axis in scene_items(panel, ReadableAxis)
            if axis.orientation in ("left", "right") and axis.style["showValues"] and axis.isVisible()]
    assert len(axes) == 6  # four left axes, two right ones with values
    counts = [assert_labels_fit(axis) for axis in axes]
    if stretch > 2:
        assert min(counts) >= 3  # a taller plot still gets a useful scale


def test_a_bigger_tick_font_is_announced_while_the_old_bounds_still_hold(qtbot, monkeypatch):
    """The y axes reserve room for half a label past each end, so their bounds grow with the tick font.
    Qt's scene index must hear of it before the font changes (QGraphicsItem.prepareGeometryChange);
    announced after, the index kept stale bounds and a later paint crashed (presentation mode on and
    off during lessons)."""
    from PySide6.QtGui import QFont

    from widgets.axes import ReadableAxis

    axis = ReadableAxis("left")
    seen = []
    monkeypatch.setattr(axis, "prepareGeometryChange", lambda: seen.append(axis.boundingRect()))
    before = axis.boundingRect()
    big = QFont()
    big.setPixelSize(40)
    axis.setTickFont(big)
    assert seen and seen[0] == before
    assert axis.boundingRect().height() > before.height()


def test_tick_labels_keep_the_decimals_their_step_needs():
    from widgets.axes import ReadableAxis

    axis = ReadableAxis("left")
    assert axis.tickStrings([0.0, 2.5, 5.0, 7.5], 1.0, 2.5) == ["0.0", "2.5", "5.0", "7.5"]  # not "2", "8"
    assert axis.tickStrings([0.0, 2.0, 4.0], 1.0, 2.0) == ["0", "2", "4"]
    assert axis.tickStrings([0.0, 0.25, 0.5], 1.0, 0.25) == ["0.00", "0.25", "0.50"]


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_panel_asks_for_the_width_its_axes_and_legends_need(qtbot, scale):
    """Given less, pyqtgraph keeps the layout at its minimum and the dock cuts off the right axes."""
    panel = PlotPanel(window_days=1.0, capacity=500)
    qtbot.addWidget(panel)
    panel.set_font_scale(scale)
    assert panel.minimumSizeHint().width() >= panel._view.ci.minimumWidth()
