"""Classroom controls: presentation mode, one zoom, cheat sheet, screenshot, keyboard-only use."""

from __future__ import annotations

import pytest
from bridge import scripted_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QTextBrowser

from ui.classroom import MIN_PROJECTED_PX
from widgets.pathway_items import COMPARTMENT_LABEL_PIXELS, LABEL_PIXELS

WAIT_MS = 120_000


@pytest.fixture
def window(qtbot, tmp_path):
    win, _ = scripted_window(qtbot, speed=60.0, size=(1920, 1080))
    win.classroom.screenshot_folder = tmp_path / "shots"
    yield win
    win.close()


def text_widgets(root):
    kinds = (QLabel, QAbstractButton, QComboBox, QTextBrowser)
    found = [w for kind in kinds for w in root.findChildren(kind)]
    return [w for w in found if w.isVisible() and (not isinstance(w, QLabel) or w.text())]


def test_presentation_mode_raises_every_font_to_the_minimum(qtbot, window):
    window.view.select_node("irs1")
    qtbot.keyClick(window, Qt.Key_F5)
    assert window.classroom.presenting and not window.menuBar().isVisible()
    for root in (window.toggles, window.info, window.statusBar()):
        for widget in text_widgets(root):
            assert QFontInfo(widget.font()).pixelSize() >= MIN_PROJECTED_PX, widget
    assert window.plots.smallest_font_px() >= MIN_PROJECTED_PX
    scale = window.view.transform().m11()
    assert LABEL_PIXELS * scale >= MIN_PROJECTED_PX - 0.5
    for item in window.view.compartment_items:
        assert COMPARTMENT_LABEL_PIXELS * item.font_scale * scale >= MIN_PROJECTED_PX - 0.5
    qtbot.keyClick(window, Qt.Key_F5)
    assert not window.classroom.presenting and window.menuBar().isVisible()
    assert window.plots.smallest_font_px() < MIN_PROJECTED_PX


def test_ctrl_plus_minus_zero_zoom_everything(qtbot, window):
    before_view = window.view.transform().m11()
    before_font = QFontInfo(window.toggles.checkbox("trt").font()).pixelSize()
    qtbot.keyClick(window, Qt.Key_Equal, Qt.ControlModifier)
    assert window.classroom.zoom > 1.0
    assert window.view.transform().m11() > before_view
    assert QFontInfo(window.toggles.checkbox("trt").font()).pixelSize() > before_font
    qtbot.keyClick(window, Qt.Key_Minus, Qt.ControlModifier)
    qtbot.keyClick(window, Qt.Key_Minus, Qt.ControlModifier)
    assert window.classroom.zoom < 1.0
    qtbot.keyClick(window, Qt.Key_0, Qt.ControlModifier)
    assert window.classroom.zoom == 1.0


def test_question_mark_opens_the_cheat_sheet_listing_every_switch(qtbot, window):
    qtbot.keyClick(window, Qt.Key_Question, Qt.ShiftModifier)
    sheet = window.classroom.cheat_sheet
    assert sheet.isVisible()
    for toggle_label in ("High-fat diet", "NLRP3 knockout", "Lifestyle"):
        assert toggle_label in sheet.text()
    assert "F5" in sheet.text() and "Space" in sheet.text()
    qtbot.keyClick(sheet, Qt.Key_Escape)
    assert not sheet.isVisible()


def test_f12_saves_a_projector_sized_screenshot_and_copies_it(qtbot, window):
    qtbot.keyClick(window, Qt.Key_F12)
    path = window.classroom.last_screenshot
    assert path is not None and path.exists() and path.stat().st_size > 20_000
    image = QGuiApplication.clipboard().image()
    assert image.width() == 1920 or image.height() == 1080


def test_f12_twice_in_a_second_keeps_both_pictures(qtbot, window, monkeypatch):
    monkeypatch.setattr("time.strftime", lambda fmt, *a: "explorer-20261201-120000")  # one second
    qtbot.keyClick(window, Qt.Key_F12)
    first = window.classroom.last_screenshot
    qtbot.keyClick(window, Qt.Key_F12)
    second = window.classroom.last_screenshot
    assert first != second and first.exists() and second.exists()
    assert second.name == "explorer-20261201-120000-2.png"


def test_a_full_disk_leaves_no_empty_screenshot(qtbot, window, monkeypatch):
    import errno

    def full(path, data, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ui.classroom.write_bytes_atomically", full)
    assert window.classroom.screenshot() is None
    folder = window.classroom.screenshot_folder
    assert not folder.exists() or not any(folder.iterdir())
    assert "not saved" in window.statusBar().currentMessage()


def test_alt_digits_switch_the_detail_level(qtbot, window):
    qtbot.keyClick(window, Qt.Key_1, Qt.AltModifier)
    assert window.level == 1 and not window.view.node_items["jnk"].isVisible()
    qtbot.keyClick(window, Qt.Key_3, Qt.AltModifier)
    assert window.level == 3 and window.view.node_items["nlrp3"].isVisible()


@pytest.mark.parametrize("level", [1, 2, 3])
def test_keyboard_only_traversal_reaches_every_node(qtbot, window, level):
    window.set_level(level)
    window.view.setFocus()
    visible = set(window.view.visible_nodes_in_reading_order())
    reached = set()
    for _ in range(len(visible)):
        qtbot.keyClick(window.view, Qt.Key_Tab)
        reached.add(window.view.focused_node)
    assert reached == visible


def test_arrow_keys_follow_edges(qtbot, window):
    window.view.setFocus()
    window.view._set_focus("insulin_receptor")
    qtbot.keyClick(window.view, Qt.Key_Right)
    assert window.view.focused_node == "irs1"
    qtbot.keyClick(window.view, Qt.Key_Right)
    assert window.view.focused_node == "pi3k"
    qtbot.keyClick(window.view, Qt.Key_Return)
    assert window.info.current_node_id == "pi3k"


def test_widgets_carry_accessible_names(window):
    assert window.view.accessibleName()
    assert window.info.accessibleName()
    for toggle in ("high_fat_diet", "trt", "nlrp3_knockout"):
        assert window.toggles.checkbox(toggle).accessibleName()


def test_the_diagrams_cached_pixmaps_fit_qts_pixmap_cache_in_presentation_mode(qtbot, window):
    """Past the cache limit every frame renders the items again (a 1080p presentation ran at ~36
    instead of 60 frames a second with Qt's default 10 MB)."""
    from PySide6.QtGui import QPixmapCache

    view = window.view
    assert QPixmapCache.cacheLimit() >= view.pixmap_cache_needed_kb()
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.waitUntil(lambda: window.classroom.presenting)
    needed = view.pixmap_cache_needed_kb()
    assert needed > 10 * 1024  # more than Qt's default holds
    assert QPixmapCache.cacheLimit() >= needed
    view.zoom_by(2.0)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())  # pan to the far side
    assert QPixmapCache.cacheLimit() >= view.pixmap_cache_needed_kb()
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.waitUntil(lambda: not window.classroom.presenting)
    assert QPixmapCache.cacheLimit() >= view.pixmap_cache_needed_kb()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080)])
def test_leaving_presentation_mode_restores_exactly_the_layout_it_left(qtbot, size):
    win, _ = scripted_window(qtbot, speed=60.0, size=size)
    win.lessons.start("ceramides")  # with the lesson dock open too

    def layout() -> dict:
        docks = {d.objectName(): d.geometry().getRect()
                 for d in (win.side_dock, win.plot_dock, win.lessons.dock)}
        return {**docks, "view": win.view.geometry().getRect(), "zoom": round(win.view.transform().m11(), 6),
                "centre": win.view.mapToScene(win.view.viewport().rect().center()).toPoint().toTuple(),
                "window": win.size().toTuple(), "fonts": win.plots.smallest_font_px(),
                "menu": win.menuBar().isVisible(), "toolbar": win.clock_bar.height(),
                "scroll bars": (win.view.horizontalScrollBarPolicy(), win.view.verticalScrollBarPolicy()),
                "shown": tuple(w.isVisible() for w in (win.side_dock, win.plot_dock, win.lessons.dock,
                                                       win.projector_panel))}

    def same(now: dict, then: dict) -> bool:
        """Equal, but for the diagram's centre, which may come back a pixel off: a diagram larger than
        a small window scrolls, and scroll bars move in whole pixels."""
        pixel = 1.0 / win.view.transform().m11()  # a screen pixel in scene units
        off = max(abs(a - b) for a, b in zip(now["centre"], then["centre"], strict=True))
        return off <= 1.5 * pixel + 1 and {**now, "centre": None} == {**then, "centre": None}

    def settled() -> bool:  # Qt lays docks out in posted events: read the layout once they are done
        QApplication.processEvents()
        first = layout()
        QApplication.processEvents()
        return first == layout()

    qtbot.waitUntil(settled, timeout=5000)
    before = layout()
    qtbot.keyClick(win, Qt.Key_F5)
    assert win.classroom.presenting and layout() != before
    assert layout()["shown"] == (False, False, False, True)  # the docks give way to the projector column
    qtbot.keyClick(win, Qt.Key_F5)
    qtbot.waitUntil(lambda: same(layout(), before), timeout=5000)  # the layout applies on the next pass
    assert win.info.isVisible() and win.lessons.panel.isVisible()  # the lesson beside the explanation
    win.close()


def test_the_shortcut_sheet_is_made_from_the_actions_and_agrees_with_the_readme(qtbot, window):
    from pathlib import Path

    from PySide6.QtGui import QKeySequence

    from ui.classroom import _actions_of

    qtbot.keyClick(window, Qt.Key_F1)
    sheet = window.classroom.cheat_sheet.text()
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    keys, owners = set(), {}
    for menu_action in window.menuBar().actions():
        if menu_action.menu() is not None:
            for action in _actions_of(menu_action.menu()):
                for key in (k.toString(QKeySequence.NativeText) for k in action.shortcuts()):
                    # Qt fires neither of two actions that share a key ("ambiguous shortcut").
                    assert owners.setdefault(key, action.text()) == action.text(), (key, owners[key])
                keys |= {k.toString(QKeySequence.NativeText) for k in action.shortcuts()}
    assert {"F8", "Ctrl+P", "Ctrl+S", "Ctrl+O", "Ctrl+B", "Ctrl+E", "F6"} <= keys
    for key in keys:
        assert key in sheet, key
        assert key in readme or key == "Shift+?", f"{key} is missing from the README"
    for key in ("PgDn", "Esc", "Space"):
        assert key in sheet
