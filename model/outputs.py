"""The output columns of the model (the headless CSV, the plots, the diagram's node values)."""

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
from .state import IDX

# (name, unit, meaning). The first 24 are the design brief's, in its order; the rest follow.
OUTPUTS: tuple[tuple[str, str, str], ...] = (
    ("day", "days", "simulated time since the start of the run"),
    ("glucose_uptake", "mg/kg/min", "glucose taken up by muscle and fat (GLUT1 + GLUT4) at that moment"),
    ("insulin_sensitivity", "mg/kg/min",
     "in-silico hyperinsulinaemic-euglycaemic clamp: glucose infusion rate at insulin 100 µU/mL and "
     "glucose 5 mmol/L, slow state frozen (M value)"),
    ("plasma_glucose", "mmol/L", "plasma glucose"),
    ("plasma_insulin", "µU/mL", "plasma insulin"),
    ("homa_ir", "1", "HOMA-IR = fasting glucose (mmol/L) × fasting insulin (µU/mL) / 22.5, from that "
     "day's 06:30 values"),
    ("tnf_alpha", "pg/mL", "plasma TNF-α"),
    ("il6", "pg/mL", "plasma IL-6"),
    ("il1b", "pg/mL", "plasma IL-1β"),
    ("il18", "pg/mL", "plasma IL-18"),
    ("irs1_ptyr", "fraction", "IRS-1 pool tyrosine-phosphorylated (passes the signal on)"),
    ("irs1_pser", "fraction", "IRS-1 pool serine-phosphorylated (blocked)"),
    ("akt_active", "fraction", "Akt pool phosphorylated and active"),
    ("glut4_surface", "fraction", "GLUT4 pool in the plasma membrane"),
    ("jnk_active", "fraction", "JNK pool active"),
    ("ikkb_active", "fraction", "IKKβ pool active"),
    ("pkc_active", "fraction", "novel PKC (θ, ε) pool active"),
    ("pp2a_active", "fraction", "PP2A pool active"),
    ("nlrp3_active", "fraction", "NLRP3 pool assembled into active inflammasomes"),
    ("ffa", "mmol/L", "plasma free fatty acids"),
    ("dag", "relative", "muscle and liver diacylglycerol (1 = healthy adult's daily mean)"),
    ("ceramide", "relative", "tissue ceramides (1 = healthy adult)"),
    ("visceral_fat", "kg", "visceral adipose tissue"),
    ("testosterone", "ng/dL", "serum total testosterone"),
    ("receptor_active", "fraction", "insulin receptor pool autophosphorylated"),
    ("pi3k_active", "fraction", "PI3K pool bound to IRS-1 and active"),
    ("as160_phos", "fraction", "AS160 pool phosphorylated by Akt"),
    ("er_stress", "fraction", "UPR sensors (PERK, IRE1α) active"),
    ("mito_ros", "relative", "mitochondrial ROS and oxidised mtDNA (1 = healthy)"),
    ("nlrp3_primed", "fraction", "NLRP3 pool primed but not assembled"),
    ("adipose_inflammation", "relative", "adipose tissue macrophage inflammation (1 = healthy)"),
    ("subcutaneous_fat", "kg", "subcutaneous adipose tissue"),
    ("lean_mass", "kg", "lean (mostly muscle) mass"),
    ("oestrogen", "relative", "oestrogen and progesterone action (1 = before menopause)"),
    ("beta_cell_mass", "relative", "functional β-cell mass (1 = healthy)"),
    ("hepatic_glucose_output", "mg/kg/min", "endogenous (mostly hepatic) glucose production"),
    ("insulin_secretion", "µU/mL/min", "pancreatic insulin secretion into plasma"),
)
OUTPUT_NAMES: tuple[str, ...] = tuple(name for name, _, _ in OUTPUTS)
OUTPUT_INDEX: dict[str, int] = {name: i for i, name in enumerate(OUTPUT_NAMES)}
OUTPUT_UNITS: dict[str, str] = {name: unit for name, unit, _ in OUTPUTS}

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
