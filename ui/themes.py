"""Applying a theme to the whole window, and remembering it between sessions (ui/settings.py)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow

from widgets.theme import DEFAULT_THEME, THEMES, Theme

from . import settings

SETTINGS_KEY = "theme"


def saved_theme_name() -> str:
    """The remembered theme; a missing, unknown or wrong-typed value gives the default."""
    return settings.get_str(SETTINGS_KEY, DEFAULT_THEME, allowed=THEMES)


class ThemeControl:
    """The View ▸ Theme menu; applies a theme to the diagram, panels and plots."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self._default_palette = QApplication.palette()
        self.theme: Theme = THEMES[DEFAULT_THEME]
        menu = window.view_menu.addMenu("Theme")
        group = QActionGroup(window)
        self.actions: dict[str, QAction] = {}
        for name, theme in THEMES.items():
            action = QAction(theme.label, window, checkable=True)
            action.triggered.connect(lambda _=False, n=name: self.apply(n))
            group.addAction(action)
            menu.addAction(action)
            self.actions[name] = action
        self.apply(saved_theme_name(), remember=False)

    def apply(self, name: str, remember: bool = True) -> None:
        theme = THEMES[name]
        self.theme = theme
        w = self.window
        QApplication.instance().setPalette(theme.palette(self._default_palette))
        w.view.set_theme(theme)
        w.info.set_text_colours(theme.text if theme.name != "light" else "#333333", theme.muted)
        if w.plots is not None:
            self.apply_to_plots()
        self.actions[name].setChecked(True)
        if remember:
            settings.set_value(SETTINGS_KEY, name)

    def apply_to_plots(self) -> None:
        theme = self.theme
        curves = {"il1b": "#FFFFFF"} if theme.dark else {}
        self.window.plots.set_colours(theme.background, theme.text, curves)
