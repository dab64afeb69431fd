"""Run every stage of the test command, even after one fails, and say which failed.

    python tools/run_tests.py

The stages: ruff; the suite on two processes (`pytest -n 2 --dist loadgroup -m "not alone"`: the
tests that read the experiments' results share one process, which runs each protocol once); the
tests that measure the event loop, alone (`pytest -m alone`). A failed stage does not stop the next
(a `&&` chain would hide what the later stages would have found); the exit status is 1 if any stage
failed.
"""

from __future__ import annotations

import subprocess
import sys
import time

STAGES: tuple[tuple[str, list[str]], ...] = (
    ("ruff", [sys.executable, "-m", "ruff", "check", "."]),
    ("tests (two processes)", [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup",
                               "-m", "not alone"]),
    ("tests that run alone", [sys.executable, "-m", "pytest", "-m", "alone"]),
)


def main() -> int:
    results = []
    for name, command in STAGES:
        print(f"=== {name}: {' '.join(command[1:])}", flush=True)
        started = time.monotonic()
        code = subprocess.call(command)
        results.append((name, code, time.monotonic() - started))
    print("\n=== summary")
    for name, code, seconds in results:
        print(f"{'passed' if code == 0 else 'FAILED':7s} {name} ({seconds:.0f} s)")
    return 1 if any(code != 0 for _, code, _ in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
