"""Insulin Pathway Explorer: entry point.

With --headless, --export-sbml, --list-toggles or --list-outputs it runs the model from the command
line (no Qt is imported); otherwise it opens the explorer window.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

STARTED = time.perf_counter()

HEADLESS_FLAGS = ("--headless", "--export-sbml", "--list-toggles", "--list-outputs", "--experiment",
                  "--list-experiments", "--list-subjects", "-h", "--help")


def main(argv: Sequence[str] | None = None) -> int:
    ensure_standard_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a.split("=")[0] in HEADLESS_FLAGS for a in args) or not _window_available():
        from model.cli import main as headless_main

        return headless_main(args)
    from ui import system_libraries  # imports no Qt: it runs before Qt could abort

    missing = system_libraries.check()
    if missing:  # instead of Qt's abort (or a failed import), which does not say what to install
        print(f"error: {missing}", file=sys.stderr)
        return 1
    from ui.app import run

    return run(args, STARTED)


def ensure_standard_streams() -> None:
    """A windowed build (the Windows .exe, the macOS .app) starts without a console, so sys.stdout
    and sys.stderr are None and any write to them raises, even inside the error hook. Such output
    goes nowhere instead; errors still reach the log file and the dialog."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process


def _window_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ui.app") is not None


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # the frozen app's model process (model/remote.py) starts here
    sys.exit(main())
