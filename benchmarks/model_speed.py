"""Benchmark (run by hand, not by CI): how fast the model runs.

    python benchmarks/model_speed.py            # both engines
    python benchmarks/model_speed.py --new-only # the compiled engine and raw roadrunner only

Prints the wall time of a 365-day headless run with every toggle on, and the cost of one real-time
chunk as the window asks for it (one frame at several simulation speeds), for the default engine
(`model.Simulation`) and for the compiled one (model/engine.py), whose year run is also compared with
raw libroadrunner simulating the exported SBML with the same integrator settings (target ratio <= 1.5).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model import Simulation, ToggleEvent  # noqa: E402
from model.toggles import TOGGLE_IDS  # noqa: E402

EVERY_TOGGLE = [ToggleEvent(0, t, True) for t in TOGGLE_IDS]


def year_all_toggles(factory=Simulation) -> float:
    sim = factory()
    start = time.perf_counter()
    sim.run(365, [ToggleEvent(0, t, True) for t in TOGGLE_IDS], sample_hours=24)
    return time.perf_counter() - start


def raw_roadrunner_year() -> float:
    """The exported SBML (every toggle on from day 0) on plain libroadrunner, the engine's settings."""
    import roadrunner

    from model import engine, sbml

    sim = engine.Simulation()
    doc = sbml.build_document(None, sim.state.tolist(), EVERY_TOGGLE, fasting=sim.fasting)
    rr = roadrunner.RoadRunner(sbml.to_string(doc))
    rr.integrator.stiff = True
    rr.integrator.relative_tolerance = engine.RTOL
    rr.integrator.absolute_tolerance = engine.ATOL
    rr.integrator.maximum_num_steps = engine.MAX_STEPS
    rr.integrator.maximum_time_step = sim.params.meal_duration * engine.MEAL_STEP_FRACTION
    rr.timeCourseSelections = list(engine.OUTPUT_SELECTIONS)
    start = time.perf_counter()
    rr.simulate(0.0, 365 * 1440.0, 366)
    return time.perf_counter() - start


def chunk_cost(minutes_per_frame: float, frames: int = 120, factory=Simulation) -> tuple[float, float]:
    sim = factory()
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
    from model import engine

    chunks = (("1 min/frame (real time x60)", 1.0), ("1 h/frame", 60.0), ("1 day/frame", 1440.0))
    engines = [("compiled (model/engine.py)", engine.Simulation)]
    if "--new-only" not in sys.argv:
        engines.append((f"default ({Simulation.__module__})", Simulation))
    start = time.perf_counter()
    engine.Simulation()
    print(f"first compiled Simulation() (load or compile): {time.perf_counter() - start:8.3f} s")
    new_year = year_all_toggles(engine.Simulation)
    raw = raw_roadrunner_year()
    print(f"365 days, every toggle on, compiled engine:    {new_year:8.2f} s")
    print(f"365 days, every toggle on, raw roadrunner:     {raw:8.2f} s   ratio {new_year / raw:5.2f}")
    for name, factory in engines:
        if factory is not engine.Simulation:
            start = time.perf_counter()
            factory()
            print(f"first {name} Simulation():  {time.perf_counter() - start:8.3f} s")
            print(f"365 days, every toggle on, {name}: {year_all_toggles(factory):8.2f} s")
        for label, minutes in chunks:
            median, p99 = chunk_cost(minutes, frames=60 if minutes > 100 else 120, factory=factory)
            print(f"{name:28s} chunk {label:28s} median {median * 1e3:7.2f} ms   p99 {p99 * 1e3:7.2f} ms")

if __name__ == "__main__":
    main()
