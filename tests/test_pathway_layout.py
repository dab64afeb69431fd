"""The diagram's layout at each detail level (resources/pathway.json "layouts"), measured on the drawn
scene: edges routed around nodes, few crossings, labels inside their glyphs, captions clear of nodes,
flow dots off labels, and the legend.

Counts on the drawn paths (pairs of edges that share no node and cross; edges that pass through the box
of a node that is not one of their ends), before per-level layouts and routing (every level drawn at the
Academic positions with straight edges) and after:

    level            crossings     edges through unrelated nodes
    1 Fundamentals    7 ->  0        4 -> 0
    2 Intermediate   24 ->  4       10 -> 0
    3 Academic       50 -> 17       18 -> 0   (28 edge-node pairs -> 0)

The crossing limits below are those counts: a layout edit that adds a crossing fails here, and one that
removes some should lower the limit.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from ui.classroom import COMPARTMENT_FONT_SCALE
from ui.main_window import load_pathway
from widgets.pathway_items import LABEL_PIXELS
from widgets.pathway_legend import ROWS
from widgets.pathway_routes import boxes_overlap, count_crossings, edges_through_nodes, polyline_hits_box
from widgets.pathway_view import PathwayView

MAX_CROSSINGS = {1: 0, 2: 4, 3: 17}
LEVELS = sorted(MAX_CROSSINGS)
CLEARANCE = 4.0  # an edge keeps at least this far from a node it does not touch
NODE_GAP = 10.0  # between two nodes' boxes


@pytest.fixture
def view(qtbot):
    view = PathwayView(load_pathway())
    qtbot.addWidget(view)
    view.resize(1434, 659)  # the diagram's size in a 1920×1080 window
    view.show()
    return view


def grown(box: tuple[float, float, float, float], by: float) -> tuple[float, float, float, float]:
    x, y, w, h = box
    return x - by, y - by, w + 2 * by, h + 2 * by


def drawn(view: PathwayView, level: int):
    view.set_level(level)
    paths = {e.edge.key: e.points for e in view.edge_items if e.isVisible()}
    boxes = {nid: item.scene_box() for nid, item in view.node_items.items() if item.isVisible()}
    return paths, boxes


def test_the_levels_fit_the_file():
    assert set(load_pathway().layouts) == set(LEVELS)


@pytest.mark.parametrize("level", LEVELS)
def test_no_edge_runs_through_a_node_it_does_not_touch(view, level):
    paths, boxes = drawn(view, level)
    assert paths and boxes
    near = {nid: grown(box, CLEARANCE) for nid, box in boxes.items()}
    assert edges_through_nodes(paths, near) == []


@pytest.mark.parametrize("level", LEVELS)
def test_crossings_stay_at_or_under_the_curated_count(view, level):
    paths, _ = drawn(view, level)
    crossings = count_crossings(paths)
    assert len(crossings) <= MAX_CROSSINGS[level], crossings


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_fills_its_own_scene(view, level):
    """Nodes sit inside the scene, apart from each other and inside their compartment; the scene is no
    larger than the nodes need (the Fundamentals no longer keep the Academic positions)."""
    _, boxes = drawn(view, level)
    scene = view.sceneRect()
    for nid, box in boxes.items():
        assert scene.contains(QRectF(*box)), nid
        compartment = view.graph.nodes[nid].compartment
        rect = next(item.rect for item in view.compartment_items if item.compartment.id == compartment)
        assert rect.contains(QRectF(*box)), (nid, compartment)
    items = list(boxes.items())
    for i, (a, box_a) in enumerate(items):
        for b, box_b in items[i + 1:]:
            assert not boxes_overlap(grown(box_a, NODE_GAP / 2), grown(box_b, NODE_GAP / 2)), (a, b)
    used = QRectF()
    for box in boxes.values():
        used = used.united(QRectF(*box))
    assert used.width() * used.height() >= 0.6 * scene.width() * scene.height()


def test_the_fundamentals_are_drawn_larger_than_the_academic_level(view):
    scales = {}
    for level in LEVELS:
        view.set_level(level)
        scales[level] = view.transform().m11()
    assert scales[1] > scales[2] > scales[3]
    assert LABEL_PIXELS * scales[1] >= 14  # label pixels at 1080p; 10 before per-level layouts


@pytest.mark.parametrize("level", LEVELS)
def test_labels_fit_inside_their_glyphs(view, level):
    drawn(view, level)
    for nid, item in view.node_items.items():
        if not item.isVisible():
            continue
        metrics = QFontMetricsF(item.font)
        text_width, text_height = metrics.horizontalAdvance(item.node.label), metrics.ascent()
        space = item.label_rect()
        assert text_width <= space.width(), nid
        centre = space.center()
        text = QRectF(centre.x() - text_width / 2, centre.y() - text_height / 2, text_width, text_height)
        outline = item.glyph_path()
        for corner in (text.topLeft(), text.topRight(), text.bottomLeft(), text.bottomRight()):
            assert outline.contains(corner), (nid, corner)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("font_scale", [1.0, COMPARTMENT_FONT_SCALE])  # as drawn, and when presenting
def test_compartment_captions_are_clear_of_nodes(view, level, font_scale):
    _, boxes = drawn(view, level)
    for item in view.compartment_items:
        if not item.isVisible():
            continue
        item.set_font_scale(font_scale)
        caption = item.caption_rect()
        assert item.rect.contains(caption), item.compartment.id
        caption_box = (caption.x(), caption.y(), caption.width(), caption.height())
        hidden = [nid for nid, box in boxes.items() if boxes_overlap(box, caption_box)]
        assert hidden == [], (item.compartment.id, hidden)


@pytest.mark.parametrize("level", LEVELS)
def test_a_line_crossing_a_caption_passes_under_its_words(view, level):
    """Some edges must cross a compartment's caption (25 at the three levels). The caption sits on a
    plate of its compartment's colour, drawn over the edges and under the nodes, so the words stay
    whole; the plate covers the caption's text."""
    paths, _ = drawn(view, level)
    edge_z = max(e.zValue() for e in view.edge_items)
    node_z = min(n.zValue() for n in view.node_items.values())
    for item in view.compartment_items:
        caption = item.caption
        assert caption.isVisible() == item.isVisible(), item.compartment.id
        assert edge_z < caption.zValue() < node_z
        assert caption.sceneBoundingRect().contains(item.caption_rect())


@pytest.mark.parametrize("level", LEVELS)
def test_flow_dots_follow_the_route_and_stay_off_labels(view, level):
    paths, boxes = drawn(view, level)
    captions = [item.caption_rect() for item in view.compartment_items if item.isVisible()]
    keep_out = [QRectF(*box) for box in boxes.values()] + captions + [view.legend.sceneBoundingRect()]
    view.set_edge_rates({key: 1.0 for key in paths})
    for step in range(12):  # the dots at a dozen moments of the clock
        view.particles.advance_clock(0.07 * step)
        for edge in view.edge_items:
            if not edge.isVisible():
                continue
            for dot in view.particles.dot_points(edge):
                assert not any(box.contains(dot) for box in keep_out), (edge.edge.key, dot)
                assert polyline_hits_box(edge.points, (dot.x() - 0.5, dot.y() - 0.5, 1, 1)), edge.edge.key


def test_a_routed_edge_bends_through_its_waypoints(view):
    view.set_level(3)
    edge = next(e for e in view.edge_items if e.edge.key == ("growth_hormone", "pi3k"))
    waypoints = view.graph.waypoints(edge.edge, 3)
    assert len(waypoints) >= 2 and edge.points[1:-1] == list(waypoints)
    assert edge.shaft(QPointF(*edge.points[-1])).elementCount() > 2  # a polyline, not one straight line


@pytest.mark.parametrize("level", LEVELS)
def test_the_legend_is_readable_and_covers_nothing(view, level):
    paths, boxes = drawn(view, level)
    legend = view.legend
    assert legend.isVisible() and view.legend_visible
    box = legend.sceneBoundingRect()
    assert view.sceneRect().contains(box)
    assert legend.font.pixelSize() >= round(LABEL_PIXELS)  # at least the node labels' size
    area = (box.x(), box.y(), box.width(), box.height())
    assert [nid for nid, b in boxes.items() if boxes_overlap(b, area)] == []
    assert [key for key, points in paths.items() if polyline_hits_box(points, area)] == []
    assert [sample for sample, _ in ROWS] == ["arrow", "tbar", "fill", "bar", "halo", "dots"]


def test_the_legend_hides_and_returns(view):
    view.set_legend_visible(False)
    assert not view.legend.isVisible() and not view.legend_visible
    view.set_level(1)
    assert not view.legend.isVisible()  # a level change keeps the choice
    view.set_legend_visible(True)
    assert view.legend.isVisible()


def test_the_window_offers_the_legend_in_the_view_menu(qtbot):
    from bridge import scripted_window

    window, _bridge = scripted_window(qtbot)
    action = window.legend_action
    assert action in window.view_menu.actions() and action.isChecked()
    assert action.shortcut().toString() == "F7"
    action.trigger()
    assert not window.view.legend_visible
    window.close()
    again, _bridge = scripted_window(qtbot)  # remembered (the tests' settings are a throw-away folder)
    assert not again.view.legend_visible and not again.legend_action.isChecked()
    again.legend_action.trigger()
    assert again.view.legend_visible
    again.close()


@pytest.mark.parametrize("layout, named", [({"nodes": {"nowhere": [0, 0]}}, "nowhere"),
                                           ({"captions": {"attic": [0, 0]}}, "attic"),
                                           ({"routes": {"irs1 -> glucose": [[0, 0]]}}, "irs1 -> glucose")])
def test_a_layout_naming_what_the_file_lacks_is_refused_by_name(layout, named):
    import json

    from model.resources import resource_path
    from widgets.pathway_graph import GraphError, graph_from_dict

    data = json.loads(resource_path("pathway.json").read_text(encoding="utf-8"))
    data["layouts"]["2"] = layout
    with pytest.raises(GraphError, match=named):
        graph_from_dict(data)


def test_the_stretches_under_labels_are_found_along_a_bent_path():
    from widgets.pathway_routes import stretches_in_boxes

    path = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0)]  # 200 long, bending at 100
    boxes = [(40, -5, 20, 10), (95, 70, 10, 20), (50, -5, 20, 10)]  # two overlap on the first leg
    assert stretches_in_boxes(path, boxes) == [(40.0, 70.0), (170.0, 190.0)]
