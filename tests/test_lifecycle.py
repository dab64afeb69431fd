"""Lifecycle: two windows at once, a corrupted settings store, closing while the model is busy."""

from __future__ import annotations

from conftest import open_window  # noqa: E402

from ui import settings

WAIT_MS = 120_000




def test_two_windows_run_side_by_side_and_close_cleanly(qtbot):
    first, second = open_window(qtbot), open_window(qtbot)
    first.toggles.checkbox("high_fat_diet").click()
    qtbot.waitUntil(lambda: first.latest.toggles["high_fat_diet"] and second.latest.day > 2,
                    timeout=WAIT_MS)
    assert not second.latest.toggles["high_fat_diet"]  # each window has its own model
    threads = [first.simulation.thread, second.simulation.thread]
    first.close()
    second.close()
    assert all(t.isFinished() for t in threads)


def test_a_corrupted_settings_store_is_survived(qtbot):
    store = settings.settings_path()
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(b"\x00\xff{\"theme\": \x01\x02 ===\n\xfe")
    try:
        win = open_window(qtbot, speed=60.0)
        assert win.themes.theme.name == "light"
        win.close()
    finally:
        store.unlink(missing_ok=True)


def test_closing_while_the_model_replays_a_long_session(qtbot, tmp_path):
    from ui.session import Session, save_session

    path = tmp_path / "long.ipe.json"
    save_session(Session(day=200.0, events=[(0.0, "high_fat_diet", True)]), path)
    win = open_window(qtbot, speed=60.0)
    assert win.files.open_path(path)  # the worker is now busy for seconds
    thread = win.simulation.thread
    win.close()  # joins after the current step; no hang, no crash
    assert thread.isFinished()


def test_closing_the_window_ends_the_model_s_process(qtbot):
    win = open_window(qtbot)
    qtbot.waitUntil(lambda: win.latest.day > 0.1, timeout=WAIT_MS)
    process = win.simulation.worker.sim._process
    assert process.is_alive()
    win.close()
    assert not process.is_alive()


def test_a_killed_model_process_is_reported_and_reset_starts_a_new_one(qtbot):
    win = open_window(qtbot)
    qtbot.waitUntil(lambda: win.latest.day > 0.1, timeout=WAIT_MS)
    failures: list[str] = []
    win.simulation.worker.failed.connect(failures.append)
    worker = win.simulation.worker
    worker.sim._process.kill()
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert "Press Reset" in failures[0] and len(failures) == 1
    win.request_reset()
    qtbot.waitUntil(lambda: worker.sim.alive and not win.latest.paused and win.latest.day > 0.05,
                    timeout=WAIT_MS)
    win.close()
    assert not worker.sim.alive
