"""Where an edge is drawn: from its source's box, through the waypoints the layout gives it, to its target's
box; and how a drawn diagram is judged (crossings, edges through unrelated nodes).

Plain geometry on (x, y) tuples and (x, y, width, height) boxes, so it runs without Qt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import pairwise

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x, y, width, height

EDGE_GAP = 3.0  # an edge stops this far from the node's box, so its head does not touch the outline


def boundary_point(centre: Point, half_w: float, half_h: float, towards: Point) -> Point:
    """Where the straight line from the centre of a box towards `towards` leaves the box (plus a gap)."""
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    if dx == 0 and dy == 0:
        return centre
    half_w, half_h = half_w + EDGE_GAP, half_h + EDGE_GAP
    scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return centre[0] + dx * scale, centre[1] + dy * scale


def edge_points(source: Point, source_half: Point, target: Point, target_half: Point,
                waypoints: Sequence[Point] = ()) -> list[Point]:
    """The drawn polyline: leave the source towards the first waypoint, enter the target from the last."""
    first = waypoints[0] if waypoints else target
    last = waypoints[-1] if waypoints else source
    start = boundary_point(source, *source_half, first)
    end = boundary_point(target, *target_half, last)
    return [start, *waypoints, end]


def polyline_length(points: Sequence[Point]) -> float:
    return sum(math.dist(a, b) for a, b in pairwise(points))


def point_along(points: Sequence[Point], distance: float) -> Point:
    """The point `distance` along the polyline from its start (its end if the line is shorter)."""
    for a, b in pairwise(points):
        step = math.dist(a, b)
        if distance <= step and step > 0:
            t = distance / step
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        distance -= step
    return points[-1]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def segment_intersection(p1: Point, p2: Point, q1: Point, q2: Point) -> Point | None:
    """The point where two segments properly cross (touching ends and parallel overlaps excluded)."""
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    if d1 * d2 < 0 and d3 * d4 < 0:
        t = d1 / (d1 - d2)
        return p1[0] + (p2[0] - p1[0]) * t, p1[1] + (p2[1] - p1[1]) * t
    return None


def crossing_points(a: Sequence[Point], b: Sequence[Point]) -> list[Point]:
    return [hit for p1, p2 in pairwise(a) for q1, q2 in pairwise(b)
            if (hit := segment_intersection(p1, p2, q1, q2)) is not None]


def clip_segment(p1: Point, p2: Point, box: Box) -> tuple[float, float] | None:
    """The part of the segment inside the box, as fractions (t0, t1) of its length; None when it stays
    outside (Liang–Barsky clipping)."""
    x, y, w, h = box
    t0, t1 = 0.0, 1.0
    dx, dy = p2[0] - p1[0], p2[1] - p1[1]
    for p, q in ((-dx, p1[0] - x), (dx, x + w - p1[0]), (-dy, p1[1] - y), (dy, y + h - p1[1])):
        if p == 0:
            if q <= 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return None
    return t0, t1


def segment_hits_box(p1: Point, p2: Point, box: Box) -> bool:
    """Whether the segment passes through the inside of the box."""
    return clip_segment(p1, p2, box) is not None


def stretches_in_boxes(points: Sequence[Point], boxes: Iterable[Box]) -> list[tuple[float, float]]:
    """The stretches of the polyline, as (from, to) distances along it, that run inside any of the boxes,
    merged where they overlap."""
    boxes = list(boxes)
    found = []
    start = 0.0
    for a, b in pairwise(points):
        step = math.dist(a, b)
        for box in boxes:
            inside = clip_segment(a, b, box)
            if inside is not None:
                found.append((start + inside[0] * step, start + inside[1] * step))
        start += step
    merged: list[tuple[float, float]] = []
    for low, high in sorted(found):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def polyline_hits_box(points: Sequence[Point], box: Box) -> bool:
    return any(segment_hits_box(a, b, box) for a, b in pairwise(points))


def count_crossings(paths: dict[tuple[str, str], Sequence[Point]]) -> list[tuple[tuple[str, str], ...]]:
    """Every pair of edges whose drawn paths cross (edges that share a node meet there: not a crossing)."""
    keys = list(paths)
    found = []
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if set(a) & set(b):
                continue
            found.extend((a, b) for _ in crossing_points(paths[a], paths[b]))
    return found


def edges_through_nodes(paths: dict[tuple[str, str], Sequence[Point]], boxes: dict[str, Box]
                        ) -> list[tuple[tuple[str, str], str]]:
    """(edge, node) for every edge whose path passes through the box of a node that is not its end."""
    return [(key, nid) for key, points in paths.items() for nid, box in boxes.items()
            if nid not in key and polyline_hits_box(points, box)]


def boxes_overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def overlapping(boxes: Iterable[tuple[str, Box]], others: Iterable[tuple[str, Box]]) -> list[tuple[str, str]]:
    others = list(others)
    return [(a, b) for a, box in boxes for b, other in others if a != b and boxes_overlap(box, other)]
