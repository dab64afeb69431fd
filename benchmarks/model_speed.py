"""Benchmark (run by hand, not by CI): how fast the model runs.

    python benchmarks/model_speed.py

Prints, measured side by side in one process, the wall time of a 365-day run with every toggle on
through the app's API (`model.Simulation`) and of the same scenario on raw libroadrunner simulating
the exported SBML with the same integrator settings (target ratio <= 1.5; compile time counted for
neither), and the cost of one real-time chunk as the window asks for it at several speeds.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model import Simulation, ToggleEvent  # noqa: E402
from model.toggles import TOGGLE_IDS  # noqa: E402


def every_toggle(sim: Simulation) -> list[ToggleEvent]:
    """Every switch that applies to the simulation's subject, on from day 0."""
    return [ToggleEvent(0, t, True) for t in TOGGLE_IDS if sim.subject.applies(t)]


def year_all_toggles() -> float:
    sim = Simulation()
    start = time.perf_counter()
    sim.run(365, every_toggle(sim), sample_hours=24)
    return time.perf_counter() - start


def raw_roadrunner_year() -> float:
    """The exported SBML (every toggle on from day 0) on plain libroadrunner, the engine's settings."""
    import roadrunner

    from model import sbml, simulation

    sim = simulation.Simulation()
    doc = sbml.build_document(None, sim.state.tolist(), every_toggle(sim), fasting=sim.fasting)
    rr = roadrunner.RoadRunner(sbml.to_string(doc))
    rr.integrator.stiff = True
    rr.integrator.relative_tolerance = simulation.RTOL
    rr.integrator.absolute_tolerance = simulation.ATOL
    rr.integrator.maximum_num_steps = simulation.MAX_STEPS
    rr.integrator.maximum_time_step = sim.params.meal_duration * simulation.MEAL_STEP_FRACTION
    rr.timeCourseSelections = list(simulation.OUTPUT_SELECTIONS)
    start = time.perf_counter()
    rr.simulate(0.0, 365 * 1440.0, 366)
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
    print(f"first Simulation() (cache load or compile): {time.perf_counter() - start:8.3f} s")
    app, raw = [], []
    for _ in range(3):  # alternate, so a noisy neighbour slows both alike
        app.append(year_all_toggles())
        raw.append(raw_roadrunner_year())
    best_app, best_raw = min(app), min(raw)
    print(f"365 days, every toggle on, model.Simulation: {best_app:8.2f} s (best of 3)")
    print(f"365 days, every toggle on, raw roadrunner:   {best_raw:8.2f} s   "
          f"ratio {best_app / best_raw:5.2f}")
    for label, minutes in (("1 min/frame (real time x60)", 1.0), ("1 h/frame", 60.0),
                           ("1 day/frame", 1440.0), ("3 days/frame", 4320.0)):
        median, p99 = chunk_cost(minutes, frames=60 if minutes > 100 else 120)
        print(f"chunk {label:28s} median {median * 1e3:7.2f} ms   p99 {p99 * 1e3:7.2f} ms")


if __name__ == "__main__":
    main()
