"""The keyboard cheat sheet: a translucent overlay listing every shortcut, opened with ?."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class CheatSheet(QWidget):
    """Covers its parent; any key or click closes it. `groups`: (heading, [(keys, what)])."""

    def __init__(self, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAccessibleName("Keyboard shortcuts")
        self.label = QLabel()
        self.label.setTextFormat(Qt.RichText)
        self.label.setStyleSheet("color: white;")
        self.label.setAlignment(Qt.AlignTop | Qt.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.label)
        self.groups = list(groups)
        self.zoom = 1.0
        self._render()
        parent.installEventFilter(self)
        self.hide()

    def set_groups(self, groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
        self.groups = list(groups)
        self._render()

    def set_zoom(self, factor: float) -> None:
        self.zoom = factor
        self._render()

    def _render(self) -> None:
        size = round(15 * self.zoom)

        def block(heading: str, rows: Sequence[tuple[str, str]]) -> str:
            body = "".join(f"<tr><td style='padding:2px 16px 2px 0'><b>{html.escape(k)}</b></td>"
                           f"<td>{html.escape(w)}</td></tr>" for k, w in rows)
            return (f"<p style='font-size:{round(size * 1.15)}px; font-weight:bold; margin-top:10px'>"
                    f"{html.escape(heading)}</p><table>{body}</table>")

        # Groups in three columns of about equal length (a heading counts as two rows).
        columns: list[list[tuple[str, Sequence[tuple[str, str]]]]] = [[], [], []]
        total = sum(len(rows) + 2 for _, rows in self.groups)
        filled = 0
        for group in self.groups:
            column = min(2, int(3 * filled / max(total, 1)))
            columns[column].append(group)
            filled += len(group[1]) + 2
        cells = "".join(f"<td valign='top' style='padding-right:40px'>{''.join(block(*g) for g in col)}</td>"
                        for col in columns if col)
        title = f"<p style='font-size:{round(size * 1.4)}px; font-weight:bold'>Keyboard shortcuts</p>"
        self.label.setText(f"<div style='font-size:{size}px'>{title}<table><tr>{cells}</tr></table>"
                           "<p>Press any key to close.</p></div>")

    def text(self) -> str:
        return self.label.text()

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 235))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.hide()
        event.accept()

    def mousePressEvent(self, event) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
