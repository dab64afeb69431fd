"""A long computation for the window in a process of its own, so the window stays responsive and
Cancel can stop it at once, whatever the computation is doing (experiments, lesson claims).

The job is a module-level function named "package.module:function", run in a "spawn" child; its
JSON-ready return value comes back as JSON bytes over a pipe, so the window's process never unpickles
anything. A timer polls the pipe, so nothing here ever blocks the GUI thread; `cancel()` ends the
child and `finished` / `failed` are then not emitted.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import time

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 50
JOIN_S = 2.0


def _child(target: str, args: list, conn) -> None:
    """In the child: run the job, send {"result": ...} or {"error": "..."} as JSON."""
    try:
        module, name = target.split(":")
        reply = {"result": getattr(importlib.import_module(module), name)(*args)}
    except Exception as exc:  # the message goes back to the window as one line
        reply = {"error": " ".join(f"{type(exc).__name__}: {exc}".split())}
    try:
        conn.send_bytes(json.dumps(reply).encode("utf-8"))
    except OSError:  # cancelled meanwhile: the window closed its end and wants no answer
        pass
    finally:
        conn.close()


class ChildJob(QObject):
    finished = Signal(object)  # what `result()` makes of the job's answer
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process = None
        self._conn = None
        self.started_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self._process is not None

    def start_job(self, target: str, *args, name: str = "job") -> None:
        """Run `target(*args)` (one at a time: a running job is cancelled first)."""
        self.cancel()
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(target, list(args), send), daemon=True, name=name)
        process.start()
        send.close()  # the child's end: the window keeps only its own
        self._process, self._conn = process, receive
        self.started_at = time.monotonic()
        self._timer.start()

    def result(self, value: object) -> object:
        """What `finished` carries, made from the job's JSON answer (a subclass converts it; raise
        ValueError, KeyError or TypeError if it cannot be read)."""
        return value

    def cancel(self) -> None:
        """Stop a running job now; nothing is emitted for it."""
        process = self._detach()
        if process is not None:
            process.terminate()
            process.join(JOIN_S)
            if process.is_alive():
                process.kill()
                process.join(JOIN_S)

    def _detach(self):
        """Stop polling and close the pipe; returns the child process (or None) to end or join."""
        self._timer.stop()
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        return process

    def _poll(self) -> None:
        conn, process = self._conn, self._process
        if conn is None or process is None:
            return
        try:
            ready = conn.poll()
            data = conn.recv_bytes() if ready else None
        except (EOFError, OSError):
            data, ready = None, True  # the child died without an answer
        if not ready:
            if not process.is_alive():  # ended without a word (killed, out of memory)
                self._end()
                self.failed.emit("the computation's process ended without a result")
            return
        self._end()
        if data is None:
            self.failed.emit("the computation's process ended without a result")
            return
        self._deliver(data)

    def _end(self) -> None:
        process = self._detach()
        if process is not None:
            process.join(JOIN_S)

    def _deliver(self, data: bytes) -> None:
        try:
            reply = json.loads(data.decode("utf-8"))
            if "error" in reply:
                self.failed.emit(str(reply["error"]))
                return
            result = self.result(reply["result"])
        except (ValueError, KeyError, TypeError) as exc:
            self.failed.emit(f"the answer could not be read ({exc})")
            return
        self.finished.emit(result)
