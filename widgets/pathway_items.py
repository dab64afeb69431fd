"""Scene items of the pathway view: compartments, nodes (SBGN-style glyphs), edges and particles.

Each item draws itself; the view owns one clock and tells items the time (`phase`) and the model's
activities. Meaning never rests on colour alone: glyph shape tells the node type, arrowhead vs T-bar
tells activation vs inhibition, and a bar under each node tells its activity.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from .pathway_graph import Compartment, Edge, Node
from .pathway_routes import edge_points, point_along, polyline_length, stretches_in_boxes
from .theme import THEMES, Theme

# Okabe–Ito palette (Okabe & Ito 2008), colour-blind safe.
BLACK, ORANGE, SKY, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, PURPLE = "#F0E442", "#0072B2", "#D55E00", "#CC79A7"

GLYPH_COLOURS = {"protein": BLUE, "chemical": ORANGE, "complex": PURPLE, "phenotype": GREEN,
                 "tissue": SKY, "perturbation": VERMILLION}
TOGGLE_COLOURS = {"stressor": VERMILLION, "therapy": GREEN, "experiment": PURPLE}
NODE_HEIGHT = 42.0
LABEL_PIXELS = 15.0
COMPARTMENT_LABEL_PIXELS = 13.0
LABEL_PADDING = 8.0  # clear space between a label and its glyph's outline, each side
# How far each glyph's outline cuts into the label's line, as a share of half the node's height:
# the concave ends of a perturbation, the pointed ends of a phenotype, the round ends of a chemical.
PERTURBATION_NOTCH = 0.6  # depth of a perturbation's concave ends, as a share of half the height
GLYPH_INSETS = {"perturbation": PERTURBATION_NOTCH, "phenotype": 0.5, "chemical": 0.35}
CORNER_RADIUS = 14.0  # where a routed edge turns


def mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


class CompartmentItem(QGraphicsItem):
    def __init__(self, compartment: Compartment, font_scale: float = 1.0) -> None:
        super().__init__()
        self.compartment = compartment
        self.rect = QRectF(*compartment.rect)  # the detail level's layout may move it
        self.caption_pos: QPointF | None = None  # the layout's place for the caption, if it gives one
        self.font_scale = font_scale
        self.theme: Theme = THEMES["light"]
        self.setZValue(-10)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)  # static: painted once per zoom
        self.caption = CaptionItem(self)  # the view adds it to the scene, above the edges

    def set_font_scale(self, scale: float) -> None:
        """The caption's text size (presentation mode makes it larger)."""
        self.caption.prepareGeometryChange()
        self.font_scale = scale
        self.update()
        self.caption.update()

    def set_rect(self, rect: tuple[float, float, float, float], caption: tuple[float, float] | None = None
                 ) -> None:
        self.prepareGeometryChange()
        self.caption.prepareGeometryChange()
        self.rect = QRectF(*rect)
        self.caption_pos = QPointF(*caption) if caption else None
        self.update()
        self.caption.update()

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def caption_font(self) -> QFont:
        font = QFont()
        font.setPixelSize(round(COMPARTMENT_LABEL_PIXELS * self.font_scale))
        font.setItalic(True)
        return font

    def caption_rect(self) -> QRectF:
        """Where the caption's text sits: where the layout puts it, else top left inside the region (the
        membrane's at its right end, in the band between its two lines)."""
        metrics = QFontMetricsF(self.caption_font())
        width, height = metrics.horizontalAdvance(self.compartment.label) + 2, metrics.height()
        rect = self.rect
        if self.caption_pos is not None:
            return QRectF(self.caption_pos.x(), self.caption_pos.y(), width, height)
        if self.compartment.id == "membrane":
            return QRectF(rect.right() - 8 - width, rect.center().y() - height / 2, width, height)
        return QRectF(rect.left() + 12, rect.top() + 4, width, height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        rect = self.rect
        theme = self.theme
        fill = self.fill()
        border = QColor(theme.compartment_border) if theme.compartment_border else (
            fill.lighter(170) if theme.dark else fill.darker(135))
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(border, 2.0))
        painter.setBrush(fill)
        if self.compartment.id == "membrane":  # a bilayer: two lines with heads between
            painter.setPen(Qt.NoPen)
            painter.drawRect(rect)
            painter.setPen(QPen(QColor("#B58B3A"), 2.0))
            painter.drawLine(rect.topLeft() + QPointF(0, 6), rect.topRight() + QPointF(0, 6))
            painter.drawLine(rect.bottomLeft() - QPointF(0, 6), rect.bottomRight() - QPointF(0, 6))
        else:
            painter.drawRoundedRect(rect, 18, 18)

    def fill(self) -> QColor:
        return QColor(self.theme.compartment_fills.get(self.compartment.id, self.theme.background))


class CaptionItem(QGraphicsItem):
    """A compartment's caption on a plate of the compartment's colour, drawn over the edges: where a
    line must cross a caption it passes under the words instead of striking through them."""

    PLATE = 3.0  # px of plate around the text, in scene units

    def __init__(self, owner: CompartmentItem) -> None:
        super().__init__()
        self.owner = owner
        self.setZValue(-0.5)  # over the edges (-1), under the nodes (0) and the flow dots
        self.setAcceptedMouseButtons(Qt.NoButton)

    def boundingRect(self) -> QRectF:
        p = self.PLATE
        return self.owner.caption_rect().adjusted(-p, -p / 2, p, p / 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        owner = self.owner
        plate = owner.fill()
        plate.setAlphaF(0.9)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(plate)
        painter.drawRoundedRect(self.boundingRect(), 4, 4)
        painter.setFont(owner.caption_font())
        painter.setPen(QColor(owner.theme.muted))
        painter.drawText(owner.caption_rect(), Qt.AlignLeft | Qt.AlignVCenter, owner.compartment.label)


def _luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of a colour."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on `fill` (white on orange, at 2.1:1, did not)."""
    black, white = QColor(BLACK), QColor("#FFFFFF")
    return black if contrast(black, fill) >= contrast(white, fill) else white


class NodeItem(QGraphicsObject):
    """One node: a glyph by type, filled by activity, with an activity bar and a label."""

    def __init__(self, node: Node, font_scale: float = 1.0) -> None:
        super().__init__()
        self.node = node
        self.activity = 0.0
        self.toggle_kind: str | None = None  # set while a toggle acting here is on
        self.phase = 0.0
        self.selected_flag = False
        self.dimmed = False
        self.font_scale = font_scale
        self.theme: Theme = THEMES["light"]
        self.setPos(*node.pos)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.PointingHandCursor)
        self.setFlag(QGraphicsItem.ItemIsSelectable, False)
        self.setToolTip(node.label)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)  # repainted only when its state changes
        self._layout()

    def _layout(self) -> None:
        self.font = QFont()
        self.font.setPixelSize(round(LABEL_PIXELS * self.font_scale))
        self.font.setBold(True)
        self.height = NODE_HEIGHT * self.font_scale
        inset = GLYPH_INSETS.get(self.node.glyph, 0.0) * self.height / 2
        text = QFontMetricsF(self.font).horizontalAdvance(self.node.label)
        self.width = max(96.0 * self.font_scale, text + 2 * (inset + LABEL_PADDING * self.font_scale))
        self.prepareGeometryChange()

    def set_font_scale(self, scale: float) -> None:
        self.font_scale = scale
        self._layout()
        self.update()

    def body_rect(self) -> QRectF:
        return QRectF(-self.width / 2, -self.height / 2, self.width, self.height)

    def label_rect(self) -> QRectF:
        """The box the label is drawn centred in: inside the glyph's outline, clear of its ends."""
        inset = GLYPH_INSETS.get(self.node.glyph, 0.0) * self.height / 2 + LABEL_PADDING * self.font_scale
        return self.body_rect().adjusted(inset, -3, -inset, -3)

    def scene_box(self) -> tuple[float, float, float, float]:
        """The glyph's box in scene coordinates: what no edge may cross."""
        return (self.x() - self.width / 2, self.y() - self.height / 2, self.width, self.height)

    def boundingRect(self) -> QRectF:
        return self.body_rect().adjusted(-16, -16, 16, 16)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.body_rect())
        return path

    def glyph_path(self) -> QPainterPath:
        r = self.body_rect()
        path = QPainterPath()
        glyph = self.node.glyph
        if glyph == "chemical":
            path.addRoundedRect(r, r.height() / 2, r.height() / 2)
        elif glyph == "complex":
            c = 10.0
            path.addPolygon(QPolygonF([QPointF(r.left() + c, r.top()), QPointF(r.right() - c, r.top()),
                                       QPointF(r.right(), r.top() + c), QPointF(r.right(), r.bottom() - c),
                                       QPointF(r.right() - c, r.bottom()), QPointF(r.left() + c, r.bottom()),
                                       QPointF(r.left(), r.bottom() - c), QPointF(r.left(), r.top() + c)]))
            path.closeSubpath()
        elif glyph in ("phenotype", "perturbation"):
            inward = glyph == "perturbation"  # SBGN: perturbing agent has concave ends
            d = r.height() / 2 * (PERTURBATION_NOTCH if inward else 1.0)
            left = QPointF(r.left() + (d if inward else 0), r.center().y())
            right = QPointF(r.right() - (d if inward else 0), r.center().y())
            inset = 0 if inward else d
            top_left, top_right = QPointF(r.left() + inset, r.top()), QPointF(r.right() - inset, r.top())
            path.addPolygon(QPolygonF([top_left, top_right, right, QPointF(r.right() - inset, r.bottom()),
                                       QPointF(r.left() + inset, r.bottom()), left]))
            path.closeSubpath()
        else:
            path.addRoundedRect(r, 9, 9)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        base = QColor(GLYPH_COLOURS[self.node.glyph])
        if self.node.glyph == "perturbation" and self.node.id not in ("high_fat_diet",):
            base = QColor(GREEN)
        r = self.body_rect()
        if self.toggle_kind:  # a pulsing halo while a toggle acts here
            pulse = 0.5 + 0.5 * math.sin(self.phase * 2 * math.pi)
            halo = QColor(TOGGLE_COLOURS.get(self.toggle_kind, VERMILLION))
            halo.setAlphaF(0.25 + 0.45 * pulse)
            painter.setPen(QPen(halo, 4 + 4 * pulse))
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(r.adjusted(-6 - 4 * pulse, -6 - 4 * pulse, 6 + 4 * pulse, 6 + 4 * pulse),
                                    14, 14)
        theme = self.theme
        fill = mix(QColor(theme.node_blank), base, 0.12 + 0.7 * self.activity)
        if self.selected_flag:
            outline = QColor(theme.text)
        elif theme.compartment_border:  # high contrast: black outlines
            outline = QColor(theme.text)
        else:
            outline = base.lighter(130) if theme.dark else base.darker(130)
        width = theme.line_width / 2.2
        pen = QPen(outline, (4.0 if self.selected_flag else 2.0) * width)
        if self.node.glyph == "tissue":
            pen.setStyle(Qt.SolidLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawPath(self.glyph_path())
        if self.node.glyph == "tissue":  # double border: a cell population
            painter.setBrush(Qt.NoBrush)
            painter.setPen(QPen(base.darker(130), 1.0))
            painter.drawRoundedRect(r.adjusted(4, 4, -4, -4), 6, 6)
        # activity bar along the bottom edge: the value without relying on colour
        bar = QRectF(r.left() + 12, r.bottom() - 7, (r.width() - 24), 3.5)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor(255, 255, 255, 70) if theme.dark else QColor(0, 0, 0, 40))
        painter.drawRect(bar)
        painter.setBrush(QColor(theme.text) if self.activity > 0 else Qt.NoBrush)
        painter.drawRect(QRectF(bar.left(), bar.top(), bar.width() * self.activity, bar.height()))
        painter.setPen(text_on(fill))
        painter.setFont(self.font)
        painter.drawText(self.label_rect(), Qt.AlignCenter, self.node.label)
        if self.toggle_kind == "experiment":  # knocked out: a cross through the glyph
            painter.setPen(QPen(QColor(PURPLE), 3.0))
            painter.drawLine(r.topLeft(), r.bottomRight())
            painter.drawLine(r.bottomLeft(), r.topRight())

    def set_activity(self, activity: float) -> None:
        activity = min(max(activity, 0.0), 1.0)
        if abs(activity - self.activity) > 0.004:  # repaint only a visible change
            self.activity = activity
            self.update()


class EdgeItem(QGraphicsItem):
    """An influence arc along its routed path: arrowhead for activation, T-bar for inhibition (SBGN AF).
    The path runs from the source's box through the layout's waypoints to the target's box, with
    rounded corners."""

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem) -> None:
        super().__init__()
        self.edge = edge
        self.source, self.target = source, target
        self.emphasis = 1.0  # lowered while another node is hovered
        self.theme: Theme = THEMES["light"]
        self.setZValue(-1)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)  # redrawn only when hover changes
        self.waypoints: tuple[tuple[float, float], ...] = ()
        self.points: list[tuple[float, float]] = []
        self.length = 0.0
        self.refresh()

    def refresh(self, waypoints: tuple[tuple[float, float], ...] | None = None) -> None:
        """Recompute the path from the ends' places (and new waypoints, if given)."""
        if waypoints is not None:
            self.waypoints = tuple(waypoints)
        self.prepareGeometryChange()
        s, t = self.source, self.target
        self.points = edge_points((s.x(), s.y()), (s.width / 2, s.height / 2), (t.x(), t.y()),
                                  (t.width / 2, t.height / 2), self.waypoints)
        self.length = polyline_length(self.points)
        self.update()

    def boundingRect(self) -> QRectF:
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(-14, -14, 14, 14)

    def colour(self) -> QColor:
        return QColor(self.theme.inhibition if self.edge.kind == "inhibition" else self.theme.edge)

    def shaft(self, end: QPointF) -> QPainterPath:
        """The polyline from the start to `end` (the last point, or short of it for an arrowhead),
        its corners rounded."""
        points = [QPointF(*p) for p in self.points[:-1]] + [end]
        path = QPainterPath(points[0])
        for before, corner, after in zip(points, points[1:], points[2:], strict=False):
            into, out = QLineF(corner, before), QLineF(corner, after)
            radius = min(CORNER_RADIUS, into.length() / 2, out.length() / 2)
            path.lineTo(into.pointAt(radius / into.length()) if into.length() else corner)
            path.quadTo(corner, out.pointAt(radius / out.length()) if out.length() else corner)
        path.lineTo(points[-1])
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        colour = self.colour()
        colour.setAlphaF(0.9 * self.emphasis)
        style = Qt.SolidLine if self.edge.kind == "activation" else Qt.DashLine
        pen = QPen(colour, self.theme.line_width, style)
        pen.setCapStyle(Qt.FlatCap)
        last = QLineF(QPointF(*self.points[-2]), QPointF(*self.points[-1]))
        if last.length() < 1:
            return
        unit = QPointF(last.dx() / last.length(), last.dy() / last.length())
        normal = QPointF(-unit.y(), unit.x())
        end = last.p2()
        painter.setPen(pen)
        painter.setBrush(Qt.NoBrush)
        if self.edge.kind == "activation":
            painter.drawPath(self.shaft(end - unit * 11))
            painter.setPen(Qt.NoPen)
            painter.setBrush(colour)
            back = end - unit * 13
            painter.drawPolygon(QPolygonF([end, back + normal * 6.5, back - normal * 6.5]))
        else:
            painter.drawPath(self.shaft(end))
            painter.setPen(QPen(colour, 2 * self.theme.line_width, Qt.SolidLine, Qt.FlatCap))
            painter.drawLine(end + normal * 10, end - normal * 10)


class ParticleLayer(QGraphicsItem):
    """All moving particles in one item: dots run along each edge at the rate of its flux."""

    SPACING = 46.0

    def __init__(self) -> None:
        super().__init__()
        self.edges: list[EdgeItem] = []
        self.rates: dict[tuple[str, str], float] = {}
        self.offsets: dict[tuple[str, str], float] = {}
        self.theme: Theme = THEMES["light"]
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self._bounds = QRectF()
        self.blocked: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def set_edges(self, edges: list[EdgeItem], bounds: QRectF, keep_out: list[QRectF] | None = None) -> None:
        """`keep_out`: boxes no dot is drawn in (node glyphs, compartment captions), so dots never run
        over a label."""
        self.prepareGeometryChange()
        self.edges = edges
        self._bounds = bounds
        # grown by a dot's size; found once per layout rather than tested for every dot in every frame
        boxes = [(b.x() - 6, b.y() - 6, b.width() + 12, b.height() + 12) for b in keep_out or []]
        self.blocked = {e.edge.key: self._blocked_stretches(e, boxes) for e in edges if e.isVisible()}

    @staticmethod
    def _blocked_stretches(edge: EdgeItem, boxes: list[tuple[float, float, float, float]]
                           ) -> list[tuple[float, float]]:
        """The stretches along an edge's path that run through a keep-out box."""
        xs, ys = [p[0] for p in edge.points], [p[1] for p in edge.points]
        near = [b for b in boxes if b[0] < max(xs) and min(xs) < b[0] + b[2] and b[1] < max(ys)
                and min(ys) < b[1] + b[3]]
        return stretches_in_boxes(edge.points, near)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def dot_points(self, edge: EdgeItem) -> list[QPointF]:
        """Where this edge's dots are now: every SPACING along its path from the clock's offset, short of
        the arrowhead, leaving out the stretches over a node or a caption."""
        blocked = self.blocked.get(edge.edge.key, ())
        points = []
        s = self.offsets.get(edge.edge.key, 0.0)
        while s < edge.length - 14:
            if not any(a <= s <= b for a, b in blocked):
                points.append(QPointF(*point_along(edge.points, s)))
            s += self.SPACING
        return points

    def advance_clock(self, seconds: float) -> None:
        """Move each edge's particles by its rate (1 = full flux ≈ 70 scene units a second)."""
        for e in self.edges:
            key = e.edge.key
            rate = self.rates.get(key, 0.0)
            self.offsets[key] = (self.offsets.get(key, 0.0) + seconds * 70.0 * rate) % self.SPACING
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        for e in self.edges:
            if not e.isVisible():
                continue
            rate = self.rates.get(e.edge.key, 0.0)
            if rate < 0.03:  # a blocked step: nothing flows
                continue
            length = e.length
            if length < 20:
                continue
            colour = QColor(self.theme.inhibition if e.edge.kind == "inhibition" else self.theme.particle)
            colour.setAlphaF(min(1.0, 0.35 + rate) * e.emphasis)
            painter.setBrush(colour)
            radius = 2.5 + 2.5 * rate
            for point in self.dot_points(e):
                if e.edge.kind == "inhibition":
                    painter.drawRect(QRectF(point.x() - radius, point.y() - radius, 2 * radius, 2 * radius))
                else:
                    painter.drawEllipse(point, radius, radius)
