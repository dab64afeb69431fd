"""The simulation: the model's one definition (`model/sbml_equations.py`), compiled by libroadrunner
(CVODE + LLVM), advanced in time with toggle switches at their exact minute.

Use it like a small tellurium: `Simulation()` starts a healthy adult at midnight of day 0,
`set_toggle` switches a stressor or therapy now, `schedule` plans switches at later days, `advance` /
`advance_to` move on (applying planned switches on the way) and `run` simulates a whole schedule at
once and returns a `Trajectory`; `iter_run` does the same in blocks of rows, so a long run need not
hold all its rows at once. `take_applied` hands over every switch made since it was last asked, at
the day it took effect (the window's history).

Toggles are the definition's `switch_<toggle>` parameters, set between integrations, so nothing is
recompiled; every output column is a selection of the definition (a state or an assignment rule), and
HOMA-IR's fasting values are set by the definition's daily fasting event, so no output is computed in
Python.

Compiling takes about a second, so the compiled model is kept (roadrunner's `saveStateS`) in memory
and in a cache file named by a fingerprint of the definition (its SBML text, with the default
parameter values) and the roadrunner version; a missing, stale or corrupt file is rebuilt silently.
Parameter overrides are set on the loaded model, so every parameter set shares one compiled model.

The healthy start: model/healthy_start.json for the default parameters (`python -m
model.healthy_start` rewrites it), else a warm-up (`run_in`: WARM_UP_DAYS with meals from a nominal
state built from the definition's steady-state rules, ~0.1 s, once per process and parameter set).

`Simulation.deadline` (a `time.monotonic()` value, or None) bounds the wall-clock time of any run:
past it, SimulationTimeout is raised before the next roadrunner call (at most CHUNK_MINUTES of
simulated time each, and MAX_STEPS solver steps), the state kept at the last one.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import roadrunner

from . import healthy_start
from . import sbml_equations as definition
from .outputs import OUTPUT_INDEX, OUTPUT_NAMES
from .parameters import make_parameters
from .results import SimulationError, SimulationTimeout, Trajectory
from .state import CORE_STATES, N_CORE, N_STATES, STATE_NAMES
from .subjects import DEFAULT_SUBJECT, get_subject
from .toggles import TOGGLE_IDS, TOGGLE_INDEX, ToggleEvent

MIN_PER_DAY = 1440.0
WARM_UP_DAYS = 4
# CVODE (BDF, Newton), far tighter than the scipy engine's LSODA (rtol 1e-3, whose warm-up is off by
# up to 4 % in PP2A): a year with every toggle ends within 1e-4 of rtol 1e-6 at less than half its cost.
RTOL = 1e-5
ATOL = 1e-8
MAX_STEPS = 200_000
MEAL_STEP_FRACTION = 0.5
# iter_run integrates at most this much per roadrunner call, so a deadline is checked about as often.
CHUNK_MINUTES = 10 * MIN_PER_DAY
CHUNK_ROWS = 2000  # and at most this many rows, so a block's memory does not grow with the sampling
# Spans shorter than this are not integrated (CVODE refuses an output time too close to the start).
MIN_SPAN = 1e-6
CACHE_FORMAT = b"insulin-pathway-explorer/compiled-model 1"
_CLAMP_INSULIN = definition.CONSTANTS["clamp_insulin"][0]
_BUILDING = threading.local()  # the deadline of a Simulation being built, for its warm-up (run_in)


# --- the compiled model and its cache -------------------------------------------------------------
def cache_dir() -> Path:
    """Where compiled models are kept: IPE_CACHE_DIR, else the app's local data folder as Qt's
    AppLocalDataLocation names it (no Qt here), in a model-cache subfolder."""
    override = os.environ.get("IPE_CACHE_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "Insulin Pathway Explorer" / "model-cache"


@lru_cache(maxsize=1)
def definition_sbml() -> str:
    """The definition as SBML with the default parameters; states and switches are set at run time.
    (Building it loads libsbml, about a quarter of a second: only a compile or an export needs it.)"""
    from . import sbml

    doc = sbml.build_document(None, [0.0] * N_STATES, (), fasting=[0.0] * len(definition.READINGS))
    return sbml.to_string(doc)


# The files the SBML document is built from: their bytes fingerprint the definition without building
# it. build.spec bundles them as data, so the frozen app reads them too.
DEFINITION_FILES = ("sbml.py", "sbml_equations.py", "parameters.toml", "toggles.py", "state.py",
                    "outputs.py")


@lru_cache(maxsize=1)
def definition_fingerprint() -> str:
    """Changes with the definition and any default parameter value: the DEFINITION_FILES' bytes, or
    the SBML text itself if one of them cannot be read."""
    digest = hashlib.sha256(b"definition files 1")
    folder = Path(__file__).resolve().parent
    try:
        for name in DEFINITION_FILES:
            digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    except OSError:
        digest = hashlib.sha256(b"definition text 1")
        digest.update(definition_sbml().encode("utf-8"))
    return digest.hexdigest()


def fingerprint() -> str:
    """The compiled model's key: the definition and the roadrunner version."""
    digest = hashlib.sha256(CACHE_FORMAT)
    digest.update(roadrunner.__version__.encode())
    digest.update(definition_fingerprint().encode())
    return digest.hexdigest()


_COMPILED: dict[str, bytes] = {}
_COMPILE_LOCK = threading.Lock()  # one compile at a time; a second window waits for the first


def cache_path(key: str | None = None) -> Path:
    return cache_dir() / f"model-{(key or fingerprint())[:32]}.rrstate"


def _read_cache(path: Path, key: str) -> bytes | None:
    """The stored model if the file is whole and for this fingerprint, else None. A checksum guards
    the payload, so roadrunner never sees a truncated or altered file."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, payload = data.partition(b"\n")
    if header != CACHE_FORMAT + b" " + key.encode() + b" " + hashlib.sha256(payload).hexdigest().encode():
        return None
    return payload


def _write_cache(path: Path, key: str, payload: bytes) -> None:
    """Write whole or not at all; a cache that cannot be written only costs a compile next time."""
    header = CACHE_FORMAT + b" " + key.encode() + b" " + hashlib.sha256(payload).hexdigest().encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(header + b"\n" + payload)
        os.replace(temporary, path)
    except OSError:
        pass


def compiled_model() -> roadrunner.RoadRunner:
    """A fresh RoadRunner of the definition, from memory, the cache file or a compile."""
    key = fingerprint()
    with _COMPILE_LOCK:
        payload = _COMPILED.get(key)
        if payload is None:
            path = cache_path(key)
            payload = _read_cache(path, key)
            rr = _loaded(payload) if payload is not None else None
            if rr is None:
                rr = roadrunner.RoadRunner(definition_sbml())
                payload = rr.saveStateS()
                _write_cache(path, key, payload)
            _COMPILED[key] = payload
            return rr
    rr = _loaded(payload)
    if rr is None:  # only if memory itself went bad: compile again
        _COMPILED.pop(key, None)
        return compiled_model()
    return rr


def _loaded(payload: bytes) -> roadrunner.RoadRunner | None:
    try:
        rr = roadrunner.RoadRunner()
        rr.loadStateS(payload)
        if list(rr.model.getFloatingSpeciesIds()) != [name for name, _, _ in CORE_STATES]:
            return None
    except (RuntimeError, ValueError, TypeError):
        return None
    return rr


def selection(name: str) -> str:
    """The roadrunner selection of a definition id: a species' concentration or a parameter."""
    return f"[{name}]" if name in _SPECIES else name


_SPECIES = frozenset(name for name, _, _ in CORE_STATES)
OUTPUT_SELECTIONS: tuple[str, ...] = tuple(selection(definition.OUTPUT_SOURCES[n]) for n in OUTPUT_NAMES)


# --- the simulation ---------------------------------------------------------------------------------
class Simulation:
    """A person simulated over time, starting healthy at midnight of day 0."""

    def __init__(self, parameters: Mapping[str, float] | None = None,
                 deadline: float | None = None, subject: str = DEFAULT_SUBJECT) -> None:
        """`parameters` override the subject's values (`model/subjects.py`: "man" or "woman").
        `deadline`: a `time.monotonic()` value after which a run (the warm-up for new parameters
        included) raises SimulationTimeout; None for no limit. It can be changed later."""
        self._setup(parameters, subject)
        self.deadline = deadline
        _BUILDING.deadline = deadline  # the warm-up is cached per parameter set, not per object
        try:
            self.reset()
        finally:
            _BUILDING.deadline = None

    def _setup(self, parameters: Mapping[str, float] | None, subject: str = DEFAULT_SUBJECT) -> None:
        self.subject = get_subject(subject)
        self.given_parameters = dict(parameters or {})  # as asked, without the subject's
        self.parameter_overrides = {**self.subject.parameters, **self.given_parameters}
        self.params = make_parameters(self.parameter_overrides)
        rr = compiled_model()
        for name, value in self.parameter_overrides.items():
            rr.setValue(name, float(value))
        rr.setIntegrator("cvode")
        integrator = rr.integrator
        integrator.stiff = True
        integrator.relative_tolerance = RTOL
        integrator.absolute_tolerance = ATOL
        integrator.maximum_num_steps = MAX_STEPS
        # Meals start smoothly (a sin² pulse), so CVODE can stride over a whole one overnight-sized
        # step; half a meal per step at most makes each meal seen.
        integrator.maximum_time_step = self.params.meal_duration * MEAL_STEP_FRACTION
        rr.timeCourseSelections = list(OUTPUT_SELECTIONS)
        self._rr = rr
        model = rr.model
        parameter_ids = list(model.getGlobalParameterIds())
        index = {name: i for i, name in enumerate(parameter_ids)}
        self._exposure_index = np.array([index[f"exposure_{t}"] for t in TOGGLE_IDS], dtype=np.int32)
        self._switch_index = np.array([index[f"switch_{t}"] for t in TOGGLE_IDS], dtype=np.int32)
        # The daily events' readings, then the times each event fires next (model/sbml_equations.py).
        self._daily = [(next_variable, float(rr.getValue(minute)))
                       for _, next_variable, minute, _ in definition.DAILY_EVENTS.values()]
        self._fasting_index = np.array([index[n] for n in definition.READINGS]
                                       + [index[n] for n, _ in self._daily], dtype=np.int32)
        self._switches = np.zeros(len(TOGGLE_IDS))
        self.deadline: float | None = None
        self._planned: list[tuple[float, ToggleEvent]] = []  # (minute, switch), by minute
        self._applied: list[ToggleEvent] = []  # switches made since take_applied, at their day
        self._rate_order: np.ndarray | None = None  # see rates()

    # --- state -----------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the healthy adult at time 0 with every toggle off."""
        start, readings = _healthy_start(tuple(sorted(self.parameter_overrides.items())))
        self._restore((start, 0.0, np.concatenate([readings, self._next_daily(0.0)])))
        self._start_switches({})
        for name, (value, _) in definition.LEVERS.items():  # levers back to the live model's values
            self._rr.setValue(name, value)

    def save_point(self) -> dict:
        """This moment as plain values (JSON-ready): the subject, state, clock, daily readings and
        switches. The plan of later switches is not part of it. `resume_from` on another Simulation
        of the same subject and parameters carries on from here (the window's side-by-side run)."""
        state, minutes, daily = self._snapshot()
        return {"subject": self.subject.id, "parameters": dict(self.given_parameters),
                "state": state.tolist(), "minutes": minutes, "daily": daily.tolist(),
                "switches": self.toggles()}

    def resume_from(self, point: Mapping) -> None:
        """Carry on from another simulation's `save_point`: the same moment and switches, no plan.
        ValueError if it is of another subject or other parameters."""
        same = (point.get("subject") == self.subject.id
                and dict(point.get("parameters", {})) == self.given_parameters)
        if not same:
            raise ValueError("a save point resumes only on a simulation of the same subject and parameters")
        self._restore((np.asarray(point["state"], dtype=float), float(point["minutes"]),
                       np.asarray(point["daily"], dtype=float)))
        self._start_switches(point["switches"])

    def _start_switches(self, on: Mapping[str, bool]) -> None:
        """These switches on and every other off, with no plan and nothing applied to report (a
        reset, a resumed save point)."""
        self._switches[:] = [1.0 if on.get(t) else 0.0 for t in TOGGLE_IDS]
        self._rr.model.setGlobalParameterValues(self._switch_index, self._switches)
        self._planned.clear()
        self._applied.clear()

    def set_lever(self, name: str, value: float) -> None:
        """Move one of the experiments' levers (model/sbml_equations.py LEVERS) from now on."""
        if name not in definition.LEVERS:
            raise KeyError(f"unknown lever '{name}' (levers: {', '.join(definition.LEVERS)})")
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"lever {name} must be a finite number, not {value!r}")
        self._rr.setValue(name, value)

    def add_to_state(self, name: str, amount: float) -> None:
        """Add `amount` to one state variable now (an oral glucose load into the stomach)."""
        values = self.state
        values[STATE_NAMES.index(name)] += float(amount)
        self.state = values

    @property
    def state(self) -> np.ndarray:
        """The state vector in `model.state.STATE_NAMES` order (a copy)."""
        model = self._rr.model
        return np.concatenate([model.getFloatingSpeciesConcentrations(),
                               model.getGlobalParameterValues(self._exposure_index)])

    @state.setter
    def state(self, values: Sequence[float] | np.ndarray) -> None:
        values = np.asarray(values, dtype=float)
        if values.shape != (N_STATES,):
            raise ValueError(f"a state has {N_STATES} values")
        model = self._rr.model
        model.setFloatingSpeciesConcentrations(values[:N_CORE].copy())
        model.setGlobalParameterValues(self._exposure_index, values[N_CORE:].copy())

    @property
    def minutes(self) -> float:
        return self._minutes

    @property
    def day(self) -> float:
        return self._minutes / MIN_PER_DAY

    @staticmethod
    def minutes_at(day: float) -> float:
        """The model's clock (minutes since midnight of day 0) at a simulated day."""
        return day * MIN_PER_DAY

    @property
    def fasting(self) -> tuple[float, float]:
        """The last fasting (glucose, insulin), which HOMA-IR reads."""
        glucose, insulin = self.readings[:2]
        return glucose, insulin

    @property
    def readings(self) -> tuple[float, ...]:
        """The daily events' last readings (READINGS: fasting glucose and insulin, 2-hour glucose)."""
        values = self._rr.model.getGlobalParameterValues(self._fasting_index)
        return tuple(float(v) for v in values[:len(definition.READINGS)])

    def set_subject(self, subject: str) -> None:
        """Start again, healthy, as another subject (the parameters asked for are kept)."""
        self._setup(self.given_parameters, subject)
        self.reset()

    def set_toggle(self, toggle: str, on: bool) -> None:
        """Switch a toggle now (recorded for `take_applied`). Switching on one that does not apply
        to the subject raises NotApplicable; switching it off is always allowed."""
        event = self._applicable(ToggleEvent(self.day, toggle, bool(on)))
        i = TOGGLE_INDEX[toggle]
        self._switches[i] = 1.0 if on else 0.0
        self._rr.model.setGlobalParameterValues(self._switch_index[i:i + 1], self._switches[i:i + 1])
        self._applied.append(event)

    def schedule(self, events: Iterable[ToggleEvent]) -> None:
        """Plan switches at absolute simulated days (a preset's timeline, a session's history);
        `advance`, `advance_to` and `run` apply each at its exact minute. Replaces an earlier plan;
        switches already due are applied on the next advance, in order."""
        planned = [(ev.day * MIN_PER_DAY, self._applicable(ev)) for ev in events]
        self._planned = sorted(planned, key=lambda item: item[0])  # stable: same-day keep order

    @property
    def planned(self) -> tuple[ToggleEvent, ...]:
        """The switches still to come."""
        return tuple(ev for _, ev in self._planned)

    def take_applied(self) -> list[ToggleEvent]:
        """Every switch made since the last call (set_toggle, the plan, a run's events), in order,
        with the simulated day it took effect."""
        applied, self._applied = self._applied, []
        return applied

    def toggles(self) -> dict[str, bool]:
        return {t: bool(self._switches[i]) for i, t in enumerate(TOGGLE_IDS)}

    def exposures(self) -> dict[str, float]:
        values = self._rr.model.getGlobalParameterValues(self._exposure_index)
        return {t: float(values[i]) for i, t in enumerate(TOGGLE_IDS)}

    def outputs(self) -> dict[str, float]:
        """The output columns now."""
        return dict(zip(OUTPUT_NAMES, self._current_row().tolist(), strict=True))

    def signalling_at(self, insulin: float) -> dict[str, float]:
        """Steady-state signalling (receptor → GLUT4) at a fixed insulin level, with today's
        kinases, phosphatase and expression frozen: the definition's clamp chain at that insulin."""
        rr = self._rr
        rr.setValue("clamp_insulin", float(insulin))
        try:
            return {state: float(rr.getValue(rule))
                    for state, rule in definition.CLAMP_STEADY_STATES.items()}
        finally:
            rr.setValue("clamp_insulin", _CLAMP_INSULIN)

    def rates(self) -> np.ndarray:
        """d(state)/dt now, in STATE_NAMES order: the compiled right-hand side."""
        named = self._rr.getRatesOfChangeNamedArray()
        if self._rate_order is None:  # the compiled model's column order, looked up once
            columns = list(named.colnames)
            self._rate_order = np.array([columns.index(f"{name}'") for name in STATE_NAMES])
        return np.asarray(named, dtype=float).reshape(-1)[self._rate_order]

    def rates_at(self, minutes: float, state: Sequence[float] | np.ndarray) -> np.ndarray:
        """d(state)/dt at another time and state, with today's switches and fasting values, leaving
        the simulation as it was: the right-hand side for an independent integrator (scipy's, in
        the tests) or a probe that holds some states fixed."""
        saved = self._snapshot()
        try:
            self.state = state
            self._rr.model.setTime(float(minutes))
            return self.rates()
        finally:
            self._restore(saved)

    # --- time ------------------------------------------------------------------------------------
    def advance(self, minutes: float, samples: int = 1) -> np.ndarray:
        """Advance by `minutes`; return `samples` evenly spaced output rows ending now."""
        if not minutes > 0 or not math.isfinite(minutes):
            raise ValueError("advance needs a positive, finite number of minutes")
        start = self._minutes
        times = start + minutes * np.arange(1, samples + 1) / samples
        return self.advance_to(start + minutes, times)

    def advance_to(self, t_end: float, sample_times: Sequence[float] | np.ndarray = ()
                   ) -> np.ndarray:
        """Integrate to `t_end` (minutes), applying planned switches on the way; return output rows
        at `sample_times` (within the span).

        On solver failure the state and clock stay at their last good values (planned switches
        before that point are applied) and SimulationError is raised.
        """
        samples = np.asarray(sample_times, dtype=float).reshape(-1)
        samples = samples[(samples >= self._minutes) & (samples <= t_end)]
        if not self._planned or self._planned[0][0] > t_end:
            return self._span(float(t_end), samples)
        blocks = list(self._through(float(t_end), samples, self._planned, chunked=False))
        return np.vstack(blocks) if blocks else np.zeros((0, len(OUTPUT_NAMES)))

    def _span(self, t_end: float, samples: np.ndarray) -> np.ndarray:
        """Integrate to `t_end` with no switch on the way; rows at `samples` (within the span)."""
        t0 = self._minutes
        samples = samples[(samples >= t0) & (samples <= t_end)]
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise SimulationTimeout(self.day)
        if not t_end - t0 >= MIN_SPAN:
            self._set_time(max(t0, float(t_end)))
            return np.repeat(self._current_row()[None, :], len(samples), axis=0)
        grid, where = _time_grid(t0, float(t_end), samples)
        saved = self._snapshot()
        try:
            table = np.asarray(self._rr.simulate(times=grid), dtype=float)
        except RuntimeError as exc:  # CVODE gave up (a non-finite value, too many steps)
            self._restore(saved)
            raise SimulationError(f"solver failed near day {t0 / MIN_PER_DAY:.2f}: "
                                  f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc}"
                                  ) from exc
        state = self.state
        if not (np.all(np.isfinite(table)) and np.all(np.isfinite(state))):
            self._restore(saved)
            raise SimulationError(f"solver failed near day {t0 / MIN_PER_DAY:.2f}: a non-finite value")
        if np.any(state < 0.0):  # round-off below zero is not biology
            self.state = np.maximum(state, 0.0)
        self._minutes = float(t_end)
        return np.maximum(table[where], 0.0)  # every output column is non-negative by meaning

    def run(self, days: float, events: Iterable[ToggleEvent] = (), sample_hours: float = 1.0
            ) -> Trajectory:
        """Simulate `days` from the current state, switching toggles at their days (counted from
        now); rows every `sample_hours` from now to the end (inclusive)."""
        blocks = list(self.iter_run(days, events, sample_hours))
        return Trajectory(np.vstack(blocks) if blocks else np.zeros((0, len(OUTPUT_NAMES))))

    def iter_run(self, days: float, events: Iterable[ToggleEvent] = (), sample_hours: float = 1.0
                 ) -> Iterator[np.ndarray]:
        """`run`, as blocks of rows while it goes (stacked, they are run's table). Bad arguments
        raise at once, not on the first block; the run's events join any planned switches."""
        if not days > 0 or not math.isfinite(days):
            raise ValueError("days must be a positive number")
        if not sample_hours > 0 or not math.isfinite(sample_hours):
            raise ValueError("sample hours must be a positive number")
        start, end = self._minutes, self._minutes + days * MIN_PER_DAY
        own = [(start + ev.day * MIN_PER_DAY, self._applicable(ev)) for ev in events]
        own = [(t, ev) for t, ev in own if t <= end]  # a run's switches after its end never happen
        self._planned = sorted(self._planned + own, key=lambda item: item[0])
        return self._run_blocks(start, end, sample_hours * 60.0)

    def _run_blocks(self, start: float, end: float, step: float) -> Iterator[np.ndarray]:
        samples = start + step * np.arange(int(math.floor((end - start) / step + 1e-9)) + 1)
        yield self._current_row()[None, :]
        yield from self._through(end, samples[1:], self._planned, chunked=True)

    # --- internals -------------------------------------------------------------------------------
    def _applicable(self, event: ToggleEvent) -> ToggleEvent:
        """A well-formed switch that applies to the subject (switching one off always does)."""
        event = _checked(event)
        if event.on:
            self.subject.check_switch(event.toggle)
        return event

    def _through(self, t_end: float, samples: np.ndarray, planned: list[tuple[float, ToggleEvent]],
                 chunked: bool) -> Iterator[np.ndarray]:
        """Integrate to `t_end`, switching each planned toggle due by then at its minute (taking it
        off the plan); blocks of rows at `samples`. `chunked`: in chunks of CHUNK_MINUTES (the
        deadline is checked before each roadrunner call)."""
        while planned and planned[0][0] <= t_end:
            t_ev, ev = planned[0]
            if t_ev > self._minutes:
                before, samples = samples[samples <= t_ev], samples[samples > t_ev]
                yield from self._chunks(t_ev, before, chunked)
            planned.pop(0)
            self.set_toggle(ev.toggle, ev.on)
        if t_end > self._minutes or len(samples):
            yield from self._chunks(t_end, samples, chunked)

    def _chunks(self, t_end: float, samples: np.ndarray, chunked: bool) -> Iterator[np.ndarray]:
        if not chunked:
            rows = self._span(t_end, samples)
            if len(rows):
                yield rows
            return
        while t_end - self._minutes >= MIN_SPAN:
            b = self._minutes + CHUNK_MINUTES
            if b >= t_end - MIN_SPAN:
                b = t_end
            if np.count_nonzero(samples <= b) > CHUNK_ROWS:  # dense rows: fewer minutes per call
                b = float(samples[CHUNK_ROWS - 1])
            part = samples[samples <= b]
            samples = samples[samples > b]
            rows = self._span(b, part)
            if len(rows):
                yield rows
        if len(samples):  # a sample within MIN_SPAN of the end
            yield self._span(t_end, samples)

    def _current_row(self) -> np.ndarray:
        return np.maximum(np.asarray(self._rr.getSelectedValues(), dtype=float), 0.0)

    def _set_time(self, minutes: float) -> None:
        self._minutes = float(minutes)
        self._rr.model.setTime(self._minutes)

    def _next_daily(self, minutes: float) -> np.ndarray:
        """Each daily event's first time after `minutes`, where the definition's event is due."""
        return np.array([(math.floor((minutes - minute) / MIN_PER_DAY) + 1) * MIN_PER_DAY + minute
                         for _, minute in self._daily])

    def _snapshot(self) -> tuple[np.ndarray, float, np.ndarray]:
        """The state, the clock, and the daily readings with their next times."""
        return self.state, self._minutes, self._rr.model.getGlobalParameterValues(self._fasting_index)

    def _restore(self, saved: tuple[np.ndarray, float, np.ndarray]) -> None:
        state, minutes, daily = saved
        self.state = state
        self._set_time(minutes)
        self._rr.model.setGlobalParameterValues(self._fasting_index, np.asarray(daily, dtype=float))

    def _nominal(self) -> None:
        """A rough healthy state from the definition; the warm-up settles the fast variables."""
        rr, p = self._rr, self.params
        kinase = float(rr.getValue("kinase_healthy"))
        active, pool = float(rr.getValue("nlrp3_active_healthy")), float(rr.getValue("nlrp3_pool_healthy"))
        values = dict.fromkeys(STATE_NAMES, 0.0)
        values.update({
            "glucose": p.glucose_basal, "insulin": p.insulin_basal, "insulin_remote": p.insulin_basal,
            "glucose_tissue": (p.glucose_basal * 18 * p.glucose_volume * p.glucose_to_tissue
                               / p.glucose_from_tissue),
            "secretion": p.insulin_basal * p.insulin_clearance,
            "ffa": p.ffa_fasting,
            "acyl_coa": 1.0, "dag": 1.0, "ceramide": 1.0, "upr": kinase, "ros": 1.0, "jnk_active": kinase,
            "ikkb_active": kinase, "pkc_active": kinase, "pp2a_active": kinase,
            "tnf_alpha": p.tnf_healthy, "il6": p.il6_healthy, "il1b": p.il1b_healthy,
            "il18": p.il18_healthy, "adipose_inflammation": 1.0,
            "visceral_fat": p.visceral_fat_healthy, "subcutaneous_fat": p.subcutaneous_fat_healthy,
            "lean_mass": p.lean_mass_healthy, "testosterone": p.testosterone_healthy,
            "oestrogen": 1.0, "beta_cell_mass": 1.0, "glucose_mean": p.glucose_basal,
            "nlrp3_idle": 1.0 - pool, "nlrp3_primed": pool - active, "nlrp3_active": active})
        self.state = np.array([values[n] for n in STATE_NAMES])
        values.update(self.signalling_at(p.insulin_basal))  # the fast block's steady state
        values["glut4_internal"] = 1.0 - values["glut4_surface"]
        readings = [p.glucose_basal, p.insulin_basal, p.glucose_basal]
        self._restore((np.array([values[n] for n in STATE_NAMES]), 0.0,
                       np.concatenate([readings, self._next_daily(0.0)])))


def _checked(event: ToggleEvent) -> ToggleEvent:
    if event.toggle not in TOGGLE_INDEX:
        raise KeyError(f"unknown toggle '{event.toggle}'")
    return event


def _time_grid(t0: float, t_end: float, samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Output times for roadrunner (from t0, strictly increasing, ending at t_end, no two closer than
    MIN_SPAN) and, for each sample, the index of its grid time."""
    points = np.unique(np.concatenate([[t0], samples, [t_end]]))
    keep = [0]
    for i in range(1, len(points)):
        if points[i] - points[keep[-1]] >= MIN_SPAN:
            keep.append(i)
    grid = points[keep]
    if t_end - grid[-1] > 0:  # the end merged into a point just before it: end exactly at t_end
        grid[-1] = t_end
    after = np.clip(np.searchsorted(grid, samples), 1, len(grid) - 1)
    nearer_before = samples - grid[after - 1] < grid[after] - samples
    return grid, np.where(nearer_before, after - 1, after)


@lru_cache(maxsize=8)
def _healthy_start(overrides: tuple[tuple[str, float], ...]) -> tuple[np.ndarray, tuple[float, ...]]:
    """The healthy adult at midnight after the warm-up with meals, and the last daily readings: the
    stored start (model/healthy_start.json) when its fingerprint fits, else the warm-up."""
    stored = healthy_start.load(start_fingerprint(overrides), N_STATES,
                                n_readings=len(definition.READINGS))
    state, fasting = stored if stored is not None else run_in(overrides)
    state.setflags(write=False)
    return state, fasting


def start_fingerprint(overrides: tuple[tuple[str, float], ...] = ()) -> str:
    """Changes with any parameter value, the warm-up's length and the definition's equations."""
    return healthy_start.fingerprint(make_parameters(dict(overrides)), WARM_UP_DAYS, N_STATES,
                                     definition_fingerprint())


def run_in(overrides: tuple[tuple[str, float], ...] = ()) -> tuple[np.ndarray, tuple[float, ...]]:
    """Simulate the warm-up from the nominal state: the healthy start, and its last daily readings.
    The deadline of the Simulation being built, if any, bounds it."""
    sim = Simulation.__new__(Simulation)
    sim._setup(dict(overrides))
    sim.deadline = getattr(_BUILDING, "deadline", None)
    sim._nominal()
    for _ in sim._through((WARM_UP_DAYS - 1) * MIN_PER_DAY, np.zeros(0), [], chunked=True):
        pass
    # The last day sampled every 5 minutes: its mean glucose starts the HbA1c average, which would
    # otherwise take months to settle from the nominal value.
    last_day = np.linspace((WARM_UP_DAYS - 1) * MIN_PER_DAY, WARM_UP_DAYS * MIN_PER_DAY, 289)[1:]
    rows = np.vstack(list(sim._through(WARM_UP_DAYS * MIN_PER_DAY, last_day, [], chunked=True)))
    state = sim.state.copy()
    state[STATE_NAMES.index("glucose_mean")] = rows[:, OUTPUT_INDEX["plasma_glucose"]].mean()
    sim.state = state
    return sim.state, sim.readings
