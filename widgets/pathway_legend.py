"""The diagram's legend: what the arrow, T-bar, fill, activity bar, halo and flow dots mean.

A scene item, so it scales with the diagram and its text is always the size of the node labels; each
detail level's layout gives it a place where it covers nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .pathway_items import BLUE, LABEL_PIXELS, TOGGLE_COLOURS, mix
from .theme import THEMES, Theme

TITLE = "Legend"
# (sample drawn on the left, its meaning)
ROWS = (("arrow", "activates"),
        ("tbar", "inhibits"),
        ("fill", "fill: how active a node is"),
        ("bar", "bar: the same activity, as a length"),
        ("halo", "halo pulses: a stressor or therapy is on"),
        ("dots", "dots: flow, faster when stronger"))
SAMPLE_WIDTH = 46.0
ROW_GAP = 6.0
MARGIN = 10.0


class LegendItem(QGraphicsItem):
    def __init__(self, font_scale: float = 1.0, columns: int = 1) -> None:
        super().__init__()
        self.theme: Theme = THEMES["light"]
        self.columns = max(1, columns)
        self.setZValue(8)  # above the flow dots
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)  # static: painted once per zoom
        self.set_font_scale(font_scale)

    def set_columns(self, columns: int) -> None:
        """Lay the rows out in this many columns (a wide strip or a tall box, as the layout has room)."""
        if max(1, columns) != self.columns:
            self.columns = max(1, columns)
            self.set_font_scale(self.font_scale)

    def set_font_scale(self, scale: float) -> None:
        self.prepareGeometryChange()
        self.font_scale = scale
        self.font = QFont()
        self.font.setPixelSize(round(LABEL_PIXELS * scale))  # never smaller than the node labels
        self.title_font = QFont(self.font)
        self.title_font.setBold(True)
        metrics = QFontMetricsF(self.font)
        self.row_height = max(metrics.height(), 22.0 * scale) + ROW_GAP * scale
        self.per_column = -(-len(ROWS) // self.columns)
        columns = [ROWS[c * self.per_column:(c + 1) * self.per_column] for c in range(self.columns)]
        self.column_widths = [SAMPLE_WIDTH * scale + 10 * scale
                              + max(metrics.horizontalAdvance(meaning) for _, meaning in rows)
                              for rows in columns if rows]
        self.title_height = QFontMetricsF(self.title_font).height()
        self.width = 2 * MARGIN * scale + sum(self.column_widths) + (self.columns - 1) * 24 * scale
        self.height = 2 * MARGIN * scale + self.title_height + self.per_column * self.row_height
        self.update()

    def row_boxes(self) -> list[QRectF]:
        """Each row's sample box, column by column."""
        k = self.font_scale
        boxes = []
        for i in range(len(ROWS)):
            column, row = divmod(i, self.per_column)
            left = MARGIN * k + sum(self.column_widths[:column]) + column * 24 * k
            top = MARGIN * k + self.title_height + row * self.row_height
            boxes.append(QRectF(left, top, SAMPLE_WIDTH * k, self.row_height - ROW_GAP * k))
        return boxes

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
              ) -> None:
        theme, k = self.theme, self.font_scale
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(QPen(QColor(theme.muted), 1.0))
        background = QColor(theme.background)
        background.setAlphaF(0.92)
        painter.setBrush(background)
        painter.drawRoundedRect(self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.setFont(self.title_font)
        painter.setPen(QColor(theme.text))
        painter.drawText(QRectF(MARGIN * k, MARGIN * k, self.width, self.title_height),
                         Qt.AlignLeft | Qt.AlignVCenter, TITLE)
        painter.setFont(self.font)
        for (sample, meaning), box in zip(ROWS, self.row_boxes(), strict=True):
            self._sample(painter, sample, box)
            painter.setPen(QColor(theme.text))
            painter.drawText(QRectF(box.right() + 10 * k, box.top(), self.width, box.height()),
                             Qt.AlignLeft | Qt.AlignVCenter, meaning)

    def _sample(self, painter: QPainter, sample: str, box: QRectF) -> None:
        theme, k = self.theme, self.font_scale
        y, left, right = box.center().y(), box.left() + 2 * k, box.right() - 2 * k
        painter.setBrush(Qt.NoBrush)
        if sample in ("arrow", "tbar"):
            colour = QColor(theme.edge if sample == "arrow" else theme.inhibition)
            painter.setPen(QPen(colour, theme.line_width, Qt.SolidLine if sample == "arrow" else Qt.DashLine,
                                Qt.FlatCap))
            painter.drawLine(QPointF(left, y), QPointF(right - (11 if sample == "arrow" else 0), y))
            if sample == "arrow":
                painter.setPen(Qt.NoPen)
                painter.setBrush(colour)
                painter.drawPolygon(QPolygonF([QPointF(right, y), QPointF(right - 13, y - 6.5),
                                               QPointF(right - 13, y + 6.5)]))
            else:
                painter.setPen(QPen(colour, 2 * theme.line_width, Qt.SolidLine, Qt.FlatCap))
                painter.drawLine(QPointF(right, y - 9), QPointF(right, y + 9))
        elif sample == "fill":  # low and high activity side by side
            half = (box.width() - 6 * k) / 2
            for i, level in enumerate((0.0, 1.0)):
                painter.setPen(QPen(QColor(BLUE).darker(130), 1.5))
                painter.setBrush(mix(QColor(theme.node_blank), QColor(BLUE), 0.12 + 0.7 * level))
                painter.drawRoundedRect(QRectF(box.left() + i * (half + 6 * k), box.top() + 2 * k, half,
                                               box.height() - 4 * k), 4, 4)
        elif sample == "bar":
            frame = box.adjusted(0, 2 * k, 0, -2 * k)
            painter.setPen(QPen(QColor(BLUE).darker(130), 1.5))
            painter.setBrush(QColor(theme.node_blank))
            painter.drawRoundedRect(frame, 4, 4)
            bar = QRectF(frame.left() + 5 * k, frame.bottom() - 7 * k, frame.width() - 10 * k, 3.5 * k)
            painter.setPen(Qt.NoPen)
            painter.setBrush(QColor(255, 255, 255, 70) if theme.dark else QColor(0, 0, 0, 40))
            painter.drawRect(bar)
            painter.setBrush(QColor(theme.text))
            painter.drawRect(QRectF(bar.left(), bar.top(), bar.width() * 0.6, bar.height()))
        elif sample == "halo":
            halo = QColor(TOGGLE_COLOURS["stressor"])
            halo.setAlphaF(0.6)
            painter.setPen(QPen(halo, 5 * k))
            painter.drawRoundedRect(box.adjusted(3 * k, 3 * k, -3 * k, -3 * k), 7, 7)
            painter.setPen(QPen(QColor(BLUE).darker(130), 1.5))
            painter.setBrush(QColor(theme.node_blank))
            painter.drawRoundedRect(box.adjusted(9 * k, 8 * k, -9 * k, -8 * k), 3, 3)
        elif sample == "dots":
            colour = QColor(theme.particle)
            painter.setPen(QPen(QColor(theme.edge), 1.0))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(Qt.NoPen)
            painter.setBrush(colour)
            for i in range(3):
                painter.drawEllipse(QPointF(left + (6 + 14 * i) * k, y), 4 * k, 4 * k)


class LegendOverlay(QWidget):
    """The same legend pinned to a corner of the diagram's window, at a size of its own: presentation
    mode zooms into the diagram, where the scene's legend would sit out of view."""

    GAP = 12  # from the window's edges, px

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.item = LegendItem(columns=2)
        self.setAttribute(Qt.WA_TransparentForMouseEvents)  # the diagram under it stays clickable
        self.setAccessibleName("Diagram legend")
        self.setAccessibleDescription("; ".join(meaning for _, meaning in ROWS))
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        self.item.theme = theme
        self.update()

    def place(self, text_px: float, area: QRectF) -> None:
        """Text of `text_px` pixels; in the bottom-left corner of `area` (the diagram's viewport)."""
        self.item.set_font_scale(text_px / LABEL_PIXELS)
        for columns in (2, 1):  # two columns where they fit the width, else one
            self.item.set_columns(columns)
            if self.item.width <= area.width() - 2 * self.GAP:
                break
        self.resize(int(self.item.width) + 1, int(self.item.height) + 1)
        self.move(int(area.left()) + self.GAP, int(area.bottom() - self.height()) - self.GAP)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's)
        painter = QPainter(self)
        self.item.paint(painter, None)
        painter.end()
