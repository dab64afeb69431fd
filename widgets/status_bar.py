"""A status bar whose messages wrap instead of running under the permanent notice.

QStatusBar draws a message on one line and clips it: "High-fat diet on. Fatty acids and IL-1β rise
within days; … run 16 weeks" lost its advice at 1024×768, and at presentation mode's 24-px text
lost half of it. Here a long message takes as many lines as it needs (up to MAX_LINES) and the bar
grows for as long as it shows.

Only the messages the app shows (showMessage from Python) wrap. The tips Qt shows while the pointer
passes over a menu or toolbar item keep one line, elided: otherwise the window's layout, and with it
the diagram, would jump at every hover.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QStatusBar, QWidget

MAX_LINES = 3
PADDING = 4  # px around the message


class WrappingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown = ""  # the last message the app itself showed: the one that may wrap
        self.messageChanged.connect(self._fit_height)

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 (Qt's)
        self._shown = text
        super().showMessage(text, timeout)

    def wraps(self) -> bool:
        """The current message is the app's own, not a hover tip."""
        return bool(self.currentMessage()) and self.currentMessage() == self._shown

    def message_rect(self) -> QRect:
        """Where a message is drawn: left of the permanent widgets (the notice)."""
        right = self.width()
        for child in self.findChildren(QWidget):
            if child.isVisible() and child.parent() is self and child.x() > self.width() // 3:
                right = min(right, child.x())  # the permanent notice sits on the right
        return QRect(PADDING, 0, max(10, right - 2 * PADDING), self.height())

    def message_lines(self) -> int:
        """How many lines the current message takes at this width (0 without a message)."""
        text = self.currentMessage()
        if not text:
            return 0
        if not self.wraps():
            return 1
        bound = QFontMetrics(self.font()).boundingRect(
            QRect(0, 0, self.message_rect().width(), 10_000), Qt.TextWordWrap, text)
        return max(1, -(-bound.height() // QFontMetrics(self.font()).lineSpacing()))

    def message_alignment(self) -> Qt.AlignmentFlag:
        """Centred, unless the message needs more than MAX_LINES: then from the top, so its start is
        read whole and only its end is cut (centred, both its first and last lines were cut)."""
        return Qt.AlignTop if self.message_lines() > MAX_LINES else Qt.AlignVCenter

    def _fit_height(self, *_args) -> None:
        lines = min(self.message_lines(), MAX_LINES)
        needed = lines * QFontMetrics(self.font()).lineSpacing() + 2 * PADDING if lines > 1 else 0
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
        self.update()

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802 (Qt's)
        super().addPermanentWidget(widget, stretch)
        widget.installEventFilter(self)  # it widens with presentation mode's text: less room

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if event.type() in (QEvent.Resize, QEvent.Move) and self.currentMessage():
            self._fit_height()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's)
        super().resizeEvent(event)
        if self.currentMessage():
            self._fit_height()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's)
        text = self.currentMessage()
        if not text:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.setFont(self.font())
        rect = self.message_rect()
        if self.wraps():
            painter.drawText(rect, Qt.AlignLeft | self.message_alignment() | Qt.TextWordWrap, text)
        else:
            elided = QFontMetrics(self.font()).elidedText(text, Qt.ElideRight, rect.width())
            painter.drawText(rect, Qt.AlignLeft | Qt.AlignVCenter, elided)
        painter.end()
