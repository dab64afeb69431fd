"""Where `resources/` is, wherever the app runs from (no Qt, so the model and the command line read
it too): a PyInstaller bundle (`sys._MEIPASS`), the source tree (beside `model/`), or an installed
wheel, which carries it as `ui/resources/` (pyproject.toml)."""

from __future__ import annotations

import sys
from pathlib import Path

_MARKER = "pathway.json"  # a file every resources/ folder has


def resources_folder() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    top = Path(__file__).resolve().parent.parent
    source = top / "resources"
    return source if (source / _MARKER).is_file() else top / "ui" / "resources"


def resource_path(*parts: str) -> Path:
    """A path inside `resources/` (see resources_folder); code never assumes one layout."""
    return resources_folder().joinpath(*parts)
