"""Compare ▸ Run side by side…: the switches and the name of a second scenario that runs beside this
one, on the same clock, from this moment (the model's side is ui/worker.py's start_companion)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from model.subjects import get_subject
from model.toggles import TOGGLES, TOGGLES_BY_ID


def suggested_name(now: dict[str, bool], beside: dict[str, bool]) -> str:
    """What differs from this run, in words: "without TRT", "with Lifestyle", "the same switches"."""
    removed = [TOGGLES_BY_ID[t].label for t, on in now.items() if on and not beside.get(t)]
    added = [TOGGLES_BY_ID[t].label for t, on in beside.items() if on and not now.get(t)]
    changes = (("without", removed), ("with", added))
    words = [f"{how} {', '.join(labels)}" for how, labels in changes if labels]
    return "; ".join(words) or "the same switches"


class SideBySideDialog(QDialog):
    """Choose the second run's switches (they start as this run's) and its name in the legend."""

    def __init__(self, switches: dict[str, bool], subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Run a second scenario side by side")
        self._now = dict(switches)
        body = get_subject(subject)
        intro = QLabel("The second run starts as a copy of this one, today, and then goes on with the "
                       "switches ticked here. Both share the clock; the trend plot draws both and "
                       "names the numbers. Reset ends it (its curves are kept as a pinned run).")
        intro.setWordWrap(True)
        self.boxes: dict[str, QCheckBox] = {}
        group = QGroupBox("Switches of the second run")
        grid = QGridLayout(group)
        for i, toggle in enumerate(TOGGLES):
            box = QCheckBox(toggle.label)
            box.setChecked(bool(switches.get(toggle.id)))
            if not body.applies(toggle.id):
                box.setEnabled(False)
                box.setToolTip(f"Does not apply to the {body.id}")
            box.toggled.connect(self._suggest)
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[toggle.id] = box
        self.name = QLineEdit(suggested_name(self._now, self._now))
        self.name.setAccessibleName("Name of the second run")
        self._typed = False
        self.name.textEdited.connect(lambda _text: setattr(self, "_typed", True))
        form = QFormLayout()
        form.addRow("Name in the legend:", self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Start side by side")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(group)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def switches(self) -> dict[str, bool]:
        return {toggle: box.isChecked() for toggle, box in self.boxes.items()}

    def run_name(self) -> str:
        return " ".join(self.name.text().split()) or suggested_name(self._now, self.switches())

    def _suggest(self) -> None:
        if not self._typed:  # a name the teacher typed is never overwritten
            self.name.setText(suggested_name(self._now, self.switches()))
