"""Benchmark (run by hand, not by CI): how fast the model runs.

    python benchmarks/model_speed.py

Prints the wall time of a 365-day headless run with every toggle on, and the cost of one real-time
chunk as the window asks for it (one frame at several simulation speeds).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model import Simulation, ToggleEvent  # noqa: E402
from model.toggles import TOGGLE_IDS  # noqa: E402


def year_all_toggles() -> float:
    sim = Simulation()
    start = time.perf_counter()
    sim.run(365, [ToggleEvent(0, t, True) for t in TOGGLE_IDS], sample_hours=24)
    return time.perf_counter() - start


def chunk_cost(minutes_per_frame: float, frames: int = 120) -> tuple[float, float]:
    sim = Simulation()
    sim.set_toggle("high_fat_diet", True)
    sim.advance(600.0)
    costs = []
    for _ in range(frames):
        start = time.perf_counter()
        sim.advance(minutes_per_frame)
        costs.append(time.perf_counter() - start)
    costs.sort()
    return statistics.median(costs), costs[int(0.99 * (len(costs) - 1))]


def main() -> None:
    start = time.perf_counter()
    Simulation()
    print(f"first Simulation() (warm-up, pattern):  {time.perf_counter() - start:8.3f} s")
    print(f"365 days, every toggle on:               {year_all_toggles():8.2f} s")
    for label, minutes in (("1 min/frame (real time x60)", 1.0), ("1 h/frame", 60.0),
                           ("1 day/frame", 1440.0)):
        median, p99 = chunk_cost(minutes, frames=60 if minutes > 100 else 120)
        print(f"chunk {label:28s} median {median * 1e3:7.2f} ms   p99 {p99 * 1e3:7.2f} ms")


if __name__ == "__main__":
    main()
