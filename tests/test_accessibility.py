"""What a screen reader gets: names, descriptions, roles and the tree, read through Qt's own
accessibility interface (QAccessible), as an assistive technology reads them. Panels alone where
they can be; the clock toolbar and the diagram's live value need the window."""

from __future__ import annotations

import pytest
from bridge import scripted_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QWidget

from model.toggles import TOGGLES
from ui.trend import load_trend_quantities_or_fallback
from widgets.lesson_panel import LessonPanel
from widgets.plot_panel import PlotPanel
from widgets.toggle_panel import TogglePanel
from widgets.trend_panel import TrendPanel

Name, Description = QAccessible.Text.Name, QAccessible.Text.Description


def read(widget) -> tuple[str, str, QAccessible.Role]:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None and iface.isValid()
    return iface.text(Name), iface.text(Description), iface.role()


def tab_stops(widget) -> list:
    """The widgets under `widget` that Tab stops at (a viewport passes its focus to its view)."""
    return [w for w in widget.findChildren(QWidget)
            if w.isVisible() and w.focusPolicy() & Qt.TabFocus and w.focusProxy() is None]


def names_in_tree(widget) -> set[str]:
    """Every accessible name under a widget, walking the interface's children."""
    found, stack = set(), [QAccessible.queryAccessibleInterface(widget)]
    while stack:
        iface = stack.pop()
        found.add(iface.text(Name))
        stack += [iface.child(i) for i in range(iface.childCount())]
    return found


@pytest.fixture
def shown(qtbot):
    def show(widget):
        qtbot.addWidget(widget)
        widget.show()
        return widget
    return show


def test_every_switch_is_a_named_described_checkbox_in_the_panels_tree(shown):
    panel = shown(TogglePanel(TOGGLES))
    panel.set_subject("man")
    for toggle in TOGGLES:
        name, description, role = read(panel.checkbox(toggle.id))
        assert role == QAccessible.Role.CheckBox
        assert name.startswith(toggle.label) and "shortcut" in name
        assert toggle.summary in description
    name, description, _ = read(panel.checkbox("menopause"))
    assert description.startswith("Does not apply to the man.")  # why it is greyed out
    assert QAccessible.queryAccessibleInterface(panel.checkbox("menopause")).state().disabled
    tree = names_in_tree(panel)  # the scroll area hides none of them from the tree
    assert {read(panel.checkbox(t.id))[0] for t in TOGGLES} <= tree
    assert {"Slower", "Faster", "Reset"} <= tree


def test_the_speed_control_says_what_it_sets(shown):
    panel = shown(TogglePanel(TOGGLES))
    speed = next(box for box in panel.findChildren(QComboBox) if box.accessibleName() == "Simulation speed")
    _name, description, role = read(speed)
    assert role == QAccessible.Role.ComboBox
    assert "Simulated time per real second" in description and "plus" in description


def test_the_live_plots_name_each_plot_and_curve(shown):
    plots = shown(PlotPanel())
    (stop,) = tab_stops(plots)  # the plots are one Tab stop…
    name, description, _ = read(stop)  # …with a name and what they show
    assert name == "Live plots"
    for words in ("Glucose uptake", "Blood glucose and insulin", "insulin (right axis)", "IL-18"):
        assert words in description


def test_the_trend_plots_description_follows_its_quantities(shown):
    quantities, default, _ = load_trend_quantities_or_fallback()
    trend = shown(TrendPanel(quantities, default))
    (stop,) = [w for w in tab_stops(trend) if w is not trend.chooser]
    name, description, _ = read(stop)
    assert name == "Trend plot"
    assert all(quantities[q].label in description for q in default)
    other = next(q for q in quantities if q not in default)
    trend.set_shown([other])
    assert quantities[other].label in read(stop)[1]
    assert read(trend.chooser)[0] == "Choose the trend plot's quantities"


def test_the_lesson_buttons_say_their_keys(shown):
    panel = shown(LessonPanel())
    panel.show_step("A lesson", 0, 3, "First step", "<p>Words.</p>")
    panel.show_prediction("Will it rise?")
    for button, name, keys in ((panel.next_button(), "Next step", "Page Down"),
                               (panel.back_button(), "Previous step", "Page Up"),
                               (panel.close_button(), "Close lesson", "Escape")):
        got_name, description, role = read(button)
        assert (got_name, role) == (name, QAccessible.Role.Button) and keys in description
    name, description, _ = read(panel.answer_button("rise"))
    assert name.startswith("Predict") and description


@pytest.fixture
def window(qtbot):
    win, bridge = scripted_window(qtbot)
    bridge.advance(1.0)
    yield win
    win.close()


def test_the_toolbar_buttons_and_the_explanation_are_named_and_described(window):
    for button in window.clock_bar.buttons:
        name, description, role = read(button)
        assert name and role in (QAccessible.Role.Button, QAccessible.Role.ButtonMenu)
        assert description and "[" in description, name  # what it does and its key
    assert read(window.clock_bar.buttons[0])[0] in ("Pause", "Resume")
    assert "[Space]" in read(window.clock_bar.buttons[0])[1]
    name, description, _ = read(window.info.browser())
    assert name == "Node explanation" and "Tab" in description
    assert read(window.info)[0] == "Node information"


def test_the_diagram_announces_the_focused_nodes_live_value(window, qtbot):
    view = window.view
    view.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    while view.focused_node != "akt":
        qtbot.keyClick(view, Qt.Key_Tab)
    name, description, _ = read(view)
    assert name.startswith("Akt, protein, ") and name.endswith(" % of healthy")
    assert description.startswith(window.texts["akt"].summary)
