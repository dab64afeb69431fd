"""Reading a user-editable JSON file (scenario, preset, lesson, session) with one clear error.

Every problem — missing, a folder, unreadable, too large, not UTF-8, not JSON, nested too deeply —
becomes one sentence naming the file, raised as the caller's own error type.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path


def read_json(path: Path, where: str, max_bytes: int, error: type[Exception],
              object_pairs_hook: Callable | None = None) -> object:
    try:
        if path.stat().st_size > max_bytes:
            raise error(f"{where}: file is larger than {max_bytes} bytes")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{where}: no such file") from None
    except IsADirectoryError:
        raise error(f"{where}: is a folder, not a file") from None
    except PermissionError:
        raise error(f"{where}: permission denied") from None
    except UnicodeDecodeError:
        raise error(f"{where}: not a UTF-8 text file") from None
    except OSError as exc:
        raise error(f"{where}: cannot be read ({exc.strerror or exc})") from None
    try:
        return json.loads(text, object_pairs_hook=object_pairs_hook)
    except json.JSONDecodeError as exc:
        raise error(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise error(f"{where}: JSON nested too deeply") from None


def quoted(value: object, limit: int = 40) -> str:
    """A value from a file, fit for a one-line error message: quoted, control characters escaped,
    and cut short if long ("unknown key '\\n'" rather than a message broken over two lines)."""
    text = json.dumps(str(value), ensure_ascii=False)[1:-1].replace('\\"', '"')
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
