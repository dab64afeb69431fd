"""The lesson panel: one step of a guided lesson, with Back / Next and the lesson's claim at the end.

Widgets never import `ui`, so the panel knows nothing about lesson files: the window passes the
texts in, the narration already converted to safe HTML (`ui.lessons.LessonStep.narration_html()`),
and reacts to the panel's signals. A teacher drives it while talking, usually with a presentation
clicker (which sends PageDown / PageUp), so the keys work wherever focus is in the window while the
panel is shown: PageDown or N for the next step, PageUp or B for the previous one, Escape to close.
At the last step the Next button reads "Finish"; it still emits `next_requested`, and the window
ends the lesson when its runner is at the end.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from model import NOTICE

from .label_text import plain_text, set_label_colour
from .projector_panel import BACK_KEY_TEXT, NEXT_KEY_TEXT, PREDICTIONS, Caption

__all__ = ["Caption", "LessonPanel", "NEXT_KEYS", "PREVIOUS_KEYS", "CLOSE_KEYS"]

MIN_POINT_SIZE = 12.0
NEXT_KEYS: tuple[Qt.Key, ...] = (Qt.Key_PageDown, Qt.Key_N)
PREVIOUS_KEYS: tuple[Qt.Key, ...] = (Qt.Key_PageUp, Qt.Key_B)
CLOSE_KEYS: tuple[Qt.Key, ...] = (Qt.Key_Escape,)
FOOTER = NOTICE

# Okabe–Ito blue for links and the claim's rule; a light sky-blue tint behind the claim.
_LINK = "#0072B2"
_CLAIM_BG = "#E6F3FA"
_MUTED = "#555555"
_NODE_LINK = re.compile(r"^node:([a-z0-9_]+)$")
_TICK = '<b style="color:#007A5E">✓</b>'
_CROSS = '<b style="color:#C0392B">✗</b>'


class LessonPanel(QWidget):
    """Shows one lesson step; emits next/previous/closed and node links clicked in the narration."""

    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()
    node_link_activated = Signal(str)
    predicted = Signal(str)  # "rise", "fall" or "same": the student's prediction
    changed = Signal()  # what the panel shows changed (the projector panel mirrors it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zoom = 1.0
        self._index = 0
        self._count = 0
        self.setAccessibleName("Lesson")
        self.setAccessibleDescription(
            "A guided lesson, one step at a time. Page Down or N: next step. Page Up or B: previous "
            "step. Escape: close the lesson.")

        self._title = self._label("Lesson title", Qt.PlainText)
        self._progress = self._label("Lesson progress", Qt.PlainText)
        set_label_colour(self._progress, _MUTED)
        self._step_title = self._label("Step title", Qt.PlainText)

        self._narration = self._label("Step narration", Qt.RichText)  # the caller's safe HTML
        self._narration.setOpenExternalLinks(False)
        self._narration.setTextInteractionFlags(
            Qt.LinksAccessibleByMouse | Qt.LinksAccessibleByKeyboard)
        self._narration.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self._narration.linkActivated.connect(self._on_link)
        palette = self._narration.palette()
        palette.setColor(QPalette.Link, QColor(_LINK))
        self._narration.setPalette(palette)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 4, 0)
        body_layout.addWidget(self._narration)
        body_layout.addStretch(1)
        self._body_layout = body_layout
        self._scroll = QScrollArea(self)
        self._scroll.setWidget(body)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self._scroll.setFocusPolicy(Qt.NoFocus)
        self._stick_to_bottom = False
        self._scroll.verticalScrollBar().rangeChanged.connect(self._keep_at_bottom)

        self._claim = self._label("Claim", Qt.RichText)  # only our markup; the text is escaped
        self._claim.setObjectName("lessonClaim")
        self._claim.setStyleSheet(
            f"QLabel#lessonClaim {{ background: {_CLAIM_BG}; color: #000000;"
            f" border-left: 4px solid {_LINK}; padding: 6px 8px; }}")
        self._claim.setAccessibleDescription("What the model reproduces at the end of this lesson.")
        self._claim.hide()
        self._claim_status = self._label("Claim check", Qt.RichText)  # escaped texts in our markup
        self._claim_status.hide()

        # Predict, observe, explain: a question and three answers before the step runs, then the
        # student's answer beside what the model did.
        self._predict = QFrame(self)
        self._predict.setObjectName("lessonPredict")
        self._predict.setStyleSheet(f"QFrame#lessonPredict {{ border: 2px solid {_LINK}; }}")
        self._question = self._label("Prediction question", Qt.PlainText)
        self._answers: dict[str, QPushButton] = {}
        answers = QHBoxLayout()
        for key, text in PREDICTIONS.items():
            button = QPushButton(text, self._predict)
            button.setAccessibleName(f"Predict: {text}")
            button.setAccessibleDescription("Your prediction for this step; the model then runs and shows "
                                            "what it did beside it.")
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            answers.addWidget(button)
            self._answers[key] = button
        self._observed = self._label("What the model did", Qt.RichText)
        self._observed.hide()
        box = QVBoxLayout(self._predict)
        box.setContentsMargins(8, 6, 8, 6)
        box.addWidget(self._question)
        box.addLayout(answers)
        box.addWidget(self._observed)
        self._predict.hide()
        # Under the narration, in the same scrolling page (wrapped labels get their full height there),
        # scrolled into view when it opens and when the model's answer comes.
        self._body_layout.insertWidget(1, self._predict)

        self._back = QPushButton("Back", self)
        self._back.setAccessibleName("Previous step")
        self._back.setToolTip(f"Previous step  [{BACK_KEY_TEXT}]")
        self._back.setAccessibleDescription("Go back one step. Keys: Page Up or B.")
        self._back.clicked.connect(self.previous_requested.emit)
        self._next = QPushButton("Next", self)
        self._next.setAccessibleName("Next step")
        self._next.setToolTip(f"Next step  [{NEXT_KEY_TEXT}]")
        self._next.setAccessibleDescription("Go on to the next step. Keys: Page Down or N.")
        self._next.setDefault(True)
        self._next.clicked.connect(self.next_requested.emit)
        self._close = QPushButton("Close", self)
        self._close.setAccessibleName("Close lesson")
        self._close.setToolTip("Close the lesson  [Esc]")
        self._close.setAccessibleDescription("End the lesson. Key: Escape.")
        self._close.clicked.connect(self.closed.emit)
        for button in (self._back, self._next, self._close):
            button.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self._back, 1)
        buttons.addWidget(self._next, 1)
        buttons.addWidget(self._close)

        self._keys_hint = self._label("Keys", Qt.PlainText)
        self._keys_hint.setText("PgDn / N next · PgUp / B back · Esc close")
        set_label_colour(self._keys_hint, _MUTED)

        # Squeezed (a 720-px-high window), the titles keep their lines and the narration scrolls.
        for label in (self._title, self._progress, self._step_title):
            label.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self._title)
        layout.addWidget(self._progress)
        layout.addWidget(self._step_title)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self._claim)
        layout.addWidget(self._claim_status)
        layout.addLayout(buttons)
        layout.addWidget(self._keys_hint)

        # Window-wide, but only while the panel is visible (Qt ignores shortcuts of hidden widgets),
        # so the keys are free for other uses when no lesson is open.
        self._shortcuts: list[QShortcut] = []
        for keys, slot in ((NEXT_KEYS, self.next_requested.emit),
                           (PREVIOUS_KEYS, self.previous_requested.emit),
                           (CLOSE_KEYS, self.closed.emit)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WindowShortcut)
                shortcut.setAutoRepeat(False)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

        self._apply_fonts()
        self.show_step("", 0, 0, "", "")

    # --- public API -------------------------------------------------------------------------

    def show_step(self, title: str, index: int, count: int, step_title: str, narration_html: str) -> None:
        """Show step `index` (0-based) of `count`. `narration_html` must already be safe HTML.

        Hides any claim shown before; call show_claim() after this at the last step."""
        self._index, self._count = int(index), int(count)
        self._title.setText(title)
        self._progress.setText(f"Step {self._index + 1} of {self._count}" if self._count else "")
        self._step_title.setText(step_title)
        # Comfortable line spacing; the converter's paragraphs are plain <p> tags.
        narration_html = narration_html.replace("<p>", '<p style="line-height:135%">')
        self._narration.setText(narration_html.replace("<a href=", f'<a style="color:{_LINK}" href='))
        self._stick_to_bottom = False
        self._scroll.verticalScrollBar().setValue(0)
        self.hide_claim()
        self._predict.hide()
        self._back.setEnabled(self._index > 0)
        self._next.setEnabled(self._count > 0)
        last = self.is_last_step
        self._next.setText("Finish" if last else "Next")
        self._next.setAccessibleName("Finish lesson" if last else "Next step")
        self._next.setToolTip(("Finish the lesson" if last else "Next step") + f"  [{NEXT_KEY_TEXT}]")
        self.changed.emit()

    def show_claim(self, text: str) -> None:
        """Show the lesson's claim (plain text; it is escaped) under the narration."""
        self._claim.setText(f"<b>Claim:</b> {html.escape(text)}")
        self._claim.show()
        self.changed.emit()

    def set_claim_status(self, text: str) -> None:
        """A line under the claim, e.g. "Measuring the claim on the model…"; "" hides it."""
        self._claim_status.setText(html.escape(text))
        self._claim_status.setVisible(bool(text))
        self.changed.emit()

    def set_claim_results(self, header: str, lines: list[tuple[str, bool]]) -> None:
        """The claim's figures as measured, one line each with a tick (holds) or a cross (does not),
        and a last line saying whether the whole claim holds."""
        rows = [f"{_TICK if ok else _CROSS} {html.escape(text)}" for text, ok in lines]
        verdict = ("✓ The claim holds on the model." if lines and all(ok for _, ok in lines)
                   else "✗ The model does not bear the claim out in full.")
        self._claim_status.setText("<br>".join([html.escape(header), *rows, f"<b>{verdict}</b>"]))
        self._claim_status.show()
        self.changed.emit()

    def show_prediction(self, question: str) -> None:
        """Ask the step's question; the answers stay open until one is chosen."""
        self._question.setText(question)
        for button in self._answers.values():
            button.setEnabled(True)
            button.setDown(False)
        self._observed.clear()
        self._observed.hide()
        self._predict.show()
        self.changed.emit()

    def show_observation(self, text: str) -> None:
        """What the model did, beside the prediction (plain text; escaped)."""
        self._observed.setText(html.escape(text))
        self._observed.show()
        self._stick_to_bottom = True  # the answer is the page's last part: show it
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        self.changed.emit()

    @property
    def prediction_open(self) -> bool:
        """A question is shown and not yet answered."""
        return self._predict.isVisible() and any(b.isEnabled() for b in self._answers.values())

    def answer_button(self, key: str) -> QPushButton:
        return self._answers[key]

    def _choose(self, key: str) -> None:
        for other, button in self._answers.items():
            button.setEnabled(False)
            font = button.font()
            font.setBold(other == key)
            button.setFont(font)
        self._observed.setText(html.escape(f"Your prediction: {PREDICTIONS[key].lower()}. Now watch "
                                           "the model…"))
        self._observed.show()
        self.changed.emit()
        self.predicted.emit(key)

    def hide_claim(self) -> None:
        self._claim.clear()
        self._claim.hide()
        self.set_claim_status("")  # emits `changed`

    @property
    def is_last_step(self) -> bool:
        return self._count > 0 and self._index >= self._count - 1

    def caption(self) -> Caption:
        """What the panel shows, as plain text, for the projector panel to mirror."""
        progress, step = self._progress.text(), self._step_title.text()
        predicting = not self._predict.isHidden()
        claim = [self.claim_text(), "" if self._claim_status.isHidden()
                 else plain_text(self._claim_status.text().replace("<br>", "\n"))]
        return Caption(heading=f"{progress}: {step}" if progress and step else progress or step,
                       narration=plain_text(self._narration.text().replace("</p>", "</p>\n")),
                       question=self._question.text() if predicting else "",
                       answers_open=predicting and any(b.isEnabled() for b in self._answers.values()),
                       observation=plain_text(self._observed.text()) if predicting and not
                       self._observed.isHidden() else "",
                       claim="\n".join(c for c in claim if c),
                       back_enabled=self._back.isEnabled(), next_text=self._next.text())

    def claim_text(self) -> str:
        """The claim line as plain text ("" when hidden)."""
        return "" if self._claim.isHidden() else plain_text(self._claim.text())

    def next_button(self) -> QPushButton:
        return self._next

    def back_button(self) -> QPushButton:
        return self._back

    def close_button(self) -> QPushButton:
        return self._close

    def text(self) -> str:
        """Everything shown, top to bottom, as plain text (for tests and copying)."""
        predict = [] if self._predict.isHidden() else [self._question.text(),
                                                        plain_text(self._observed.text())]
        parts = [self._title.text(), self._progress.text(), self._step_title.text(),
                 plain_text(self._narration.text()), *predict, self.claim_text(),
                 "" if self._claim_status.isHidden()
                 else plain_text(self._claim_status.text().replace("<br>", "\n"))]
        return "\n".join(part for part in parts if part)

    def set_zoom(self, factor: float) -> None:
        """Scale every font of the panel (presentation mode); 1.0 is the normal reading size."""
        self._zoom = max(0.5, float(factor))
        self._apply_fonts()

    def zoom(self) -> float:
        return self._zoom

    # --- internals ------------------------------------------------------------------------------

    def _label(self, name: str, fmt: Qt.TextFormat) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(fmt)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        return label

    def _apply_fonts(self) -> None:
        base = max(MIN_POINT_SIZE, QApplication.font().pointSizeF()) * self._zoom
        font = QFont(self.font())
        font.setPointSizeF(base)
        self.setFont(font)
        # Labels with style sheets do not reliably inherit the parent's font, so set each one.
        for widget in (self._narration, self._claim, self._claim_status, self._back, self._next,
                       self._close, self._progress, self._question, self._observed,
                       *self._answers.values()):
            widget.setFont(font)
        title = QFont(font)
        title.setPointSizeF(base * 1.35)
        title.setBold(True)
        self._title.setFont(title)
        step = QFont(font)
        step.setPointSizeF(base * 1.15)
        step.setBold(True)
        self._step_title.setFont(step)
        small = QFont(font)
        small.setPointSizeF(max(MIN_POINT_SIZE, base * 0.9))
        self._keys_hint.setFont(small)



    def _keep_at_bottom(self, low: int, high: int) -> None:
        """While the model's answer is new, the page stays scrolled to it as its layout settles."""
        if self._stick_to_bottom:
            self._scroll.verticalScrollBar().setValue(high)

    def _on_link(self, link: str) -> None:
        # Only node: links do anything; anything else in the HTML is never opened.
        match = _NODE_LINK.match(link)
        if match:
            self.node_link_activated.emit(match.group(1))
