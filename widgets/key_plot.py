"""One plot for the projector: a single daily curve with its normal range, lines and text big enough
to read from the back of a classroom. It draws what it is given (the trend plot's top quantity)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .axes import ReadableAxis
from .theme import NORMAL_BAND, RUN_LINE


def line_px_for(text_px: int) -> float:
    """The curve's width for a text size: 6 px beside 24 px text (1080p), 4 px beside 16 px."""
    return max(3.0, text_px / 4)


class KeyPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Key plot")
        self._view = pg.GraphicsLayoutWidget()
        self._plot = self._view.addPlot(axisItems={"left": ReadableAxis("left")})  # ticks never crowd
        self._plot.setMenuEnabled(False)
        self._plot.hideButtons()
        self._plot.setMouseEnabled(x=False, y=False)
        self._plot.showGrid(x=True, y=True, alpha=0.15)
        for side in ("left", "bottom"):
            self._plot.getAxis(side).enableAutoSIPrefix(False)
        self._band = pg.LinearRegionItem((0, 0), orientation="horizontal", movable=False,
                                         brush=pg.mkBrush(*NORMAL_BAND), pen=pg.mkPen(None))
        self._band.setZValue(-10)
        self._plot.addItem(self._band, ignoreBounds=True)
        self._line = pg.PlotDataItem(antialias=True)
        self._plot.addItem(self._line)
        self._title_label = QLabel()  # wraps, where the plot's own title would be cut
        self._title_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._title_label)
        layout.addWidget(self._view, 1)
        self._title = ""
        self._px = 24
        self._fg, self._colour = "#000000", RUN_LINE
        self.set_text_px(self._px)

    def set_series(self, title: str, x: np.ndarray, y: np.ndarray,
                   band: tuple[float, float] | None = None) -> None:
        """Draw one curve (days, values) under `title`, with its normal range shaded if given."""
        if title != self._title:
            self._title = title
            self._retitle()
        self._line.setData(x, y, connect="finite")
        self._band.setVisible(band is not None)
        finite = y[np.isfinite(y)] if len(y) else y
        top = float(finite.max()) if len(finite) else 1.0
        bottom = min(0.0, float(finite.min())) if len(finite) else 0.0
        if band is not None:
            self._band.setRegion(band)
            top = max(top, band[1]) if math.isfinite(band[1]) and band[1] < 1e8 else top
        if top <= bottom:
            top = bottom + 1.0
        self._plot.setYRange(bottom, bottom + (top - bottom) * 1.1, padding=0)
        self._plot.setXRange(0.0, max(float(x[-1]) if len(x) else 0.0, 7.0) * 1.02, padding=0)

    def set_colours(self, background: str, foreground: str, line: str = RUN_LINE) -> None:
        self._fg, self._colour = foreground, line
        self._view.setBackground(background)
        for side in ("left", "bottom"):
            self._plot.getAxis(side).setPen(foreground)
            self._plot.getAxis(side).setTextPen(foreground)
        self.set_text_px(self._px)

    def set_text_px(self, px: int) -> None:
        """Tick labels, axis label and title at `px` pixels; the line's width follows them."""
        self._px = max(8, int(px))
        font = QFont()
        font.setPixelSize(self._px)
        for side in ("left", "bottom"):
            axis = self._plot.getAxis(side)
            axis.setTickFont(font)
            axis.setStyle(tickTextOffset=max(2, self._px // 6), tickLength=max(4, self._px // 4))
        self._plot.getAxis("left").setWidth(math.ceil(self._px * 3.2))
        self._plot.getAxis("bottom").setHeight(math.ceil(self._px * 2.6))
        self._plot.getAxis("bottom").setLabel("day", color=self._fg, **{"font-size": f"{self._px}px"})
        self._line.setPen(pg.mkPen(self._colour, width=self.line_width()))
        self._retitle()

    def sizeHint(self) -> QSize:
        """As small as allowed: the plot takes the room the switches and the caption leave."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def hasHeightForWidth(self) -> bool:
        return False  # else the wrapped title's layout asks for the graph's full 480 px hint

    def line_width(self) -> float:
        return line_px_for(self._px)

    def text_px(self) -> int:
        return self._px

    def title(self) -> str:
        return self._title

    def line_data(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self._line.getOriginalDataset()
        return (np.empty(0), np.empty(0)) if x is None else (np.asarray(x), np.asarray(y))

    def _retitle(self) -> None:
        self._title_label.setText(self._title)
        font = QFont()
        font.setPixelSize(self._px)
        font.setBold(True)
        self._title_label.setFont(font)
