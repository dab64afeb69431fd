"""Writing a file whole or not at all, to the file a name really stands for.

Used for every file the app writes (sessions, exports, the command line's CSV and SBML):

- a regular file, or a new name: a temporary file beside it, then one rename, so a failure part-way
  never leaves a half-written file and never harms the file that was there before. The temporary
  file is made at the first write, not before (a stream of rows can take hours to start).
- a symbolic link: the file it points to is written (found afresh each time); the link stays a link.
- an existing character device or FIFO (named pipe): `special="direct"` writes straight to it, as a
  shell's `>` does (the command line: `--csv /dev/null`, a FIFO another program reads; opening a FIFO
  waits for its reader); `special="refuse"` (the window's files) raises NotARegularFile. Block devices
  and sockets are always refused: rewriting a disk is never what "save" means.
- permissions: an existing file keeps its mode (and, where allowed, its owner); a new one gets
  0o666 & ~umask, as any other program's new file would.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Literal

Special = Literal["refuse", "direct"]


class NotARegularFile(OSError):
    """The target is a device, FIFO or socket, and the caller writes only regular files."""


@dataclass(frozen=True)
class Target:
    """Where a write really goes: `path` with symbolic links resolved."""

    path: Path
    special: bool  # an existing character device or FIFO, written directly
    mode: int  # for the new file: the old file's mode, or 0o666 & ~umask
    owner: tuple[int, int] | None  # the old file's (uid, gid), to keep when replacing it


def resolve_target(path: str | os.PathLike, special: Special = "refuse") -> Target:
    """Where writing `path` goes, checked before any data exists. Raises OSError (with a short,
    lower-case strerror) if it cannot be written: no name, a missing folder, a folder, a link loop,
    or a special file that `special` does not allow."""
    name = os.fspath(path)
    if not name:
        raise FileNotFoundError(errno.ENOENT, "no file name", name)
    real = Path(os.path.realpath(name))
    try:
        info = os.lstat(real)
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, "folder does not exist", str(real.parent)) from None
        return Target(real, False, 0o666 & ~current_umask(), None)
    kind = info.st_mode
    if stat.S_ISLNK(kind):  # realpath stops at a loop
        raise OSError(errno.ELOOP, "too many levels of symbolic links", name)
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, "is a folder", name)
    if stat.S_ISREG(kind):
        return Target(real, False, stat.S_IMODE(kind), (info.st_uid, info.st_gid))
    what = ("a device" if stat.S_ISCHR(kind) else "a named pipe" if stat.S_ISFIFO(kind)
            else "a disk device" if stat.S_ISBLK(kind) else "a socket")
    if special == "direct" and (stat.S_ISCHR(kind) or stat.S_ISFIFO(kind)):
        return Target(real, True, stat.S_IMODE(kind), None)
    raise NotARegularFile(errno.EINVAL, f"{what}, not a regular file", name)


def failure_reason(exc: OSError) -> str:
    """Why a write failed, for the middle of a one-line message: "no space left on device"."""
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def current_umask() -> int:
    """The process's umask. Read from /proc (Linux), because the portable way (set it and set it
    back) briefly changes it for every thread; that way is the fallback elsewhere."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class AtomicWriter:
    """Write `path` whole or not at all (see the module's notes), in as many `write`s as needed.

    As a context manager it commits on success and discards on any exception (KeyboardInterrupt
    and the command line's SIGTERM included), leaving no temporary file. A direct write to a device
    or FIFO cannot be undone: what was written stays written.
    """

    def __init__(self, path: str | os.PathLike | Target, special: Special = "refuse") -> None:
        self.target = path if isinstance(path, Target) else resolve_target(path, special)
        self._handle: BinaryIO | None = None
        self._tmp: str | None = None

    def write(self, data: bytes) -> None:
        if self._handle is None:
            self._open()
        self._handle.write(data)

    def commit(self) -> None:
        """Finish: flush, and rename the temporary file over the target."""
        if self._handle is None:
            self._open()  # nothing written: the result is an empty file
        handle, self._handle = self._handle, None
        try:
            handle.flush()
            if self._tmp is not None:
                os.fsync(handle.fileno())
        finally:
            handle.close()
        if self._tmp is None:
            return
        os.chmod(self._tmp, self.target.mode)
        if self.target.owner is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only root may give a file away; others keep theirs
                os.chown(self._tmp, *self.target.owner)
        os.replace(self._tmp, self.target.path)
        self._tmp = None

    def discard(self) -> None:
        """Give up: close, and remove the temporary file (the target is untouched)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):  # a full disk fails the final flush again
                handle.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None

    def _open(self) -> None:
        target = self.target
        if target.special:
            self._handle = open(target.path, "wb")  # noqa: SIM115 - closed by commit or discard
            return
        fd, self._tmp = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".tmp",
                                         dir=target.path.parent)
        self._handle = os.fdopen(fd, "wb")

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is not None:
            self.discard()
            return
        try:
            self.commit()
        except BaseException:
            self.discard()
            raise


def write_bytes_atomically(path: str | os.PathLike, data: bytes, special: Special = "refuse") -> None:
    """Write `data` to `path`. On failure (OSError) the target is untouched and no temporary file
    is left behind. `special`: what to do if `path` is a device or FIFO (see the module's notes)."""
    with AtomicWriter(path, special) as out:
        out.write(data)


def write_text_atomically(path: str | os.PathLike, text: str, special: Special = "refuse") -> None:
    """`write_bytes_atomically` for UTF-8 text."""
    write_bytes_atomically(path, text.encode("utf-8"), special)
