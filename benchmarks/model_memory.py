"""Benchmark (by hand, not CI): the model's memory, in the window's use and on the command line.

    python benchmarks/model_memory.py [--chunks 3000] [--rows 14400]

Chunks: the window advances the model in chunks of minutes to hours, dozens of times a second, so a
few kilobytes kept per solver call become a gigabyte in a lesson (the earlier scipy engine's LSODA
did exactly that in scipy 1.17.1, about 25 kB a call). Prints resident memory every 500 chunks; it
should stay flat after the first.

Rows: a headless run (`main.py --headless`, one row a simulated minute, the CSV read through a pipe)
with --rows rows and with ten times as many, each in its own process; prints both peak resident
sizes side by side. The command line streams its rows, so the two should be about equal (when it
held every row, 5,000,000 rows took 12.5 GB). `--chunks 0` or `--rows 0` skips a part.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import roadrunner  # noqa: E402

from model.simulation import Simulation  # noqa: E402


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def chunks(count: int) -> None:
    sim = Simulation()
    sim.set_toggle("high_fat_diet", True)
    print(f"roadrunner {roadrunner.__version__}; start {rss_mb():.0f} MB")
    for done in range(1, count + 1):
        sim.advance(48.0, samples=2)  # one tick at one simulated day per second
        if done % 500 == 0:
            print(f"{done:6d} chunks, day {sim.day:6.1f}: {rss_mb():.0f} MB")


def peak_rss_of_run(rows: int) -> tuple[float, float]:
    """(peak resident MB, seconds) of one headless run making `rows` rows a minute apart. The CSV
    comes through a pipe and is dropped here: never `--csv /dev/null`, which an older checkout run
    as root would replace with a regular file."""
    argv = [sys.executable, "main.py", "--headless", "--days", repr(rows / 1440), "--sample-hours",
            repr(1 / 60)]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE)
    while proc.stdout.read(1 << 20):
        pass
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not the largest child's so far
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"the run failed with status {proc.returncode}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started  # Linux reports kB


def rows(count: int) -> None:
    small, small_s = peak_rss_of_run(count)
    large, large_s = peak_rss_of_run(10 * count)
    print(f"{'rows':>10} {'peak RSS':>10} {'seconds':>8}")
    print(f"{count:>10,} {small:>7.0f} MB {small_s:>8.1f}")
    print(f"{10 * count:>10,} {large:>7.0f} MB {large_s:>8.1f}   ({large / small:.2f}x the memory)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=14_400, help="the smaller run's rows (then 10x)")
    args = parser.parse_args()
    if args.chunks > 0:
        chunks(args.chunks)
    if args.rows > 0:
        rows(args.rows)


if __name__ == "__main__":
    main()
