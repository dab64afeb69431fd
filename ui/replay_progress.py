"""Progress while the model computes ahead: a window-modal dialog with the day reached and a Cancel.

Two things run ahead this way: opening a session (its switches replayed from the healthy start) and a
run ahead ("Run 24 weeks", "Run to day…", from where the model is). Opening a long session replays its
switches day by day in the worker. Meanwhile the state is busy
(`ExplorerState.busy`: it refuses switches and Reset, which would otherwise apply after the replay and
throw the opened session away) and the window-modal dialog keeps clicks and shortcuts away; Cancel
or Esc stops the replay where it is, a consistent state the class can go on from. The end of the
replay, completed or not, makes the state ready again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QStatusBar, QWidget

from .state import ExplorerState
from .worker import SimulationThread

SHOW_AFTER_MS = 400  # a short replay finishes before the dialog would flash up


class ReplayProgress(QObject):
    finished = Signal(bool, float)  # completed (not cancelled), day reached
    progress_text = Signal(str)  # what the dialog says, for the window's clock line
    ran_ahead = Signal(float)  # a run ahead ended (completed or not): the simulated days it covered

    def __init__(self, parent: QWidget, state: ExplorerState, simulation: SimulationThread,
                 status: QStatusBar) -> None:
        super().__init__(parent)
        self._parent = parent
        self._state = state
        self._simulation = simulation
        self._status = status
        self._dialog: QProgressDialog | None = None
        self._focus: QWidget | None = None
        self._updating = False  # inside dialog.setValue, which handles events (the end may come)
        self._spent: QProgressDialog | None = None  # a dialog to delete once setValue returns
        self._opening = True
        self._from: float | None = 0.0
        state.replay_requested.connect(lambda _events, _until: self._started(0.0, True))
        state.run_ahead_requested.connect(lambda _days: self._started(None, False))
        simulation.worker.replay_progress.connect(self._progress)
        simulation.worker.replay_finished.connect(self._finished)

    def _started(self, from_day: float | None, opening: bool) -> None:
        """`from_day` None: a run ahead, which starts wherever the model is (its first report)."""
        self._opening = opening
        text = "Opening the session: replaying its switches…" if opening else "Running ahead…"
        dialog = QProgressDialog(text, "Cancel", 0, 1000, self._parent)
        dialog.setWindowTitle("Opening a session" if opening else "Running ahead")
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)  # the Cancel button
        dialog.rejected.connect(self.cancel)  # Esc
        dialog.setValue(0)
        self._dialog = dialog
        self._focus = QApplication.focusWidget()  # where the keys go back to once it closes
        self._from = from_day

    def _give_the_keys_back(self) -> None:
        """The window (and the widget that had the keys) gets the keyboard again: without a window
        manager to do it, the keys pressed after a run ahead went nowhere (Xvfb, driven by keys)."""
        self._parent.activateWindow()
        focus, self._focus = self._focus, None
        if focus is not None and focus.isVisible() and focus.window() is self._parent.window():
            focus.setFocus(Qt.OtherFocusReason)

    def cancel(self) -> None:
        if self._state.busy:
            self._simulation.cancel_replay_requested.emit()
            self._status.showMessage("Stopping…", 4000)

    def _progress(self, day: float, until_day: float) -> None:
        text = (f"Opening the session: day {day:.0f} of {until_day:.0f} replayed…" if self._opening
                else f"Running ahead: day {day:.0f} of {until_day:.0f}…")
        self.progress_text.emit(text)
        dialog = self._dialog
        if dialog is None:
            return
        if self._from is None:  # a run ahead's first report: where it starts
            self._from = day
        span = until_day - self._from
        fraction = (day - self._from) / span if span > 0 else 1.0
        dialog.setLabelText(text)
        # Last: a window-modal dialog's setValue handles events, which may end the replay meanwhile;
        # the dialog is then deleted only after setValue has returned.
        self._updating = True
        try:
            dialog.setValue(min(999, int(1000 * fraction)))
        finally:
            self._updating = False
            spent, self._spent = self._spent, None
            if spent is not None:
                spent.deleteLater()

    def _finished(self, completed: bool, day: float) -> None:
        self._state.set_busy(False)
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.rejected.disconnect(self.cancel)
            self._dialog.close()
            self._give_the_keys_back()
            if self._updating:
                self._spent = self._dialog
            else:
                self._dialog.deleteLater()
            self._dialog = None
        if not self._opening and self._from is not None:
            self.ran_ahead.emit(max(0.0, day - self._from))
        if not completed:
            what = "Opening" if self._opening else "Running ahead"
            self._status.showMessage(f"{what} stopped at day {day:.1f}: the model goes on from there.",
                                     10000)
        self.finished.emit(completed, day)
