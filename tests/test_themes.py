"""Themes: light, dark and high contrast, applied everywhere and remembered between sessions."""

from __future__ import annotations

import pytest
from bridge import scripted_window  # noqa: E402
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ui import settings
from ui.themes import SETTINGS_KEY, saved_theme_name
from widgets.theme import THEMES

WAIT_MS = 120_000




@pytest.fixture(autouse=True)
def fresh_settings():
    settings.remove(SETTINGS_KEY)
    yield
    settings.remove(SETTINGS_KEY)
    QApplication.instance().setPalette(QApplication.style().standardPalette())


def test_dark_theme_reaches_diagram_panels_and_plots(qtbot):
    win = scripted_window(qtbot)[0]
    assert win.themes.theme.name == "light"
    win.themes.actions["dark"].trigger()
    dark = THEMES["dark"]
    assert win.view.backgroundBrush().color().name().upper() == dark.background.upper()
    assert all(item.theme is dark for item in win.view.node_items.values())
    assert QApplication.palette().color(QPalette.Window).lightness() < 80
    assert win.plots._view.backgroundBrush().color().lightness() < 80
    win.close()


def test_the_theme_is_remembered_for_the_next_window(qtbot):
    win = scripted_window(qtbot)[0]
    win.themes.actions["high_contrast"].trigger()
    win.close()
    assert saved_theme_name() == "high_contrast"
    again = scripted_window(qtbot)[0]
    assert again.themes.theme.name == "high_contrast"
    assert again.themes.actions["high_contrast"].isChecked()
    assert all(edge.theme.line_width > THEMES["light"].line_width for edge in again.view.edge_items)
    again.close()


def test_a_corrupted_setting_falls_back_to_light(qtbot):
    settings.set_value(SETTINGS_KEY, "neon-pink")
    win = scripted_window(qtbot)[0]
    assert win.themes.theme.name == "light"
    win.close()


def test_every_theme_keeps_glyph_cues(qtbot):
    win = scripted_window(qtbot)[0]
    for name in THEMES:
        win.themes.apply(name)
        kinds = {edge.edge.kind for edge in win.view.edge_items}
        assert kinds == {"activation", "inhibition"}  # arrow vs T-bar drawn in every theme
        inhibition = next(e for e in win.view.edge_items if e.edge.kind == "inhibition")
        activation = next(e for e in win.view.edge_items if e.edge.kind == "activation")
        assert inhibition.colour().name() != activation.colour().name()
    win.close()


def test_every_node_label_reads_on_its_fill_in_every_theme():
    """Black or white, whichever contrasts more: white on the orange fills read at 2.1:1."""
    from PySide6.QtGui import QColor

    from widgets.pathway_items import GLYPH_COLOURS, GREEN, ORANGE, contrast, mix, text_on
    from widgets.theme import THEMES

    assert text_on(QColor(ORANGE)).name() == "#000000"
    worst = 21.0
    for theme in THEMES.values():
        for base in {*GLYPH_COLOURS.values(), GREEN}:
            for activity in (0.0, 0.25, 0.5, 0.75, 1.0):  # as NodeItem.paint mixes a node's fill
                fill = mix(QColor(theme.node_blank), QColor(base), 0.12 + 0.7 * activity)
                worst = min(worst, contrast(text_on(fill), fill))
    assert worst >= 4.5, worst  # WCAG AA for normal text
