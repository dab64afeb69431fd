"""The toggle panel: clicks and window-wide shortcuts flip toggles; speed, pause and reset controls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from model.toggles import TOGGLES, TOGGLES_BY_ID
from widgets.toggle_panel import TogglePanel

# The keys the brief promises, written out independently of the implementation.
EXPECTED_KEYS = {
    "high_fat_diet": "1", "inflammation": "2", "dag_accumulation": "3", "ceramide_accumulation": "4",
    "er_stress": "5", "mitochondrial_dysfunction": "6", "low_testosterone": "7", "menopause": "8",
    "trt": "T", "tesamorelin": "E", "sermorelin": "S", "ipamorelin_cjc1295": "I",
    "growth_hormone": "G", "lifestyle": "L", "nlrp3_knockout": "K", "il1_blockade": "A",
    "hormone_therapy": "H",
}
# The panel starts with the man: the menopause switch does not apply to him.
NOT_FOR_MAN = {"menopause", "hormone_therapy"}
PRESETS = [1.0, 10.0, 60.0, 360.0, 1440.0, 10080.0, 43200.0]


class Recorder:
    def __init__(self, signal):
        self.calls: list[tuple] = []
        signal.connect(lambda *args: self.calls.append(args))


@pytest.fixture
def window(qtbot):
    """A shown, active top-level window holding the panel and a stand-in for the diagram."""
    top = QWidget()
    layout = QHBoxLayout(top)
    diagram = QPushButton("diagram stand-in", top)
    panel = TogglePanel(TOGGLES, top)
    layout.addWidget(diagram, 1)
    layout.addWidget(panel)
    panel.setFixedWidth(320)
    top.resize(900, 700)
    qtbot.addWidget(top)
    top.show()
    top.activateWindow()
    qtbot.waitActive(top)
    diagram.setFocus()
    top.panel = panel
    top.diagram = diagram
    return top


def _click_box(qtbot, box):
    qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(10, box.height() // 2))


def test_every_toggle_has_a_box_with_label_key_and_summary(window):
    panel = window.panel
    assert set(panel.states()) == {t.id for t in TOGGLES}
    for toggle in TOGGLES:
        box = panel.checkbox(toggle.id)
        key = EXPECTED_KEYS[toggle.id]
        assert panel.shortcut_for(toggle.id) == key
        assert box.text() == f"{toggle.label}  [{key}]"
        if toggle.id in NOT_FOR_MAN:
            assert box.toolTip() == f"Does not apply to the man. {toggle.summary}"
            assert not box.isEnabled()
        else:
            assert box.toolTip() == toggle.summary
            assert box.isEnabled()
        assert box.accessibleDescription() == box.toolTip()  # a screen reader hears why it is greyed out
        assert box.accessibleName()
        assert not box.isChecked()
    with pytest.raises(KeyError):
        panel.shortcut_for("no_such_toggle")


def test_boxes_sit_in_their_groups(window):
    panel = window.panel
    titles = {toggle.kind: panel.checkbox(toggle.id).parent().title() for toggle in TOGGLES}
    assert titles == {"stressor": "Stressors", "therapy": "Therapies", "experiment": "Experiments"}


def test_clicking_each_box_emits_on_then_off(window, qtbot):
    panel = window.panel
    rec = Recorder(panel.toggled)
    panel.set_subject("woman")  # then back: each switch is clicked where it applies
    for toggle_id in sorted(NOT_FOR_MAN):
        _click_box(qtbot, panel.checkbox(toggle_id))
        _click_box(qtbot, panel.checkbox(toggle_id))
    panel.set_subject("man")
    for toggle in [t for t in TOGGLES if t.id not in NOT_FOR_MAN]:
        box = panel.checkbox(toggle.id)
        _click_box(qtbot, box)
        assert panel.states()[toggle.id] is True
        _click_box(qtbot, box)
        assert panel.states()[toggle.id] is False
    order = [TOGGLES_BY_ID[t] for t in sorted(NOT_FOR_MAN)] + [t for t in TOGGLES if t.id not in NOT_FOR_MAN]
    expected = [call for t in order for call in ((t.id, True), (t.id, False))]
    assert rec.calls == expected


def test_choosing_a_subject_greys_out_the_switches_that_do_not_apply(window, qtbot):
    panel = window.panel
    rec = Recorder(panel.subject_chosen)
    assert panel.subject() == "man"
    panel._subject.setCurrentIndex(1)  # what a click on "Woman" does
    assert rec.calls == [("woman",)]
    panel.set_subject("woman")  # the window confirms, without a second signal
    assert rec.calls == [("woman",)]
    assert panel.subject() == "woman"
    disabled = {t.id for t in TOGGLES if not panel.checkbox(t.id).isEnabled()}
    assert disabled == {"low_testosterone", "trt"}
    assert panel.checkbox("trt").toolTip().startswith("Does not apply to the woman.")
    assert panel.checkbox("menopause").isEnabled()
    assert panel._subject.accessibleName() == "Subject"


@pytest.mark.parametrize("toggle_id", list(EXPECTED_KEYS))
def test_each_shortcut_flips_its_toggle(window, qtbot, toggle_id):
    panel = window.panel
    rec = Recorder(panel.toggled)
    key = EXPECTED_KEYS[toggle_id].lower()
    qtbot.keyClick(window, key)
    assert rec.calls == [(toggle_id, True)]
    assert panel.states() == {t.id: t.id == toggle_id for t in TOGGLES}
    qtbot.keyClick(window, key)
    assert rec.calls == [(toggle_id, True), (toggle_id, False)]
    assert not any(panel.states().values())


def test_shortcuts_work_with_focus_inside_the_panel(window, qtbot):
    panel = window.panel
    rec = Recorder(panel.toggled)
    panel.checkbox("trt").setFocus()
    qtbot.keyClick(panel.checkbox("trt"), "1")
    assert rec.calls == [("high_fat_diet", True)]


def test_set_toggle_state_does_not_emit(window, qtbot):
    panel = window.panel
    with qtbot.assertNotEmitted(panel.toggled):
        panel.set_toggle_state("inflammation", True)
        panel.set_toggle_state("trt", True)
        panel.set_toggle_state("trt", False)
    assert panel.states()["inflammation"] is True and panel.states()["trt"] is False
    rec = Recorder(panel.toggled)
    qtbot.keyClick(window, "2")  # the user flips it back off: one signal, with the new state
    assert rec.calls == [("inflammation", False)]


def test_speed_keys_buttons_and_presets(window, qtbot):
    panel = window.panel
    assert panel.speed() == 60.0  # "1 h/s" by default
    rec = Recorder(panel.speed_changed)
    qtbot.keyClick(window, "+")
    qtbot.keyClick(window, "=")
    assert rec.calls == [(360.0,), (1440.0,)]
    qtbot.keyClick(window, "-")
    assert rec.calls[-1] == (360.0,) and panel.speed() == 360.0
    for _ in range(10):
        qtbot.keyClick(window, "-")
    assert panel.speed() == 1.0
    assert [c[0] for c in rec.calls[-2:]] == [10.0, 1.0]  # stops at the slowest preset
    rec.calls.clear()
    for _ in range(len(PRESETS) + 2):
        qtbot.mouseClick(panel._faster, Qt.LeftButton)
    assert [c[0] for c in rec.calls] == PRESETS[1:]
    qtbot.mouseClick(panel._slower, Qt.LeftButton)
    assert rec.calls[-1] == (10080.0,)


def test_every_preset_emits_its_minutes_per_second(window):
    panel = window.panel
    combo = panel._speed
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "1 min/s", "10 min/s", "1 h/s", "6 h/s", "1 day/s", "1 week/s", "1 month/s"]
    rec = Recorder(panel.speed_changed)
    for index in reversed(range(combo.count())):
        combo.setCurrentIndex(index)  # what choosing an item in the list does
    assert [c[0] for c in rec.calls] == list(reversed(PRESETS))
    assert panel.speed() == 1.0


def test_set_speed_selects_nearest_without_emitting(window, qtbot):
    panel = window.panel
    with qtbot.assertNotEmitted(panel.speed_changed):
        panel.set_speed(1400)
    assert panel.speed() == 1440.0


def test_space_toggles_pause(window, qtbot):
    panel = window.panel
    rec = Recorder(panel.pause_toggled)
    qtbot.keyClick(window, Qt.Key_Space)
    assert rec.calls == [(True,)] and panel.is_paused()
    assert panel._pause.text().startswith("Resume")
    qtbot.keyClick(window, Qt.Key_Space)
    assert rec.calls == [(True,), (False,)] and not panel.is_paused()
    assert panel._pause.text().startswith("Pause")
    qtbot.mouseClick(panel._pause, Qt.LeftButton)
    assert rec.calls[-1] == (True,)


def test_set_paused_does_not_emit(window, qtbot):
    panel = window.panel
    with qtbot.assertNotEmitted(panel.pause_toggled):
        panel.set_paused(True)
    assert panel.is_paused() and panel._pause.text().startswith("Resume")
    rec = Recorder(panel.pause_toggled)
    qtbot.keyClick(window, Qt.Key_Space)
    assert rec.calls == [(False,)]


def test_ctrl_r_and_the_button_request_a_reset(window, qtbot):
    panel = window.panel
    rec = Recorder(panel.reset_requested)
    qtbot.keyClick(window, "r", Qt.ControlModifier)
    assert len(rec.calls) == 1
    qtbot.mouseClick(panel._reset, Qt.LeftButton)
    assert len(rec.calls) == 2
    qtbot.keyClick(window, "r")  # plain R is not a shortcut
    assert len(rec.calls) == 2


def test_fits_a_320_px_dock_and_reads_well(window):
    panel = window.panel
    assert panel.width() == 320
    assert panel.font().pointSizeF() >= 11
    for toggle in TOGGLES:
        box = panel.checkbox(toggle.id)
        assert box.fontInfo().pointSizeF() >= 11
        assert box.sizeHint().width() <= box.width(), f"{toggle.id} label is cut off"
    for button in (panel._pause, panel._reset):
        assert button.sizeHint().width() <= button.width() + 1, button.text()


def _text_contrast(box) -> float:
    """The strongest contrast between a box's label pixels and the background around them."""
    from PySide6.QtGui import QColor

    from widgets.pathway_items import contrast

    image = box.grab().toImage()
    left = 24  # the label starts after the indicator (about 20 px wide at these fonts)
    background = image.pixelColor(image.width() - 2, image.height() // 2)
    best = 1.0
    for x in range(left, image.width()):
        for y in range(image.height()):
            best = max(best, contrast(QColor(image.pixelColor(x, y)), background))
    return best


@pytest.mark.parametrize("theme_name", ["light", "dark", "high_contrast"])
def test_a_greyed_out_switch_reads_but_looks_disabled_in_every_theme(window, qtbot, theme_name):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from widgets.theme import THEMES

    app = QApplication.instance()
    standard = app.palette()
    app.setPalette(THEMES[theme_name].palette(standard))
    try:
        window.panel.set_subject("man")
        greyed, live = window.panel.checkbox("menopause"), window.panel.checkbox("high_fat_diet")
        qtbot.waitUntil(lambda: greyed.palette().color(QPalette.Disabled, QPalette.WindowText)
                        == app.palette().color(QPalette.Disabled, QPalette.WindowText))
        assert not greyed.isEnabled() and live.isEnabled()
        greyed_contrast, live_contrast = _text_contrast(greyed), _text_contrast(live)
        assert greyed_contrast >= 3.0, greyed_contrast  # readable (Fusion's grey: 1.6:1 to 1.9:1)
        assert greyed_contrast < 0.7 * live_contrast  # and clearly dimmer than a switch that applies
        assert "Does not apply to the man" in greyed.accessibleDescription()
    finally:
        app.setPalette(standard)


def test_space_presses_a_switch_reached_by_tab_but_pauses_after_a_click(window, qtbot):
    panel = window.panel
    box = panel.checkbox(TOGGLES[0].id)
    qtbot.mouseClick(box, Qt.LeftButton)  # a click switches it on and leaves the keys where they were
    assert box.isChecked() and not box.hasFocus()
    pauses = Recorder(panel.pause_toggled)
    qtbot.keyClick(window, Qt.Key_Space)
    assert pauses.calls == [(True,)] and box.isChecked()
    box.setFocus(Qt.TabFocusReason)  # reached with the keyboard: Space presses it
    qtbot.keyClick(box, Qt.Key_Space)
    assert not box.isChecked() and pauses.calls == [(True,)]
