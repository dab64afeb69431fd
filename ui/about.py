"""The About dialog: version, licence, the educational-use notice and the references."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from model import __version__

from .content import load_references

NOTICE = ("Insulin Pathway Explorer is an educational model of insulin signalling and insulin resistance. "
          "It shows mechanisms and the direction and rough size of effects reported in the literature. "
          "It is not medical advice, predicts nothing for a real person and says nothing about whether "
          "anyone should use a therapy.")


def about_html() -> str:
    refs = sorted(load_references().values(), key=lambda r: r.citation().lower())
    items = "".join(f"<li>{html.escape(r.citation())}</li>" for r in refs)
    return (f"<h2>Insulin Pathway Explorer {html.escape(__version__)}</h2>"
            f"<p><b>{html.escape(NOTICE)}</b></p>"
            "<p>Licence: MIT. Works fully offline; it never opens a network connection.</p>"
            "<p>Every model parameter, its unit and its source are listed in model/README.md.</p>"
            f"<h3>References ({len(refs)})</h3><ol>{items}</ol>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Insulin Pathway Explorer")
        self.resize(720, 640)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(about_html())
        self.text.setAccessibleName("About and references")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
