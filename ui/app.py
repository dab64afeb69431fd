"""Starting the window, and the `--smoke` / `--bench` measuring runs."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from model.arguments import OneLineParser, UsageError, number_option, subject_option

SMOKE_SIZE = (1920, 1080)
MAX_BENCH_SECONDS = 86_400.0
# A measuring run ends after its duration, but not before the model's first rows have reached the
# window: on a loaded machine the first start's compile can take longer than a smoke run's 4 s. This
# bounds that wait; past it the run ends and fails (no snapshot).
MAX_MODEL_WAIT_S = 120.0


class FirstPaint:
    """Notes the moment the diagram is first painted."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.seconds: float | None = None
        self.wall_clock: float | None = None  # time.time() of the paint, for other processes to compare

    def note(self) -> None:
        if self.seconds is None:
            self.seconds = time.perf_counter() - self.started
            self.wall_clock = time.time()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc; 0 where unavailable)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _measure(window, first_paint: FirstPaint, seconds: float, started: float) -> dict:
    frames = window.view.frame_times[5:]  # skip start-up frames
    return {
        "frame_ms_worst": round(1000 * max(frames), 2) if frames else None,
        "first_paint_s": round(first_paint.seconds or float("nan"), 3),
        "frames_drawn": window.view.frames_drawn,
        "frame_ms_median": round(1000 * statistics.median(frames), 2) if frames else None,
        "frame_ms_p99": round(1000 * _percentile(frames, 0.99), 2) if frames else None,
        "toggle_to_plot_ms": [round(1000 * v, 1) for v in window.toggle_latencies],
        "snapshots": window.snapshots_received,
        "simulated_days": round(window.latest.day, 3) if window.latest else 0.0,
        "run_seconds": round(time.perf_counter() - started, 2),
    }


def run(argv: Sequence[str], started: float | None = None) -> int:
    started = started or time.perf_counter()
    parser = OneLineParser(prog="main.py", description="Insulin Pathway Explorer")
    parser.add_argument("--smoke", metavar="OUT.png", help="open the window, run briefly, save a screenshot")
    parser.add_argument("--bench", metavar="SECONDS",
                        help=f"measure a longer run (1 to {MAX_BENCH_SECONDS:g} seconds)")
    parser.add_argument("--probe-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--subject", metavar="woman|man", help="start with this body (default man)")
    try:  # the command line's contract: one line, exit 2 (a bad --bench once opened a window for ever)
        args = parser.parse_args(list(argv))
        if args.bench is not None:
            args.bench = number_option(args.bench, "--bench", 0.0, MAX_BENCH_SECONDS,
                                        high_text=f"{MAX_BENCH_SECONDS:g} seconds (a day)")
        if args.subject is not None:
            args.subject = subject_option(args.subject)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from model import __version__

    from . import errors
    from .content import resource_path
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Insulin Pathway Explorer")
    app.setStyle("Fusion")  # the same look on every system, and it follows the theme's palette
    hook = errors.install()
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("insulin-pathway-explorer")
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.png"))))
    measuring = args.smoke or args.bench or args.probe_first_paint
    if measuring:
        os.environ["IPE_NO_DIALOGS"] = "1"  # measuring runs close themselves: no modal questions
    window = MainWindow(speed=1440.0 if measuring else 60.0)
    first_paint = FirstPaint(started)
    window.view.first_painted.connect(first_paint.note)
    if args.probe_first_paint:  # for benchmarks/startup.py: the wall-clock first paint and first data
        def report_paint() -> None:
            print(f"FIRST_PAINT {first_paint.wall_clock:.6f}", flush=True)

        def report_data() -> None:
            print(f"FIRST_DATA {time.time():.6f}", flush=True)
            window.snapshot_drawn.disconnect(report_data)
            window.close()
            app.quit()

        window.view.first_painted.connect(report_paint, Qt.QueuedConnection)
        window.snapshot_drawn.connect(report_data)
    if args.smoke or args.bench:
        window.resize(*SMOKE_SIZE)
    else:  # as a user opens it: the size it last closed at, fitted to the screen
        window.resize(*window.open_size())
    window.show()
    if args.subject is not None:
        window.state.set_subject(args.subject)
    if not measuring:
        return app.exec()

    if args.probe_first_paint:
        return app.exec()
    duration = 4.0 if args.smoke else max(1.0, args.bench)
    result: dict = {}

    def switch(toggle: str, on: bool) -> None:
        window.toggles.set_toggle_state(toggle, on)
        window.request_toggle(toggle, on)

    if args.smoke:
        QTimer.singleShot(int(duration * 400), lambda: switch("high_fat_diet", True))
    else:
        rng = random.Random(7)
        ids = [t for t in window.toggles.states()]

        def random_toggle() -> None:
            toggle = rng.choice(ids)
            switch(toggle, not window.toggles.states()[toggle])

        storm = QTimer(window)
        storm.timeout.connect(random_toggle)
        storm.start(500)
        memory = [rss_mb()]
        sampler = QTimer(window)
        sampler.timeout.connect(lambda: memory.append(rss_mb()))
        sampler.start(10_000)
        result["memory_mb"] = memory

    def finish() -> None:
        result.update(_measure(window, first_paint, duration, started))
        if args.smoke:
            out = Path(args.smoke)
            result["screenshot"] = str(out)
            result["saved"] = window.grab().save(str(out))
        window.files.store.discard_own()  # a measuring run is not work to recover next time
        window.close()
        app.quit()

    give_up = time.perf_counter() + duration + MAX_MODEL_WAIT_S

    def finish_once_the_model_is_in() -> None:
        waiting = window.snapshots_received < 2 and hook.count == 0  # not once something failed
        if waiting and time.perf_counter() < give_up:
            QTimer.singleShot(100, finish_once_the_model_is_in)
            return
        finish()

    QTimer.singleShot(int(duration * 1000), finish_once_the_model_is_in)
    app.exec()
    result["errors"] = hook.count
    print(json.dumps(result))
    # A measuring run fails if anything raised, or if the model never reached the window (the plots
    # or the worker could not load, as when a frozen build misses a module).
    healthy = result.get("saved", True) and hook.count == 0 and result.get("snapshots", 0) > 0
    return 0 if healthy else 1
