"""Compare the scipy engine (model/simulation.py) with the compiled one (model/engine.py).

    python tools/compare_engines.py            # healthy, each toggle alone 180 days, all on 365
    python tools/compare_engines.py --days 20  # shorter runs (all on: twice as long)

Runs each reference scenario on both engines from the healthy start and prints, per scenario,
the output column that differs most, and at the end each column's largest difference over all
scenarios, relative to that column's range in the scipy run (floored at 1 % of its largest value, so
a column that barely moves is not judged on its noise).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model import engine, simulation  # noqa: E402
from model.outputs import OUTPUT_NAMES  # noqa: E402
from model.toggles import TOGGLE_IDS, ToggleEvent  # noqa: E402

AGREEMENT = 0.01


def relative_differences(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Per column: the largest |old - new| over the run, relative to the old run's range (floored)."""
    spread = old.max(axis=0) - old.min(axis=0)
    scale = np.maximum(spread, 0.01 * np.abs(old).max(axis=0))
    scale[scale == 0] = 1.0
    return np.abs(old - new).max(axis=0) / scale


def compare(days: float, toggles: tuple[str, ...], sample_hours: float = 2.0
            ) -> tuple[np.ndarray, float, float]:
    """Column differences of one scenario, and the wall time of each engine."""
    events = [ToggleEvent(0.0, t, True) for t in toggles]
    start = time.perf_counter()
    old = simulation.Simulation().run(days, events, sample_hours).table
    middle = time.perf_counter()
    new = engine.Simulation().run(days, events, sample_hours).table
    end = time.perf_counter()
    return relative_differences(old, new), middle - start, end - middle


def scenarios(days: float, all_days: float) -> list[tuple[str, float, tuple[str, ...]]]:
    return ([("healthy", days, ())] + [(t, days, (t,)) for t in TOGGLE_IDS]
            + [("every toggle", all_days, TOGGLE_IDS)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=180.0, help="days of healthy and single-toggle runs")
    parser.add_argument("--all-days", type=float, default=None, help="days with every toggle (365)")
    parser.add_argument("--sample-hours", type=float, default=2.0)
    parser.add_argument("--only", nargs="*", help="scenario names to run (healthy, a toggle id, 'every')")
    parser.add_argument("--old-rtol", type=float, default=None,
                        help=f"the scipy engine's rtol (its own: {simulation.RTOL:g})")
    args = parser.parse_args(argv)
    if args.old_rtol:
        simulation.RTOL = args.old_rtol
    all_days = args.all_days or (365.0 if args.days == 180.0 else 2 * args.days)
    worst = np.zeros(len(OUTPUT_NAMES))
    failed = 0
    for name, days, toggles in scenarios(args.days, all_days):
        if args.only and not any(name.startswith(o) for o in args.only):
            continue
        diff, t_old, t_new = compare(days, toggles, args.sample_hours)
        worst = np.maximum(worst, diff)
        i = int(np.argmax(diff))
        failed += diff[i] > AGREEMENT
        print(f"{name:26s} {days:5.0f} d  worst {OUTPUT_NAMES[i]:22s} {100 * diff[i]:6.3f} %   "
              f"scipy {t_old:6.1f} s  roadrunner {t_new:5.2f} s", flush=True)
    print("\nlargest difference per column over all scenarios (% of the column's range):")
    for name, value in sorted(zip(OUTPUT_NAMES, worst, strict=True), key=lambda item: -item[1]):
        print(f"  {name:24s} {100 * value:7.3f} %{'   > 1 %' if value > AGREEMENT else ''}")
    print(f"\n{failed} scenario(s) beyond {100 * AGREEMENT:g} %")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
