"""The window's start-up path must not load numpy, scipy or pyqtgraph: they load after the first paint
(numpy and scipy in the worker thread, pyqtgraph with the plots)."""

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
