"""The explorer window: pathway diagram in the centre, toggles and explanations at the side, live plots
below, one simulation worker in its own thread.
"""

from __future__ import annotations

import functools
import gc
import logging
import time
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget, QInputDialog, QLabel, QLineEdit, QMainWindow, QSplitter

from model import NOTICE
from model.readers import read_json
from model.toggles import TOGGLES, TOGGLES_BY_ID, ToggleEvent
from widgets.info_panel import VALUE_COLOURS_DARK, VALUE_COLOURS_LIGHT, InfoPanel
from widgets.pathway_graph import PATHWAY_FORMAT, GraphError, PathwayGraph, graph_from_dict
from widgets.pathway_view import PathwayView
from widgets.quantities import MAX_SHOWN
from widgets.speeds import pace_text
from widgets.theme import Theme
from widgets.toggle_panel import TogglePanel

from .about import MODEL_GUIDE_MENU_TEXT, USER_GUIDE_MENU_TEXT, AboutDialog, ModelGuideDialog, UserGuideDialog
from .actions import add_actions
from .classroom import Classroom
from .content import (
    MAX_PATHWAY_BYTES,
    ContentError,
    depth_of,
    load_node_texts_skipping_broken,
    load_references,
    resource_path,
)
from .diagram_state import diagram_state, spoken_value, value_text
from .experiment_control import ExperimentControl
from .files import FileControl
from .lesson_control import LessonControl
from .projector import Projector, build_stage, projector_panel
from .replay_progress import ReplayProgress
from .run_control import RunControl
from .state import ExplorerState
from .themes import ThemeControl, apply_theme_to_plots, apply_theme_to_trend, saved_theme_name
from .worker import ModelBridge, SimulationThread, Snapshot

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    from PySide6.QtWidgets import QMenu

log = logging.getLogger(__name__)

VALUE_REFRESH_S = 0.25
FEEDBACK_LIGHT_MS = 6000  # how long the diagram lights the nodes where a switch begins
TREND_KEY = "trend_quantities"  # the settings' list of what the trend plot shows
LEGEND_KEY = "diagram_legend"  # "shown" or "hidden", as F7 last left it
SIZE_KEY = "window_size"  # the settings' "1600x900": the size the window last closed at
DEFAULT_SIZE = (1600, 900)
MIN_SIZE = (800, 560)


def fitted_size(remembered: str, available: tuple[int, int]) -> tuple[int, int]:
    """The size to open at: the remembered one ("WxH") or the default, never larger than the screen's
    available area (a 1280×720 projector gets a window that fits it)."""
    try:
        width, height = (int(v) for v in remembered.lower().split("x"))
    except ValueError:
        width, height = DEFAULT_SIZE
    width, height = max(width, MIN_SIZE[0]), max(height, MIN_SIZE[1])
    return min(width, available[0]), min(height, available[1])
START_FALLBACK_MS = 1000  # if the diagram is never painted (a hidden window), start anyway


# What the window shows when resources/pathway.json cannot be read: no diagram, everything else.
EMPTY_PATHWAY = {"format": PATHWAY_FORMAT, "scene": [0, 0, 1000, 700],
                 "levels": {"1": "Fundamentals", "2": "Intermediate", "3": "Academic"},
                 "compartments": [], "nodes": [], "edges": []}


def load_pathway() -> PathwayGraph:
    """The diagram from resources/pathway.json; raises GraphError naming the problem."""
    data = read_json(resource_path("pathway.json"), "pathway.json", MAX_PATHWAY_BYTES, GraphError)
    if not isinstance(data, dict):
        raise GraphError("pathway.json: the file must hold a JSON object")
    return graph_from_dict(data)


def load_pathway_or_empty() -> tuple[PathwayGraph, list[str]]:
    """The diagram, or an empty one and the reason, so a broken layout leaves the rest working."""
    try:
        return load_pathway(), []
    except GraphError as exc:
        return graph_from_dict(EMPTY_PATHWAY), [f"the diagram could not be drawn ({exc})"]


# The live plots show meal-scale dynamics; weeks and months are the trend plot's.
FAST_PLOT_MAX_DAYS = 28.0
PACE_CHANGE = 0.3  # the plots' window follows the clock's real pace once it differs by this share


def plot_window_days(minutes_per_second: float) -> float:
    """Show about a minute of the clock's pace, between half a day and four weeks."""
    return min(max(minutes_per_second * 60.0 / 1440.0, 0.5), FAST_PLOT_MAX_DAYS)


def clock_text(snap: Snapshot) -> str:
    """The status bar's clock, saying what the clock really does: "Day 12, 07:30 — 1 week a second"
    or, when the computer cannot keep up, "… — 3.2 days a second (asked 1 week: this computer's
    limit)"."""
    day = snap.day
    hours = (day % 1.0) * 24
    when = f"Day {int(day)}, {int(hours):02d}:{int(hours % 1 * 60):02d}"
    if snap.paused:
        return f"{when} — paused"
    if snap.achieved_speed and snap.achieved_speed < 0.7 * snap.speed:
        return (f"{when} — {pace_text(snap.achieved_speed)} a second (asked {pace_text(snap.speed)}: "
                "this computer's limit)")
    return f"{when} — {pace_text(snap.speed)} a second"


class MainWindow(QMainWindow):
    snapshot_drawn = Signal(float)  # perf_counter time when model rows reached the plots

    def __init__(self, speed: float = 60.0, simulation: ModelBridge | None = None) -> None:
        """`simulation` replaces the model's thread (the tests' scripted bridge); None starts the
        real one."""
        super().__init__()
        self.setWindowTitle("Insulin Pathway Explorer")
        self.graph, self.content_problems = load_pathway_or_empty()
        self.texts, broken_texts = load_node_texts_skipping_broken()
        self.content_problems += [f"a node text could not be read ({e})" for e in broken_texts]
        self.state = ExplorerState(speed, self)  # the one home of switches, speed, level, history…
        self.snapshots_received = 0
        self.toggle_requests: dict[str, float] = {}  # toggle -> perf_counter when asked
        self.toggle_latencies: deque[float] = deque(maxlen=1000)  # the latest, for --bench
        self._last_value_refresh = 0.0
        self._pace = self.state.speed  # what the live plots' window was sized from
        self._last_switch_on: str | None = None  # for Run ▸ See the last switch's effect

        self.view = PathwayView(self.graph)
        self.view.set_summaries({nid: text.summary for nid, text in self.texts.items()})
        self.view.set_value_source(  # what a screen reader says after a focused node's name
            lambda nid: spoken_value(self.graph, nid, self.latest_row, self.state.healthy))
        if not self.graph.nodes:  # resources/pathway.json could not be read
            self.view.show_message("The diagram could not be drawn: resources/pathway.json is damaged. "
                                   "The switches, plots and lessons still work; the status bar says "
                                   "what is wrong with the file.")
        # The switch keys belong to the window: they work while presentation mode hides the panel.
        self.toggles = TogglePanel(TOGGLES, shortcut_host=self)
        self.projector_panel = projector_panel({t.id: self.toggles.shortcut_for(t.id) for t in TOGGLES})
        self.stage = build_stage(self.view, self.projector_panel)
        self.setCentralWidget(self.stage)
        self.toggles.set_speed(self.state.speed)
        self.info = InfoPanel()
        self.info.show_placeholder()
        # Built just after the first paint (pyqtgraph takes a quarter second to load): the live plots
        # of meal-scale dynamics and the trend plot of one value a day.
        self.plots = None
        self.trend = None
        self._build_docks()
        self._build_menus()
        self._build_status()
        self._build_controllers()
        self.simulation = simulation if simulation is not None else SimulationThread(speed, self)
        worker = self.simulation.worker
        worker.snapshot.connect(self._on_snapshot)
        worker.failed.connect(self._on_failure)
        worker.recovered.connect(self._on_recovered)
        worker.companion_changed.connect(self.state.companion_applied)
        self.replay = ReplayProgress(self, self.state, self.simulation, self.statusBar())
        self.replay.progress_text.connect(self.clock_label.setText)
        self.replay.ran_ahead.connect(self._show_run_ahead)
        self._connect_state()
        self.view.node_selected.connect(self.state.select)
        self.info.node_link_activated.connect(self.state.select)
        self._show_level(self.state.level)
        # The plots and the model load once the diagram has been painted, so the window shows at once.
        self._started = False
        self.view.first_painted.connect(self._after_first_paint)
        QTimer.singleShot(START_FALLBACK_MS, self._finish_start)

    def _build_controllers(self) -> None:
        """The menus' controllers, each given the state and its own widgets (this window only as
        the Qt host of their menus and docks)."""
        state = self.state
        self.experiments = ExperimentControl(self)
        self.lessons = LessonControl(self, state, beside=self.side_dock, run_experiment=self.experiments.run,
                                     pin_run=self.pin_run, show_trend=self._show_trend)
        switch_keys = [(self.toggles.shortcut_for(t.id), t.label) for t in TOGGLES]
        self.classroom = Classroom(self, self.view, (self.side_dock, self.plot_dock, self.lessons.dock),
                                   switch_keys)
        self.projector = Projector(self, state, self.stage, self.view, self.projector_panel, self.lessons,
                                   self.classroom)
        for panel in (self.toggles, self.info, self.lessons.panel):
            self.classroom.zoom_changed.connect(panel.set_zoom)
        self.classroom.zoom_changed.connect(self._zoom_plots)
        self.classroom.presentation_changed.connect(self._legend_for_presentation)
        self.files = FileControl(self, state, set(self.graph.nodes))
        self.runs = RunControl(self, state, effect_days=self._last_switch_days)
        from .toolbar import ClockToolbar

        self.clock_bar = ClockToolbar(self, state, self.runs.actions[0], self.runs.actions[-2])
        self.addToolBar(Qt.TopToolBarArea, self.clock_bar)
        self._build_panes_menu()
        self.themes = ThemeControl(self.view_menu.addMenu("Theme"))
        self.themes.theme_changed.connect(self._apply_theme)
        self.themes.apply(saved_theme_name(), remember=False)
        self.menuBar().removeAction(self.help_menu.menuAction())  # Help goes last, by convention
        self.menuBar().addAction(self.help_menu.menuAction())

    def _build_panes_menu(self) -> None:
        """View ▸ Panels shows or hides each dock and the clock's toolbar; F6 / Shift+F6 move the
        keyboard focus from pane to pane (diagram, switches, explanation, lesson, presentation mode's
        column, plots)."""
        panels = self.view_menu.addMenu("Panels")
        for dock in (self.side_dock, self.plot_dock, self.lessons.dock):
            panels.addAction(dock.toggleViewAction())
        panels.addAction(self.clock_bar.toggleViewAction())
        add_actions(self, self.view_menu, (("Next pane", "F6", lambda: self.cycle_panes(+1)),
                                           ("Previous pane", "Shift+F6", lambda: self.cycle_panes(-1))))

    def panes(self) -> list:
        """The panes F6 visits, in order, as far as they are shown."""
        column = self.projector_panel  # presentation mode's column: its switches, then its Next
        panes = [self.view, self.toggles, self.info.browser(), self.lessons.panel.next_button(),
                 column.first_switch(), column.next_button()]
        if self.trend is not None:
            panes += [self.trend.chooser]
        return [p for p in panes if p is not None and p.isVisible() and p.isEnabled()]

    def cycle_panes(self, step: int) -> None:
        panes = self.panes()
        if not panes:
            return
        focused = self.focusWidget()
        current = next((i for i, p in enumerate(panes)
                        if focused is p or (focused is not None and p.isAncestorOf(focused))), -1)
        target = panes[(current + step) % len(panes)]
        target.setFocus(Qt.TabFocusReason)

    def _apply_theme(self, theme: Theme) -> None:
        self.view.set_theme(theme)
        self.projector.set_theme(theme)
        self.info.set_text_colours(theme.text if theme.name != "light" else "#333333", theme.muted)
        self.info.set_value_colours(*(VALUE_COLOURS_DARK if theme.dark else VALUE_COLOURS_LIGHT))
        if self.plots is not None:
            apply_theme_to_plots(self.plots, theme)
            apply_theme_to_trend(self.trend, theme)

    def _zoom_plots(self, factor: float) -> None:
        if self.plots is not None:
            self.plots.set_font_scale(factor)
            self.trend.set_font_scale(factor)

    def _connect_state(self) -> None:
        """Requests go from the panel to the state, from the state to the model; the views follow
        the state's changes."""
        state, panel, simulation = self.state, self.toggles, self.simulation
        panel.toggled.connect(state.set_switch)
        panel.speed_changed.connect(state.set_speed)
        panel.pause_toggled.connect(state.set_paused)
        panel.reset_requested.connect(state.reset)
        panel.subject_chosen.connect(state.set_subject)
        state.subject_changed.connect(panel.set_subject)
        state.subject_requested.connect(simulation.subject_requested)
        state.switch_requested.connect(self._note_toggle_request)
        state.switch_requested.connect(simulation.toggle_requested)
        state.speed_requested.connect(simulation.speed_requested)
        state.pause_requested.connect(simulation.pause_requested)
        state.reset_requested.connect(simulation.reset_requested)
        state.schedule_requested.connect(simulation.schedule_requested)
        state.replay_requested.connect(simulation.replay_requested)
        state.run_ahead_requested.connect(simulation.run_ahead_requested)
        state.companion_requested.connect(simulation.companion_requested)
        state.companion_stop_requested.connect(simulation.companion_stop_requested)
        state.companion_changed.connect(self._on_companion)
        state.switch_changed.connect(panel.set_toggle_state)
        state.speed_changed.connect(panel.set_speed)
        state.speed_changed.connect(self._on_speed)
        state.paused_changed.connect(panel.set_paused)
        state.paused_changed.connect(lambda paused: self.view.set_animating(not paused))
        state.level_changed.connect(self._show_level)
        state.selection_changed.connect(self._on_selection)
        state.highlight_changed.connect(self._show_highlight)
        state.reset_applied.connect(self._on_reset_applied)
        state.switch_applied.connect(self._on_switch_applied)
        state.snapshot_applied.connect(self._draw_snapshot)
        state.refused.connect(lambda reason: self.statusBar().showMessage(reason, 5000))

    # Read-only views of the state, for the controllers and tests that read them here.
    @property
    def latest(self) -> Snapshot | None:
        return self.state.latest

    @property
    def latest_row(self) -> np.ndarray | None:
        return self.state.row

    @property
    def history(self) -> list[ToggleEvent]:
        return self.state.history

    @property
    def level(self) -> int:
        return self.state.level

    def _after_first_paint(self) -> None:
        QTimer.singleShot(0, self._finish_start)

    @functools.cached_property
    def references(self) -> dict:
        """The reference list, read when a node is first explained rather than before the first paint.
        A broken file leaves the explanations without references, and says so once."""
        try:
            return load_references()
        except ContentError as exc:
            self.report_problems([f"the references could not be read ({exc})"])
            return {}

    def report_problems(self, problems: list[str]) -> None:
        """A broken content file: one status-bar line (and the log), the app goes on without it."""
        for problem in problems:
            log.warning("%s", problem)
        if problems:
            more = f" (and {len(problems) - 1} more; see the log)" if len(problems) > 1 else ""
            self.statusBar().showMessage(f"Skipped: {problems[0]}{more}", 20000)

    def _finish_start(self) -> None:
        """After the first paint: fill the menus, load the plots, then start the model's thread."""
        if self._started or self.simulation.closed:
            return
        self._started = True
        self.simulation.start_model()  # loads in its own process while the menus and plots build
        # A bundle that left pyqtgraph out fails here, before the model starts (the smoke run's check).
        from widgets.plot_panel import PlotPanel
        from widgets.trend_panel import TrendPanel

        try:  # whatever goes wrong with the menus' files, the plots and the model still start
            trend_problems = self._build_plots(PlotPanel, TrendPanel)
            self.clock_bar.tab_before(self.view)  # the plots joined the Tab chain last; the toolbar after
            self.report_problems(self.content_problems + trend_problems + self.lessons.fill_menus()
                                 + self.experiments.fill_menu())
            self.files.fill_export_menu(self._export_items())
        finally:
            self.simulation.start()

    def _build_plots(self, PlotPanel: type, TrendPanel: type) -> list[str]:  # noqa: N803 (the classes)
        """The trend plot beside the live plots, in the plot dock; returns the trend file's problems."""
        from model.parameters import default_values

        from . import settings
        from .trend import load_trend_quantities_or_fallback

        quantities, default, problems = load_trend_quantities_or_fallback()
        shown = [q for q in settings.get_str_list(TREND_KEY, list(default), MAX_SHOWN) if q in quantities]
        self.trend = TrendPanel(quantities, shown or default, fasting_hour=default_values()["fasting_hour"])
        # Remembered when the user picks them, not when a lesson sets them for its story.
        self.trend.picked.connect(lambda ids: settings.set_value(TREND_KEY, list(ids)))
        self.plots = PlotPanel(window_days=plot_window_days(self.state.speed))
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.trend)
        splitter.addWidget(self.plots)
        splitter.setStretchFactor(0, 3)  # the trend holds the lesson's story: the larger share
        splitter.setStretchFactor(1, 2)
        self.plot_dock.setWidget(splitter)
        apply_theme_to_plots(self.plots, self.themes.theme)
        apply_theme_to_trend(self.trend, self.themes.theme)
        if self.classroom.zoom != 1.0:
            self._zoom_plots(self.classroom.zoom)
        self.projector.attach_trend(self.trend)
        self.projector.set_theme(self.themes.theme)
        return problems

    def handout_facts(self):
        """What the PDF handout prints beside the pictures, from the state."""
        from .export import HandoutFacts

        state = self.state
        switches = state.latest.toggles if state.latest is not None else state.switches
        return HandoutFacts(day=state.day, switches=dict(switches),
                            level_name=self.graph.levels.get(state.level), theme=self.themes.theme)

    def _export_items(self) -> list:
        """The File ▸ Export entries: (menu text, default name, filter, writer of a path)."""
        from . import export

        view, plots, state = self.view, self.plots, self.state
        png, svg = "PNG image (*.png)", "SVG image (*.svg)"

        return [
            ("Diagram as PNG (2×, for slides)…", "diagram.png", png,
             lambda p: export.export_diagram_png(view, p)),
            ("Diagram as SVG…", "diagram.svg", svg, lambda p: export.export_diagram_svg(view, p)),
            ("Plots as PNG (2×)…", "plots.png", png, lambda p: export.export_plots_png(plots, p)),
            ("Plots as SVG…", "plots.svg", svg, lambda p: export.export_plots_svg(plots, p)),
            ("Plotted data as CSV…", "series.csv", "CSV table (*.csv)",
             lambda p: export.export_series_csv(plots, p)),
            ("One-page handout (PDF)…", "handout.pdf", "PDF document (*.pdf)",
             lambda p: export.export_handout_pdf(view, plots, self.handout_facts(), p)),
            ("Model as SBML (COPASI, tellurium, VCell)…", "insulin-pathway-model.xml",
             "SBML model (*.xml *.sbml)",
             lambda p: export.export_model_sbml(list(state.history), p, state.subject)),
        ]

    # --- layout -------------------------------------------------------------------------------
    def _build_docks(self) -> None:
        side = QSplitter(Qt.Vertical)
        side.addWidget(self.toggles)
        side.addWidget(self.info)
        side.setStretchFactor(0, 2)
        side.setStretchFactor(1, 3)
        side_dock = QDockWidget("Switches and explanations", self)
        side_dock.setObjectName("side")
        side_dock.setWidget(side)
        side_dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                              | QDockWidget.DockWidgetClosable)
        self.addDockWidget(Qt.RightDockWidgetArea, side_dock)
        plot_dock = QDockWidget("Plots: the trend, one value a day (left), and meal by meal (right)", self)
        plot_dock.setObjectName("plots")
        placeholder = QLabel("Preparing the live plots…")
        placeholder.setAlignment(Qt.AlignCenter)
        plot_dock.setWidget(placeholder)
        plot_dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable
                              | QDockWidget.DockWidgetClosable)
        self.addDockWidget(Qt.BottomDockWidgetArea, plot_dock)
        self.side_dock, self.plot_dock = side_dock, plot_dock
        # The side column runs the full height, so explanations get room; plots sit under the diagram.
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.setCorner(Qt.TopRightCorner, Qt.RightDockWidgetArea)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        height = event.size().height()
        self.resizeDocks([self.side_dock], [max(340, event.size().width() // 4)], Qt.Horizontal)
        self.resizeDocks([self.plot_dock], [max(220, int(height * 0.32))], Qt.Vertical)
        if hasattr(self, "projector"):  # resized while the window is being built
            self.classroom.host_resized()
            self.projector.host_resized()

    def _build_menus(self) -> None:
        view_menu = self.view_menu = self.menuBar().addMenu("&View")
        group = QActionGroup(self)
        self.level_actions: dict[int, QAction] = {}
        for level, name in sorted(self.graph.levels.items()):
            action = QAction(f"{name}", self, checkable=True)
            action.setShortcut(QKeySequence(f"Alt+{level}"))
            action.setStatusTip(f"Show the {name.lower()} level of detail")
            action.triggered.connect(lambda _=False, lv=level: self.set_level(lv))
            group.addAction(action)
            view_menu.addAction(action)
            self.level_actions[level] = action
        view_menu.addSeparator()
        add_actions(self, view_menu, (("Zoom the diagram in", "", lambda: self.view.zoom_by(1.2)),
                                      ("Zoom the diagram out", "", lambda: self.view.zoom_by(1 / 1.2)),
                                      ("Fit the diagram to the window", "", self.view.fit),
                                      ("Full screen", "F11", self._toggle_full_screen)))
        self.teacher_notes_action = self._switch_action(
            view_menu, "Teacher notes", "F8", "Show the teacher's notes under each explanation",
            self.info.set_teacher_notes_visible, checked=False)
        from . import settings

        legend_shown = settings.get_str(LEGEND_KEY, "shown", allowed=("shown", "hidden")) == "shown"
        self.view.set_legend_visible(legend_shown)
        self.legend_action = self._switch_action(
            view_menu, "Diagram legend", "F7",
            "Show or hide the key to the diagram's arrows, bars, halos and dots",
            self._set_legend_visible, checked=legend_shown)
        compare = self.menuBar().addMenu("&Compare")
        add_actions(self, compare, (("Pin this run", "Ctrl+P", self.pin_run),
                                    ("Pin this run as…", "Ctrl+Alt+P", self.pin_run_as),
                                    ("Remove the pinned runs", "Ctrl+Shift+P", self.clear_pins)))
        compare.addSeparator()
        add_actions(self, compare, (
            ("Run a second scenario side by side…", "Ctrl+B", self.open_side_by_side),
            ("End the side-by-side run", "Ctrl+Shift+B", self.state.stop_side_by_side)))
        self.help_menu = self.menuBar().addMenu("&Help")
        add_actions(self, self.help_menu, ((USER_GUIDE_MENU_TEXT, "", lambda: self._open(UserGuideDialog)),
                                           (MODEL_GUIDE_MENU_TEXT, "", lambda: self._open(ModelGuideDialog)),
                                           ("About Insulin Pathway Explorer", "",
                                            lambda: self._open(AboutDialog))))

    def _build_status(self) -> None:
        from widgets.status_bar import WrappingStatusBar

        self.setStatusBar(WrappingStatusBar(self))  # long messages wrap, not run under the notice
        self.clock_label = QLabel()
        self.clock_label.setAccessibleName("Simulated time")
        self.statusBar().addWidget(self.clock_label, 1)
        # Qt hides the clock under a message, but shows it again, over the message, when fonts change
        # (presentation mode): hiding it explicitly here keeps it hidden until the message ends.
        self.statusBar().messageChanged.connect(lambda message: self.clock_label.setVisible(not message))
        notice = QLabel(NOTICE)
        notice.setStyleSheet("color: #D55E00; font-weight: bold;")
        self.statusBar().addPermanentWidget(notice)

    # --- user actions ---------------------------------------------------------------------------
    def request_toggle(self, toggle: str, on: bool) -> None:
        self.state.set_switch(toggle, on)

    def request_reset(self) -> None:
        self.state.reset()

    def _note_toggle_request(self, toggle: str, _on: bool) -> None:
        self.toggle_requests[toggle] = time.perf_counter()  # for the toggle-to-plot latency

    def set_level(self, level: int) -> None:
        self.state.set_level(level)

    def _show_highlight(self, nodes) -> None:
        """A lesson step's (or a switch's) nodes: emphasised, and scrolled into view when the diagram
        is larger than the window (presentation mode frames them itself)."""
        self.view.set_highlight(nodes)
        if nodes and not self.classroom.presenting:
            self.view.bring_into_view(nodes)

    def _show_level(self, level: int) -> None:
        self.view.set_level(level)
        self.level_actions[level].setChecked(True)
        current = self.graph.nodes.get(self.info.current_node_id or "")
        if current is None:
            return
        if current.level <= level:
            self.show_node(current.id)  # its text at the new depth
        else:  # not drawn at this level: selecting it again would take the diagram back a level
            self.state.select(None)
            self.info.show_placeholder()

    def _on_selection(self, node_id: str) -> None:
        node = self.graph.nodes.get(node_id)
        if node is not None and node.level > self.state.level:
            self.state.set_level(node.level)  # a node of a deeper level: show that level first
        if node_id:
            self.show_node(node_id)

    def show_node(self, node_id: str) -> None:
        text = self.texts.get(node_id)
        if text is None:
            return
        value = (value_text(self.graph, node_id, self.latest_row, self.state.healthy)
                 if self.latest_row is not None else None)
        self.info.show_node(text, depth_of(self.state.level), value, self.references)
        if self.view.selected_node != node_id:
            self.view.select_node(node_id, emit=False)

    def run_name(self) -> str:
        """A pinned run's default name: the switches on and the day, "High-fat diet, day 60"."""
        switches = self.latest.toggles if self.latest is not None else self.state.switches
        on = [TOGGLES_BY_ID[t].label for t, v in switches.items() if v]
        return f"{', '.join(on) or 'Healthy'}, day {self.state.day:.0f}"

    def pin_run(self, name: str | None = None) -> str | None:
        """Keep the run so far in the trend plot, drawn with its own dash and marker and named in the
        legend; it stays when you reset and change switches. Returns the name used (None: nothing
        to pin yet)."""
        if self.trend is None:
            return None
        try:
            name = self.trend.pin(name or self.run_name())
        except ValueError as exc:
            self.statusBar().showMessage(f"Nothing pinned: {exc}.", 6000)
            return None
        self.statusBar().showMessage(f"Pinned \u201c{name}\u201d: it stays in the trend plot when you reset "
                                     "and change switches.", 8000)
        return name

    def pin_run_as(self) -> None:
        """Pin the run under a name the teacher types ("no therapy")."""
        name, ok = QInputDialog.getText(self, "Pin this run", "Name in the trend plot's legend:",
                                        QLineEdit.Normal, self.run_name())
        if ok:
            self.pin_run(name)

    def open_side_by_side(self) -> QDialog:
        """Ask for the second run's switches and name, then start it (the dialog does not block)."""
        from .side_by_side import SideBySideDialog

        dialog = SideBySideDialog(self.state.switches, self.state.subject, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.state.start_side_by_side(dialog.run_name(), dialog.switches()))
        dialog.open()
        return dialog

    def _on_companion(self, name: str) -> None:
        if self.trend is None:
            return
        if name:
            self.trend.set_companion(name)
            self.statusBar().showMessage(f"Side by side: \u201c{name}\u201d runs beside this run on the same "
                                         "clock. Ctrl+Shift+B ends it.", 8000)
        else:
            kept = self.trend.keep_companion_as_pin()
            if kept:
                self.statusBar().showMessage(f"The side-by-side run ended; its curves stay, pinned as "
                                             f"\u201c{kept}\u201d.", 8000)

    def _show_trend(self, quantities: list[str]) -> None:
        if self.trend is not None:
            self.trend.set_shown(quantities)

    def clear_pins(self) -> None:
        if self.trend is not None:
            self.trend.clear_pins()

    def set_speed(self, minutes_per_second: float) -> None:
        """The state takes the nearest preset; the panel, worker and plots follow it."""
        self.state.set_speed(minutes_per_second)

    def _on_speed(self, minutes_per_second: float) -> None:
        self._size_plots_for(minutes_per_second)

    def _size_plots_for(self, pace: float) -> None:
        """Size the live plots' window from a pace (simulated minutes a real second)."""
        self._pace = pace
        if self.plots is not None:
            self.plots.set_window_days(plot_window_days(pace))

    def _follow_real_pace(self, snap: Snapshot) -> None:
        """When the computer cannot keep the pace asked for, size the plots from the pace it keeps,
        so the data fill them instead of a sliver at their left (and back when it catches up)."""
        if snap.paused or not snap.achieved_speed:
            return
        pace = min(snap.speed, snap.achieved_speed)
        if abs(pace - self._pace) > PACE_CHANGE * self._pace:
            self._size_plots_for(pace)

    def _show_run_ahead(self, days: float) -> None:
        """After a run ahead the live plots show up to its last four weeks (the trend plot shows all
        of it); a speed change sizes them from the speed again."""
        if self.plots is not None:
            self.plots.set_window_days(max(plot_window_days(self._pace), min(days, FAST_PLOT_MAX_DAYS)))

    def _switch_action(self, menu: QMenu, text: str, key: str, tip: str,
                       on_toggled: Callable[[bool], None], checked: bool) -> QAction:
        """A checkable menu action whose key works wherever the focus is in the window."""
        action = QAction(text, self, checkable=True, checked=checked)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.WindowShortcut)
        action.setStatusTip(tip)
        action.toggled.connect(on_toggled)
        self.addAction(action)
        menu.addAction(action)
        return action

    def _set_legend_visible(self, on: bool) -> None:
        """F7: the diagram's legend on or off, remembered for the next start. In presentation mode it
        is pinned to the diagram's corner at the projected text size, and starts hidden there."""
        from . import settings

        if self.classroom.presenting:
            self.view.show_legend_overlay(on, self.classroom.text_px())
            return
        self.view.set_legend_visible(on)
        settings.set_value(LEGEND_KEY, "shown" if on else "hidden")

    def _legend_for_presentation(self, presenting: bool) -> None:
        self.view.show_legend_overlay(False)
        self.legend_action.blockSignals(True)  # the menu's tick follows the legend on show
        self.legend_action.setChecked(False if presenting else self.view.legend_visible)
        self.legend_action.blockSignals(False)

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _open(self, dialog_class: type[QDialog]) -> QDialog:
        """Open a reading dialog without blocking the window (the model and animation go on)."""
        dialog = dialog_class(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- from the worker --------------------------------------------------------------------------
    def _on_snapshot(self, snap: Snapshot) -> None:
        try:
            self._apply_snapshot(snap)
        finally:  # the worker sends the next one only when this one is done (back-pressure)
            self.simulation.snapshot_consumed.emit()

    def _apply_snapshot(self, snap: Snapshot) -> None:
        self.snapshots_received += 1
        if self.snapshots_received == 1:
            # Everything loaded so far (Qt, pyqtgraph, numpy, the window) lives as long as the app:
            # keep it out of the garbage collector's full passes, which otherwise took ~45 ms of GIL.
            gc.freeze()
        self.state.apply_snapshot(snap)  # the views follow through the state's signals

    def _on_reset_applied(self) -> None:
        if self.plots is not None:
            self.plots.clear()
            self.trend.clear()

    @functools.cached_property
    def switch_feedback(self) -> dict:
        """What each switch starts and when (resources/switch_feedback.toml), read at the first switch;
        a broken file leaves the switches without it and says so once."""
        from .switch_feedback import load_switch_feedback

        try:
            return load_switch_feedback(set(self.graph.nodes) or None)
        except ContentError as exc:
            self.report_problems([f"the switches' time scales could not be read ({exc})"])
            return {}

    def _last_switch_days(self) -> float | None:
        """How long the last switch turned on needs to show (Run ▸ See the last switch's effect)."""
        feedback = self.switch_feedback.get(self._last_switch_on or "")
        return feedback.run_days if feedback is not None else None

    def _tell_what_the_switch_starts(self, toggle: str) -> None:
        """After a switch is turned on by hand: the status line says what begins and when, and the
        diagram lights where it begins for a few seconds (unless a lesson points somewhere)."""
        feedback = self.switch_feedback.get(toggle)
        self._last_switch_on = toggle
        if feedback is None or self.lessons.runner.active:  # a lesson says what to watch itself
            return
        self.statusBar().showMessage(feedback.status_text(toggle), 15000)
        if self.state.highlighted is None:
            lit = frozenset(n for n in feedback.nodes if n in self.graph.nodes)
            self.state.set_highlight(lit)
            # With the window as the timer's context: a window closed meanwhile is never called.
            QTimer.singleShot(FEEDBACK_LIGHT_MS, self, lambda: self._unlight(lit))

    def _unlight(self, lit: frozenset[str]) -> None:
        if self.state.highlighted == lit:  # nothing else has pointed anywhere since
            self.state.set_highlight(None)

    def _on_switch_applied(self, event: ToggleEvent) -> None:
        day, toggle, on = event
        if self.plots is not None:
            label = f"{'+' if on else '−'} {TOGGLES_BY_ID[toggle].label}"
            self.plots.add_marker(day, label)
            self.trend.add_marker(day, label)
        asked = self.toggle_requests.pop(toggle, None)
        if asked is not None:
            self.toggle_latencies.append(time.perf_counter() - asked)
            if on:
                self._tell_what_the_switch_starts(toggle)

    def _draw_snapshot(self, snap: Snapshot) -> None:
        if snap.companion_rows is not None and snap.companion_rows.size and self.trend is not None:
            self.trend.append_companion_rows(snap.companion_rows)
        if snap.rows.size:
            if self.plots is not None:
                self.plots.append_rows(snap.rows)
                self.trend.append_rows(snap.rows)
                self.snapshot_drawn.emit(time.perf_counter())
            state = diagram_state(self.graph, self.state.row, snap.toggles, snap.exposures)
            self.view.set_activities(state.activities)
            self.view.set_edge_rates(state.edge_rates)
            self.view.set_toggle_marks(state.marks)
            self.view.set_faded(state.faded)
            self._refresh_value()
        self._update_clock(snap)

    def _refresh_value(self) -> None:
        now = time.perf_counter()
        node = self.info.current_node_id
        if node and now - self._last_value_refresh > VALUE_REFRESH_S:
            self._last_value_refresh = now
            text = value_text(self.graph, node, self.latest_row, self.state.healthy)
            if text:
                self.info.update_value(text)

    def _update_clock(self, snap: Snapshot) -> None:
        self._follow_real_pace(snap)
        self.clock_label.setText(clock_text(snap))

    def _on_failure(self, message: str) -> None:
        self.state.model_paused(True)
        self.statusBar().showMessage(message, 15000)

    def _on_recovered(self) -> None:
        self.state.model_paused(False)
        self.statusBar().showMessage("The model goes on.", 5000)

    # --- lifecycle ---------------------------------------------------------------------------------
    def open_size(self) -> tuple[int, int]:
        """The remembered size, fitted to the screen the window is on."""
        from . import settings

        screen = self.screen().availableGeometry()
        return fitted_size(settings.get_str(SIZE_KEY, ""), (screen.width(), screen.height()))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.closing():
            event.ignore()
            return
        if not (self.isFullScreen() or self.isMaximized() or self.classroom.presenting):
            from . import settings

            settings.set_value(SIZE_KEY, f"{self.width()}x{self.height()}")
        self.view.clock.stop()
        self.experiments.closing()
        self.simulation.shutdown()
        super().closeEvent(event)

