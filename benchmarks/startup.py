"""Benchmark (by hand, not CI): bundle size and start-up time to first paint.

    pyinstaller build.spec          # first, for the frozen figures
    python benchmarks/startup.py [--runs 5]

Prints the bundle's size (on disk, and archived as a user downloads it), then the cold (first) and
warm (median of the rest) time from launching a process to the window's first paint, for the frozen
app, for `python main.py` and for a bare PySide6 window (the floor), each with its ratio to the floor;
then when the model's first rows reach the plots.
Targets: first paint within 1.5x the floor, bundle under 150 MB. "Cold" is the first run here; the
page cache is dropped first when the benchmark runs as root and the kernel allows it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "InsulinPathwayExplorer"
BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
class Label(QLabel):  # the app reports its first paint once drawn; so does the floor
    def paintEvent(self, event):
        super().paintEvent(event)
        print(f"FIRST_PAINT {time.time():.6f}", flush=True); QTimer.singleShot(0, app.quit)
win = QMainWindow(); win.setCentralWidget(Label("floor")); win.resize(1600, 900)
win.show(); app.exec()
"""


def timings(command: list[str]) -> dict[str, float]:
    """Seconds from launch to each mark the process prints: FIRST_PAINT, and FIRST_DATA for the app
    (the model's first rows on the plots)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.time()
    out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120).stdout
    marks = {line.split()[0]: float(line.split()[1]) - start for line in out.splitlines()
             if line.startswith(("FIRST_PAINT", "FIRST_DATA"))}
    if "FIRST_PAINT" not in marks:
        raise RuntimeError(f"no first paint from {command[0]}")
    return marks


def drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def size_mb(folder: Path) -> float:
    return sum(f.lstat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def download_mb(folder: Path) -> float:
    """The bundle as a user downloads it: the folder in one .tar.gz (which keeps its symlinks)."""
    with tempfile.TemporaryDirectory() as scratch:
        archive = shutil.make_archive(str(Path(scratch) / folder.name), "gztar", folder.parent, folder.name)
        return Path(archive).stat().st_size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    commands = {"floor (bare PySide6 window)": [sys.executable, "-c", BARE],
                "python main.py": [sys.executable, "main.py", "--probe-first-paint"]}
    if BUNDLE.exists():
        print(f"bundle size: {size_mb(BUNDLE):.0f} MB on disk ({BUNDLE}), "
              f"{download_mb(BUNDLE):.0f} MB as a .tar.gz download")
        commands["frozen app"] = [str(BUNDLE / "InsulinPathwayExplorer"), "--probe-first-paint"]
    else:
        print("no bundle: run `pyinstaller build.spec` for the frozen figures")
    results = {}
    for name, command in commands.items():
        dropped = drop_caches()
        cold = timings(command)
        warm = [timings(command) for _ in range(runs)]
        results[name] = (cold, {mark: statistics.median(w[mark] for w in warm) for mark in cold}, dropped)
    floor = results["floor (bare PySide6 window)"][1]["FIRST_PAINT"]
    print("first paint:")
    for name, (cold, warm, dropped) in results.items():
        note = "" if dropped else " (page cache not dropped)"
        print(f"  {name:30s} cold {cold['FIRST_PAINT']:6.2f} s{note}   warm {warm['FIRST_PAINT']:6.2f} s   "
              f"warm/floor {warm['FIRST_PAINT'] / floor:5.2f}x")
    print("first model data on the plots:")
    for name, (cold, warm, _dropped) in results.items():
        if "FIRST_DATA" in warm:
            print(f"  {name:30s} cold {cold['FIRST_DATA']:6.2f} s   warm {warm['FIRST_DATA']:6.2f} s")


if __name__ == "__main__":
    main()
