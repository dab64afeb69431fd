"""From the model's newest output row to what the diagram shows: node activity, edge flux, marks.

All the choices are data in `resources/pathway.json` (each node's output column and the range that
maps to empty and full); this module only applies them.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.outputs import OUTPUT_INDEX, OUTPUTS
from model.toggles import TOGGLES_BY_ID
from widgets.pathway_graph import PathwayGraph

GH_THERAPIES = ("tesamorelin", "sermorelin", "ipamorelin_cjc1295", "growth_hormone")
CONSTANT_ACTIVITY = 0.5  # nodes the model does not vary (GLUT1 basal entry)


@dataclass
class DiagramState:
    activities: dict[str, float]
    edge_rates: dict[tuple[str, str], float]
    marks: dict[str, str]  # node id -> toggle kind, where a switched-on toggle acts
    faded: set[str]  # intervention nodes whose toggle is off


def node_activity(graph: PathwayGraph, node_id: str, row, exposures: dict[str, float]) -> float:
    node = graph.nodes.get(node_id)
    if node is None:  # an explained node the (unreadable) diagram does not draw
        return None
    if node.value and node.range:
        low, high = node.range
        value = float(row[OUTPUT_INDEX[node.value]])
        return min(max((value - low) / (high - low), 0.0), 1.0)
    if node_id in exposures:  # an intervention drawn as a node
        return exposures[node_id]
    if node_id == "gh_igf1":
        return min(1.0, 0.3 + max(exposures.get(t, 0.0) for t in GH_THERAPIES))
    return CONSTANT_ACTIVITY


def diagram_state(graph: PathwayGraph, row, toggles: dict[str, bool], exposures: dict[str, float]
                  ) -> DiagramState:
    activities = {nid: node_activity(graph, nid, row, exposures) for nid in graph.nodes}
    rates = {e.key: activities[e.source] for e in graph.edges}
    marks = {}
    for toggle, on in toggles.items():
        node = graph.toggle_nodes.get(toggle)
        if on and node:
            marks[node] = TOGGLES_BY_ID[toggle].kind
    faded = {nid for nid in graph.nodes if nid in TOGGLES_BY_ID and not toggles.get(nid, False)}
    return DiagramState(activities, rates, marks, faded)


def _value_parts(graph: PathwayGraph, node_id: str, row, healthy) -> tuple[str | None, str, str] | None:
    """(share of the healthy start or None, value with its unit, the column's meaning)."""
    node = graph.nodes.get(node_id)
    if node is None or not node.value:  # (an unreadable pathway file leaves no nodes)
        return None
    column = OUTPUT_INDEX[node.value]
    _, unit, meaning = OUTPUTS[column]
    value = float(row[column])
    unit_text = "" if unit == "1" else f" {unit}"
    shown = f"{value:.2g}{unit_text}"
    reference = float(healthy[column]) if healthy is not None else 0.0
    share = f"{value / reference:.0%} of healthy".replace("%", " %", 1) if reference else None
    return share, shown, meaning


def value_text(graph: PathwayGraph, node_id: str, row, healthy=None) -> str | None:
    """The node's model value as a share of the healthy start, then the value with its unit, e.g.
    "78 % of healthy (0.021 fraction) — IRS-1 pool tyrosine-phosphorylated". Two significant figures
    and whole percents, so the line stays still while the value drifts in its third digit; without a
    healthy row (or a healthy value of 0) only the value."""
    parts = _value_parts(graph, node_id, row, healthy)
    if parts is None:
        return None
    share, shown, meaning = parts
    return f"{share} ({shown}) — {meaning}" if share else f"{shown} — {meaning}"


def spoken_value(graph: PathwayGraph, node_id: str, row, healthy=None) -> str | None:
    """The value in the few words a screen reader says after the node's name: "78 % of healthy", or
    the value with its unit when there is no healthy reference."""
    parts = _value_parts(graph, node_id, row, healthy) if row is not None else None
    return None if parts is None else parts[0] or parts[1]
