"""Sessions: save, open (identical state and simulation), bad files, autosave, recent files."""

from __future__ import annotations

import errno
import json
import os

import numpy as np
import pytest
from bridge import scripted_window
from conftest import open_window  # noqa: E402

from model import Simulation, ToggleEvent, atomic
from model.outputs import OUTPUT_INDEX
from ui.session import SESSION_FORMAT, Session, SessionError, load_session, save_session

WAIT_MS = 120_000




@pytest.fixture
def saved(qtbot, tmp_path):
    """A session with a switch, paused at a later day, saved to disk."""
    win, bridge = scripted_window(qtbot, speed=43200.0)
    win.toggles.checkbox("high_fat_diet").click()
    bridge.advance(3.5)
    win.toggles.checkbox("trt").click()
    bridge.advance(2.0)
    win.state.set_paused(True)
    bridge.advance(0.0)
    assert win.latest.paused and win.latest.toggles["trt"] and win.latest.day > 5
    win.set_level(2)
    win.view.select_node("irs1")
    path = tmp_path / "lesson.ipe.json"
    assert win.files.save_to(path)
    yield win, path
    win.close()


def test_save_then_open_restores_state_and_simulation(qtbot, saved):
    original, path = saved
    session = load_session(path)
    assert [t for _, t, _ in session.events] == ["high_fat_diet", "trt"]
    reopened = open_window(qtbot, speed=60.0)  # the real worker replays the session
    assert reopened.files.open_path(path)
    qtbot.waitUntil(lambda: reopened.latest.day >= session.day - 1e-6 and reopened.latest.paused,
                    timeout=WAIT_MS)
    assert reopened.latest.toggles == original.latest.toggles
    assert reopened.toggles.states() == original.toggles.states()
    assert reopened.level == 2 and reopened.info.current_node_id == "irs1"
    assert reopened.toggles.speed() == original.toggles.speed()
    assert [(t, on) for _, t, on in reopened.history] == [("high_fat_diet", True), ("trt", True)]
    # The replay is the model's own run of the same schedule, in pieces whose ends depend on the
    # clock (CVODE restarts at each): the same numbers within the solver's own accuracy (rtol 1e-5,
    # atol 1e-8 per step; measured up to 3e-7 apart). A wrong schedule is off by far more.
    model = Simulation()
    model.run(session.day, [ToggleEvent(d, t, on) for d, t, on in session.events], sample_hours=24)
    reference = np.array(list(model.outputs().values()))
    np.testing.assert_allclose(reopened.latest_row, reference, rtol=1e-4, atol=1e-6)
    # And it agrees with the live, chunked run it was saved from.
    for name in ("insulin_sensitivity", "visceral_fat", "testosterone", "tnf_alpha"):
        i = OUTPUT_INDEX[name]
        assert reopened.latest_row[i] == pytest.approx(original.latest_row[i], rel=0.03), name
    assert not reopened.files.dirty
    reopened.close()


BAD = {
    "damaged": "{not json",
    "empty": "",
    "not a session": json.dumps({"format": "insulin-pathway-explorer/scenario", "version": 1}),
    "newer version": json.dumps({"format": SESSION_FORMAT, "version": 7}),
    "unknown toggle": json.dumps({"format": SESSION_FORMAT, "version": 1, "scenario": {
        "format": "insulin-pathway-explorer/scenario", "version": 1, "days": 2,
        "events": [{"day": 0, "toggle": "sugar", "on": True}]}}),
    "switch after the end": json.dumps({"format": SESSION_FORMAT, "version": 1, "scenario": {
        "format": "insulin-pathway-explorer/scenario", "version": 1, "days": 2,
        "events": [{"day": 5, "toggle": "trt", "on": True}]}}),
    "bad speed": json.dumps({"format": SESSION_FORMAT, "version": 1, "scenario": {
        "format": "insulin-pathway-explorer/scenario", "version": 1, "days": 2}, "view": {"speed": -1}}),
    "parameters smuggled in": json.dumps({"format": SESSION_FORMAT, "version": 1, "scenario": {
        "format": "insulin-pathway-explorer/scenario", "version": 1, "days": 2,
        "parameters": {"fat_tau": 1}}}),
    "binary": b"\x00\xff\xfe\x01",
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_says_why_and_leaves_the_session_intact(qtbot, tmp_path, case):
    win, bridge = scripted_window(qtbot)
    win.toggles.checkbox("inflammation").click()
    bridge.advance(0.5)
    assert win.latest.toggles["inflammation"]
    before_states, before_history = win.toggles.states(), list(win.history)
    path = tmp_path / "bad.ipe.json"
    content = BAD[case]
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SessionError) as error:
        load_session(path)
    assert "\n" not in str(error.value) and str(error.value)
    if case == "newer version":
        assert "newer version" in str(error.value)
    assert not win.files.open_path(path)
    assert win.toggles.states() == before_states and win.history == before_history
    assert not bridge.requests or bridge.requests[-1][0] != "replay"  # nothing reached the model
    day = win.latest.day
    bridge.advance(0.5)
    assert win.latest.day > day and win.latest.toggles["inflammation"]  # still running on
    win.close()


def test_saving_into_a_read_only_folder_fails_cleanly(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "s.ipe.json"
    target.write_text("keep me")
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions: refuse the way the kernel would
            def refuse(*args, **kwargs):
                raise PermissionError(errno.EACCES, "Permission denied")

            monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
        with pytest.raises(SessionError, match="Permission denied") as info:
            save_session(Session(day=1.0), target)
        assert str(folder) in str(info.value)
        assert target.read_text() == "keep me"
        assert [p.name for p in folder.iterdir()] == ["s.ipe.json"]
    finally:
        os.chmod(folder, 0o700)


def test_the_window_says_why_a_save_failed_and_keeps_the_work_unsaved(qtbot, tmp_path, monkeypatch):
    win, bridge = scripted_window(qtbot)
    win.toggles.checkbox("inflammation").click()
    bridge.advance(0.5)
    assert win.latest.toggles["inflammation"] and win.files.dirty

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    target = tmp_path / "class.ipe.json"
    assert not win.files.save_to(target)
    assert "Permission denied" in win.statusBar().currentMessage()
    assert win.files.dirty and win.files.path is None and not target.exists()
    assert win.latest.toggles["inflammation"]  # the work itself is untouched
    win.close()


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "s.ipe.json"
    save_session(Session(day=1.0), target)
    before = target.read_text()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SessionError):
        save_session(Session(day=2.0), target)
    assert target.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.ipe.json"]  # no temporary file left


def test_autosave_and_recovery(qtbot):
    win, bridge = scripted_window(qtbot)
    win.toggles.checkbox("er_stress").click()
    bridge.advance(0.5)
    assert win.latest.toggles["er_stress"] and win.files.dirty
    win.files.autosave()
    own = win.files.store.path
    assert own.exists()
    assert ("er_stress", True) in [(t, on) for _, t, on in load_session(own).events]
    other, _ = scripted_window(qtbot)
    assert own not in [o.path for o in other.files.store.orphans()]  # its window is still open
    win.files.store.release()  # as if its process had died: the lock goes, the autosave stays
    other.files.refresh_recover_menu()
    assert other.files.recover_menu.isEnabled()
    orphan = next(o for o in other.files.store.orphans() if o.path == own)
    assert other.files.recover(orphan)
    assert other.latest.toggles["er_stress"]  # replayed (the scripted model replays at once)
    assert not own.exists() and other.files.store.path.exists()  # now the other window's own autosave
    other.close()
    win.close()


def test_recent_files_remember_saved_sessions(qtbot, saved):
    win, path = saved
    assert str(path.resolve()) in win.files.recent()
    assert any(a.text() == path.name for a in win.files.recent_menu.actions())


def test_the_export_menu_writes_files_and_reports_failures(qtbot, tmp_path):
    from ui import export

    win, bridge = scripted_window(qtbot)
    assert len(win.files.export_menu.actions()) == 7
    bridge.advance(1.0)
    good = tmp_path / "series.csv"
    assert win.files.export_to(good, lambda p: export.export_series_csv(win.plots, p))
    assert good.read_text().startswith("day,")
    missing = tmp_path / "nowhere" / "plots.png"
    assert not win.files.export_to(missing, lambda p: export.export_plots_png(win.plots, p))
    assert not missing.exists()
    assert "nowhere" in win.statusBar().currentMessage() or win.statusBar().currentMessage()
    win.close()
