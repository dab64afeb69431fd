"""What each experiment does to the model, and which numbers it reads from the run.

Each protocol builds its own Simulation from the healthy start, moves the experiment's levers
(model/sbml_equations.py LEVERS: held insulin or glucose, a frozen body, fasting, a lipid infusion)
or switches, and returns named series and the figures its resources/experiments/<id>.json compares.
Times in the series are minutes from the experiment's step, or days for the long trials.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .experiments import Series
from .outputs import OUTPUT_INDEX, OUTPUT_UNITS, OUTPUTS
from .simulation import Simulation
from .subjects import DEFAULT_SUBJECT
from .toggles import ToggleEvent

Params = Mapping[str, float] | None  # parameter overrides (tools/experiment_table.py fits them)

OUTPUT_MEANINGS = {name: meaning for name, _, meaning in OUTPUTS}

# The international insulin standard: 1 µU/mL = 6.0 pmol/L (Heinemann 2010; Knopp et al. 2019).
PMOL_PER_UU = 6.0
NO_INSULIN = 0.01  # µU/mL (0.06 pmol/L): "no insulin"; exactly zero stalls the solver's Jacobian
MG_PER_MMOL = 18.0  # glucose, mg/dL per mmol/L (as the model converts)
MINUTES_PER_DAY = 1440.0
STARVE_MINUTES = 120.0  # cells without insulin before a step, as in the papers' serum-starved cells
MORNING = 7 * 60.0  # minutes after midnight: the time of a morning test after an overnight fast


def uu_per_ml(nanomolar: float) -> float:
    return nanomolar * 1000.0 / PMOL_PER_UU


def column(rows: np.ndarray, name: str) -> np.ndarray:
    return rows[:, OUTPUT_INDEX[name]]


def minutes_since(rows: np.ndarray, start: float) -> np.ndarray:
    """The rows' times (their day column) as minutes after `start` (a Simulation's minutes)."""
    return rows[:, 0] * MINUTES_PER_DAY - start


def series(name: str, x: Sequence[float], y: Sequence[float], x_label: str, y_label: str) -> Series:
    return Series(name, tuple(float(v) for v in x), tuple(float(v) for v in y), x_label, y_label)


def half_time(t: np.ndarray, y: np.ndarray, start: float, end: float) -> float:
    """Minutes until y first gets halfway from `start` to `end` (rising or falling)."""
    half = start + (end - start) / 2.0
    crossed = np.nonzero(y >= half)[0] if end > start else np.nonzero(y <= half)[0]
    if not len(crossed):
        return float("nan")
    i = int(crossed[0])
    if i == 0:
        return float(t[0])
    return float(np.interp(half, sorted((y[i - 1], y[i])), (t[i - 1], t[i]) if y[i] > y[i - 1]
                           else (t[i], t[i - 1])))


def ec50(doses: np.ndarray, response: np.ndarray) -> float:
    """The dose (same unit as `doses`, log-interpolated) at half the response's range."""
    low, high = float(response.min()), float(response.max())
    half = low + (high - low) / 2.0
    i = int(np.nonzero(response >= half)[0][0])
    if i == 0:
        return float(doses[0])
    fraction = (half - response[i - 1]) / (response[i] - response[i - 1])
    return float(10 ** (np.log10(doses[i - 1]) + fraction * (np.log10(doses[i]) - np.log10(doses[i - 1]))))


# --- cells -------------------------------------------------------------------------------------------

def _cells(sim: Simulation) -> None:
    """The body stands still; insulin is the experimenter's, first none for STARVE_MINUTES."""
    sim.set_lever("freeze_body", 1.0)
    sim.set_lever("hold_insulin", 1.0)
    sim.set_lever("held_insulin", NO_INSULIN)
    sim.advance(STARVE_MINUTES, 1)


def _step(sim: Simulation, nanomolar: float, minutes: float, per_minute: int = 20) -> np.ndarray:
    sim.set_lever("held_insulin", uu_per_ml(nanomolar) if nanomolar > 0 else NO_INSULIN)
    return sim.advance(minutes, int(minutes * per_minute))


def insulin_step(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """100 nM insulin on cells for 60 min, then washed out (Sedaghat et al. 2002); IRS-1 after a
    10 nM step (Brännmark et al. 2013)."""
    sim = Simulation(params)
    _cells(sim)
    t0 = sim.minutes
    basal = sim.outputs()["glut4_surface"]
    on = _step(sim, 100.0, 60.0)
    off = _step(sim, 0.0, 60.0)
    rows = np.vstack([on, off])
    t = minutes_since(rows, t0)
    glut4 = column(rows, "glut4_surface")
    plateau = float(column(on, "glut4_surface")[-1])
    figures = {
        "glut4_half_time": half_time(t[: len(on)], glut4[: len(on)], basal, plateau),
        "glut4_washout_half_time": half_time(t[len(on):] - 60.0, glut4[len(on):], plateau, basal),
        "glut4_fold_rise": plateau / basal,
    }
    sim.reset()
    _cells(sim)
    t1 = sim.minutes
    irs = _step(sim, 10.0, 60.0, per_minute=100)
    ti = minutes_since(irs, t1)
    ptyr = column(irs, "irs1_ptyr")
    at_10 = float(np.interp(10.0, ti, ptyr))
    figures["irs1_peak_time"] = float(ti[int(np.argmax(ptyr))])
    figures["irs1_overshoot"] = float(ptyr.max()) / at_10
    return [series("surface GLUT4 (100 nM from 0 to 60 min)", t, glut4, "minutes", "fraction of GLUT4"),
            series("IRS-1 tyrosine-phosphorylated (10 nM from 0)", ti, ptyr, "minutes", "fraction of IRS-1"),
            ], figures


DOSES_NM = np.logspace(-3, 2, 21)


def insulin_dose_response(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """Surface GLUT4 30 min and IRS-1 phosphorylation 10 min after insulin steps of 1 pM to 100 nM."""
    sim = Simulation(params)
    glut4, irs = [], []
    for dose in DOSES_NM:
        sim.reset()
        _cells(sim)
        t0 = sim.minutes
        rows = _step(sim, float(dose), 30.0, per_minute=2)
        t = minutes_since(rows, t0)
        glut4.append(float(column(rows, "glut4_surface")[-1]))
        irs.append(float(np.interp(10.0, t, column(rows, "irs1_ptyr"))))
    glut4_a, irs_a = np.array(glut4), np.array(irs)
    return ([series("surface GLUT4 at 30 min", DOSES_NM, glut4_a, "insulin, nM", "fraction of GLUT4"),
             series("IRS-1 tyrosine-phosphorylated at 10 min", DOSES_NM, irs_a, "insulin, nM",
                    "fraction of IRS-1")],
            {"glut4_ec50": ec50(DOSES_NM, glut4_a), "irs1_ec50": ec50(DOSES_NM, irs_a)})


# --- the body -----------------------------------------------------------------------------------------

def _fasted_morning(sim: Simulation) -> None:
    """No meals from the midnight after dinner; the test starts at 07:00."""
    sim.set_lever("meal_factor", 0.0)
    sim.advance(MORNING, 1)


def _oral_glucose(params: Params, mg_per_kg: float, minutes: float = 300.0, drink: bool = False
                  ) -> tuple[np.ndarray, float, float]:
    """Rows every minute after a glucose load at 07:00 after an overnight fast, with the basal
    glucose (mg/dL) and insulin (µU/mL) before it. A meal enters the stomach's solid phase; a drink
    needs no grinding and enters the liquid phase, which empties (Dalla Man et al. 2007's Qsto2)."""
    sim = Simulation(params)
    _fasted_morning(sim)
    before = sim.outputs()
    t0 = sim.minutes
    sim.set_lever("oral_dose", mg_per_kg)
    sim.add_to_state("gut_stomach_liquid" if drink else "gut_stomach", mg_per_kg)
    rows = sim.advance(minutes, int(minutes))
    rows = np.vstack([np.array([list(before.values())]), rows])
    rows[:, 0] = minutes_since(rows, t0)
    return rows, before["plasma_glucose"] * MG_PER_MMOL, before["plasma_insulin"]


def _glucose_figures(rows: np.ndarray, basal: float) -> dict[str, float]:
    t, glucose = rows[:, 0], column(rows, "plasma_glucose") * MG_PER_MMOL
    insulin = column(rows, "plasma_insulin")
    peak = int(np.argmax(glucose))
    after = np.nonzero((t > t[peak]) & (glucose <= 1.1 * basal))[0]
    return {"glucose_basal": basal, "glucose_peak": float(glucose[peak]), "glucose_peak_time": float(t[peak]),
            "glucose_2h": float(np.interp(120.0, t, glucose)),
            "glucose_return_time": float(t[after[0]]) if len(after) else float("nan"),
            "insulin_peak_time": float(t[int(np.argmax(insulin))]),
            "insulin_peak": float(insulin.max()) * PMOL_PER_UU}


def _glucose_series(rows: np.ndarray, what: str) -> list[Series]:
    t = rows[:, 0]
    return [series(f"plasma glucose ({what})", t, column(rows, "plasma_glucose") * MG_PER_MMOL, "minutes",
                   "mg/dL"),
            series(f"plasma insulin ({what})", t, column(rows, "plasma_insulin") * PMOL_PER_UU, "minutes",
                   "pmol/L")]


def mixed_meal(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """1 g/kg of glucose as a meal at 07:00 after an overnight fast (Dalla Man et al. 2007)."""
    rows, glucose, _ = _oral_glucose(params, 1000.0)
    return _glucose_series(rows, "1 g/kg meal at 0"), _glucose_figures(rows, glucose)


def ogtt(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """The standard 75 g oral glucose tolerance test after an overnight fast (WHO 2006): a drink."""
    from .parameters import make_parameters

    dose = 75_000.0 / make_parameters(params).body_weight  # mg/kg
    rows, glucose, _ = _oral_glucose(params, dose, minutes=180.0, drink=True)
    figures = _glucose_figures(rows, glucose)
    figures["glucose_2h_mmol"] = figures["glucose_2h_mmol_typical"] = figures["glucose_2h"] / MG_PER_MMOL
    return _glucose_series(rows, "75 g at 0"), figures


def _clamp(sim: Simulation, minutes: float = 180.0, ffa_infusion: float = 0.0) -> np.ndarray:
    """A hyperinsulinaemic-euglycaemic clamp from 07:00 after an overnight fast: insulin held at
    100 µU/mL, glucose at 5 mmol/L; rows every minute from its start."""
    _fasted_morning(sim)
    t0 = sim.minutes
    sim.set_lever("ffa_infusion", ffa_infusion)
    sim.set_lever("hold_glucose", 1.0)
    sim.set_lever("held_glucose", 5.0)
    sim.set_lever("hold_insulin", 1.0)
    sim.set_lever("held_insulin", 100.0)
    rows = sim.advance(minutes, int(minutes))
    rows[:, 0] = minutes_since(rows, t0)
    return rows


def clamp(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """The healthy adult's clamp over three hours: the glucose infusion rate as insulin acts."""
    sim = Simulation(params)
    rows = _clamp(sim)
    t, gir = rows[:, 0], column(rows, "glucose_infusion")
    plateau = float(gir[(t >= 90) & (t <= 120)].mean())  # M: the mean of the clamp's last 30 min
    return ([series("glucose infusion rate", t, gir, "minutes", "mg/kg/min")],
            {"clamp_m": plateau, "gir_half_time": half_time(t, gir, float(gir[0]), float(gir[-1]))})


def lipid_infusion(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """A six-hour clamp with plasma fatty acids raised (lipid and heparin) against one without."""
    control = _clamp(Simulation(params), minutes=360.0)
    lipid = _clamp(Simulation(params), minutes=360.0, ffa_infusion=1.0)
    t = control[:, 0]

    def disposal(rows: np.ndarray, at: float) -> float:
        """Glucose disposal (Rd, Itani's tracer measure): what is infused plus what the liver still
        makes, since glucose stays where the clamp holds it."""
        window = (t >= at - 30) & (t <= at)
        rd = column(rows, "glucose_infusion") + column(rows, "hepatic_glucose_output")
        return float(rd[window].mean())

    return ([series("glucose infusion rate, control", t, column(control, "glucose_infusion"), "minutes",
                    "mg/kg/min"),
             series("glucose infusion rate, lipid infusion", t, column(lipid, "glucose_infusion"), "minutes",
                    "mg/kg/min"),
             series("diacylglycerol, lipid infusion", t, column(lipid, "dag"), "minutes", "relative")],
            {"disposal_change_2h": disposal(lipid, 120) / disposal(control, 120) - 1.0,
             "disposal_change_6h": disposal(lipid, 360) / disposal(control, 360) - 1.0,
             "dag_fold_6h": float(column(lipid, "dag")[-1] / column(control, "dag")[-1]),
             "ffa_reached": float(column(lipid, "ffa")[-1])})


# --- long runs: diets, trials, knockouts -------------------------------------------------------------

def _run(params: Params, days: float, events: Sequence[ToggleEvent], subject: str = DEFAULT_SUBJECT
         ) -> np.ndarray:
    return Simulation(params, subject=subject).run(days, list(events), sample_hours=24.0).table


def _on(day: float, *toggles: str) -> list[ToggleEvent]:
    return [ToggleEvent(day, t, True) for t in toggles]


def _at(rows: np.ndarray, day: float, name: str) -> float:
    return float(np.interp(day, rows[:, 0], column(rows, name)))


# How the long runs' curves are named on screen (other columns use their meaning in model/outputs.py).
SHORT_NAMES = {"insulin_sensitivity": "insulin sensitivity (clamp M)", "homa_ir": "HOMA-IR",
               "hba1c": "HbA1c", "beta_cell_mass": "β-cell mass"}


def _fat(rows: np.ndarray, day: float) -> float:
    """Visceral and subcutaneous fat together (kg): the model's whole fat mass, or "abdominal fat"."""
    return _at(rows, day, "visceral_fat") + _at(rows, day, "subcutaneous_fat")


def _against_placebo(treated: np.ndarray, placebo: np.ndarray, start: float, end: float, name: str,
                     relative: bool) -> float:
    """The treated arm's change of `name` from `start` to `end` minus the placebo arm's, in the
    column's unit or (relative) as a share of the treated arm's value at `start`."""
    difference = ((_at(treated, end, name) - _at(treated, start, name))
                  - (_at(placebo, end, name) - _at(placebo, start, name)))
    return difference / _at(treated, start, name) if relative else difference


def _long_series(rows: np.ndarray, names: Sequence[str], what: str) -> list[Series]:
    """Daily values; curves with the same unit share a plot."""
    out = []
    for name in names:
        unit = OUTPUT_UNITS[name]
        label = SHORT_NAMES.get(name, OUTPUT_MEANINGS[name])
        out.append(series(f"{label} ({what})", rows[:, 0], column(rows, name), "days",
                          label if unit in ("1", "relative") else unit))
    return out


RUN_IN_DAYS = 365.0
TRIAL_DAYS = 168.0  # 24 weeks


def trt_trial(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """Men with diabesity and low testosterone, then testosterone or placebo for 24 weeks (Dhindsa
    et al. 2016). The run-in is a year of the high-fat diet with low testosterone."""
    run_in = _on(0.0, "high_fat_diet", "low_testosterone")
    end = RUN_IN_DAYS + TRIAL_DAYS
    placebo = _run(params, end, run_in)
    treated = _run(params, end, run_in + _on(RUN_IN_DAYS, "trt"))
    eugonadal = _run(params, RUN_IN_DAYS, _on(0.0, "high_fat_diet"))

    def change(name: str, relative: bool) -> float:
        return _against_placebo(treated, placebo, RUN_IN_DAYS, end, name, relative)

    return (_long_series(treated, ("insulin_sensitivity", "visceral_fat", "subcutaneous_fat", "lean_mass"),
                         "testosterone from day 365")
            + _long_series(placebo, ("insulin_sensitivity",), "placebo"),
            {"gir_change": change("insulin_sensitivity", True),
             "subcutaneous_fat_change": change("subcutaneous_fat", False),
             "lean_mass_change": change("lean_mass", False),
             "visceral_fat_change": change("visceral_fat", False),
             "gir_hypogonadal_vs_eugonadal": _at(placebo, RUN_IN_DAYS, "insulin_sensitivity")
             / _at(eugonadal, RUN_IN_DAYS, "insulin_sensitivity") - 1.0})


def gh_therapy(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """Growth hormone for six months (Lo et al. 2001) in men with excess visceral fat (HIV-associated
    fat accumulation; the model's stand-in is a year of the high-fat diet): insulin sensitivity at one
    and six months, total fat and lean mass at six, against the start."""
    start = RUN_IN_DAYS
    rows = _run(params, start + 180.0, _on(0.0, "high_fat_diet") + _on(start, "growth_hormone"))

    def change(name: str, day: float) -> float:
        return _at(rows, start + day, name) / _at(rows, start, name) - 1.0

    return (_long_series(rows, ("insulin_sensitivity", "visceral_fat", "subcutaneous_fat", "lean_mass"),
                         "growth hormone from day 365"),
            {"clamp_change_1_month": change("insulin_sensitivity", 30.0),
             "clamp_change_6_months": change("insulin_sensitivity", 180.0),
             "fat_change_6_months": _fat(rows, start + 180.0) / _fat(rows, start) - 1.0,
             "lean_change_6_months": change("lean_mass", 180.0)})


def obesity_cytokines(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """Plasma cytokines after half a year of the high-fat diet (obese cohorts, Mohamed-Ali et al.
    1997), beside the healthy adult's."""
    rows = _run(params, 180.0, _on(0.0, "high_fat_diet"))
    return (_long_series(rows, ("tnf_alpha", "il6"), "high-fat diet from day 0"),
            {"tnf_alpha_obese": _at(rows, 180.0, "tnf_alpha"), "il6_obese": _at(rows, 180.0, "il6"),
             "tnf_alpha_lean": _at(rows, 0.0, "tnf_alpha"), "il6_lean": _at(rows, 0.0, "il6")})


def nlrp3_knockout(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """The high-fat diet with and without NLRP3 (Vandanmagsar et al. 2011): how much of the diet's
    loss of insulin sensitivity the knockout prevents."""
    days = 120.0
    diet = _run(params, days, _on(0.0, "high_fat_diet"))
    knockout = _run(params, days, _on(0.0, "high_fat_diet", "nlrp3_knockout"))
    healthy = _at(diet, 0.0, "insulin_sensitivity")
    loss, loss_ko = healthy - _at(diet, days, "insulin_sensitivity"), healthy - _at(knockout, days,
                                                                                      "insulin_sensitivity")
    return (_long_series(diet, ("insulin_sensitivity",), "high-fat diet")
            + _long_series(knockout, ("insulin_sensitivity",), "high-fat diet, NLRP3 knocked out"),
            {"loss_prevented": 1.0 - loss_ko / loss if loss > 0 else float("nan")})


def il1_blockade(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """Two years of the high-fat diet with chronic inflammation (the model's nearest to type 2
    diabetes), then anakinra or placebo for 13 weeks (Larsen et al. 2007)."""
    run_in, start = _on(0.0, "high_fat_diet", "inflammation"), 730.0
    end = start + 91.0
    placebo = _run(params, end, run_in)
    treated = _run(params, end, run_in + _on(start, "il1_blockade"))

    def against_placebo(name: str, relative: bool) -> float:
        return _against_placebo(treated, placebo, start, end, name, relative)

    return (_long_series(treated, ("hba1c", "insulin_sensitivity", "beta_cell_mass"), "anakinra from day 730")
            + _long_series(placebo, ("hba1c",), "placebo"),
            {"hba1c_change": against_placebo("hba1c", False),
             "clamp_change": against_placebo("insulin_sensitivity", True),
             "hba1c_at_entry": _at(treated, start, "hba1c")})


def hormone_therapy(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """The reference woman a year after menopause (her oestrogen and fat have settled), then oestrogen
    with a progestin or placebo for a year (the WHI hormone trial, Margolis et al. 2004; the
    meta-analysis of Salpeter et al. 2006). Abdominal fat is the model's two depots together: its
    subcutaneous fat stands for the abdominal as well as the gluteofemoral."""
    run_in, start = _on(0.0, "menopause"), 365.0
    end = start + 365.0
    placebo = _run(params, end, run_in, "woman")
    treated = _run(params, end, run_in + _on(start, "hormone_therapy"), "woman")

    def against_placebo(name: str, relative: bool) -> float:
        return _against_placebo(treated, placebo, start, end, name, relative)

    fat_change = ((_fat(treated, end) - _fat(treated, start)) - (_fat(placebo, end) - _fat(placebo, start))
                  ) / _fat(treated, start)
    return (_long_series(treated, ("homa_ir", "insulin_sensitivity", "visceral_fat", "subcutaneous_fat"),
                         "hormone therapy from day 365")
            + _long_series(placebo, ("homa_ir", "insulin_sensitivity"), "placebo"),
            {"homa_ir_change": against_placebo("homa_ir", False),
             "homa_ir_relative_change": against_placebo("homa_ir", True),
             "abdominal_fat_change": fat_change,
             "menopause_homa_ir_rise": _at(placebo, start, "homa_ir") / _at(placebo, 0.0, "homa_ir") - 1.0})


def healthy_reference(params: Params = None) -> tuple[list[Series], Mapping[str, float]]:
    """The healthy adult over a month: the clinical reference values."""
    rows = _run(params, 30.0, [])
    return (_long_series(rows, ("insulin_sensitivity", "homa_ir", "hba1c"), "healthy"),
            {"clamp_m": _at(rows, 30.0, "insulin_sensitivity"), "homa_ir": _at(rows, 30.0, "homa_ir"),
             "hba1c": _at(rows, 30.0, "hba1c"),
             "fasting_glucose": float(Simulation(params).fasting[0])})


PROTOCOLS: dict[str, Callable[[Params], tuple[list[Series], Mapping[str, float]]]] = {
    "insulin_step": insulin_step,
    "insulin_dose_response": insulin_dose_response,
    "mixed_meal": mixed_meal,
    "ogtt": ogtt,
    "clamp": clamp,
    "lipid_infusion": lipid_infusion,
    "trt_trial": trt_trial,
    "gh_therapy": gh_therapy,
    "obesity_cytokines": obesity_cytokines,
    "nlrp3_knockout": nlrp3_knockout,
    "il1_blockade": il1_blockade,
    "hormone_therapy": hormone_therapy,
    "healthy_reference": healthy_reference,
}
