"""The diagram view alone, in a bare window, fed diagram states made from model rows: no window,
worker or state object (as Orange tests its canvas items in a bare scene)."""

from __future__ import annotations

import pytest
from conftest import on_from_start, scenario_run
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from ui.diagram_state import diagram_state
from ui.main_window import load_pathway
from widgets.pathway_items import contrast
from widgets.pathway_view import PathwayView
from widgets.theme import THEMES


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


# --- keyboard focus: the ring, leaving by Tab, what a screen reader hears ------------------------------

@pytest.fixture
def framed(qtbot):
    """The view between two buttons in one window, as the diagram sits between the window's controls."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    frame = QWidget()
    before, after = QPushButton("before", frame), QPushButton("after", frame)
    view = PathwayView(load_pathway(), frame)
    layout = QVBoxLayout(frame)
    for widget in (before, view, after):
        layout.addWidget(widget)
    QWidget.setTabOrder(before, view)
    QWidget.setTabOrder(view, after)
    qtbot.addWidget(frame)
    frame.resize(1200, 860)
    with qtbot.waitExposed(frame):
        frame.show()
    frame.activateWindow()
    qtbot.waitUntil(frame.isActiveWindow)
    yield view, before, after  # (the frame stays referenced until the test ends)
    frame.close()


def tab(qtbot, forward: bool = True) -> None:
    from PySide6.QtWidgets import QApplication

    key = Qt.Key_Tab if forward else Qt.Key_Backtab
    qtbot.keyClick(QApplication.focusWidget(), key)


def test_the_keyboard_focused_node_wears_a_ring_apart_from_selection_and_highlight(framed, qtbot):
    view, before, _after = framed
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    assert not view.focus_ring.isVisible()
    tab(qtbot)  # into the diagram: its first node
    first = view.visible_nodes_in_reading_order()[0]
    assert view.hasFocus() and view.focused_node == first
    ring = view.focus_ring
    body = view.node_items[first].mapRectToScene(view.node_items[first].body_rect())
    assert ring.isVisible() and ring.body == body
    assert ring.zValue() > max(item.zValue() for item in view.node_items.values())
    assert view.selected_node is None  # the ring is not a selection
    view.select_node("nlrp3", emit=False)
    view.set_highlight({"nlrp3"})  # nor a lesson's highlight: both leave the ring where it is
    assert ring.isVisible() and ring.body == body
    tab(qtbot)
    second = view.visible_nodes_in_reading_order()[1]
    assert view.focused_node == second and view.selected_node == "nlrp3"
    assert ring.body == view.node_items[second].mapRectToScene(view.node_items[second].body_rect())
    before.setFocus()  # the ring belongs to the widget with the keys
    qtbot.waitUntil(lambda: not ring.isVisible())


def test_a_click_selects_without_a_ring(framed, qtbot):
    view, before, _after = framed
    point = view.mapFromScene(view.node_items["akt"].scenePos())
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point)
    assert view.selected_node == "akt" and not view.focus_ring.isVisible()
    qtbot.keyClick(view, Qt.Key_Right)  # the keys take over from there: now the ring shows
    assert view.focused_node != "akt" and view.focus_ring.isVisible()
    before.setFocus()
    qtbot.waitUntil(lambda: not view.focus_ring.isVisible())
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=QPoint(3, 3))  # back by a click on no node
    qtbot.waitUntil(view.hasFocus)
    assert not view.focus_ring.isVisible()


def ring_pixels(view, node_id: str) -> list[tuple[QColor, QColor]]:
    """(with ring, without) colours along a vertical line from just above the node's body upwards."""
    view.viewport().repaint()
    shown = view.viewport().grab().toImage()
    view.focus_ring.hide()
    bare = view.viewport().grab().toImage()
    view.focus_ring.show()
    item = view.node_items[node_id]
    top = view.mapFromScene(item.mapToScene(item.body_rect().topLeft() + QPointF(item.width * 0.4, 0)))
    return [(shown.pixelColor(top.x(), y), bare.pixelColor(top.x(), y))
            for y in range(top.y() - 1, max(top.y() - 40, 0), -1)]


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("scale", [0.3, 1.0, 4.0])
def test_the_ring_stands_out_in_every_theme_and_at_every_zoom(framed, qtbot, theme, scale):
    view, before, _after = framed
    view.set_theme(THEMES[theme])
    view.set_scale(scale)
    before.setFocus()
    tab(qtbot)
    node = view.focused_node
    view.centerOn(view.node_items[node])
    pairs = ring_pixels(view, node)
    changed = [i for i, (on, off) in enumerate(pairs) if on != off]
    assert changed, "no ring drawn above the node"
    # A band at least 4 px thick on screen, starting a few pixels out, whatever the zoom…
    assert 4 <= len(changed) <= 14 and changed[0] <= 8
    # …that differs from what it covers by at least 3:1 (WCAG 2.2's focus appearance) somewhere across it.
    assert max(contrast(on, off) for on, off in pairs) >= 3.0


def test_tab_leaves_the_diagram_after_its_last_node_and_shift_tab_before_its_first(framed, qtbot):
    view, before, after = framed
    order = view.visible_nodes_in_reading_order()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    reached = []
    for _ in order:
        tab(qtbot)
        reached.append(view.focused_node)
    assert reached == order and view.hasFocus()
    tab(qtbot)  # past the last node: the next control
    assert after.hasFocus() and view.focused_node is None and not view.focus_ring.isVisible()
    tab(qtbot, forward=False)  # back in, at the end it left from
    assert view.hasFocus() and view.focused_node == order[-1] and view.focus_ring.isVisible()
    for _ in order[1:]:
        tab(qtbot, forward=False)
    assert view.focused_node == order[0]
    tab(qtbot, forward=False)  # before the first node: the previous control
    assert before.hasFocus() and view.focused_node is None
    tab(qtbot)
    assert view.focused_node == order[0]


def test_a_screen_reader_hears_the_focused_node(framed, qtbot, monkeypatch):
    from PySide6.QtGui import QAccessible

    from ui.content import load_node_texts

    view, before, _after = framed
    texts = load_node_texts()
    view.set_summaries({nid: text.summary for nid, text in texts.items()})
    view.set_value_source(lambda nid: "150 % of healthy" if nid == "akt" else None)
    told = []
    monkeypatch.setattr(QAccessible, "updateAccessibility", lambda event: told.append(event.type()))
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface.text(QAccessible.Name) == "Pathway diagram"
    before.setFocus()
    tab(qtbot)
    view_order = view.visible_nodes_in_reading_order()
    while view.focused_node != "akt":
        tab(qtbot)
    assert len(told) >= view_order.index("akt") + 1 and set(told) == {QAccessible.Event.Focus}
    assert iface.text(QAccessible.Name) == "Akt, protein, 150 % of healthy"
    assert iface.text(QAccessible.Description).startswith(texts["akt"].summary)
    assert "Enter" in iface.text(QAccessible.Description)
    qtbot.keyClick(view, Qt.Key_Down)  # along an edge: the name follows (no value: name and kind)
    node = view.graph.nodes[view.focused_node]
    assert iface.text(QAccessible.Name) == f"{node.label}, {node.glyph}"
    assert iface.role() == QAccessible.Role.Client and iface.state().focused


@pytest.mark.parametrize("size", [(734, 134), (1024, 200)])
def test_a_short_view_settles_instead_of_flipping_its_scroll_bars(view, qtbot, size):
    """At the readable scale a short view needs a horizontal scroll bar; the bar used to shrink the
    viewport, the refit hid it, and the view resized itself for ever (a frozen window)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class CountResizes(QObject):
        count = 0

        def eventFilter(self, watched, event):  # noqa: N802 (Qt's)
            if event.type() == QEvent.Resize:
                self.count += 1
            return False

    counter = CountResizes()
    view.viewport().installEventFilter(counter)
    view.resize(*size)
    for _ in range(50):
        QApplication.processEvents()
    assert counter.count <= 3, counter.count
    assert view.transform().m11() == pytest.approx(view.readable_scale())  # labels stay readable
