"""The model's one definition, by name: every equation written as SBML math, one string per rule.

States keep their names from `model/state.py`, parameters theirs from `model/parameters.toml` (values,
units and sources are read from there by `model/sbml.py`); exposures are `exposure_<toggle>` and the
switches that drive them `switch_<toggle>`. Every intermediate is a named assignment rule. The outputs of
`model/outputs.py` are here too: `OUTPUT_RULES` (glucose uptake, the in-silico clamp, HOMA-IR, day) and
`OUTPUT_SOURCES`, the definition's name for each output column. HOMA-IR reads `fasting_glucose` and
`fasting_insulin`, which a daily event (`DAILY_EVENTS`) sets at `fasting_hour`; another records
`glucose_2h` two hours after breakfast begins.

`model/sbml.py` builds this into an SBML document (for export), `model/simulation.py` compiles the same
document with libroadrunner and runs it, and `model/equation_table.py` (`python -m
model.equation_table --write`) writes the equation table of `model/README.md` from it
(tests/test_model_readme.py fails when that table is stale).

The strings use libsbml's infix syntax (`parseL3Formula`); terms used more than once (an uptake, the
hepatic output, a steady state) are written once as a Python template function below, so the live
model and the clamp read the same text.
"""

from __future__ import annotations

from .outputs import OUTPUT_NAMES
from .toggles import TOGGLES

MINUTES_PER_DAY = "1440"
MINUTES_PER_HOUR = "60"

# Helper functions (SBML function definitions): argument names, then the body.
FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "max0": (("x",), "piecewise(x, x > 0, 0)"),
    "min2": (("a", "b"), "piecewise(a, a < b, b)"),
    "clip": (("x", "lo", "hi"), "piecewise(lo, x < lo, hi, x > hi, x)"),
    "hill3": (("s", "half"), "piecewise(s^3 / (s^3 + half^3), s > 0, 0)"),
    "fold": (("x", "ceiling"), "piecewise(ceiling * x / (ceiling - 1 + x), x > 0, 0)"),
    # Saturations and the IRS-1 steady-state shares. libroadrunner inlines an assignment rule at
    # every use but evaluates a function's arguments once, so the clamp's chain of steady states
    # passes each link through an argument: its compiled size stays linear in the chain's length.
    "sat": (("x", "k"), "x / (x + k)"),
    "hill": (("x", "n", "k"), "piecewise(x^n / (x^n + k^n), x > 0, 0)"),
    "irs1_free_share": (("p", "s", "d"), "1 / (1 + p + s * (1 + p) / d)"),
    "irs1_ptyr_share": (("p", "s", "d"), "p / (1 + p + s * (1 + p) / d)"),
    "irs1_pser_share": (("p", "s", "d"), "s * (1 + p) / d / (1 + p + s * (1 + p) / d)"),
}

# Constants derived from parameters (SBML assignment rules, so they follow a changed parameter).
_NLRP3_ACTIVE_PER_PRIMED = "nlrp3_activate_rate / (nlrp3_deactivate_rate + nlrp3_unprime_rate)"
_NLRP3_IDLE_PER_PRIMED = (f"nlrp3_unprime_rate * (1 + {_NLRP3_ACTIVE_PER_PRIMED}) "
                          "/ nlrp3_prime_rate")
_NLRP3_TOTAL = f"({_NLRP3_IDLE_PER_PRIMED} + 1 + {_NLRP3_ACTIVE_PER_PRIMED})"
DERIVED_CONSTANTS: dict[str, str] = {
    "kinase_healthy": "1 / (1 + kinase_half_signal^3)",
    "nlrp3_active_healthy": f"{_NLRP3_ACTIVE_PER_PRIMED} / {_NLRP3_TOTAL}",
    "nlrp3_pool_healthy": f"(1 + {_NLRP3_ACTIVE_PER_PRIMED}) / {_NLRP3_TOTAL}",
    "meal_scale": "1000 / body_weight * 2 / meal_duration",
    # Internalised over active-at-the-surface receptors at steady state.
    "receptor_inside_ratio": "receptor_internalise / receptor_recycle",
    # The daily readings' minutes after midnight (DAILY_EVENTS).
    "fasting_minute": "fasting_hour * 60",
    "after_breakfast_minute": "breakfast_hour * 60 + 120",
}


def _x(toggle: str) -> str:
    return f"exposure_{toggle}"


HFD, INFL, DAG_X, CER_X = (_x("high_fat_diet"), _x("inflammation"), _x("dag_accumulation"),
                           _x("ceramide_accumulation"))
ER, MITO, LOWT, MENO = (_x("er_stress"), _x("mitochondrial_dysfunction"), _x("low_testosterone"),
                        _x("menopause"))
HRT = _x("hormone_therapy")
TRT, TESA, SERM, IPA = (_x("trt"), _x("tesamorelin"), _x("sermorelin"), _x("ipamorelin_cjc1295"))
GH, LIFE, KO = _x("growth_hormone"), _x("lifestyle"), _x("nlrp3_knockout")


# The daily meals, in the order of the day: (the parameter of its hour, of its carbohydrate).
MEALS = (("breakfast_hour", "breakfast_carbs"), ("lunch_hour", "lunch_carbs"),
         ("dinner_hour", "dinner_carbs"))


def _meal_rate() -> str:
    """Carbohydrate eaten (mg/kg/min): a sin² pulse per meal, repeating every day."""
    pieces = []
    for hour, carbs in MEALS:
        since = f"(minute_of_day - {hour} * 60)"
        pieces.append(f"{carbs} * meal_scale * sin(pi * {since} / meal_duration)^2, "
                      f"{since} >= 0 && {since} <= meal_duration")
    return "piecewise(" + ", ".join(pieces) + ", 0)"


def _last_meal_carbs() -> str:
    """Carbohydrate (g) of the last meal begun: before breakfast, last night's dinner."""
    pieces = [f"{carbs}, minute_of_day >= {hour} * 60" for hour, carbs in reversed(MEALS)]
    return "piecewise(" + ", ".join(pieces) + f", {MEALS[-1][1]})"


# Terms used by the live model and by the clamp: one text each, filled in with their arguments.
def receptor_drive_of(insulin: str) -> str:
    return f"hill({insulin}, receptor_hill, receptor_half_insulin)"


def brain_uptake_of(glucose: str) -> str:
    return (f"brain_uptake * max0({glucose}) / (brain_km + max0({glucose})) "
            "* (brain_km + glucose_basal) / glucose_basal")


def glut1_uptake_of(glucose: str) -> str:
    return f"glut1_vmax * max0({glucose}) / (glut1_km + max0({glucose}))"


def glut4_uptake_of(surface: str, glucose: str) -> str:
    return (f"glut4_vmax * muscle * expression_glut4 * ({surface}) * max0({glucose}) "
            f"/ (glut4_km + max0({glucose}))")


def ffa_target_of(insulin: str) -> str:
    """Plasma FFA that lipolysis would settle at for this insulin level."""
    return f"ffa_supply * (ffa_insulin_half + insulin_basal) / (ffa_insulin_half + max0({insulin}))"


def hepatic_output_of(akt: str, glucose: str, ffa: str) -> str:
    """Endogenous glucose production: suppressed by hepatic Akt, raised by FFA and growth hormone,
    lowered by glucose itself (autoregulation)."""
    return (f"max0(egp_max * (1 - egp_insulin_suppression * sat({akt}, egp_akt_half)) "
            f"* (1 + egp_glucose_effect) / (egp_glucose_effect + max0({glucose}) / glucose_basal) "
            f"* max0(1 + egp_ffa_effect * (({ffa}) / ffa_daily_mean - 1)) "
            f"* (1 + gh_egp * gh_antagonism))")


def glut4_surface_steady_of(as160: str, exercise: str) -> str:
    return (f"sat(glut4_exo_basal + glut4_exo_insulin * ({as160}) + glut4_exo_exercise * ({exercise}), "
            "glut4_endo)")


# Assignment rules: the named intermediates, each used by the rates, the clamp or the outputs.
ASSIGNMENTS: dict[str, str] = {
    # Environment: what the slow state and the exposures set for the fast block.
    # Testosterone relative to the subject's healthy level; above it (TRT's peaks) nothing improves
    # further (a teaching assumption: the trials restore testosterone to mid-normal, not beyond).
    "t_rel": "clip(testosterone / testosterone_healthy, 0, 1)",
    "gh_pulsatile": f"gh_tesamorelin * {TESA} + gh_sermorelin * {SERM} + gh_ipamorelin * {IPA}",
    "gh_body": f"min2(gh_pulsatile + gh_direct_body * {GH}, 2)",
    "gh_antagonism": f"min2(gh_pulsatile_antagonism * gh_pulsatile + {GH}, 1.5)",
    "expression_receptor": "(1 + androgen_expression * (t_rel - 1)) "
                           "* (1 - oestrogen_expression * (1 - oestrogen))",
    "expression_glut4": f"expression_receptor * (1 + lifestyle_glut4 * {LIFE})",
    "muscle": "lean_mass / lean_mass_healthy",
    "serine_rate": "irs1_ser_basal + irs1_ser_jnk * jnk_active + irs1_ser_ikkb * ikkb_active "
                   "+ irs1_ser_pkc * pkc_active",
    "fat_supply": "ffa_vat_share * visceral_fat / visceral_fat_healthy "
                  "+ (1 - ffa_vat_share) * subcutaneous_fat / subcutaneous_fat_healthy",
    "ffa_supply": f"ffa_fasting * fat_supply * (1 + hfd_ffa * {HFD}) "
                  f"* (1 + gh_lipolysis * gh_antagonism) * (1 - lifestyle_ffa * {LIFE}) "
                  f"* (1 - trt_ffa * {TRT})",
    # Relative signals, bounded by the feedback ceiling.
    "tnf_rel": "fold(tnf_alpha / tnf_healthy, feedback_ceiling)",
    "il6_rel": "fold(il6 / il6_healthy, feedback_ceiling)",
    # IL-1 signalling through IL-1R1, which IL-1 blockade (anakinra) occupies.
    "il1b_rel": f"fold(il1b / il1b_healthy * (1 - il1_block * {_x('il1_blockade')}), feedback_ceiling)",
    "ffa_rel": "ffa / ffa_daily_mean",
    "tlr4_rel": f"ffa_rel * (1 + hfd_saturated * {HFD})",
    "upr_rel": "upr / kinase_healthy",
    # Fast cellular block.
    "receptor_drive": receptor_drive_of("insulin_remote"),
    "irs1_tyr_flux": "irs1_tyr_rate * receptor_active * irs1_free / (1 + irs1_s6k_brake * s6k_active)",
    "irs1_ptyr_rate": "irs1_tyr_flux - irs1_tyr_dephos * irs1_ptyr - serine_rate * irs1_ptyr",
    "irs1_pser_rate": "serine_rate * (irs1_free + irs1_ptyr) - irs1_ser_dephos * irs1_pser",
    "gh_block": "1 - gh_pi3k_block * min2(gh_antagonism, 1)",
    "k_exo": f"glut4_exo_basal + glut4_exo_insulin * as160_phos + glut4_exo_exercise * {LIFE}",
    "glut4_flux": "k_exo * glut4_internal - glut4_endo * glut4_surface",
    # Stress kinases.
    "s_jnk": "jnk_w_tnf * tnf_rel + jnk_w_il6 * il6_rel + jnk_w_il1b * il1b_rel "
             "+ jnk_w_upr * upr_rel + jnk_w_ros * ros + jnk_w_ffa * ffa_rel",
    "s_ikk": "ikkb_w_tnf * tnf_rel + ikkb_w_il1b * il1b_rel + ikkb_w_upr * upr_rel "
             "+ ikkb_w_tlr4 * tlr4_rel + ikkb_w_ros * ros",
    # Plasma glucose and insulin.
    "minute_of_day": f"time - {MINUTES_PER_DAY} * floor(time / {MINUTES_PER_DAY})",
    "meal_rate": _meal_rate(),
    # Gastric emptying slows while most of a meal is in the stomach and speeds up again as it empties
    # (Dalla Man et al. 2007): the shape is scaled by the meal's dose, the last meal begun or an
    # experiment's oral load.
    "meal_dose": "piecewise(oral_dose, oral_dose > 0, "
                 "piecewise(meal_factor, meal_factor > 0.01, 0.01) * 1000 / body_weight "
                 f"* {_last_meal_carbs()})",
    "gut_stomach_total": "gut_stomach + gut_stomach_liquid",
    "gastric_emptying": "gastric_k_min + (gastric_k_max - gastric_k_min) / 2 "
                        "* (tanh(2.5 / ((1 - gastric_b) * meal_dose) "
                        "* (gut_stomach_total - gastric_b * meal_dose)) "
                        "- tanh(2.5 / (gastric_c * meal_dose) * (gut_stomach_total - gastric_c * meal_dose)) "
                        "+ 2)",
    "glucose_appearance": "absorbed_fraction * k_absorb * gut_intestine",
    "uptake_brain": brain_uptake_of("glucose"),
    "uptake_glut1": glut1_uptake_of("glucose"),
    "uptake_glut4": glut4_uptake_of("glut4_surface", "glucose"),
    # Hepatocytes sit in fenestrated sinusoids and see plasma (portal) insulin at once, where muscle
    # and fat wait for the interstitial fluid: the liver's signalling is the fast block's steady
    # state at plasma insulin (liver_* rules, below), with the same kinases and phosphatase.
    "hepatic_glucose_output": hepatic_output_of("liver_akt_active", "glucose", "ffa"),
    "incretin": "1 + incretin_gain * glucose_appearance "
                "/ (glucose_appearance + incretin_half_absorption)",
    # First phase: insulin released as fast as glucose rises (Dalla Man et al. 2007); the sustained
    # second phase (the state `secretion`) follows secretion_target.
    "glucose_rise": "glucose_balance / (glucose_volume * 18)",
    "insulin_secretion": "secretion + beta_cell_mass * secretion_rate_gain * max0(glucose_rise)",
    "secretion_target": "beta_cell_mass * secretion_max * incretin * max0(glucose)^secretion_hill "
                         "/ (max0(glucose)^secretion_hill "
                         "+ secretion_half_glucose^secretion_hill)",
    # Lipids, ER stress, mitochondria.
    "ffa_target": ffa_target_of("insulin"),
    "dag_target": f"acyl_coa * (1 + dag_excess * {DAG_X}) * (1 - lifestyle_dag * {LIFE})",
    "ceramide_target": f"sqrt(max0(ffa_rel)) * (1 + hfd_ceramide * {HFD}) "
                       f"* (1 + ceramide_tnf * (tnf_rel - 1)) * (1 + ceramide_excess * {CER_X})",
    "s_upr": f"(upr_w_ffa * ffa_rel + 1 - upr_w_ffa) "
             f"* (1 + er_stress_excess * {ER} + hfd_upr * {HFD})",
    "ros_target": f"(1 + mito_ros_excess * {MITO} + ros_nutrient * max0(ffa_rel - 1) "
                  f"+ hfd_ros * {HFD}) * (1 - lifestyle_ros * {LIFE})",
    # NLRP3: signal 1 primes, signal 2 assembles; the knockout removes the protein.
    "nlrp3_prime_signal": f"(1 - {KO}) * (prime_w_tlr4 * tlr4_rel + prime_w_tnf * tnf_rel "
                          "+ (1 - prime_w_tlr4 - prime_w_tnf) * il1b_rel)",
    "nlrp3_activate_signal": f"(1 - {KO}) * (activate_w_ceramide * ceramide + activate_w_ros * ros "
                             f"+ (1 - activate_w_ceramide - activate_w_ros) + mito_mtdna * {MITO})",
    "nlrp3_priming": "nlrp3_prime_rate * nlrp3_prime_signal * nlrp3_idle",
    "nlrp3_assembly": "nlrp3_activate_rate * nlrp3_activate_signal * nlrp3_primed",
    # Cytokines and adipose inflammation.
    "nfkb": "1 + nfkb_cytokine * (ikkb_active / kinase_healthy - 1)",
    "cytokine_minutes": f"cytokine_tau * {MINUTES_PER_HOUR}",
    "inflammasome": "fold(nlrp3_active / nlrp3_active_healthy * (nlrp3_primed + nlrp3_active) "
                    "/ nlrp3_pool_healthy, inflammasome_ceiling)",
    "inflammation_target": f"(visceral_fat / visceral_fat_healthy)^inflammation_vat_power "
                           f"* (1 + inflammation_il1b * (il1b_rel - 1)) "
                           f"* (1 + androgen_inflammation * (1 - t_rel) * 0.5) "
                           f"* (1 - lifestyle_inflammation * {LIFE})",
    # Body composition and hormones.
    # Androgens act on subcutaneous fat and lean mass more than on visceral fat (Dhindsa et al. 2016).
    "androgen_fat_factor": "1 + androgen_fat * (1 - t_rel)",
    "androgen_visceral_factor": "1 + androgen_visceral * (1 - t_rel)",
    "oestrogen_fat_factor": "1 + oestrogen_fat * (1 - oestrogen)",
    "visceral_target": f"visceral_fat_healthy * (1 + hfd_visceral * {HFD}) * androgen_visceral_factor "
                       f"* oestrogen_fat_factor * (1 - lifestyle_visceral * {LIFE}) "
                       f"* (1 - gh_visceral * gh_body)",
    "subcutaneous_target": f"subcutaneous_fat_healthy * (1 + hfd_subcutaneous * {HFD}) "
                           f"* androgen_fat_factor * sqrt(oestrogen_fat_factor) "
                           f"* (1 - lifestyle_subcutaneous * {LIFE}) "
                           f"* (1 - 0.5 * gh_visceral * gh_body)",
    "lean_target": f"lean_mass_healthy * (1 + androgen_lean * (t_rel - 1)) * (1 + gh_lean * gh_body) "
                   f"* (1 + lifestyle_lean * {LIFE}) * (1 - oestrogen_lean * (1 - oestrogen))",
    "testosterone_suppression": "1 + testosterone_suppression_fat "
                                "* max0(visceral_fat / visceral_fat_healthy - 1) "
                                "+ testosterone_suppression_inflammation "
                                "* max0(fold(adipose_inflammation, feedback_ceiling) - 1)",
    "testosterone_endogenous": f"testosterone_healthy * (1 - low_testosterone_depth * {LOWT}) "
                               "/ testosterone_suppression",
    "testosterone_target": f"testosterone_endogenous * (1 - trt_suppression * {TRT}) "
                           f"+ trt_level * {TRT}",
    "glucose_mg": "glucose * 18",
    # mg/kg/min: glucose entering plasma minus glucose leaving it (what a clamp's infusion makes up).
    "glucose_balance": "glucose_appearance + hepatic_glucose_output - uptake_brain - uptake_glut1 "
                       "- uptake_glut4 - glucose_to_tissues",
    # mg/kg/min from plasma into the tissue pool (Dalla Man et al. 2007's k1 and k2).
    "glucose_to_tissues": "glucose_to_tissue * glucose * 18 * glucose_volume "
                          "- glucose_from_tissue * glucose_tissue",
    "beta_death": "beta_death_basal * beta_death_calibration * (1 + beta_strain_il1b "
                  "* max0(il1b_rel - 1) + beta_strain_ffa * max0(ffa_rel - 1))",
}

# Constants of the definition that are not physiology parameters (so not in parameters.toml):
# name -> (value, meaning). `fasting_*` are changed by the fasting event, the others by no one.
CONSTANTS: dict[str, tuple[float, str]] = {
    "clamp_insulin": (100.0, "µU/mL: the in-silico clamp's insulin plateau (DeFronzo et al. 1979)"),
    "clamp_glucose": (5.0, "mmol/L: the in-silico clamp's glucose (euglycaemia, 90 mg/dL)"),
    "hold_minutes": (0.05, "minutes: how fast a held insulin or glucose reaches the value held"),
    "fasting_lead": (1e-4, "minutes: the fasting event fires this long before fasting_hour, so a row "
                           "at exactly fasting_hour (or a run ending there) already has that day's values"),
}
# The experiments' levers (model/experiments.py). The live model keeps these values, which leave every
# equation as it would be without them; an experiment changes them during its own run only.
LEVERS: dict[str, tuple[float, str]] = {
    "hold_insulin": (0.0, "1 while an experiment holds plasma insulin at held_insulin (a clamp; an "
                          "insulin step on cells)"),
    "held_insulin": (0.0, "µU/mL: the plasma insulin an experiment holds"),
    "hold_glucose": (0.0, "1 while an experiment holds plasma glucose at held_glucose (a glucose "
                          "clamp); glucose_infusion is then the infusion that holds it"),
    "held_glucose": (5.0, "mmol/L: the plasma glucose an experiment holds"),
    "freeze_body": (0.0, "1 stands every state still except the cell's signalling, receptor to "
                         "GLUT4 (and a held insulin or glucose): cells studied with the body's state "
                         "as it was"),
    "ffa_infusion": (0.0, "mmol/L: added to the plasma fatty-acid level the body tends to (a lipid "
                          "and heparin infusion)"),
    "meal_factor": (1.0, "multiplies the daily meals (0: fasting, as before a glucose test)"),
    "oral_dose": (0.0, "mg/kg: an oral glucose load an experiment puts in the stomach; it sets the "
                       "pace of gastric emptying instead of the last meal (0: the daily meals)"),
}
# States an experiment's freeze_body leaves moving: the cell's insulin signalling.
SIGNALLING_STATES = ("receptor_active", "receptor_internal", "irs1_free", "irs1_ptyr", "irs1_pser",
                     "pi3k_active", "akt_active", "s6k_active", "as160_phos", "glut4_internal",
                     "glut4_surface")
HOLD = "(1 - freeze_body)"
VARIABLES: dict[str, tuple[float, str]] = {
    "fasting_glucose": (5.0, "mmol/L: plasma glucose at the last fasting time (HOMA-IR)"),
    "fasting_insulin": (5.0, "µU/mL: plasma insulin at the last fasting time (HOMA-IR)"),
    "glucose_2h": (5.0, "mmol/L: plasma glucose 2 h after the last breakfast began"),
    "fasting_next": (6.5 * 60.0, "minutes: when the fasting event fires next"),
    "after_breakfast_next": (9.5 * 60.0, "minutes: when the 2-hour reading after breakfast is due next"),
}
# The readings the daily events take (the model's memory of the day), in the order Simulation keeps them.
READINGS = ("fasting_glucose", "fasting_insulin", "glucose_2h")
# Each day at a fixed time: record some readings and wait for the next day. id -> (name, the variable
# holding the next time, the minute of the day it fires at, the readings it takes).
DAILY_EVENTS: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "fasting_values": ("fasting glucose and insulin, each day at fasting_hour (HOMA-IR)", "fasting_next",
                       "fasting_minute", {"fasting_glucose": "glucose", "fasting_insulin": "insulin"}),
    "after_breakfast": ("plasma glucose 2 h after breakfast began, each day (the live stand-in for an "
                        "oral glucose tolerance test's 2-hour value)", "after_breakfast_next",
                        "after_breakfast_minute", {"glucose_2h": "glucose"}),
}


def daily_trigger(next_variable: str) -> str:
    """Fires when the clock reaches the event's time (fasting_lead early, see CONSTANTS)."""
    return f"time >= {next_variable} - fasting_lead"


def daily_assignments(next_variable: str, readings: dict[str, str]) -> dict[str, str]:
    return {**readings, next_variable: f"{next_variable} + {MINUTES_PER_DAY}"}


def signalling_steady_state(prefix: str, insulin: str) -> dict[str, str]:
    """The fast block's closed-form steady state, receptor to AS160, at this insulin with today's
    kinases, phosphatase, expression and exposures: rules named `<prefix>_<state>`."""
    return {
        # Active receptors are internalised and recycle inactive: of the receptors, the share at the
        # surface and active is sat(x, (off + int) / (1 + q)) / (1 + q), with q = int / recycle.
        f"{prefix}_receptor_active": f"sat(receptor_on * {receptor_drive_of(insulin)} * expression_receptor, "
                                     "(receptor_off + receptor_internalise) / (1 + receptor_inside_ratio)) "
                                     "/ (1 + receptor_inside_ratio)",
        f"{prefix}_receptor_internal": f"receptor_inside_ratio * {prefix}_receptor_active",
        # S6K's brake on IRS-1 makes the steady state implicit: one fixed-point step, from the Akt the
        # chain gives without the brake (tests/test_physiology.py checks it against a long simulated step).
        **_irs1_to_akt(f"{prefix}_open", f"{prefix}_receptor_active", "0"),
        f"{prefix}_s6k_active": f"sat(s6k_on * {prefix}_open_akt_active, s6k_off)",
        **_irs1_to_akt(prefix, f"{prefix}_receptor_active", f"{prefix}_s6k_active"),
        f"{prefix}_as160_phos": f"sat(as160_on * {prefix}_akt_active, as160_off)",
    }


def _irs1_to_akt(prefix: str, receptor: str, s6k: str) -> dict[str, str]:
    """Steady IRS-1, PI3K and Akt for this active receptor share and S6K: rules `<prefix>_<state>`."""
    return {
        # free*ty = (dephos + ks)*ptyr ; ks*(free + ptyr) = ser_dephos*pser ; sum = 1
        f"{prefix}_ptyr_per_free": f"irs1_tyr_rate * {receptor} / (1 + irs1_s6k_brake * {s6k}) "
                                   "/ (irs1_tyr_dephos + serine_rate)",
        f"{prefix}_irs1_free": f"irs1_free_share({prefix}_ptyr_per_free, serine_rate, irs1_ser_dephos)",
        f"{prefix}_irs1_ptyr": f"irs1_ptyr_share({prefix}_ptyr_per_free, serine_rate, irs1_ser_dephos)",
        f"{prefix}_irs1_pser": f"irs1_pser_share({prefix}_ptyr_per_free, serine_rate, irs1_ser_dephos)",
        f"{prefix}_pi3k_active": f"sat(pi3k_on * {prefix}_irs1_ptyr^2 * gh_block, pi3k_off)",
        f"{prefix}_akt_active": f"sat(akt_on * {prefix}_pi3k_active, akt_off + pp2a_on_akt * pp2a_active)",
    }


ASSIGNMENTS.update(signalling_steady_state("liver", "insulin"))

# The in-silico hyperinsulinaemic-euglycaemic clamp: the fast block's closed-form steady state at
# insulin clamp_insulin with today's kinases, phosphatase, expression and exposures frozen, and the
# glucose infusion (M value, mg/kg/min) that holds glucose at clamp_glucose. `model/simulation.py` also
# reads this chain at other insulin levels (a dose-response probe) by changing clamp_insulin.
CLAMP_RULES: dict[str, str] = {
    **signalling_steady_state("clamp", "clamp_insulin"),
    # At rest (the probe) and with today's exercise (the clamp's disposal).
    "clamp_glut4_surface": glut4_surface_steady_of("clamp_as160_phos", "0"),
    "clamp_glut4_surface_exercise": glut4_surface_steady_of("clamp_as160_phos", LIFE),
    "clamp_disposal": brain_uptake_of("clamp_glucose") + " + " + glut1_uptake_of("clamp_glucose")
                      + " + " + glut4_uptake_of("clamp_glut4_surface_exercise", "clamp_glucose"),
    "clamp_ffa": ffa_target_of("clamp_insulin"),
    "clamp_hepatic_output": hepatic_output_of("clamp_akt_active", "clamp_glucose", "clamp_ffa"),
}
# The fast states that `CLAMP_RULES` gives a steady state for: state -> rule.
CLAMP_STEADY_STATES: dict[str, str] = {
    name: f"clamp_{name}" for name in ("receptor_active", "receptor_internal", "irs1_free", "irs1_ptyr",
                                       "irs1_pser", "pi3k_active", "akt_active", "s6k_active",
                                       "as160_phos", "glut4_surface")}

# Output columns that are not a state or an assignment rule above.
OUTPUT_RULES: dict[str, str] = {
    "day": f"time / {MINUTES_PER_DAY}",
    "glucose_uptake": "uptake_glut1 + uptake_glut4",
    "insulin_sensitivity": "max0(clamp_disposal - clamp_hepatic_output)",
    "homa_ir": "fasting_glucose * fasting_insulin / 22.5",  # Matthews et al. (1985)
    # No piecewise here: CVODE would hunt the sign change of the balance, which crosses zero at
    # every meal in the live model; rows are cut at 0 anyway (Simulation._span).
    "glucose_infusion": "-hold_glucose * glucose_balance",
    # glucose_2h is the daily event's reading itself (VARIABLES).
    "hba1c": "(glucose_mean * 18 + hba1c_intercept) / hba1c_slope",  # ADAG (Nathan et al. 2008)
}
# Output columns whose state has another name; every other column has its own name here.
_RENAMED = {"plasma_glucose": "glucose", "plasma_insulin": "insulin", "er_stress": "upr",
            "mito_ros": "ros"}
OUTPUT_SOURCES: dict[str, str] = {name: _RENAMED.get(name, name) for name in OUTPUT_NAMES}

_DAY = MINUTES_PER_DAY
_HOUR = MINUTES_PER_HOUR

# d(state)/dt, minutes; one entry per state of `model/state.py` (core states only).
RATES: dict[str, str] = {
    # Receptors at the surface bind insulin and autophosphorylate; active ones are internalised
    # (Brännmark et al. 2010) and come back dephosphorylated.
    "receptor_active": "receptor_on * receptor_drive * expression_receptor "
                       "* (1 - receptor_active - receptor_internal) "
                       "- (receptor_off + receptor_internalise) * receptor_active",
    "receptor_internal": "receptor_internalise * receptor_active - receptor_recycle * receptor_internal",
    "irs1_free": "-irs1_ptyr_rate - irs1_pser_rate",
    "irs1_ptyr": "irs1_ptyr_rate",
    "irs1_pser": "irs1_pser_rate",
    "pi3k_active": "pi3k_on * irs1_ptyr * irs1_ptyr * (1 - pi3k_active) * gh_block "
                   "- pi3k_off * pi3k_active",
    "akt_active": "akt_on * pi3k_active * (1 - akt_active) "
                  "- (akt_off + pp2a_on_akt * pp2a_active) * akt_active",
    # mTORC1/S6K1 follows Akt and brakes IRS-1's tyrosine phosphorylation (Brännmark et al. 2013).
    "s6k_active": "s6k_on * akt_active * (1 - s6k_active) - s6k_off * s6k_active",
    "as160_phos": "as160_on * akt_active * (1 - as160_phos) - as160_off * as160_phos",
    "glut4_internal": "-glut4_flux",
    "glut4_surface": "glut4_flux",
    "jnk_active": "(hill3(s_jnk, kinase_half_signal) - jnk_active) / kinase_tau",
    "ikkb_active": "(hill3(s_ikk, kinase_half_signal) - ikkb_active) / kinase_tau",
    "pkc_active": "(hill3(dag, kinase_half_signal) - pkc_active) / kinase_tau",
    "pp2a_active": "(hill3(ceramide, kinase_half_signal) - pp2a_active) / kinase_tau",
    # A held glucose or insulin goes to the value held even in a frozen body (HOLD).
    "glucose": f"{HOLD} * (1 - hold_glucose) * glucose_balance / (glucose_volume * 18) "
               "+ hold_glucose * (held_glucose - glucose) / hold_minutes",
    "glucose_tissue": "glucose_to_tissues",
    "insulin": f"{HOLD} * (1 - hold_insulin) * (insulin_secretion - insulin_clearance * insulin) "
               "+ hold_insulin * (held_insulin - insulin) / hold_minutes",
    "secretion": "secretion_follow_rate * (secretion_target - secretion)",
    # Cells in a dish (freeze_body) see the medium's insulin at once; in the body it reaches them
    # through the interstitial fluid.
    "insulin_remote": "piecewise((insulin - insulin_remote) / hold_minutes, freeze_body > 0, "
                      "insulin_action_rate * (insulin - insulin_remote))",
    "gut_stomach": "meal_factor * meal_rate - gastric_grinding * gut_stomach",
    "gut_stomach_liquid": "gastric_grinding * gut_stomach - gastric_emptying * gut_stomach_liquid",
    "gut_intestine": "gastric_emptying * gut_stomach_liquid - k_absorb * gut_intestine",
    "ffa": "(ffa_target + ffa_infusion - ffa) / ffa_tau",
    # Fatty acids taken up by muscle become acyl-CoA first, then DAG: two steps, so a lipid infusion
    # leaves insulin's action normal for the first two hours (Itani et al. 2002).
    "acyl_coa": f"(ffa_rel - acyl_coa) / (acyl_coa_tau * {_HOUR})",
    "dag": f"(dag_target - dag) / (dag_tau * {_DAY})",
    "ceramide": f"(ceramide_target - ceramide) / (ceramide_tau * {_DAY})",
    "upr": f"(hill3(s_upr, kinase_half_signal) - upr) / (upr_tau * {_HOUR})",
    "ros": f"(ros_target - ros) / (ros_tau * {_HOUR})",
    "nlrp3_idle": "-nlrp3_priming + nlrp3_unprime_rate * (nlrp3_primed + nlrp3_active)",
    "nlrp3_primed": "nlrp3_priming - nlrp3_unprime_rate * nlrp3_primed - nlrp3_assembly "
                    "+ nlrp3_deactivate_rate * nlrp3_active",
    "nlrp3_active": "nlrp3_assembly - nlrp3_deactivate_rate * nlrp3_active "
                    "- nlrp3_unprime_rate * nlrp3_active",
    "tnf_alpha": f"(tnf_healthy * adipose_inflammation * nfkb * (1 + inflammation_adipose * {INFL}) "
                 "- tnf_alpha) / cytokine_minutes",
    "il6": f"(il6_healthy * adipose_inflammation^0.5 "
           f"* (visceral_fat / visceral_fat_healthy)^il6_visceral_power * nfkb "
           f"* (1 + inflammation_il6 * {INFL}) - il6) / cytokine_minutes",
    "il1b": "(il1b_healthy * (il1b_non_nlrp3 + (1 - il1b_non_nlrp3) * inflammasome) - il1b) "
            "/ cytokine_minutes",
    "il18": "(il18_healthy * (il18_non_nlrp3 + (1 - il18_non_nlrp3) "
            "* fold(nlrp3_active / nlrp3_active_healthy, inflammasome_ceiling)) - il18) "
            "/ cytokine_minutes",
    "adipose_inflammation": f"(inflammation_target - adipose_inflammation) "
                            f"/ (inflammation_tau * {_DAY})",
    "visceral_fat": f"(visceral_target - visceral_fat) / (fat_tau * {_DAY})",
    "subcutaneous_fat": f"(subcutaneous_target - subcutaneous_fat) / (subcutaneous_tau * {_DAY})",
    "lean_mass": f"(lean_target - lean_mass) / (lean_tau * {_DAY})",
    "testosterone": f"(testosterone_target - testosterone) / (testosterone_tau * {_DAY})",
    "oestrogen": f"((1 - menopause_depth * {MENO} * (1 - hrt_restore * {HRT})) - oestrogen) "
                 f"/ (oestrogen_tau * {_DAY})",
    "beta_cell_mass": f"beta_cell_mass * (-beta_death + beta_growth_r1 * glucose_mg "
                      f"- beta_growth_r2 * glucose_mg^2) / {_DAY}",
    "glucose_mean": f"(glucose - glucose_mean) / (hba1c_tau * {_DAY})",
}

# Each exposure follows its switch, rising with the onset and fading with the offset time constant.
for _t in TOGGLES:
    RATES[_x(_t.id)] = (f"(switch_{_t.id} - {_x(_t.id)}) / piecewise(onset_days_{_t.id} * {_DAY}, "
                        f"switch_{_t.id} > {_x(_t.id)}, offset_days_{_t.id} * {_DAY})")

# An experiment's freeze_body stands every other state but the signalling block still.
for _name in list(RATES):
    if _name not in SIGNALLING_STATES and _name not in ("glucose", "insulin", "insulin_remote"):
        RATES[_name] = f"{HOLD} * ({RATES[_name]})"
