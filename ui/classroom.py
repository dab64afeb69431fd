"""Classroom controls of the window: presentation mode, one zoom for everything, the shortcut
cheat sheet and a screenshot key.

Presentation mode (F5) hides the menus and the docks (ui/projector.py lays out the diagram and a
column of switches, lesson step and key plot instead) and scales every text from the window's
height, so the smallest is at least 24 px at 1080p and 16 px at 720p: panel, toolbar and plot fonts
by one factor, and the diagram by zooming the view (drag, Tab or the arrow keys move around it;
Ctrl+0 fits it again). F5 again restores exactly the layout it was entered from.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMenuBar, QToolBar, QWidget

from model.atomic import write_bytes_atomically
from widgets.cheat_sheet import CheatSheet
from widgets.pathway_items import COMPARTMENT_LABEL_PIXELS, LABEL_PIXELS
from widgets.pathway_view import PathwayView

from .actions import add_actions

MIN_PROJECTED_PX = 24  # at 1080p; a smaller window scales it down with its height
REFERENCE_HEIGHT = 1080
SMALLEST_PX = 16  # the least, whatever the window's height (720p)
PANEL_TEXT_PX = 12  # the panels' normal text, which the presentation zoom scales
COMPARTMENT_FONT_SCALE = 1.3  # compartment captions are the diagram's smallest text
SCREENSHOT_SIZE = (1920, 1080)
ZOOM_STEP = 1.15


def projected_px(height: int) -> int:
    """The smallest text in presentation mode for a window this tall: 24 px at 1080p, 16 at 720p."""
    return max(SMALLEST_PX, math.ceil(MIN_PROJECTED_PX * height / REFERENCE_HEIGHT - 0.05))


def diagram_scale_for(min_px: float = MIN_PROJECTED_PX) -> float:
    """The view scale at which the diagram's smallest label is `min_px` on screen."""
    return min_px / min(LABEL_PIXELS, COMPARTMENT_LABEL_PIXELS * COMPARTMENT_FONT_SCALE)


def _unused_name(folder: Path, stem: str, suffix: str) -> Path:
    """`stem.suffix` in `folder`, or `stem-2.suffix`, `stem-3.suffix`… if taken (two presses of F12
    in one second must not overwrite the first picture)."""
    path, n = folder / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the image could not be encoded")
    buffer.close()
    return bytes(data)


class Classroom(QObject):
    """The Classroom menu and its zoom. Panels follow `zoom_changed`; the host window is used only
    through Qt's own API (menus, docks, status bar, grabbing it for a screenshot)."""

    zoom_changed = Signal(float)  # one factor for every panel's text, the plots' fonts and lines
    presentation_changed = Signal(bool)  # after the chrome is hidden (True) / before it is restored
    layout_restored = Signal()  # the layout presentation mode left is back (emitted twice, see below)

    def __init__(self, host: QMainWindow, view: PathwayView, docks: tuple[QDockWidget, ...],
                 switch_shortcuts: list[tuple[str, str]]) -> None:
        super().__init__(host)
        self.host, self.view, self.docks = host, view, docks
        self.zoom = 1.0
        self.presenting = False
        self._saved_layout = None  # the window's layout when presentation mode was entered
        self.screenshot_folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.PicturesLocation) or Path.home()) / "Insulin Pathway Explorer"
        self.last_screenshot: Path | None = None
        self.switch_shortcuts = switch_shortcuts
        self.cheat_sheet = CheatSheet(shortcut_groups(switch_shortcuts), host)
        self.zoom_changed.connect(self.cheat_sheet.set_zoom)
        menu = self.menu = host.menuBar().addMenu("&Classroom")
        add_actions(host, menu, (
            ("Presentation mode", "F5", self.toggle_presentation),
            ("Zoom everything in", "Ctrl+=", lambda: self.set_zoom(self.zoom * ZOOM_STEP, True)),
            ("Zoom everything out", "Ctrl+-", lambda: self.set_zoom(self.zoom / ZOOM_STEP, True)),
            ("Reset zoom and fit the diagram", "Ctrl+0", self.reset_zoom),
            ("Keyboard shortcuts", "?|Shift+?|F1", self.open_cheat_sheet),
            ("Screenshot to clipboard and file", "F12", self.screenshot)))

    # --- zoom --------------------------------------------------------------------------------
    def set_zoom(self, factor: float, with_diagram: bool = False) -> None:
        """One factor for panel text, plot fonts and line widths (and the diagram when asked)."""
        factor = min(max(factor, 0.6), 3.0)
        step = factor / self.zoom
        self.zoom = factor
        self.zoom_changed.emit(factor)
        status = self.host.statusBar()
        font = QFont(status.font())
        font.setPixelSize(round(13 * factor))
        status.setFont(font)
        for label in status.findChildren(QWidget):
            label.setFont(font)
        for bar in self.host.findChildren(QToolBar):  # the clock's buttons and speed
            bar.setFont(font if factor != 1.0 else QFont())  # at 1.0 its own font, as it opened
        if with_diagram:
            self.view.zoom_by(step)

    def text_px(self) -> int:
        """Presentation mode's smallest text for the window's height now."""
        return projected_px(self.host.height())

    def presentation_zoom(self) -> float:
        return self.text_px() / PANEL_TEXT_PX

    def reset_zoom(self) -> None:
        self.set_zoom(self.presentation_zoom() if self.presenting else 1.0)
        self.view.fit()

    # --- presentation mode --------------------------------------------------------------------
    def toggle_presentation(self) -> None:
        self.set_presentation(not self.presenting)

    def set_presentation(self, on: bool) -> None:
        """F5: presentation mode on or off. On hides the menus and the docks (`presentation_changed`
        then lays out the projector column and the diagram); off restores exactly the layout it was
        entered from (the docks' places, sizes and visibility, the diagram's zoom and centre),
        whatever was resized meanwhile."""
        host, view = self.host, self.view
        if on == self.presenting:
            return
        if on:
            centre = view.mapToScene(view.viewport().rect().center())
            self._saved_layout = (host.size(), host.saveState(), view.transform(), centre)
        self.presenting = on
        host.menuBar().setVisible(not on)
        for item in view.compartment_items:
            item.set_font_scale(COMPARTMENT_FONT_SCALE if on else 1.0)
        self.set_zoom(self.presentation_zoom() if on else 1.0)
        if on:
            for dock in self.docks:
                dock.hide()
            self.presentation_changed.emit(True)
        else:
            self.presentation_changed.emit(False)
            self._restore_layout()
            # The big fonts grew the docks' minimum sizes and with them, maybe, the window; those
            # shrink back only once Qt has laid the smaller fonts out, so restore again after that.
            QTimer.singleShot(0, self, self._restore_layout)

    def _restore_layout(self) -> None:
        if self.presenting or self._saved_layout is None:
            return
        size, state, transform, centre = self._saved_layout
        if not (self.host.isMaximized() or self.host.isFullScreen()):
            self.host.resize(size)
        self.host.restoreState(state)
        self.view.setTransform(transform)
        self.view.centerOn(centre)
        self.layout_restored.emit()

    def host_resized(self) -> None:
        """In presentation mode, text follows the window's height (a window made full screen)."""
        if self.presenting and abs(self.presentation_zoom() - self.zoom) > 1e-6:
            self.set_zoom(self.presentation_zoom())

    # --- screenshot and cheat sheet ---------------------------------------------------------------
    def open_cheat_sheet(self) -> None:
        """The sheet, made afresh from the menus' own actions, so it lists every shortcut there is."""
        self.cheat_sheet.set_groups(shortcut_groups(self.switch_shortcuts, self.host.menuBar()))
        self.cheat_sheet.open()

    def screenshot(self) -> Path | None:
        """Copy the window at projector resolution to the clipboard and save it as a PNG."""
        image: QImage = self.host.grab().toImage().scaled(
            *SCREENSHOT_SIZE, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        QGuiApplication.clipboard().setImage(image)
        try:
            self.screenshot_folder.mkdir(parents=True, exist_ok=True)
            path = _unused_name(self.screenshot_folder, time.strftime("explorer-%Y%m%d-%H%M%S"), ".png")
            write_bytes_atomically(path, _png_bytes(image))  # a full disk leaves no empty PNG behind
        except OSError as exc:
            self.host.statusBar().showMessage(
                f"Screenshot copied to the clipboard, but not saved: {exc}", 8000)
            return None
        self.last_screenshot = path
        self.host.statusBar().showMessage(f"Screenshot copied and saved to {path}", 8000)
        return path


def shortcut_groups(switches: list[tuple[str, str]], menu_bar: QMenuBar | None = None
                    ) -> list[tuple[str, list[tuple[str, str]]]]:
    """The cheat sheet's groups: the switch panel's (key, label) pairs, the keys that are not menu
    actions (the clock's, the diagram's, a lesson's), then every menu's actions that have a shortcut,
    under the menu's name, with their own texts and keys."""
    groups = [
        ("Switches", switches),
        ("Keys", [("Space", "pause / resume; on a switch reached by Tab or F6, press it"),
                  ("+  −", "faster / slower"),
                  ("Tab / Shift+Tab", "next / previous node, then control"),
                  ("Arrow keys", "follow connections"),
                  ("Enter", "explain the node"), ("Drag, wheel", "pan, zoom the diagram"),
                  ("PgDn or N / PgUp or B", "a lesson's next / previous step"),
                  ("Esc", "close a lesson, a dialog or this sheet")]),
    ]
    if menu_bar is None:
        return groups
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        rows = [(" or ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts()),
                 action.text().replace("&&", "&").rstrip("…"))
                for action in _actions_of(menu) if action.shortcuts()]
        if rows:
            groups.append((menu_action.text().replace("&", ""), rows))
    return groups


def _actions_of(menu: QMenu) -> list:
    """A menu's actions, those of its submenus included."""
    found = []
    for action in menu.actions():
        found += _actions_of(action.menu()) if action.menu() is not None else [action]
    return found
