"""The Experiments menu: run one of the literature's experiments and show it beside its paper.

The protocol runs in a process of its own (ui/experiment_runner.py) behind a progress dialog whose
Cancel stops it at once; the window, its model and its animation go on meanwhile. The result opens in
a window of its own (widgets/experiment_view.py), so a class can keep it beside the live diagram.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QProgressDialog, QVBoxLayout

from .experiment_runner import ExperimentRunner

TICK_MS = 250
WINDOW_SIZE = (1000, 760)


class ExperimentControl:
    def __init__(self, host: QMainWindow) -> None:
        self.host = host
        self.runner = ExperimentRunner(host)
        self.runner.finished.connect(self._show)
        self.runner.failed.connect(self._failed)
        self.menu = host.menuBar().addMenu("E&xperiments")  # filled just after the first paint
        self.titles: dict[str, str] = {}
        self.progress: QProgressDialog | None = None
        self.windows: list[QDialog] = []
        self._ticker = QTimer(host)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)

    def fill_menu(self) -> list[str]:
        """One entry per experiment; returns the problems of files that could not be read. (The
        files, not the protocols, are listed: the protocols load the model, which the window's
        process does not need; the experiment's own process loads it.)"""
        from model.experiments import ExperimentError, experiment_files, load_experiment

        problems = []
        for eid in experiment_files():
            try:
                experiment = load_experiment(eid)
            except ExperimentError as exc:
                problems.append(f"an experiment was skipped ({exc})")
                continue
            self.titles[eid] = experiment.title
            action = QAction(experiment.title.replace("&", "&&"), self.host)
            action.setStatusTip(f"{experiment.paper}: run the protocol and compare with the paper")
            action.triggered.connect(lambda _=False, e=eid: self.run(e))
            self.menu.addAction(action)
        return problems

    # --- running ---------------------------------------------------------------------------------
    def run(self, experiment_id: str) -> None:
        if experiment_id not in self.titles:
            self.host.statusBar().showMessage(f"No experiment called {experiment_id}", 8000)
            return
        self._close_progress()
        self.runner.start(experiment_id)
        progress = QProgressDialog(f"Running “{self.titles[experiment_id]}”…", "Cancel", 0, 0, self.host)
        progress.setWindowTitle("Experiment")
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)  # the Cancel button
        progress.rejected.connect(self.cancel)  # Esc
        progress.show()
        self.progress = progress
        self._ticker.start()

    def cancel(self) -> None:
        if self.runner.running:
            self.runner.cancel()
            self.host.statusBar().showMessage("Experiment cancelled.", 5000)
        self._close_progress()

    def closing(self) -> None:
        """The window closes: stop any experiment and its process."""
        self.runner.cancel()
        self._close_progress()

    def _tick(self) -> None:
        if self.progress is not None and self.runner.running:
            seconds = time.monotonic() - self.runner.started_at
            self.progress.setLabelText(f"Running “{self.titles.get(self.runner.experiment_id, '')}”… "
                                       f"{seconds:.0f} s")

    def _close_progress(self) -> None:
        self._ticker.stop()
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.rejected.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    # --- results -----------------------------------------------------------------------------------
    def _show(self, result) -> QDialog:
        from widgets.experiment_view import ExperimentView

        self._close_progress()
        window = QDialog(self.host)
        window.setWindowTitle(f"Experiment: {result.experiment.title}")
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(window)
        view = ExperimentView(result, window)
        layout.addWidget(view)
        window.view = view
        screen = (self.host.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        window.resize(min(WINDOW_SIZE[0], int(screen.width() * 0.9)),
                      min(WINDOW_SIZE[1], int(screen.height() * 0.9)))  # fits a 1024×768 projector
        window.destroyed.connect(lambda *_: self.windows.remove(window) if window in self.windows else None)
        self.windows.append(window)
        window.show()
        met = sum(c.met for c in result.comparisons)
        self.host.statusBar().showMessage(
            f"{result.experiment.title}: {met} of {len(result.comparisons)} published figures within "
            "tolerance", 10000)
        return window

    def _failed(self, message: str) -> None:
        self._close_progress()
        text = f"The experiment could not run: {message}"
        self.host.statusBar().showMessage(text, 15000)
        if not os.environ.get("IPE_NO_DIALOGS"):
            QMessageBox.warning(self.host, "Experiment", text)
