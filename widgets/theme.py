"""Colour themes: light, dark and high contrast, all on the Okabe–Ito palette.

Meaning never rests on colour alone in any theme: glyph shapes, arrowheads vs T-bars, dashed
inhibition lines and activity bars carry it too. High contrast adds thicker lines and pure
black-on-white text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QPalette

LIGHT_FILLS = {"blood": "#FBEDEA", "membrane": "#F3E3C3", "cytoplasm": "#F5F8FB", "er": "#EAF2E4",
               "mitochondrion": "#FFF6D9", "adipose": "#FFF4E0", "pancreas": "#EEF3FA",
               "muscle": "#F7ECEF", "gonads": "#F2ECF6", "therapies": "#EEF6F2"}
DARK_FILLS = {"blood": "#3A2624", "membrane": "#4A3C22", "cytoplasm": "#1F2A33", "er": "#24321F",
              "mitochondrion": "#39341C", "adipose": "#3A3020", "pancreas": "#1F2A3A",
              "muscle": "#3A2430", "gonads": "#30263A", "therapies": "#1F3A30"}
# The plots' "this run" curve (a lighter blue on dark backgrounds) and their normal-range band,
# shared by the trend plot and the projector's key plot.
RUN_LINE, RUN_LINE_DARK = "#0072B2", "#56B4E9"
NORMAL_BAND = (0, 158, 115, 45)  # Okabe-Ito green, faint


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    background: str
    text: str
    muted: str
    node_blank: str  # fill of a node at zero activity
    edge: str
    inhibition: str
    particle: str
    line_width: float
    compartment_fills: dict[str, str] = field(default_factory=dict)
    compartment_border: str = ""
    dark: bool = False
    # The keyboard focus ring: a solid band that stands out on the background and every compartment
    # (WCAG 2.2: 3:1), with dashes of a second tone along it, a pattern nothing else in the diagram has.
    focus_band: str = "#000000"
    focus_dash: str = "#F0E442"  # Okabe–Ito yellow, which no glyph uses
    # Text of a greyed-out control (a switch that does not apply to the subject): dimmer than `text`,
    # so it reads as disabled, yet at least 4:1 on the panels (Fusion's own grey gave 1.6:1).
    disabled_text: str = "#6E6E6E"

    def palette(self, base: QPalette) -> QPalette:
        """A Qt palette for the panels and menus in this theme."""
        pal = QPalette(base)
        for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
            pal.setColor(QPalette.Disabled, role, QColor(self.disabled_text))
        if self.name == "light":
            return pal
        window = QColor("#2B2B2B" if self.dark else "#FFFFFF")
        surface = QColor("#1E1E1E" if self.dark else "#FFFFFF")
        for group in (QPalette.Active, QPalette.Inactive):
            pal.setColor(group, QPalette.Window, window)
            pal.setColor(group, QPalette.Base, surface)
            pal.setColor(group, QPalette.AlternateBase, window)
            pal.setColor(group, QPalette.Button, window)
            pal.setColor(group, QPalette.WindowText, QColor(self.text))
            pal.setColor(group, QPalette.Text, QColor(self.text))
            pal.setColor(group, QPalette.ButtonText, QColor(self.text))
            pal.setColor(group, QPalette.ToolTipBase, surface)
            pal.setColor(group, QPalette.ToolTipText, QColor(self.text))
            pal.setColor(group, QPalette.Highlight, QColor("#0072B2"))
            pal.setColor(group, QPalette.HighlightedText, QColor("#FFFFFF"))
            pal.setColor(group, QPalette.Link, QColor("#56B4E9" if self.dark else "#0072B2"))
        # A disabled control sits on the theme's own surfaces (the base palette's light grey made a
        # greyed-out switch's box glare on the dark panel).
        pal.setColor(QPalette.Disabled, QPalette.Window, window)
        pal.setColor(QPalette.Disabled, QPalette.Base, window)
        pal.setColor(QPalette.Disabled, QPalette.Button, window)
        return pal


THEMES: dict[str, Theme] = {
    "light": Theme("light", "Light", "#FFFFFF", "#000000", "#5A5A5A", "#FFFFFF", "#3C3C3C", "#D55E00",
                   "#0072B2", 2.2, LIGHT_FILLS),
    "dark": Theme("dark", "Dark", "#161616", "#F2F2F2", "#BDBDBD", "#2A2A2A", "#CFCFCF", "#E69F00",
                  "#56B4E9", 2.2, DARK_FILLS, dark=True, focus_band="#F0E442", focus_dash="#000000",
                  disabled_text="#939393"),
    "high_contrast": Theme("high_contrast", "High contrast", "#FFFFFF", "#000000", "#000000", "#FFFFFF",
                           "#000000", "#D55E00", "#0072B2", 3.4, dict.fromkeys(LIGHT_FILLS, "#FFFFFF"),
                           compartment_border="#000000", disabled_text="#666666"),
}
DEFAULT_THEME = "light"
