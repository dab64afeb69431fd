"""The compiled engine (model/engine.py) against the scipy engine and its Python equations: the same
derivatives and output rows at random states, the same trajectories, and a cache that heals itself."""

from __future__ import annotations

import os
import tempfile
import time
from functools import cache

import numpy as np
import pytest

os.environ.setdefault("IPE_CACHE_DIR", tempfile.mkdtemp(prefix="ipe-test-cache-"))

from model import engine, simulation  # noqa: E402
from model.equations import Environment as PythonEnvironment  # noqa: E402
from model.equations import Equations, cascade_steady  # noqa: E402
from model.output_rows import output_row  # noqa: E402
from model.outputs import OUTPUT_INDEX, OUTPUT_NAMES  # noqa: E402
from model.state import N_CORE, STATE_NAMES  # noqa: E402
from model.toggles import TOGGLE_IDS, ToggleEvent  # noqa: E402

AGREEMENT = 0.01  # of each column's range in the scipy run (floored at 1 % of its largest value)
OVERRIDES = ({}, {"glut4_vmax": 3.5, "kinase_half_signal": 1.2, "gh_lean": 0.2, "meal_duration": 30.0})


def random_states(sim: engine.Simulation, n: int, seed: int):
    """(time, state, switches) around the healthy start: every exposure and switch anywhere in 0..1."""
    rng = np.random.default_rng(seed)
    base = sim.state
    for _ in range(n):
        y = base * rng.uniform(0.3, 2.0, len(base))
        y[N_CORE:] = rng.uniform(0.0, 1.0, len(base) - N_CORE)
        yield rng.uniform(0.0, 3 * 1440.0), y, (rng.uniform(size=len(TOGGLE_IDS)) > 0.5).astype(float)


def place(sim: engine.Simulation, t: float, y: np.ndarray, switches: np.ndarray) -> None:
    sim.state = y
    sim._set_time(t)
    for i, toggle in enumerate(TOGGLE_IDS):
        sim.set_toggle(toggle, bool(switches[i]))


@pytest.mark.parametrize("overrides", OVERRIDES)
def test_every_derivative_matches_the_python_equations_at_random_states(overrides):
    sim = engine.Simulation(overrides)
    eq = Equations(sim.params)
    for t, y, switches in random_states(sim, 150, seed=len(overrides)):
        place(sim, t, y, switches)
        eq.switches[:] = switches
        compiled, python = sim.rates(), eq.rhs(t, y)
        bad = ~np.isclose(compiled, python, rtol=1e-9, atol=1e-14)
        assert not bad.any(), {STATE_NAMES[i]: (compiled[i], python[i]) for i in np.flatnonzero(bad)}


@pytest.mark.parametrize("overrides", OVERRIDES)
def test_every_output_column_matches_the_python_rows_at_random_states(overrides):
    sim = engine.Simulation(overrides)
    for t, y, switches in random_states(sim, 100, seed=7 + len(overrides)):
        place(sim, t, y, switches)
        compiled = np.array([sim.outputs()[name] for name in OUTPUT_NAMES])
        python = np.array(output_row(sim.params, t / 1440.0, y.tolist(), sim.fasting))
        bad = ~np.isclose(compiled, python, rtol=1e-9, atol=1e-14)
        assert not bad.any(), {OUTPUT_NAMES[i]: (compiled[i], python[i]) for i in np.flatnonzero(bad)}
        probe = sim.signalling_at(30.0)
        expected = cascade_steady(sim.params, PythonEnvironment(sim.params, y.tolist()), 30.0,
                                  y[STATE_NAMES.index("pp2a_active")])
        assert probe == pytest.approx(expected, rel=1e-9)


def test_the_parity_check_notices_a_changed_term(monkeypatch):
    """Halving one growth-hormone effect in the Python copy must break the derivative parity."""
    sim = engine.Simulation()
    eq = Equations(sim.params)
    t, y, switches = next(random_states(sim, 1, seed=3))
    place(sim, t, y, switches)
    eq.switches[:] = switches
    monkeypatch.setattr(eq.p, "gh_lean", sim.params.gh_lean * 0.5)
    assert not np.allclose(sim.rates(), eq.rhs(t, y), rtol=1e-9, atol=1e-14)


def relative_differences(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    spread = old.max(axis=0) - old.min(axis=0)
    scale = np.maximum(spread, 0.01 * np.abs(old).max(axis=0))
    scale[scale == 0] = 1.0
    return np.abs(old - new).max(axis=0) / scale


@cache
def both(days: float, toggles: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    events = [ToggleEvent(0.0, t, True) for t in toggles]
    old = simulation.Simulation().run(days, events, sample_hours=2.0).table
    new = engine.Simulation().run(days, events, sample_hours=2.0).table
    return old, new


@pytest.mark.parametrize("days, toggles", [(30.0, ())] + [(20.0, (t,)) for t in TOGGLE_IDS]
                         + [(60.0, TOGGLE_IDS)],
                         ids=["healthy"] + list(TOGGLE_IDS) + ["every_toggle"])
def test_trajectories_agree_with_the_scipy_engine(days, toggles):
    old, new = both(days, toggles)
    assert old.shape == new.shape
    worst = relative_differences(old, new)
    beyond = {OUTPUT_NAMES[i]: float(worst[i]) for i in np.flatnonzero(worst >= AGREEMENT)}
    assert not beyond, beyond


def test_rows_come_in_output_order_and_the_start_is_shared():
    sim = engine.Simulation()
    assert list(sim.outputs()) == list(OUTPUT_NAMES)
    np.testing.assert_array_equal(sim.state, simulation.Simulation().state)
    rows = sim.advance(60.0, samples=4)
    np.testing.assert_allclose(rows[:, OUTPUT_INDEX["day"]] * 1440, [15, 30, 45, 60])


def test_homa_ir_reads_the_fasting_values_of_the_day():
    sim = engine.Simulation()
    before = sim.fasting
    rows = sim.advance_to(6.5 * 60.0, [6.5 * 60.0 - 1.0, 6.5 * 60.0])  # just before and at 06:30
    glucose, insulin = sim.fasting
    assert (glucose, insulin) != before
    assert glucose == pytest.approx(sim.outputs()["plasma_glucose"], rel=1e-5)
    assert rows[0, OUTPUT_INDEX["homa_ir"]] == pytest.approx(before[0] * before[1] / 22.5)
    assert rows[1, OUTPUT_INDEX["homa_ir"]] == pytest.approx(glucose * insulin / 22.5)


def test_iter_run_yields_the_rows_of_run_and_a_deadline_stops_it():
    events = [ToggleEvent(0.0, "high_fat_diet", True), ToggleEvent(12.5, "lifestyle", True)]
    whole = engine.Simulation().run(25.0, events, sample_hours=6.0).table
    blocks = list(engine.Simulation().iter_run(25.0, events, sample_hours=6.0))
    assert len(blocks) > 2
    np.testing.assert_allclose(np.vstack(blocks), whole, rtol=1e-6, atol=1e-9)
    sim = engine.Simulation()
    with pytest.raises(engine.SimulationTimeout):
        sim.run(30.0, events, deadline=time.perf_counter())
    assert isinstance(engine.SimulationTimeout(1.0), simulation.SimulationError)


def test_a_solver_failure_keeps_the_last_good_state():
    sim = engine.Simulation()
    sim.advance(30.0)
    before, clock = sim.state, sim.minutes
    sim._rr.integrator.maximum_num_steps = 2  # CVODE gives up at once
    with pytest.raises(simulation.SimulationError):
        sim.advance(600.0)
    assert sim.minutes == clock
    np.testing.assert_array_equal(sim.state, before)


def test_a_corrupt_or_stale_cache_file_is_rebuilt_without_error(tmp_path, monkeypatch):
    monkeypatch.setenv("IPE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(engine, "_COMPILED", {})
    engine.compiled_model()
    path = engine.cache_path()
    good = path.read_bytes()
    for broken in (good[: len(good) // 2], good[:-10] + b"0123456789", b"", b"not a model\n"):
        path.write_bytes(broken)
        monkeypatch.setattr(engine, "_COMPILED", {})
        sim = engine.Simulation()
        assert sim.advance(60.0).shape == (1, len(OUTPUT_NAMES))
        assert engine._read_cache(path, engine.fingerprint()) is not None  # rewritten whole
    monkeypatch.setattr(engine, "_COMPILED", {})
    assert engine._read_cache(path, "another fingerprint") is None  # stale: another definition
