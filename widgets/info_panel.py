"""The info panel: the clicked node's explanation at the chosen depth, its links and its sources.

Widgets never import `ui`, so the panel takes node texts and references by shape (the Protocols
below, satisfied by `ui.content.NodeText` and `ui.content.Reference`) and asks the node for its
already-escaped HTML. The live model value sits in its own label above the text browser, so the
window can refresh it several times a second without re-laying out the document or moving the
reader's scroll position.

Teacher notes are a second text layer, hidden by default: when switched on, and when the node has
any, they appear in a tinted box titled "Teacher notes" straight after the depth text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from model import NOTICE

from .label_text import plain_text, set_label_colour

__all__ = ["DEPTH_TITLES", "TEACHER_NOTES_TITLE", "InfoPanel"]

DEPTH_TITLES: dict[str, str] = {
    "fundamentals": "Fundamentals",
    "intermediate": "Intermediate",
    "academic": "Academic",
}
PLACEHOLDER = "Click a node in the diagram, or press Tab to move between nodes and Enter to open one."
FOOTER = NOTICE
MIN_POINT_SIZE = 11.0

# Okabe–Ito: blue for links and the value marker; a light tint of sky blue behind the value.
_LINK = "#0072B2"
# The "Now in the model" box: (background, text) on a light and on a dark theme.
VALUE_COLOURS_LIGHT = ("#E6F3FA", "#000000")
VALUE_COLOURS_DARK = ("#1F3442", "#FFFFFF")
_MUTED = "#555555"
# Teacher notes: a light tint of Okabe–Ito orange with an orange rule, so the box reads as "not part
# of the explanation" at a glance; text stays black on the tint for contrast.
_NOTES_BG = "#FDF0D5"
_NOTES_RULE = "#E69F00"
TEACHER_NOTES_TITLE = "Teacher notes"
_NODE_ID = re.compile(r"^[a-z0-9_]+$")


class NodeTextLike(Protocol):
    id: str
    name: str
    links: list[str]
    references: list[str]

    def to_html(self, part: str) -> str: ...


class ReferenceLike(Protocol):
    note: str

    def citation(self) -> str: ...


class InfoPanel(QWidget):
    """Read-only explanation of one node; `node:` links ask the window to open another node."""

    node_link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._node_id: str | None = None
        self._value_plain = ""
        self._zoom = 1.0
        self._teacher_notes_visible = False
        # What is on show, so toggling the teacher notes can re-render the same node and depth.
        self._shown: tuple[NodeTextLike, str, Mapping[str, ReferenceLike]] | None = None
        self.setAccessibleName("Node information")
        self.setAccessibleDescription(
            "Explains the selected node of the pathway diagram at the chosen depth, with its current "
            "value in the model, links to related nodes and literature references.")

        self._name = QLabel(self)
        self._name.setTextFormat(Qt.PlainText)
        self._name.setWordWrap(True)
        self._name.setAccessibleName("Node name")

        self._summary = QLabel(self)
        self._summary.setTextFormat(Qt.RichText)  # produced by the node's safe converter
        self._summary.setWordWrap(True)
        self._summary.setOpenExternalLinks(False)
        self._summary.linkActivated.connect(self._on_link_text)
        self._summary.setAccessibleName("Node summary")
        set_label_colour(self._summary, "#333333")

        self._value = QLabel(self)
        self._value.setTextFormat(Qt.RichText)  # only our own markup; the value itself is escaped
        self._value.setWordWrap(True)
        self._value.setObjectName("nowInModel")
        self.set_value_colours(*VALUE_COLOURS_LIGHT)
        self._value.setAccessibleName("Now in the model")
        self._value.setAccessibleDescription("The node's current value in the running model.")
        self._value.hide()

        self._browser = QTextBrowser(self)
        self._browser.setReadOnly(True)
        self._browser.setOpenLinks(False)
        self._browser.setOpenExternalLinks(False)
        self._browser.setFrameShape(QFrame.NoFrame)
        self._browser.anchorClicked.connect(self._on_anchor)
        self._browser.setAccessibleName("Node explanation")
        self._browser.setAccessibleDescription(
            "Text about the selected node. Tab moves between links to related nodes; Enter opens one.")

        # In a short dock the name, summary and value keep the lines they need and the explanation
        # below them scrolls; squeezed, the labels cut their wrapped lines in half (1024x768).
        for label in (self._name, self._summary, self._value):
            label.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)

        # The whole panel scrolls when the dock is shorter than the labels and a few lines of text.
        self._browser.setMinimumHeight(80)
        content = QWidget(self)
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroller.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroller)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self._name)
        layout.addWidget(self._summary)
        layout.addWidget(self._value)
        layout.addWidget(self._browser, 1)

        self._apply_fonts()
        self.show_placeholder()

    # --- public API -------------------------------------------------------------------------

    @property
    def current_node_id(self) -> str | None:
        """Id of the node on show, or None while the placeholder is shown."""
        return self._node_id

    def show_node(self, node: NodeTextLike, depth: str, value_text: str | None,
                  references: Mapping[str, ReferenceLike]) -> None:
        """Show one node's text at `depth` ("fundamentals", "intermediate" or "academic")."""
        if depth not in DEPTH_TITLES:
            raise ValueError(f"unknown depth {depth!r}; expected one of {tuple(DEPTH_TITLES)}")
        self._node_id = node.id
        self._name.setText(node.name)
        self._name.show()
        self._summary.setText(node.to_html("summary").replace("<p>", '<p style="line-height:125%">'))
        self._summary.show()
        if value_text is None:
            self._value_plain = ""
            self._value.clear()
            self._value.hide()
        else:
            self.update_value(value_text)
        self._shown = (node, depth, references)
        self._browser.setHtml(self._body_html(node, depth, references))
        self._browser.verticalScrollBar().setValue(0)

    @property
    def teacher_notes_visible(self) -> bool:
        """Whether nodes' teacher notes are shown (False by default)."""
        return self._teacher_notes_visible

    def set_teacher_notes_visible(self, visible: bool) -> None:
        """Show or hide the teacher notes; the node on show is re-rendered, keeping its scroll."""
        visible = bool(visible)
        if visible == self._teacher_notes_visible:
            return
        self._teacher_notes_visible = visible
        if self._shown is None:
            return
        bar = self._browser.verticalScrollBar()
        scroll = bar.value()
        self._browser.setHtml(self._body_html(*self._shown))
        bar.setValue(min(scroll, bar.maximum()))

    def update_value(self, value_text: str) -> None:
        """Refresh only the "Now in the model" line; the document and its scroll stay as they are."""
        if value_text != self._value_plain or self._value.isHidden():
            self._value_plain = value_text
            self._value.setText(f"Now in the model: <b>{html.escape(value_text)}</b>")
        if self._node_id is not None and self._value.isHidden():
            self._value.show()

    def show_placeholder(self) -> None:
        """Friendly hint shown before any node is chosen."""
        self._node_id = None
        self._shown = None
        self._value_plain = ""
        for label in (self._name, self._summary, self._value):
            label.clear()
            label.hide()
        self._browser.setHtml(f'<p style="color:{_MUTED}">{html.escape(PLACEHOLDER)}</p>')

    def text(self) -> str:
        """Plain text currently shown, top to bottom (used by tests and for copying)."""
        parts = [label.text() if label is self._name else plain_text(label.text())
                 for label in (self._name, self._summary, self._value) if not label.isHidden()]
        parts.append(self._browser.toPlainText())
        return "\n".join(part for part in parts if part)

    def value_text(self) -> str:
        """The "Now in the model" line as shown ("" when there is none)."""
        return "" if self._value.isHidden() else f"Now in the model: {self._value_plain}"

    def browser(self) -> QTextBrowser:
        """The text browser, for keyboard focus handling and tests."""
        return self._browser

    def set_text_colours(self, summary: str, muted: str) -> None:
        """Theme the panel's own text (the rest follows the application palette)."""
        set_label_colour(self._summary, summary)

    def set_value_colours(self, background: str, text: str) -> None:
        """The "Now in the model" box's colours (a dark theme needs a dark box)."""
        self._value.setStyleSheet(
            f"QLabel#nowInModel {{ background: {background}; color: {text};"
            f" border-left: 4px solid {_LINK}; padding: 4px 6px; }}")

    def set_zoom(self, factor: float) -> None:
        """Scale every font of the panel (presentation mode); 1.0 is the normal reading size."""
        self._zoom = max(0.5, float(factor))
        self._apply_fonts()

    # --- internals ------------------------------------------------------------------------------

    def _apply_fonts(self) -> None:
        base = max(MIN_POINT_SIZE, QApplication.font().pointSizeF()) * self._zoom
        font = QFont(self.font())
        font.setPointSizeF(base)
        self.setFont(font)
        self._browser.setFont(font)
        self._browser.document().setDefaultFont(font)
        # Labels with style sheets do not reliably inherit the parent's font, so set each one.
        self._summary.setFont(font)
        self._value.setFont(font)
        title = QFont(font)
        title.setPointSizeF(base * 1.45)
        title.setBold(True)
        self._name.setFont(title)
        # Comfortable line spacing; must be in place before setHtml parses the document.
        self._browser.document().setDefaultStyleSheet(
            f"p, li {{ line-height: 135%; }} a {{ color: {_LINK}; }}"
            f" h3 {{ margin-top: 14px; margin-bottom: 4px; }} .note {{ color: {_MUTED}; }}")

    def _body_html(self, node: NodeTextLike, depth: str,
                   references: Mapping[str, ReferenceLike]) -> str:
        out = [f"<h3>{DEPTH_TITLES[depth]}</h3>", node.to_html(depth)]
        if self._teacher_notes_visible:
            out.append(self._teacher_notes_html(node))
        effects = node.to_html("effects")
        if effects.strip():
            out += ["<h3>Stressors and therapies</h3>", effects]
        if node.links:
            labels: Mapping[str, str] = getattr(node, "link_labels", {}) or {}
            items = "".join(
                f'<li><a href="node:{target}">{html.escape(labels.get(target, target))}</a></li>'
                for target in node.links if _NODE_ID.match(target))
            out += ["<h3>Linked nodes</h3>", f"<ul>{items}</ul>"]
        if node.references:
            out += ["<h3>References</h3>", self._references_html(node.references, references)]
        return "\n".join(out)

    @staticmethod
    def _teacher_notes_html(node: NodeTextLike) -> str:
        """The node's teacher notes in a tinted table with an orange rule cell ("" when it has none).

        Qt's rich text draws backgrounds and borders reliably on table cells, not on divs.
        """
        # Nodes without the field (other NodeTextLike types) or with an empty one get no box.
        if not str(getattr(node, "teacher_notes", "") or "").strip():
            return ""
        notes = node.to_html("teacher_notes")
        if not notes.strip():
            return ""
        return (f'<table width="100%" cellspacing="0" cellpadding="8" border="0"'
                f' style="margin-top: 12px; margin-bottom: 6px;">'
                f'<tr><td width="6" bgcolor="{_NOTES_RULE}" style="padding: 0px;"></td>'
                f'<td bgcolor="{_NOTES_BG}" style="color: #000000;">'
                f'<p style="margin-top: 0px;"><b>{TEACHER_NOTES_TITLE}</b></p>{notes}</td></tr></table>')

    @staticmethod
    def _references_html(keys: Sequence[str], references: Mapping[str, ReferenceLike]) -> str:
        items = []
        for key in keys:
            ref = references.get(key)
            if ref is None:
                items.append(f"<li>{html.escape(key)} <span class='note'>(reference not found)</span></li>")
                continue
            note = getattr(ref, "note", "")
            extra = f"<br><span class='note'>{html.escape(note)}</span>" if note else ""
            items.append(f"<li>{html.escape(ref.citation())}{extra}</li>")
        return "<ol>" + "".join(items) + "</ol>"



    def _on_anchor(self, url: QUrl) -> None:
        # Only node: links do anything; http(s), file: and everything else are never opened.
        if url.scheme() == "node" and _NODE_ID.match(url.path()):
            self.node_link_activated.emit(url.path())

    def _on_link_text(self, link: str) -> None:
        self._on_anchor(QUrl(link))
