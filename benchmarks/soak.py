"""Soak benchmark (by hand, not CI): the window at its fastest speed with a switch flipped every half
second, for 30 minutes by default. Memory must plateau: the plots use ring buffers and the model keeps
a fixed-size state.

    QT_QPA_PLATFORM=offscreen python benchmarks/soak.py [--minutes 30]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30.0)
    minutes = parser.parse_args().minutes
    out = subprocess.run([sys.executable, "main.py", "--bench", str(minutes * 60)], cwd=ROOT,
                         capture_output=True, text=True, timeout=minutes * 60 + 300).stdout
    result = json.loads(out.strip().splitlines()[-1])
    memory = result.get("memory_mb", [])
    half = memory[len(memory) // 2:] or memory
    print(f"ran {result['run_seconds']:.0f} s, simulated {result['simulated_days']:.0f} days, "
          f"{result['frames_drawn']} frames")
    if memory:
        print(f"memory: start {memory[0]:.0f} MB, end {memory[-1]:.0f} MB, max {max(memory):.0f} MB, "
              f"second half {min(half):.0f}-{max(half):.0f} MB")
    print(f"frame time: median {result['frame_ms_median']} ms, p99 {result['frame_ms_p99']} ms, "
          f"worst {result['frame_ms_worst']} ms")


if __name__ == "__main__":
    main()
