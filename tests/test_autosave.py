"""Crash recovery never loses work: one autosave per window, locked while the window lives.

A "crashed" window is a child process that autosaves and is then killed with SIGKILL inside the
fsync of its next autosave, exactly where the tester's kill -9 left a temporary file each time.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bridge import scripted_window
from conftest import ROOT
from PySide6.QtCore import QSysInfo
from PySide6.QtWidgets import QMessageBox

from ui import files as files_module
from ui.autosave import AutosaveError, AutosaveStore, Orphan, _Held
from ui.files import orphan_label
from ui.session import Session, load_session

WAIT_MS = 120_000
posix_only = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# A window's autosave side, in a process of its own: autosaves day 12.5, then on "crash" dies with
# SIGKILL in the middle of the next autosave's fsync.
CHILD = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from ui.autosave import AutosaveStore
from ui.session import Session

store = AutosaveStore(Path(sys.argv[1]))
store.write(Session(day=12.5, events=[(1.0, "trt", True)]))
print(store.path, flush=True)
sys.stdin.readline()
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
store.write(Session(day=20.0))
"""


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch) -> Path:
    """Every test gets an empty app data folder (Qt reads XDG_DATA_HOME at each call)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "autosave"


class Child:
    """A live process holding its window's autosave lock, until it is told to crash."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), str(ROOT)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.path = Path(self.process.stdout.readline().strip())
        assert self.path.exists(), "the child did not autosave"

    def crash(self) -> None:
        self.process.stdin.write("crash\n")
        self.process.stdin.flush()
        assert self.process.wait(timeout=60) == -signal.SIGKILL

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=60)


@pytest.fixture
def child(folder):
    started = Child(folder)
    yield started
    started.stop()


def temporaries(folder: Path, path: Path) -> list[Path]:
    return sorted(folder.glob(f".{path.name}.*.tmp"))


# --- the store, with a real second process --------------------------------------------------------
@posix_only
def test_a_live_windows_autosave_is_neither_offered_nor_touched(folder, child):
    fake_tmp = folder / f".{child.path.name}.abcd1234.tmp"
    fake_tmp.write_text("{half")  # as if it were writing right now
    store = AutosaveStore(folder)  # cleans at start
    assert fake_tmp.exists()  # its owner is alive: not stale
    assert store.orphans() == []
    assert store.discard_orphans() == 0 and child.path.exists()
    with pytest.raises(AutosaveError, match="another window"):
        store.adopt(child.path, lambda p: pytest.fail("must not open a live window's autosave"))
    store.write(Session(day=1.0))
    store.discard_own()
    store.release()
    assert child.path.exists() and store.path != child.path


@posix_only
def test_a_crashed_windows_autosave_survives_and_is_offered(folder, child):
    child.crash()  # killed in the fsync of its second autosave
    assert load_session(child.path).day == 12.5  # the first autosave is whole; the second never landed
    assert len(temporaries(folder, child.path)) == 1
    assert Path(str(child.path) + ".lock").exists()  # the lock file names a dead PID

    store = AutosaveStore(folder)  # a new window: cleans the dead process's temporary file
    assert temporaries(folder, child.path) == []
    [orphan] = store.orphans()
    assert orphan.path == child.path and orphan.day == 12.5
    store.write(Session(day=0.5))  # the new window works instead of recovering: the orphan stays
    assert load_session(child.path).day == 12.5 and store.orphans() == [orphan]
    again = AutosaveStore(folder)  # and it is offered in the next window too, until dealt with
    assert [o.path for o in again.orphans()] == [child.path]
    again.release()

    opened: list[Path] = []
    assert store.adopt(child.path, lambda p: opened.append(p) or True)
    assert opened == [child.path] and not child.path.exists()
    assert load_session(store.path).day == 12.5  # now this window's own autosave, under its lock
    assert AutosaveStore(folder).orphans() == []
    store.release()  # this window crashes in turn: the recovered work is still on offer
    assert [o.day for o in AutosaveStore(folder).orphans()] == [12.5]


@posix_only
def test_discarding_removes_the_crashed_autosave_only(folder, child):
    live = AutosaveStore(folder)
    live.write(Session(day=3.0))
    child.crash()
    store = AutosaveStore(folder)
    assert [o.path for o in store.orphans()] == [child.path]
    assert store.discard_orphans() == 1
    assert not child.path.exists() and not Path(str(child.path) + ".lock").exists()
    assert live.path.exists() and store.orphans() == []
    live.release()


# --- the store, in one process -------------------------------------------------------------------
def test_an_idle_window_quitting_leaves_the_busy_ones_autosave(folder):
    busy, idle = AutosaveStore(folder), AutosaveStore(folder)
    busy.write(Session(day=4.0))
    idle.discard_own()  # a clean quit
    idle.release()
    assert busy.path.exists() and idle.orphans() == []
    busy.release()  # and if the busy one then crashes, its work is offered
    assert [o.day for o in AutosaveStore(folder).orphans()] == [4.0]


def test_a_failed_open_leaves_the_orphan_on_offer(folder):
    crashed = AutosaveStore(folder)
    crashed.write(Session(day=2.0))
    crashed.release()
    store = AutosaveStore(folder)
    orphan = store.orphans()[0].path
    assert not store.adopt(orphan, lambda p: False)
    assert orphan.exists() and [o.path for o in store.orphans()] == [orphan]
    with _Held(orphan):  # another window is recovering it right now
        with pytest.raises(AutosaveError, match="another window"):
            store.adopt(orphan, lambda p: True)
    assert store.discard(orphan)
    with pytest.raises(AutosaveError, match="already recovered or discarded"):
        store.adopt(orphan, lambda p: True)


def test_stale_temporary_and_lock_files_are_cleaned_at_start(folder):
    crashed = AutosaveStore(folder)
    crashed.release()  # it never autosaved, and left a temporary file behind
    folder.joinpath(f".{crashed.path.name}.k2j4h5_9.tmp").write_text("{half")
    stray_lock = folder / "session-0123abcd.ipe.json.lock"
    # A lock with no autosave, naming a process of this machine that no longer exists.
    stray_lock.write_text(f"999999999\npython3\n{QSysInfo.machineHostName()}\n")
    unrelated = folder / "notes.txt"
    unrelated.write_text("keep")
    store = AutosaveStore(folder)
    assert temporaries(folder, crashed.path) == [] and not stray_lock.exists()
    assert unrelated.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([store.path.name + ".lock", "notes.txt"])


def test_the_single_autosave_of_earlier_versions_is_offered(folder):
    folder.parent.mkdir(parents=True, exist_ok=True)
    from ui.session import save_session

    save_session(Session(day=7.0), folder.parent / "autosave.ipe.json")
    store = AutosaveStore(folder)
    assert [o.day for o in store.orphans()] == [7.0]
    assert not (folder.parent / "autosave.ipe.json").exists()


def test_an_unreadable_orphan_is_listed_so_it_can_be_discarded(folder):
    folder.mkdir(parents=True)
    (folder / "session-broken.ipe.json").write_text("{not json")
    [orphan] = AutosaveStore(folder).orphans()
    assert orphan.day is None and orphan_label(orphan).startswith("Unreadable session, saved today")


def test_orphan_labels_say_the_day_and_when():
    now = time.mktime((2025, 3, 4, 15, 0, 0, 0, 0, -1))
    today = Orphan(Path("x"), time.mktime((2025, 3, 4, 14, 5, 0, 0, 0, -1)), 12.46)
    earlier = Orphan(Path("y"), time.mktime((2025, 3, 1, 9, 30, 0, 0, 0, -1)), 3.0)
    assert orphan_label(today, now) == "Day 12.5, saved today at 14:05"
    month = time.strftime("%b", time.localtime(earlier.saved))  # in the user's language
    assert orphan_label(earlier, now) == f"Day 3.0, saved 01 {month} 2025 at 09:30"


# --- the File menu ---------------------------------------------------------------------------------
def make_window(qtbot):
    """A window whose File menu works; the model is not needed for what these tests check."""
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    return win


def autosave_now(win) -> Path:
    win.files.mark_dirty()
    win.files.store.write(win.files.current())  # what autosave() does once the model has run
    return win.files.store.path


@pytest.fixture
def answer(monkeypatch):
    """Dialogs on, and the question on quit answered with the given button."""
    monkeypatch.delenv("IPE_NO_DIALOGS", raising=False)
    chosen: list = [QMessageBox.Discard]  # whatever the test does, closing at teardown never blocks
    monkeypatch.setattr(files_module.QMessageBox, "question", lambda *a, **k: chosen[-1])
    return chosen.append


def test_discard_on_quit_removes_the_windows_own_autosave(qtbot, answer):
    win, other = make_window(qtbot), make_window(qtbot)
    own, others = autosave_now(win), autosave_now(other)
    answer(QMessageBox.Cancel)
    assert not win.close() and own.exists()  # Cancel keeps the window and its autosave
    answer(QMessageBox.Discard)
    assert win.close()
    assert not own.exists() and others.exists()
    assert other.files.store.orphans() == []  # the discarded session is not offered next time
    answer(QMessageBox.Discard)
    other.close()


def test_a_clean_quit_removes_the_autosave_and_an_unasked_one_keeps_it(qtbot, tmp_path):
    saved, unasked = make_window(qtbot), make_window(qtbot)
    saved_path, unasked_path = autosave_now(saved), autosave_now(unasked)
    assert saved.files.save_to(tmp_path / "kept.ipe.json")  # the work is in a file now
    saved.close()
    assert not saved_path.exists()
    unasked.close()  # IPE_NO_DIALOGS: unsaved and nobody asked, so the autosave stays on offer
    assert unasked_path.exists()
    third = make_window(qtbot)
    assert [o.path for o in third.files.store.orphans()] == [unasked_path]
    assert "can be recovered" in third.statusBar().currentMessage()
    third.close()


def test_the_recover_menu_lists_orphans_and_discards_them_all(qtbot):
    for day in (1.0, 2.0):
        crashed = AutosaveStore()
        crashed.write(Session(day=day))
        crashed.release()
    win = make_window(qtbot)
    live = make_window(qtbot)
    live_path = autosave_now(live)
    assert "2 autosaved sessions" in win.statusBar().currentMessage()
    texts = [a.text() for a in win.files.recover_menu.actions() if not a.isSeparator()]
    assert texts[-1] == "Discard all autosaved sessions"
    assert sorted(t.split(",")[0] for t in texts[:-1]) == ["Day 1.0", "Day 2.0"]
    win.files.recover_menu.actions()[-1].trigger()  # dialogs are off: no question
    assert win.files.store.orphans() == [] and not win.files.recover_menu.isEnabled()
    assert live_path.exists()
    live.close()
    win.close()


@posix_only
def test_recovering_in_a_window_adopts_the_crashed_session(qtbot, folder, monkeypatch):
    monkeypatch.setattr("ui.autosave.autosave_folder", lambda: folder)
    child = Child(folder)
    try:
        child.crash()
    finally:
        child.stop()
    win, _ = scripted_window(qtbot, speed=60.0)
    assert "can be recovered" in win.statusBar().currentMessage()
    [entry] = [a for a in win.files.recover_menu.actions() if a.text().startswith("Day")]
    assert entry.text().startswith("Day 12.5, saved today")
    entry.trigger()  # the scripted model replays the session at once
    assert win.latest.toggles["trt"] and win.latest.day >= 12.5
    assert win.files.dirty and win.files.path is None
    assert not child.path.exists() and load_session(win.files.store.path).day == 12.5
    assert str(child.path) not in win.files.recent() and str(win.files.store.path) not in win.files.recent()
    assert not win.files.recover_menu.isEnabled()
    win.files.store.release()  # this window crashes too: still nothing lost
    assert [o.day for o in AutosaveStore(folder).orphans()] == [12.5]
    win.close()
