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


def mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(max(t, 0.0), 1.0)
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


class CompartmentItem(QGraphicsItem):
    def __init__(self, compartment: Compartment, font_scale: float = 1.0) -> None:
        super().__init__()
        self.compartment = compartment
        self.font_scale = font_scale
        self.theme: Theme = THEMES["light"]
        self.setZValue(-10)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)  # static: painted once per zoom

    def boundingRect(self) -> QRectF:
        return QRectF(*self.compartment.rect).adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        rect = QRectF(*self.compartment.rect)
        theme = self.theme
        fill = QColor(theme.compartment_fills.get(self.compartment.id, theme.background))
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
        font = QFont()
        font.setPixelSize(round(COMPARTMENT_LABEL_PIXELS * self.font_scale))
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(QColor(theme.muted))
        label_rect = rect.adjusted(12, 4, -12, 0)
        if self.compartment.id == "membrane":
            label_rect = rect.adjusted(rect.width() - 160 * self.font_scale, 16, -8, 0)
        painter.drawText(label_rect, Qt.AlignLeft | Qt.AlignTop, self.compartment.label)


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
        width = QFontMetricsF(self.font).horizontalAdvance(self.node.label) + 22 * self.font_scale
        self.width = max(96.0 * self.font_scale, width)
        self.height = NODE_HEIGHT * self.font_scale
        self.prepareGeometryChange()

    def set_font_scale(self, scale: float) -> None:
        self.font_scale = scale
        self._layout()
        self.update()

    def body_rect(self) -> QRectF:
        return QRectF(-self.width / 2, -self.height / 2, self.width, self.height)

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
            d = r.height() / 2
            inward = glyph == "perturbation"  # SBGN: perturbing agent has concave ends
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
        painter.drawText(r.adjusted(6, -3, -6, -3), Qt.AlignCenter, self.node.label)
        if self.toggle_kind == "experiment":  # knocked out: a cross through the glyph
            painter.setPen(QPen(QColor(PURPLE), 3.0))
            painter.drawLine(r.topLeft(), r.bottomRight())
            painter.drawLine(r.bottomLeft(), r.topRight())

    def set_activity(self, activity: float) -> None:
        activity = min(max(activity, 0.0), 1.0)
        if abs(activity - self.activity) > 0.004:  # repaint only a visible change
            self.activity = activity
            self.update()


def _boundary_point(item: NodeItem, towards: QPointF) -> QPointF:
    """Where the straight line from the node's centre towards `towards` leaves its body."""
    centre = item.pos()
    dx, dy = towards.x() - centre.x(), towards.y() - centre.y()
    if dx == 0 and dy == 0:
        return centre
    half_w, half_h = item.width / 2 + 3, item.height / 2 + 3
    scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return QPointF(centre.x() + dx * scale, centre.y() + dy * scale)


class EdgeItem(QGraphicsItem):
    """A straight influence arc: arrowhead for activation, T-bar for inhibition (SBGN AF)."""

    def __init__(self, edge: Edge, source: NodeItem, target: NodeItem) -> None:
        super().__init__()
        self.edge = edge
        self.source, self.target = source, target
        self.emphasis = 1.0  # lowered while another node is hovered
        self.theme: Theme = THEMES["light"]
        self.setZValue(-1)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)  # redrawn only when hover changes
        self.line = QLineF()
        self.refresh()

    def refresh(self) -> None:
        self.prepareGeometryChange()
        a, b = self.source.pos(), self.target.pos()
        self.line = QLineF(_boundary_point(self.source, b), _boundary_point(self.target, a))

    def boundingRect(self) -> QRectF:
        return QRectF(self.line.p1(), self.line.p2()).normalized().adjusted(-14, -14, 14, 14)

    def colour(self) -> QColor:
        return QColor(self.theme.inhibition if self.edge.kind == "inhibition" else self.theme.edge)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        colour = self.colour()
        colour.setAlphaF(0.9 * self.emphasis)
        style = Qt.SolidLine if self.edge.kind == "activation" else Qt.DashLine
        pen = QPen(colour, self.theme.line_width, style)
        pen.setCapStyle(Qt.FlatCap)
        line = self.line
        if line.length() < 1:
            return
        unit = QPointF(line.dx() / line.length(), line.dy() / line.length())
        normal = QPointF(-unit.y(), unit.x())
        end = line.p2()
        painter.setPen(pen)
        if self.edge.kind == "activation":
            shaft_end = end - unit * 11
            painter.drawLine(line.p1(), shaft_end)
            painter.setPen(Qt.NoPen)
            painter.setBrush(colour)
            back = end - unit * 13
            painter.drawPolygon(QPolygonF([end, back + normal * 6.5, back - normal * 6.5]))
        else:
            painter.drawLine(line.p1(), end)
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

    def set_edges(self, edges: list[EdgeItem], bounds: QRectF) -> None:
        self.prepareGeometryChange()
        self.edges = edges
        self._bounds = bounds

    def boundingRect(self) -> QRectF:
        return self._bounds

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
            line = e.line
            length = line.length()
            if length < 20:
                continue
            colour = QColor(self.theme.inhibition if e.edge.kind == "inhibition" else self.theme.particle)
            colour.setAlphaF(min(1.0, 0.35 + rate) * e.emphasis)
            painter.setBrush(colour)
            radius = 2.5 + 2.5 * rate
            s = self.offsets.get(e.edge.key, 0.0)
            while s < length - 14:
                point = line.pointAt(s / length)
                if e.edge.kind == "inhibition":
                    painter.drawRect(QRectF(point.x() - radius, point.y() - radius, 2 * radius, 2 * radius))
                else:
                    painter.drawEllipse(point, radius, radius)
                s += self.SPACING
