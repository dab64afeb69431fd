"""The File menu: open and save sessions, recent files, autosave and recovery, the question on quit.

Nothing is lost: every 30 s a changed session is autosaved to this window's own file (ui/autosave.py:
one file per window, locked while it runs). File ▸ Recover autosaved session lists every autosave whose
window crashed or quit without being asked, until it is recovered or discarded. Opening a broken or
newer file says why in one sentence and leaves the current session as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from . import settings
from .actions import add_actions
from .autosave import AutosaveError, AutosaveStore, Orphan
from .session import Session, SessionError, load_session, save_session
from .state import ExplorerState

RECENT_KEY = "recent_files"
MAX_RECENT = 8
AUTOSAVE_MS = 30_000
FILTER = "Explorer sessions (*.ipe.json *.json)"

RECOVER_TEXT = "Recover autosaved session"
# What the question on quit (or before replacing the session) came to.
CANCEL, CLEAN, DISCARD, KEEP = "cancel", "clean", "discard", "keep"


def orphan_label(orphan: Orphan, now: float | None = None) -> str:
    """'Day 12.5, saved today at 14:05' — what a Recover menu entry says."""
    saved, today = time.localtime(orphan.saved), time.localtime(now)
    same_day = saved[:3] == today[:3]
    when = time.strftime("today at %H:%M" if same_day else "%d %b %Y at %H:%M", saved)
    what = f"Day {orphan.day:.1f}" if orphan.day is not None else "Unreadable session"
    return f"{what}, saved {when}"


def documents_folder() -> Path:
    """Where the file dialogs open: the user's Documents folder (not wherever the app was started
    from, which for a double-clicked app is often its own install folder), else the home folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


class FileControl:
    """The File menu over the state's session. The host window is used only through Qt's own API
    (menus, status bar, dialogs' parent, close)."""

    def __init__(self, host: QMainWindow, state: ExplorerState, node_ids: set[str]) -> None:
        self.host, self.state, self.node_ids = host, state, node_ids
        self.path: Path | None = None
        self._autosaved = True
        self.state.changed.connect(self.mark_dirty)
        self.store = AutosaveStore()
        menu = host.menuBar().addMenu("&File")
        host.menuBar().insertMenu(host.menuBar().actions()[0], menu)  # File comes first
        self.menu = menu
        add_actions(host, menu, (("Open session…", "Ctrl+O", self.open_dialog),
                                 ("Save session", "Ctrl+S", self.save),
                                 ("Save session as…", "Ctrl+Shift+S", self.save_as)))
        self.recent_menu = menu.addMenu("Open recent")
        self.recover_menu = menu.addMenu(RECOVER_TEXT)
        menu.aboutToShow.connect(self.refresh_recover_menu)  # another window may have crashed meanwhile
        self.export_menu = menu.addMenu("Export")  # filled just after the first paint
        menu.addSeparator()
        quit_action = QAction("Quit", host)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(host.close)
        menu.addAction(quit_action)
        host.addAction(quit_action)
        self._refresh_recent()
        count = self.refresh_recover_menu()
        if count:
            what = "An autosaved session" if count == 1 else f"{count} autosaved sessions"
            host.statusBar().showMessage(
                f"{what} from last time can be recovered (File ▸ {RECOVER_TEXT}).", 15000)
        self.timer = QTimer(host)
        self.timer.timeout.connect(self.autosave)
        self.timer.start(AUTOSAVE_MS)

    def fill_export_menu(self, items: list[tuple[str, str, str, Callable[[str], None]]]) -> None:
        """The Export submenu: (menu text, default file name, file filter, writer of a path)."""
        for text, default, file_filter, write in items:
            action = QAction(text, self.host)
            action.triggered.connect(
                lambda _=False, d=default, f=file_filter, fn=write: self._export(d, f, fn))
            self.export_menu.addAction(action)

    def _export(self, default: str, file_filter: str, write: Callable[[str], None]) -> None:
        name, _ = QFileDialog.getSaveFileName(self.host, "Export", str(documents_folder() / default),
                                              file_filter)
        if name:
            self.export_to(name, write)

    def export_to(self, path: str | Path, write) -> bool:
        from .export import ExportError

        try:
            write(path)
        except ExportError as exc:
            self._warn("Export failed", str(exc))
            return False
        self.host.statusBar().showMessage(f"Exported {Path(path).name}", 6000)
        return True

    # --- the session ---------------------------------------------------------------------------
    def current(self) -> Session:
        return self.state.to_session()

    @property
    def dirty(self) -> bool:
        """Unsaved changes: the state's flag, which saving, autosave and quitting all read."""
        return self.state.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self.state.set_dirty(value)

    def mark_dirty(self) -> None:
        self.dirty = True
        self._autosaved = False

    def open_path(self, path: str | Path) -> bool:
        """Open a session; on any problem show why and keep the current one. True if opened."""
        try:
            session = load_session(path, self.node_ids)
        except SessionError as exc:
            self._warn("The session could not be opened", str(exc))
            return False
        self.state.load_session(session)
        self.path = Path(path)
        self._remember(self.path)
        self.host.statusBar().showMessage(f"Opened {self.path.name}: replaying {session.day:.1f} days…", 8000)
        return True

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(self.host, "Save session",
                                              str(documents_folder() / "session.ipe.json"), FILTER)
        return self.save_to(Path(name)) if name else False

    def save_to(self, path: Path) -> bool:
        try:
            save_session(self.current(), path)
        except SessionError as exc:
            self._warn("The session could not be saved", str(exc))
            return False
        self.path = path
        self.dirty = False
        self._remember(path)
        self.host.statusBar().showMessage(f"Saved {path.name}", 5000)
        return True

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        name, _ = QFileDialog.getOpenFileName(self.host, "Open session", str(documents_folder()), FILTER)
        if name:
            self.open_path(name)

    # --- autosave, recovery and quitting ---------------------------------------------------------
    def autosave(self) -> None:
        if self._autosaved or self.state.latest is None:
            return
        try:
            self.store.write(self.current())
        except (AutosaveError, SessionError) as exc:
            self.host.statusBar().showMessage(f"Autosave failed: {exc}", 8000)
            return
        self._autosaved = True

    def refresh_recover_menu(self) -> int:
        """List every orphaned autosave in File ▸ Recover; returns how many there are."""
        self.recover_menu.clear()
        orphans = self.store.orphans()
        for orphan in orphans:
            action = self.recover_menu.addAction(orphan_label(orphan))
            action.setStatusTip(str(orphan.path))
            action.triggered.connect(lambda _=False, o=orphan: self.recover(o))
        if orphans:
            self.recover_menu.addSeparator()
            discard = self.recover_menu.addAction("Discard all autosaved sessions")
            discard.triggered.connect(self.discard_orphans)
        self.recover_menu.setEnabled(bool(orphans))
        return len(orphans)

    def recover(self, orphan: Orphan) -> bool:
        """Open an orphaned autosave and make it this window's own, so a second crash loses nothing."""
        if not self.confirm_discard():
            return False
        try:
            recovered = self.store.adopt(orphan.path, self.open_path)
        except AutosaveError as exc:
            self._warn("The session could not be recovered", f"The session could not be recovered: {exc}.")
            recovered = False
        if recovered:
            self.path = None  # saving goes to a file of the user's choosing
            self.dirty = True
            self._autosaved = True  # this window's autosave now holds exactly what was recovered
            day = f": replaying {orphan.day:.1f} days…" if orphan.day is not None else ""
            self.host.statusBar().showMessage(f"Recovered the autosaved session{day}", 8000)
        self.refresh_recover_menu()
        return recovered

    def discard_orphans(self) -> int:
        """Delete every orphaned autosave, after asking; returns how many were deleted."""
        count = len(self.store.orphans())
        if count and not os.environ.get("IPE_NO_DIALOGS"):
            what = "the autosaved session" if count == 1 else f"all {count} autosaved sessions"
            answer = QMessageBox.question(
                self.host, "Discard autosaved sessions",
                f"Delete {what}? They cannot be recovered afterwards.",
                QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Discard:
                return 0
        removed = self.store.discard_orphans()
        self.refresh_recover_menu()
        self.host.statusBar().showMessage(
            "Discarded 1 autosaved session" if removed == 1 else f"Discarded {removed} autosaved sessions",
            5000)
        return removed

    def _ask_about_changes(self) -> str:
        """Ask about unsaved changes: CLEAN (nothing unsaved, or saved now), DISCARD (the user said
        so), KEEP (unsaved, but dialogs are off so nobody was asked) or CANCEL."""
        if not self.dirty:
            return CLEAN
        if os.environ.get("IPE_NO_DIALOGS"):
            return KEEP
        answer = QMessageBox.question(
            self.host, "Unsaved session", "Save the changes to this session first?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Cancel:
            return CANCEL
        if answer == QMessageBox.Save:
            return CLEAN if self.save() else CANCEL
        return DISCARD

    def confirm_discard(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on."""
        return self._ask_about_changes() != CANCEL

    def closing(self) -> bool:
        """Called from the window's closeEvent; False cancels the close."""
        answer = self._ask_about_changes()
        if answer == CANCEL:
            return False
        self.timer.stop()
        if answer != KEEP:
            self.store.discard_own()  # saved, unchanged or discarded: nothing left to recover
        self.store.release()  # a kept autosave is now an orphan, offered next time
        return True

    # --- recent files --------------------------------------------------------------------------------
    def recent(self) -> list[str]:
        """The remembered files, newest first; a wrong-typed setting gives an empty list."""
        return settings.get_str_list(RECENT_KEY, [], MAX_RECENT)

    def _remember(self, path: Path) -> None:
        if self.store.owns(path):
            return  # an autosave being recovered is not a file the user chose
        items = [str(path.resolve())] + [p for p in self.recent() if p != str(path.resolve())]
        settings.set_value(RECENT_KEY, items[:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for item in self.recent():
            action = self.recent_menu.addAction(Path(item).name)
            action.setStatusTip(item)
            action.triggered.connect(lambda _=False, p=item: self.confirm_discard() and self.open_path(p))
        self.recent_menu.setEnabled(bool(self.recent()))

    def _warn(self, title: str, message: str) -> None:
        self.host.statusBar().showMessage(message, 15000)
        if not os.environ.get("IPE_NO_DIALOGS"):
            QMessageBox.warning(self.host, title, message)
