"""Compare runs: pin named runs in the trend plot, reset, change a switch, and see them all at once."""

from __future__ import annotations

from bridge import scripted_window
from PySide6.QtCore import Qt

from widgets.trend_panel import MAX_PINS


def test_pinned_runs_survive_a_reset_and_are_drawn_with_a_legend_entry(qtbot):
    win, bridge = scripted_window(qtbot, speed=43200.0)
    bridge.advance(6.0)
    qtbot.keyClick(win, Qt.Key_P, Qt.ControlModifier)  # Ctrl+P pins under an automatic name
    assert win.trend.pins() == ["Healthy, day 6"]
    resets: list[float] = []
    win.state.reset_applied.connect(lambda: resets.append(win.latest.day))
    win.request_reset()
    assert resets == [0.0]
    win.toggles.checkbox("inflammation").click()
    bridge.advance(6.0)
    assert win.latest.toggles["inflammation"]
    assert win.pin_run("inflamed") == "inflamed"
    win.request_reset()
    bridge.advance(3.0)
    win.trend.flush()
    assert win.trend.pins() == ["Healthy, day 6", "inflamed"]  # both survived the resets
    legend = win.trend.legend_names()
    assert {"this run", "Healthy, day 6", "inflamed"} <= set(legend)
    healthy = win.trend.line_data("insulin_sensitivity", "Healthy, day 6")
    inflamed = win.trend.line_data("insulin_sensitivity", "inflamed")
    live = win.trend.line_data("insulin_sensitivity", "live")
    assert healthy[0].size == inflamed[0].size == 7 and live[0].size == 4  # start + one point a day
    assert inflamed[1][-1] < healthy[1][-1]  # the inflamed run lost sensitivity
    # Each pinned run has a dash and a marker shape of its own: colour is never the only cue.
    shapes = {win.trend.marker_symbol("homa_ir", run) for run in ("inflamed", "Healthy, day 6")}
    assert len(shapes) == 2
    assert win.trend.line_style("homa_ir", "live") == Qt.PenStyle.SolidLine
    qtbot.keyClick(win, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    assert win.trend.pins() == []
    win.close()


def test_at_most_a_few_pins_are_kept_the_oldest_going_first(qtbot):
    win, bridge = scripted_window(qtbot, speed=43200.0)
    bridge.advance(2.0)
    names = [win.pin_run(f"run {k}") for k in range(MAX_PINS + 1)]
    assert names == [f"run {k}" for k in range(MAX_PINS + 1)]
    assert win.trend.pins() == [f"run {k}" for k in range(1, MAX_PINS + 1)]
    assert win.pin_run("run 4") == "run 4 (2)"  # a name is never reused
    win.close()


def test_nothing_to_pin_before_the_model_has_run(qtbot):
    win, _bridge = scripted_window(qtbot, speed=43200.0)
    assert win.pin_run() is None
    assert "Nothing pinned" in win.statusBar().currentMessage()
    win.close()
