"""The explorer's state (ui/state.py) on its own, with no window: requests go out as signals, the
views are told of every change, a busy state refuses, and snapshots are the only writer of what the
model did. One window test changes a switch only through the state and sees the views follow."""

from __future__ import annotations

import numpy as np
import pytest

from model.toggles import TOGGLE_IDS, ToggleEvent
from ui.session import Session
from ui.state import ExplorerState
from ui.worker import Snapshot


class Recorder:
    """Every signal the state emits, in order, as (name, arguments)."""

    def __init__(self, state: ExplorerState) -> None:
        self.calls: list[tuple] = []
        for name in ("switch_requested", "speed_requested", "pause_requested", "reset_requested",
                     "schedule_requested", "replay_requested", "switch_changed", "speed_changed",
                     "paused_changed", "level_changed", "selection_changed", "switch_applied",
                     "reset_applied", "dirty_changed", "changed", "refused"):
            getattr(state, name).connect(lambda *args, name=name: self.calls.append((name, *args)))

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]


def snapshot(day: float, applied=(), reset=False, rows=None) -> Snapshot:
    rows = np.array([[day, 1.0]]) if rows is None else rows
    return Snapshot(rows=rows, day=day, toggles={}, exposures={}, speed=60.0, achieved_speed=60.0,
                    paused=False, applied=list(applied), reset=reset)


@pytest.fixture
def state(qtbot):
    return ExplorerState(speed=60.0)


def test_a_switch_is_asked_of_the_model_and_shown_to_the_views(state):
    seen = Recorder(state)
    assert state.set_switch("high_fat_diet", True)
    assert state.switches["high_fat_diet"]
    assert seen.calls == [("switch_changed", "high_fat_diet", True),
                          ("switch_requested", "high_fat_diet", True)]
    with pytest.raises(KeyError):
        state.set_switch("sugar", True)


def test_while_a_session_opens_switches_and_reset_are_refused_and_the_view_springs_back(state):
    seen = Recorder(state)
    state.set_busy(True)
    assert not state.set_switch("inflammation", True)
    assert not state.reset()
    assert not state.switches["inflammation"]
    assert ("switch_changed", "inflammation", False) in seen.calls  # a ticked box unticks
    assert "switch_requested" not in seen.names() and "reset_requested" not in seen.names()
    assert seen.names().count("refused") == 2


def test_speed_snaps_to_a_preset_and_level_is_checked(state):
    seen = Recorder(state)
    state.set_speed(50_000)
    assert state.speed == 43200.0
    assert ("speed_requested", 43200.0) in seen.calls and ("speed_changed", 43200.0) in seen.calls
    state.set_level(1)
    assert state.level == 1 and ("level_changed", 1) in seen.calls
    with pytest.raises(ValueError):
        state.set_level(4)


def test_snapshots_alone_write_the_day_the_row_and_the_history(state):
    seen = Recorder(state)
    state.apply_snapshot(snapshot(0.5, [ToggleEvent(0.25, "trt", True)]))
    assert state.day == 0.5 and state.row.tolist() == [0.5, 1.0]
    assert state.history == [ToggleEvent(0.25, "trt", True)]
    assert state.switches["trt"]  # a scheduled switch shows too
    assert state.dirty and "changed" in seen.names()
    state.set_dirty(False)
    state.apply_snapshot(snapshot(0.0, [ToggleEvent(0.0, "lifestyle", True)], reset=True))
    assert state.history == [ToggleEvent(0.0, "lifestyle", True)]  # a replay: history anew
    assert not state.dirty  # and not a change
    assert not state.switches["trt"] and state.switches["lifestyle"]
    assert "reset_applied" in seen.names()


def test_a_session_round_trip_goes_through_the_state(state):
    state.apply_snapshot(snapshot(3.0, [ToggleEvent(1.0, "er_stress", True)]))
    state.set_speed(1440.0)
    state.set_level(2)
    state.select("irs1")
    session = state.to_session()
    assert session == Session(day=3.0, events=[ToggleEvent(1.0, "er_stress", True)], speed=1440.0,
                              paused=False, level=2, selected_node="irs1")
    other = ExplorerState()
    seen = Recorder(other)
    other.load_session(session)
    assert (other.speed, other.level, other.selected_node, other.dirty) == (1440.0, 2, "irs1", False)
    assert other.busy and not other.set_switch("trt", True)  # switches wait for the replay
    assert ("replay_requested", [ToggleEvent(1.0, "er_stress", True)], 3.0) in seen.calls


def test_every_view_follows_a_switch_asked_of_the_state(qtbot):
    from bridge import scripted_window

    from model.toggles import TOGGLES_BY_ID

    win, bridge = scripted_window(qtbot)
    win.state.set_switch("high_fat_diet", True)  # the only call: every view follows the state
    assert win.toggles.states()["high_fat_diet"]  # the panel's checkbox
    assert bridge.requests[-1] == ("toggle", "high_fat_diet", True)  # the model
    bridge.advance(1.0)
    assert win.history[-1].toggle == "high_fat_diet"  # the history, from the model's snapshot
    assert any(item.toggle_kind for item in win.view.node_items.values())  # the diagram's marks
    label = TOGGLES_BY_ID["high_fat_diet"].label
    assert any(text.endswith(label) for _, text in win.plots.markers())  # the plots' marker
    assert win.files.dirty  # the unsaved flag
    assert win.handout_facts().switches["high_fat_diet"]  # what the handout would print
    assert win.state.to_session().events == win.history  # what a save would write
    win.state.set_level(1)
    assert win.level_actions[1].isChecked() and win.view.level == 1  # the menu and the diagram
    win.state.set_speed(1440.0)
    assert win.toggles.speed() == 1440.0 and bridge.speed == 1440.0
    win.state.set_paused(True)
    assert win.toggles.is_paused() and bridge.paused
    win.state.set_highlight({"irs1"})
    assert win.view.highlighted == {"irs1"}
    win.state.select("nlrp3")  # a deeper node: the level follows it
    assert win.info.current_node_id == "nlrp3" and win.state.level == 3 and win.view.level == 3
    assert all(toggle in win.state.switches for toggle in TOGGLE_IDS)
    win.close()


def test_pausing_stills_the_diagram_and_resuming_restarts_it(qtbot):
    from bridge import scripted_window

    win, _ = scripted_window(qtbot)
    assert win.view.animating
    win.state.set_paused(True)
    assert not win.view.animating
    win.state.set_paused(False)
    assert win.view.animating
    win.state.model_paused(True)  # a solver failure pauses the model: the diagram stands still too
    assert not win.view.animating
    win.close()


def test_a_run_ahead_is_asked_of_the_model_and_makes_the_state_busy(state):
    calls = Recorder(state)
    state.run_ahead_requested.connect(lambda day: calls.calls.append(("run_ahead_requested", day)))
    state.day = 10.0
    assert state.run_ahead(28.0)
    assert state.busy and calls.calls[-1] == ("run_ahead_requested", 28.0)
    assert not state.run_ahead(1.0) and not state.set_switch("trt", True)  # busy: refused
    state.set_busy(False)
    assert not state.run_to_day(5.0)  # not after today
    assert calls.calls[-1][0] == "refused" and "not after today" in calls.calls[-1][1]
    assert state.run_to_day(12.5) and calls.calls[-1] == ("run_ahead_requested", 2.5)
    with pytest.raises(ValueError):
        state.run_ahead(float("nan"))


def test_the_run_menu_runs_24_weeks_behind_a_progress_dialog_and_keeps_the_history(qtbot):
    from bridge import scripted_window

    win, bridge = scripted_window(qtbot)
    win.state.set_switch("high_fat_diet", True)
    bridge.advance(1.0)
    paused = win.state.paused
    action = next(a for a in win.runs.actions if a.text() == "Run 24 weeks")
    action.trigger()
    assert ("run_ahead", 168.0) in bridge.requests
    assert win.state.day == pytest.approx(169.0) and not win.state.busy
    assert [e.toggle for e in win.state.history] == ["high_fat_diet"]  # the run went on
    x, _ = win.plots.series("plasma_glucose")
    assert x.max() == pytest.approx(169.0)
    assert win.plots.window_days() == pytest.approx(28.0)  # the live plots show its last four weeks
    win.trend.flush()
    assert win.trend.x_range()[1] >= 169.0  # the trend plot shows all of it, one value a day
    assert win.trend.line_data("homa_ir")[0][-1] == pytest.approx(169.0)
    assert win.state.paused == paused
    step = next(a for a in win.runs.actions if a.text() == "Step one day")
    assert step.shortcut().toString() == "Ctrl+Right"
    step.trigger()
    assert win.state.day == pytest.approx(170.0)
    win.close()
