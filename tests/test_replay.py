"""Opening a long session: the replay reports progress, can be cancelled, and the window refuses
switches meanwhile; after a solver failure, Reset or switching a toggle off lets the model go on.

The worker is driven here in the test's own thread, one `step()` at a time, so nothing depends on
timing or machine load.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from model.simulation import SimulationError
from model.toggles import ToggleEvent
from ui.worker import SimulationWorker

EVENTS = [ToggleEvent(0.0, "high_fat_diet", True), ToggleEvent(2.5, "trt", True)]


@pytest.fixture
def worker(qtbot):
    w = SimulationWorker(speed=1440.0)
    w.ticking = False  # the test calls step() itself
    w.start()
    record = {"progress": [], "finished": [], "snapshots": [], "failed": [], "recovered": 0}
    w.replay_progress.connect(lambda day, until: record["progress"].append((day, until)))
    w.replay_finished.connect(lambda done, day: record["finished"].append((done, day)))
    w.snapshot.connect(lambda snap: (record["snapshots"].append(snap), w.snapshot_consumed()))
    w.failed.connect(record["failed"].append)
    w.recovered.connect(lambda: record.__setitem__("recovered", record["recovered"] + 1))
    w.record = record
    yield w
    w._timer.stop()  # not stop(): that quits the current thread's event loop, here the test's own
    w.sim.close()  # the model's process


def replay_to_the_end(worker: SimulationWorker, limit: int = 10_000) -> None:
    for _ in range(limit):
        if not worker.replaying:
            return
        worker.step()
    raise AssertionError("the replay never finished")


def test_a_replay_reports_progress_and_ends_in_one_snapshot(worker):
    worker.replay(EVENTS, 120.0)  # a few slices of REPLAY_SLICE_S
    assert worker.replaying and worker.record["progress"] == [(0.0, 120.0)]
    replay_to_the_end(worker)
    days = [day for day, _ in worker.record["progress"]]
    assert days == sorted(days) and len(days) >= 2  # it moved on in slices, reporting each
    assert worker.record["finished"] == [(True, pytest.approx(120.0))]
    snap = worker.record["snapshots"][-1]
    assert snap.reset and snap.day == pytest.approx(120.0)
    assert snap.toggles["high_fat_diet"] and snap.toggles["trt"]
    assert [(t, on) for _, t, on in snap.applied] == [("high_fat_diet", True), ("trt", True)]
    assert snap.rows[0, 0] == 0.0 and snap.rows[-1, 0] == pytest.approx(120.0)


def test_a_cancelled_replay_stops_where_it_is_in_a_consistent_state(worker):
    worker.replay(EVENTS, 3000.0)
    worker.step()
    worker.cancel_replay()
    replay_to_the_end(worker, limit=2)  # cancelling takes effect at the next slice
    (done, day), = worker.record["finished"]
    assert not done and 0 < day < 3000
    snap = worker.record["snapshots"][-1]
    assert snap.reset and snap.day == pytest.approx(day)
    assert snap.rows[-1, 0] == pytest.approx(day)
    applied = {t for _, t, _ in snap.applied}
    assert applied == {t for d, t, _ in EVENTS if d <= day}
    assert snap.toggles["trt"] == (day >= 2.5)
    worker.step()  # and the model simply goes on from there
    assert worker.sim.day > day


def test_switches_sent_during_a_replay_are_not_applied_afterwards(worker):
    worker.replay(EVENTS, 3.0)
    worker.set_toggle("inflammation", True)  # the window refuses these; the worker ignores them too
    replay_to_the_end(worker)
    assert not worker.record["snapshots"][-1].toggles["inflammation"]


def test_after_a_solver_failure_switching_a_toggle_off_goes_on(worker, monkeypatch):
    real = worker.sim.advance
    calls = {"n": 0}

    def failing_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SimulationError("solver failed near day 0.01: test")
        return real(*args, **kwargs)

    monkeypatch.setattr(worker.sim, "advance", failing_once)
    worker.set_toggle("high_fat_diet", True)
    worker._last -= 0.1  # as if a tick's worth of real time had passed
    worker.step()
    assert worker.paused and "Reset or switch a toggle off" in worker.record["failed"][-1]
    worker.set_toggle("high_fat_diet", False)
    assert not worker.paused and worker.record["recovered"] == 1
    before = worker.sim.minutes
    worker._last -= 0.1
    worker.step()
    assert worker.sim.minutes > before


def test_after_a_solver_failure_reset_goes_on(worker, monkeypatch):
    monkeypatch.setattr(worker.sim, "advance", lambda *a, **k: (_ for _ in ()).throw(SimulationError("x")))
    worker._last -= 0.1
    worker.step()
    assert worker.paused
    monkeypatch.undo()
    worker.reset()
    assert not worker.paused and worker.record["recovered"] == 1
    assert worker.record["snapshots"][-1].reset


def test_the_window_refuses_switches_and_reset_while_a_session_opens(qtbot):
    from conftest import open_window

    win = open_window(qtbot)
    win.state.set_busy(True)  # as while the replay's progress dialog is up
    sent: list = []
    win.simulation.toggle_requested.connect(lambda *a: sent.append(a))
    win.simulation.reset_requested.connect(lambda: sent.append("reset"))
    win.toggles.checkbox("inflammation").click()
    win.request_reset()
    assert sent == [] and not win.toggles.states()["inflammation"]
    assert "busy opening a session" in win.statusBar().currentMessage()
    win.state.set_busy(False)
    win.close()


def test_opening_a_session_shows_progress_and_can_be_cancelled(qtbot, tmp_path):
    from conftest import open_window

    from ui.session import Session, save_session

    path = tmp_path / "long.ipe.json"
    save_session(Session(day=400.0, events=[ToggleEvent(0.0, "high_fat_diet", True)]), path)
    win = open_window(qtbot)
    finished: list = []
    win.replay.finished.connect(lambda done, day: finished.append((done, day)))
    assert win.files.open_path(path)
    assert win.state.busy
    dialog = win.replay._dialog
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=120_000)
    assert "Opening the session: day" in win.clock_label.text()  # not a frozen "Day 0 (running)"
    qtbot.waitUntil(dialog.isVisible, timeout=120_000)
    qtbot.keyClick(dialog, Qt.Key_Escape)  # as a teacher would
    qtbot.waitUntil(lambda: bool(finished), timeout=120_000)
    done, day = finished[0]
    assert not done and day < 400
    qtbot.waitUntil(lambda: win.latest.day >= day - 1e-9, timeout=120_000)
    assert win.latest.toggles["high_fat_diet"] and not win.state.busy
    assert np.isfinite(win.latest_row).all()
    win.close()


def test_paused_means_still_the_worker_stops_its_clock_and_a_replay_runs_it_again(qtbot):
    w = SimulationWorker(speed=1440.0)
    snapshots = []
    w.snapshot.connect(lambda snap: (snapshots.append(snap), w.snapshot_consumed()))
    w.start()
    try:
        assert w._timer.isActive()
        w.set_paused(True)
        assert not w._timer.isActive() and snapshots[-1].paused  # one snapshot says so, then nothing
        count, day = len(snapshots), w.sim.day
        w.step()  # a tick queued before the pause does nothing
        assert len(snapshots) == count and w.sim.day == day
        w.replay(EVENTS, 1.0)  # opening a session runs while paused
        assert w._timer.isActive()
        w._timer.stop()
        w.ticking = False  # from here the test steps by hand
        replay_to_the_end(w)
        assert not w._timer.isActive() and w.sim.day == pytest.approx(1.0)
        w.ticking = True
        w.set_paused(False)
        assert w._timer.isActive()
    finally:
        w._timer.stop()
        w.sim.close()


def test_a_run_ahead_goes_on_from_where_the_model_is_and_applies_planned_switches(worker):
    worker.sim.set_toggle("high_fat_diet", True)
    worker.sim.advance(720.0)  # half a day in
    worker.sim.schedule([ToggleEvent(2.0, "trt", True)])
    worker.run_ahead(2.5)
    assert worker.replaying and worker.record["progress"][-1] == (pytest.approx(0.5), 3.0)
    replay_to_the_end(worker)
    assert worker.record["finished"] == [(True, pytest.approx(3.0))]
    snap = worker.record["snapshots"][-1]
    assert not snap.reset  # the run goes on: no new start
    assert snap.rows[0, 0] > 0.5 and snap.rows[-1, 0] == pytest.approx(3.0)
    assert np.all(np.diff(snap.rows[:, 0]) > 0)
    assert [(e.toggle, e.on) for e in snap.applied] == [("high_fat_diet", True), ("trt", True)]
    assert snap.toggles["trt"] and snap.toggles["high_fat_diet"]


def test_a_cancelled_run_ahead_stops_at_a_consistent_day_and_goes_on_from_there(worker):
    worker.run_ahead(60.0)
    worker.step()  # one slice
    worker.cancel_replay()
    replay_to_the_end(worker)
    (completed, day), = worker.record["finished"]
    assert not completed and 0.0 < day < 60.0 and day == pytest.approx(worker.sim.day)
    snap = worker.record["snapshots"][-1]
    assert snap.rows[-1, 0] == pytest.approx(day) and snap.day == pytest.approx(day)
    worker.step()  # the clock goes on from the day reached
    assert worker.sim.day > day


def test_a_run_to_day_in_the_window_can_be_cancelled_and_leaves_a_consistent_state(qtbot):
    from conftest import open_window

    win = open_window(qtbot, speed=60.0)
    win.state.set_switch("high_fat_diet", True)
    win.pin_run("before")  # may be refused before the first day: nothing to check then
    finished: list = []
    win.replay.finished.connect(lambda done, day: finished.append((done, day)))
    assert win.state.run_to_day(2000.0)
    dialog = win.replay._dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.value() > 0, timeout=120_000)
    assert not win.state.set_switch("trt", True)  # busy: refused while it runs
    qtbot.keyClick(dialog, Qt.Key_Escape)
    qtbot.waitUntil(lambda: bool(finished), timeout=120_000)
    done, day = finished[0]
    assert not done and 0 < day < 2000
    qtbot.waitUntil(lambda: win.latest.day >= day - 1e-9, timeout=120_000)
    assert not win.state.busy and win.latest.toggles["high_fat_diet"]
    assert [e.toggle for e in win.state.history] == ["high_fat_diet"]
    assert np.isfinite(win.latest_row).all()
    win.trend.flush()
    x, y = win.trend.line_data("insulin_sensitivity")
    assert x[-1] <= day + 1e-6 and np.isfinite(y).all()  # the trend holds what was computed
    assert win.state.set_switch("trt", False)  # and the window takes switches again
    win.close()


def test_after_a_run_ahead_the_keys_go_back_where_they_were(qtbot):
    from conftest import open_window
    from PySide6.QtWidgets import QApplication

    win = open_window(qtbot, speed=60.0)
    win.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.view, timeout=10_000)
    assert win.state.run_ahead(400.0)
    dialog = win.replay._dialog
    qtbot.waitUntil(dialog.isVisible, timeout=120_000)  # the modal progress dialog takes the keys
    qtbot.waitUntil(lambda: not win.state.busy, timeout=120_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.view, timeout=10_000)
    win.close()
