"""Applying a theme to the whole window, and remembering it between sessions (ui/settings.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from widgets.theme import DEFAULT_THEME, RUN_LINE_DARK, THEMES, Theme

from . import settings

SETTINGS_KEY = "theme"


def saved_theme_name() -> str:
    """The remembered theme; a missing, unknown or wrong-typed value gives the default."""
    return settings.get_str(SETTINGS_KEY, DEFAULT_THEME, allowed=THEMES)


def apply_theme_to_plots(plots, theme: Theme) -> None:
    """The plots' background, text and the curves a dark background needs recoloured."""
    curves = {"il1b": "#FFFFFF"} if theme.dark else {}
    plots.set_colours(theme.background, theme.text, curves)


def apply_theme_to_trend(trend, theme: Theme) -> None:
    """The trend plot's background and text, and lighter live and side-by-side curves on dark."""
    if theme.dark:
        trend.set_colours(theme.background, theme.text, live=RUN_LINE_DARK, companion="#BBBBBB")
    else:
        trend.set_colours(theme.background, theme.text)


class ThemeControl(QObject):
    """The View ▸ Theme menu. Applies the palette to the application; the diagram, panels and plots
    follow `theme_changed`."""

    theme_changed = Signal(object)  # Theme

    def __init__(self, menu: QMenu) -> None:
        super().__init__(menu)
        self._default_palette = QApplication.palette()
        self.theme: Theme = THEMES[DEFAULT_THEME]
        group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for name, theme in THEMES.items():
            action = QAction(theme.label, menu, checkable=True)
            action.triggered.connect(lambda _=False, n=name: self.apply(n))
            group.addAction(action)
            menu.addAction(action)
            self.actions[name] = action

    def apply(self, name: str, remember: bool = True) -> None:
        theme = THEMES[name]
        self.theme = theme
        QApplication.instance().setPalette(theme.palette(self._default_palette))
        self.actions[name].setChecked(True)
        self.theme_changed.emit(theme)
        if remember:
            settings.set_value(SETTINGS_KEY, name)
