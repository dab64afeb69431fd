"""Autosaves: one file per running window, locked while that window lives, offered after a crash.

Everything lives in `autosave/` under the app's local data folder::

    session-<id>.ipe.json                  one window's latest autosave (an ordinary session file)
    session-<id>.ipe.json.lock             a QLockFile its process holds while the window is open
    .session-<id>.ipe.json.<random>.tmp    left by model/atomic.py if the process died mid-write

Each window takes a new <id> and its lock as it opens, so no two windows ever write the same file and
a new window can never overwrite what a crashed one left. A lock counts as held only while the process
that took it is alive (`setStaleLockTime(0)`: age never makes a lock stale, a dead PID does). An
autosave whose lock is free is an orphan — its window crashed, was killed, or quit with unsaved work
nobody was asked about — and is offered until it is recovered or discarded. Recovering renames the
orphan to this window's own name, under this window's lock, so a second crash still loses nothing.
A window that quits cleanly or is told to discard removes only its own file; another window's file,
or one being recovered elsewhere, is never touched, because every removal first takes that file's lock.

Only QLockFile and QStandardPaths come from Qt; the menus are wired in ui/files.py.
"""

from __future__ import annotations

import os
import re
import stat
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QStandardPaths

from .session import Session, SessionError, load_session, save_session

SUFFIX = ".ipe.json"
LEGACY_NAME = "autosave.ipe.json"  # the single shared autosave of earlier versions
_SESSION = re.compile(r"^session-[A-Za-z0-9_-]+\.ipe\.json$")
_TEMPORARY = re.compile(r"^\.(session-[A-Za-z0-9_-]+\.ipe\.json)\.[A-Za-z0-9_]+\.tmp$")


class AutosaveError(Exception):
    """An autosave could not be written, recovered or discarded; the message says why."""


@dataclass(frozen=True)
class Orphan:
    """An autosave no running window owns."""

    path: Path
    saved: float  # when it was last written (seconds since the epoch)
    day: float | None  # the simulated day it reached; None if it cannot be read as a session


def autosave_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.AppLocalDataLocation)
    return (Path(folder) if folder else Path.home() / ".InsulinPathwayExplorer") / "autosave"


def _remove(path: Path) -> bool:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _lock_file(path: Path) -> QLockFile:
    lock = QLockFile(str(path) + ".lock")
    lock.setStaleLockTime(0)  # only a dead process frees a lock, however old it is
    return lock


class _Held:
    """The lock of someone else's autosave, taken for a moment (not held if a live process has it)."""

    def __init__(self, path: Path) -> None:
        self.lock = _lock_file(path)
        self.ok = self.lock.tryLock(0)

    def __enter__(self) -> bool:
        return self.ok

    def __exit__(self, *exc: object) -> None:
        if self.ok:
            self.lock.unlock()  # also deletes the lock file


class AutosaveStore:
    """This window's own autosave and lock, and the orphans other windows left behind."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else autosave_folder()
        self.path = self.folder / f"session-{uuid.uuid4().hex}{SUFFIX}"
        self._lock: QLockFile | None = None
        if self._ensure_lock():
            self._adopt_legacy()
            self.clean()

    # --- this window's own file -------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._lock is not None

    def _ensure_lock(self) -> bool:
        """Take this window's lock (again, if the folder could not be made before)."""
        if self._lock is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                return False
            lock = _lock_file(self.path)
            if lock.tryLock(0):
                self._lock = lock
        return self._lock is not None

    def write(self, session: Session) -> None:
        """Autosave `session` as this window's file. Raises AutosaveError or SessionError."""
        if not self._ensure_lock():
            # Writing without the lock would let another window take the file for an orphan.
            raise AutosaveError(f"the autosave folder {self.folder} cannot be used")
        save_session(session, self.path)

    def discard_own(self) -> None:
        """Remove this window's autosave: the work was saved, or the user chose to discard it.
        Never raises (it runs while the window closes); a file that will not go stays on offer."""
        if self._lock is not None:
            _remove(self.path)

    def release(self) -> None:
        """Let go of the lock as the window closes; an autosave left behind becomes an orphan."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def owns(self, path: Path) -> bool:
        """True for any file in the autosave folder (never a 'recent file')."""
        return Path(path).resolve().parent == self.folder.resolve()

    # --- other windows' files -----------------------------------------------------------------------
    def _others(self) -> Iterator[Path]:
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry != self.path and _SESSION.match(entry.name):
                yield entry

    def orphans(self) -> list[Orphan]:
        """Autosaves whose window is gone, newest first."""
        found = []
        for path in self._others():
            with _Held(path) as free:
                if not free:
                    continue  # its window is still running (or recovering it just now)
                try:
                    status = path.stat()
                except OSError:
                    continue  # recovered or discarded in another window a moment ago
                if not stat.S_ISREG(status.st_mode):
                    continue  # not something this app wrote; reading a FIFO would hang
                try:
                    day: float | None = load_session(path).day
                except SessionError:  # broken, but still on offer to be discarded
                    day = None
                found.append(Orphan(path, status.st_mtime, day))
        return sorted(found, key=lambda o: o.saved, reverse=True)

    def adopt(self, orphan: Path, open_session: Callable[[Path], bool]) -> bool:
        """Recover `orphan`: if `open_session(orphan)` opens it, it becomes this window's own
        autosave (renamed under this window's lock). False if it could not be opened, in which
        case it stays an orphan. Raises AutosaveError if it is gone or another window has it."""
        if not self._ensure_lock():
            raise AutosaveError(f"the autosave folder {self.folder} cannot be used")
        with _Held(orphan) as free:
            if not free:
                raise AutosaveError("another window is using this autosaved session")
            if not orphan.exists():
                raise AutosaveError("this autosaved session was already recovered or discarded")
            if not open_session(orphan):
                return False
            try:
                os.replace(orphan, self.path)
            except OSError as exc:
                # The window shows the session and will autosave it under its own name; the
                # orphan stays on offer, a duplicate rather than a loss.
                raise AutosaveError(f"the recovered session stays in {orphan.parent} ({exc.strerror})") \
                    from None
        return True

    def discard(self, orphan: Path) -> bool:
        """Remove one orphan; False if a live window holds it or it cannot be removed."""
        with _Held(orphan) as free:
            return free and _remove(orphan)

    def discard_orphans(self) -> int:
        """Remove every orphan; returns how many went."""
        return sum(self.discard(o.path) for o in self.orphans())

    def clean(self) -> int:
        """Remove temporary files and lock files left by processes that are gone. Returns how many."""
        removed = 0
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return 0
        for entry in entries:
            match = _TEMPORARY.match(entry.name)
            if match and match.group(1) != self.path.name:
                with _Held(self.folder / match.group(1)) as free:
                    removed += free and _remove(entry)
            elif entry.name.endswith(".lock") and _SESSION.match(entry.name[:-5]):
                session = self.folder / entry.name[:-5]
                if session != self.path and not session.exists():
                    with _Held(session) as free:  # a lock with no autosave: unlocking removes it
                        removed += free
        return removed

    def _adopt_legacy(self) -> None:
        """An autosave from a version with one shared file becomes an orphan like any other."""
        legacy = self.folder.parent / LEGACY_NAME
        try:
            os.replace(legacy, self.folder / f"session-legacy-{uuid.uuid4().hex}{SUFFIX}")
        except OSError:
            pass  # none there (the usual case), or another window moved it first
