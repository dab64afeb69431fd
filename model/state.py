"""Names and positions of the model's state variables.

The state is one flat vector so that a stiff solver can advance fast signalling (minutes) and slow
body composition (months) together. Pools that are conserved (IRS-1, GLUT4, NLRP3) keep every one
of their forms in the vector, so conservation can be checked rather than assumed.
"""

from __future__ import annotations

from .toggles import TOGGLE_IDS

# (name, unit, meaning)
CORE_STATES: tuple[tuple[str, str, str], ...] = (
    ("receptor_active", "fraction", "insulin receptors autophosphorylated"),
    ("receptor_internal", "fraction", "insulin receptors internalised after activation, on their way back"),
    ("irs1_free", "fraction", "IRS-1 neither tyrosine- nor serine-phosphorylated"),
    ("irs1_ptyr", "fraction", "IRS-1 tyrosine-phosphorylated (signalling)"),
    ("irs1_pser", "fraction", "IRS-1 serine-phosphorylated (blocked)"),
    ("pi3k_active", "fraction", "PI3K bound to IRS-1 and active"),
    ("akt_active", "fraction", "Akt phosphorylated (Thr308/Ser473)"),
    ("s6k_active", "fraction", "mTORC1/S6K1 active (its feedback brakes IRS-1)"),
    ("as160_phos", "fraction", "AS160 phosphorylated by Akt (its brake released)"),
    ("glut4_internal", "fraction", "GLUT4 in intracellular storage vesicles"),
    ("glut4_surface", "fraction", "GLUT4 in the plasma membrane"),
    ("jnk_active", "fraction", "JNK active"),
    ("ikkb_active", "fraction", "IKKβ active"),
    ("pkc_active", "fraction", "novel PKC (θ, ε) active"),
    ("pp2a_active", "fraction", "PP2A active"),
    ("glucose", "mmol/L", "plasma glucose"),
    ("glucose_tissue", "mg/kg", "glucose in the tissues' slowly equilibrating pool"),
    ("insulin", "µU/mL", "plasma insulin"),
    ("secretion", "µU/mL/min", "insulin secretion into plasma, which follows glucose with a delay"),
    ("insulin_remote", "µU/mL", "interstitial insulin, which the cells and the liver see"),
    ("gut_stomach", "mg/kg", "carbohydrate in the stomach, solid phase (meals arrive here)"),
    ("gut_stomach_liquid", "mg/kg", "carbohydrate in the stomach, ground to the liquid phase that empties"),
    ("gut_intestine", "mg/kg", "carbohydrate in the small intestine"),
    ("ffa", "mmol/L", "plasma free fatty acids"),
    ("acyl_coa", "relative", "muscle long-chain fatty acyl-CoA, fatty acids taken up on their way to DAG"),
    ("dag", "relative", "muscle/liver diacylglycerol"),
    ("ceramide", "relative", "tissue ceramides"),
    ("upr", "fraction", "UPR sensors (PERK, IRE1α) active"),
    ("ros", "relative", "mitochondrial ROS and oxidised mtDNA"),
    ("nlrp3_idle", "fraction", "NLRP3 pool not primed"),
    ("nlrp3_primed", "fraction", "NLRP3 primed (signal 1) but not assembled"),
    ("nlrp3_active", "fraction", "NLRP3 inflammasome assembled and active"),
    ("tnf_alpha", "pg/mL", "plasma TNF-α"),
    ("il6", "pg/mL", "plasma IL-6"),
    ("il1b", "pg/mL", "plasma IL-1β"),
    ("il18", "pg/mL", "plasma IL-18"),
    ("adipose_inflammation", "relative", "adipose tissue macrophage inflammation"),
    ("visceral_fat", "kg", "visceral adipose tissue"),
    ("subcutaneous_fat", "kg", "subcutaneous adipose tissue"),
    ("lean_mass", "kg", "lean (mostly muscle) mass"),
    ("testosterone", "ng/dL", "serum total testosterone"),
    ("oestrogen", "relative", "oestrogen and progesterone action"),
    ("beta_cell_mass", "relative", "functional β-cell mass"),
    ("glucose_mean", "mmol/L", "plasma glucose averaged over the red cells' lifetime (HbA1c)"),
)

STATE_NAMES: tuple[str, ...] = tuple(n for n, _, _ in CORE_STATES) + tuple(
    f"exposure_{t}" for t in TOGGLE_IDS
)
IDX: dict[str, int] = {name: i for i, name in enumerate(STATE_NAMES)}
N_CORE = len(CORE_STATES)
N_STATES = len(STATE_NAMES)

CONSERVED_POOLS: dict[str, tuple[str, ...]] = {
    "irs1": ("irs1_free", "irs1_ptyr", "irs1_pser"),
    "glut4": ("glut4_internal", "glut4_surface"),
    "nlrp3": ("nlrp3_idle", "nlrp3_primed", "nlrp3_active"),
}
