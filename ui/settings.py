"""The app's preferences (theme, recent files), kept in a small JSON file and read type-checked.

Why not QSettings: PySide6 stores any value that is not a Qt type as a pickle and unpickles it in
`QSettings.value()`, so a crafted `InsulinPathwayExplorer.conf` ran code at every start. This module
never uses QSettings and never unpickles anything: the file is parsed by `json`, which builds only
plain values, and only str, int, float, bool and lists of str are ever written. The old .conf file is
left where it is and never read.

The file is `settings.json` in the folder QSettings used, `InsulinPathwayExplorer/` under the
system's configuration folder (on Linux `$XDG_CONFIG_HOME`, else `~/.config`), so it does not move
with the application name Qt happens to have at the time. Example::

    {"theme": "dark", "recent_files": ["/home/me/lesson.ipe.json"]}

Reading never fails: a missing file gives the defaults quietly; a file that is not a regular file,
too large, unreadable, not JSON or not an object, or a value of the wrong type, gives the default and
one logged warning (each problem is logged once per process, not at every read). Writing is atomic and
a failure is logged, never raised: losing a preference must not stop the app.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from model.atomic import write_text_atomically
from model.readers import quoted, read_json

FOLDER_NAME = "InsulinPathwayExplorer"
FILE_NAME = "settings.json"
MAX_BYTES = 256_000  # eight recent paths of 4096 characters are 33 kB; anything bigger is not ours
MAX_STR = 4096  # the longest path Linux allows

log = logging.getLogger(__name__)
_logged: set[str] = set()

Plain = str | int | float | bool | list[str]


class SettingsError(ValueError):
    """The settings file cannot be used; the message says why in one sentence."""


def settings_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.GenericConfigLocation)
    return (Path(folder) / FOLDER_NAME if folder else Path.home() / f".{FOLDER_NAME}") / FILE_NAME


def _warn_once(message: str) -> None:
    if message not in _logged:
        _logged.add(message)
        log.warning("%s", message)


def _load() -> dict[str, object]:
    """The file's top-level object, or {} (with one warning) if it cannot be used."""
    path = settings_path()
    if not os.path.lexists(path):
        return {}  # the first start: nothing to say
    try:  # the reader refuses FIFOs, devices and oversized files, and bounds every number
        data = read_json(path, str(path), MAX_BYTES, SettingsError)
    except SettingsError as exc:
        _warn_once(f"{exc}; using the default settings")
        return {}
    if not isinstance(data, dict):
        _warn_once(f"{path}: not a JSON object; using the default settings")
        return {}
    return data


def _bad(key: str, should_be: str, default: object) -> None:
    _warn_once(f"{settings_path()}: {quoted(key)} should be {should_be}; using {default!r}")


def _plain_str(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_STR and "\x00" not in value


def get_str(key: str, default: str, allowed: Collection[str] | None = None) -> str:
    """The string stored under `key`, or `default` if it is missing, not a string or not allowed."""
    data = _load()
    if key not in data:
        return default
    value = data[key]
    if not _plain_str(value):
        _bad(key, f"a text of at most {MAX_STR} characters", default)
        return default
    if allowed is not None and value not in allowed:
        _bad(key, f"one of {', '.join(sorted(allowed))}, not {quoted(value)}", default)
        return default
    return value


def get_str_list(key: str, default: list[str], max_items: int) -> list[str]:
    """The list of strings under `key` (its first `max_items`), or `default` if it is anything else."""
    data = _load()
    if key not in data:
        return list(default)
    value = data[key]
    if not isinstance(value, list) or not all(_plain_str(item) for item in value):
        _bad(key, f"a list of texts of at most {MAX_STR} characters", default)
        return list(default)
    return value[:max_items]


def _check_plain(key: str, value: object) -> None:
    if not isinstance(key, str):
        raise TypeError("a setting's key must be a string")
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return
    elif isinstance(value, str | int | float | bool):
        return
    raise TypeError(f"setting {key!r}: only str, int, float, bool or a list of str can be stored")


def set_value(key: str, value: Plain) -> bool:
    """Store one plain value; anything else is a programming error (TypeError). A file that cannot be
    written is logged and False returned: the app goes on with the value in memory only."""
    _check_plain(key, value)
    data = _load()
    data[key] = list(value) if isinstance(value, list) else value
    return _save(data)


def remove(key: str) -> bool:
    data = _load()
    if key not in data:
        return True
    del data[key]
    return _save(data)


def _save(data: dict[str, object]) -> bool:
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    except OSError as exc:
        log.warning("%s: the settings could not be saved (%s)", path, exc)
        return False
    return True
