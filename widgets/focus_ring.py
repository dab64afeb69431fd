"""The keyboard focus ring of the pathway view: a dashed two-tone band around the focused node.

It is an item of its own, laid over the nodes by the view, so it looks the same on every glyph and
differs from the other marks a node can carry: selection thickens the node's own outline, a lesson's
highlight dims the other nodes, a switched-on toggle pulses a soft halo. The ring keeps its size on
screen at every zoom: its pens are cosmetic (widths in pixels), a little wider on an enlarged
diagram, and its gap from the node is worked out in pixels from the painter's scale.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .theme import THEMES, Theme

GAP_PX = 5.0  # between the node's outline and the ring's inner edge
BAND_PX = (5.0, 10.0)  # the solid band: its width at the fitted zoom and below, and at most
DASH_SHARE = 0.6  # the dashes drawn along it, as a share of the band's width
MIN_SCALE = 0.1  # the view zooms down to 0.2; the bounding rect allows for less


class FocusRing(QGraphicsItem):
    """Drawn around `body` (a rect in scene coordinates), above every node."""

    def __init__(self) -> None:
        super().__init__()
        self.theme: Theme = THEMES["light"]
        self._body = QRectF()
        self.setZValue(20)  # over nodes, edges and the flow dots
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setAcceptHoverEvents(False)
        self.hide()

    def surround(self, body: QRectF) -> None:
        """Move the ring around a node's body (scene coordinates)."""
        self.prepareGeometryChange()
        self._body = QRectF(body)
        self.update()

    @property
    def body(self) -> QRectF:
        return QRectF(self._body)

    @staticmethod
    def band_px(scale: float) -> float:
        """The band's width on screen at a view scale (pixels per scene unit)."""
        return min(max(BAND_PX[0] * scale, BAND_PX[0]), BAND_PX[1])

    def boundingRect(self) -> QRectF:
        grow = (GAP_PX + BAND_PX[1] + 2) / MIN_SCALE
        return self._body.adjusted(-grow, -grow, grow, grow)

    def ring_rect(self, scale: float) -> QRectF:
        """The rect the band's centre line follows, at a view scale."""
        out = (GAP_PX + self.band_px(scale) / 2) / max(scale, MIN_SCALE)
        return self._body.adjusted(-out, -out, out, out)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        scale = painter.worldTransform().m11() or 1.0
        rect = self.ring_rect(scale)
        radius = 10.0 / max(scale, MIN_SCALE)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(Qt.NoBrush)
        width = self.band_px(scale)
        band = QPen(QColor(self.theme.focus_band), width)
        band.setCosmetic(True)
        painter.setPen(band)
        painter.drawRoundedRect(rect, radius, radius)
        dash = QPen(QColor(self.theme.focus_dash), width * DASH_SHARE, Qt.CustomDashLine)
        dash.setCosmetic(True)
        dash.setDashPattern([2.0, 2.0])  # in pen widths: dashes as long as the gaps
        painter.setPen(dash)
        painter.drawRoundedRect(rect, radius, radius)
