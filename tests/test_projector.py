"""Presentation mode's projector layout (issue 17): the diagram takes most of the window, a column
of big ON/OFF switches, the lesson step and the key plot sits beside it, every text and cue is big
enough for the back row, and a lesson step's highlighted nodes are all in view."""

from __future__ import annotations

import pytest
from bridge import scripted_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from model.toggles import TOGGLES
from ui.classroom import MIN_PROJECTED_PX, projected_px
from widgets.axes import ReadableAxis
from widgets.key_plot import line_px_for
from widgets.pathway_items import LABEL_PIXELS
from widgets.projector_panel import Caption, ProjectorPanel

SIZES = [(1024, 768), (1280, 720), (1920, 1080)]


# --- the column on its own ----------------------------------------------------------------------
@pytest.fixture
def panel(qtbot):
    panel = ProjectorPanel([(t.id, t.label, k) for t, k in zip(TOGGLES[:3], "123", strict=True)])
    qtbot.addWidget(panel)
    panel.resize(420, 800)
    panel.show()
    return panel


def test_a_switch_click_asks_and_a_state_change_shows_without_asking(qtbot, panel):
    button = panel.switch_button(TOGGLES[0].id)
    assert button.cue_text() == "OFF"
    with qtbot.waitSignal(panel.toggled) as asked:
        qtbot.mouseClick(button, Qt.LeftButton)
    assert asked.args == [TOGGLES[0].id, True] and button.cue_text() == "ON"
    with qtbot.assertNotEmitted(panel.toggled):
        panel.set_switch(TOGGLES[0].id, False)
    assert button.cue_text() == "OFF" and "off" in button.accessibleName()


def test_the_caption_shows_a_step_and_its_prediction_and_hides_without_a_lesson(qtbot, panel):
    assert not panel.caption_shown()
    panel.show_caption(Caption("Step 2 of 6: Ceramides pile up", "Ceramides rise.", question="Will Akt fall?",
                               answers_open=True, back_enabled=True))
    assert "Ceramides pile up" in panel.caption_text() and "Will Akt fall?" in panel.caption_text()
    assert panel.answer_button("fall").isEnabled()
    with qtbot.waitSignal(panel.predicted) as answered:
        qtbot.mouseClick(panel.answer_button("fall"), Qt.LeftButton)
    assert answered.args == ["fall"]
    with qtbot.waitSignal(panel.next_requested):
        qtbot.mouseClick(panel.next_button(), Qt.LeftButton)
    panel.show_caption(None)
    assert not panel.caption_shown() and panel.caption_text() == ""


def test_text_sizes_follow_the_window_height():
    assert projected_px(1080) == MIN_PROJECTED_PX == 24
    assert projected_px(1050) == 24  # a maximised window on a 1080p screen
    assert projected_px(720) == 16 and projected_px(768) >= 16
    assert line_px_for(24) >= 4 and line_px_for(16) >= 4


# --- in the window ------------------------------------------------------------------------------
def present(qtbot, size, lesson: str | None = None, simulate_runs: bool = True):
    win, bridge = scripted_window(qtbot, speed=60.0, size=size, simulate_runs=simulate_runs)
    if lesson:
        win.lessons.start(lesson)
    qtbot.keyClick(win, Qt.Key_F5)
    assert win.classroom.presenting
    return win, bridge


def nodes_in_view(win, nodes) -> bool:
    view = win.view
    port = view.viewport().rect()
    return all(port.contains(view.mapFromScene(view.node_items[n].sceneBoundingRect()).boundingRect())
               for n in nodes)


@pytest.mark.parametrize("size", SIZES)
def test_the_diagram_takes_most_of_the_window_with_or_without_a_lesson(qtbot, size):
    win, _ = present(qtbot, size, "nlrp3_knockout")
    window_area = win.width() * win.height()

    def share() -> float:
        QApplication.processEvents()
        port = win.view.viewport()
        return port.width() * port.height() / window_area

    assert not any(d.isVisible() for d in (win.side_dock, win.plot_dock, win.lessons.dock))
    assert win.projector_panel.isVisible() and win.projector_panel.caption_shown()
    bars = (win.view.horizontalScrollBar(), win.view.verticalScrollBar())
    assert not any(bar.isVisible() for bar in bars)  # the diagram pans by drag and arrow keys
    qtbot.waitUntil(lambda: share() >= 0.6)
    win.lessons.stop()  # without a lesson every applicable switch shows: the column may be wider
    qtbot.waitUntil(lambda: not win.projector_panel.caption_shown())
    qtbot.waitUntil(lambda: share() >= 0.6)
    assert win.projector_panel.switches_in_view()
    before = share()
    qtbot.keyClick(win, Qt.Key_F9)  # hides the column: the diagram takes its room
    qtbot.waitUntil(lambda: not win.projector_panel.isVisible() and share() > before)
    win.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_each_lesson_step_brings_all_its_highlighted_nodes_into_view(qtbot, size):
    win, _ = present(qtbot, size, "nlrp3_knockout")
    first = win.lessons.runner.lesson.steps[0].highlight
    assert {"nlrp3", "il1b", "caspase1"} <= set(first)
    qtbot.waitUntil(lambda: nodes_in_view(win, first))
    readable = LABEL_PIXELS * win.view.transform().m11()
    assert readable >= MIN_PROJECTED_PX * size[1] / 1080 - 0.5  # these few nodes at full size or more
    for step in win.lessons.runner.lesson.steps[1:]:  # every step's nodes, set as the step sets them
        win.state.set_highlight(frozenset(step.highlight))
        qtbot.waitUntil(lambda nodes=step.highlight: nodes_in_view(win, nodes))
    win.close()


def test_every_step_of_every_lesson_shows_its_nodes_with_labels_of_24_px_at_1080p(qtbot):
    win, _ = present(qtbot, (1920, 1080), simulate_runs=False)  # the steps' views, not their numbers
    for lesson_id, lesson in win.lessons.lessons.items():
        win.lessons.start(lesson_id)
        for number, step in enumerate(lesson.steps, 1):
            if number > 1:
                win.lessons.next()
            drawn = {n for n in step.highlight if win.view.node_items[n].isVisible()}
            assert drawn == set(step.highlight), (lesson_id, number)  # the step's level draws them all
            qtbot.waitUntil(lambda nodes=drawn: nodes_in_view(win, nodes))
            smallest = min(win.view.node_items[n].font_scale for n in drawn) * LABEL_PIXELS
            assert smallest * win.view.transform().m11() >= MIN_PROJECTED_PX - 0.05, (lesson_id, number)
        win.lessons.stop()
    win.close()


def test_every_text_and_on_off_cue_is_at_least_24_px_at_1080p(qtbot):
    win, _ = present(qtbot, (1920, 1080), "nlrp3_knockout")
    panel = win.projector_panel
    texts = [w for kind in (QLabel, QAbstractButton) for root in (panel, win.clock_bar, win.statusBar())
             for w in root.findChildren(kind) if w.isVisible()]
    assert len(texts) > 8
    for widget in texts:
        assert QFontInfo(widget.font()).pixelSize() >= MIN_PROJECTED_PX, widget
    for toggle in panel.shown_switches():
        assert QFontInfo(panel.switch_button(toggle).cue_font()).pixelSize() >= MIN_PROJECTED_PX
    plot = win.projector.key_plot
    assert plot.isVisible() and plot.text_px() >= MIN_PROJECTED_PX
    assert plot.line_width() >= 4 and plot._line.opts["pen"].widthF() >= 4
    assert isinstance(plot._plot.getAxis("left"), ReadableAxis)  # 24-px ticks that do not crowd
    assert plot.title() == win.trend.plot_title(win.trend.shown()[0])
    win.close()


def test_no_text_is_under_16_px_at_720p(qtbot):
    win, _ = present(qtbot, (1280, 720))
    panel = win.projector_panel
    for root in (panel, win.clock_bar, win.statusBar()):
        for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
            if widget.isVisible():
                assert QFontInfo(widget.font()).pixelSize() >= 16, widget
    assert len(panel.shown_switches()) == sum(win.state.applies(t.id) for t in TOGGLES)
    win.close()


def test_the_columns_switches_and_the_switch_panel_change_one_state(qtbot):
    win, _ = present(qtbot, (1920, 1080))
    button = win.projector_panel.switch_button("high_fat_diet")
    qtbot.mouseClick(button, Qt.LeftButton)
    assert win.state.switches["high_fat_diet"] and win.toggles.checkbox("high_fat_diet").isChecked()
    win.toggles.checkbox("inflammation").click()  # the panel, hidden meanwhile, changes the state too
    assert win.state.switches["inflammation"]
    assert win.projector_panel.switch_button("inflammation").isChecked()
    qtbot.keyClick(win, Qt.Key_1)  # a switch key works while the switch panel is hidden
    assert not win.state.switches["high_fat_diet"] and button.cue_text() == "OFF"
    assert not win.projector_panel.switch_button("menopause").isVisible()  # not the man's switch
    win.close()


def test_a_lesson_runs_from_the_column_and_its_keys_while_its_dock_is_hidden(qtbot):
    win, _ = present(qtbot, (1920, 1080), "ceramides")
    panel = win.projector_panel
    assert "Step 1 of" in panel.caption_text()
    qtbot.keyClick(win, Qt.Key_PageDown)
    qtbot.waitUntil(lambda: "Step 2 of" in panel.caption_text())
    assert panel.answer_button("fall").isEnabled()  # this step asks for a prediction first
    qtbot.mouseClick(panel.answer_button("fall"), Qt.LeftButton)
    qtbot.waitUntil(lambda: not panel.answer_button("fall").isEnabled())
    assert not win.lessons.panel.caption().answers_open  # the lesson panel took the answer
    qtbot.waitUntil(lambda: not win.state.busy and "You predicted" in panel.caption_text(), timeout=120_000)
    qtbot.mouseClick(panel.back_button(), Qt.LeftButton)
    qtbot.waitUntil(lambda: "Step 1 of" in panel.caption_text())
    qtbot.keyClick(win, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not panel.caption_shown())
    qtbot.keyClick(win, Qt.Key_F5)  # the lesson ended in presentation mode: its dock stays closed
    qtbot.waitUntil(lambda: not win.classroom.presenting and win.side_dock.isVisible())
    assert not win.lessons.dock.isVisible()
    qtbot.keyClick(win, Qt.Key_F5)
    win.lessons.start("serine_switch")  # one begun in presentation mode shows in the column…
    assert panel.caption_shown() and not win.lessons.dock.isVisible()
    qtbot.keyClick(win, Qt.Key_F5)  # …and in its dock afterwards
    qtbot.waitUntil(lambda: not win.classroom.presenting and win.lessons.dock.isVisible())
    win.close()


def test_the_key_plot_shows_what_the_step_points_at(qtbot):
    win, _ = present(qtbot, (1280, 720), "nlrp3_knockout")
    plot, trend = win.projector.key_plot, win.trend
    trend.set_shown(["insulin_sensitivity", "il1b"])  # as the lesson's third step sets it
    win.state.set_highlight(frozenset({"nlrp3", "il1b"}))  # "watch IL-1β climb"
    qtbot.waitUntil(lambda: plot.title() == trend.plot_title("il1b"))
    win.state.set_highlight(frozenset({"irs1", "akt"}))  # no trend quantity: the lesson's headline
    qtbot.waitUntil(lambda: plot.title() == trend.plot_title("insulin_sensitivity"))
    trend.flush()
    assert len(plot.line_data()[0]) == len(trend.line_data("insulin_sensitivity")[0])
    win.close()


def test_zooming_everything_grows_the_column_too(qtbot):
    win, _ = present(qtbot, (1280, 720))
    before = win.projector_panel.text_px()
    qtbot.keyClick(win, Qt.Key_Equal, Qt.ControlModifier)
    assert win.projector_panel.text_px() > before
    assert win.projector.key_plot.text_px() == win.projector_panel.text_px()
    win.close()


def test_the_clock_line_stays_under_a_status_message_when_the_fonts_grow(qtbot):
    win, _ = scripted_window(qtbot, speed=60.0, size=(1280, 720))
    status = win.statusBar()
    status.showMessage("High-fat diet on. Fatty acids rise within days.", 60_000)
    assert not win.clock_label.isVisible()
    height = status.height()
    qtbot.keyClick(win, Qt.Key_F5)  # bigger fonts: Qt lays the status bar out again
    qtbot.waitUntil(lambda: status.height() > height)
    for _ in range(3):  # Qt re-showed the clock line in a queued call after that layout
        QApplication.processEvents()
    assert not win.clock_label.isVisible()
    status.clearMessage()
    assert win.clock_label.isVisible()
    win.close()


def test_f7_pins_the_legend_in_view_at_projected_size_and_f5_puts_it_back(qtbot):
    win, _ = present(qtbot, (1920, 1080))
    view = win.view
    assert not view.legend_overlay_visible and not win.legend_action.isChecked()  # starts hidden here
    qtbot.keyClick(win, Qt.Key_F7)
    overlay = view.legend_overlay
    assert overlay.isVisible() and view.viewport().geometry().contains(overlay.geometry())
    assert overlay.item.font.pixelSize() >= MIN_PROJECTED_PX
    qtbot.keyClick(win, Qt.Key_F5)
    assert not view.legend_overlay_visible
    assert view.legend_visible and win.legend_action.isChecked()  # the normal legend as it was
    win.close()


def test_f6_enters_the_column_and_space_turns_a_switch_on(qtbot):
    win, _ = present(qtbot, (1280, 720), "ceramides")
    win.view.setFocus()
    qtbot.keyClick(win, Qt.Key_F6)
    first = win.projector_panel.first_switch()
    assert win.focusWidget() is first
    toggle = next(t for t in win.projector_panel.shown_switches()
                  if win.projector_panel.switch_button(t) is first)
    paused = win.state.paused
    qtbot.keyClick(first, Qt.Key_Space)  # presses the focused switch rather than pausing
    assert win.state.switches[toggle] and win.state.paused == paused
    qtbot.keyClick(win, Qt.Key_F6)
    assert win.focusWidget() is win.projector_panel.next_button()
    qtbot.keyClick(win, Qt.Key_F6)
    assert win.focusWidget() is win.view  # round again
    win.close()
