#!/usr/bin/env python
"""Re-simulate published insulin-signalling SBML models with libroadrunner and
extract reference figures (time constants, overshoots, EC50s).

Models (SBML reassembled verbatim from sys-bio/temp-biomodels, final/<ID>/<ID>_url.xml):
  BIOMD0000000137  Sedaghat, Sherman & Quon 2002 (no-feedback version)
  BIOMD0000000343  Braennmark et al. 2010 ("Mifa" model)
  BIOMD0000000448  Braennmark et al. 2013 (normal condition)

All model times are in minutes.
Run:  . /work/venv/bin/activate && python tools/reference_models/signalling.py   [OUT.json]   -> writes signalling.json (or OUT.json)
"""

import json
import os
import sys

import libsbml
import numpy as np
import roadrunner
from scipy.optimize import curve_fit

HERE = os.path.dirname(os.path.abspath(__file__))
DT = 0.01  # output grid (min)


# ----------------------------------------------------------------- helpers
def make_rr(sbml_text):
    r = roadrunner.RoadRunner(sbml_text)
    r.integrator.absolute_tolerance = 1e-12
    r.integrator.relative_tolerance = 1e-10
    r.integrator.maximum_num_steps = 200000
    return r


def sim(r, t0, t1, sel):
    n = int(round((t1 - t0) / DT)) + 1
    res = r.simulate(t0, t1, n, sel)
    return np.array(res)


def t_cross(t, y, level, rising=True):
    """First time y crosses level (linear interpolation); None if never."""
    idx = np.where(y >= level)[0] if rising else np.where(y <= level)[0]
    if len(idx) == 0:
        return None
    i = idx[0]
    if i == 0:
        return float(t[0])
    t0, t1, y0, y1 = t[i - 1], t[i], y[i - 1], y[i]
    return float(t0 + (level - y0) * (t1 - t0) / (y1 - y0))


def half_rise(t, y, y0=None, yfinal=None):
    y0 = y[0] if y0 is None else y0
    yfinal = y[-1] if yfinal is None else yfinal
    rising = yfinal >= y0
    return t_cross(t, y, y0 + 0.5 * (yfinal - y0), rising=rising)


def peak(t, y):
    i = int(np.argmax(y))
    return float(t[i]), float(y[i])


def ec50_interp(conc, resp):
    """EC50 by log-linear interpolation of the normalised response
    (resp - resp[basal]) / (resp[top] - resp[basal]); conc ascending; resp[0]
    is taken at the lowest concentration, top = highest concentration."""
    lo, hi = resp[0], resp[-1]
    norm = (resp - lo) / (hi - lo)
    lc = np.log10(conc)
    tc = t_cross(lc, norm, 0.5, rising=True)
    return None if tc is None else float(10**tc)


def hill_fit(conc, resp):
    def f(c, b, top, ec, n):
        return b + (top - b) * c**n / (ec**n + c**n)

    p0 = [resp[0], resp[-1], ec50_interp(conc, resp) or np.median(conc), 1.0]
    try:
        p, _ = curve_fit(f, conc, resp, p0=p0, maxfev=20000)
        return {"EC50": float(p[2]), "nH": float(p[3]), "bottom": float(p[0]), "top": float(p[1])}
    except Exception as e:  # pragma: no cover
        return {"error": str(e)}


def fig(value, unit, protocol):
    if isinstance(value, (np.floating, np.integer)):
        value = float(value)
    return {"value": value, "unit": unit, "protocol": protocol}


# ------------------------------------------------ A. Sedaghat 2002 (137)
def sedaghat():
    f = os.path.join(HERE, "BIOMD0000000137_url.xml")
    doc = libsbml.readSBMLFromFile(f)
    m = doc.getModel()
    # roadrunner refuses fast reactions: R12 (IRS-1 phosphorylation) is simulated
    # with its ordinary mass-action rate (k7, kminus7), i.e. fast=false.
    m.getReaction("R12").setFast(False)
    # event_0000001 (insulin x1 -> 0 at t = 15 min) removed; insulin is set by the protocols below.
    m.removeEvent("event_0000001")
    r = make_rr(libsbml.writeSBMLToString(doc))

    # units: substance fmol, volume 1 L -> species in fM; x1 insulin 1e8 fM = 1e-7 M.
    FM_PER_M = 1e15
    sel = [
        "time",
        "[x1]",
        "[x21]",
        "[x20]",
        "[x10]",
        "[x12]",
        "[x17]",
        "[x19]",
        "[x4]",
        "[x5]",
        "[x13]",
        "k5",
    ]
    col = {s: i for i, s in enumerate(sel)}

    def run_step(ins_M, t_end=60.0, washout_at=None, t_after=120.0):
        r.resetAll()
        r["[x1]"] = ins_M * FM_PER_M
        a = sim(r, 0.0, t_end, sel)
        if washout_at is None:
            return a, None
        r["[x1]"] = 0.0
        b = sim(r, t_end, t_end + t_after, sel)
        return a, b

    out = {}
    for ins_M, label in [(1e-7, "100nM"), (1e-9, "1nM"), (1e-10, "0.1nM")]:
        a, _ = run_step(ins_M, t_end=60.0)
        t = a[:, 0]
        g_surf = a[:, col["[x21]"]]
        g_tot = g_surf + a[:, col["[x20]"]]
        frac = g_surf / g_tot
        irs = a[:, col["[x10]"]]
        irs_tot = irs + a[:, col["[x12]"]]
        akt = a[:, col["[x17]"]]
        pkc = a[:, col["[x19]"]]
        irp = a[:, col["[x4]"]] + a[:, col["[x5]"]]
        p = f"step 0 -> {label} insulin (x1 = {ins_M * FM_PER_M:g} fM) at t=0 from basal initial state; 60-min window; final = value at 60 min"
        out["GLUT4_surface_fraction_basal"] = fig(
            frac[0], "fraction of total GLUT4 (x21/(x20+x21))", "basal initial state"
        )
        out[f"GLUT4_surface_fraction_60min_{label}"] = fig(frac[-1], "fraction of total GLUT4", p)
        out[f"GLUT4_surface_fraction_15min_{label}"] = fig(
            frac[int(round(15 / DT))], "fraction of total GLUT4", p
        )
        out[f"GLUT4_surface_t50_{label}"] = fig(half_rise(t, g_surf), "min", p + "; readout x21")
        out[f"GLUT4_surface_fold_60min_{label}"] = fig(
            g_surf[-1] / g_surf[0], "fold over basal", p + "; readout x21"
        )
        tp, yp = peak(t, irs)
        out[f"IRS1_pY_free_x10_peak_time_{label}"] = fig(
            tp, "min", p + "; readout x10 (phosphorylated IRS-1, not PI3K-bound)"
        )
        out[f"IRS1_pY_free_x10_peak_over_60min_{label}"] = fig(
            yp / irs[-1], "ratio peak/value at 60 min (1 = no overshoot)", p
        )
        out[f"IRS1_pY_free_x10_peak_over_10min_{label}"] = fig(
            yp / irs[int(round(10 / DT))], "ratio peak/value at 10 min", p
        )
        tp2, yp2 = peak(t, irs_tot)
        out[f"IRS1_pY_total_x10+x12_peak_time_{label}"] = fig(
            tp2, "min", p + "; readout x10+x12 (all Tyr-P IRS-1 incl. PI3K-bound)"
        )
        out[f"IRS1_pY_total_x10+x12_peak_over_60min_{label}"] = fig(yp2 / irs_tot[-1], "ratio", p)
        out[f"IRS1_pY_total_x10+x12_t50_{label}"] = fig(
            half_rise(t, irs_tot, yfinal=yp2), "min (to half of peak)", p
        )
        tpr, ypr = peak(t, irp)
        out[f"IR_surface_pY_x4+x5_peak_time_{label}"] = fig(tpr, "min", p + "; readout x4+x5")
        out[f"Akt_x17_t50_{label}"] = fig(half_rise(t, akt), "min", p + "; readout x17 (final = 60 min)")
        out[f"Akt_x17_peak_time_{label}"] = fig(peak(t, akt)[0], "min", p)
        out[f"Akt_x17_peak_over_60min_{label}"] = fig(peak(t, akt)[1] / akt[-1], "ratio", p)
        out[f"PKC_x19_t50_{label}"] = fig(half_rise(t, pkc), "min", p + "; readout x19 (final = 60 min)")
        out[f"PKC_x19_peak_over_60min_{label}"] = fig(peak(t, pkc)[1] / pkc[-1], "ratio", p)
        out[f"Akt_x17_activated_fraction_60min_{label}"] = fig(
            akt[-1] / 100.0, "fraction of total Akt (100 fM)", p
        )

    # washout: 100 nM for 60 min, then insulin removed
    for ins_M, label in [(1e-7, "100nM"), (1e-9, "1nM")]:
        a, b = run_step(ins_M, t_end=60.0, washout_at=60.0, t_after=180.0)
        g_base = a[0, col["[x21]"]]
        tb = b[:, 0] - 60.0
        gb = b[:, col["[x21]"]]
        t_half = t_cross(tb, gb, g_base + 0.5 * (gb[0] - g_base), rising=False)
        p = f"{label} step at t=0, insulin x1 set to 0 at t=60 min; half-way back to basal x21 (4 fM)"
        out[f"GLUT4_surface_washout_t50_{label}"] = fig(t_half, "min after removal", p)
        out[f"GLUT4_surface_washout_residual_excess_60min_after_{label}"] = fig(
            (gb[int(round(60 / DT))] - g_base) / (gb[0] - g_base),
            "fraction of excess remaining 60 min after removal",
            p,
        )
        ab = b[:, col["[x17]"]]
        out[f"Akt_x17_washout_t50_{label}"] = fig(
            t_cross(tb, ab, a[0, col["[x17]"]] + 0.5 * (ab[0] - a[0, col["[x17]"]]), rising=False),
            "min after removal",
            p.replace("x21 (4 fM)", "x17 (0)"),
        )

    # as-curated protocol of the SBML (event_0000001): 1e-7 M from t=0, removed at 15 min
    a, b = run_step(1e-7, t_end=15.0, washout_at=15.0, t_after=120.0)
    g0, g15 = a[0, col["[x21]"]], a[-1, col["[x21]"]]
    tb = b[:, 0] - 15.0
    gb = b[:, col["[x21]"]]
    p = "as curated in the SBML: 1e-7 M from t=0, insulin removed at 15 min (event_0000001 behaviour)"
    out["GLUT4_surface_fraction_15min_curated_pulse"] = fig(
        g15 / (g15 + a[-1, col["[x20]"]]), "fraction of total GLUT4", p
    )
    out["GLUT4_surface_washout_t50_after_15min_pulse"] = fig(
        t_cross(tb, gb, g0 + 0.5 * (gb[0] - g0), rising=False), "min after removal", p
    )

    # sensitivity: approximate the 'fast' limit of R12 by scaling k7 and kminus7 x100
    k7, km7 = r["k7"], r["kminus7"]
    r.resetAll()
    r["k7"], r["kminus7"] = 100 * k7, 100 * km7
    r["[x1]"] = 1e-7 * FM_PER_M
    a = sim(r, 0.0, 60.0, sel)
    p = "SENSITIVITY ONLY: k7, kminus7 x100 (quasi-equilibrium limit of fast R12); 1e-7 M step; final = 60 min"
    out["SENS_fastR12_GLUT4_surface_t50_100nM"] = fig(half_rise(a[:, 0], a[:, col["[x21]"]]), "min", p)
    out["SENS_fastR12_GLUT4_surface_fold_60min_100nM"] = fig(
        a[-1, col["[x21]"]] / a[0, col["[x21]"]], "fold", p
    )
    out["SENS_fastR12_Akt_x17_t50_100nM"] = fig(half_rise(a[:, 0], a[:, col["[x17]"]]), "min", p)
    out["SENS_fastR12_IRS1_pY_total_peak_time_100nM"] = fig(
        peak(a[:, 0], a[:, col["[x10]"]] + a[:, col["[x12]"]])[0], "min", p
    )
    r["k7"], r["kminus7"] = k7, km7
    r.resetAll()
    r["k7"], r["kminus7"] = k7, km7

    # dose response of surface GLUT4
    conc = 10 ** np.linspace(-12, -6, 61)  # M
    times = [15.0, 30.0, 60.0]
    resp = {T: [] for T in times}
    for c in conc:
        r.resetAll()
        r["[x1]"] = c * FM_PER_M
        a = sim(r, 0.0, 60.0, ["time", "[x21]"])
        for T in times:
            resp[T].append(a[int(round(T / DT)), 1])
    dr = {}
    for T in times:
        y = np.array(resp[T])
        ec = ec50_interp(conc, y)
        h = hill_fit(conc * 1e9, y)
        p = f"x21 at {T:g} min after a step from basal to insulin 1e-12..1e-6 M (61 log-spaced doses); normalised to [1e-12 M, 1e-6 M] span"
        out[f"GLUT4_surface_EC50_{int(T)}min"] = fig(ec * 1e9, "nM", p + " (log-linear interpolation)")
        out[f"GLUT4_surface_EC50_{int(T)}min_hillfit"] = fig(
            h.get("EC50"), "nM", p + f"; Hill fit nH={h.get('nH', float('nan')):.3f}"
        )
        out[f"GLUT4_surface_top_over_next_dose_{int(T)}min"] = fig(
            y[-1] / y[-6], "ratio x21(1e-6 M)/x21(10^-6.5 M) (plateau check)", p
        )
        dr[int(T)] = {"insulin_M": conc.tolist(), "x21_fM": y.tolist()}
    return out, dr


# ----------------------------------------------- B. Braennmark 2010 (343)
def brannmark2010():
    r = make_rr(os.path.join(HERE, "BIOMD0000000343_url.xml"))
    state_ids = ["IR", "IRins", "IRp", "IRip", "IRi", "IRS", "IRSip", "X", "Xp"]  # rate-rule variables
    # pre-equilibrate without insulin
    r["ins"] = 0.0
    r.simulate(0, 5000, 2)
    ss = {i: r[i] for i in state_ids}
    sel = ["time", "IRp", "IRip", "IRSip", "Xp", "IRi"]

    def run(ins_nM, t_end):
        r.resetAll()
        for k, v in ss.items():
            r[k] = v
        r["ins"] = ins_nM
        return sim(r, 0.0, t_end, sel)

    out = {
        "basal_IRSip": fig(ss["IRSip"], "model units (total IRS = 10)", "steady state ins=0 (5000 min)"),
        "basal_IRp+IRip": fig(ss["IRp"] + ss["IRip"], "model units (total IR = 10)", "steady state ins=0"),
    }
    for ins, label in [(100.0, "100nM"), (10.0, "10nM")]:
        a = run(ins, 60.0)
        t = a[:, 0]
        irp = a[:, 1] + a[:, 2]
        irs = a[:, 3]
        i10 = int(round(10 / DT))
        p = f"step ins 0 -> {ins:g} (parameter 'ins', nM) from insulin-free steady state; 60-min window"
        for name, y, rd in [("IR_P(IRp+IRip)", irp, "IRp+IRip"), ("IRS1_P(IRSip)", irs, "IRSip")]:
            tp, yp = peak(t, y)
            out[f"{name}_peak_time_{label}"] = fig(tp, "min", p + f"; readout {rd}")
            out[f"{name}_peak_over_10min_{label}"] = fig(yp / y[i10], "ratio peak / value at 10 min", p)
            out[f"{name}_peak_over_60min_{label}"] = fig(yp / y[-1], "ratio peak / value at 60 min", p)
            out[f"{name}_t50_to_peak_{label}"] = fig(half_rise(t, y, yfinal=yp), "min", p)
            out[f"{name}_value_10min_{label}"] = fig(y[i10], "model units", p)
    conc = 10 ** np.linspace(-3, 3, 61)  # nM
    y_irs, y_ir = [], []
    for c in conc:
        a = run(c, 10.0)
        y_irs.append(a[-1, 3])
        y_ir.append(a[-1, 1] + a[-1, 2])
    y_irs, y_ir = np.array(y_irs), np.array(y_ir)
    p = "value at 10 min after step from insulin-free steady state; ins 1e-3..1e3 nM (61 log-spaced); normalised to that span"
    out["IRS1_P_EC50_10min"] = fig(
        ec50_interp(conc, y_irs), "nM", p + "; readout IRSip; log-linear interpolation"
    )
    h = hill_fit(conc, y_irs)
    out["IRS1_P_EC50_10min_hillfit"] = fig(
        h.get("EC50"), "nM", p + f"; Hill nH={h.get('nH', float('nan')):.3f}"
    )
    out["IRS1_P_top_over_next_dose_10min"] = fig(y_irs[-1] / y_irs[-6], "ratio (plateau check)", p)
    out["IR_P_EC50_10min"] = fig(ec50_interp(conc, y_ir), "nM", p + "; readout IRp+IRip")
    return out, {"insulin_nM": conc.tolist(), "IRSip_10min": y_irs.tolist(), "IRp+IRip_10min": y_ir.tolist()}


# ----------------------------------------------- B'. Braennmark 2013 (448)
def brannmark2013():
    r = make_rr(os.path.join(HERE, "BIOMD0000000448_url.xml"))
    sp = list(r.model.getFloatingSpeciesIds())
    r["insulin"] = 0.0
    r.simulate(0, 5000, 2)
    ss = {i: r["[" + i + "]"] for i in sp}
    reads = {
        "IR_P(IRp+IRip)": lambda d: d["IRp"] + d["IRip"],
        "IRS1_pY(IRS1p+IRS1p307)": lambda d: d["IRS1p"] + d["IRS1p307"],
        "IRS1_pS307(IRS1p307+IRS1307)": lambda d: d["IRS1p307"] + d["IRS1307"],
        "PKB_pT308(PKB308p+PKB308p473p)": lambda d: d["PKB308p"] + d["PKB308p473p"],
        "PKB_pS473(PKB473p+PKB308p473p)": lambda d: d["PKB473p"] + d["PKB308p473p"],
        "mTORC1a": lambda d: d["mTORC1a"],
        "S6Kp": lambda d: d["S6Kp"],
        "S6p": lambda d: d["S6p"],
        "AS160p": lambda d: d["AS160p"],
        "GLUT4m": lambda d: d["GLUT4m"],
        "glucoseuptake": lambda d: d["glucoseuptake"],
    }
    sel = ["time"] + ["[" + i + "]" for i in sp] + ["glucoseuptake"]

    def run(ins_nM, t_end):
        r.resetAll()
        for k, v in ss.items():
            r["[" + k + "]"] = v
        r["insulin"] = ins_nM
        a = sim(r, 0.0, t_end, sel)
        d = {i: a[:, j + 1] for j, i in enumerate(sp)}
        d["glucoseuptake"] = a[:, -1]
        return a[:, 0], d

    out = {}
    for ins, label in [(10.0, "10nM"), (100.0, "100nM")]:
        t, d = run(ins, 60.0)
        i10, i30 = int(round(10 / DT)), int(round(30 / DT))
        p = f"step insulin 0 -> {ins:g} (parameter 'insulin', nM) from insulin-free steady state; 60-min window"
        for name, fn in reads.items():
            y = fn(d)
            tp, yp = peak(t, y)
            out[f"{name}_basal"] = fig(
                y[0], "model units (% of total, except glucoseuptake)", "insulin-free steady state"
            )
            out[f"{name}_peak_time_{label}"] = fig(tp, "min", p)
            out[f"{name}_peak_over_10min_{label}"] = fig(yp / y[i10], "ratio peak / value at 10 min", p)
            out[f"{name}_peak_over_60min_{label}"] = fig(yp / y[-1], "ratio peak / value at 60 min", p)
            out[f"{name}_t50_to_peak_{label}"] = fig(
                half_rise(t, y, yfinal=yp), "min (half of basal->peak rise)", p
            )
            out[f"{name}_fold_10min_{label}"] = fig(y[i10] / y[0], "fold over basal", p)
            out[f"{name}_fold_30min_{label}"] = fig(y[i30] / y[0], "fold over basal", p)
    conc = 10 ** np.linspace(-3, 3, 61)  # nM
    dres = {T: {n: [] for n in reads} for T in (10.0, 30.0)}
    for c in conc:
        t, d = run(c, 30.0)
        for T in dres:
            k = int(round(T / DT))
            for n, fn in reads.items():
                dres[T][n].append(fn(d)[k])
    dr_out = {}
    for T in dres:
        for n in reads:
            y = np.array(dres[T][n])
            p = f"value at {T:g} min after step from insulin-free steady state; insulin 1e-3..1e3 nM (61 log-spaced); normalised to that span"
            out[f"{n}_EC50_{int(T)}min"] = fig(ec50_interp(conc, y), "nM", p + "; log-linear interpolation")
            h = hill_fit(conc, y)
            out[f"{n}_EC50_{int(T)}min_hillfit"] = fig(
                h.get("EC50"), "nM", p + f"; Hill nH={h.get('nH', float('nan')):.3f}"
            )
            out[f"{n}_top_over_next_dose_{int(T)}min"] = fig(y[-1] / y[-6], "ratio (plateau check)", p)
            dr_out[f"{n}_{int(T)}min"] = y.tolist()
    dr_out["insulin_nM"] = conc.tolist()
    return out, dr_out


SRC = "sys-bio/temp-biomodels (stored GitHub copy), path final/{id}/{id}_url.xml, commit {c}; reassembled verbatim from read_file pages (length checked)"

if __name__ == "__main__":
    print("libroadrunner", roadrunner.__version__)
    fa, dra = sedaghat()
    fb, drb = brannmark2010()
    fc, drc = brannmark2013()
    res = {
        "models": {
            "BIOMD0000000137": {
                "source": SRC.format(id="BIOMD0000000137", c="0e2517e603882b8d6cc24812e050b0664dff2bdb"),
                "model_name": "Sedaghat2002_InsulinSignalling_noFeedback",
                "modifications": "R12 fast=true -> fast=false (roadrunner cannot do fast reactions); event_0000001 (insulin->0 at 15 min) removed, insulin x1 set by protocol",
                "units": "species in fmol/L (fM) (substance=femtomole, compartments size 1 L); time in min; insulin x1 default 1e8 fM = 1e-7 M",
                "figures": fa,
                "dose_response": dra,
            },
            "BIOMD0000000343": {
                "source": SRC.format(id="BIOMD0000000343", c="2feafdf4a7540eb4ac26ab84d4070a8af57bd2f9"),
                "model_name": "Brannmark2010_InsulinSignalling_Mifamodel",
                "modifications": "none (pre-equilibrated 5000 min with ins=0 before each step)",
                "units": "arbitrary: IR, IRS, X totals = 10; insulin parameter 'ins' (default 100; nM per the paper's protocol); time in min",
                "figures": fb,
                "dose_response": drb,
            },
            "BIOMD0000000448": {
                "source": SRC.format(id="BIOMD0000000448", c="1b5e06fc52fa815354384211d7caa2841d24bf1a"),
                "model_name": "Braennmark2013 - Insulin signalling in human adipocytes (normal condition)",
                "modifications": "none (pre-equilibrated 5000 min with insulin=0; SBML initial state is already basal within 0.1%)",
                "units": "states in % of each protein total (100); insulin parameter 'insulin' default 10 (nM); time in min; glucoseuptake = k8*GLUT4m*gluc + glut1*gluc (arbitrary)",
                "figures": fc,
                "dose_response": drc,
            },
        }
    }
    with open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "signalling.json"), "w") as fh:
        json.dump(res, fh, indent=1)
    for mid, m in res["models"].items():
        print("==", mid)
        for k, v in m["figures"].items():
            val = v["value"]
            print(f"  {k:60s} {val if val is None else round(val, 5)!s:>12} {v['unit']}")
