"""One row of output columns (see `model/outputs.py`) from a state vector."""

from __future__ import annotations

from types import SimpleNamespace

from .equations import (
    Environment,
    clamp_disposal,
    glut1_uptake,
    glut4_uptake,
    hepatic_output,
    insulin_secretion,
)
from .outputs import OUTPUT_INDEX, OUTPUTS
from .state import IDX

_COPIED = ("plasma_glucose:glucose", "plasma_insulin:insulin", "tnf_alpha", "il6", "il1b", "il18",
           "irs1_ptyr", "irs1_pser", "akt_active", "glut4_surface", "jnk_active", "ikkb_active",
           "pkc_active", "pp2a_active", "nlrp3_active", "ffa", "dag", "ceramide", "visceral_fat",
           "testosterone", "receptor_active", "pi3k_active", "as160_phos", "er_stress:upr",
           "mito_ros:ros", "nlrp3_primed", "adipose_inflammation", "subcutaneous_fat",
           "lean_mass", "oestrogen", "beta_cell_mass")
_COPY_PAIRS = tuple(
    (OUTPUT_INDEX[item.split(":")[0]], IDX[item.split(":")[-1]]) for item in _COPIED)


def homa_ir(fasting_glucose: float, fasting_insulin: float) -> float:
    """HOMA-IR by the standard formula of Matthews et al. (1985)."""
    return fasting_glucose * fasting_insulin / 22.5


def output_row(p: SimpleNamespace, day: float, y: list[float], fasting: tuple[float, float]
               ) -> list[float]:
    """All output columns for one state `y`; `fasting` is that day's (glucose, insulin)."""
    row = [0.0] * len(OUTPUTS)
    for out, st in _COPY_PAIRS:
        row[out] = y[st]
    env = Environment(p, y)
    glucose = y[IDX["glucose"]]
    row[0] = day
    row[1] = glut1_uptake(p, glucose) + glut4_uptake(p, env, y[IDX["glut4_surface"]], glucose)
    row[2] = clamp_disposal(p, y)
    row[5] = homa_ir(*fasting)
    row[OUTPUT_INDEX["hepatic_glucose_output"]] = hepatic_output(
        p, env, y[IDX["akt_active"]], glucose, y[IDX["ffa"]])
    row[OUTPUT_INDEX["insulin_secretion"]] = insulin_secretion(
        p, glucose, y[IDX["beta_cell_mass"]], p.absorbed_fraction * p.k_absorb * y[IDX["gut_intestine"]])
    return row
