"""The compiled model (model/simulation.py): an independent integration of its own right-hand side
by scipy agrees with CVODE's; planned switches happen at their exact minute and are reported; HOMA-IR
reads the day's fasting values; a deadline stops a run; the compiled-model cache heals itself.

Before the earlier scipy engine was removed, the 17 reference scenarios (healthy and each toggle alone
for 180 days, every toggle for 365) were run on both and agreed within 0.35 % of each column's range
(model/README.md, "The engine")."""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np
import pytest
from scipy.integrate import solve_ivp

os.environ.setdefault("IPE_CACHE_DIR", tempfile.mkdtemp(prefix="ipe-test-cache-"))

from model import simulation  # noqa: E402
from model.outputs import OUTPUT_INDEX, OUTPUT_NAMES  # noqa: E402
from model.state import N_CORE, STATE_NAMES  # noqa: E402
from model.toggles import ToggleEvent  # noqa: E402

engine = simulation


@pytest.mark.parametrize("toggles", [(), ("high_fat_diet", "mitochondrial_dysfunction", "trt")])
def test_scipy_integrating_the_compiled_right_hand_side_agrees_with_cvode(toggles):
    """A day with three meals from the healthy start, exposures rising: scipy's Radau at tight
    tolerances on `rates_at` against the engine's own run, state by state."""
    sim = simulation.Simulation()
    for toggle in toggles:
        sim.set_toggle(toggle, True)
    y0, t0 = sim.state, sim.minutes
    end = t0 + 1440.0
    reference = solve_ivp(lambda t, y: sim.rates_at(t, y), (t0, end), y0, method="Radau",
                          rtol=1e-8, atol=1e-10, max_step=sim.params.meal_duration / 2)
    assert reference.success
    sim.advance_to(end)
    scale = np.maximum(np.abs(reference.y).max(axis=1), 1e-3)
    worst = np.abs(sim.state - reference.y[:, -1]) / scale
    assert worst.max() < 1e-3, {STATE_NAMES[i]: float(worst[i]) for i in np.argsort(-worst)[:3]}
    assert (sim.state[N_CORE:].max() > 0.05) == bool(toggles)  # the switched exposures rose


def test_planned_switches_happen_at_their_minute_and_are_reported_once():
    sim = simulation.Simulation()
    sim.schedule([ToggleEvent(1.5, "trt", True), ToggleEvent(0.25, "high_fat_diet", True)])
    assert [ev.toggle for ev in sim.planned] == ["high_fat_diet", "trt"]
    sim.advance_to(sim.minutes_at(1.0))
    assert sim.toggles()["high_fat_diet"] and not sim.toggles()["trt"]
    assert sim.take_applied() == [ToggleEvent(0.25, "high_fat_diet", True)]
    assert sim.take_applied() == []
    rows = sim.advance(1440.0, samples=48)
    assert sim.toggles()["trt"] and sim.planned == ()
    assert sim.take_applied() == [ToggleEvent(1.5, "trt", True)]
    exposure = rows[:, OUTPUT_INDEX["day"]]
    assert len(exposure) == 48
    sim.set_toggle("trt", False)
    assert sim.take_applied() == [ToggleEvent(sim.day, "trt", False)]
    sim.reset()
    assert sim.planned == () and sim.take_applied() == []


def test_a_plan_and_a_run_give_the_same_rows():
    events = [ToggleEvent(0.0, "high_fat_diet", True), ToggleEvent(2.5, "lifestyle", True)]
    run = simulation.Simulation().run(5.0, events, sample_hours=6.0).table
    planned = simulation.Simulation()
    planned.schedule(events)
    rows = planned.advance_to(5 * 1440.0, 360.0 * np.arange(1, 21))
    np.testing.assert_allclose(rows, run[1:], rtol=1e-6, atol=1e-9)


def test_rows_come_in_output_order_and_the_start_is_shared():
    sim = engine.Simulation()
    assert list(sim.outputs()) == list(OUTPUT_NAMES)
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
    sim = engine.Simulation(deadline=time.monotonic())
    with pytest.raises(engine.SimulationTimeout):
        sim.run(30.0, events)
    assert isinstance(engine.SimulationTimeout(1.0), simulation.SimulationError)


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


def test_a_warm_start_does_not_build_the_sbml_document():
    """With the compiled model cached, starting reads the definition's files, not libsbml (0.25 s)."""
    import subprocess
    import sys

    from conftest import ROOT

    engine.compiled_model()  # the cache is warm
    script = ("import sys; from model.simulation import Simulation; Simulation().advance(60.0); "
              "print('libsbml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_definition_fingerprint_follows_the_definition_files(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    real = simulation.definition_fingerprint()
    folder = Path(simulation.__file__).resolve().parent
    for name in simulation.DEFINITION_FILES:
        shutil.copy(folder / name, tmp_path / name)
    monkeypatch.setattr(simulation, "__file__", str(tmp_path / "simulation.py"))
    try:
        simulation.definition_fingerprint.cache_clear()
        assert simulation.definition_fingerprint() == real  # the same bytes, elsewhere
        simulation.definition_fingerprint.cache_clear()
        with (tmp_path / "sbml_equations.py").open("a") as f:
            f.write("\n# an edit\n")
        assert simulation.definition_fingerprint() != real
    finally:
        simulation.definition_fingerprint.cache_clear()
