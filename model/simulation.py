"""The simulation: a state advanced by a stiff solver, toggles, fasting values and output rows.

Use it like a small tellurium: `Simulation()` starts a healthy adult at midnight of day 0,
`set_toggle` switches a stressor or therapy, `advance` moves on in real-time chunks and `run`
simulates a whole schedule at once and returns a `Trajectory` of output rows; `iter_run` does the same
in blocks of rows (about a simulated day each), so a long run need not hold all its rows at once.

`Simulation.deadline` (a `time.monotonic()` value) bounds the wall-clock time of any solve: past it,
the solver stops with `SimulationTimeout`, even part-way through one stuck integration.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.integrate import solve_ivp

from . import healthy_start
from .equations import MIN_PER_DAY, Environment, Equations, cascade_steady, nlrp3_steady
from .jacobian import GroupedJacobian, sparsity_pattern
from .output_rows import output_row
from .outputs import OUTPUT_INDEX, OUTPUT_NAMES
from .parameters import make_parameters
from .state import IDX, N_CORE, N_STATES
from .toggles import TOGGLE_IDS, TOGGLE_INDEX, ToggleEvent

WARM_UP_DAYS = 4
RTOL = 1e-3
# scipy's LSODA before 1.17 keeps its state in one global Fortran workspace: two solves at once (two
# windows, or a reference run beside the window's worker) fail with IntegratorConcurrencyError, so
# solves take turns. 1.17 made it re-entrant but leaks ~25 kB a call, so pyproject.toml keeps < 1.17.
_LSODA_LOCK = threading.Lock()
# Spans shorter than this (minutes) are instantaneous: LSODA never finishes an interval of, say,
# 1e-197 minutes (its step size underflows), and nothing physiological happens in 60 microseconds.
MIN_SPAN_MINUTES = 1e-6
# The deadline for the warm-up of a Simulation being built (see Simulation.__init__).
_BUILDING = threading.local()


class SimulationError(RuntimeError):
    """The solver failed or produced a non-finite value; the simulation keeps its last good state."""


class SimulationTimeout(SimulationError):
    """The wall-clock deadline passed before the solver finished; `day` is where it stopped."""

    def __init__(self, day: float) -> None:
        super().__init__(f"the time limit ran out near day {day:.2f}")
        self.day = day


@dataclass
class Trajectory:
    """Output rows of a run: `table[i, j]` is column `columns[j]` at row i."""

    table: np.ndarray
    columns: tuple[str, ...] = OUTPUT_NAMES

    def column(self, name: str) -> np.ndarray:
        return self.table[:, OUTPUT_INDEX[name]]

    @property
    def days(self) -> np.ndarray:
        return self.column("day")

    def at_day(self, day: float) -> dict[str, float]:
        """The row nearest to `day`, as a name → value mapping."""
        i = int(np.argmin(np.abs(self.days - day)))
        return dict(zip(self.columns, self.table[i].tolist(), strict=False))


def _nominal_state(eq: Equations) -> np.ndarray:
    """A rough healthy state; the warm-up settles the fast variables from here."""
    p = eq.p
    y = np.zeros(N_STATES)
    healthy_kinase = eq.kinase_healthy
    for name, value in {
        "glucose": p.glucose_basal, "insulin": p.insulin_basal, "ffa": p.ffa_fasting,
        "dag": 1.0, "ceramide": 1.0, "upr": healthy_kinase, "ros": 1.0,
        "jnk_active": healthy_kinase, "ikkb_active": healthy_kinase,
        "pkc_active": healthy_kinase, "pp2a_active": healthy_kinase,
        "tnf_alpha": p.tnf_healthy, "il6": p.il6_healthy, "il1b": p.il1b_healthy,
        "il18": p.il18_healthy, "adipose_inflammation": 1.0,
        "visceral_fat": p.visceral_fat_healthy, "subcutaneous_fat": p.subcutaneous_fat_healthy,
        "lean_mass": p.lean_mass_healthy, "testosterone": p.testosterone_healthy,
        "oestrogen": 1.0, "beta_cell_mass": 1.0,
    }.items():
        y[IDX[name]] = value
    idle, primed, active = nlrp3_steady(p, 1.0, 1.0)
    y[IDX["nlrp3_idle"]], y[IDX["nlrp3_primed"]], y[IDX["nlrp3_active"]] = idle, primed, active
    fast = cascade_steady(p, Environment(p, y.tolist()), p.insulin_basal, healthy_kinase)
    for name, value in fast.items():
        y[IDX[name]] = value
    y[IDX["glut4_internal"]] = 1.0 - fast["glut4_surface"]
    return y


def _absolute_tolerances(eq: Equations) -> np.ndarray:
    scale = np.maximum(np.abs(_nominal_state(eq)), 0.05)
    scale[N_CORE:] = 1.0
    return 1e-6 * scale


class Simulation:
    """A person simulated over time, starting healthy at midnight of day 0."""

    def __init__(self, parameters: Mapping[str, float] | None = None,
                 deadline: float | None = None) -> None:
        """`deadline`: a `time.monotonic()` value after which any solve (the warm-up for new
        parameters included) raises SimulationTimeout; None for no limit. It can be changed later."""
        self.parameter_overrides = dict(parameters or {})
        self.params = make_parameters(self.parameter_overrides)
        self.equations = Equations(self.params)
        self._atol = _absolute_tolerances(self.equations)
        self._jacobian = GroupedJacobian(self.equations.rhs, _pattern(self.equations))
        self._fasting_minute = self.params.fasting_hour * 60.0
        self.deadline = deadline
        _BUILDING.deadline = deadline  # the warm-up (run_in) is cached per parameter set, not per object
        try:
            self.reset()
        finally:
            _BUILDING.deadline = None

    # --- state -----------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the healthy adult at time 0 with every toggle off."""
        start, fasting = _healthy_start(tuple(sorted(self.parameter_overrides.items())))
        self.state = start.copy()
        self.minutes = 0.0
        self.equations.switches[:] = 0.0
        self._fasting: dict[int, tuple[float, float]] = {-1: fasting}

    @property
    def day(self) -> float:
        return self.minutes / MIN_PER_DAY

    def set_toggle(self, toggle: str, on: bool) -> None:
        if toggle not in TOGGLE_INDEX:
            raise KeyError(f"unknown toggle '{toggle}'")
        self.equations.switches[TOGGLE_INDEX[toggle]] = 1.0 if on else 0.0

    def toggles(self) -> dict[str, bool]:
        return {t: bool(self.equations.switches[i]) for i, t in enumerate(TOGGLE_IDS)}

    def exposures(self) -> dict[str, float]:
        return {t: float(self.state[N_CORE + i]) for i, t in enumerate(TOGGLE_IDS)}

    def outputs(self) -> dict[str, float]:
        """The output columns now."""
        return dict(zip(OUTPUT_NAMES, self._row(self.minutes, self.state), strict=False))

    def signalling_at(self, insulin: float) -> dict[str, float]:
        """Steady-state signalling (receptor → GLUT4) at a fixed insulin level, with today's
        kinases, phosphatase and expression frozen: a dose-response probe of the cell."""
        y = self.state.tolist()
        return cascade_steady(self.params, Environment(self.params, y), insulin,
                              y[IDX["pp2a_active"]])

    # --- time ------------------------------------------------------------------------------
    def advance(self, minutes: float, samples: int = 1) -> np.ndarray:
        """Advance by `minutes`; return `samples` evenly spaced output rows ending now."""
        if not minutes > 0 or not math.isfinite(minutes):
            raise ValueError("advance needs a positive, finite number of minutes")
        start = self.minutes
        times = start + minutes * np.arange(1, samples + 1) / samples
        return self.advance_to(start + minutes, times)

    def advance_to(self, t_end: float, sample_times: Sequence[float] | np.ndarray = ()
                   ) -> np.ndarray:
        """Integrate to `t_end` (minutes); return output rows at `sample_times` (within the span).

        On solver failure the state and clock stay at their last good values and
        SimulationError is raised.
        """
        samples = np.asarray(sample_times, dtype=float)

        def select(a: float, b: float, last: bool) -> np.ndarray:
            return samples[(samples >= a) & ((samples < b) | (last & (samples <= b)))]

        y = self.state
        new_fasting: dict[int, tuple[float, float]] = {}
        collected: list[tuple[float, np.ndarray]] = []
        for b, y, seg_samples, sampled in self._segment_solutions(t_end, select):
            collected.extend(zip(seg_samples.tolist(), sampled, strict=False))
            day_index = self._fasting_day(b)
            if day_index is not None:
                new_fasting[day_index] = (float(y[IDX["glucose"]]), float(y[IDX["insulin"]]))
        self.state, self.minutes = y, float(t_end)
        self._fasting.update(new_fasting)
        rows = [self._row(s, ys) for s, ys in collected]
        self._prune_fasting()
        return np.array(rows).reshape(len(rows), len(OUTPUT_NAMES))

    def run(self, days: float, events: Iterable[ToggleEvent] = (), sample_hours: float = 1.0
            ) -> Trajectory:
        """Simulate `days` from the current state, switching toggles at their days; rows every
        `sample_hours` from now to the end (inclusive)."""
        return Trajectory(np.vstack(list(self.iter_run(days, events, sample_hours))))

    def iter_run(self, days: float, events: Iterable[ToggleEvent] = (), sample_hours: float = 1.0
                 ) -> Iterator[np.ndarray]:
        """`run`, as it goes: blocks of output rows (arrays of OUTPUT_NAMES columns), one per
        stretch between fasting times or toggle switches, so about a simulated day each.

        The rows are exactly `run`'s. The state and clock advance with each block; if the solver
        fails, SimulationError is raised from the iteration with the state at the last block's end.
        Bad arguments raise at once, not on the first block.
        """
        if not days > 0 or not math.isfinite(days):
            raise ValueError("days must be a positive number")
        if not sample_hours > 0 or not math.isfinite(sample_hours):
            raise ValueError("sample hours must be a positive number")
        pending = sorted(events, key=lambda ev: ev.day)
        for ev in pending:
            if ev.toggle not in TOGGLE_INDEX:
                raise KeyError(f"unknown toggle '{ev.toggle}'")
        return self._run_blocks(days, pending, sample_hours)

    def _run_blocks(self, days: float, pending: list[ToggleEvent], sample_hours: float
                    ) -> Iterator[np.ndarray]:
        start, end = self.minutes, self.minutes + days * MIN_PER_DAY
        step = sample_hours * 60.0
        count = int(math.floor((end - start) / step + 1e-9)) + 1
        # Sample k is at start + step * k, worked out when needed: the same float operations, so the
        # same values, as one numpy array of every sample time, which a long run need not hold.

        def first(lo: int, hi: int, beyond: Callable[[float], bool]) -> int:
            """The first k in [lo, hi) whose sample time is `beyond`, else hi (times only grow)."""
            while lo < hi:
                mid = (lo + hi) // 2
                if beyond(start + step * mid):
                    hi = mid
                else:
                    lo = mid + 1
            return lo

        def span(t_end: float, lo: int, hi: int) -> Iterator[np.ndarray]:
            """Integrate to `t_end` with samples lo..hi-1, a block per segment (as advance_to)."""
            def select(a: float, b: float, last: bool) -> np.ndarray:
                k0 = first(lo, hi, lambda t: t >= a)
                k1 = first(k0, hi, (lambda t: t > b) if last else (lambda t: t >= b))
                return start + step * np.arange(k0, k1)

            for b, y, times, sampled in self._segment_solutions(t_end, select):
                day_index = self._fasting_day(b)
                self.state, self.minutes = y, (float(t_end) if b >= t_end else b)
                if day_index is not None:
                    self._fasting[day_index] = (float(y[IDX["glucose"]]), float(y[IDX["insulin"]]))
                rows = [self._row(s, ys) for s, ys in zip(times.tolist(), sampled, strict=False)]
                self._prune_fasting()
                yield np.array(rows).reshape(len(rows), len(OUTPUT_NAMES))

        def spans() -> Iterator[np.ndarray]:
            lo = 1  # samples lo, lo+1, ... are still to come
            for ev in pending:
                t_ev = start + ev.day * MIN_PER_DAY
                if t_ev > end:
                    continue
                if t_ev > self.minutes:
                    hi = first(lo, count, lambda t, t_ev=t_ev: t > t_ev)
                    yield from span(t_ev, lo, hi)
                    lo = hi
                self.set_toggle(ev.toggle, ev.on)
            if end > self.minutes:
                yield from span(end, lo, count)

        head: np.ndarray | None = np.array([self._row(start, self.state)])
        for block in spans():
            if head is not None:  # the start row travels with the first rows the solver makes
                block, head = np.vstack([head, block]), None
            if len(block):
                yield block
        if head is not None:
            yield head

    # --- internals -------------------------------------------------------------------------
    def _segments(self, t0: float, t1: float) -> list[tuple[float, float]]:
        """Split [t0, t1] at each day's fasting time, where HOMA-IR's values are read."""
        cuts = []
        k = math.floor((t0 - self._fasting_minute) / MIN_PER_DAY) + 1
        while True:
            c = k * MIN_PER_DAY + self._fasting_minute
            if c >= t1:
                break
            if c > t0:
                cuts.append(c)
            k += 1
        points = [t0, *cuts, t1]
        return list(zip(points[:-1], points[1:], strict=False))

    def _fasting_day(self, minutes: float) -> int | None:
        """The day whose fasting time is `minutes`, or None if it is not a fasting time."""
        day = round((minutes - self._fasting_minute) / MIN_PER_DAY)
        if abs(day * MIN_PER_DAY + self._fasting_minute - minutes) < 1e-6:
            return int(day)
        return None

    def _segment_solutions(self, t_end: float,
                           select: Callable[[float, float, bool], np.ndarray]
                           ) -> Iterator[tuple[float, np.ndarray, np.ndarray, list[np.ndarray]]]:
        """Solve from now to `t_end`, segment by segment, without changing the simulation: yields
        (segment end, state there, the segment's sample times, the states at them). `select(a, b,
        last)` picks the sample times of segment [a, b) ([a, b] for the last)."""
        y = self.state
        for a, b in self._segments(self.minutes, t_end):
            times = select(a, b, b >= t_end)
            self._check_deadline(a)
            y, sampled = self._solve(a, b, y, times)
            yield b, y, times, sampled

    def _check_deadline(self, minutes: float) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise SimulationTimeout(minutes / MIN_PER_DAY)

    def _solver_rhs(self) -> Callable[[float, np.ndarray], np.ndarray]:
        """The right-hand side for the solver: checks the deadline on every call, so even one
        stuck integration stops (an exception raised here leaves solve_ivp)."""
        rhs, deadline = self.equations.rhs, self.deadline
        if deadline is None:
            return rhs
        clock = time.monotonic

        def timed(t: float, y: np.ndarray) -> np.ndarray:
            if clock() > deadline:
                raise SimulationTimeout(t / MIN_PER_DAY)
            return rhs(t, y)

        return timed

    def _solve(self, a: float, b: float, y0: np.ndarray, t_eval: np.ndarray
               ) -> tuple[np.ndarray, list[np.ndarray]]:
        if b - a < MIN_SPAN_MINUTES:  # instantaneous (see MIN_SPAN_MINUTES)
            return y0, [y0.copy() for _ in t_eval]
        try:
            ends_on_sample = len(t_eval) > 0 and t_eval[-1] >= b
            times = t_eval if ends_on_sample else np.append(t_eval, b)
            with _LSODA_LOCK:
                sol = solve_ivp(self._solver_rhs(), (a, b), y0, method="LSODA", rtol=RTOL,
                                atol=self._atol, t_eval=times, jac=self._jacobian)
        except (ValueError, ArithmeticError) as exc:  # a non-finite value inside the solver
            raise SimulationError(f"solver failed near day {a / MIN_PER_DAY:.2f}: {exc}") from exc
        if not sol.success or not np.all(np.isfinite(sol.y)):
            raise SimulationError(f"solver failed near day {a / MIN_PER_DAY:.2f}: {sol.message}")
        ys = np.maximum(sol.y, 0.0)  # round-off below zero is not biology
        return ys[:, -1].copy(), [ys[:, i].copy() for i in range(len(t_eval))]

    def _row(self, minutes: float, y: np.ndarray) -> list[float]:
        return output_row(self.params, minutes / MIN_PER_DAY, y.tolist(), self._fasting_for(minutes))

    def _fasting_for(self, minutes: float) -> tuple[float, float]:
        day_index = int(math.floor((minutes - self._fasting_minute) / MIN_PER_DAY + 1e-9))
        while day_index not in self._fasting and day_index >= -1:
            day_index -= 1
        return self._fasting.get(day_index, self._fasting[min(self._fasting)])

    def _prune_fasting(self) -> None:
        if len(self._fasting) > 8:
            for key in sorted(self._fasting)[:-8]:
                del self._fasting[key]


_PATTERN: list[np.ndarray] = []


def _pattern(eq: Equations) -> np.ndarray:
    """The Jacobian's sparsity pattern; the same for every parameter set, so found once."""
    if not _PATTERN:
        saved = eq.switches.copy()

        def set_switches(values: np.ndarray) -> None:
            eq.switches[:] = values

        n = len(eq.switches)
        sets = [np.zeros(n), np.ones(n), (np.arange(n) % 2).astype(float)]
        _PATTERN.append(sparsity_pattern(eq.rhs, _nominal_state(eq) + 0.05, sets, set_switches))
        eq.switches[:] = saved
    return _PATTERN[0]


@lru_cache(maxsize=8)
def _healthy_start(overrides: tuple[tuple[str, float], ...]) -> tuple[np.ndarray, tuple[float, float]]:
    """The healthy adult at midnight after a warm-up with meals, and the last fasting values: stored
    in model/healthy_start.json for the default parameters, run in for any others."""
    stored = healthy_start.load(start_fingerprint(overrides), N_STATES)
    return stored if stored is not None else run_in(overrides)


def start_fingerprint(overrides: tuple[tuple[str, float], ...] = ()) -> str:
    return healthy_start.fingerprint(make_parameters(dict(overrides)), WARM_UP_DAYS, N_STATES)


def run_in(overrides: tuple[tuple[str, float], ...]) -> tuple[np.ndarray, tuple[float, float]]:
    """Simulate the warm-up from the nominal state: the healthy start, and its last fasting values."""
    sim = Simulation.__new__(Simulation)
    sim.parameter_overrides = dict(overrides)
    sim.params = make_parameters(sim.parameter_overrides)
    sim.equations = Equations(sim.params)
    sim._atol = _absolute_tolerances(sim.equations)
    sim._jacobian = GroupedJacobian(sim.equations.rhs, _pattern(sim.equations))
    sim._fasting_minute = sim.params.fasting_hour * 60.0
    sim.deadline = getattr(_BUILDING, "deadline", None)
    sim.state = _nominal_state(sim.equations)
    sim.minutes = 0.0
    sim._fasting = {-1: (sim.params.glucose_basal, sim.params.insulin_basal)}
    sim.advance_to(WARM_UP_DAYS * MIN_PER_DAY)
    last = max(sim._fasting)
    return sim.state.copy(), sim._fasting[last]
