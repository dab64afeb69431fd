"""A scripted stand-in for the window's model thread (ui/worker.py's SimulationThread).

The window under test gets the same signals and slots, but nothing runs by itself: the real
compiled model runs in this process, and moves only when a test calls `advance(days)`, which emits
the snapshot at once (synchronously, on the GUI thread). So window tests see exactly the snapshots
they script, whatever the machine's load, and need no waiting.

Requests (switch, speed, pause, reset, schedule, replay) are applied to the model the moment the
state sends them and recorded in `requests`, as the worker would apply them at its next tick.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from model import Simulation, ToggleEvent
from ui.worker import ModelBridge, Snapshot

SAMPLES_PER_DAY = 48  # a row every 30 simulated minutes, as the worker samples


class ScriptedWorker(QObject):
    """The worker's signals, which the window listens to."""

    snapshot = Signal(object)
    failed = Signal(str)
    stopped = Signal()
    replay_progress = Signal(float, float)
    replay_finished = Signal(bool, float)
    recovered = Signal()
    companion_changed = Signal(str)


class ScriptedSimulation(ModelBridge):
    def __init__(self, speed: float = 60.0, parent: QObject | None = None,
                 simulate_runs: bool = True) -> None:
        super().__init__(parent)
        self.worker = ScriptedWorker()
        self.sim = Simulation()
        self.speed = speed
        self.paused = False
        self.started = False
        self._closed = False
        self._reset_next = False
        self.requests: list[tuple] = []
        self.toggle_requested.connect(self._toggle)
        self.speed_requested.connect(self._speed)
        self.pause_requested.connect(self._pause)
        self.reset_requested.connect(self._reset)
        self.subject_requested.connect(self._subject)
        self.schedule_requested.connect(self._schedule)
        self.replay_requested.connect(self._replay)
        self.run_ahead_requested.connect(self._run_ahead)
        self.companion_requested.connect(self._start_companion)
        self.companion_stop_requested.connect(self._end_companion)
        self.companion: Simulation | None = None  # the side-by-side run
        # A test of the window's layout or keys needs a run ahead's ending, not its numbers: with
        # this off, a run ahead ends at once and the model stays where it was.
        self.simulate_runs = simulate_runs

    # --- what the window calls -----------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._closed

    def start_model(self) -> None:
        pass

    def start(self) -> None:
        """As the worker does once the model is loaded: a first, empty snapshot."""
        if not self._closed:
            self.started = True
            self.emit(np.empty((0, 0)))

    def shutdown(self, timeout_ms: int = 0) -> bool:
        self._closed = True
        return True

    # --- what a test calls -----------------------------------------------------------------------
    def advance(self, days: float) -> Snapshot:
        """Run the model `days` on and hand the rows to the window in one snapshot (0: a heartbeat,
        as the worker sends while paused)."""
        if days <= 0:
            return self.emit(np.empty((0, 0)))
        samples = max(1, round(days * SAMPLES_PER_DAY))
        beside = self.companion.advance(days * 1440.0, samples) if self.companion is not None else None
        return self.emit(self.sim.advance(days * 1440.0, samples), beside)

    def emit(self, rows: np.ndarray, companion_rows: np.ndarray | None = None) -> Snapshot:
        sim = self.sim
        snap = Snapshot(rows=rows.copy(), day=sim.day, toggles=sim.toggles(), exposures=sim.exposures(),
                        speed=self.speed, achieved_speed=self.speed, paused=self.paused,
                        applied=sim.take_applied(), reset=self._reset_next, companion_rows=companion_rows)
        self._reset_next = False
        self.worker.snapshot.emit(snap)
        return snap

    def current_row(self) -> np.ndarray:
        return np.array([list(self.sim.outputs().values())])

    # --- requests, applied at once -----------------------------------------------------------------
    def _toggle(self, toggle: str, on: bool) -> None:
        self.requests.append(("toggle", toggle, on))
        self.sim.set_toggle(toggle, on)

    def _speed(self, speed: float) -> None:
        self.requests.append(("speed", speed))
        self.speed = speed

    def _pause(self, paused: bool) -> None:
        self.requests.append(("pause", paused))
        self.paused = paused

    def _start_companion(self, name: str, switches: dict[str, bool]) -> None:
        """As the worker does: a copy of the model now, with the switches asked for."""
        self.requests.append(("companion", name, dict(switches)))
        self.companion = Simulation(subject=self.sim.subject.id)
        self.companion.resume_from(self.sim.save_point())
        for toggle, on in switches.items():
            if self.companion.toggles()[toggle] != on:
                self.companion.set_toggle(toggle, on)
        self.worker.companion_changed.emit(name)
        self.emit(np.empty((0, 0)), np.array([list(self.companion.outputs().values())]))

    def _end_companion(self) -> None:
        if self.companion is not None:
            self.companion = None
            self.worker.companion_changed.emit("")

    def _reset(self) -> None:
        self._end_companion()
        self.requests.append(("reset",))
        self.sim.reset()
        self._reset_next = True
        self.emit(self.current_row())

    def _subject(self, subject: str) -> None:
        self._end_companion()
        self.requests.append(("subject", subject))
        self.sim.set_subject(subject)
        self._reset_next = True
        self.emit(self.current_row())

    def _schedule(self, events: list[ToggleEvent]) -> None:
        self.requests.append(("schedule", list(events)))
        self.sim.schedule(events)

    def _run_ahead(self, days: float) -> None:
        """A whole run ahead at once: progress, the rows in one snapshot, then the end (as the worker)."""
        self.requests.append(("run_ahead", days))
        sim = self.sim
        start = sim.day
        until_day = start + days
        self.worker.replay_progress.emit(start, until_day)
        if not self.simulate_runs:
            self.worker.replay_finished.emit(True, sim.day)
            return
        times = np.linspace(sim.minutes, sim.minutes_at(until_day), 50)[1:]
        beside = self.companion.advance_to(times[-1], times) if self.companion is not None else None
        rows = sim.advance_to(sim.minutes_at(until_day), times)
        self.emit(rows, beside)
        self.worker.replay_finished.emit(True, sim.day)

    def _replay(self, events: list[ToggleEvent], until_day: float) -> None:
        """A whole replay at once: progress, the history in one reset snapshot, then the end."""
        self._end_companion()
        self.requests.append(("replay", list(events), until_day))
        self.sim.reset()
        self.sim.schedule(events)
        self.worker.replay_progress.emit(0.0, until_day)
        start, end = self.current_row(), self.sim.minutes_at(until_day)
        rows = self.sim.advance_to(end, np.linspace(0.0, end, 201)[1:]) if end > 0 else start[:0]
        self._reset_next = True
        self.emit(np.vstack([start, rows]))
        self.worker.replay_finished.emit(True, self.sim.day)


def scripted_window(qtbot, speed: float = 1440.0, size: tuple[int, int] = (1280, 720),
                    simulate_runs: bool = True):
    """A shown window on a scripted model, its plots built and the first snapshot in (with
    `simulate_runs` off, run-aheads end at once without moving the model)."""
    from ui.main_window import MainWindow

    bridge = ScriptedSimulation(speed, simulate_runs=simulate_runs)
    win = MainWindow(speed=speed, simulation=bridge)
    qtbot.addWidget(win)
    win.resize(*size)
    with qtbot.waitExposed(win):  # shown and active, so the window's shortcuts reach it
        win.show()
    win._finish_start()  # what the first paint triggers, now rather than after a paint
    assert bridge.started and win.plots is not None and win.latest is not None
    return win, bridge
