"""Lessons, presets and teacher notes driven through the real window."""

from __future__ import annotations

import pytest
from bridge import scripted_window
from PySide6.QtCore import Qt

from ui.lessons import load_lessons
from ui.presets import load_presets

WAIT_MS = 120_000
LESSONS = sorted(load_lessons())


@pytest.fixture
def window(qtbot):
    win, _ = scripted_window(qtbot, speed=60.0, size=(1600, 900))
    yield win
    win.close()


@pytest.fixture
def quick_window(qtbot):
    """For the keys and steps alone: a lesson's run-aheads end at once, the model stays put."""
    win, _ = scripted_window(qtbot, speed=60.0, size=(1600, 900), simulate_runs=False)
    yield win
    win.close()


def test_lessons_and_presets_are_in_the_menus(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Lessons" in titles and "&Presets" in titles
    assert len(window.lessons.lessons) >= 5 and len(window.lessons.presets) >= 4


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_lesson_plays_from_start_to_end_with_the_keyboard(qtbot, quick_window, lesson_id):
    window = quick_window
    control = window.lessons
    control.start(lesson_id)
    lesson = control.lessons[lesson_id]
    assert control.dock.isVisible()
    for index, step in enumerate(lesson.steps):
        assert control.runner.step_index == index
        if step.predict is not None:  # the step acts once the student has predicted
            assert control.panel.prediction_open
            control.panel.answer_button("fall").click()
        expected = control.runner.toggle_state(index)
        assert {t: window.toggles.states()[t] for t in expected} == expected
        if step.level is not None:
            assert window.level == step.level
        if step.highlight:
            assert window.view.highlighted == set(step.highlight)
        if step.select:
            assert window.info.current_node_id == step.select
        if index < len(lesson.steps) - 1:
            qtbot.keyClick(control.panel, Qt.Key_PageDown)
    assert control.runner.at_end
    assert lesson.claim is None or lesson.claim.text in control.panel.text()
    qtbot.keyClick(control.panel, Qt.Key_PageUp)
    assert control.runner.step_index == len(lesson.steps) - 2
    qtbot.keyClick(control.panel, Qt.Key_Escape)
    assert not control.runner.active and window.view.highlighted is None


def test_lesson_switches_reach_the_worker(qtbot, window):
    control = window.lessons
    lesson_id = next(lid for lid in LESSONS if any(s.toggles for s in control.lessons[lid].steps))
    control.start(lesson_id)
    while not any(control.runner.toggle_state().values()):
        control.next()
    if control.panel.prediction_open:
        control.panel.answer_button("rise").click()
    wanted = {t: on for t, on in control.runner.toggle_state().items() if on}
    window.simulation.advance(0.1)
    assert all(window.latest.toggles[t] for t in wanted)


@pytest.mark.parametrize("preset_id", sorted(load_presets()))
def test_a_preset_resets_and_schedules_its_switches(qtbot, quick_window, preset_id):
    window = quick_window
    preset = window.lessons.presets[preset_id]
    window.toggles.checkbox("lifestyle").click()
    window.simulation.advance(0.5)
    assert window.latest.toggles["lifestyle"]
    resets: list = []
    window.state.reset_applied.connect(lambda: resets.append(True))
    window.lessons.apply_preset(preset_id)
    first_day = {ev.toggle for ev in preset.scenario.events if ev.day == 0 and ev.on}

    def switched_at_day_zero() -> set[str]:
        return {ev.toggle for ev in window.history if ev.day < 1e-9 and ev.on}

    # The preset's days are computed ahead at once (asked of the model), then the clock goes on.
    assert ("run_ahead", pytest.approx(preset.scenario.days, abs=1e-6)) in window.simulation.requests
    assert window.state.speed == preset.scenario.speed == 1440.0
    window.simulation.advance(0.5)
    assert resets and switched_at_day_zero() >= first_day
    assert "lifestyle" in first_day or "lifestyle" not in switched_at_day_zero()
    for toggle in first_day:
        assert window.toggles.states()[toggle]


def test_f8_shows_and_hides_teacher_notes(qtbot, window):
    window.view.select_node("ceramide")
    assert not window.info.teacher_notes_visible
    qtbot.keyClick(window, Qt.Key_F8)
    assert window.info.teacher_notes_visible
    assert "Teacher notes" in window.info.text()
    qtbot.keyClick(window, Qt.Key_F8)
    assert not window.info.teacher_notes_visible


def test_a_broken_lesson_file_is_skipped_not_fatal(tmp_path):
    import shutil

    from ui.content import resource_path
    from ui.lessons import load_lessons_skipping_broken

    for path in resource_path("lessons").glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "zz_broken.json").write_text("{not json", encoding="utf-8")
    lessons, errors = load_lessons_skipping_broken(tmp_path)
    assert len(lessons) == len(LESSONS)
    assert len(errors) == 1 and "zz_broken.json" in errors[0]


def test_a_prediction_is_asked_first_and_shown_beside_what_the_model_did(qtbot, window):
    control = window.lessons
    control.start("ceramides")
    control.next()  # "Ceramides pile up": asks before it switches anything
    assert control.panel.prediction_open and "what will insulin sensitivity" in control.panel.text()
    assert not window.state.switches["ceramide_accumulation"]
    step = control.runner.current_step  # its nodes already show: the narration speaks of them
    assert window.view.highlighted == set(step.highlight) and window.info.current_node_id == step.select
    control.panel.answer_button("fall").click()
    assert window.latest.toggles["ceramide_accumulation"]
    assert window.state.day == pytest.approx(150.0, abs=0.1)  # its run ahead
    text = control.panel.text()
    assert "You predicted: it will fall" in text and "Insulin sensitivity (clamp M): " in text
    assert "So it fell: as you predicted" in text and "mg/kg/min (−" in text
    assert not control.panel.prediction_open


def test_four_saboteurs_pins_each_run_and_sets_the_trend_plot(qtbot, window):
    control = window.lessons
    control.start("four_saboteurs")
    assert window.trend.shown() == ("insulin_sensitivity", "irs1_pser", "akt_active")
    for _ in range(5):
        control.next()
    assert window.trend.pins() == ["cytokines", "DAG", "ceramides"]
    assert window.state.day == pytest.approx(150.0, abs=0.1) and window.latest.toggles["er_stress"]
    window.trend.flush()
    assert "ceramides" in window.trend.legend_names()


def test_the_testosterone_lesson_compares_side_by_side_and_ends_on_measured_numbers(qtbot, window):
    control = window.lessons
    control.start("testosterone_therapy")
    control.next()
    control.next()  # "The trial": a copy goes on untreated, side by side, while TRT starts
    assert window.state.companion == "no therapy"
    assert window.latest.toggles["trt"] and window.simulation.companion.toggles()["trt"] is False
    assert window.state.day == pytest.approx(348.0, abs=0.2)
    window.trend.flush()
    assert "no therapy" in window.trend.comparison_text()
    while not control.runner.at_end:
        control.next()
    qtbot.waitUntil(lambda: control.measured is not None, timeout=WAIT_MS)  # its own process
    text = control.panel.text()
    assert "Measured on the model after 180 days" in text
    assert "Insulin sensitivity (clamp M): " in text and "mg/kg/min, +" in text
    assert "✓ The claim holds on the model." in text
    assert all(m.passed for m in control.measured)
    control.stop()
    assert not control.claim_job.running
