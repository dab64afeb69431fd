"""The healthy adult: steady state in clinical ranges, realistic meals, a fast insulin response."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import scenario_run
from scipy.integrate import solve_ivp

from model import Simulation
from model.state import CONSERVED_POOLS, IDX, STATE_NAMES


@pytest.fixture(scope="module")
def healthy_month():
    trajectory, _ = scenario_run(30.0)
    return trajectory


def test_healthy_baseline_is_in_clinical_ranges(healthy_month):
    row = healthy_month.at_day(30)
    assert 4.4 <= row["plasma_glucose"] <= 5.6  # midnight, fasting-like, mmol/L
    assert 2.0 <= row["plasma_insulin"] <= 12.0  # µU/mL
    assert 0.5 <= row["homa_ir"] <= 2.0  # healthy HOMA-IR
    assert 7.0 <= row["insulin_sensitivity"] <= 12.0  # clamp M value, mg/kg/min
    assert 0.3 <= row["ffa"] <= 0.7
    assert 1.0 <= row["tnf_alpha"] <= 2.5 and 1.0 <= row["il6"] <= 2.5
    assert 300 <= row["testosterone"] <= 900
    assert row["irs1_ptyr"] < row["irs1_pser"] < 0.2  # fasting: little signalling, little block


def test_healthy_baseline_is_a_steady_state(healthy_month):
    start, end = healthy_month.at_day(1), healthy_month.at_day(30)
    for name in ("plasma_glucose", "plasma_insulin", "insulin_sensitivity", "homa_ir", "tnf_alpha",
                 "il1b", "visceral_fat", "testosterone", "dag", "ceramide", "beta_cell_mass"):
        assert end[name] == pytest.approx(start[name], rel=0.03), name


def test_a_meal_gives_a_realistic_glucose_curve():
    trajectory, _ = scenario_run(1.0, (), 1 / 6)  # every 10 minutes
    hours = trajectory.days * 24
    glucose = trajectory.column("plasma_glucose")
    insulin = trajectory.column("plasma_insulin")
    for meal_hour in (7.5, 12.5, 19.0):
        window = (hours >= meal_hour) & (hours <= meal_hour + 3)
        before = glucose[hours <= meal_hour][-1]
        peak_index = np.argmax(glucose[window])
        peak_minutes = (hours[window][peak_index] - meal_hour) * 60
        assert 6.5 <= glucose[window].max() <= 10.0
        assert 20 <= peak_minutes <= 90
        assert 25 <= insulin[window].max() <= 110
        # Dalla Man et al. 2007's normal subject is back within 10 % of fasting 224 min after a meal.
        four_hours = glucose[np.argmin(np.abs(hours - (meal_hour + 4)))]
        assert abs(four_hours - before) < 0.6
    uptake = trajectory.column("glucose_uptake")
    assert uptake.max() > 3 * uptake.min()  # uptake swings with meals


def test_insulin_step_moves_glut4_to_the_membrane_within_minutes():
    sim = Simulation()
    sim.advance_to(2 * 60.0)  # 02:00, long after dinner, no meal under way
    y0 = sim.state.copy()
    y0[IDX["insulin"]] = y0[IDX["insulin_remote"]] = 100.0  # cells in a dish see the medium at once

    def held(t, y):  # insulin and glucose clamped: only the cell responds
        d = sim.rates_at(t, y)
        d[IDX["insulin"]] = d[IDX["insulin_remote"]] = d[IDX["glucose"]] = 0.0
        return d

    minutes = np.arange(0, 61, 1.0)
    sol = solve_ivp(held, (120.0, 180.0), y0, method="LSODA", t_eval=120.0 + minutes, rtol=1e-6)
    surface = sol.y[IDX["glut4_surface"]]
    rise = surface - surface[0]
    assert surface[-1] > 5 * surface[0]
    half_time = minutes[np.argmax(rise >= 0.5 * rise[-1])]
    assert 2 <= half_time <= 15
    assert rise[30] >= 0.9 * rise[-1]
    receptor = sol.y[IDX["receptor_active"]]
    assert np.argmax(receptor >= 0.9 * receptor[-1]) <= 5  # receptor first, within minutes


@pytest.mark.parametrize("insulin", [6.0, 30.0, 100.0, 1000.0])
def test_the_clamps_closed_form_signalling_is_the_cells_steady_state(insulin):
    """The clamp and the liver read the signalling chain's closed form, whose S6K brake is one
    fixed-point step; cells held at that insulin for three hours must settle where it says."""
    sim = Simulation()
    sim.set_lever("freeze_body", 1.0)
    sim.set_lever("hold_insulin", 1.0)
    sim.set_lever("held_insulin", insulin)
    sim.advance(180.0, 1)
    settled = dict(zip(STATE_NAMES, sim.state, strict=True))
    closed = sim.signalling_at(insulin)
    for name in ("receptor_active", "receptor_internal", "irs1_ptyr", "akt_active", "glut4_surface"):
        assert closed[name] == pytest.approx(settled[name], rel=0.03, abs=1e-4), name
    # S6K1 itself is taken from the chain without its brake, so it reads up to 8 % high.
    assert closed["s6k_active"] == pytest.approx(settled["s6k_active"], rel=0.1, abs=1e-4)


def test_pools_are_conserved_and_values_finite_with_toggles():
    schedule = ((0.0, "high_fat_diet", True), (0.0, "mitochondrial_dysfunction", True),
                (5.0, "trt", True))
    trajectory, sim = scenario_run(20.0, schedule, 6.0)
    assert np.all(np.isfinite(trajectory.table))
    for pool in CONSERVED_POOLS.values():
        total = sum(sim.state[IDX[name]] for name in pool)
        assert total == pytest.approx(1.0, abs=1e-6)
