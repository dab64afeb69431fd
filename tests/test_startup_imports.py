"""The window's start-up path must not load scipy (it loads in the worker thread, after first paint)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_importing_the_window_does_not_import_scipy_or_pyqtgraph():
    code = ("import sys; import ui.main_window; "
            "print(sorted(m for m in ('scipy', 'pyqtgraph') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
