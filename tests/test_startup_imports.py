"""The window's start-up path must not load numpy, scipy or pyqtgraph: they load after the first paint
(numpy in the worker thread, pyqtgraph with the plots; the app never loads scipy)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_importing_the_window_does_not_import_numpy_scipy_or_pyqtgraph():
    code = ("import sys; import ui.main_window; "
            "print(sorted(m for m in ('numpy', 'scipy', 'pyqtgraph') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_first_paint_happens_before_numpy_loads():
    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from ui.main_window import MainWindow; w = MainWindow(); w.show(); w.repaint(); "
            "print('numpy' in sys.modules); w.close()")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                                 "IPE_NO_DIALOGS": "1", "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
                                 "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"]}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_plots_are_built_once_the_diagram_has_first_been_painted(qtbot):
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    painted = []
    win.view.first_painted.connect(lambda: painted.append(win.plots))
    assert win.plots is None and not win.view.painted
    with qtbot.waitSignal(win.view.first_painted, timeout=5000):
        win.show()
    assert painted == [None]  # the diagram came first
    qtbot.waitUntil(lambda: win.plots is not None, timeout=5000)
    with qtbot.waitSignal(win.snapshot_drawn, timeout=60_000):  # then the model's rows reach the plots
        pass
    assert len(win.plots.buffer) > 0
    win.view.viewport().update()
    qtbot.waitUntil(lambda: win.view.frames_drawn > 2, timeout=5000)
    assert len(painted) == 1  # once only, however often it repaints
