"""One experiment's result: the model's curves with the paper's figures drawn over them, a table of
published against model values, and a caption naming the paper.

Series that share a y unit share a plot. A published figure with a place on a curve (`at`, and the
curve's index `series`) is drawn there: a point for a value (with an error bar for the paper's own
spread), a shaded box for a published range. The
table says "within" or "outside" in words as well as colour.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsRectItem,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from model import NOTICE
from model.experiments import ExperimentResult

# Okabe-Ito colours with a dash pattern each, so no curve depends on colour alone.
CURVE_STYLES = (("#0072B2", Qt.PenStyle.SolidLine), ("#D55E00", Qt.PenStyle.DashLine),
                ("#009E73", Qt.PenStyle.DotLine), ("#CC79A7", Qt.PenStyle.DashDotLine))
PUBLISHED = "#000000"
MET, MISSED = "#007A55", "#B24700"


class ExperimentView(QWidget):
    def __init__(self, result: ExperimentResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        experiment = result.experiment
        self.caption = QLabel(f"<b>{experiment.title}</b> — {experiment.paper}<br>{experiment.protocol}"
                              f"<br><i>{NOTICE}</i>")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setAccessibleName("What the experiment did and which paper it follows")
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground("w")
        self.plot_items: list[pg.PlotItem] = []
        self._draw_curves()
        self.table = self._comparison_table()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.plots)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(splitter, 1)

    # --- curves and published points ---------------------------------------------------------------
    def _draw_curves(self) -> None:
        by_unit: dict[tuple[str, str], pg.PlotItem] = {}
        curve_plot: list[pg.PlotItem] = []
        for i, curve in enumerate(self.result.series):
            key = (curve.x_label, curve.y_label)
            plot = by_unit.get(key)
            if plot is None:
                plot = self.plots.addPlot(row=len(by_unit), col=0)
                plot.setLabel("bottom", curve.x_label)
                plot.setLabel("left", curve.y_label)
                plot.showGrid(x=True, y=True, alpha=0.2)
                plot.addLegend(offset=(-10, 10), labelTextColor="#1A1A1A")
                if curve.x_label.startswith("insulin, nM"):
                    plot.setLogMode(x=True)
                by_unit[key] = plot
                self.plot_items.append(plot)
            colour, style = CURVE_STYLES[i % len(CURVE_STYLES)]
            plot.plot(curve.x, curve.y, pen=pg.mkPen(colour, width=3, style=style),
                      name=f"model: {curve.name}")
            curve_plot.append(plot)
        placed: dict[int, list[float]] = {}
        for comparison in self.result.comparisons:
            figure = comparison.figure
            if figure.at is None or figure.series is None or figure.series >= len(curve_plot):
                continue
            plot = curve_plot[figure.series]
            if figure.value is not None and isinstance(figure.at, float):
                # Published points on the same spot are set a little apart, and each takes its curve's
                # colour (outlined in black), so two papers' points at one day stay readable.
                taken = placed.setdefault(id(plot), [])
                x = figure.at + 0.015 * _x_span(plot) * sum(1 for t in taken if abs(t - figure.at) < 1e-9)
                taken.append(figure.at)
                colour = CURVE_STYLES[figure.series % len(CURVE_STYLES)][0]
                plot.plot([x], [figure.value], pen=None, symbol="s", symbolSize=14,
                          symbolBrush=pg.mkBrush(colour), symbolPen=pg.mkPen(PUBLISHED, width=2),
                          name=f"published: {figure.label}")
                if figure.spread is not None:  # the paper's own spread, as an error bar
                    low, high = figure.spread
                    plot.addItem(pg.ErrorBarItem(
                        x=np.array([x]), y=np.array([figure.value]),
                        top=np.array([high - figure.value]), bottom=np.array([figure.value - low]),
                        beam=0.01 * _x_span(plot), pen=pg.mkPen(colour, width=2)))
            elif isinstance(figure.at, tuple) and figure.value is None:
                low = figure.low if figure.low is not None else 0.0
                high = figure.high if figure.high is not None else low
                start, end = figure.at
                box = QGraphicsRectItem(start, low, end - start, high - low)
                box.setPen(pg.mkPen(PUBLISHED, width=2, style=Qt.PenStyle.DashLine))
                box.setBrush(pg.mkBrush(0, 0, 0, 30))
                plot.addItem(box)
                label = pg.TextItem(f"published: {figure.published_text()}", color=PUBLISHED, anchor=(0, 1))
                label.setPos(figure.at[0], high)
                plot.addItem(label)

    # --- the table ------------------------------------------------------------------------------------
    def _comparison_table(self) -> QTableWidget:
        rows = self.result.comparisons
        table = QTableWidget(len(rows), 5)
        table.setHorizontalHeaderLabels(["Figure", "Published", "Model", "Model ÷ published", "Verdict"])
        table.setAccessibleName("Published figures against the model's")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        bold = QFont()
        bold.setBold(True)
        for r, c in enumerate(rows):
            ratio = f"{c.ratio:.2f}" if c.ratio is not None else "–"
            cells = (c.figure.label, c.figure.published_text(), f"{c.model:.3g} {c.figure.unit}", ratio,
                     "within tolerance" if c.met else "outside tolerance")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setToolTip(f"{c.figure.citation}\nSource: {c.figure.source}"
                                    + (f"\n{c.figure.note}" if c.figure.note else ""))
                if col == 4:
                    item.setForeground(QColor(MET if c.met else MISSED))
                    item.setFont(bold)
                table.setItem(r, col, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def verdicts(self) -> list[str]:
        return [self.table.item(r, 4).text() for r in range(self.table.rowCount())]


def _x_span(plot: pg.PlotItem) -> float:
    """The width of the plot's data along x (for an error bar's beam)."""
    left, right = plot.vb.childrenBounds()[0] or (0.0, 1.0)
    return max(right - left, 1e-9)
