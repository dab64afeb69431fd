"""The two reference subjects (resources/subjects.toml): each starts healthy in its own body, a switch
that does not apply to the body is refused everywhere with a clear message, and the subject travels
through scenarios, sessions, the command line, the SBML export, presets, lessons and the window."""

from __future__ import annotations

import io
import json

import pytest
from conftest import scenario_run

from model.cli import main
from model.parameters import default_values
from model.scenario import ScenarioError, scenario_from_dict
from model.simulation import Simulation
from model.subjects import NotApplicable, get_subject, subject_ids, subjects
from model.toggles import TOGGLES_BY_ID, ToggleEvent
from ui.session import Session, session_from_dict
from ui.state import ExplorerState

SCENARIO = {"format": "insulin-pathway-explorer/scenario", "version": 1}


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# --- the subjects' file --------------------------------------------------------------------------

def test_the_man_and_the_woman_each_refuse_the_other_bodys_switches():
    assert subject_ids() == ("man", "woman")
    assert get_subject("man").not_applicable == {"menopause", "hormone_therapy"}
    assert get_subject("woman").not_applicable == {"low_testosterone", "trt"}
    with pytest.raises(ValueError, match="unknown subject 'child' \\(choose man or woman\\)"):
        get_subject("child")


def test_every_value_of_a_subject_is_a_known_parameter_with_a_source():
    known = default_values()
    for body in subjects().values():
        assert body.label and body.description and body.why
        for name, value in body.parameters.items():
            assert name in known
            assert len(body.sources[name]) > 20, name
            assert value != known[name], f"{body.id}: {name} repeats parameters.toml"


# --- the model -----------------------------------------------------------------------------------

def test_the_woman_starts_healthy_in_her_own_body():
    man, woman = Simulation().outputs(), Simulation(subject="woman").outputs()
    assert woman["visceral_fat"] == pytest.approx(0.8, rel=1e-3)
    assert woman["subcutaneous_fat"] == pytest.approx(16.0, rel=1e-3)
    assert woman["lean_mass"] == pytest.approx(42.0, rel=1e-3)
    assert woman["testosterone"] == pytest.approx(30.0, rel=1e-3)
    assert man["testosterone"] == pytest.approx(550.0, rel=1e-3)
    # Per kilogram, both start with the same healthy insulin sensitivity and HOMA-IR.
    assert woman["insulin_sensitivity"] == pytest.approx(man["insulin_sensitivity"], rel=0.02)
    assert woman["homa_ir"] == pytest.approx(man["homa_ir"], rel=0.05)
    later, _ = scenario_run(30.0, (), 24.0, "woman")
    assert later.at_day(30.0)["visceral_fat"] == pytest.approx(0.8, rel=0.01)  # she stays healthy


def test_a_switch_that_does_not_apply_is_refused_by_the_model():
    woman = Simulation(subject="woman")
    with pytest.raises(NotApplicable, match="'trt' does not apply to the woman: .*--subject man"):
        woman.set_toggle("trt", True)
    woman.set_toggle("trt", False)  # switching off is always allowed
    with pytest.raises(NotApplicable):
        woman.schedule([ToggleEvent(3.0, "low_testosterone", True)])
    with pytest.raises(NotApplicable, match="menopause"):
        Simulation().run(1.0, [ToggleEvent(0.0, "menopause", True)])
    assert woman.planned == () and woman.toggles()["trt"] is False


def test_set_subject_starts_again_healthy_and_keeps_the_parameters_asked_for():
    sim = Simulation({"fat_tau": 45.0})
    sim.set_toggle("high_fat_diet", True)
    sim.advance(600.0)
    sim.set_subject("woman")
    assert sim.minutes == 0.0 and not any(sim.toggles().values())
    assert sim.params.fat_tau == 45.0 and sim.params.visceral_fat_healthy == 0.8
    assert sim.outputs()["visceral_fat"] == pytest.approx(0.8, rel=1e-3)


def test_menopause_moves_fat_to_the_abdomen_and_hormone_therapy_gives_some_back():
    menopause = ((0.0, "menopause", True),)
    treated = menopause + ((365.0, "hormone_therapy", True),)
    after, _ = scenario_run(730.0, menopause, 24.0, "woman")
    therapy, _ = scenario_run(730.0, treated, 24.0, "woman")
    start, placebo, hrt = after.at_day(0.0), after.at_day(730.0), therapy.at_day(730.0)
    assert placebo["oestrogen"] < 0.3 and placebo["visceral_fat"] > 1.3 * start["visceral_fat"]
    assert placebo["insulin_sensitivity"] < start["insulin_sensitivity"]
    assert placebo["homa_ir"] > start["homa_ir"]
    assert start["homa_ir"] < hrt["homa_ir"] < placebo["homa_ir"]  # part way back, not all the way
    assert hrt["oestrogen"] > placebo["oestrogen"] + 0.2


# --- files and the command line ------------------------------------------------------------------

def test_a_scenario_names_its_subject_and_its_switches_must_apply():
    assert scenario_from_dict({**SCENARIO, "subject": "woman"}).subject == "woman"
    assert scenario_from_dict(SCENARIO).subject is None
    with pytest.raises(ScenarioError, match="unknown subject 'girl'"):
        scenario_from_dict({**SCENARIO, "subject": "girl"})
    with pytest.raises(ScenarioError, match="\"subject\" must be text"):
        scenario_from_dict({**SCENARIO, "subject": 1})
    events = [{"day": 0, "toggle": "trt"}]
    with pytest.raises(ScenarioError, match="'trt' does not apply to the woman"):
        scenario_from_dict({**SCENARIO, "subject": "woman", "events": events})


def test_the_command_line_takes_a_subject_and_refuses_a_switch_that_does_not_apply():
    code, out, err = call("--headless", "--days", "1", "--subject", "woman", "--on", "menopause",
                          "--sample-hours", "24")
    assert code == 0, err
    rows = [line.split(",") for line in out.splitlines()]
    assert float(rows[1][rows[0].index("visceral_fat")]) == pytest.approx(0.8, rel=1e-3)
    for argv, message in (
            (("--on", "menopause"), "error: --subject man: 'menopause' does not apply to the man: "),
            (("--subject", "woman", "--on", "trt@2"), "'trt' does not apply to the woman"),
            (("--subject", "alien"), "error: --subject: unknown subject 'alien' (choose man or woman)")):
        code, out, err = call("--headless", "--days", "3", *argv)
        assert code == 2 and out == "" and err.startswith("error: ") and message in err
        assert len(err.splitlines()) == 1
    code, out, err = call("--experiment", "clamp", "--subject", "woman")
    assert code == 2 and "drop --subject" in err
    code, out, _ = call("--list-subjects")
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == ["man", "woman"]


def test_the_sbml_export_carries_the_subjects_values(tmp_path):
    pytest.importorskip("libsbml")
    target = tmp_path / "woman.xml"
    code, _, err = call("--export-sbml", str(target), "--subject", "woman", "--on", "menopause")
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert 'id="visceral_fat_healthy" value="0.8"' in text and "reference woman" in text


def test_a_session_keeps_its_subject_and_an_old_one_is_the_man():
    session = Session(day=2.0, events=[ToggleEvent(0.0, "menopause", True)], subject="woman")
    data = json.loads(json.dumps(session.to_dict()))
    assert data["scenario"]["subject"] == "woman"
    assert session_from_dict(data, "s.json").subject == "woman"
    del data["scenario"]["subject"]
    with pytest.raises(ValueError, match="'menopause' does not apply to the man"):
        session_from_dict(data, "old.json")
    data["scenario"]["events"] = []
    assert session_from_dict(data, "old.json").subject == "man"


# --- the window's state --------------------------------------------------------------------------

def test_the_state_changes_subject_only_by_asking_and_refuses_what_does_not_apply(qtbot):
    state = ExplorerState()
    calls: list[tuple] = []
    for name in ("subject_requested", "subject_changed", "switch_requested", "switch_changed", "refused"):
        getattr(state, name).connect(lambda *args, name=name: calls.append((name, *args)))
    state.set_switch("trt", True)
    assert state.set_subject("woman")
    assert state.switches["trt"] is False and state.dirty
    assert calls[-3:] == [("switch_changed", "trt", False), ("subject_changed", "woman"),
                          ("subject_requested", "woman")]
    calls.clear()
    assert not state.set_switch("trt", True)
    assert calls[0] == ("refused", f"{TOGGLES_BY_ID['trt'].label} does not apply to the woman: "
                                   "choose the other subject at the top of the switches first.")
    assert calls[1] == ("switch_changed", "trt", False)  # the box springs back
    assert not any(name == "switch_requested" for name, *_ in calls)
    assert state.to_session().subject == "woman"
    calls.clear()
    state.set_subject("woman")  # the same again: nothing to do
    assert calls == []


def test_the_window_switches_subject_from_the_panel_and_a_preset_picks_its_own(qtbot):
    from bridge import scripted_window

    win, bridge = scripted_window(qtbot)
    win.toggles._subject.setCurrentIndex(1)  # Woman
    assert bridge.requests[-1] == ("subject", "woman") and win.state.subject == "woman"
    assert bridge.sim.outputs()["visceral_fat"] == pytest.approx(0.8, rel=1e-3)
    assert not win.toggles.checkbox("trt").isEnabled()
    qtbot.keyClick(win, "t")  # TRT's key: refused, and the status bar says why
    assert win.state.switches["trt"] is False
    assert "does not apply to the woman" in win.statusBar().currentMessage()
    win.lessons.apply_preset("hypogonadal_man_t2d")
    assert win.state.subject == "man" and win.toggles.subject() == "man"
    assert ("subject", "man") in bridge.requests
    win.lessons.apply_preset("perimenopause")
    assert win.state.subject == "woman" and win.toggles.checkbox("menopause").isEnabled()
