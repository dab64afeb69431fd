"""Menu actions with window-wide shortcuts, made one way everywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


def add_actions(window: QMainWindow, menu: QMenu,
                items: Iterable[tuple[str, str, Callable[[], object]]]) -> list[QAction]:
    """(text, keys, slot) items; keys like "Ctrl+S" or alternatives "?|F1"; "" for none. The
    actions also belong to the window, so their shortcuts work while the menu bar is hidden."""
    actions = []
    for text, keys, slot in items:
        action = QAction(text, window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys.split("|")])
            action.setShortcutContext(Qt.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        window.addAction(action)
        actions.append(action)
    return actions
