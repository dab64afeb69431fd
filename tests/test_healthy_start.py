"""The stored healthy start (model/healthy_start.json) is the run-in's result, and is used only for the
parameters it was computed with."""

from __future__ import annotations

import numpy as np
import pytest

from model import healthy_start, simulation
from model.parameters import make_parameters
from model.state import N_STATES


@pytest.fixture(autouse=True)
def fresh_cache():
    simulation._healthy_start.cache_clear()
    yield
    simulation._healthy_start.cache_clear()


def test_the_stored_start_is_what_the_run_in_computes_for_todays_parameters():
    stored = healthy_start.load(simulation.start_fingerprint(), N_STATES)
    assert stored is not None, "model/healthy_start.json is stale: run python -m model.healthy_start"
    state, fasting = simulation.run_in(())
    # Within a few times the solver's own tolerance: CVODE's path may differ slightly between
    # roadrunner releases, while a stale file (changed equations) is off by far more.
    tolerance = 5 * simulation.RTOL
    assert np.allclose(stored[0], state, rtol=tolerance, atol=1e-9)
    assert np.allclose(stored[1], fasting, rtol=tolerance)


def test_the_default_simulation_starts_from_the_stored_state_without_a_run_in(monkeypatch):
    def refuse(overrides):
        raise AssertionError("ran in although the stored start fits")

    monkeypatch.setattr(simulation, "run_in", refuse)
    sim = simulation.Simulation()
    assert np.array_equal(sim.state, healthy_start.load(simulation.start_fingerprint(), N_STATES)[0])


def test_other_parameters_are_run_in(monkeypatch):
    calls = []
    real = simulation.run_in
    monkeypatch.setattr(simulation, "run_in", lambda overrides: calls.append(overrides) or real(overrides))
    simulation.Simulation({"fat_tau": 45.0})
    assert calls == [(("fat_tau", 45.0),)]


def test_any_parameter_change_changes_the_fingerprint():
    base = healthy_start.fingerprint(make_parameters(), 4, N_STATES)
    for name, value in vars(make_parameters()).items():
        changed = healthy_start.fingerprint(make_parameters({name: value * 1.001 + 1e-9}), 4, N_STATES)
        assert changed != base, name
    assert healthy_start.fingerprint(make_parameters(), 5, N_STATES) != base


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": "other"}',
                                  '{"format": "insulin-pathway-explorer/healthy-start", "fingerprint": "K", '
                                  '"state": [1, 2], "fasting": [5, 6]}',
                                  '{"format": "insulin-pathway-explorer/healthy-start", "fingerprint": "K", '
                                  '"state": "x", "fasting": [5, 6]}'])
def test_a_broken_store_is_ignored(tmp_path, text):
    path = tmp_path / "healthy_start.json"
    path.write_text(text, encoding="utf-8")
    assert healthy_start.load("K", N_STATES, path) is None
    assert healthy_start.load("K", N_STATES, tmp_path / "missing.json") is None


def test_store_and_load_round_trip_exactly(tmp_path):
    state = np.random.default_rng(1).random(N_STATES) * 1e3
    healthy_start.store("K", state, (4.9, 5.5, 6.1), tmp_path / "s.json")
    loaded, readings = healthy_start.load("K", N_STATES, tmp_path / "s.json")
    assert np.array_equal(loaded, state) and readings == (4.9, 5.5, 6.1)
    assert healthy_start.load("K", N_STATES, tmp_path / "s.json", n_readings=2) is None  # an older file
