"""Benchmark (by hand, not CI): the model's memory over many short real-time chunks.

    python benchmarks/model_memory.py [--chunks 3000]

The window advances the model in chunks of minutes to hours, dozens of times a second, so a few
kilobytes kept per solver call become a gigabyte in a lesson. scipy 1.17.1's LSODA did exactly that
(about 25 kB a call), which is why pyproject.toml keeps scipy below 1.17. Prints resident memory
every 500 chunks; it should stay flat after the first.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scipy  # noqa: E402

from model.simulation import Simulation  # noqa: E402


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=3000)
    chunks = parser.parse_args().chunks
    sim = Simulation()
    sim.set_toggle("high_fat_diet", True)
    print(f"scipy {scipy.__version__}; start {rss_mb():.0f} MB")
    for done in range(1, chunks + 1):
        sim.advance(48.0, samples=2)  # one tick at one simulated day per second
        if done % 500 == 0:
            print(f"{done:6d} chunks, day {sim.day:6.1f}: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
