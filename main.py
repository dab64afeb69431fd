"""Insulin Pathway Explorer: entry point.

With --headless, --export-sbml, --list-toggles or --list-outputs it runs the model from the command
line (no Qt is imported); otherwise it opens the explorer window.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

STARTED = time.perf_counter()

HEADLESS_FLAGS = ("--headless", "--export-sbml", "--list-toggles", "--list-outputs", "-h", "--help")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in HEADLESS_FLAGS for a in args) or not _window_available():
        from model.cli import main as headless_main

        return headless_main(args)
    from ui.app import run

    return run(args, STARTED)


def _window_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ui.app") is not None


if __name__ == "__main__":
    sys.exit(main())
