"""Small helpers shared by the text panels (info and lesson)."""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel


def set_label_colour(label: QLabel, colour: str) -> None:
    """Colour a label's text through its palette (stylesheets would fight the zoom's fonts)."""
    palette = label.palette()
    palette.setColor(QPalette.WindowText, QColor(colour))
    label.setPalette(palette)


def plain_text(rich: str) -> str:
    """The visible words of a label's rich text, for tests and accessibility."""
    return html.unescape(re.sub(r"<[^>]+>", "", rich)).strip()
