"""Compare runs: pin the current run, reset, change a switch, and see both on the plots."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.main_window import MainWindow

WAIT_MS = 120_000


def test_pinned_reference_survives_a_reset_and_is_drawn_dashed(qtbot):
    win = MainWindow(speed=43200.0)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.plots is not None and win.latest is not None and win.latest.day > 5,
                    timeout=WAIT_MS)
    qtbot.keyClick(win, Qt.Key_P, Qt.ControlModifier)
    pinned = len(win.plots.buffer)
    resets: list[float] = []  # the day of the model's reset snapshot (at a month a second, day 1
    win.state.reset_applied.connect(lambda: resets.append(win.latest.day))  # passes within a tick)
    win.request_reset()
    qtbot.waitUntil(lambda: bool(resets) and len(win.plots.buffer) > 0, timeout=WAIT_MS)
    assert resets[0] < 1
    win.toggles.checkbox("inflammation").click()
    qtbot.waitUntil(lambda: win.latest.day > 3 and win.latest.toggles["inflammation"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: win.plots.reference_data("tnf_alpha")[0].size > 0, timeout=WAIT_MS)
    ref_x, ref_y = win.plots.reference_data("tnf_alpha")
    live_x, live_y = win.plots.series("tnf_alpha")
    assert pinned > 0 and ref_y.max() < live_y.max()  # the inflamed run rises above the pinned one
    qtbot.keyClick(win, Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
    assert win.plots.reference_data("tnf_alpha")[0].size == 0
    win.close()
