"""SBML export: the file passes libsbml's checks, and an independent simulator (libroadrunner)
reproduces the app's own trajectories from it."""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

import libsbml
import numpy as np
import pytest
import roadrunner

from model import atomic, sbml
from model.cli import main
from model.parameters import parameter_table
from model.sbml_equations import DAILY_EVENTS
from model.simulation import Simulation
from model.state import CORE_STATES, STATE_NAMES
from model.toggles import TOGGLE_IDS, ToggleEvent

# Every kind of toggle, switched within three days so the fast terms of each are exercised.
EVERY_TOGGLE = (
    ToggleEvent(0.0, "high_fat_diet", True), ToggleEvent(0.3, "inflammation", True),
    ToggleEvent(0.6, "ceramide_accumulation", True), ToggleEvent(0.9, "mitochondrial_dysfunction", True),
    ToggleEvent(1.2, "growth_hormone", True), ToggleEvent(1.5, "lifestyle", True),
    ToggleEvent(1.8, "trt", True), ToggleEvent(2.0, "high_fat_diet", False),
    ToggleEvent(2.1, "sermorelin", True), ToggleEvent(2.2, "nlrp3_knockout", True),
    ToggleEvent(2.3, "ipamorelin_cjc1295", True), ToggleEvent(2.4, "er_stress", True),
    ToggleEvent(2.5, "dag_accumulation", True), ToggleEvent(2.6, "tesamorelin", True),
    ToggleEvent(2.7, "low_testosterone", True), ToggleEvent(2.8, "il1_blockade", True),
)
# The woman's own switches (menopause applies to her alone), with hormone therapy after it.
WOMAN = (ToggleEvent(0.0, "high_fat_diet", True), ToggleEvent(0.5, "menopause", True),
         ToggleEvent(1.5, "hormone_therapy", True), ToggleEvent(2.0, "lifestyle", True))
# Months: body composition, hormones and β-cell mass, with a therapy switched on half-way.
MONTHS = (ToggleEvent(0.0, "high_fat_diet", True), ToggleEvent(0.0, "low_testosterone", True),
          ToggleEvent(30.0, "lifestyle", True))
AGREEMENT = 0.01  # largest difference, as a fraction of the variable's largest value in the run


def app_states(events: tuple[ToggleEvent, ...], days: float, step_minutes: float,
               subject: str = "man") -> np.ndarray:
    """The app's own state vector at 0, step, 2·step, ... minutes (rows)."""
    sim = Simulation(subject=subject)
    pending = sorted(events, key=lambda e: e.day)
    rows = [sim.state.copy()]
    for t in np.arange(1, int(round(days * 1440 / step_minutes)) + 1) * step_minutes:
        while pending and pending[0].day * 1440 <= t:
            event = pending.pop(0)
            if event.day * 1440 > sim.minutes:
                sim.advance_to(event.day * 1440)
            sim.set_toggle(event.toggle, event.on)
        sim.advance_to(float(t))
        rows.append(sim.state.copy())
    return np.array(rows)


def roadrunner_for(events: tuple[ToggleEvent, ...], subject: str = "man") -> roadrunner.RoadRunner:
    rr = roadrunner.RoadRunner(sbml.to_string(sbml.build_document(events=events, subject=subject)))
    rr.integrator.relative_tolerance = 1e-8
    rr.integrator.absolute_tolerance = 1e-10
    rr.integrator.maximum_num_steps = 200_000
    rr.timeCourseSelections = ["time"] + [f"[{name}]" for name, _, _ in CORE_STATES] + [
        f"exposure_{t}" for t in TOGGLE_IDS]
    return rr


def roadrunner_states(rr: roadrunner.RoadRunner, days: float, step_minutes: float) -> np.ndarray:
    points = int(round(days * 1440 / step_minutes)) + 1
    return np.asarray(rr.simulate(0.0, days * 1440.0, points))[:, 1:]


def worst_differences(app: np.ndarray, other: np.ndarray) -> dict[str, float]:
    scale = np.maximum(np.max(np.abs(app), axis=0), 1e-9)
    worst = np.max(np.abs(app - other), axis=0) / scale
    return dict(zip(STATE_NAMES, worst.tolist(), strict=True))


@cache
def app_run(events: tuple[ToggleEvent, ...], days: float, step: float, subject: str = "man") -> np.ndarray:
    return app_states(events, days, step, subject)


def test_the_exported_model_passes_libsbml_consistency_checks():
    doc = sbml.build_document(events=EVERY_TOGGLE)
    assert (doc.getLevel(), doc.getVersion()) == (3, 1)
    assert sbml.consistency_errors(doc) == []
    reread = libsbml.readSBMLFromString(sbml.to_string(doc))
    assert reread.getNumErrors(libsbml.LIBSBML_SEV_ERROR) == 0
    assert sbml.consistency_errors(reread) == []


def test_every_state_parameter_and_toggle_is_in_the_file_with_its_unit():
    model = sbml.build_document().getModel()
    species = {model.getSpecies(i).getId() for i in range(model.getNumSpecies())}
    assert species == {name for name, _, _ in CORE_STATES}
    for info in parameter_table():
        parameter = model.getParameter(info.name)
        assert parameter is not None and parameter.getValue() == info.value
        assert info.unit in parameter.getNotesString()
    for toggle in TOGGLE_IDS:
        assert model.getParameter(f"switch_{toggle}").getValue() == 0.0
        assert model.getRateRule(f"exposure_{toggle}") is not None
    assert "not medical advice" in model.getNotesString()


def test_roadrunner_reproduces_the_apps_trajectories_with_every_toggle():
    app = app_run(EVERY_TOGGLE, 3.0, 60.0)
    other = roadrunner_states(roadrunner_for(EVERY_TOGGLE), 3.0, 60.0)
    worst = worst_differences(app, other)
    assert max(worst.values()) < AGREEMENT, {k: v for k, v in worst.items() if v >= AGREEMENT}
    # The run really moved: exposures rose, glucose followed meals.
    assert app[-1, STATE_NAMES.index("exposure_il1_blockade")] > 0.0
    glucose = app[:, STATE_NAMES.index("glucose")]
    assert glucose.max() - glucose.min() > 1.0


def test_the_woman_exported_is_the_woman_simulated():
    app = app_run(WOMAN, 3.0, 60.0, "woman")
    other = roadrunner_states(roadrunner_for(WOMAN, "woman"), 3.0, 60.0)
    worst = worst_differences(app, other)
    assert max(worst.values()) < AGREEMENT, {k: v for k, v in worst.items() if v >= AGREEMENT}
    assert app[0, STATE_NAMES.index("visceral_fat")] == pytest.approx(0.8)  # her own body
    assert app[-1, STATE_NAMES.index("exposure_hormone_therapy")] > 0.0
    doc = sbml.build_document(events=WOMAN, subject="woman")
    assert "reference woman" in doc.getModel().getNotesString()


def test_roadrunner_reproduces_months_of_body_composition():
    app = app_run(MONTHS, 60.0, 720.0)
    other = roadrunner_states(roadrunner_for(MONTHS), 60.0, 720.0)
    worst = worst_differences(app, other)
    assert max(worst.values()) < AGREEMENT, {k: v for k, v in worst.items() if v >= AGREEMENT}
    visceral = app[:, STATE_NAMES.index("visceral_fat")]
    assert visceral[60] > 1.2 * visceral[0]  # the diet and low testosterone added visceral fat


def test_the_comparison_notices_a_wrong_equation():
    """A 10 % change to one parameter in the exported model must break the agreement."""
    app = app_run(EVERY_TOGGLE, 3.0, 60.0)
    rr = roadrunner_for(EVERY_TOGGLE)
    rr.glut4_vmax = 1.1 * rr.glut4_vmax
    worst = worst_differences(app, roadrunner_states(rr, 3.0, 60.0))
    assert worst["glucose"] > AGREEMENT


def test_the_months_comparison_notices_a_wrong_slow_term():
    """A 10 % change to a slow term (visceral fat's time constant) must break the 60-day agreement,
    which the 3-day comparison above could not see."""
    app = app_run(MONTHS, 60.0, 720.0)
    rr = roadrunner_for(MONTHS)
    rr.fat_tau = 1.1 * rr.fat_tau
    worst = worst_differences(app, roadrunner_states(rr, 60.0, 720.0))
    assert worst["visceral_fat"] > AGREEMENT


def test_switches_at_day_zero_are_initial_values_and_a_later_switch_on_the_same_day_wins():
    events = [ToggleEvent(0.0, "trt", True), ToggleEvent(2.0, "lifestyle", True),
              ToggleEvent(2.0, "lifestyle", False)]
    model = sbml.build_document(events=events).getModel()
    assert model.getParameter("switch_trt").getValue() == 1.0
    switches = [model.getEvent(i) for i in range(model.getNumEvents())
                if model.getEvent(i).getId() not in DAILY_EVENTS]  # HOMA-IR's and the 2-h reading
    assert len(switches) == 1
    assignment = switches[0].getEventAssignment(0)
    assert assignment.getVariable() == "switch_lifestyle"
    assert libsbml.formulaToL3String(assignment.getMath()) == "0"


def test_scenario_parameters_go_into_the_file(tmp_path):
    scenario = tmp_path / "s.json"
    scenario.write_text('{"format": "insulin-pathway-explorer/scenario", "version": 1, '
                        '"parameters": {"glut4_vmax": 3.5}, '
                        '"events": [{"day": 1, "toggle": "lifestyle", "on": true}]}')
    out = tmp_path / "model.xml"
    assert call("--export-sbml", str(out), "--scenario", str(scenario), "--on", "trt@2")[0] == 0
    model = libsbml.readSBMLFromFile(str(out)).getModel()
    assert model.getParameter("glut4_vmax").getValue() == 3.5
    names = {model.getEvent(i).getName() for i in range(model.getNumEvents())
             if model.getEvent(i).getId() not in DAILY_EVENTS}
    assert sorted(names) == ["lifestyle on at day 1", "trt on at day 2"]


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("where", ["missing-folder", "folder"])
def test_export_to_an_unusable_path_gives_one_line_and_exit_2(where, tmp_path):
    target = tmp_path / "no" / "m.xml" if where == "missing-folder" else tmp_path
    code, out, err = call("--export-sbml", str(target))
    assert code == 2 and out == ""
    assert err.startswith("error: --export-sbml") and err.count("\n") == 1


def test_a_failed_export_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "model.xml"
    target.write_text("previous")

    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    code, _, err = call("--export-sbml", str(target))
    assert code == 2 and "No space left on device" in err
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.xml"]


def test_export_csv_is_the_headless_csv_option(tmp_path):
    out = tmp_path / "run.csv"
    assert call("--headless", "--days", "1", "--sample-hours", "6", "--export-csv", str(out))[0] == 0
    assert len(out.read_text().splitlines()) == 1 + 5
    assert not any(Path(p).name.endswith(".tmp") for p in os.listdir(tmp_path))
