"""The pathway graph as plain data (compartments, nodes, edges), read from `resources/pathway.json`.

The view draws whatever graph it is given; nothing here knows any biology.
"""

from __future__ import annotations

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


@dataclass
class PathwayGraph:
    scene: tuple[float, float, float, float]
    levels: dict[int, str]
    compartments: list[Compartment]
    nodes: dict[str, Node]
    edges: list[Edge]
    toggle_nodes: dict[str, str] = field(default_factory=dict)

    def neighbours(self, node_id: str) -> set[str]:
        out = {e.target for e in self.edges if e.source == node_id}
        return out | {e.source for e in self.edges if e.target == node_id}


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
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, GraphError):
            raise
        raise GraphError(f"pathway file: malformed entry ({exc})") from None
    for toggle, node in toggle_nodes.items():
        if node not in nodes:
            raise GraphError(f"toggle {toggle}: unknown node '{node}'")
    return PathwayGraph(scene, levels, compartments, nodes, edges, toggle_nodes)
