"""Guided lessons, scenario presets and teacher notes, wired into the window.

Lessons (resources/lessons/*.json) play step by step in a dock: each step sets switches, speed,
detail level, highlights nodes and opens one, may pin the run so far, start a side-by-side run, set
the trend plot and compute days ahead, then waits for Next (PageDown, N, or a clicker). A step that
asks for a prediction shows its level, nodes and trend at once but waits for the student's answer
before it changes the model, and shows the answer beside what the model did. The claim is measured
on the model in a process of its own from the lesson's start, so its figures are ready, with a tick
or a cross each, when the last step shows it.
Presets (resources/presets/*.json) reset the model, schedule a scenario's switches and compute its
days ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow

from model.subjects import DEFAULT_SUBJECT
from widgets.lesson_panel import LessonPanel
from widgets.quantities import unit_after_number

from .child_job import ChildJob
from .lessons import (
    Lesson,
    LessonRunner,
    LessonStep,
    Measured,
    load_lessons_skipping_broken,
    measured_line,
    percent,
    relative_change,
)
from .presets import Preset, load_presets_skipping_broken
from .state import ExplorerState

# What a step may show before its prediction is answered: they change the view, never the model.
VIEW_ACTIONS = frozenset({"level", "trend", "highlight", "select"})
CHANGE_SEEN = 0.02  # a change under 2 % counts as "about the same" for a prediction


@dataclass
class _Watch:
    """A prediction being checked: the answer, and the output's value when the step began."""

    step: LessonStep
    answer: str
    column: int
    baseline: float | None = None


def observed_direction(change: float) -> str:
    return "same" if abs(change) < CHANGE_SEEN else ("rise" if change > 0 else "fall")


def output_labels() -> dict[str, tuple[str, str]]:
    """Output column → (label, unit), from the trend plot's file (its quantities named after their
    column), so a lesson's numbers carry the same names as the plot."""
    from model.outputs import OUTPUT_NAMES, OUTPUT_UNITS

    from .trend import load_trend_quantities_or_fallback

    quantities = load_trend_quantities_or_fallback()[0]
    return {name: (quantities[name].label if name in quantities else name.replace("_", " "),
                   OUTPUT_UNITS[name]) for name in OUTPUT_NAMES}

_ANSWERS = {"rise": "it will rise", "fall": "it will fall", "same": "it will stay about the same"}


def menu_text(title: str) -> str:
    """A file's title as a menu entry: Qt reads "&" as a keyboard accelerator, "&&" as an "&"."""
    return title.replace("&", "&&")


class LessonControl:
    """The Lessons and Presets menus and the lesson dock. A step acts only by asking the state; the
    host window is used only through Qt's own API (menus, docks, status bar)."""

    def __init__(self, host: QMainWindow, state: ExplorerState, beside: QDockWidget,
                 run_experiment: Callable[[str], None] | None = None,
                 pin_run: Callable[[str], object] | None = None,
                 show_trend: Callable[[list[str]], None] | None = None) -> None:
        self.host, self.state = host, state
        self.run_experiment, self.pin_run, self.show_trend = run_experiment, pin_run, show_trend
        self.claim_job = ChildJob(host)
        self.claim_job.finished.connect(self._claim_measured)
        self.claim_job.failed.connect(self._claim_failed)
        self.measured: list[Measured] | None = None  # the running lesson's claim, once measured
        self._claim_problem = ""
        self._watch: _Watch | None = None
        self._labels: dict[str, tuple[str, str]] | None = None
        self.runner = LessonRunner()
        self.panel = LessonPanel()
        self.dock = QDockWidget("Lesson", host)
        self.dock.setObjectName("lesson")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        host.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        # Above the switches and the explanation, not a tab over them: a step's node opens beside it.
        host.splitDockWidget(self.dock, beside, Qt.Vertical)
        self.beside = beside
        self.docked = True  # False in presentation mode: the projector panel shows the step instead
        self.dock.hide()
        self.panel.next_requested.connect(self.next)
        self.panel.previous_requested.connect(self.previous)
        self.panel.closed.connect(self.stop)
        self.panel.node_link_activated.connect(state.select)
        self.panel.predicted.connect(self._on_predicted)
        state.snapshot_applied.connect(self._watch_prediction)
        state.busy_changed.connect(self._run_ended)
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
            action.setToolTip(lesson.summary)
            action.triggered.connect(lambda _=False, lid=lesson.id: self.start(lid))
            menu.addAction(action)
        presets_menu = self.presets_menu
        self.presets, preset_errors = load_presets_skipping_broken()
        for preset in self.presets.values():
            action = QAction(menu_text(preset.title), w)
            action.setStatusTip(preset.description)
            action.setToolTip(preset.description)  # the whole description, not the status bar's cut
            action.triggered.connect(lambda _=False, pid=preset.id: self.apply_preset(pid))
            presets_menu.addAction(action)
        menu.setToolTipsVisible(True)
        presets_menu.setToolTipsVisible(True)
        return [f"a lesson was skipped ({e})" for e in lesson_errors] + [
            f"a preset was skipped ({e})" for e in preset_errors]

    # --- lessons ------------------------------------------------------------------------------
    def start(self, lesson_id: str) -> None:
        lesson = self.lessons[lesson_id]
        self.runner.start(lesson)
        self.measured, self._claim_problem = None, ""
        self.claim_job.cancel()
        if lesson.claim is not None and lesson.path is not None:
            self.claim_job.start_job("ui.lessons:measure_lesson_claim", str(lesson.path), name="lesson claim")
        if self.docked:
            self._show_dock()
        self._show()

    def _show_dock(self) -> None:
        self.dock.show()
        height = self.host.height()
        self.host.resizeDocks([self.dock, self.beside], [height * 3 // 5, height * 2 // 5], Qt.Vertical)

    def set_docked(self, on: bool) -> None:
        """Whether a lesson shows in its dock. Back in the dock, the dock shows if and only if a lesson
        runs (one may have started or ended while presentation mode hid the dock)."""
        self.docked = on
        if on and self.runner.active and not self.dock.isVisible():
            self._show_dock()
        elif on and not self.runner.active:
            self.dock.hide()

    def next(self) -> None:
        if self.runner.at_end:
            self.stop()
        elif self.runner.next():
            self._show()

    def previous(self) -> None:
        if self.runner.previous():
            self._show()

    def stop(self) -> None:
        self.claim_job.cancel()
        self._watch = None
        self.runner.stop()
        self.state.set_highlight(None)
        self.dock.hide()
        self.panel.show_step("", 0, 0, "", "")  # nothing left to mirror (the projector's caption)

    def _show(self) -> None:
        lesson, step = self.runner.lesson, self.runner.current_step
        self.panel.show_step(lesson.title, self.runner.step_index, self.runner.count, step.title,
                             step.narration_html())
        self._watch = None
        if self.runner.at_end and lesson.claim is not None:
            self.panel.show_claim(lesson.claim.text)
            self._show_measured()
        else:
            self.panel.hide_claim()
        if step.predict is not None:  # the step shows its nodes now, and changes the model once the
            self.panel.show_prediction(step.predict.question)  # student has predicted
            self._act(VIEW_ACTIONS)
            return
        self._act()

    def _act(self, kinds: frozenset[str] | None = None) -> None:
        """Apply the current step's actions (only those of these kinds, if given)."""
        for action in self.runner.actions():
            if kinds is None or action[0] in kinds:
                self._apply(action)

    # --- predict, observe, explain ------------------------------------------------------------------
    def _on_predicted(self, answer: str) -> None:
        step = self.runner.current_step
        if step is None or step.predict is None:
            return
        from model.outputs import OUTPUT_INDEX

        watch = _Watch(step, answer, OUTPUT_INDEX[step.predict.output])
        restarts = step.reset or (self.runner.lesson.subject not in (None, self.state.subject))
        if not restarts and self.state.row is not None:
            watch.baseline = float(self.state.row[watch.column])
        self._watch = watch
        self._act()

    def _run_ended(self, busy: bool) -> None:
        """The step's run ahead has ended (its rows are in): show what the model did."""
        watch = self._watch
        if watch is None or busy or watch.baseline is None or self.state.row is None:
            return
        self._watch = None
        self._observe(watch, float(self.state.row[watch.column]))

    def _watch_prediction(self, snap) -> None:
        """The value before is the model's when the student answered (or, after a restart, the first
        row that follows it); the value after is the model's once the step's run ahead has ended."""
        watch = self._watch
        if watch is None or not snap.rows.size or self.runner.current_step is not watch.step:
            return
        if watch.baseline is None:
            watch.baseline = float(snap.rows[0, watch.column])

    def _observe(self, watch: _Watch, after: float) -> None:
        change = relative_change(after, watch.baseline)
        seen = observed_direction(change)
        label, unit = self._label(watch.step.predict.output)
        verdict = "as you predicted" if seen == watch.answer else "not what you predicted"
        words = {"rise": "it rose", "fall": "it fell", "same": "it stayed about the same"}
        self.panel.show_observation(
            f"You predicted: {_ANSWERS[watch.answer]}. The model, over {watch.step.run_days:g} days. "
            f"{label}: {watch.baseline:.3g} → {after:.3g}{unit_after_number(unit)} ({percent(change)}). "
            f"So {words[seen]}: {verdict}. The narration explains why.")

    def _label(self, output: str) -> tuple[str, str]:
        if self._labels is None:
            self._labels = output_labels()
        return self._labels[output]

    # --- the claim, measured ---------------------------------------------------------------------------
    def _claim_measured(self, values: list) -> None:
        try:
            self.measured = [Measured(**value) for value in values]
        except TypeError as exc:
            self._claim_failed(f"its figures could not be read ({exc})")
            return
        if self.runner.at_end:
            self._show_measured()

    def _claim_failed(self, message: str) -> None:
        self._claim_problem = message
        if self.runner.at_end:
            self._show_measured()

    def _show_measured(self) -> None:
        claim = self.runner.lesson.claim
        if self.measured is None:
            self.panel.set_claim_status(f"The claim could not be measured: {self._claim_problem}"
                                        if self._claim_problem else "Measuring the claim on the model…")
            return
        lines = [(measured_line(m, *self._label(m.output)), m.passed) for m in self.measured]
        self.panel.set_claim_results(f"Measured on the model after {claim.days:g} days "
                                     "(reference run → the lesson's run):", lines)

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
        elif kind == "pin" and self.pin_run is not None:
            self.pin_run(action[1])
        elif kind == "trend" and self.show_trend is not None:
            self.show_trend(action[1])
        elif kind == "side_by_side":
            state.start_side_by_side(action[1])

    # --- presets and notes ------------------------------------------------------------------------
    def apply_preset(self, preset_id: str) -> None:
        """The preset's subject at its healthy start and its switches at their days; then its
        "days" computed ahead at once (behind the progress dialog) and the clock at its "speed", so
        a six-month preset is on screen in seconds rather than after an hour at the default speed."""
        preset, state = self.presets[preset_id], self.state
        scenario = preset.scenario
        subject = scenario.subject or DEFAULT_SUBJECT
        # Another subject starts the model again by itself; the same one needs a reset.
        started = state.set_subject(subject) if subject != state.subject else state.reset()
        if started:
            state.schedule(scenario.events)
            if scenario.speed is not None:
                state.set_speed(scenario.speed)
            if scenario.days:
                state.run_ahead(scenario.days)
            self.host.statusBar().showMessage(f"Preset: {preset.title}", 8000)

    def set_zoom(self, factor: float) -> None:
        self.panel.set_zoom(factor)
