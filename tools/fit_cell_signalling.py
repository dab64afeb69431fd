"""Fit the cell's signalling rates to the insulin step and the dose response, keeping the liver's Akt.

    python tools/fit_cell_signalling.py receptor_on,glut4_exo_basal+glut4_exo_insulin,... [MAX_RUNS]

A parameter group joined by "+" is scaled by one factor. Targets (log ratios): the figures of
resources/experiments/insulin_step.json (surface GLUT4's rise, fold and washout after Sedaghat et al.
2002; IRS-1's peak time and overshoot after Brännmark et al. 2013) and insulin_dose_response.json (the
EC50s), with the GLUT4 half-time weighted three times; and steady Akt at 5-300 µU/mL, weighted 0.25,
against AKT_BEFORE, the model's values before receptor internalisation and the S6K feedback were added,
so that the liver's calibration (hepatic output suppressed through Akt) still holds. Run by hand (not
in CI); it prints the values, which go into model/parameters.toml with their source; then refit the
body with tools/fit_glucose_insulin.py and run `python tools/calibrate.py --write` (twice).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from experiment_table import fit_from_command_line  # noqa: E402 (tools/, beside this file)

from model import protocols  # noqa: E402
from model.experiments import load_experiment  # noqa: E402
from model.simulation import Simulation  # noqa: E402

# Steady Akt (fraction) at these insulin levels (µU/mL) in the healthy man, at commit 44816ce.
AKT_BEFORE = {5.0: 0.00015, 15.0: 0.00288, 40.0: 0.02832, 100.0: 0.11477, 300.0: 0.21954}
WEIGHTS = {"glut4_half_time": 3.0}
AKT_WEIGHT = 0.25


def residuals(overrides: dict[str, float]) -> list[float]:
    out = []
    for eid, run in (("insulin_step", protocols.insulin_step),
                     ("insulin_dose_response", protocols.insulin_dose_response)):
        figures = run(overrides)[1]
        for figure in load_experiment(eid).figures:
            ratio = max(figures[figure.id], 1e-9) / figure.value
            out.append(WEIGHTS.get(figure.id, 1.0) * math.log(ratio))
    sim = Simulation(overrides)
    for insulin, before in AKT_BEFORE.items():
        out.append(AKT_WEIGHT * math.log(max(sim.signalling_at(insulin)["akt_active"], 1e-12) / before))
    return out


def main(argv: list[str]) -> int:
    return fit_from_command_line(argv, residuals, prefer_small=0.0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
