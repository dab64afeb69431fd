"""Benchmark (by hand, not CI): the diagram's frame rate, normal and in presentation mode.

    QT_QPA_PLATFORM=offscreen python benchmarks/diagram_fps.py [--seconds 6] [--speed MIN_PER_S]

Opens the window at 1920x1080 and 1280x720 with the model running (default: one simulated hour a
second; `--speed 43200` is the fastest preset, a month a second), and prints for each size and mode
the frames a second the animation clock reached, the median and 90th-percentile frame interval (60
frames a second is the clock's aim) and the simulated days a second the model really reached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["IPE_NO_DIALOGS"] = "1"

SIZES = ((1920, 1080), (1280, 720))


def frame_rates(seconds: float, speed: float = 60.0) -> list[str]:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    lines = []
    for width, height in SIZES:
        for presenting in (False, True):
            window = MainWindow(speed=speed)
            window.resize(width, height)
            window.show()
            wait(2.0)  # plots and model loaded
            if presenting:
                window.classroom.toggle_presentation()
                wait(0.5)
            window.view.frame_times.clear()
            day = window.latest.day
            wait(seconds)
            days_per_second = (window.latest.day - day) / seconds
            frames = window.view.frame_times[5:]
            mode = "presentation" if presenting else "normal"
            lines.append(f"{width}x{height} {mode:12s}  {len(frames) / sum(frames):5.1f} frames/s   "
                         f"median {1000 * statistics.median(frames):5.1f} ms   "
                         f"p90 {1000 * sorted(frames)[int(0.9 * len(frames))]:5.1f} ms   "
                         f"model {days_per_second:6.2f} simulated days/s")
            window.close()
            wait(0.2)
    return lines


def wait(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--speed", type=float, default=60.0, help="simulated minutes per second")
    args = parser.parse_args()
    print(f"requested {args.speed / 1440:g} simulated days/s")
    for line in frame_rates(args.seconds, args.speed):
        print(line)


if __name__ == "__main__":
    main()
