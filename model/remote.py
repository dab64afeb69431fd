"""The model in a process of its own, for the window.

roadrunner holds Python's GIL for the whole of each integration, so in the window's process every
millisecond the model computes is a millisecond no paint or click can run: at a month a second the
diagram fell to about 20 frames a second. In a child process the model has a core to itself and the
window's worker thread only waits on a pipe, which does not hold the GIL.

`RemoteSimulation` offers the part of `Simulation`'s API the window's worker uses; each call is one
round trip: a JSON request, a JSON reply with the result and the clock, and for output rows their raw
float64 bytes. Nothing is unpickled in the window's process (the settings-safety tests refuse any
unpickling there); only the child's start goes through multiprocessing's own pickling, in the child.

Creating one starts the child and returns at once (the window does so right after its first paint,
so the child loads roadrunner while the window builds its plots); the first call waits for the child
to be ready. The child is started with multiprocessing's "spawn" method (never fork: the parent runs
Qt's threads) and talks over two one-way OS pipes, not sockets. It ends when asked, when the parent's
end of the pipe closes (the window quit or crashed), or, as a daemon process, when the parent exits.
A child that dies turns every later call into ModelProcessLost (a SimulationError); the worker then
starts a new one on Reset.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from .results import SimulationError
from .subjects import DEFAULT_SUBJECT
from .toggles import ToggleEvent

if TYPE_CHECKING:
    import numpy as np

# What the child runs on request: Simulation's methods, plus `status` (the worker's snapshot fields).
CALLS = frozenset({"set_subject", "set_toggle", "schedule", "reset", "advance", "advance_to",
                   "outputs", "toggles", "exposures", "take_applied", "status", "save_point",
                   "resume_from"})
JOIN_TIMEOUT_S = 5.0


class ModelProcessLost(SimulationError):
    """The model's process is gone (killed, crashed, out of memory): a new one must be started."""


class RemoteSimulation:
    """A Simulation running in a child process (see the module's docstring)."""

    def __init__(self, parameters: dict[str, float] | None = None, subject: str = DEFAULT_SUBJECT) -> None:
        context = multiprocessing.get_context("spawn")
        requests_in, self._requests = context.Pipe(duplex=False)
        self._replies, replies_out = context.Pipe(duplex=False)
        self._process = context.Process(target=serve, args=(requests_in, replies_out, parameters, subject),
                                        name="insulin-pathway-model", daemon=True)
        self._process.start()
        requests_in.close()
        replies_out.close()
        self.minutes = 0.0
        self.day = 0.0
        self._minutes_per_day: float | None = None  # the child's first reply: built and ready
        self._lost = False  # a call found the process gone

    def wait_ready(self) -> None:
        """Wait for the child to have built its simulation (the first call does so anyway)."""
        if self._minutes_per_day is None:
            self._minutes_per_day = float(self._receive())

    # --- the calls ----------------------------------------------------------------------------------
    def set_subject(self, subject: str) -> None:
        self._call("set_subject", str(subject))

    def set_toggle(self, toggle: str, on: bool) -> None:
        self._call("set_toggle", toggle, bool(on))

    def schedule(self, events: Iterable[ToggleEvent]) -> None:
        self._call("schedule", [list(ToggleEvent(*ev)) for ev in events])

    def reset(self) -> None:
        self._call("reset")

    def advance(self, minutes: float, samples: int = 1) -> np.ndarray:
        self.begin_advance(minutes, samples)
        return self.end_advance()

    def advance_to(self, t_end: float, sample_times: Sequence[float] | np.ndarray = ()) -> np.ndarray:
        self.begin_advance_to(t_end, sample_times)
        return self.end_advance()

    def outputs(self) -> dict[str, float]:
        return self._call("outputs")

    def save_point(self) -> dict:
        return self._call("save_point")

    def resume_from(self, point: dict) -> None:
        self._call("resume_from", point)

    def begin_advance(self, minutes: float, samples: int = 1) -> None:
        """Start `advance` and return at once; `end_advance` waits for its rows. Two simulations
        begun one after the other compute at the same time, each in its own process."""
        self._send("advance", float(minutes), int(samples))

    def begin_advance_to(self, t_end: float, sample_times: Sequence[float] | np.ndarray = ()) -> None:
        self._send("advance_to", float(t_end), [float(t) for t in sample_times])

    def end_advance(self) -> np.ndarray:
        return self._receive()

    def toggles(self) -> dict[str, bool]:
        return self._call("toggles")

    def exposures(self) -> dict[str, float]:
        return self._call("exposures")

    def take_applied(self) -> list[ToggleEvent]:
        return [ToggleEvent(*ev) for ev in self._call("take_applied")]

    def status(self) -> tuple[dict[str, bool], dict[str, float], list[ToggleEvent]]:
        """toggles(), exposures() and take_applied() in one round trip."""
        toggles, exposures, applied = self._call("status")
        return toggles, exposures, [ToggleEvent(*ev) for ev in applied]

    def minutes_at(self, day: float) -> float:
        self.wait_ready()
        return day * self._minutes_per_day

    # --- the process --------------------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        """False once a call found the process gone. The pipe closes a moment before the dead
        process can be reaped, so `is_alive()` alone still said True to a Reset pressed at once."""
        return not self._lost and self._process.is_alive()

    def close(self) -> None:
        """Ask the child to end and wait for it (killed if it does not end in JOIN_TIMEOUT_S)."""
        try:
            self._requests.send_bytes(json.dumps(["stop", []]).encode())
        except (OSError, ValueError):
            pass
        self._process.join(JOIN_TIMEOUT_S)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(JOIN_TIMEOUT_S)
        self._requests.close()
        self._replies.close()

    def _call(self, name: str, *args: Any) -> Any:
        self._send(name, *args)
        return self._receive()

    def _send(self, name: str, *args: Any) -> None:
        self.wait_ready()
        try:
            self._requests.send_bytes(json.dumps([name, list(args)]).encode())
        except (OSError, ValueError) as exc:
            self._lost = True
            raise ModelProcessLost(f"its process stopped ({exc or type(exc).__name__})") from exc

    def _receive(self) -> Any:
        try:
            reply = json.loads(self._replies.recv_bytes())
            self.minutes, self.day = float(reply["minutes"]), float(reply["day"])
            if reply.get("rows") is not None:
                import numpy as np

                data = self._replies.recv_bytes()
                return np.frombuffer(data, dtype=np.float64).reshape(reply["rows"]).copy()
        except (EOFError, OSError, ValueError, KeyError, TypeError) as exc:
            self._lost = True
            raise ModelProcessLost(f"its process stopped ({exc or type(exc).__name__})") from exc
        if "error" in reply:
            kind, message = reply["error"]
            raise _ERRORS.get(kind, SimulationError)(message)
        return reply["value"]


_ERRORS: dict[str, type[Exception]] = {"SimulationError": SimulationError, "KeyError": KeyError,
                                       "ValueError": ValueError}


def serve(requests: Connection, replies: Connection, parameters: dict[str, float] | None,
          subject: str = DEFAULT_SUBJECT) -> None:
    """The child's loop: build the simulation, then answer requests until told to stop."""
    import numpy as np

    from .simulation import MIN_PER_DAY, Simulation

    sim = Simulation(parameters, subject=subject)

    def send(value: Any = None, error: Exception | None = None) -> None:
        reply: dict[str, Any] = {"minutes": sim.minutes, "day": sim.day}
        rows = value if isinstance(value, np.ndarray) else None
        if error is not None:
            kind = "SimulationError" if isinstance(error, SimulationError) else type(error).__name__
            reply["error"] = [kind, error.args[0] if error.args else str(error)]
        elif rows is not None:
            reply["rows"] = list(rows.shape)
        else:
            reply["value"] = value
        replies.send_bytes(json.dumps(reply).encode())
        if rows is not None and error is None:
            replies.send_bytes(np.ascontiguousarray(rows, dtype=np.float64).tobytes())

    send(MIN_PER_DAY)
    while True:
        try:
            name, args = json.loads(requests.recv_bytes())
        except (EOFError, OSError):
            return  # the window's end closed: it quit or crashed
        if name == "stop":
            return
        try:
            if name == "status":
                value: Any = (sim.toggles(), sim.exposures(), sim.take_applied())
            elif name == "schedule":
                value = sim.schedule([ToggleEvent(float(d), str(t), bool(on)) for d, t, on in args[0]])
            elif name == "advance_to":
                value = sim.advance_to(args[0], np.asarray(args[1], dtype=float))
            elif name in CALLS:
                value = getattr(sim, name)(*args)
            else:
                raise ValueError(f"unknown request {name!r}")
        except (SimulationError, KeyError, ValueError) as exc:
            send(error=exc)
        else:
            send(value)
