"""Benchmark (by hand, not CI): how long each lesson takes, in class time, from the menu to its
claim's measured numbers on screen, with the real window, worker and model processes.

    QT_QPA_PLATFORM=offscreen python benchmarks/lesson_story.py [lesson_id ...]

For each lesson (default: all shipped) it starts the lesson, and at every step waits until the step's
own work is done (its run ahead, its side-by-side start) before pressing Next, as a teacher who talks
no longer than the model computes; a prediction is answered at once. It prints the seconds each step
waited and the total to the claim's figures, with the same total for the slowest lesson beside it, so
the lessons can be compared within one run (the machine is shared and noisy).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["IPE_NO_DIALOGS"] = "1"


def main() -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)  # noqa: F841 (kept alive for the window)
    from ui.main_window import MainWindow

    def wait_until(condition, limit_s: float = 300.0) -> None:
        deadline = time.monotonic() + limit_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the lesson did not get there")
            loop = QEventLoop()
            QTimer.singleShot(20, loop.quit)
            loop.exec()

    win = MainWindow(speed=60.0)
    win.resize(1920, 1080)
    win.show()
    wait_until(lambda: win.latest is not None and win.plots is not None and win.lessons.lessons)
    control = win.lessons
    ids = sys.argv[1:] or list(control.lessons)
    totals = {}
    for lesson_id in ids:
        started = time.monotonic()
        control.start(lesson_id)
        steps = []
        while True:
            step_started = time.monotonic()
            if control.panel.prediction_open:
                control.panel.answer_button("fall").click()
            wait_until(lambda: not win.state.busy)
            steps.append(time.monotonic() - step_started)
            if control.runner.at_end:
                break
            control.next()
        wait_until(lambda: control.measured is not None or bool(control._claim_problem))
        totals[lesson_id] = time.monotonic() - started
        ok = control.measured is not None and all(m.passed for m in control.measured)
        print(f"{lesson_id:22s} {totals[lesson_id]:5.1f} s to the claim's numbers "
              f"({'holds' if ok else 'does not hold'}); steps: " + ", ".join(f"{s:.1f}" for s in steps))
        control.stop()
        win.state.reset()
    slowest = max(totals, key=totals.get)
    print(f"slowest: {slowest} {totals[slowest]:.1f} s; each lesson as a share of it: "
          + ", ".join(f"{k} {v / totals[slowest]:.2f}" for k, v in totals.items()))
    win.close()


if __name__ == "__main__":
    main()
