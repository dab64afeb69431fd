"""The clock's toolbar, always in view: pause or resume, step a day, slower and faster with the speed
it really keeps, run to a day, reset. Its buttons ask the state (as the switch panel's own controls
do), so the panel's controls may scroll out of sight on a small screen without being out of reach."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar, QWidget

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
        self.speed_label.setAccessibleDescription("How much simulated time passes each real second.")
        self._reach_by_tab()
        state.paused_changed.connect(self._show_paused)
        state.speed_changed.connect(self._show_speed)
        self._show_paused(state.paused)
        self._show_speed(state.speed)

    def _reach_by_tab(self) -> None:
        """Qt leaves a toolbar's buttons out of the Tab chain; here they join it, each with its
        tooltip, shortcut included, as its accessible description."""
        self.buttons: list[QWidget] = []
        for action in self.actions():
            button = self.widgetForAction(action)
            if button is not None and button is not self.speed_label and not action.isSeparator():
                button.setFocusPolicy(Qt.TabFocus)
                self.buttons.append(button)
                keys = action.shortcut().toString(QKeySequence.NativeText)
                tip = action.toolTip()
                button.setAccessibleDescription(f"{tip}  [{keys}]" if keys and keys not in tip else tip)

    def tab_before(self, widget: QWidget) -> None:
        """Put the buttons in the window's Tab chain just before `widget` (the diagram): the chain is a
        ring, so Shift+Tab from the diagram's first node reaches the toolbar, as its place at the top of
        the window suggests, and Tab after the plots does too."""
        previous = widget.previousInFocusChain()
        while previous is not widget and (previous.isWindow() or previous in self.buttons
                                          or not previous.focusPolicy() & Qt.TabFocus):
            previous = previous.previousInFocusChain()  # the last stop before it (not the window)
        for button in self.buttons:
            QWidget.setTabOrder(previous, button)
            previous = button

    def _step_speed(self, step: int) -> None:
        index = SPEEDS.index(self.state.speed) if self.state.speed in SPEEDS else 0
        self.state.set_speed(SPEEDS[min(max(index + step, 0), len(SPEEDS) - 1)])

    def _show_paused(self, paused: bool) -> None:
        self.pause.setText("Resume" if paused else "Pause")

    def _show_speed(self, speed: float) -> None:
        self.speed_label.setText(f"{pace_text(speed)} a second")
