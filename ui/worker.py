"""The simulation worker: a QObject that lives in its own QThread and advances the model.

The GUI talks to it only through queued signals (set toggle, speed, pause, reset, stop) and it
answers only with signals carrying copies of numpy rows. It never touches a widget. The model itself
runs in a child process (model/remote.py), so its compute never holds the GUI's GIL; this thread
waits on that process's pipe.
"""

from __future__ import annotations

import functools
import math
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from model.subjects import DEFAULT_SUBJECT

if TYPE_CHECKING:
    import numpy as np

    from model.toggles import ToggleEvent

# numpy is imported inside the worker's methods, which run in the worker thread after the window's
# first paint: importing it with this module would delay that paint by 60-120 ms.

TICK_MS = 33  # ~30 snapshots a second
MAX_MINUTES_PER_TICK = 5760.0  # four simulated days
# Compute per tick, in the model's own process (so not the GUI's GIL): most of a tick, leaving time
# for the round trips. At a month a second the model needs about 12 ms of each 33 ms tick.
STEP_BUDGET_S = 0.026
# Snapshots sent but not yet handled by the GUI. Beyond this the worker waits: a GUI that falls
# behind (a slow machine, a busy projector laptop) must not build a queue of snapshots, which grew
# memory by ~0.5 MB a second and the lag without bound in a 30-minute soak.
MAX_SNAPSHOTS_IN_FLIGHT = 2
SAMPLE_EVERY_MINUTES = 30.0
SWITCH_INTERVAL_S = 0.001
REPLAY_SLICE_S = 0.1  # compute between looks at the event loop while a session is replayed
REPLAY_PIECE_DAYS = 2.0  # simulated days per call while replaying (a few ms of compute each)


def _grid_minutes(days: float) -> float:
    """The row spacing of a replay or run ahead over `days`: every 30 minutes, or coarser so the
    whole span stays within 15,000 rows (the plots keep 20,000)."""
    return max(0.5, days * 24.0 / 15000.0) * 60.0


def _survives_a_lost_model(slot):
    """A slot that, when the model's process is gone, pauses and says so instead of raising."""
    @functools.wraps(slot)
    def guarded(self: SimulationWorker, *args):
        from model.remote import ModelProcessLost

        try:
            return slot(self, *args)
        except ModelProcessLost as exc:
            self._lost(exc)
    return guarded


@dataclass
class Snapshot:
    """What the worker hands to the GUI after a step (all fields are copies)."""

    rows: np.ndarray  # output rows (model column order) since the last snapshot
    day: float
    toggles: dict[str, bool]
    exposures: dict[str, float]
    speed: float  # requested simulated minutes per real second
    achieved_speed: float  # what the model really managed
    paused: bool
    applied: list[ToggleEvent] = field(default_factory=list)  # switches made, at their day
    reset: bool = False
    # The side-by-side run's rows over the same times, and its switches (None: none runs).
    companion_rows: np.ndarray | None = None


@dataclass
class _Replay:
    """A session being replayed (the model holds its switches as a plan), and the rows so far."""

    until_day: float
    step_minutes: float
    blocks: list
    companion_blocks: list = field(default_factory=list)
    cancelled: bool = False
    ahead: bool = False  # a run ahead from where the model is (no reset, a snapshot like any other)


class SimulationWorker(QObject):
    snapshot = Signal(object)
    failed = Signal(str)
    stopped = Signal()
    replay_progress = Signal(float, float)  # day reached, day to reach
    replay_finished = Signal(bool, float)  # completed (not cancelled), day reached
    recovered = Signal()  # after a solver failure, a reset or a switch turned off let the model go on
    companion_changed = Signal(str)  # the side-by-side run's name; "" once it has ended

    def __init__(self, speed: float = 60.0) -> None:
        super().__init__()
        self.sim = None  # SimulationThread.start_model starts it (or start(), if that did not)
        self.subject = DEFAULT_SUBJECT
        self.speed = speed
        self.paused = False
        self._timer: QTimer | None = None
        # False: whoever owns the worker calls step() itself (the tests), and the clock stays off.
        self.ticking = True
        self._last = time.perf_counter()
        self._reset_flag = False
        self._achieved = 0.0
        self.abort = False  # set directly by the GUI thread on close: long work stops early
        self._cost_per_minute = 1e-4  # seconds of compute per simulated minute, learnt as it runs
        self.ticks = 0
        self._in_flight = 0
        self._replay: _Replay | None = None
        self._stuck = False  # paused by a solver failure, until a reset or a switch turned off
        self._lost_told = False  # the loss of the model's process was reported
        # The side-by-side run: a second model process on the same clock (None while there is none).
        self.companion = None
        self.companion_subject = DEFAULT_SUBJECT
        self.companion_name = ""

    # --- commands (run in the worker thread via queued connections) ----------------------------
    @Slot()
    def start(self) -> None:
        import numpy as np

        if self.sim is None:  # SimulationThread.start_model did not start it earlier
            from model.remote import RemoteSimulation

            self.sim = RemoteSimulation()
        self.sim.wait_ready()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.step)
        self._last = time.perf_counter()
        self._update_clock()
        self._emit(np.empty((0, 0)))

    @Slot()
    def snapshot_consumed(self) -> None:
        """The GUI has handled one snapshot."""
        self._in_flight = max(0, self._in_flight - 1)

    @property
    def snapshots_in_flight(self) -> int:
        return self._in_flight

    @Slot(str, bool)
    @_survives_a_lost_model
    def set_toggle(self, toggle: str, on: bool) -> None:
        if self._replay is not None:  # the window refuses switches while a session opens
            return
        try:
            self.sim.set_toggle(toggle, on)
        except KeyError as exc:
            self.failed.emit(str(exc))
            return
        if not on:
            self._recover()

    def _lost(self, error: Exception) -> None:
        """The model's process is gone: pause, end any replay, and say so once."""
        if self._replay is not None:
            self._replay = None
            self.replay_finished.emit(False, self.sim.day)
        self.paused = True
        self._stuck = True
        if not self._lost_told:
            self._lost_told = True
            self.failed.emit(f"The model stopped ({error}). Press Reset to start it again.")

    def _recover(self) -> None:
        """Go on after a solver failure (the advice the failure message gives)."""
        if self._stuck:
            self._stuck = False
            self.paused = False
            self._last = time.perf_counter()
            self._update_clock()
            self.recovered.emit()

    @Slot(object)
    @_survives_a_lost_model
    def schedule(self, events: list[ToggleEvent]) -> None:
        """Switch toggles at later simulated days (a preset's timeline); replaces any earlier plan."""
        try:
            self.sim.schedule(events)
        except KeyError as exc:
            self.failed.emit(str(exc))

    @Slot(object, float)
    @_survives_a_lost_model
    def replay(self, events: list[ToggleEvent], until_day: float) -> None:
        """Start again and run a session's switches up to `until_day` as fast as the model goes, in
        slices between which commands (cancel, stop) are handled; `replay_progress` reports the day
        reached. At the end the whole history goes to the GUI in one snapshot (opening a session)."""
        self._end_companion()
        self.sim.reset()
        try:
            self.sim.schedule(events)
        except KeyError as exc:
            self.failed.emit(str(exc))
        step_minutes = _grid_minutes(until_day)
        self._replay = _Replay(until_day=until_day, step_minutes=step_minutes,
                               blocks=[self._current_row()])
        self._update_clock()  # a replay runs even while the clock is paused
        self.replay_progress.emit(0.0, until_day)

    @Slot(float)
    @_survives_a_lost_model
    def run_ahead(self, days: float) -> None:
        """Compute `days` from where the model is as fast as it goes, in the replay's slices (so
        cancel and stop are handled between them); the rows go to the GUI in one snapshot."""
        if self._replay is not None:
            return
        until_day = self.sim.day + days
        step_minutes = _grid_minutes(days)
        self._replay = _Replay(until_day=until_day, step_minutes=step_minutes, blocks=[], ahead=True)
        self._update_clock()  # it runs even while the clock is paused
        self.replay_progress.emit(self.sim.day, until_day)

    @Slot()
    def cancel_replay(self) -> None:
        """Stop opening a session: the model keeps what was replayed so far, a consistent state."""
        if self._replay is not None:
            self._replay.cancelled = True

    @property
    def replaying(self) -> bool:
        return self._replay is not None

    def _replay_slice(self) -> None:
        """Replay pieces for about REPLAY_SLICE_S, then return to the event loop."""
        import numpy as np

        from model.results import SimulationError

        plan = self._replay
        sim = self.sim
        deadline = time.perf_counter() + REPLAY_SLICE_S
        try:
            while time.perf_counter() < deadline:
                if sim.day >= plan.until_day - 1e-9 or plan.cancelled or self.abort:
                    self._finish_replay(completed=not plan.cancelled and not self.abort)
                    return
                start, end = sim.minutes, sim.minutes_at(min(plan.until_day, sim.day + REPLAY_PIECE_DAYS))
                # Rows on one grid from the start, whatever the pieces: every step_minutes.
                first, last = math.floor(start / plan.step_minutes) + 1, math.floor(end / plan.step_minutes)
                times = plan.step_minutes * np.arange(first, last + 1)
                rows, beside = self._advance("advance_to", end, times)
                plan.blocks.append(rows)
                if beside is not None:
                    plan.companion_blocks.append(beside)
        except SimulationError as exc:
            if plan.ahead:  # the model keeps its last good state, paused, as after a failed step
                self.paused, self._stuck = True, True
                self.failed.emit(f"The model could not continue ({exc}); it is paused at its last "
                                 "good state. Reset or switch a toggle off to go on.")
            else:
                sim.reset()
                plan.blocks = [self._current_row()]
                self.failed.emit(f"The session could not be replayed ({exc}); the model was reset.")
            self._finish_replay(completed=False)
            return
        self.replay_progress.emit(sim.day, plan.until_day)

    def _finish_replay(self, completed: bool) -> None:
        import numpy as np

        plan, self._replay = self._replay, None
        self._update_clock()
        if not plan.ahead:  # a session replaces the run; a run ahead goes on from it
            self._reset_flag = True
            self.sim.schedule([])  # a cancelled replay drops the switches it did not reach
        self._last = time.perf_counter()
        blocks = [b for b in plan.blocks if b.size]
        rows = np.vstack(blocks) if blocks else np.empty((0, 0))
        if self.sim.minutes > 0 and (len(rows) == 0 or rows[-1, 0] < self.sim.day - 1e-9):
            rows = np.vstack([rows, self._current_row()]) if len(rows) else self._current_row()
        beside = [b for b in plan.companion_blocks if b.size]
        self._emit(rows, np.vstack(beside) if beside and self.companion_name else None)
        # After the rows: once the window hears the run has ended, it already shows all of it (a
        # lesson's next step may pin it at once).
        self.replay_finished.emit(completed, self.sim.day)

    @Slot(float)
    def set_speed(self, minutes_per_second: float) -> None:
        if minutes_per_second > 0 and math.isfinite(minutes_per_second):
            self.speed = minutes_per_second

    @Slot(bool)
    @_survives_a_lost_model
    def set_paused(self, paused: bool) -> None:
        import numpy as np

        self.paused = paused
        self._last = time.perf_counter()
        self._update_clock()
        self._emit(np.empty((0, 0)))

    @Slot()
    @_survives_a_lost_model
    def reset(self) -> None:
        self._start_again(lambda: self.sim.reset())  # the sim as it is then: a lost one is replaced

    @Slot(str)
    @_survives_a_lost_model
    def set_subject(self, subject: str) -> None:
        """Start again, healthy, as another subject (a reset, for the window)."""
        self.subject = subject
        self._start_again(lambda: self.sim.set_subject(subject))

    def _start_again(self, restart) -> None:
        self._replay = None  # a reset ends a replay (the window asks for one only to cancel)
        self._end_companion()  # it was a copy of the run that is starting again
        if not self.sim.alive:  # the model's process is gone: a new one
            from model.remote import RemoteSimulation

            self.sim.close()
            self.sim = RemoteSimulation(subject=self.subject)
            self._lost_told = False
        restart()
        self._reset_flag = True
        self._last = time.perf_counter()
        self._recover()
        self._emit(self._current_row())

    # --- the side-by-side run ---------------------------------------------------------------------
    @Slot(str, object)
    @_survives_a_lost_model
    def start_companion(self, name: str, switches: dict) -> None:
        """Run a second model beside this one from this moment: a copy of its state, with `switches`
        instead of its own, advanced on the same clock from now on (the first snapshot carries its
        start row)."""
        import numpy as np

        from model.remote import RemoteSimulation

        if self._replay is not None:
            return
        if self.companion is None or not self.companion.alive or self.companion_subject != self.subject:
            self._close_companion()
            self.companion, self.companion_subject = RemoteSimulation(subject=self.subject), self.subject
        try:
            self.companion.resume_from(self.sim.save_point())
            now = self.companion.toggles()
            for toggle, on in switches.items():
                if now.get(toggle) != bool(on):
                    self.companion.set_toggle(toggle, bool(on))
            self.companion.take_applied()
        except (KeyError, ValueError) as exc:
            self._end_companion(f"The side-by-side run could not start ({exc}).")
            return
        self.companion_name = name
        self.companion_changed.emit(name)
        self._emit(np.empty((0, 0)), np.array([list(self.companion.outputs().values())]))

    @Slot()
    def stop_companion(self) -> None:
        self._end_companion()

    def _end_companion(self, why: str = "") -> None:
        """End the side-by-side run (its process is kept for the next one); `why` is reported."""
        if self.companion_name:
            self.companion_name = ""
            self.companion_changed.emit("")
        if why:
            self._close_companion()
            self.failed.emit(why)

    def _close_companion(self) -> None:
        if self.companion is not None:
            self.companion.close()
            self.companion = None

    def _advance(self, how: str, *args) -> tuple[np.ndarray, np.ndarray | None]:
        """Advance the model ("advance" or "advance_to") and, while one runs, the side-by-side run
        over the same times, both computing at once in their own processes. A failure of the
        side-by-side run ends it and leaves the model going on."""
        from model.results import SimulationError

        if not self.companion_name:
            return getattr(self.sim, how)(*args), None
        getattr(self.sim, f"begin_{how}")(*args)
        getattr(self.companion, f"begin_{how}")(*args)
        try:
            rows = self.sim.end_advance()
        finally:
            try:
                beside = self.companion.end_advance()
            except SimulationError as exc:
                beside = None
                self._end_companion(f"The side-by-side run stopped ({exc}); the model goes on.")
        return rows, beside

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._close_companion()
        if self.sim is not None:
            self.sim.close()
        self.stopped.emit()
        QThread.currentThread().quit()

    # --- the loop ------------------------------------------------------------------------------
    @Slot()
    @_survives_a_lost_model
    def step(self) -> None:
        import numpy as np

        if self._replay is not None:
            self._replay_slice()
            return
        if self._in_flight >= MAX_SNAPSHOTS_IN_FLIGHT:
            return  # the GUI is behind: wait for it (the time waited counts in the next tick's speed)
        now = time.perf_counter()
        elapsed, self._last = now - self._last, now
        if self.paused:  # the clock stops when paused (_update_clock); a tick already queued ends here
            return
        affordable = STEP_BUDGET_S / self._cost_per_minute
        minutes = min(self.speed * min(elapsed, 0.25), MAX_MINUTES_PER_TICK, affordable)
        if minutes <= 1e-6:
            return
        samples = max(1, min(96, math.ceil(minutes / SAMPLE_EVERY_MINUTES)))
        started = time.perf_counter()
        from model.remote import ModelProcessLost
        from model.results import SimulationError

        try:
            rows, beside = self._advance("advance", minutes, samples)
        except ModelProcessLost:
            raise
        except SimulationError as exc:  # the model keeps its last good state
            self.paused = True
            self._stuck = True
            self._update_clock()
            self.failed.emit(f"The model could not continue ({exc}); it is paused at its last good "
                             "state. Reset or switch a toggle off to go on.")
            self._emit(np.empty((0, 0)))
            return
        compute = max(time.perf_counter() - started, 1e-6)
        self._cost_per_minute = 0.7 * self._cost_per_minute + 0.3 * (compute / minutes)
        self._achieved = 0.8 * self._achieved + 0.2 * (minutes / max(elapsed, compute))
        self.ticks += 1
        self._emit(rows, beside)

    def _update_clock(self) -> None:
        """Tick while the model runs or a session replays; paused, nothing ticks, so a paused window
        costs no CPU (commands still answer at once with a snapshot of their own)."""
        if self._timer is None:
            return
        runs = self.ticking and (self._replay is not None or not self.paused)
        if runs and not self._timer.isActive():
            self._last = time.perf_counter()
            self._timer.start(TICK_MS)
        elif not runs and self._timer.isActive():
            self._timer.stop()

    def _current_row(self) -> np.ndarray:
        """The model's outputs now, as a one-row table in column order."""
        import numpy as np

        return np.array([list(self.sim.outputs().values())])

    def _emit(self, rows: np.ndarray, companion_rows: np.ndarray | None = None) -> None:
        if self.sim is None:
            return
        toggles, exposures, applied = self.sim.status()
        snap = Snapshot(rows=rows.copy(), day=self.sim.day, toggles=toggles, exposures=exposures,
                        speed=self.speed, achieved_speed=self._achieved, paused=self.paused,
                        applied=applied, reset=self._reset_flag, companion_rows=companion_rows)
        self._reset_flag = False
        self._in_flight += 1
        self.snapshot.emit(snap)


class ModelBridge(QObject):
    """What the window needs of its model: these requests, `worker` (an object with
    SimulationWorker's signals), `closed`, `start_model()`, `start()` and `shutdown()`.
    SimulationThread is the real one; tests/bridge.py scripts one."""

    toggle_requested = Signal(str, bool)
    speed_requested = Signal(float)
    pause_requested = Signal(bool)
    reset_requested = Signal()
    subject_requested = Signal(str)
    schedule_requested = Signal(object)
    replay_requested = Signal(object, float)
    run_ahead_requested = Signal(float)
    companion_requested = Signal(str, object)  # name, switches: start a side-by-side run from now
    companion_stop_requested = Signal()
    cancel_replay_requested = Signal()
    stop_requested = Signal()
    snapshot_consumed = Signal()  # the GUI has handled a snapshot (back-pressure, see the worker)


class SimulationThread(ModelBridge):
    """Owns the worker's thread on the GUI side: sends commands, joins the thread on shutdown."""

    def __init__(self, speed: float = 60.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread()
        self.thread.setObjectName("simulation")
        self.worker = SimulationWorker(speed)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.start)
        self.toggle_requested.connect(self.worker.set_toggle)
        self.speed_requested.connect(self.worker.set_speed)
        self.pause_requested.connect(self.worker.set_paused)
        self.reset_requested.connect(self.worker.reset)
        self.subject_requested.connect(self.worker.set_subject)
        self.schedule_requested.connect(self.worker.schedule)
        self.replay_requested.connect(self.worker.replay)
        self.run_ahead_requested.connect(self.worker.run_ahead)
        self.companion_requested.connect(self.worker.start_companion)
        self.companion_stop_requested.connect(self.worker.stop_companion)
        self.cancel_replay_requested.connect(self.worker.cancel_replay)
        self.stop_requested.connect(self.worker.stop)
        self.snapshot_consumed.connect(self.worker.snapshot_consumed)
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def start_model(self) -> None:
        """Start the model's process now (it takes about half a second to load); the worker's
        thread, started later, waits for it."""
        if not self._closed and self.worker.sim is None:
            from model.remote import RemoteSimulation

            self.worker.sim = RemoteSimulation()

    def start(self) -> None:
        if not self._closed:
            # The model runs in its own process; this thread's Python work between waits on its
            # pipe (decoding rows, building snapshots) hands the GIL back every millisecond
            # instead of every 5, so it never delays the GUI thread by more than that.
            sys.setswitchinterval(SWITCH_INTERVAL_S)
            self.thread.start()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Stop the worker after its current step and join the thread."""
        self._closed = True
        if not self.thread.isRunning():
            if self.worker.sim is not None:  # started by start_model, the thread never ran
                self.worker.sim.close()
            return True
        self.worker.abort = True  # read between pieces of a long replay
        self.stop_requested.emit()
        return self.thread.wait(timeout_ms)
