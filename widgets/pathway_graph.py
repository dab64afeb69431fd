"""The pathway graph as plain data (compartments, nodes, edges), read from `resources/pathway.json`.

The view draws whatever graph it is given; nothing here knows any biology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

PATHWAY_FORMAT = "insulin-pathway-explorer/pathway"


class GraphError(ValueError):
    """The pathway file is malformed; the message names what is wrong."""


@dataclass(frozen=True)
class Compartment:
    id: str
    label: str
    rect: tuple[float, float, float, float]
    level: int


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    compartment: str
    pos: tuple[float, float]
    glyph: str
    level: int
    value: str | None = None  # model output column shown by the node
    range: tuple[float, float] | None = None  # values mapped to activity 0 and 1


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # "activation" | "inhibition"
    level: int
    shortcut: bool = False  # shown only at the simplest level, standing in for hidden nodes

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)


Point = tuple[float, float]
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class LevelLayout:
    """One detail level's own drawing: the scene, node places, compartment rectangles and captions, the
    legend's top-left corner and columns, and each edge's waypoints. Whatever a level leaves out comes
    from the nodes' `pos`, the compartments' `rect` and the file's `scene`."""

    scene: Rect | None = None
    nodes: dict[str, Point] = field(default_factory=dict)
    compartments: dict[str, Rect] = field(default_factory=dict)
    routes: dict[tuple[str, str], tuple[Point, ...]] = field(default_factory=dict)
    legend: Point | None = None
    legend_columns: int = 1
    captions: dict[str, Point] = field(default_factory=dict)  # compartment id -> caption's top-left


@dataclass
class PathwayGraph:
    scene: tuple[float, float, float, float]
    levels: dict[int, str]
    compartments: list[Compartment]
    nodes: dict[str, Node]
    edges: list[Edge]
    toggle_nodes: dict[str, str] = field(default_factory=dict)
    layouts: dict[int, LevelLayout] = field(default_factory=dict)

    def neighbours(self, node_id: str) -> set[str]:
        out = {e.target for e in self.edges if e.source == node_id}
        return out | {e.source for e in self.edges if e.target == node_id}

    def scene_at(self, level: int) -> Rect:
        own = self.layouts.get(level)
        return own.scene if own and own.scene else self.scene

    def node_pos(self, node_id: str, level: int) -> Point:
        own = self.layouts.get(level)
        return own.nodes.get(node_id, self.nodes[node_id].pos) if own else self.nodes[node_id].pos

    def compartment_rect(self, compartment: Compartment, level: int) -> Rect:
        own = self.layouts.get(level)
        return own.compartments.get(compartment.id, compartment.rect) if own else compartment.rect

    def waypoints(self, edge: Edge, level: int) -> tuple[Point, ...]:
        own = self.layouts.get(level)
        return own.routes.get(edge.key, ()) if own else ()

    def legend_at(self, level: int) -> tuple[Point, int]:
        """Top-left corner of the legend and its number of columns; by default the scene's top-left
        corner, one column."""
        own = self.layouts.get(level)
        if own and own.legend:
            return own.legend, own.legend_columns
        x, y, _w, _h = self.scene_at(level)
        return (x + 10, y + 10), 1

    def caption_at(self, compartment: Compartment, level: int) -> Point | None:
        """Where the layout puts the compartment's caption (None: the compartment's own place for it)."""
        own = self.layouts.get(level)
        return own.captions.get(compartment.id) if own else None


ROUTE_KEY = re.compile(r"^\s*(\S+)\s*(?:->|-\|)\s*(\S+)\s*$")  # "ffa -> dag", "pp2a -| akt"


def _point(value: Any) -> Point:
    x, y = (float(v) for v in value)
    return x, y


def _rect(value: Any) -> Rect:
    x, y, w, h = (float(v) for v in value)
    return x, y, w, h


def layouts_from_dict(data: dict[str, Any], nodes: dict[str, Node], compartments: list[Compartment],
                      edges: list[Edge]) -> dict[int, LevelLayout]:
    """The optional "layouts" section: {"1": {"scene", "nodes", "compartments", "captions", "routes",
    "legend": {"at", "columns"}}}."""
    known_edges = {e.key for e in edges}
    known_compartments = {c.id for c in compartments}
    layouts = {}
    for level, entry in data.get("layouts", {}).items():
        for nid in entry.get("nodes", {}):
            if nid not in nodes:
                raise GraphError(f"layout {level}: unknown node '{nid}'")
        for cid in [*entry.get("compartments", {}), *entry.get("captions", {})]:
            if cid not in known_compartments:
                raise GraphError(f"layout {level}: unknown compartment '{cid}'")
        routes = {}
        for key, via in entry.get("routes", {}).items():
            match = ROUTE_KEY.match(key)
            if not match or (match[1], match[2]) not in known_edges:
                raise GraphError(f"layout {level}: route '{key}' names no edge")
            routes[(match[1], match[2])] = tuple(_point(p) for p in via)
        legend = entry.get("legend") or {}
        layouts[int(level)] = LevelLayout(
            _rect(entry["scene"]) if entry.get("scene") else None,
            {nid: _point(p) for nid, p in entry.get("nodes", {}).items()},
            {cid: _rect(r) for cid, r in entry.get("compartments", {}).items()},
            routes,
            _point(legend["at"]) if legend.get("at") else None,
            max(1, int(legend.get("columns", 1))),
            {cid: _point(p) for cid, p in entry.get("captions", {}).items()})
    return layouts


GLYPHS = {"protein", "chemical", "complex", "phenotype", "tissue", "perturbation"}
EDGE_KINDS = {"activation", "inhibition"}


def graph_from_dict(data: dict[str, Any]) -> PathwayGraph:
    if data.get("format") != PATHWAY_FORMAT:
        raise GraphError(f"pathway file: \"format\" must be \"{PATHWAY_FORMAT}\"")
    try:
        compartments = [Compartment(c["id"], c["label"], tuple(c["rect"]), int(c["level"]))
                        for c in data["compartments"]]
        nodes = {}
        for n in data["nodes"]:
            if n["glyph"] not in GLYPHS:
                raise GraphError(f"node {n['id']}: unknown glyph '{n['glyph']}'")
            rng = tuple(n["range"]) if n.get("range") else None
            nodes[n["id"]] = Node(n["id"], n["label"], n["compartment"], tuple(n["pos"]), n["glyph"],
                                  int(n["level"]), n.get("value"), rng)
        shortcuts = {tuple(pair) for pair in data.get("shortcut_edges", [])}
        edges = []
        for e in data["edges"]:
            if e["source"] not in nodes or e["target"] not in nodes:
                raise GraphError(f"edge {e['source']} → {e['target']}: unknown node")
            if e["kind"] not in EDGE_KINDS:
                raise GraphError(f"edge {e['source']} → {e['target']}: unknown kind '{e['kind']}'")
            edges.append(Edge(e["source"], e["target"], e["kind"], int(e["level"]),
                              (e["source"], e["target"]) in shortcuts))
        levels = {int(k): str(v) for k, v in data["levels"].items()}
        toggle_nodes = dict(data.get("toggle_nodes", {}))
        scene = tuple(float(v) for v in data["scene"])
        if len(scene) != 4:
            raise GraphError("pathway file: \"scene\" must be [x, y, width, height]")
        layouts = layouts_from_dict(data, nodes, compartments, edges)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, GraphError):
            raise
        raise GraphError(f"pathway file: malformed entry ({exc})") from None
    for toggle, node in toggle_nodes.items():
        if node not in nodes:
            raise GraphError(f"toggle {toggle}: unknown node '{node}'")
    return PathwayGraph(scene, levels, compartments, nodes, edges, toggle_nodes, layouts)
