"""Presentation mode's projector layout: the diagram takes most of the screen and, beside it, one
column (widgets/projector_panel.py) holds big ON/OFF switches, the lesson step's caption with Back
and Next, and the key plot: of the trend plot's quantities, the first that a highlighted node of the
lesson step shows (the step says "watch IL-1β climb" and lights IL-1β), otherwise the top one, the
lesson's headline number.

The docks are hidden meanwhile (the Classroom saved their layout and restores it on leaving). The
column changes nothing itself: its switches ask the state, as the switch panel does, and follow the
state's changes; its caption mirrors the lesson panel, whose Back, Next and prediction answers it
drives. Each lesson step that highlights nodes brings them all into view, as large as they fit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QWidget

from model.outputs import OUTPUT_INDEX
from model.toggles import TOGGLES
from widgets.lesson_panel import CLOSE_KEYS, NEXT_KEYS, PREVIOUS_KEYS
from widgets.pathway_view import PathwayView
from widgets.projector_panel import ProjectorPanel
from widgets.theme import RUN_LINE, RUN_LINE_DARK, Theme

from .actions import add_actions
from .classroom import PANEL_TEXT_PX, Classroom, diagram_scale_for
from .lesson_control import LessonControl
from .state import ExplorerState

if TYPE_CHECKING:
    from widgets.trend_panel import TrendPanel

PANEL_SHARE = (0.2, 0.3)  # the column's width, as a share of the window's: at least, at most
CLOSER_THAN_READABLE = 1.5  # a step's few nodes are shown at most this much larger than readable


def build_stage(view: PathwayView, panel: ProjectorPanel) -> QWidget:
    """The window's centre: the diagram and, in presentation mode only, the projector column."""
    stage = QWidget()
    row = QHBoxLayout(stage)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    row.addWidget(view, 1)
    row.addWidget(panel)
    panel.hide()
    return stage


def projector_panel(switch_keys: dict[str, str]) -> ProjectorPanel:
    """A column with one switch for every toggle, with the switch panel's keys."""
    return ProjectorPanel([(t.id, t.label, switch_keys.get(t.id, "")) for t in TOGGLES])


class Projector(QObject):
    def __init__(self, host: QMainWindow, state: ExplorerState, stage: QWidget, view: PathwayView,
                 panel: ProjectorPanel, lessons: LessonControl, classroom: Classroom) -> None:
        super().__init__(host)
        self.host, self.state, self.stage, self.view, self.panel = host, state, stage, view, panel
        self.lessons, self.classroom = lessons, classroom
        self.trend = None
        self.key_plot = None
        self.panel_wanted = True  # F9 hides or shows the column
        classroom.presentation_changed.connect(self._on_presentation)
        classroom.layout_restored.connect(self._after_restore)
        classroom.zoom_changed.connect(lambda _factor: self._layout_panel())  # Ctrl+= / Ctrl+-
        panel.toggled.connect(state.set_switch)
        state.switch_changed.connect(self._show_switch)
        state.subject_changed.connect(lambda _subject: self._choose_switches())
        self._choose_switches()
        panel.next_requested.connect(lessons.next)
        panel.previous_requested.connect(lessons.previous)
        panel.predicted.connect(lambda key: lessons.panel.answer_button(key).click())
        lessons.panel.changed.connect(self._show_caption)
        # Frame a step's nodes once all its actions are done (its "select" centres on one node).
        self._frame_soon = QTimer(self, singleShot=True, interval=0)
        self._frame_soon.timeout.connect(self.frame_diagram)
        state.highlight_changed.connect(self._on_highlight)
        # The lesson panel's keys are dead while its dock is hidden: the stage has them meanwhile.
        self._lesson_keys: list[QShortcut] = []
        for keys, slot in ((NEXT_KEYS, lessons.next), (PREVIOUS_KEYS, lessons.previous),
                           (CLOSE_KEYS, lessons.stop)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), stage)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.setAutoRepeat(False)
                shortcut.activated.connect(slot)
                shortcut.setEnabled(False)
                self._lesson_keys.append(shortcut)
        (self.panel_action,) = add_actions(host, classroom.menu, (
            ("Presentation panel: show or hide", "F9", self.toggle_panel),))
        self.panel_action.setCheckable(True)
        self.panel_action.setChecked(True)

    # --- wiring ---------------------------------------------------------------------------------
    def attach_trend(self, trend: TrendPanel) -> None:
        """The key plot follows the trend plot's top quantity (built once pyqtgraph has loaded)."""
        from widgets.key_plot import KeyPlot

        self.trend = trend
        self.key_plot = KeyPlot()
        self.key_plot.set_text_px(self.classroom.text_px())
        self.panel.set_plot(self.key_plot)
        trend.redrawn.connect(self._show_key_plot)
        trend.shown_changed.connect(self._show_key_plot)

    def set_theme(self, theme: Theme) -> None:
        if self.key_plot is not None:
            self.key_plot.set_colours(theme.background, theme.text, RUN_LINE_DARK if theme.dark else RUN_LINE)

    def _show_switch(self, toggle: str, on: bool) -> None:
        self.panel.set_switch(toggle, on)
        if on and self.panel.switch_button(toggle).isHidden():
            self._choose_switches()  # switched on by its key: show it, so it can be seen and undone

    def shown_switches(self) -> set[str]:
        """The switches that apply to the subject; while a lesson runs, only those its steps set and
        those switched on (every switch's key still works), so its caption and plot have room."""
        applicable = {t.id for t in TOGGLES if self.state.applies(t.id)}
        lesson = self.lessons.runner.lesson if self.lessons.runner.active else None
        if lesson is None:
            return applicable
        used = {toggle for step in lesson.steps for toggle, _on in step.toggles}
        return applicable & (used | {t for t, on in self.state.switches.items() if on})

    def _choose_switches(self) -> None:
        self.panel.set_shown_switches(self.shown_switches())
        for toggle in TOGGLES:
            self.panel.set_switch(toggle.id, self.state.switches[toggle.id])
        self._layout_panel()

    # --- presentation mode ----------------------------------------------------------------------
    @property
    def presenting(self) -> bool:
        return self.classroom.presenting

    def toggle_panel(self) -> None:
        """F9: hide or show the column (presentation mode); the diagram takes its room."""
        self.panel_wanted = not self.panel_wanted
        self.panel_action.setChecked(self.panel_wanted)
        if self.presenting:
            self.panel.setVisible(self.panel_wanted)
            self._settle()
            self.frame_diagram()
        else:
            self.host.statusBar().showMessage(
                f"In presentation mode (F5) the switches, lesson and key plot will be "
                f"{'shown' if self.panel_wanted else 'hidden'} beside the diagram (F9).", 5000)

    def _on_presentation(self, on: bool) -> None:
        # On the projector the diagram is panned by dragging or with the arrow keys: its scroll bars
        # would only take room and draw the eye.
        policy = Qt.ScrollBarAlwaysOff if on else Qt.ScrollBarAsNeeded
        self.view.setHorizontalScrollBarPolicy(policy)
        self.view.setVerticalScrollBarPolicy(policy)
        if on:
            self.lessons.set_docked(False)
            self._show_caption()
            self._show_key_plot()
            self.panel.setVisible(self.panel_wanted)
            self._layout_panel()
            self._settle()
            self.frame_diagram()
            self._frame_soon.start()  # and again once Qt has laid the new fonts out
        else:
            self.panel.hide()
        self._enable_lesson_keys()

    def _after_restore(self) -> None:
        self.lessons.set_docked(True)

    def host_resized(self) -> None:
        if self.presenting:
            self._layout_panel()

    def _layout_panel(self) -> None:
        """Text at the Classroom's zoom (from the window's height, unless Ctrl+= / Ctrl+- changed
        it), the column as wide as its switches need, within a share of the window."""
        if not self.presenting:
            return
        px = round(self.classroom.zoom * PANEL_TEXT_PX)
        self.panel.set_text_px(px)
        if self.key_plot is not None:
            self.key_plot.set_text_px(px)
        low, high = (round(self.host.width() * share) for share in PANEL_SHARE)
        self.panel.setFixedWidth(min(max(self.panel.preferred_width(), low), high))

    def _settle(self) -> None:
        """Apply the window's layout now, so the diagram's viewport has its new size to zoom in."""
        self.host.layout().activate()
        self.stage.layout().activate()
        self.panel.layout().activate()

    def frame_diagram(self) -> None:
        """A lesson step's highlighted nodes all in view, as large as they fit; otherwise the
        diagram at the scale where its smallest label is readable, around the selected node."""
        if not self.presenting:
            return
        view, readable = self.view, diagram_scale_for(self.classroom.text_px())
        nodes = self.state.highlighted if self.lessons.runner.active else None
        if nodes and view.zoom_to_nodes(set(nodes), readable * CLOSER_THAN_READABLE):
            return
        view.set_scale(readable)
        focus = view.node_items.get(view.selected_node or "irs1")
        if focus is not None:  # an unreadable pathway file leaves the diagram empty
            view.centerOn(focus)

    def _on_highlight(self, nodes) -> None:
        if self.presenting and nodes and self.lessons.runner.active:
            self._frame_soon.start()
        self._show_key_plot()

    # --- the caption and the key plot -------------------------------------------------------------
    def _show_caption(self) -> None:
        active = self.lessons.runner.active
        self.panel.show_caption(self.lessons.panel.caption() if active else None)
        if self.panel.shown_switches() != self.shown_switches():  # a lesson began or ended
            self._choose_switches()
        self._enable_lesson_keys()

    def _enable_lesson_keys(self) -> None:
        on = self.presenting and self.lessons.runner.active
        for shortcut in self._lesson_keys:
            shortcut.setEnabled(on)

    def key_quantity(self) -> str:
        """The trend quantity the key plot shows (see the module's docstring)."""
        shown = self.trend.shown()
        nodes = self.state.highlighted if self.lessons.runner.active else None
        graph = self.view.graph
        values = (graph.nodes[n].value for n in nodes or () if n in graph.nodes)
        columns = {OUTPUT_INDEX[v] for v in values if v in OUTPUT_INDEX}
        quantities = self.trend.quantities()
        return next((qid for qid in shown if quantities[qid].column in columns), shown[0])

    def _show_key_plot(self, *_args) -> None:
        trend, plot = self.trend, self.key_plot
        if trend is None or plot is None or not self.presenting or not trend.shown():
            return
        qid = self.key_quantity()
        x, y = trend.line_data(qid)
        plot.set_series(trend.plot_title(qid), x, y, trend.band(qid))
