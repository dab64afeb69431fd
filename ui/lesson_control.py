"""Guided lessons, scenario presets and teacher notes, wired into the window.

Lessons (resources/lessons/*.json) play step by step in a dock: each step sets switches, speed,
detail level, highlights nodes and opens one, then waits for Next (PageDown, N, or a clicker).
Presets (resources/presets/*.json) reset the model and schedule a scenario's switches.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from model.subjects import DEFAULT_SUBJECT
from widgets.lesson_panel import LessonPanel

from .lessons import Lesson, LessonRunner, load_lessons_skipping_broken
from .presets import Preset, load_presets_skipping_broken
from .state import ExplorerState


def menu_text(title: str) -> str:
    """A file's title as a menu entry: Qt reads "&" as a keyboard accelerator, "&&" as an "&"."""
    return title.replace("&", "&&")


class LessonControl:
    """The Lessons and Presets menus and the lesson dock. A step acts only by asking the state; the
    host window is used only through Qt's own API (menus, docks, status bar)."""

    def __init__(self, host: QMainWindow, state: ExplorerState, beside: QDockWidget,
                 run_experiment: Callable[[str], None] | None = None) -> None:
        self.host, self.state = host, state
        self.run_experiment = run_experiment
        self.runner = LessonRunner()
        self.panel = LessonPanel()
        self.dock = QDockWidget("Lesson", host)
        self.dock.setObjectName("lesson")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        host.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        host.tabifyDockWidget(beside, self.dock)
        self.dock.hide()
        self.panel.next_requested.connect(self.next)
        self.panel.previous_requested.connect(self.previous)
        self.panel.closed.connect(self.stop)
        self.panel.node_link_activated.connect(state.select)
        self.lessons: dict[str, Lesson] = {}
        self.presets: dict[str, Preset] = {}
        # The menus show at once; their entries are read from resources/ just after the first paint.
        self.lesson_menu = host.menuBar().addMenu("&Lessons")
        self.presets_menu = host.menuBar().addMenu("&Presets")

    def fill_menus(self) -> list[str]:
        """Fill the Lessons and Presets menus; returns the problems of the files that were skipped
        (a broken teacher-edited file must not stop the app or hide the others)."""
        w = self.host
        menu = self.lesson_menu
        self.lessons, lesson_errors = load_lessons_skipping_broken()
        for lesson in self.lessons.values():
            action = QAction(menu_text(f"{lesson.part}: {lesson.title}"), w)
            action.setStatusTip(lesson.summary)
            action.triggered.connect(lambda _=False, lid=lesson.id: self.start(lid))
            menu.addAction(action)
        presets_menu = self.presets_menu
        self.presets, preset_errors = load_presets_skipping_broken()
        for preset in self.presets.values():
            action = QAction(menu_text(preset.title), w)
            action.setStatusTip(preset.description)
            action.triggered.connect(lambda _=False, pid=preset.id: self.apply_preset(pid))
            presets_menu.addAction(action)
        return [f"a lesson was skipped ({e})" for e in lesson_errors] + [
            f"a preset was skipped ({e})" for e in preset_errors]

    # --- lessons ------------------------------------------------------------------------------
    def start(self, lesson_id: str) -> None:
        self.runner.start(self.lessons[lesson_id])
        self.dock.show()
        self.dock.raise_()
        self._show()

    def next(self) -> None:
        if self.runner.at_end:
            self.stop()
        elif self.runner.next():
            self._show()

    def previous(self) -> None:
        if self.runner.previous():
            self._show()

    def stop(self) -> None:
        self.runner.stop()
        self.state.set_highlight(None)
        self.dock.hide()

    def _show(self) -> None:
        lesson, step = self.runner.lesson, self.runner.current_step
        self.panel.show_step(lesson.title, self.runner.step_index, self.runner.count, step.title,
                             step.narration_html())
        if self.runner.at_end and lesson.claim is not None:
            self.panel.show_claim(lesson.claim.text)
        else:
            self.panel.hide_claim()
        for action in self.runner.actions():
            self._apply(action)

    def _apply(self, action: tuple) -> None:
        state = self.state
        kind = action[0]
        if kind == "subject":
            state.set_subject(action[1])
        elif kind == "reset":
            state.reset()
        elif kind == "level":
            state.set_level(action[1])
        elif kind == "speed":
            state.set_speed(action[1])
        elif kind == "toggle":
            _, toggle, on = action
            if state.switches.get(toggle) != on:
                state.set_switch(toggle, on)
        elif kind == "run_ahead":
            state.run_ahead(action[1])
        elif kind == "highlight":
            state.set_highlight(action[1])
        elif kind == "select":
            state.select(action[1])
        elif kind == "experiment" and self.run_experiment is not None:
            self.run_experiment(action[1])

    # --- presets and notes ------------------------------------------------------------------------
    def apply_preset(self, preset_id: str) -> None:
        """The preset's subject at its healthy start, then the preset's switches at their days."""
        preset, state = self.presets[preset_id], self.state
        subject = preset.scenario.subject or DEFAULT_SUBJECT
        # Another subject starts the model again by itself; the same one needs a reset.
        started = state.set_subject(subject) if subject != state.subject else state.reset()
        if started:
            state.schedule(preset.scenario.events)
            self.host.statusBar().showMessage(f"Preset: {preset.title}", 8000)

    def set_zoom(self, factor: float) -> None:
        self.panel.set_zoom(factor)
