"""The About dialog (version, licence, the educational-use notice, the references) and the model guide
(model/README.md rendered: structure, equations, simplifications and every parameter with its source)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

import model
from model import __version__
from model.readers import read_text

from .content import ContentError, load_references

MODEL_GUIDE = Path(model.__file__).with_name("README.md")  # bundled beside parameters.toml
MODEL_GUIDE_MENU_TEXT = "The model: equations and parameters"
USER_GUIDE_MENU_TEXT = "User guide"
MAX_GUIDE_BYTES = 2_000_000

NOTICE = ("Insulin Pathway Explorer is an educational model of insulin signalling and insulin resistance. "
          "It shows mechanisms and the direction and rough size of effects reported in the literature. "
          "It is not medical advice, predicts nothing for a real person and says nothing about whether "
          "anyone should use a therapy.")


def about_html() -> str:
    try:
        refs = sorted(load_references().values(), key=lambda r: r.citation().lower())
    except ContentError as exc:  # a broken references.toml must not stop About from opening
        refs, problem = [], f"<p>The references could not be read: {html.escape(str(exc))}</p>"
    else:
        problem = ""
    items = "".join(f"<li>{html.escape(r.citation())}</li>" for r in refs)
    return (f"<h2>Insulin Pathway Explorer {html.escape(__version__)}</h2>"
            f"<p><b>{html.escape(NOTICE)}</b></p>"
            "<p>Licence: MIT. Works fully offline; it never opens a network connection.</p>"
            "<p>Every model parameter, its unit and its source are listed under Help ▸ "
            f"{MODEL_GUIDE_MENU_TEXT} (model/README.md).</p>"
            f"<h3>References ({len(refs)})</h3>{problem}<ol>{items}</ol>")


def model_guide_markdown(path: Path = MODEL_GUIDE) -> str:
    try:
        return read_text(path, path.name, MAX_GUIDE_BYTES, ContentError)
    except ContentError as exc:
        return f"# The model\n\nThe model's documentation could not be read: {exc}"


class _TextDialog(QDialog):
    """A window-modal reading dialog: one scrolling text and a Close button (Esc closes it too)."""

    def __init__(self, title: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 640)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(accessible_name)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def user_guide_markdown() -> str:
    """resources/guide.md: getting started, the diagram's glyphs, comparing runs, running a lesson."""
    from model.resources import resource_path

    path = resource_path("guide.md")
    try:
        return read_text(path, path.name, MAX_GUIDE_BYTES, ContentError)
    except ContentError as exc:
        return f"# User guide\n\nThe guide could not be read: {exc}"


class UserGuideDialog(_TextDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(USER_GUIDE_MENU_TEXT, "User guide", parent)
        self.text.setMarkdown(user_guide_markdown())


class AboutDialog(_TextDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("About Insulin Pathway Explorer", "About and references", parent)
        self.text.setHtml(about_html())


class ModelGuideDialog(_TextDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MODEL_GUIDE_MENU_TEXT.capitalize(), "Model documentation", parent)
        self.resize(960, 720)  # the parameter tables are wide
        self.text.setMarkdown(model_guide_markdown())
