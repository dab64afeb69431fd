"""The literature's experiments as protocols the model runs, each beside the figures it published.

An experiment is a protocol (model/protocols.py: what is done to the model, and which numbers are
read from the run) and a file `resources/experiments/<id>.json` holding the paper's own figures with
where each number comes from, which a teacher can read and correct. `run_experiment(id)` runs the
protocol once and returns its named series and the comparisons, published against model:

    {
      "format": "insulin-pathway-explorer/experiment", "version": 1,
      "id": "insulin_step", "title": "…", "paper": "…", "protocol": "…",
      "figures": [
        {"id": "glut4_half_time", "label": "…", "value": 2.95, "unit": "min",
         "tolerance": 0.25, "citation": "…", "source": "…"},
        {"id": "clamp_m", "label": "…", "low": 4.7, "high": 8.7, "unit": "mg/kg/min", …}
      ]
    }

A figure is met when the model lies within `tolerance` (a share of the published value, 0.25 by
default) or within `tolerance_abs` (in the figure's unit, for an effect the paper found to be nil), or
inside the paper's own `spread` [low, high] where that is wider; or inside [low, high] for a published
range.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .readers import VersionedFormat, bounded_number, quoted, read_json
from .resources import resource_path

EXPERIMENT_FORMAT = "insulin-pathway-explorer/experiment"
EXPERIMENT_VERSION = 1
MAX_EXPERIMENT_BYTES = 200_000
DEFAULT_TOLERANCE = 0.25
EXPERIMENT = VersionedFormat(
    EXPERIMENT_FORMAT, EXPERIMENT_VERSION,
    frozenset({"format", "version", "id", "title", "paper", "protocol", "figures"}), "experiment",
    required=("format", "version", "id", "title", "paper", "protocol", "figures"))
_FIGURE_KEYS = frozenset({"id", "label", "value", "low", "high", "unit", "tolerance", "tolerance_abs",
                          "citation", "source", "note", "at", "series", "reference", "spread"})


class ExperimentError(ValueError):
    """A bad experiment file or name; the message is one line."""


@dataclass(frozen=True)
class PublishedFigure:
    id: str
    label: str
    unit: str
    citation: str
    source: str  # where the number comes from: the paper's text, a table, a re-simulated model
    value: float | None = None
    low: float | None = None
    high: float | None = None
    tolerance: float = DEFAULT_TOLERANCE
    tolerance_abs: float | None = None
    note: str = ""
    # Where the window draws it over the model's curves: on series number `series`, a point at x =
    # `at` (a value) or a box over x from at[0] to at[1] (a range).
    at: float | tuple[float, float] | None = None
    series: int | None = None
    # "script:model:figure" (or "script:figure"): the number re-simulated by
    # tools/reference_models/<script>.py; tests/test_reference_models.py checks the two agree.
    reference: str = ""
    spread: tuple[float, float] | None = None  # the paper's own spread around `value` (IQR, range, ±SD)

    @property
    def accepted(self) -> tuple[float, float] | None:
        """The interval a model value must fall in (None for a published range, judged by low/high):
        the tolerance around the value, or the paper's spread where that is wider."""
        if self.value is None:
            return None
        width = self.tolerance_abs if self.tolerance_abs is not None else self.tolerance * abs(self.value)
        low, high = self.value - width, self.value + width
        if self.spread is not None:
            low, high = min(low, self.spread[0]), max(high, self.spread[1])
        return low, high

    def met_by(self, model: float) -> bool:
        if not math.isfinite(model):
            return False
        if self.value is None:
            return (self.low is None or model >= self.low) and (self.high is None or model <= self.high)
        low, high = self.accepted
        return low - 1e-12 <= model <= high + 1e-12

    def published_text(self) -> str:
        if self.value is not None and self.spread is not None:
            return f"{self.value:.3g} ({self.spread[0]:.3g}–{self.spread[1]:.3g}) {self.unit}"
        if self.value is not None:
            return f"{self.value:.3g} {self.unit}"
        if self.low is not None and self.high is not None:
            return f"{self.low:.3g}–{self.high:.3g} {self.unit}"
        if self.low is not None:
            return f"≥ {self.low:.3g} {self.unit}"
        return f"≤ {self.high:.3g} {self.unit}"


@dataclass(frozen=True)
class Comparison:
    figure: PublishedFigure
    model: float

    @property
    def ratio(self) -> float | None:
        """Model over published (None for a range or a published zero)."""
        value = self.figure.value
        return self.model / value if value else None

    @property
    def met(self) -> bool:
        return self.figure.met_by(self.model)

    def line(self) -> str:
        ratio = (f"ratio {self.ratio:.2f}" if self.ratio is not None
                 else "a range" if self.figure.value is None else "no ratio to a published 0")
        verdict = "within tolerance" if self.met else "OUTSIDE tolerance"
        return (f"{self.figure.label}: published {self.figure.published_text()}, model "
                f"{self.model:.3g} {self.figure.unit} ({ratio}, {verdict})")


@dataclass(frozen=True)
class Series:
    """One curve of a run: x and y with their units and names."""

    name: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    x_label: str
    y_label: str


@dataclass(frozen=True)
class Experiment:
    id: str
    title: str
    paper: str
    protocol: str
    figures: tuple[PublishedFigure, ...]


@dataclass
class ExperimentResult:
    experiment: Experiment
    series: list[Series] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)

    def comparison(self, figure_id: str) -> Comparison:
        return next(c for c in self.comparisons if c.figure.id == figure_id)


# --- the files ------------------------------------------------------------------------------------

def _text(value: object, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ExperimentError(f"{where}: \"{name}\" must be non-empty text")
    return " ".join(value.split())


def _figure(raw: object, where: str) -> PublishedFigure:
    if not isinstance(raw, dict):
        raise ExperimentError(f"{where}: a figure must be a JSON object")
    unknown = sorted(set(raw) - _FIGURE_KEYS)
    if unknown:
        raise ExperimentError(f"{where}: unknown key {quoted(unknown[0])} in a figure")
    numbers: dict[str, float | None] = {}
    for key in ("value", "low", "high", "tolerance", "tolerance_abs"):
        if key in raw:
            number = bounded_number(raw[key])
            if number is None:
                raise ExperimentError(f"{where}: \"{key}\" must be a number")
            numbers[key] = number
    if ("value" in numbers) == ("low" in numbers or "high" in numbers):
        raise ExperimentError(f"{where}: a figure has either a \"value\" or a range (\"low\", \"high\")")
    if numbers.get("tolerance", DEFAULT_TOLERANCE) < 0 or numbers.get("tolerance_abs", 0) < 0:
        raise ExperimentError(f"{where}: a tolerance must not be negative")
    at, series = _placement(raw, where)
    spread = None
    if "spread" in raw:
        pair = raw["spread"]
        ends = [bounded_number(v) for v in pair] if isinstance(pair, list) and len(pair) == 2 else [None]
        if None in ends or "value" not in numbers or not ends[0] <= numbers["value"] <= ends[1]:
            raise ExperimentError(f"{where}: \"spread\" must be [low, high] around the figure's value")
        spread = (ends[0], ends[1])
    return PublishedFigure(
        id=_text(raw.get("id"), where, "id"), label=_text(raw.get("label"), where, "label"),
        unit=_text(raw.get("unit"), where, "unit"), citation=_text(raw.get("citation"), where, "citation"),
        source=_text(raw.get("source"), where, "source"), value=numbers.get("value"),
        low=numbers.get("low"), high=numbers.get("high"),
        tolerance=numbers.get("tolerance", DEFAULT_TOLERANCE), tolerance_abs=numbers.get("tolerance_abs"),
        note=" ".join(str(raw.get("note", "")).split()), at=at, series=series,
        reference=str(raw.get("reference", "")), spread=spread)


def _placement(raw: dict, where: str) -> tuple[float | tuple[float, float] | None, int | None]:
    if ("at" in raw) != ("series" in raw):
        raise ExperimentError(f"{where}: \"at\" and \"series\" go together")
    if "at" not in raw:
        return None, None
    series = raw["series"]
    if isinstance(series, bool) or not isinstance(series, int) or not 0 <= series < 100:
        raise ExperimentError(f"{where}: \"series\" must be a curve's number (0 for the first)")
    at = raw["at"]
    if isinstance(at, list) and len(at) == 2:
        low, high = bounded_number(at[0]), bounded_number(at[1])
        if low is None or high is None or low >= high:
            raise ExperimentError(f"{where}: \"at\" must be a number or [from, to]")
        return (low, high), series
    number = bounded_number(at)
    if number is None:
        raise ExperimentError(f"{where}: \"at\" must be a number or [from, to]")
    return number, series


def experiment_from_dict(data: object, where: str) -> Experiment:
    top = EXPERIMENT.check(data, where, ExperimentError)
    figures = top["figures"]
    if not isinstance(figures, list) or not figures:
        raise ExperimentError(f"{where}: \"figures\" must be a non-empty list")
    parsed = tuple(_figure(raw, f"{where}: figure {i + 1}") for i, raw in enumerate(figures))
    ids = [f.id for f in parsed]
    if len(set(ids)) != len(ids):
        raise ExperimentError(f"{where}: two figures share an id")
    return Experiment(id=_text(top["id"], where, "id"), title=_text(top["title"], where, "title"),
                      paper=_text(top["paper"], where, "paper"),
                      protocol=_text(top["protocol"], where, "protocol"), figures=parsed)


def load_experiment(experiment_id: str, folder: Path | None = None) -> Experiment:
    folder = folder if folder is not None else resource_path("experiments")
    path = folder / f"{experiment_id}.json"
    experiment = experiment_from_dict(read_json(path, path.name, MAX_EXPERIMENT_BYTES, ExperimentError),
                                      path.name)
    if experiment.id != experiment_id:
        raise ExperimentError(f"{path.name}: \"id\" must be {quoted(experiment_id)}, the file's name")
    return experiment


# --- running ---------------------------------------------------------------------------------------

Protocol = Callable[[Mapping[str, float] | None], tuple[list[Series], Mapping[str, float]]]


def protocols() -> dict[str, Protocol]:
    from .protocols import PROTOCOLS

    return PROTOCOLS


def experiment_ids() -> list[str]:
    return sorted(protocols())


def experiment_files(folder: Path | None = None) -> list[str]:
    """The experiments resources/ describes, by file name: what a lesson may start. (Listing the
    protocols would load the model; the tests check that both lists agree.)"""
    folder = folder if folder is not None else resource_path("experiments")
    return sorted(p.stem for p in folder.glob("*.json"))


def run_experiment(experiment_id: str, parameters: Mapping[str, float] | None = None) -> ExperimentResult:
    """Run one protocol (with parameter overrides, if any) and compare it with its paper's figures."""
    known = protocols()
    if experiment_id not in known:
        raise ExperimentError(f"unknown experiment {quoted(experiment_id)} (experiments: "
                              f"{', '.join(sorted(known))})")
    experiment = load_experiment(experiment_id)
    series, values = known[experiment_id](parameters)
    missing = [f.id for f in experiment.figures if f.id not in values]
    if missing:
        raise ExperimentError(f"{experiment_id}.json: the protocol gives no figure {quoted(missing[0])}")
    return ExperimentResult(experiment, list(series),
                            [Comparison(f, float(values[f.id])) for f in experiment.figures])


# --- results as plain data (the window's experiment process sends them as JSON) --------------------

def run_experiment_as_dict(experiment_id: str) -> dict:
    """Run an experiment; its result as plain values (what the window's experiment process sends)."""
    return result_to_dict(run_experiment(experiment_id))


def result_to_dict(result: ExperimentResult) -> dict:
    e = result.experiment
    return {"experiment": {"id": e.id, "title": e.title, "paper": e.paper, "protocol": e.protocol},
            "series": [{"name": s.name, "x": list(s.x), "y": list(s.y), "x_label": s.x_label,
                        "y_label": s.y_label} for s in result.series],
            "model": {c.figure.id: c.model for c in result.comparisons}}


def result_from_dict(data: dict) -> ExperimentResult:
    """The result again, its figures read afresh from resources/ (only the numbers travel)."""
    experiment = load_experiment(str(data["experiment"]["id"]))
    model = {str(k): float(v) for k, v in data["model"].items()}
    series = [Series(str(s["name"]), tuple(map(float, s["x"])), tuple(map(float, s["y"])),
                     str(s["x_label"]), str(s["y_label"])) for s in data["series"]]
    return ExperimentResult(experiment, series, [Comparison(f, model[f.id]) for f in experiment.figures])


# --- the calibration table (model/README.md, written by tools/experiment_table.py --write) ---------

TABLE_MARKERS = ("<!-- experiment table: begin -->", "<!-- experiment table: end -->")


def markdown_table(results: list[ExperimentResult]) -> str:
    """Every figure of every experiment: published, model, ratio and whether it is met."""
    lines = ["| experiment | figure | published | model | ratio | within tolerance |",
             "|---|---|---|---|---|---|"]
    for result in results:
        for c in result.comparisons:
            ratio = f"{c.ratio:.2f}" if c.ratio is not None else "–"
            lines.append(f"| `{result.experiment.id}` | {c.figure.label} | {c.figure.published_text()} | "
                         f"{c.model:.3g} {c.figure.unit} | {ratio} | {'yes' if c.met else 'no'} |")
    met = sum(c.met for r in results for c in r.comparisons)
    total = sum(len(r.comparisons) for r in results)
    return "\n".join(lines) + f"\n\n{met} of {total} published figures within tolerance.\n"
