"""Side by side: a second scenario runs beside this one on the same clock, from a copy of this moment."""

from __future__ import annotations

import numpy as np
import pytest
from bridge import scripted_window
from conftest import open_window

from model import Simulation
from model.outputs import OUTPUT_INDEX
from ui.side_by_side import SideBySideDialog, suggested_name

SENSITIVITY = OUTPUT_INDEX["insulin_sensitivity"]


def test_a_save_point_resumed_elsewhere_carries_on_exactly():
    first = Simulation()
    first.set_toggle("high_fat_diet", True)
    first.advance(10 * 1440.0, 10)
    second = Simulation()
    second.resume_from(first.save_point())
    assert second.day == first.day and second.toggles() == first.toggles()
    a, b = first.advance(5 * 1440.0, 5), second.advance(5 * 1440.0, 5)
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    second.set_toggle("lifestyle", True)  # from here on the two differ
    a, b = first.advance(20 * 1440.0, 1), second.advance(20 * 1440.0, 1)
    assert b[-1, SENSITIVITY] > a[-1, SENSITIVITY]
    with pytest.raises(ValueError, match="same subject"):
        Simulation(subject="woman").resume_from(first.save_point())


def test_the_dialog_starts_from_this_run_s_switches_and_names_the_difference(qtbot):
    dialog = SideBySideDialog({"low_testosterone": True, "trt": True}, "man")
    qtbot.addWidget(dialog)
    assert dialog.switches()["trt"] and dialog.run_name() == "the same switches"
    dialog.boxes["trt"].setChecked(False)
    assert dialog.run_name() == "without Testosterone therapy (TRT)"
    assert not dialog.boxes["menopause"].isEnabled()  # does not apply to the man
    dialog.name.setText("no therapy")
    dialog.name.textEdited.emit("no therapy")
    dialog.boxes["lifestyle"].setChecked(True)
    assert dialog.run_name() == "no therapy"  # a typed name is never overwritten
    assert suggested_name({"trt": True}, {"lifestyle": True}) == ("without Testosterone therapy (TRT); "
                                                                  "with Lifestyle")


def test_two_scenarios_share_the_clock_and_the_numbers_are_named(qtbot):
    win, bridge = scripted_window(qtbot, speed=43200.0)
    win.toggles.checkbox("low_testosterone").click()
    bridge.advance(20.0)
    assert win.state.start_side_by_side("no therapy")  # a copy of now: low testosterone, no TRT
    assert win.state.companion == "no therapy"
    win.toggles.checkbox("trt").click()
    win.state.run_ahead(40.0)
    win.trend.flush()
    assert bridge.companion.day == pytest.approx(win.state.day)  # one clock
    assert bridge.companion.toggles()["trt"] is False and win.latest.toggles["trt"]
    assert "side by side: no therapy" in win.trend.legend_names()
    live_x, live = win.trend.line_data("insulin_sensitivity")
    beside_x, beside = win.trend.line_data("insulin_sensitivity", "companion")
    assert beside_x[0] == pytest.approx(20.0, abs=0.05)  # it starts where it was copied
    assert live[-1] > beside[-1]  # therapy restores some sensitivity
    text = win.trend.comparison_text()
    assert text.startswith("Insulin sensitivity (clamp M): this run ") and "no therapy" in text
    assert "%" in text and win.trend.comparison.isVisible()
    win.request_reset()  # ends it; its curves are kept as a pinned run
    assert win.state.companion == "" and "no therapy" in win.trend.pins()
    win.trend.flush()
    assert win.trend.line_data("insulin_sensitivity", "no therapy")[0].size == beside_x.size
    win.close()


def test_a_second_scenario_refuses_a_switch_that_does_not_apply(qtbot):
    win, bridge = scripted_window(qtbot)
    assert not win.state.start_side_by_side("with menopause", {"menopause": True})
    assert not any(r[0] == "companion" for r in bridge.requests)
    win.close()


def test_the_real_worker_runs_both_models_ahead_together(qtbot):
    win = open_window(qtbot, speed=60.0)
    win.state.set_switch("high_fat_diet", True)
    win.state.set_paused(True)
    qtbot.waitUntil(lambda: win.latest.toggles["high_fat_diet"], timeout=60_000)
    assert win.state.start_side_by_side("with lifestyle", {"high_fat_diet": True, "lifestyle": True})
    qtbot.waitUntil(lambda: win.state.companion == "with lifestyle", timeout=60_000)
    win.state.run_ahead(30.0)
    qtbot.waitUntil(lambda: not win.state.busy, timeout=120_000)
    win.trend.flush()
    live_x, live = win.trend.line_data("insulin_sensitivity")
    beside_x, beside = win.trend.line_data("insulin_sensitivity", "companion")
    assert beside_x.size >= 30 and beside_x[-1] == pytest.approx(live_x[-1])
    assert beside[-1] > live[-1]  # the lifestyle run keeps more sensitivity
    win.close()
    assert win.simulation.thread.isFinished()
