"""The toggle panel: stressors, therapies and experiments to switch, and the simulation controls.

A teacher drives the lesson from the keyboard while talking, so every toggle and control has a
window-wide shortcut shown next to its label. The panel only reports what the user asked for
(signals); the window decides what that means for the model, and tells the panel about state
changes made elsewhere through the non-emitting setters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from model.subjects import DEFAULT_SUBJECT, Subject, subjects
from model.toggles import TOGGLES, Toggle

from .speeds import DEFAULT_SPEED_INDEX, SPEED_PRESETS, SPEEDS, nearest_speed

__all__ = ["DEFAULT_SPEED_INDEX", "LETTER_KEYS", "SPEEDS", "SPEED_PRESETS", "TogglePanel", "nearest_speed"]

# Stressors take the digits 1-9 in their listed order; therapies and experiments take letters.
LETTER_KEYS: dict[str, str] = {
    "trt": "T",
    "tesamorelin": "E",
    "sermorelin": "S",
    "ipamorelin_cjc1295": "I",
    "growth_hormone": "G",
    "lifestyle": "L",
    "nlrp3_knockout": "K",
    "il1_blockade": "A",  # anakinra
    "hormone_therapy": "H",
}
GROUPS: tuple[tuple[str, str], ...] = (
    ("stressor", "Stressors"), ("therapy", "Therapies"), ("experiment", "Experiments"))
MIN_POINT_SIZE = 11.0


class TogglePanel(QWidget):
    """Grouped checkboxes for the toggles plus speed, pause and reset, all keyboard-driven."""

    toggled = Signal(str, bool)
    subject_chosen = Signal(str)  # "man" or "woman"
    speed_changed = Signal(float)  # simulated minutes per real second
    pause_toggled = Signal(bool)  # True = paused
    reset_requested = Signal()

    def __init__(self, toggles: Sequence[Toggle] = TOGGLES, parent: QWidget | None = None,
                 bodies: Sequence[Subject] | None = None, shortcut_host: QWidget | None = None) -> None:
        """`shortcut_host`: the widget the keys belong to (the window, so they still work while the
        panel is hidden, as in presentation mode); by default the panel itself."""
        super().__init__(parent)
        self._shortcut_host = shortcut_host
        self._bodies = list(bodies if bodies is not None else subjects().values())
        self._summaries = {t.id: t.summary for t in toggles}
        self._zoom = 1.0
        self._boxes: dict[str, QCheckBox] = {}
        self._keys: dict[str, str] = {}
        self._shortcuts: list[QShortcut] = []
        self._groups: list[QGroupBox] = []
        self.setAccessibleName("Stressors, therapies and simulation controls")
        self.setAccessibleDescription(
            "Switch stressors, therapies and experiments on and off, and control the simulation clock. "
            "Every control has a keyboard shortcut shown in brackets.")

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(8)

        column.addWidget(self._make_subject_row(content))
        digit = 1
        for kind, title in GROUPS:
            members = [t for t in toggles if t.kind == kind]
            if not members:
                continue
            group = QGroupBox(title, content)
            group.setAccessibleName(title)
            rows = QVBoxLayout(group)
            rows.setContentsMargins(8, 4, 8, 6)
            rows.setSpacing(4)
            for toggle in members:
                key = ""
                if kind == "stressor" and digit <= 9:
                    key = str(digit)
                    digit += 1
                elif toggle.id in LETTER_KEYS:
                    key = LETTER_KEYS[toggle.id]
                rows.addWidget(self._make_box(toggle, key, group))
            column.addWidget(group)
            self._groups.append(group)

        column.addWidget(self._make_controls(content))
        column.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.NoFocus)  # not a stop of its own on the way to the switches (Tab)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._add_shortcut(QKeySequence(Qt.Key_Plus), self.faster)
        self._add_shortcut(QKeySequence(Qt.Key_Equal), self.faster)
        self._add_shortcut(QKeySequence(Qt.Key_Minus), self.slower)
        self._add_shortcut(QKeySequence(Qt.Key_Space), self._space)
        self._add_shortcut(QKeySequence("Ctrl+R"), self.reset_requested.emit)
        self.set_subject(DEFAULT_SUBJECT)
        self._apply_fonts()

    # --- public API -------------------------------------------------------------------------

    def set_toggle_state(self, toggle_id: str, on: bool) -> None:
        """Show a toggle as on or off without emitting `toggled` (the change came from elsewhere)."""
        box = self._boxes[toggle_id]
        with QSignalBlocker(box):
            box.setChecked(bool(on))

    def set_subject(self, subject_id: str) -> None:
        """Show the subject chosen, without emitting `subject_chosen`; the switches that do not apply
        to that body are greyed out and say why (a key press on one is refused by the window)."""
        ids = [body.id for body in self._bodies]
        body = self._bodies[ids.index(subject_id)]
        with QSignalBlocker(self._subject):
            self._subject.setCurrentIndex(ids.index(subject_id))
        self._subject.setToolTip(body.description)
        for toggle_id, box in self._boxes.items():
            applies = body.applies(toggle_id)
            box.setEnabled(applies)
            summary = self._summaries[toggle_id]
            explained = summary if applies else f"Does not apply to the {body.id}. {summary}"
            box.setToolTip(explained)
            box.setAccessibleDescription(explained)

    def subject(self) -> str:
        return self._bodies[self._subject.currentIndex()].id

    def states(self) -> dict[str, bool]:
        """Every toggle id and whether its box is ticked."""
        return {toggle_id: box.isChecked() for toggle_id, box in self._boxes.items()}

    def speed(self) -> float:
        """Current simulation speed in simulated minutes per real second."""
        return SPEED_PRESETS[self._speed.currentIndex()][1]

    def set_speed(self, minutes_per_second: float) -> None:
        """Select the preset nearest to a speed, without emitting `speed_changed`."""
        index = SPEEDS.index(nearest_speed(minutes_per_second))
        with QSignalBlocker(self._speed):
            self._speed.setCurrentIndex(index)

    def faster(self) -> None:
        """Next faster preset (the `+` key); emits `speed_changed` if it moved."""
        self._speed.setCurrentIndex(min(self._speed.currentIndex() + 1, len(SPEED_PRESETS) - 1))

    def slower(self) -> None:
        """Next slower preset (the `-` key); emits `speed_changed` if it moved."""
        self._speed.setCurrentIndex(max(self._speed.currentIndex() - 1, 0))

    def is_paused(self) -> bool:
        return self._pause.isChecked()

    def set_paused(self, paused: bool) -> None:
        """Show the clock as paused or running without emitting `pause_toggled`."""
        with QSignalBlocker(self._pause):
            self._pause.setChecked(bool(paused))
        self._update_pause_text()

    def shortcut_for(self, toggle_id: str) -> str:
        """The key shown for a toggle ("1", "T", …), or "" if it has none. KeyError if unknown."""
        if toggle_id not in self._boxes:
            raise KeyError(toggle_id)
        return self._keys.get(toggle_id, "")

    def checkbox(self, toggle_id: str) -> QCheckBox:
        """The checkbox of a toggle, for focus handling and tests."""
        return self._boxes[toggle_id]

    def set_zoom(self, factor: float) -> None:
        """Scale every font of the panel (presentation mode); 1.0 is the normal size."""
        self._zoom = max(0.5, float(factor))
        self._apply_fonts()

    # --- construction ---------------------------------------------------------------------------

    def _make_box(self, toggle: Toggle, key: str, parent: QWidget) -> QCheckBox:
        box = QCheckBox(f"{toggle.label}  [{key}]" if key else toggle.label, parent)
        box.setToolTip(toggle.summary)
        box.setAccessibleName(f"{toggle.label}, shortcut {key}" if key else toggle.label)
        box.setAccessibleDescription(toggle.summary)
        box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        box.setFocusPolicy(Qt.TabFocus)  # a click leaves the keys (Space: pause) where they were
        box.toggled.connect(lambda on, toggle_id=toggle.id: self.toggled.emit(toggle_id, on))
        self._boxes[toggle.id] = box
        if key:
            self._keys[toggle.id] = key
            self._add_shortcut(QKeySequence(key), box.toggle)
        return box

    def _make_subject_row(self, parent: QWidget) -> QWidget:
        row = QWidget(parent)
        line = QHBoxLayout(row)
        line.setContentsMargins(8, 0, 8, 0)
        label = QLabel("Subject", row)
        self._subject = QComboBox(row)
        for body in self._bodies:
            self._subject.addItem(body.label)
        self._subject.setAccessibleName("Subject")
        self._subject.setAccessibleDescription(
            "The body simulated: a woman or a man. Choosing one starts again, healthy.")
        label.setBuddy(self._subject)
        self._subject.currentIndexChanged.connect(
            lambda index: self.subject_chosen.emit(self._bodies[index].id))
        line.addWidget(label)
        line.addWidget(self._subject, 1)
        return row

    def _make_controls(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox("Simulation", parent)
        group.setAccessibleName("Simulation controls")
        self._groups.append(group)
        grid = QVBoxLayout(group)
        grid.setContentsMargins(8, 4, 8, 8)
        grid.setSpacing(6)

        speed_row = QHBoxLayout()
        speed_label = QLabel("Speed", group)
        self._slower = QPushButton("−", group)
        self._slower.setToolTip("Slower  [-]")
        self._slower.setAccessibleName("Slower")
        self._slower.setAccessibleDescription("Next slower simulation speed. Shortcut: minus.")
        self._faster = QPushButton("+", group)
        self._faster.setToolTip("Faster  [+]")
        self._faster.setAccessibleName("Faster")
        self._faster.setAccessibleDescription("Next faster simulation speed. Shortcut: plus.")
        for button in (self._slower, self._faster):
            button.setFixedWidth(button.sizeHint().height() + 6)
            button.setAutoRepeat(False)
        self._speed = QComboBox(group)
        for name, _minutes in SPEED_PRESETS:
            self._speed.addItem(name)
        self._speed.setCurrentIndex(DEFAULT_SPEED_INDEX)
        self._speed.setToolTip("Simulated time per real second  [- slower, + faster]")
        self._speed.setAccessibleName("Simulation speed")
        self._speed.setAccessibleDescription(
            "Simulated time per real second. Minus key: slower; plus key: faster.")
        speed_label.setBuddy(self._speed)
        self._speed.currentIndexChanged.connect(
            lambda index: self.speed_changed.emit(SPEED_PRESETS[index][1]))
        self._slower.clicked.connect(self.slower)
        self._faster.clicked.connect(self.faster)
        speed_row.addWidget(speed_label)
        speed_row.addWidget(self._slower)
        speed_row.addWidget(self._speed, 1)
        speed_row.addWidget(self._faster)
        grid.addLayout(speed_row)

        button_row = QHBoxLayout()
        self._pause = QPushButton(group)
        self._pause.setCheckable(True)
        self._pause.setAccessibleDescription("Pause or resume the simulation clock. Shortcut: Space.")
        self._pause.toggled.connect(self._on_pause)
        self._reset = QPushButton("Reset  [Ctrl+R]", group)
        self._reset.setAccessibleName("Reset")
        self._reset.setAccessibleDescription(
            "Restart the simulation from the healthy state. Shortcut: Control+R.")
        self._reset.clicked.connect(self.reset_requested.emit)
        button_row.addWidget(self._pause, 1)
        button_row.addWidget(self._reset, 1)
        grid.addLayout(button_row)
        self._update_pause_text()
        return group

    def _add_shortcut(self, sequence: QKeySequence, slot: Callable[[], object]) -> None:
        # Window-wide: works wherever focus is in the panel's window (the diagram, the plots…).
        shortcut = QShortcut(sequence, self._shortcut_host or self)
        shortcut.setContext(Qt.WindowShortcut)
        shortcut.setAutoRepeat(False)
        shortcut.activated.connect(slot)
        self._shortcuts.append(shortcut)

    # --- internals ------------------------------------------------------------------------------

    def _space(self) -> None:
        """Space pauses and resumes, except on a switch or button reached with the keyboard (those
        take focus from Tab and F6 only, never from a click), which it presses, as Space does
        everywhere else (the window-wide shortcut would otherwise take it first)."""
        focused = QApplication.focusWidget()
        keyboard_only = focused is not None and not focused.focusPolicy().value & Qt.ClickFocus.value
        if isinstance(focused, QAbstractButton) and keyboard_only and focused.isEnabled():
            focused.click()
        else:
            self._pause.toggle()

    def _on_pause(self, paused: bool) -> None:
        self._update_pause_text()
        self.pause_toggled.emit(paused)

    def _update_pause_text(self) -> None:
        paused = self._pause.isChecked()
        self._pause.setText("Resume  [Space]" if paused else "Pause  [Space]")
        self._pause.setAccessibleName("Resume" if paused else "Pause")

    def _apply_fonts(self) -> None:
        base = max(MIN_POINT_SIZE, QApplication.font().pointSizeF()) * self._zoom
        font = QFont(self.font())
        font.setPointSizeF(base)
        font.setBold(False)
        self.setFont(font)
        title = QFont(font)
        title.setBold(True)
        for group in self._groups:
            group.setFont(title)
            for child in group.findChildren(QWidget, options=Qt.FindDirectChildrenOnly):
                child.setFont(font)
