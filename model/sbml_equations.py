"""The model's equations written as SBML math, one string per rule.

`model/equations.py` is the model the app runs; this module states the same equations in SBML's
infix syntax (libsbml's `parseL3Formula`) so `model/sbml.py` can export them. The two are kept in step
by `tests/test_sbml.py`, which compares every derivative at random states and whole trajectories
simulated by libroadrunner against the app's own solver.

Names: states keep their names from `model/state.py`; parameters keep their names from
`model/parameters.toml`; exposures are `exposure_<toggle>` and the switches that drive them
`switch_<toggle>`. Every intermediate below is an assignment rule with the name of the term in
`model/equations.py` (renamed where a parameter already has that name).
"""

from __future__ import annotations

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
}

# Constants derived from parameters once, at the start (SBML initial assignments).
_NLRP3_ACTIVE_PER_PRIMED = "nlrp3_activate_rate / (nlrp3_deactivate_rate + nlrp3_unprime_rate)"
_NLRP3_IDLE_PER_PRIMED = (f"nlrp3_unprime_rate * (1 + {_NLRP3_ACTIVE_PER_PRIMED}) "
                          "/ nlrp3_prime_rate")
_NLRP3_TOTAL = f"({_NLRP3_IDLE_PER_PRIMED} + 1 + {_NLRP3_ACTIVE_PER_PRIMED})"
DERIVED_CONSTANTS: dict[str, str] = {
    "kinase_healthy": "1 / (1 + kinase_half_signal^3)",
    "nlrp3_active_healthy": f"{_NLRP3_ACTIVE_PER_PRIMED} / {_NLRP3_TOTAL}",
    "nlrp3_pool_healthy": f"(1 + {_NLRP3_ACTIVE_PER_PRIMED}) / {_NLRP3_TOTAL}",
    "meal_scale": "1000 / body_weight * 2 / meal_duration",
}


def _x(toggle: str) -> str:
    return f"exposure_{toggle}"


HFD, INFL, DAG_X, CER_X = (_x("high_fat_diet"), _x("inflammation"), _x("dag_accumulation"),
                           _x("ceramide_accumulation"))
ER, MITO, LOWT, MENO = (_x("er_stress"), _x("mitochondrial_dysfunction"), _x("low_testosterone"),
                        _x("menopause"))
TRT, TESA, SERM, IPA = (_x("trt"), _x("tesamorelin"), _x("sermorelin"), _x("ipamorelin_cjc1295"))
GH, LIFE, KO = _x("growth_hormone"), _x("lifestyle"), _x("nlrp3_knockout")


def _meal_rate() -> str:
    """Carbohydrate eaten (mg/kg/min): a sin² pulse per meal, repeating every day."""
    pieces = []
    for meal in ("breakfast", "lunch", "dinner"):
        since = f"(minute_of_day - {meal}_hour * 60)"
        pieces.append(f"{meal}_carbs * meal_scale * sin(pi * {since} / meal_duration)^2, "
                      f"{since} >= 0 && {since} <= meal_duration")
    return "piecewise(" + ", ".join(pieces) + ", 0)"


# Assignment rules, in the order of `model/equations.py`.
ASSIGNMENTS: dict[str, str] = {
    # Environment: what the slow state and the exposures set for the fast block.
    "t_rel": "clip(testosterone / testosterone_healthy, 0, 1.5)",
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
    "il1b_rel": "fold(il1b / il1b_healthy, feedback_ceiling)",
    "ffa_rel": "ffa / ffa_daily_mean",
    "tlr4_rel": f"ffa_rel * (1 + hfd_saturated * {HFD})",
    "upr_rel": "upr / kinase_healthy",
    # Fast cellular block.
    "receptor_drive": "max0(insulin)^receptor_hill "
                      "/ (max0(insulin)^receptor_hill + receptor_half_insulin^receptor_hill)",
    "irs1_tyr_flux": "irs1_tyr_rate * receptor_active * irs1_free",
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
    "glucose_appearance": "absorbed_fraction * k_absorb * gut_intestine",
    "uptake_brain": "brain_uptake * max0(glucose) / (brain_km + max0(glucose)) "
                    "* (brain_km + glucose_basal) / glucose_basal",
    "uptake_glut1": "glut1_vmax * max0(glucose) / (glut1_km + max0(glucose))",
    "uptake_glut4": "glut4_vmax * muscle * expression_glut4 * glut4_surface * max0(glucose) "
                    "/ (glut4_km + max0(glucose))",
    "egp_suppression": "egp_insulin_suppression * akt_active / (akt_active + egp_akt_half)",
    "egp_autoregulation": "(1 + egp_glucose_effect) "
                          "/ (egp_glucose_effect + max0(glucose) / glucose_basal)",
    "egp_lipid": "1 + egp_ffa_effect * (ffa / ffa_daily_mean - 1)",
    "hepatic_glucose_output": "max0(egp_max * (1 - egp_suppression) * egp_autoregulation "
                              "* max0(egp_lipid) * (1 + gh_egp * gh_antagonism))",
    "incretin": "1 + incretin_gain * glucose_appearance "
                "/ (glucose_appearance + incretin_half_absorption)",
    "insulin_secretion": "beta_cell_mass * secretion_max * incretin * max0(glucose)^secretion_hill "
                         "/ (max0(glucose)^secretion_hill "
                         "+ secretion_half_glucose^secretion_hill)",
    # Lipids, ER stress, mitochondria.
    "ffa_target": "ffa_supply * (ffa_insulin_half + insulin_basal) "
                  "/ (ffa_insulin_half + max0(insulin))",
    "dag_target": f"ffa_rel * (1 + dag_excess * {DAG_X}) * (1 - lifestyle_dag * {LIFE})",
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
    "androgen_fat_factor": "1 + androgen_fat * (1 - t_rel)",
    "oestrogen_fat_factor": "1 + oestrogen_fat * (1 - oestrogen)",
    "visceral_target": f"visceral_fat_healthy * (1 + hfd_visceral * {HFD}) * androgen_fat_factor "
                       f"* oestrogen_fat_factor * (1 - lifestyle_visceral * {LIFE}) "
                       f"* (1 - gh_visceral * gh_body)",
    "subcutaneous_target": f"subcutaneous_fat_healthy * (1 + hfd_subcutaneous * {HFD}) "
                           f"* sqrt(androgen_fat_factor * oestrogen_fat_factor) "
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
    "beta_death": "beta_death_basal * beta_death_calibration * (1 + beta_strain_il1b "
                  "* max0(il1b_rel - 1) + beta_strain_ffa * max0(ffa_rel - 1))",
}

_DAY = MINUTES_PER_DAY
_HOUR = MINUTES_PER_HOUR

# d(state)/dt, minutes; one entry per state of `model/state.py` (core states only).
RATES: dict[str, str] = {
    "receptor_active": "receptor_on * receptor_drive * expression_receptor * (1 - receptor_active) "
                       "- receptor_off * receptor_active",
    "irs1_free": "-irs1_ptyr_rate - irs1_pser_rate",
    "irs1_ptyr": "irs1_ptyr_rate",
    "irs1_pser": "irs1_pser_rate",
    "pi3k_active": "pi3k_on * irs1_ptyr * irs1_ptyr * (1 - pi3k_active) * gh_block "
                   "- pi3k_off * pi3k_active",
    "akt_active": "akt_on * pi3k_active * (1 - akt_active) "
                  "- (akt_off + pp2a_on_akt * pp2a_active) * akt_active",
    "as160_phos": "as160_on * akt_active * (1 - as160_phos) - as160_off * as160_phos",
    "glut4_internal": "-glut4_flux",
    "glut4_surface": "glut4_flux",
    "jnk_active": "(hill3(s_jnk, kinase_half_signal) - jnk_active) / kinase_tau",
    "ikkb_active": "(hill3(s_ikk, kinase_half_signal) - ikkb_active) / kinase_tau",
    "pkc_active": "(hill3(dag, kinase_half_signal) - pkc_active) / kinase_tau",
    "pp2a_active": "(hill3(ceramide, kinase_half_signal) - pp2a_active) / kinase_tau",
    "glucose": "(glucose_appearance + hepatic_glucose_output - uptake_brain - uptake_glut1 "
               "- uptake_glut4) / (glucose_volume * 18)",
    "insulin": "insulin_secretion - insulin_clearance * insulin",
    "gut_stomach": "meal_rate - k_empty * gut_stomach",
    "gut_intestine": "k_empty * gut_stomach - k_absorb * gut_intestine",
    "ffa": "(ffa_target - ffa) / ffa_tau",
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
    "oestrogen": f"((1 - menopause_depth * {MENO}) - oestrogen) / (oestrogen_tau * {_DAY})",
    "beta_cell_mass": f"beta_cell_mass * (-beta_death + beta_growth_r1 * glucose_mg "
                      f"- beta_growth_r2 * glucose_mg^2) / {_DAY}",
}

# Each exposure follows its switch, rising with the onset and fading with the offset time constant.
for _t in TOGGLES:
    RATES[_x(_t.id)] = (f"(switch_{_t.id} - {_x(_t.id)}) / piecewise(onset_days_{_t.id} * {_DAY}, "
                        f"switch_{_t.id} > {_x(_t.id)}, offset_days_{_t.id} * {_DAY})")
