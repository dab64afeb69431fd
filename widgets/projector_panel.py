"""The projector panel: what presentation mode shows beside the diagram instead of the docks.

Big ON/OFF switches, the current lesson step's caption with Back and Next, and one key plot, all
with text sized from one pixel size that the window derives from its height (24 px at 1080p).
The panel holds no state of its own: the window tells it the switches' states (non-emitting
setters) and the lesson panel's caption, and reacts to its signals, as with the switch panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ON_FILL = "#007A5E"  # Okabe-Ito bluish green, darkened so white "ON" on it reads at 5:1
# The prediction answers, for this column and the lesson panel: short, since they sit in one row.
PREDICTIONS = {"rise": "Rise", "fall": "Fall", "same": "No change"}
# A lesson's step keys, named on both panels' Back and Next buttons.
BACK_KEY_TEXT, NEXT_KEY_TEXT = "Page Up / B", "Page Down / N"
PLOT_LINES = 10  # the key plot keeps at least this many text heights (title, ticks, the curve)


@dataclass(frozen=True)
class Caption:
    """What a lesson step shows, as plain text, for the projector panel to mirror."""

    heading: str  # "Step 2 of 6: The message is passed inward"
    narration: str
    question: str = ""  # a prediction's question while it is shown
    answers_open: bool = False  # the question waits for an answer
    observation: str = ""
    claim: str = ""
    back_enabled: bool = True
    next_text: str = "Next"


class SwitchButton(QAbstractButton):
    """One big switch: its name and key on the left and, on the right, ON in a filled pill or OFF
    in an outlined one, so the cue is a word and a shape as well as a colour."""

    def __init__(self, label: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label, self.key = label, key
        self.setCheckable(True)
        self.setText(f"{label}  [{key}]" if key else label)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setFocusPolicy(Qt.TabFocus)  # clicks leave the keys with the diagram
        self.toggled.connect(self._describe)
        self._describe(False)

    def cue_text(self) -> str:
        return "ON" if self.isChecked() else "OFF"

    def cue_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _pill_width(self) -> int:
        metrics = QFontMetrics(self.cue_font())
        return metrics.horizontalAdvance("OFF") + metrics.height()

    def _describe(self, on: bool) -> None:
        self.setAccessibleName(f"{self.label}, {'on' if on else 'off'}"
                               + (f", shortcut {self.key}" if self.key else ""))

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        pad = metrics.height() // 3
        return QSize(metrics.horizontalAdvance(self.text()) + self._pill_width() + 4 * pad,
                     metrics.height() + pad)

    def minimumSizeHint(self) -> QSize:  # a narrow column elides the name, never the ON/OFF
        hint = self.sizeHint()
        return QSize(self._pill_width() + hint.height() * 2, hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ButtonText if self.isEnabled() else QPalette.PlaceholderText)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = rect.height() / 4
        painter.setPen(QPen(palette.color(QPalette.Mid), 1))
        painter.setBrush(palette.color(QPalette.Button))
        painter.drawRoundedRect(rect, radius, radius)
        if self.hasFocus():
            painter.setPen(QPen(palette.color(QPalette.Highlight), 3))
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), radius, radius)
        pad = QFontMetrics(self.font()).height() / 3
        pill = QRectF(rect.right() - pad - self._pill_width(), rect.top() + pad / 4,
                      self._pill_width(), rect.height() - pad / 2)
        painter.setFont(self.font())
        painter.setPen(text)
        metrics = QFontMetrics(self.font())
        key = f"  [{self.key}]" if self.key else ""
        label = rect.adjusted(pad, 0, -(pill.width() + 2 * pad), 0)
        room = int(label.width()) - metrics.horizontalAdvance(key)
        shown = metrics.elidedText(self.label, Qt.ElideRight, max(room, 0)) + key  # the key always shows
        painter.drawText(label, Qt.AlignVCenter | Qt.AlignLeft, shown)
        on = self.isChecked()
        painter.setPen(QPen(QColor(ON_FILL) if on else text, 2))
        painter.setBrush(QColor(ON_FILL) if on else Qt.NoBrush)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setFont(self.cue_font())
        painter.setPen(QColor("#FFFFFF") if on else text)
        painter.drawText(pill, Qt.AlignCenter, self.cue_text())


class ProjectorPanel(QFrame):
    """Switches, the lesson caption and the key plot, in one column beside the diagram."""

    toggled = Signal(str, bool)
    next_requested = Signal()
    previous_requested = Signal()
    predicted = Signal(str)  # "rise", "fall" or "same"

    def __init__(self, switches: Sequence[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        """`switches`: (toggle id, label, key) in the switch panel's order."""
        super().__init__(parent)
        self.setObjectName("projectorPanel")
        self.setFrameShape(QFrame.NoFrame)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Presentation panel: switches, lesson step and key plot")
        self._px = 24
        self._buttons: dict[str, SwitchButton] = {}
        switch_box = QWidget(self)
        self._switch_column = QVBoxLayout(switch_box)
        self._switch_column.setContentsMargins(0, 0, 0, 0)
        for toggle_id, label, key in switches:
            button = SwitchButton(label, key, switch_box)
            button.toggled.connect(lambda on, t=toggle_id: self.toggled.emit(t, on))
            self._buttons[toggle_id] = button
            self._switch_column.addWidget(button)
        self._switch_scroll = _FittingScroll(self)
        self._switch_scroll.setWidget(switch_box)

        self._caption = QFrame(self)
        self._caption.setObjectName("projectorCaption")
        self._heading = self._label("Lesson step")
        self._narration = self._label("Step narration")
        self._narration.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        text_box = QWidget(self._caption)
        text_column = QVBoxLayout(text_box)
        text_column.setContentsMargins(0, 0, 0, 0)
        text_column.addWidget(self._narration)
        self._question = self._label("Prediction question")
        self._observation = self._label("What the model did")
        self._claim = self._label("Claim")
        answers = QHBoxLayout()
        self._answers: dict[str, QPushButton] = {}
        for key, text in PREDICTIONS.items():
            button = QPushButton(text, self._caption)
            button.setAccessibleName(f"Predict: {text}")
            button.clicked.connect(lambda _=False, k=key: self.predicted.emit(k))
            answers.addWidget(button)
            self._answers[key] = button
        text_column.addWidget(self._question)
        text_column.addLayout(answers)
        text_column.addWidget(self._observation)
        text_column.addWidget(self._claim)
        text_column.addStretch(1)
        self._text_scroll = _FittingScroll(self._caption)
        self._text_scroll.setWidget(text_box)
        self._back = QPushButton("Back", self._caption)
        self._back.setToolTip(f"Previous step  [{BACK_KEY_TEXT}]")
        self._back.clicked.connect(self.previous_requested.emit)
        self._next = QPushButton("Next", self._caption)
        self._next.setToolTip(f"Next step  [{NEXT_KEY_TEXT}]")
        self._next.clicked.connect(self.next_requested.emit)
        steps = QHBoxLayout()
        steps.addWidget(self._back, 1)
        steps.addWidget(self._next, 1)
        caption_column = QVBoxLayout(self._caption)
        caption_column.setContentsMargins(0, 0, 0, 0)
        caption_column.addWidget(self._heading)
        caption_column.addWidget(self._text_scroll, 1)
        caption_column.addLayout(steps)
        self._caption.hide()

        self._plot_slot = QVBoxLayout()
        self._plot: QWidget | None = None
        self._column = QVBoxLayout(self)
        self._column.addWidget(self._switch_scroll)
        self._column.addWidget(self._caption)
        self._column.addLayout(self._plot_slot, 1)
        self.set_text_px(self._px)

    # --- public API -------------------------------------------------------------------------
    def switch_button(self, toggle_id: str) -> SwitchButton:
        return self._buttons[toggle_id]

    def set_switch(self, toggle_id: str, on: bool) -> None:
        """Show a switch as on or off without emitting `toggled` (the state changed it)."""
        button = self._buttons[toggle_id]
        button.blockSignals(True)
        button.setChecked(bool(on))
        button.blockSignals(False)
        button._describe(bool(on))

    def set_shown_switches(self, toggle_ids: set[str]) -> None:
        """Show only these switches (those that apply to the subject, or a lesson's)."""
        for toggle_id, button in self._buttons.items():
            button.setHidden(toggle_id not in toggle_ids)
        self._switch_scroll.updateGeometry()

    def shown_switches(self) -> set[str]:
        return {toggle_id for toggle_id, button in self._buttons.items() if not button.isHidden()}

    def first_switch(self) -> SwitchButton | None:
        """The first switch on show: where F6 enters the column."""
        return next((b for b in self._buttons.values() if not b.isHidden()), None)

    def set_plot(self, plot: QWidget) -> None:
        """The key plot, built by the window once the plotting library has loaded."""
        self._plot = plot
        self._plot_slot.addWidget(plot)
        plot.setMinimumHeight(PLOT_LINES * self._px)
        plot.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)  # the room the rest leaves

    def show_caption(self, caption: Caption | None) -> None:
        """A lesson step's texts and buttons, or None (no lesson): the plot takes the room."""
        if caption is None:
            self._caption.hide()
            return
        self._heading.setText(caption.heading)
        self._narration.setText(caption.narration)
        for label, text in ((self._question, caption.question), (self._observation, caption.observation),
                            (self._claim, caption.claim)):
            label.setText(text)
            label.setVisible(bool(text))
        for button in self._answers.values():
            button.setVisible(bool(caption.question))
            button.setEnabled(caption.answers_open)
        self._back.setEnabled(caption.back_enabled)
        self._next.setText(caption.next_text)
        self._caption.show()
        self._text_scroll.updateGeometry()

    def caption_shown(self) -> bool:
        return not self._caption.isHidden()

    def caption_text(self) -> str:
        parts = [self._heading.text(), self._narration.text(), self._question.text(),
                 self._observation.text(), self._claim.text()]
        return "\n".join(p for p in parts if p) if self.caption_shown() else ""

    def next_button(self) -> QPushButton:
        return self._next

    def back_button(self) -> QPushButton:
        return self._back

    def answer_button(self, key: str) -> QPushButton:
        return self._answers[key]

    def text_px(self) -> int:
        return self._px

    def set_text_px(self, px: int) -> None:
        """Every text of the panel at `px` pixels (the heading a little larger), spacing with it."""
        self._px = max(8, int(px))
        font = QFont(self.font())
        font.setPixelSize(self._px)
        self.setFont(font)
        heading = QFont(font)
        heading.setBold(True)
        for widget in self.findChildren(QWidget):
            widget.setFont(heading if widget is self._heading else font)
        gap = max(4, self._px // 3)
        self._column.setContentsMargins(gap, gap, gap, gap)
        self._column.setSpacing(gap)
        self._switch_column.setSpacing(max(2, self._px // 6))
        # The caption keeps a few lines of narration and the plot its title, ticks and curve.
        self._text_scroll.setMinimumHeight(4 * QFontMetrics(font).lineSpacing())
        if self._plot is not None:
            self._plot.setMinimumHeight(PLOT_LINES * self._px)
        self._switch_scroll.updateGeometry()
        self.updateGeometry()

    def switches_in_view(self) -> bool:
        """Every shown switch is in view, none scrolled out of sight."""
        return self._switch_scroll.viewport().height() >= self._switch_scroll.widget().sizeHint().height()

    def preferred_width(self) -> int:
        """Wide enough for the longest visible switch's name, key and ON/OFF."""
        widths = [b.sizeHint().width() for b in self._buttons.values() if not b.isHidden()]
        margins = self._column.contentsMargins()
        return max(widths, default=0) + margins.left() + margins.right() + self._px  # + a scroll bar

    # --- internals ----------------------------------------------------------------------------
    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.PlainText)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        return label



class _FittingScroll(QScrollArea):
    """A scroll area that asks for its content's whole height at its width (so the layout gives
    every switch and every line of a step room when there is enough) and scrolls only when there
    is not."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.NoFocus)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

    def sizeHint(self) -> QSize:
        content = self.widget()
        if content is None:
            return QSize(0, 0)
        height = content.sizeHint().height()
        layout = content.layout()
        if layout is not None and layout.hasHeightForWidth():  # wrapped text, beside a scroll bar
            width = self.width() - self.verticalScrollBar().sizeHint().width()
            height = layout.totalHeightForWidth(max(width, 1))
        return QSize(content.sizeHint().width(), height + 2)

    def minimumSizeHint(self) -> QSize:  # one short switch needs no room for scroll bars
        least = super().minimumSizeHint()
        return QSize(least.width(), min(least.height(), self.sizeHint().height()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # wrapped text: another height
            self.updateGeometry()
