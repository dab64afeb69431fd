"""The switchable stressors, therapies and experiments, as the design brief names them.

Each toggle drives one *exposure* state that relaxes towards 1 when the toggle is on and back
towards 0 when it is off, with its own onset and offset time constants. The model's equations read
only exposures, never the raw switches, so every change is continuous in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Toggle:
    id: str
    kind: str  # "stressor" | "therapy" | "experiment"
    label: str
    onset_days: float  # time constant of the exposure rising after the switch goes on
    offset_days: float  # time constant of the exposure fading after the switch goes off
    summary: str


TOGGLES: tuple[Toggle, ...] = (
    Toggle("high_fat_diet", "stressor", "High-fat diet", 1.0, 1.0,
           "Chronic energy and saturated-fat excess: more free fatty acids, ectopic lipid, "
           "TLR4 priming and visceral fat gain."),
    Toggle("inflammation", "stressor", "Chronic inflammation", 1.0, 1.0,
           "Low-grade inflammation raises TNF-α and IL-6 tone."),
    Toggle("dag_accumulation", "stressor", "DAG accumulation", 1.0, 1.0,
           "Diacylglycerol builds up in muscle and liver and switches on novel PKC (θ, ε)."),
    Toggle("ceramide_accumulation", "stressor", "Ceramide accumulation", 1.0, 1.0,
           "Ceramides activate PP2A, which strips Akt of its activating phosphate, and "
           "activate the NLRP3 inflammasome."),
    Toggle("er_stress", "stressor", "ER stress", 0.5, 0.5,
           "The unfolded protein response (PERK, IRE1α) switches on JNK and IKKβ."),
    Toggle("mitochondrial_dysfunction", "stressor", "Mitochondrial dysfunction", 1.0, 1.0,
           "An overloaded electron transport chain leaks ROS and oxidised mtDNA, which "
           "activate NLRP3."),
    Toggle("low_testosterone", "stressor", "Low testosterone", 7.0, 7.0,
           "Male hypogonadism: visceral fat gain, less muscle, raised cytokine tone."),
    Toggle("menopause", "stressor", "Menopause", 60.0, 60.0,
           "Oestrogen and progesterone decline: central fat gain and lower insulin sensitivity."),
    Toggle("trt", "therapy", "Testosterone therapy (TRT)", 10.0, 10.0,
           "Weekly testosterone cypionate: less visceral fat and cytokines, more muscle, more "
           "insulin receptor and GLUT4 expression."),
    Toggle("tesamorelin", "therapy", "Tesamorelin", 3.0, 3.0,
           "GHRH analogue: pulsatile growth hormone that shrinks visceral fat."),
    Toggle("sermorelin", "therapy", "Sermorelin", 3.0, 3.0,
           "GHRH analogue: pulsatile growth hormone with modest body-composition effects."),
    Toggle("ipamorelin_cjc1295", "therapy", "Ipamorelin + CJC-1295", 3.0, 3.0,
           "Growth hormone secretagogue pair: pulsatile growth hormone, modest "
           "body-composition effects."),
    Toggle("growth_hormone", "therapy", "Growth hormone", 2.0, 2.0,
           "Direct, sustained growth hormone: less fat and more muscle, but it opposes insulin "
           "action directly."),
    Toggle("lifestyle", "therapy", "Lifestyle", 14.0, 14.0,
           "Caloric balance and exercise: less visceral fat and FFA, more muscle glucose "
           "disposal."),
    Toggle("nlrp3_knockout", "experiment", "NLRP3 knockout", 0.5, 0.5,
           "No NLRP3 inflammasome, as in knockout mice."),
    # Appended for the experiments (issue 15): every earlier toggle keeps its place.
    Toggle("il1_blockade", "therapy", "IL-1 blockade (anakinra)", 1.0, 1.0,
           "Anakinra, a recombinant IL-1 receptor antagonist: IL-1β can no longer signal, which "
           "spares the β-cells and damps the inflammatory loop."),
    Toggle("hormone_therapy", "therapy", "Menopausal hormone therapy", 14.0, 14.0,
           "Daily oestrogen with a progestin, as in the WHI trial: gives back much of the "
           "oestrogen and progesterone action that menopause took away."),
)

class ToggleEvent(NamedTuple):
    """A switch at a simulated day: the one type of scenarios, sessions, presets, lessons' claims,
    the model's plan and the window's history. A named tuple, so events sort by day (then toggle)
    and unpack as (day, toggle, on)."""

    day: float
    toggle: str
    on: bool


TOGGLE_IDS: tuple[str, ...] = tuple(t.id for t in TOGGLES)
TOGGLE_INDEX: dict[str, int] = {t.id: i for i, t in enumerate(TOGGLES)}
TOGGLES_BY_ID: dict[str, Toggle] = {t.id: t for t in TOGGLES}
