"""The healthy start, stored.

Every simulation begins with the healthy adult at midnight, found by a run-in of a few simulated days
with meals (`simulation.run_in`). That run-in costs about 0.1 s, which each window, command line run
and test process would pay before its first row. `model/healthy_start.json` keeps its result for
the default parameters under a fingerprint of every parameter value; other parameters (a scenario's
overrides, an edited parameters.toml) miss the fingerprint and are run in as before.
tests/test_healthy_start.py checks the file against a fresh run-in. After changing the equations or
the parameters, rewrite it:

    python -m model.healthy_start
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np

STORE = Path(__file__).with_name("healthy_start.json")
FORMAT = "insulin-pathway-explorer/healthy-start"


def fingerprint(params: SimpleNamespace, warm_up_days: float, n_states: int, definition: str = "") -> str:
    """Changes whenever a parameter value, the run-in's length, the number of states or the model's
    definition (the bytes of the files it is built from) does."""
    described = sorted((name, repr(float(value))) for name, value in vars(params).items())
    text = json.dumps([described, repr(float(warm_up_days)), n_states, definition])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(key: str, n_states: int, path: Path = STORE, n_readings: int = 3
         ) -> tuple[np.ndarray, tuple[float, ...]] | None:
    """The stored start for this fingerprint and its daily readings (fasting glucose and insulin, the
    2-hour glucose), or None (missing, unreadable, stale or malformed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("fingerprint") != key:
            return None
        state = np.array(data["state"], dtype=float)
        readings = tuple(float(v) for v in data["fasting"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if state.shape != (n_states,) or not np.all(np.isfinite(state)) or len(readings) != n_readings:
        return None
    return state, readings


def store(key: str, state: np.ndarray, fasting: tuple[float, ...], path: Path = STORE) -> None:
    data = {"format": FORMAT, "fingerprint": key, "state": [float(v) for v in state],
            "fasting": [float(v) for v in fasting]}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from .simulation import run_in, start_fingerprint

    state, fasting = run_in(())
    store(start_fingerprint(), state, fasting)
    print(f"wrote {STORE}")
