"""Compute the model's calibrated constants from a healthy simulated day, and optionally write them.

    python tools/calibrate.py          # print the values
    python tools/calibrate.py --write  # store them in model/parameters.toml, and the new healthy start

`ffa_daily_mean` is the healthy adult's 24-h mean plasma FFA (DAG and ceramide are 1 there), and
`beta_death_calibration` scales Topp et al.'s β-cell death rate so that mass 1 is the healthy
equilibrium with three meals a day. Both depend on each other a little, so iterate.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.parameters import PARAMETER_FILE, default_values  # noqa: E402
from model.simulation import Simulation, _healthy_start  # noqa: E402


def healthy_day(overrides: dict[str, float]) -> dict[str, np.ndarray]:
    _healthy_start.cache_clear()
    sim = Simulation(overrides)
    sim.run(2, sample_hours=24)  # settle further
    traj = sim.run(1, sample_hours=1 / 60)
    return {name: traj.column(name) for name in ("ffa", "plasma_glucose", "il1b")}


def calibrate() -> dict[str, float]:
    values = default_values()
    overrides = {k: values[k] for k in ("ffa_daily_mean", "beta_death_calibration")}
    for _ in range(6):
        day = healthy_day(overrides)
        g_mg = day["plasma_glucose"] * 18.0
        growth = np.mean(values["beta_growth_r1"] * g_mg - values["beta_growth_r2"] * g_mg**2)
        ffa_mean = float(np.mean(day["ffa"]))
        strain = np.mean(
            1.0 + values["beta_strain_ffa"] * np.maximum(0.0, day["ffa"] / ffa_mean - 1.0)
            + values["beta_strain_il1b"]
            * np.maximum(0.0, day["il1b"] / values["il1b_healthy"] - 1.0))
        overrides = {"ffa_daily_mean": ffa_mean,
                     "beta_death_calibration": float(growth / (values["beta_death_basal"] * strain))}
    return overrides


def write(values: dict[str, float]) -> None:
    text = PARAMETER_FILE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = re.sub(rf"^({name} = {{ value = )[^,]+", rf"\g<1>{value:.6g}", text, flags=re.M)
    PARAMETER_FILE.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    result = calibrate()
    for key, val in result.items():
        print(f"{key} = {val:.6g}")
    if "--write" in sys.argv:
        write(result)
        # New parameters, new healthy start: a fresh process reads the file just written.
        subprocess.run([sys.executable, "-m", "model.healthy_start"], cwd=Path(__file__).resolve().parents[1],
                       check=True)
