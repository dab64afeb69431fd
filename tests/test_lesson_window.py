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


def test_lessons_and_presets_are_in_the_menus(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Lessons" in titles and "&Presets" in titles
    assert len(window.lessons.lessons) >= 5 and len(window.lessons.presets) >= 4


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_lesson_plays_from_start_to_end_with_the_keyboard(qtbot, window, lesson_id):
    control = window.lessons
    control.start(lesson_id)
    lesson = control.lessons[lesson_id]
    assert control.dock.isVisible()
    for index, step in enumerate(lesson.steps):
        assert control.runner.step_index == index
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
    wanted = {t: on for t, on in control.runner.toggle_state().items() if on}
    window.simulation.advance(0.1)
    assert all(window.latest.toggles[t] for t in wanted)


@pytest.mark.parametrize("preset_id", sorted(load_presets()))
def test_a_preset_resets_and_schedules_its_switches(qtbot, window, preset_id):
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
