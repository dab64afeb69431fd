"""The diagram view alone, in a bare window, fed diagram states made from model rows: no window,
worker or state object (as Orange tests its canvas items in a bare scene)."""

from __future__ import annotations

import pytest
from conftest import on_from_start, scenario_run

from ui.diagram_state import diagram_state
from ui.main_window import load_pathway
from widgets.pathway_view import PathwayView


@pytest.fixture
def view(qtbot):
    graph = load_pathway()
    view = PathwayView(graph)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def state_after(days: float, *toggles: str):
    """The diagram state the window would draw after `days` with `toggles` on from the start."""
    trajectory, sim = scenario_run(days, on_from_start(*toggles), 1.0)
    return diagram_state(load_pathway(), trajectory.table[-1], sim.toggles(), sim.exposures())


def feed(view: PathwayView, state) -> None:
    view.set_activities(state.activities)
    view.set_edge_rates(state.edge_rates)
    view.set_toggle_marks(state.marks)
    view.set_faded(state.faded)


def test_a_stressor_lights_up_the_saboteurs_and_marks_where_it_acts(view):
    # 08:00: DAG follows the fatty acids within hours, so it is highest after the night's lipolysis.
    morning = 60.0 + 8 / 24
    feed(view, state_after(morning))
    healthy = {nid: item.activity for nid, item in view.node_items.items()}
    assert not any(item.toggle_kind for item in view.node_items.values())
    feed(view, state_after(morning, "high_fat_diet"))
    for saboteur in ("tnf_alpha", "jnk", "ikkb", "pkc", "ceramide", "pp2a", "nlrp3", "visceral_fat"):
        assert view.node_items[saboteur].activity > healthy[saboteur] + 0.07, saboteur
    assert view.node_items["testosterone"].activity < healthy["testosterone"]  # visceral fat lowers it
    marked = {nid for nid, item in view.node_items.items() if item.toggle_kind}
    assert "high_fat_diet" in marked and marked <= set(view.node_items)
    assert view.node_items["high_fat_diet"].toggle_kind == "stressor"


def test_therapies_that_are_off_are_drawn_faint(view):
    feed(view, state_after(1.0))
    assert view.node_items["trt"].opacity() < 0.5
    feed(view, state_after(1.0, "trt"))
    assert view.node_items["trt"].opacity() == 1.0


def test_levels_show_fewer_nodes_and_drop_a_hidden_selection(view, qtbot):
    with qtbot.waitSignal(view.node_selected) as picked:
        view.select_node("nlrp3")
    assert picked.args == ["nlrp3"] and view.selected_node == "nlrp3"
    view.set_level(1)
    assert not view.node_items["nlrp3"].isVisible() and view.node_items["irs1"].isVisible()
    assert view.selected_node is None
    for item in view.edge_items:  # an edge shows only with both its ends
        ends = (view.node_items[item.edge.source], view.node_items[item.edge.target])
        if item.isVisible():
            assert all(end.isVisible() for end in ends), item.edge.key


def test_a_highlight_dims_every_other_node_and_clears(view):
    view.set_highlight({"irs1", "pi3k"})
    assert view.highlighted == {"irs1", "pi3k"}
    assert not view.node_items["irs1"].dimmed and view.node_items["nlrp3"].dimmed
    view.set_highlight(None)
    assert view.highlighted is None and not any(item.dimmed for item in view.node_items.values())


def test_selecting_without_emitting_is_silent(view, qtbot):
    with qtbot.assertNotEmitted(view.node_selected):
        view.select_node("akt", emit=False)
    assert view.selected_node == "akt"


def test_a_paused_diagram_stops_its_clock_and_resumes_it(view):
    assert view.animating
    view.set_animating(False)
    assert not view.animating and not view.clock.isActive()
    view.set_animating(False)  # twice is harmless
    view.set_animating(True)
    assert view.animating
