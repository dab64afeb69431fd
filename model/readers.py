"""Reading the files a user or teacher may edit or hand over (JSON, TOML, Markdown), safely.

Every file goes through `read_bytes`: regular files only (a FIFO never blocks the open, a symlink to
/dev/zero is refused, not read until memory runs out), a byte limit enforced while reading rather
than trusted from the file's size, and every problem turned into one sentence naming the file,
raised as the caller's own error type. `read_json` and `read_toml` add the format's own errors,
refuse duplicate keys, and bound every number, so a 400-digit integer or 1e999 in a file is a
clear error instead of an OverflowError deep inside the model.
"""

from __future__ import annotations

import json
import math
import os
import stat
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# No number a file of this app needs comes near this; anything larger is a typo or an attack, and
# refusing it here keeps int → float conversions and math.isfinite from raising later.
MAX_ABS_NUMBER = 1e15
_MAX_NUMBER_CHARS = 40  # a longer numeral is refused before Python converts it (quadratic in size)
_CHUNK = 65536


class _Refused(Exception):
    """Raised inside the JSON decoder's hooks; mapped to the caller's error with the file's name."""


def read_bytes(path: str | os.PathLike, where: str, max_bytes: int, error: type[Exception]) -> bytes:
    """The whole content of a regular file of at most `max_bytes` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"{where}: no such file") from None
    except IsADirectoryError:
        raise error(f"{where}: is a folder, not a file") from None
    except PermissionError:
        raise error(f"{where}: permission denied") from None
    except OSError as exc:
        raise error(f"{where}: cannot be read ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise error(f"{where}: is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise error(f"{where}: is not a regular file (a device, pipe or socket)")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise error(f"{where}: file is larger than {max_bytes} bytes")
            chunks.append(chunk)
    except OSError as exc:
        raise error(f"{where}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: str | os.PathLike, where: str, max_bytes: int, error: type[Exception]) -> str:
    """A UTF-8 text file (a byte-order mark is allowed), with `read_bytes`' checks."""
    data = read_bytes(path, where, max_bytes, error)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{where}: not a UTF-8 text file") from None


def _pairs_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"duplicate key {quoted(key)}")
        out[key] = value
    return out


def _parse_int(text: str) -> int:
    if len(text) > _MAX_NUMBER_CHARS or abs(int(text)) > MAX_ABS_NUMBER:
        raise _Refused(f"the number {quoted(text, 24)} is out of range")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if len(text) > _MAX_NUMBER_CHARS + 20 or not abs(value) <= MAX_ABS_NUMBER:
        raise _Refused(f"the number {quoted(text, 24)} is out of range")
    return value


def _parse_constant(text: str) -> float:
    raise _Refused(f"{text} is not a number this app accepts")


def read_json(path: str | os.PathLike, where: str, max_bytes: int, error: type[Exception]) -> object:
    """Parse a JSON file: duplicate keys, NaN/Infinity and numbers beyond ±1e15 are errors."""
    text = read_text(path, where, max_bytes, error)
    try:
        return json.loads(text, object_pairs_hook=_pairs_without_duplicates, parse_int=_parse_int,
                          parse_float=_parse_float, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise error(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except _Refused as exc:
        raise error(f"{where}: {exc}") from None
    except RecursionError:
        raise error(f"{where}: JSON nested too deeply") from None
    except ValueError as exc:  # e.g. Python's limit on the digits of an integer
        raise error(f"{where}: invalid JSON ({exc})") from None


def read_toml(path: str | os.PathLike, where: str, max_bytes: int, error: type[Exception]) -> dict:
    """Parse a TOML file; numbers beyond ±1e15 (or not finite) are errors."""
    text = read_text(path, where, max_bytes, error)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where}: invalid TOML ({' '.join(str(exc).split())})") from None
    except RecursionError:
        raise error(f"{where}: TOML nested too deeply") from None
    except ValueError as exc:
        raise error(f"{where}: invalid TOML ({exc})") from None
    try:
        _check_numbers(data)
    except _Refused as exc:
        raise error(f"{where}: {exc}") from None
    return data


def _check_numbers(value: object) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _check_numbers(item)
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item)
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and bounded_number(value) is None:
        raise _Refused("a number is out of range (or not finite)")


def bounded_number(value: object) -> float | None:
    """`value` as a float if it is a finite number (not a bool) within ±MAX_ABS_NUMBER, else None.

    Safe for any Python object: a huge int is compared, never converted, so nothing overflows."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int):
        return float(value) if -MAX_ABS_NUMBER <= value <= MAX_ABS_NUMBER else None
    return value if math.isfinite(value) and abs(value) <= MAX_ABS_NUMBER else None


def quoted(value: object, limit: int = 40) -> str:
    """A value from a file, fit for a one-line error message: quoted, control characters escaped,
    and cut short if long ("unknown key '\\n'" rather than a message broken over two lines)."""
    if isinstance(value, int) and not -10**30 < value < 10**30:
        text = "a number of over 30 digits"  # str() of a huge int is slow, and raises past 4300 digits
    else:
        text = json.dumps(str(value), ensure_ascii=False)[1:-1].replace('\\"', '"')
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def load_each(paths: Iterable[Path], load: Callable[[Path], T], error: type[Exception]
              ) -> tuple[list[T], list[str]]:
    """Load every file with `load`; a file that raises `error` is skipped and its message kept, so
    one broken teacher-edited file never hides the others."""
    loaded: list[T] = []
    errors: list[str] = []
    for path in paths:
        try:
            loaded.append(load(path))
        except error as exc:
            errors.append(str(exc))
    return loaded, errors


def file_name(path: str | os.PathLike) -> str:
    """The name used in messages: the file's own name, as a user sees it in a folder."""
    return Path(path).name or str(path)


@dataclass(frozen=True)
class VersionedFormat:
    """One kind of versioned JSON document the app reads (scenario, session, lesson; a preset is a
    scenario): its "format" string, the newest "version" this app reads, and the top-level keys it
    allows. `check` is the one place the header of every such file is judged, so each says the
    same thing about a wrong kind of file, a newer version or a misspelt key."""

    format: str
    newest: int
    keys: frozenset[str]
    noun: str  # "scenario", "session", "lesson": how messages name the document
    required: tuple[str, ...] = ("format", "version")

    def check(self, data: object, where: str, error: type[Exception]) -> dict:
        """`data` as a dict once its header holds; otherwise `error` with one sentence."""
        if not isinstance(data, dict):
            raise error(f"{where}: the file must hold a JSON object (a {self.noun})")
        if data.get("format") != self.format:
            raise error(f"{where}: not a {self.noun} file (\"format\" must be \"{self.format}\")")
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise error(f"{where}: \"version\" must be a whole number, 1 or more")
        if version > self.newest:
            raise error(f"{where}: this {self.noun} was written by a newer version of the app (file "
                        f"version {version}; this app reads up to version {self.newest})")
        unknown = sorted(set(data) - self.keys)
        if unknown:
            allowed = ", ".join(sorted(self.keys))
            raise error(f"{where}: unknown key {quoted(unknown[0])} (allowed: {allowed})")
        for name in self.required:
            if name not in data:
                raise error(f"{where}: missing \"{name}\"")
        return data
