"""Benchmark (by hand, not CI): the CPU the window and its model process use running and paused.

    QT_QPA_PLATFORM=offscreen python benchmarks/paused_cpu.py [--seconds 5]

Opens the window at 1280x720 at one simulated day a second, measures for `--seconds` the CPU time of
the window's process and of the model's process (Linux /proc) while it runs, then the same while it is
paused, and prints both as a share of one core side by side (the machine is shared: compare the two
lines of one run, not runs of different days).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["IPE_NO_DIALOGS"] = "1"


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure(seconds: float) -> list[str]:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    window = MainWindow(speed=1440.0)
    window.resize(1280, 720)
    window.show()
    wait(3.0)  # plots and model loaded
    child = window.simulation.worker.sim._process.pid
    lines = []
    for paused in (False, True):
        window.state.set_paused(paused)
        wait(0.5)
        gui, model, started = cpu_seconds(os.getpid()), cpu_seconds(child), time.perf_counter()
        wait(seconds)
        elapsed = time.perf_counter() - started
        gui, model = cpu_seconds(os.getpid()) - gui, cpu_seconds(child) - model
        lines.append(f"{'paused ' if paused else 'running'}  window {100 * gui / elapsed:5.1f} % of a core   "
                     f"model {100 * model / elapsed:5.1f} %   diagram animating: {window.view.animating}")
    window.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    for line in measure(args.seconds):
        print(line)


if __name__ == "__main__":
    main()
