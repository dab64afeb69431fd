"""The output columns of the model (the headless CSV, the plots, the diagram's node values).

Only the table: the window reads it before its first paint, so this module imports nothing heavy.
Their values are selections of the model's definition (`model/sbml_equations.py`, OUTPUT_SOURCES).
"""

from __future__ import annotations

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
    # Added for the experiments (model/experiments.py); appended, so every earlier column keeps its place.
    ("glucose_infusion", "mg/kg/min", "glucose infused to hold plasma glucose during an experiment's "
     "clamp (0 in the live model)"),
    ("hba1c", "%", "HbA1c from plasma glucose averaged over the red cells' lifetime (ADAG: Nathan et "
     "al. 2008)"),
    ("glucose_2h", "mmol/L", "plasma glucose 2 h after that day's breakfast began (the live stand-in for an "
     "oral glucose tolerance test's 2-hour value; --experiment ogtt runs the test itself)"),
)
OUTPUT_NAMES: tuple[str, ...] = tuple(name for name, _, _ in OUTPUTS)
OUTPUT_INDEX: dict[str, int] = {name: i for i, name in enumerate(OUTPUT_NAMES)}
OUTPUT_UNITS: dict[str, str] = {name: unit for name, unit, _ in OUTPUTS}
