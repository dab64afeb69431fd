"""The status bar's messages wrap beside the permanent notice instead of running under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QStatusTipEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from widgets.status_bar import MAX_LINES, WrappingStatusBar

LONG = ("High-fat diet on. Fatty acids and IL-1β rise within days; visceral fat, TNF-α and the fall in "
        "insulin sensitivity build over weeks to months. To see most of it, run 16 weeks.")


def window(qtbot, width: int) -> tuple[QMainWindow, WrappingStatusBar, QLabel]:
    win = QMainWindow()
    win.setCentralWidget(QWidget())
    bar = WrappingStatusBar(win)
    win.setStatusBar(bar)
    notice = QLabel("Educational model — not medical advice.")
    bar.addPermanentWidget(notice)
    qtbot.addWidget(win)
    win.resize(width, 600)
    win.show()
    return win, bar, notice


def test_a_long_message_wraps_beside_the_notice_and_the_bar_shrinks_after(qtbot):
    win, bar, notice = window(qtbot, 1024)
    one_line = bar.height()
    bar.showMessage(LONG, 60_000)
    lines = bar.message_lines()
    assert 1 < lines <= MAX_LINES
    qtbot.waitUntil(lambda: bar.height() >= lines * QFontMetrics(bar.font()).lineSpacing())
    assert bar.message_rect().right() <= notice.geometry().left()  # never under the notice
    bar.clearMessage()
    qtbot.waitUntil(lambda: bar.height() <= one_line)


def test_a_short_message_keeps_one_line(qtbot):
    win, bar, _ = window(qtbot, 1024)
    height = bar.height()
    bar.showMessage("Saved.", 60_000)
    assert bar.message_lines() == 1 and bar.minimumHeight() == 0 and bar.height() == height


def test_a_hover_tip_keeps_one_line_so_the_layout_does_not_jump(qtbot):
    win, bar, _ = window(qtbot, 1024)
    height, central = bar.height(), win.centralWidget().height()
    QApplication.sendEvent(win, QStatusTipEvent(LONG))  # what Qt sends as the pointer crosses a tool button
    assert bar.currentMessage() == LONG and not bar.wraps()
    assert bar.message_lines() == 1 and bar.minimumHeight() == 0
    QApplication.processEvents()
    assert bar.height() == height and win.centralWidget().height() == central
    bar.showMessage(LONG, 60_000)  # the same words shown by the app do wrap
    assert bar.wraps() and bar.message_lines() > 1


def test_a_wider_notice_gives_the_message_the_lines_it_now_needs(qtbot):
    """Presentation mode enlarges the notice after a message is shown: the message has less room."""
    win, bar, notice = window(qtbot, 1280)
    bar.showMessage(LONG, 60_000)
    before = bar.message_lines()
    notice.setText("Educational model — not medical advice. " * 2)
    qtbot.waitUntil(lambda: bar.message_lines() > before)
    lines = min(bar.message_lines(), MAX_LINES)
    qtbot.waitUntil(lambda: bar.height() >= lines * QFontMetrics(bar.font()).lineSpacing())
    assert bar.message_rect().right() <= notice.geometry().left()


def test_a_message_longer_than_the_bar_shows_its_beginning(qtbot):
    win, bar, _ = window(qtbot, 520)
    bar.showMessage(LONG, 60_000)
    assert bar.message_lines() > MAX_LINES and bar.message_alignment() == Qt.AlignTop
    bar.showMessage("Saved.", 60_000)
    assert bar.message_alignment() == Qt.AlignVCenter
