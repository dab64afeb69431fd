"""A toggle storm through the real window while the model runs flat out (issue: nothing breaks
mid-lesson): two thousand random events, about a minute. `python main.py --bench SECONDS` and
`benchmarks/soak.py` run longer storms by hand.

The storm measures how long the event loop goes without running a timer, so it runs alone
(`-m alone`, after the parallel run): a second test process on the same two cores would measure the
machine, not the app."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from ui.main_window import MainWindow

WAIT_MS = 120_000
EVENTS = 2000
STALL_LIMIT_S = 0.100


@pytest.mark.alone
def test_toggle_storm_keeps_the_window_responsive_and_consistent(qtbot):
    win = MainWindow(speed=43200.0)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitUntil(lambda: win.plots is not None and win.latest is not None, timeout=WAIT_MS)
    rng = random.Random(11)
    toggles = list(win.toggles.states())
    nodes = list(win.graph.nodes)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def heartbeat() -> None:  # how long the event loop went without running a timer
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    beat = QTimer()
    beat.timeout.connect(heartbeat)
    beat.start(10)
    done = [0]

    def fire() -> None:
        action = rng.random()
        if action < 0.55:
            toggle = rng.choice(toggles)
            win.toggles.checkbox(toggle).click()
        elif action < 0.65:
            win.toggles.faster() if rng.random() < 0.5 else win.toggles.slower()
        elif action < 0.72:
            win.toggles.set_paused(not win.toggles.is_paused())
            win.simulation.pause_requested.emit(win.toggles.is_paused())
        elif action < 0.75:
            win.request_reset()
        elif action < 0.85:
            win.set_level(rng.choice([1, 2, 3]))
        else:
            win.view.select_node(rng.choice(nodes))
        done[0] += 1
        if done[0] < EVENTS:
            QTimer.singleShot(rng.randint(2, 40), fire)

    with qtbot.captureExceptions() as exceptions:
        QTimer.singleShot(0, fire)
        qtbot.waitUntil(lambda: done[0] >= EVENTS, timeout=WAIT_MS)
    beat.stop()
    assert exceptions == []
    # Let the worker catch up, then it must agree with the panel's switches.
    win.toggles.set_paused(False)
    win.simulation.pause_requested.emit(False)
    qtbot.waitUntil(lambda: win.latest.toggles == win.toggles.states() and not win.latest.paused,
                    timeout=WAIT_MS)
    assert np.all(np.isfinite(win.plots.buffer.view()))
    assert max(gaps[5:]) < STALL_LIMIT_S, f"event loop stalled {max(gaps[5:]) * 1000:.0f} ms"
    print(f"storm: {EVENTS} events, worst event-loop gap {max(gaps[5:]) * 1000:.0f} ms, "
          f"median {np.median(gaps) * 1000:.1f} ms")
    win.close()
