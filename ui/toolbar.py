"""The clock's toolbar, always in view: pause or resume, step a day, slower and faster with the speed
it really keeps, run to a day, reset. Its buttons ask the state (as the switch panel's own controls
do), so the panel's controls may scroll out of sight on a small screen without being out of reach."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

from widgets.speeds import SPEEDS, pace_text

from .state import ExplorerState


class ClockToolbar(QToolBar):
    def __init__(self, host: QMainWindow, state: ExplorerState, step_day: QAction,
                 run_to_day: QAction) -> None:
        super().__init__("Clock", host)
        self.setObjectName("clock")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.state = state
        self.pause = self.addAction("Pause", lambda: state.set_paused(not state.paused))
        self.pause.setToolTip("Pause or resume the clock  [Space]")
        self.addAction(step_day)
        self.slower = self.addAction("Slower", lambda: self._step_speed(-1))
        self.slower.setToolTip("Next slower speed  [−]")
        self.speed_label = QLabel()
        self.speed_label.setAccessibleName("Clock speed")
        self.speed_label.setContentsMargins(6, 0, 6, 0)
        self.addWidget(self.speed_label)
        self.faster = self.addAction("Faster", lambda: self._step_speed(+1))
        self.faster.setToolTip("Next faster speed  [+]")
        self.addAction(run_to_day)
        self.addSeparator()
        self.reset = self.addAction("Reset", state.reset)
        self.reset.setToolTip("Back to the healthy start, every switch off  [Ctrl+R]")
        state.paused_changed.connect(self._show_paused)
        state.speed_changed.connect(self._show_speed)
        self._show_paused(state.paused)
        self._show_speed(state.speed)

    def _step_speed(self, step: int) -> None:
        index = SPEEDS.index(self.state.speed) if self.state.speed in SPEEDS else 0
        self.state.set_speed(SPEEDS[min(max(index + step, 0), len(SPEEDS) - 1)])

    def _show_paused(self, paused: bool) -> None:
        self.pause.setText("Resume" if paused else "Pause")

    def _show_speed(self, speed: float) -> None:
        self.speed_label.setText(f"{pace_text(speed)} a second")
