"""Classroom controls of the window: presentation mode, one zoom for everything, the shortcut
cheat sheet and a screenshot key.

Presentation mode (F5) hides the chrome a teacher does not need, and scales every text so the
smallest is at least 24 px on a 1080p projector: panel and plot fonts by one factor, and the
diagram by zooming the view (drag, Tab or the arrow keys move around it; Ctrl+0 fits it again).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QFont, QGuiApplication, QImage
from PySide6.QtWidgets import QMainWindow, QWidget

from model.atomic import write_bytes_atomically
from widgets.cheat_sheet import CheatSheet
from widgets.pathway_items import COMPARTMENT_LABEL_PIXELS, LABEL_PIXELS

from .actions import add_actions

MIN_PROJECTED_PX = 24
PRESENTATION_ZOOM = 2.0  # panels' 11-12 pt text becomes 24 px or more
COMPARTMENT_FONT_SCALE = 1.3  # compartment captions are the diagram's smallest text
SCREENSHOT_SIZE = (1920, 1080)
ZOOM_STEP = 1.15


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


class Classroom:
    """Installs the classroom actions on a MainWindow and keeps the zoom state."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.zoom = 1.0
        self.presenting = False
        self.screenshot_folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.PicturesLocation) or Path.home()) / "Insulin Pathway Explorer"
        self.last_screenshot: Path | None = None
        self.cheat_sheet = CheatSheet(self.shortcut_groups(), window)
        menu = window.menuBar().addMenu("&Classroom")
        add_actions(window, menu, (
            ("Presentation mode", "F5", self.toggle_presentation),
            ("Zoom everything in", "Ctrl+=", lambda: self.set_zoom(self.zoom * ZOOM_STEP, True)),
            ("Zoom everything out", "Ctrl+-", lambda: self.set_zoom(self.zoom / ZOOM_STEP, True)),
            ("Reset zoom and fit the diagram", "Ctrl+0", self.reset_zoom),
            ("Keyboard shortcuts", "?|Shift+?|F1", self.cheat_sheet.open),
            ("Screenshot to clipboard and file", "F12", self.screenshot)))
    # --- zoom --------------------------------------------------------------------------------
    def set_zoom(self, factor: float, with_diagram: bool = False) -> None:
        """One factor for panel text, plot fonts and line widths (and the diagram when asked)."""
        factor = min(max(factor, 0.6), 3.0)
        step = factor / self.zoom
        self.zoom = factor
        w = self.window
        w.toggles.set_zoom(factor)
        w.info.set_zoom(factor)
        if w.plots is not None:
            w.plots.set_font_scale(factor)
        self.cheat_sheet.set_zoom(factor)
        lessons = getattr(w, "lessons", None)
        if lessons is not None:
            lessons.set_zoom(factor)
        font = QFont(w.statusBar().font())
        font.setPixelSize(round(13 * factor))
        w.statusBar().setFont(font)
        for label in w.statusBar().findChildren(QWidget):
            label.setFont(font)
        if with_diagram:
            w.view.zoom_by(step)

    def reset_zoom(self) -> None:
        self.set_zoom(PRESENTATION_ZOOM if self.presenting else 1.0)
        self.window.view.fit()

    # --- presentation mode --------------------------------------------------------------------
    def toggle_presentation(self) -> None:
        self.set_presentation(not self.presenting)

    def set_presentation(self, on: bool) -> None:
        w = self.window
        self.presenting = on
        w.menuBar().setVisible(not on)
        for dock in (w.side_dock, w.plot_dock):
            dock.setTitleBarWidget(QWidget() if on else None)  # no dock captions while teaching
        for item in w.view.compartment_items:
            item.font_scale = COMPARTMENT_FONT_SCALE if on else 1.0
            item.update()
        self.set_zoom(PRESENTATION_ZOOM if on else 1.0)
        if on:
            w.resizeDocks([w.side_dock], [max(520, w.width() // 3)], Qt.Horizontal)
            w.view.set_scale(diagram_scale_for())
            focus = w.view.node_items.get(w.view.selected_node or "irs1")
            if focus is not None:  # an unreadable pathway file leaves the diagram empty
                w.view.centerOn(focus)
        else:
            w.view.fit()

    # --- screenshot and cheat sheet ---------------------------------------------------------------
    def screenshot(self) -> Path | None:
        """Copy the window at projector resolution to the clipboard and save it as a PNG."""
        image: QImage = self.window.grab().toImage().scaled(
            *SCREENSHOT_SIZE, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        QGuiApplication.clipboard().setImage(image)
        try:
            self.screenshot_folder.mkdir(parents=True, exist_ok=True)
            path = _unused_name(self.screenshot_folder, time.strftime("explorer-%Y%m%d-%H%M%S"), ".png")
            write_bytes_atomically(path, _png_bytes(image))  # a full disk leaves no empty PNG behind
        except OSError as exc:
            self.window.statusBar().showMessage(
                f"Screenshot copied to the clipboard, but not saved: {exc}", 8000)
            return None
        self.last_screenshot = path
        self.window.statusBar().showMessage(f"Screenshot copied and saved to {path}", 8000)
        return path

    def shortcut_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        toggles = self.window.toggles
        from model.toggles import TOGGLES

        switches = [(toggles.shortcut_for(t.id), t.label) for t in TOGGLES]
        return [
            ("Switches", switches),
            ("Simulation", [("Space", "pause / resume"), ("+  −", "faster / slower"),
                            ("Ctrl+R", "reset to the healthy start")]),
            ("Diagram", [("Tab / Shift+Tab", "next / previous node"), ("Arrow keys", "follow connections"),
                         ("Enter", "explain the node"), ("Alt+1 / 2 / 3", "detail level"),
                         ("Drag, wheel", "pan, zoom")]),
            ("Classroom", [("F5", "presentation mode"), ("F11", "full screen"),
                           ("Ctrl+= / Ctrl+− / Ctrl+0", "zoom everything / reset"),
                           ("F12", "screenshot to clipboard and file"), ("? or F1", "this sheet")]),
        ]
