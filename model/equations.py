"""The model's equations: right-hand side, algebraic helpers and the in-silico clamp.

Time is in minutes. `model/README.md` writes every equation out and explains each term; the names here
follow that document. Parameters come from `model/parameters.toml` through `make_parameters`.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from .state import IDX, N_CORE, N_STATES
from .toggles import TOGGLES

MIN_PER_DAY = 1440.0
MIN_PER_HOUR = 60.0
MG_PER_MMOL_GLUCOSE = 18.0
CLAMP_INSULIN = 100.0  # µU/mL, a high-dose clamp plateau (DeFronzo et al. 1979)
CLAMP_GLUCOSE = 5.0  # mmol/L, euglycaemia (90 mg/dL)

_I_IKKB_ACTIVE = IDX["ikkb_active"]
_I_JNK_ACTIVE = IDX["jnk_active"]
_I_LEAN_MASS = IDX["lean_mass"]
_I_OESTROGEN = IDX["oestrogen"]
_I_PKC_ACTIVE = IDX["pkc_active"]
_I_PP2A_ACTIVE = IDX["pp2a_active"]
_I_SUBCUTANEOUS_FAT = IDX["subcutaneous_fat"]
_I_TESTOSTERONE = IDX["testosterone"]
_I_VISCERAL_FAT = IDX["visceral_fat"]
_E = N_CORE  # position of the first exposure
(_HFD, _INFL, _DAG, _CER, _ER, _MITO, _LOWT, _MENO, _TRT, _TESA, _SERM, _IPA, _GH, _LIFE,
 _KO) = range(len(TOGGLES))


def hill3(signal: float, half: float) -> float:
    """Activity of a kinase or sensor pool for a signal relative to healthy (s³/(s³+K³))."""
    s3 = max(signal, 0.0) ** 3
    return s3 / (s3 + half * half * half)


def fold(x: float, ceiling: float) -> float:
    """A fold change that saturates: 1 at x = 1, slope below 1, never above `ceiling`.

    Feedback couplings between cytokines, lipids and kinases pass through it so that no loop can
    run away (the model's loop gain stays below one however many stressors are on)."""
    x = max(x, 0.0)
    return ceiling * x / (ceiling - 1.0 + x)


def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


class Environment:
    """Quantities derived from the slow state and the exposures that the fast block reads.

    Kept apart from the right-hand side so the clamp and the outputs use exactly the same terms.
    """

    __slots__ = ("gh_body", "gh_antagonism", "expression_receptor", "expression_glut4",
                 "muscle", "serine_rate", "ffa_supply")

    def __init__(self, p: SimpleNamespace, y: list[float]) -> None:
        e = y[_E:]
        t_rel = _clip(y[_I_TESTOSTERONE] / p.testosterone_healthy, 0.0, 1.5)
        oestrogen = y[_I_OESTROGEN]
        gh_pulsatile = (p.gh_tesamorelin * e[_TESA] + p.gh_sermorelin * e[_SERM]
                        + p.gh_ipamorelin * e[_IPA])
        self.gh_body = min(gh_pulsatile + p.gh_direct_body * e[_GH], 2.0)
        self.gh_antagonism = min(p.gh_pulsatile_antagonism * gh_pulsatile + e[_GH], 1.5)
        self.expression_receptor = ((1.0 + p.androgen_expression * (t_rel - 1.0))
                                    * (1.0 - p.oestrogen_expression * (1.0 - oestrogen)))
        self.expression_glut4 = self.expression_receptor * (1.0 + p.lifestyle_glut4 * e[_LIFE])
        self.muscle = y[_I_LEAN_MASS] / p.lean_mass_healthy
        self.serine_rate = (p.irs1_ser_basal + p.irs1_ser_jnk * y[_I_JNK_ACTIVE]
                            + p.irs1_ser_ikkb * y[_I_IKKB_ACTIVE]
                            + p.irs1_ser_pkc * y[_I_PKC_ACTIVE])
        fat_supply = (p.ffa_vat_share * y[_I_VISCERAL_FAT] / p.visceral_fat_healthy
                      + (1.0 - p.ffa_vat_share) * y[_I_SUBCUTANEOUS_FAT]
                      / p.subcutaneous_fat_healthy)
        self.ffa_supply = (p.ffa_fasting * fat_supply * (1.0 + p.hfd_ffa * e[_HFD])
                           * (1.0 + p.gh_lipolysis * self.gh_antagonism)
                           * (1.0 - p.lifestyle_ffa * e[_LIFE]) * (1.0 - p.trt_ffa * e[_TRT]))


def receptor_drive(p: SimpleNamespace, insulin: float) -> float:
    i = max(insulin, 0.0) ** p.receptor_hill
    return i / (i + p.receptor_half_insulin ** p.receptor_hill)


def ffa_target(p: SimpleNamespace, env: Environment, insulin: float) -> float:
    """Plasma FFA that lipolysis would settle at for this insulin level."""
    k = p.ffa_insulin_half
    return env.ffa_supply * (k + p.insulin_basal) / (k + max(insulin, 0.0))


def glut4_uptake(p: SimpleNamespace, env: Environment, surface: float, glucose: float) -> float:
    g = max(glucose, 0.0)
    return p.glut4_vmax * env.muscle * env.expression_glut4 * surface * g / (p.glut4_km + g)


def glut1_uptake(p: SimpleNamespace, glucose: float) -> float:
    g = max(glucose, 0.0)
    return p.glut1_vmax * g / (p.glut1_km + g)


def brain_uptake(p: SimpleNamespace, glucose: float) -> float:
    g = max(glucose, 0.0)
    return p.brain_uptake * g / (p.brain_km + g) * (p.brain_km + p.glucose_basal) / p.glucose_basal


def hepatic_output(p: SimpleNamespace, env: Environment, akt: float, glucose: float, ffa: float
                   ) -> float:
    """Endogenous glucose production: suppressed by hepatic insulin signalling (Akt), raised by FFA
    and growth hormone, lowered by glucose itself (autoregulation)."""
    suppression = p.egp_insulin_suppression * akt / (akt + p.egp_akt_half)
    c = p.egp_glucose_effect
    autoregulation = (1.0 + c) / (c + max(glucose, 0.0) / p.glucose_basal)
    lipid = 1.0 + p.egp_ffa_effect * (ffa / p.ffa_daily_mean - 1.0)
    return max(0.0, p.egp_max * (1.0 - suppression) * autoregulation * max(lipid, 0.0)
               * (1.0 + p.gh_egp * env.gh_antagonism))


def insulin_secretion(p: SimpleNamespace, glucose: float, beta_mass: float, absorption: float
                      ) -> float:
    """Insulin secretion (µU/mL/min): glucose-stimulated, amplified by incretins while carbohydrate
    is being absorbed (GLP-1, GIP), scaled by functional β-cell mass."""
    g = max(glucose, 0.0) ** p.secretion_hill
    incretin = 1.0 + p.incretin_gain * absorption / (absorption + p.incretin_half_absorption)
    return (beta_mass * p.secretion_max * incretin * g
            / (g + p.secretion_half_glucose ** p.secretion_hill))


def nlrp3_steady(p: SimpleNamespace, prime: float, activate: float) -> tuple[float, float, float]:
    """Steady state (idle, primed, active) of the NLRP3 pool for constant signals."""
    kp, ku = p.nlrp3_prime_rate * prime, p.nlrp3_unprime_rate
    ka, kd = p.nlrp3_activate_rate * activate, p.nlrp3_deactivate_rate
    # active = ka*primed/(kd+ku); idle*kp = ku*(primed+active)
    active_per_primed = ka / (kd + ku)
    idle_per_primed = ku * (1.0 + active_per_primed) / kp if kp > 0 else math.inf
    if math.isinf(idle_per_primed):
        return 1.0, 0.0, 0.0
    total = idle_per_primed + 1.0 + active_per_primed
    return idle_per_primed / total, 1.0 / total, active_per_primed / total


def cascade_steady(p: SimpleNamespace, env: Environment, insulin: float, pp2a: float,
                   ) -> dict[str, float]:
    """Steady state of the fast signalling block at a fixed insulin level, kinases frozen."""
    a = p.receptor_on * receptor_drive(p, insulin) * env.expression_receptor
    receptor = a / (a + p.receptor_off)
    ty = p.irs1_tyr_rate * receptor
    ks = env.serine_rate
    # free*ty = (dephos + ks)*ptyr ; ks*(free + ptyr) = ser_dephos*pser ; sum = 1
    ptyr_per_free = ty / (p.irs1_tyr_dephos + ks)
    pser_per_free = ks * (1.0 + ptyr_per_free) / p.irs1_ser_dephos
    free = 1.0 / (1.0 + ptyr_per_free + pser_per_free)
    ptyr, pser = ptyr_per_free * free, pser_per_free * free
    kp = p.pi3k_on * ptyr * ptyr * (1.0 - p.gh_pi3k_block * min(env.gh_antagonism, 1.0))
    pi3k = kp / (kp + p.pi3k_off)
    ka = p.akt_on * pi3k
    akt = ka / (ka + p.akt_off + p.pp2a_on_akt * pp2a)
    kq = p.as160_on * akt
    as160 = kq / (kq + p.as160_off)
    return {"receptor_active": receptor, "irs1_free": free, "irs1_ptyr": ptyr, "irs1_pser": pser,
            "pi3k_active": pi3k, "akt_active": akt, "as160_phos": as160,
            "glut4_surface": glut4_surface_steady(p, as160, 0.0)}


def glut4_surface_steady(p: SimpleNamespace, as160: float, exercise: float) -> float:
    k_exo = p.glut4_exo_basal + p.glut4_exo_insulin * as160 + p.glut4_exo_exercise * exercise
    return k_exo / (k_exo + p.glut4_endo)


def clamp_disposal(p: SimpleNamespace, y: list[float]) -> float:
    """In-silico hyperinsulinaemic-euglycaemic clamp: glucose infusion rate (M value, mg/kg/min)
    needed to hold glucose at 5 mM with insulin at 100 µU/mL, slow state and kinases frozen."""
    env = Environment(p, y)
    fast = cascade_steady(p, env, CLAMP_INSULIN, y[_I_PP2A_ACTIVE])
    surface = glut4_surface_steady(p, fast["as160_phos"], y[_E + _LIFE])
    disposal = (brain_uptake(p, CLAMP_GLUCOSE) + glut1_uptake(p, CLAMP_GLUCOSE)
                + glut4_uptake(p, env, surface, CLAMP_GLUCOSE))
    ffa = ffa_target(p, env, CLAMP_INSULIN)
    residual_egp = hepatic_output(p, env, fast["akt_active"], CLAMP_GLUCOSE, ffa)
    return max(0.0, disposal - residual_egp)


class Equations:
    """The right-hand side for a given parameter set; `switches` are the toggles (0 or 1)."""

    def __init__(self, p: SimpleNamespace) -> None:
        self.p = p
        self.switches = np.zeros(len(TOGGLES))
        self._onset = [t.onset_days * MIN_PER_DAY for t in TOGGLES]
        self._offset = [t.offset_days * MIN_PER_DAY for t in TOGGLES]
        _, primed, active = nlrp3_steady(p, 1.0, 1.0)
        self.nlrp3_active_healthy = active
        self.nlrp3_pool_healthy = primed + active
        self.kinase_healthy = hill3(1.0, p.kinase_half_signal)
        self.upr_healthy = self.kinase_healthy
        w = p.meal_duration
        self._meals = [(p.breakfast_hour * 60.0, p.breakfast_carbs),
                       (p.lunch_hour * 60.0, p.lunch_carbs),
                       (p.dinner_hour * 60.0, p.dinner_carbs)]
        self._meal_scale = 1000.0 / p.body_weight * 2.0 / w  # g -> mg/kg, sin² pulse of area 1

    def meal_rate(self, t: float) -> float:
        """Carbohydrate eaten (mg/kg/min) at time t: a smooth sin² pulse per meal."""
        w = self.p.meal_duration
        minute = t % MIN_PER_DAY
        for start, grams in self._meals:
            s = minute - start
            if 0.0 <= s <= w:
                return grams * self._meal_scale * math.sin(math.pi * s / w) ** 2
        return 0.0

    def rhs(self, t: float, state: np.ndarray) -> np.ndarray:
        p = self.p
        y = state.tolist()
        e = y[_E:]
        (rec, irs_free, irs_y, irs_s, pi3k, akt, as160, g4_in, g4_surf, jnk, ikk, pkc, pp2a,
         glc, ins, q_sto, q_gut, ffa, dag, cer, upr, ros, n_idle, n_primed, n_active, tnf, il6,
         il1b, il18, infl, vat, sat, lean, testo, oestro, beta) = y[:_E]
        env = Environment(p, y)
        d = [0.0] * N_STATES
        f_ref = p.ffa_daily_mean
        cap = p.feedback_ceiling
        tnf_rel = fold(tnf / p.tnf_healthy, cap)
        il6_rel = fold(il6 / p.il6_healthy, cap)
        il1b_rel = fold(il1b / p.il1b_healthy, cap)
        ffa_rel = ffa / f_ref
        tlr4_rel = ffa_rel * (1.0 + p.hfd_saturated * e[_HFD])
        upr_rel = upr / self.upr_healthy

        # Fast cellular block (Sedaghat et al. 2002, Brännmark et al. 2010, reduced).
        d[0] = (p.receptor_on * receptor_drive(p, ins) * env.expression_receptor * (1.0 - rec)
                - p.receptor_off * rec)
        tyr = p.irs1_tyr_rate * rec * irs_free
        ks = env.serine_rate
        d[2] = tyr - p.irs1_tyr_dephos * irs_y - ks * irs_y
        d[3] = ks * (irs_free + irs_y) - p.irs1_ser_dephos * irs_s
        d[1] = -d[2] - d[3]
        gh_block = 1.0 - p.gh_pi3k_block * min(env.gh_antagonism, 1.0)
        d[4] = p.pi3k_on * irs_y * irs_y * (1.0 - pi3k) * gh_block - p.pi3k_off * pi3k
        d[5] = p.akt_on * pi3k * (1.0 - akt) - (p.akt_off + p.pp2a_on_akt * pp2a) * akt
        d[6] = p.as160_on * akt * (1.0 - as160) - p.as160_off * as160
        k_exo = (p.glut4_exo_basal + p.glut4_exo_insulin * as160
                 + p.glut4_exo_exercise * e[_LIFE])
        flux = k_exo * g4_in - p.glut4_endo * g4_surf
        d[7], d[8] = -flux, flux

        # Stress kinases relax towards activities set by their (relative) inputs.
        half, tau_k = p.kinase_half_signal, p.kinase_tau
        s_jnk = (p.jnk_w_tnf * tnf_rel + p.jnk_w_il6 * il6_rel + p.jnk_w_il1b * il1b_rel
                 + p.jnk_w_upr * upr_rel + p.jnk_w_ros * ros + p.jnk_w_ffa * ffa_rel)
        s_ikk = (p.ikkb_w_tnf * tnf_rel + p.ikkb_w_il1b * il1b_rel + p.ikkb_w_upr * upr_rel
                 + p.ikkb_w_tlr4 * tlr4_rel + p.ikkb_w_ros * ros)
        d[9] = (hill3(s_jnk, half) - jnk) / tau_k
        d[10] = (hill3(s_ikk, half) - ikk) / tau_k
        d[11] = (hill3(dag, half) - pkc) / tau_k
        d[12] = (hill3(cer, half) - pp2a) / tau_k

        # Plasma glucose and insulin with a two-compartment gut (Dalla Man et al. 2007).
        ra = p.absorbed_fraction * p.k_absorb * q_gut
        uptake = (brain_uptake(p, glc) + glut1_uptake(p, glc)
                  + glut4_uptake(p, env, g4_surf, glc))
        egp = hepatic_output(p, env, akt, glc, ffa)
        d[13] = (ra + egp - uptake) / (p.glucose_volume * MG_PER_MMOL_GLUCOSE)
        d[14] = insulin_secretion(p, glc, beta, ra) - p.insulin_clearance * ins
        d[15] = self.meal_rate(t) - p.k_empty * q_sto
        d[16] = p.k_empty * q_sto - p.k_absorb * q_gut

        # Lipids, ER stress, mitochondria.
        d[17] = (ffa_target(p, env, ins) - ffa) / p.ffa_tau
        dag_target = ffa_rel * (1.0 + p.dag_excess * e[_DAG]) * (1.0 - p.lifestyle_dag * e[_LIFE])
        d[18] = (dag_target - dag) / (p.dag_tau * MIN_PER_DAY)
        cer_target = (math.sqrt(max(ffa_rel, 0.0)) * (1.0 + p.hfd_ceramide * e[_HFD])
                      * (1.0 + p.ceramide_tnf * (tnf_rel - 1.0))
                      * (1.0 + p.ceramide_excess * e[_CER]))
        d[19] = (cer_target - cer) / (p.ceramide_tau * MIN_PER_DAY)
        s_upr = ((p.upr_w_ffa * ffa_rel + 1.0 - p.upr_w_ffa)
                 * (1.0 + p.er_stress_excess * e[_ER] + p.hfd_upr * e[_HFD]))
        d[20] = (hill3(s_upr, half) - upr) / (p.upr_tau * MIN_PER_HOUR)
        ros_target = ((1.0 + p.mito_ros_excess * e[_MITO]
                       + p.ros_nutrient * max(0.0, ffa_rel - 1.0) + p.hfd_ros * e[_HFD])
                      * (1.0 - p.lifestyle_ros * e[_LIFE]))
        d[21] = (ros_target - ros) / (p.ros_tau * MIN_PER_HOUR)

        # NLRP3: signal 1 primes, signal 2 assembles; the knockout removes the protein.
        present = 1.0 - e[_KO]
        w_il1 = 1.0 - p.prime_w_tlr4 - p.prime_w_tnf
        prime = present * (p.prime_w_tlr4 * tlr4_rel + p.prime_w_tnf * tnf_rel + w_il1 * il1b_rel)
        w_other = 1.0 - p.activate_w_ceramide - p.activate_w_ros
        activate = present * (p.activate_w_ceramide * cer + p.activate_w_ros * ros + w_other
                              + p.mito_mtdna * e[_MITO])
        priming = p.nlrp3_prime_rate * prime * n_idle
        assembly = p.nlrp3_activate_rate * activate * n_primed
        unprime = p.nlrp3_unprime_rate
        d[22] = -priming + unprime * (n_primed + n_active)
        d[23] = priming - unprime * n_primed - assembly + p.nlrp3_deactivate_rate * n_active
        d[24] = assembly - p.nlrp3_deactivate_rate * n_active - unprime * n_active

        # Cytokines and adipose inflammation.
        t_rel = _clip(testo / p.testosterone_healthy, 0.0, 1.5)
        nfkb = 1.0 + p.nfkb_cytokine * (ikk / self.kinase_healthy - 1.0)
        tau_c = p.cytokine_tau * MIN_PER_HOUR
        d[25] = (p.tnf_healthy * infl * nfkb * (1.0 + p.inflammation_adipose * e[_INFL]) - tnf) / tau_c
        vat_rel = vat / p.visceral_fat_healthy
        d[26] = (p.il6_healthy * infl ** 0.5 * vat_rel ** p.il6_visceral_power * nfkb
                 * (1.0 + p.inflammation_il6 * e[_INFL]) - il6) / tau_c
        inflammasome = fold(n_active / self.nlrp3_active_healthy
                            * (n_primed + n_active) / self.nlrp3_pool_healthy, p.inflammasome_ceiling)
        d[27] = (p.il1b_healthy * (p.il1b_non_nlrp3 + (1.0 - p.il1b_non_nlrp3) * inflammasome)
                 - il1b) / tau_c
        d[28] = (p.il18_healthy * (p.il18_non_nlrp3 + (1.0 - p.il18_non_nlrp3)
                                   * fold(n_active / self.nlrp3_active_healthy, p.inflammasome_ceiling))
                 - il18) / tau_c
        infl_target = ((vat / p.visceral_fat_healthy) ** p.inflammation_vat_power
                       * (1.0 + p.inflammation_il1b * (il1b_rel - 1.0))
                       * (1.0 + p.androgen_inflammation * (1.0 - t_rel) * 0.5)
                       * (1.0 - p.lifestyle_inflammation * e[_LIFE]))
        d[29] = (infl_target - infl) / (p.inflammation_tau * MIN_PER_DAY)

        # Body composition and hormones (days to months).
        androgen_fat = 1.0 + p.androgen_fat * (1.0 - t_rel)
        oestrogen_fat = 1.0 + p.oestrogen_fat * (1.0 - oestro)
        vat_target = (p.visceral_fat_healthy * (1.0 + p.hfd_visceral * e[_HFD]) * androgen_fat
                      * oestrogen_fat * (1.0 - p.lifestyle_visceral * e[_LIFE])
                      * (1.0 - p.gh_visceral * env.gh_body))
        d[30] = (vat_target - vat) / (p.fat_tau * MIN_PER_DAY)
        sat_target = (p.subcutaneous_fat_healthy * (1.0 + p.hfd_subcutaneous * e[_HFD])
                      * math.sqrt(androgen_fat * oestrogen_fat)
                      * (1.0 - p.lifestyle_subcutaneous * e[_LIFE])
                      * (1.0 - 0.5 * p.gh_visceral * env.gh_body))
        d[31] = (sat_target - sat) / (p.subcutaneous_tau * MIN_PER_DAY)
        lean_target = (p.lean_mass_healthy * (1.0 + p.androgen_lean * (t_rel - 1.0))
                       * (1.0 + p.gh_lean * env.gh_body) * (1.0 + p.lifestyle_lean * e[_LIFE])
                       * (1.0 - p.oestrogen_lean * (1.0 - oestro)))
        d[32] = (lean_target - lean) / (p.lean_tau * MIN_PER_DAY)
        suppression = (1.0 + p.testosterone_suppression_fat * max(0.0, vat / p.visceral_fat_healthy - 1.0)
                       + p.testosterone_suppression_inflammation * max(0.0, fold(infl, cap) - 1.0))
        endogenous = p.testosterone_healthy * (1.0 - p.low_testosterone_depth * e[_LOWT]) / suppression
        testo_target = endogenous * (1.0 - p.trt_suppression * e[_TRT]) + p.trt_level * e[_TRT]
        d[33] = (testo_target - testo) / (p.testosterone_tau * MIN_PER_DAY)
        d[34] = ((1.0 - p.menopause_depth * e[_MENO]) - oestro) / (p.oestrogen_tau * MIN_PER_DAY)
        g_mg = glc * MG_PER_MMOL_GLUCOSE
        death = p.beta_death_basal * p.beta_death_calibration * (
            1.0 + p.beta_strain_il1b * max(0.0, il1b_rel - 1.0)
            + p.beta_strain_ffa * max(0.0, ffa_rel - 1.0))
        d[35] = beta * (-death + p.beta_growth_r1 * g_mg - p.beta_growth_r2 * g_mg * g_mg) / MIN_PER_DAY

        # Exposures follow their switches with onset/offset time constants.
        sw = self.switches
        for i in range(len(sw)):
            x = e[i]
            tau = self._onset[i] if sw[i] > x else self._offset[i]
            d[_E + i] = (sw[i] - x) / tau
        return np.array(d)
