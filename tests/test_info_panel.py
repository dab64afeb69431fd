"""The info panel shows the node at the chosen depth and reacts only to node: links."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextCursor

from ui.content import load_node_texts, load_references
from widgets.info_panel import _NOTES_BG, FOOTER, PLACEHOLDER, TEACHER_NOTES_TITLE, InfoPanel

VALUE = "IRS-1 tyrosine-phosphorylated: 0.027 (fraction of the pool)"


@pytest.fixture(scope="module")
def content():
    return load_node_texts(), load_references()


@pytest.fixture
def panel(qtbot):
    widget = InfoPanel()
    qtbot.addWidget(widget)
    widget.resize(360, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _show(panel, content, node_id="irs1", depth="intermediate", value=VALUE):
    nodes, refs = content
    panel.show_node(nodes[node_id], depth, value, refs)


def _anchor_point(browser, href: str) -> QPoint:
    """Viewport position of the middle of the first anchor with this href (scrolled into view)."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + max(1, fragment.length() // 2))
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                rect = browser.cursorRect(cursor)
                return QPoint(rect.center().x() - 2, rect.center().y())
            it += 1
        block = block.next()
    raise AssertionError(f"no anchor {href!r} in the document")


def test_placeholder_before_any_node(panel):
    assert panel.current_node_id is None
    assert PLACEHOLDER in panel.text()
    assert FOOTER not in panel.text()  # said once, in the window's status bar


def test_show_node_shows_name_summary_value_depth_links_and_references(panel, content):
    _show(panel, content)
    text = panel.text()
    assert panel.current_node_id == "irs1"
    assert text.startswith("IRS-1\n")
    assert "Docking protein phosphorylated by the insulin receptor" in text
    assert f"Now in the model: {VALUE}" in text
    assert "many YXXM tyrosine motifs" in text  # intermediate text
    assert "1,242 residues" not in text  # academic text is not shown
    assert "Stressors and therapies" in text and "Novel PKC phosphorylates IRS-1" in text
    assert "Linked nodes" in text and "Novel PKC (θ, ε)" in text
    assert "Samuel VT, Shulman GI (2012). Mechanisms for insulin resistance" in text
    assert PLACEHOLDER not in text
    html = panel.browser().toHtml()
    assert 'href="node:pi3k"' in html and 'href="node:insulin_receptor"' in html


def test_depth_changes_the_text(panel, content):
    _show(panel, content, depth="fundamentals")
    assert "helper protein just inside the cell membrane" in panel.text()
    assert "YXXM" not in panel.text()
    _show(panel, content, depth="academic")
    assert "1,242 residues" in panel.text()
    assert "helper protein" not in panel.text()
    with pytest.raises(ValueError):
        _show(panel, content, depth="expert")


def test_no_value_line_without_a_value(panel, content):
    _show(panel, content, value=None)
    assert "Now in the model" not in panel.text()
    assert panel.value_text() == ""


def test_clicking_a_node_link_emits_its_id(panel, content, qtbot):
    _show(panel, content)
    browser = panel.browser()
    point = _anchor_point(browser, "node:pi3k")
    with qtbot.waitSignal(panel.node_link_activated, timeout=1000) as blocker:
        qtbot.mouseClick(browser.viewport(), Qt.LeftButton, pos=point)
    assert blocker.args == ["pi3k"]
    assert panel.current_node_id == "irs1"  # the window decides what to open, not the browser


def test_clicking_a_linked_nodes_entry_emits_its_id(panel, content, qtbot):
    _show(panel, content, node_id="pi3k")
    point = _anchor_point(panel.browser(), "node:growth_hormone")
    with qtbot.waitSignal(panel.node_link_activated, timeout=1000) as blocker:
        qtbot.mouseClick(panel.browser().viewport(), Qt.LeftButton, pos=point)
    assert blocker.args == ["growth_hormone"]


def test_keyboard_tab_and_enter_open_a_link(panel, content, qtbot):
    _show(panel, content)
    browser = panel.browser()
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key_Tab)
    with qtbot.waitSignal(panel.node_link_activated, timeout=1000) as blocker:
        qtbot.keyClick(browser, Qt.Key_Return)
    assert blocker.args == ["insulin_receptor"]  # the first link in the intermediate text


@dataclass
class _RawNode:
    """A node whose HTML holds links of other schemes, as a hostile or careless file might."""

    id: str = "raw"
    name: str = "Raw"
    links: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    def to_html(self, part: str) -> str:
        if part == "summary":
            return "<p>s</p>"
        if part == "effects":
            return ""
        return '<p>Go to <a href="https://example.org/x">the web page</a> now.</p>'


def test_other_link_schemes_emit_nothing_and_open_nothing(panel, qtbot):
    panel.show_node(_RawNode(), "fundamentals", None, {})
    browser = panel.browser()
    before = browser.toPlainText()
    emitted: list[str] = []
    panel.node_link_activated.connect(emitted.append)
    qtbot.mouseClick(browser.viewport(), Qt.LeftButton, pos=_anchor_point(browser, "https://example.org/x"))
    browser.anchorClicked.emit(QUrl("https://example.org"))
    browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    browser.anchorClicked.emit(QUrl("https:pi3k"))  # path looks like a node id; scheme does not
    browser.anchorClicked.emit(QUrl("mailto:akt"))
    browser.anchorClicked.emit(QUrl("node:Not An Id"))
    qtbot.wait(50)
    assert emitted == []
    assert browser.toPlainText() == before
    assert browser.source().isEmpty()
    browser.anchorClicked.emit(QUrl("node:akt"))
    assert emitted == ["akt"]


def test_update_value_changes_only_the_value_line(panel, content, qtbot):
    _show(panel, content, depth="academic")
    browser = panel.browser()
    bar = browser.verticalScrollBar()
    assert bar.maximum() > 0, "the academic text should need scrolling at 360x700"
    bar.setValue(bar.maximum() // 2)
    html_before, scroll_before, text_before = browser.toHtml(), bar.value(), panel.text()
    new_value = VALUE.replace("0.027", "0.031")
    panel.update_value(new_value)
    qtbot.wait(20)
    assert panel.value_text() == f"Now in the model: {new_value}"
    assert browser.toHtml() == html_before
    assert bar.value() == scroll_before
    assert panel.text() == text_before.replace("0.027", "0.031")


def test_value_text_is_not_markup(panel, content):
    _show(panel, content, value="<b>x</b> & y")
    assert panel.value_text() == "Now in the model: <b>x</b> & y"
    assert "Now in the model: <b>x</b> & y" in panel.text()


def test_readable_and_accessible(panel, content):
    _show(panel, content)
    assert panel.font().pointSizeF() >= 11
    assert panel.browser().document().defaultFont().pointSizeF() >= 11
    assert panel.browser().fontInfo().pointSizeF() >= 11
    assert panel.accessibleName() and panel.accessibleDescription()
    assert panel.browser().accessibleName()
    assert panel.browser().isReadOnly()
    assert not panel.browser().openLinks() and not panel.browser().openExternalLinks()
    block = panel.browser().document().findBlock(0).next()
    assert block.blockFormat().lineHeight() > 100  # proportional spacing above single
    panel.set_zoom(2.0)
    assert panel.browser().fontInfo().pointSizeF() >= 21


# --- teacher notes -------------------------------------------------------------------------------

def _notes_phrase(content, node_id: str) -> str:
    """A few words from the first teacher-note bullet of a node, as plain text."""
    nodes, _ = content
    first = nodes[node_id].teacher_notes.splitlines()[0]
    words = first.replace("*", "").lstrip("- ").split()
    return " ".join(words[:6])


def test_teacher_notes_are_hidden_by_default(panel, content):
    assert panel.teacher_notes_visible is False
    _show(panel, content, node_id="ceramide")
    assert TEACHER_NOTES_TITLE not in panel.text()
    assert _notes_phrase(content, "ceramide") not in panel.text()


def test_teacher_notes_show_in_a_tinted_box_after_the_depth_text(panel, content):
    _show(panel, content, node_id="ceramide", depth="fundamentals")
    panel.set_teacher_notes_visible(True)
    assert panel.teacher_notes_visible is True
    text = panel.text()
    phrase = _notes_phrase(content, "ceramide")
    assert TEACHER_NOTES_TITLE in text and phrase in text
    depth_at = text.index("Ceramides are fat molecules")  # the fundamentals text
    assert depth_at < text.index(TEACHER_NOTES_TITLE) < text.index("Stressors and therapies")
    html = panel.browser().toHtml()
    assert _NOTES_BG.lower() in html.lower()  # the tint that sets the box apart
    # the notes' node links work like any other
    assert 'href="node:pp2a"' in html or 'href="node:akt"' in html
    panel.set_teacher_notes_visible(False)
    assert TEACHER_NOTES_TITLE not in panel.text() and phrase not in panel.text()
    assert "Ceramides are fat molecules" in panel.text()


def test_teacher_notes_setting_survives_node_changes_and_the_placeholder(panel, content):
    panel.set_teacher_notes_visible(True)  # before any node: nothing to re-render, no error
    assert PLACEHOLDER in panel.text() and TEACHER_NOTES_TITLE not in panel.text()
    _show(panel, content, node_id="akt")
    assert _notes_phrase(content, "akt") in panel.text()
    _show(panel, content, node_id="irs1", depth="academic")
    assert _notes_phrase(content, "irs1") in panel.text() and "1,242 residues" in panel.text()
    assert _notes_phrase(content, "akt") not in panel.text()
    panel.show_placeholder()
    panel.set_teacher_notes_visible(False)
    assert panel.text().count(PLACEHOLDER) == 1


def test_toggling_teacher_notes_keeps_the_scroll_position(panel, content, qtbot):
    _show(panel, content, node_id="ceramide", depth="academic")
    bar = panel.browser().verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    assert before > 0
    panel.set_teacher_notes_visible(True)
    qtbot.wait(20)
    assert bar.value() == before
    assert TEACHER_NOTES_TITLE in panel.text()
    panel.set_teacher_notes_visible(True)  # no change: no re-render
    assert bar.value() == before
    panel.set_teacher_notes_visible(False)
    qtbot.wait(20)
    assert bar.value() == min(before, bar.maximum())
    assert TEACHER_NOTES_TITLE not in panel.text()


def test_teacher_notes_toggle_leaves_the_value_line_alone(panel, content):
    _show(panel, content, node_id="irs1")
    panel.set_teacher_notes_visible(True)
    assert panel.value_text() == f"Now in the model: {VALUE}"
    assert panel.current_node_id == "irs1"


def test_no_box_for_a_node_without_notes(panel, content):
    nodes, refs = content
    bare = replace(nodes["akt"], teacher_notes="")
    panel.set_teacher_notes_visible(True)
    panel.show_node(bare, "intermediate", None, refs)
    assert TEACHER_NOTES_TITLE not in panel.text()
    assert _NOTES_BG.lower() not in panel.browser().toHtml().lower()
    panel.show_node(_RawNode(), "fundamentals", None, {})  # a node type without teacher notes at all
    assert TEACHER_NOTES_TITLE not in panel.text()


def test_teacher_notes_are_escaped(panel, content):
    nodes, refs = content
    hostile = replace(nodes["akt"], teacher_notes='- Try <img src=x onerror=y> and <a href="https://x">web</a>')
    panel.set_teacher_notes_visible(True)
    panel.show_node(hostile, "fundamentals", None, refs)
    html = panel.browser().toHtml()
    assert "<img" not in html and 'href="https://x"' not in html
    assert "<img src=x onerror=y>" in panel.text()


def test_clicking_a_link_in_the_teacher_notes_emits_its_id(panel, content, qtbot):
    nodes, refs = content
    noted = replace(nodes["akt"], teacher_notes="- Then open [the IL-18 node](node:il18) next.")
    panel.set_teacher_notes_visible(True)
    panel.show_node(noted, "fundamentals", None, refs)
    point = _anchor_point(panel.browser(), "node:il18")
    with qtbot.waitSignal(panel.node_link_activated, timeout=1000) as blocker:
        qtbot.mouseClick(panel.browser().viewport(), Qt.LeftButton, pos=point)
    assert blocker.args == ["il18"]
