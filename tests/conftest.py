"""Shared fixtures. Long model runs are cached per test process, so each scenario runs once."""

from __future__ import annotations

import os
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings (theme, ...) go to a throw-away folder, never the user's own.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="ipe-test-config-")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ipe-test-data-")
os.environ["IPE_NO_DIALOGS"] = "1"  # tests close windows with unsaved changes: no modal questions

from model import Simulation, ToggleEvent, Trajectory  # noqa: E402


@cache
def scenario_run(days: float, schedule: tuple[tuple[float, str, bool], ...] = (),
                 sample_hours: float = 24.0, subject: str = "man") -> tuple[Trajectory, Simulation]:
    """Run a schedule of (day, toggle, on) from the subject's healthy start; cached across tests."""
    sim = Simulation(subject=subject)
    events = [ToggleEvent(day, toggle, on) for day, toggle, on in schedule]
    return sim.run(days, events, sample_hours=sample_hours), sim


@cache
def experiment_result(experiment_id: str):
    """A protocol's result, run once per test process. Every test that reads experiment results is in
    the xdist group "experiments" (`pytest -n 2 --dist loadgroup`), so one process runs each protocol
    once instead of both processes running most of them."""
    from model.experiments import run_experiment

    return run_experiment(experiment_id)


EXPERIMENTS_GROUP = "experiments"


def on_from_start(*toggles: str) -> tuple[tuple[float, str, bool], ...]:
    return tuple((0.0, t, True) for t in toggles)


WINDOW_WAIT_MS = 120_000


def open_window(qtbot, speed: float = 43200.0):
    """A real explorer window, with the real model thread and process: for the end-to-end tests.
    Other window tests use tests/bridge.py's `scripted_window`, whose model moves only when asked."""
    from ui.main_window import MainWindow  # Qt only for the tests that need a window

    win = MainWindow(speed=speed)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.latest is not None and win.plots is not None, timeout=WINDOW_WAIT_MS)
    return win
