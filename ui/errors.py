"""A global exception hook: an unexpected error is logged and shown, and the lesson goes on.

Qt swallows nothing by itself: an exception in a slot would print and, with some bindings, abort.
Here it is written to standard error and to a log file, and a dialog tells the user once per
minute at most, so a storm of the same error cannot bury the window in dialogs.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

DIALOG_INTERVAL_S = 60.0


def log_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.AppLocalDataLocation) or str(Path.home())
    return Path(folder) / "errors.log"


class ExceptionHook:
    def __init__(self) -> None:
        self.count = 0
        self._last_dialog = -DIALOG_INTERVAL_S

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.count += 1
        text = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(text)
        try:
            path = log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text}")
        except OSError:
            path = None
        now = time.monotonic()
        app = QApplication.instance()
        quiet = bool(os.environ.get("IPE_NO_DIALOGS"))  # measuring runs and tests: log only
        if app is not None and not quiet and now - self._last_dialog > DIALOG_INTERVAL_S:
            self._last_dialog = now
            where = f"\n\nDetails were written to {path}." if path else ""
            QMessageBox.warning(app.activeWindow(), "Something went wrong",
                                f"An unexpected error happened: {error}.\n\nThe app keeps running; "
                                f"if something looks wrong, press Ctrl+R to reset.{where}")


def install() -> ExceptionHook:
    hook = ExceptionHook()
    sys.excepthook = hook
    return hook
