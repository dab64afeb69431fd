"""Help menu: the About dialog (version, licence, notice, references) and the model guide."""

from __future__ import annotations

import pytest
from bridge import scripted_window
from PySide6.QtCore import Qt

from model import __version__
from model.parameters import parameter_table
from ui.about import MODEL_GUIDE_MENU_TEXT, AboutDialog, ModelGuideDialog, model_guide_markdown
from ui.content import load_references


@pytest.fixture
def window(qtbot):
    return scripted_window(qtbot)[0]


def open_from_help(qtbot, window, text: str, kind: type):
    action = next(a for a in window.help_menu.actions() if a.text() == text)
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(kind) is not None and window.findChild(kind).isVisible())
    return window.findChild(kind)


def test_about_shows_version_licence_notice_and_every_reference(qtbot, window):
    dialog = open_from_help(qtbot, window, "About Insulin Pathway Explorer", AboutDialog)
    text = dialog.text.toPlainText()
    assert f"Insulin Pathway Explorer {__version__}" in text
    assert "Licence: MIT" in text
    assert "not medical advice" in text
    references = load_references()
    assert f"References ({len(references)})" in text
    for reference in references.values():
        assert reference.citation() in text
    assert dialog.windowModality() == Qt.WindowModal  # the window, its model and animation go on
    dialog.reject()


def test_the_model_guide_lists_every_parameter_with_its_source(qtbot, window):
    dialog = open_from_help(qtbot, window, MODEL_GUIDE_MENU_TEXT, ModelGuideDialog)
    text = dialog.text.toPlainText()
    assert "Simplifications a reader should know" in text
    for parameter in parameter_table():
        assert parameter.name in text
    first = parameter_table()[0]
    assert first.source[:60] in " ".join(text.split())  # table cells may wrap
    assert "<!--" not in text  # the table markers in model/README.md stay hidden


def test_a_missing_model_guide_says_so_instead_of_failing(tmp_path):
    text = model_guide_markdown(tmp_path / "README.md")
    assert "could not be read" in text


def test_dialogs_close_with_escape_and_are_freed(qtbot, window):
    dialog = open_from_help(qtbot, window, MODEL_GUIDE_MENU_TEXT, ModelGuideDialog)
    with qtbot.waitSignal(dialog.destroyed, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key_Escape)
    assert window.findChild(ModelGuideDialog) is None


def test_the_user_guide_is_separate_from_the_model_s_documentation(qtbot, window):
    import re

    from ui.about import USER_GUIDE_MENU_TEXT, UserGuideDialog

    titles = [a.text() for a in window.help_menu.actions()]
    assert titles.index(USER_GUIDE_MENU_TEXT) < titles.index(MODEL_GUIDE_MENU_TEXT)  # the user's first
    dialog = open_from_help(qtbot, window, USER_GUIDE_MENU_TEXT, UserGuideDialog)
    text = dialog.text.toPlainText()
    headings = ("Getting started", "What the diagram's shapes mean", "Comparing runs", "Running a lesson")
    assert all(heading in text for heading in headings)
    for glyph in ("Arrow", "T-bar", "Pulsing halo", "Dots moving"):
        assert glyph in text
    assert "not medical advice" in text
    assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", text)  # no programme names in a user's text
    assert "Simulation(" not in text  # not the developer's API


def test_node_tooltips_give_the_one_line_summary(window):
    assert window.view.node_items["irs1"].toolTip().startswith("IRS-1: ")
    assert len(window.view.node_items["irs1"].toolTip()) > len("IRS-1: ") + 20
