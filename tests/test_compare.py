"""Compare runs: pin the current run, reset, change a switch, and see both on the plots."""

from __future__ import annotations

from bridge import scripted_window
from PySide6.QtCore import Qt


def test_pinned_reference_survives_a_reset_and_is_drawn_dashed(qtbot):
    win, bridge = scripted_window(qtbot, speed=43200.0)
    bridge.advance(6.0)
    qtbot.keyClick(win, Qt.Key_P, Qt.ControlModifier)
    pinned = len(win.plots.buffer)
    resets: list[float] = []  # the day of the model's reset snapshot
    win.state.reset_applied.connect(lambda: resets.append(win.latest.day))
    win.request_reset()
    assert resets == [0.0] and len(win.plots.buffer) == 1
    win.toggles.checkbox("inflammation").click()
    bridge.advance(4.0)
    assert win.latest.toggles["inflammation"]
    win.plots.flush()
    ref_x, ref_y = win.plots.reference_data("tnf_alpha")
    live_x, live_y = win.plots.series("tnf_alpha")
    assert pinned > 0 and ref_x.size > 0 and ref_y.max() < live_y.max()  # the inflamed run rises above
    qtbot.keyClick(win, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    assert win.plots.reference_data("tnf_alpha")[0].size == 0
    win.close()
