"""Guided lessons: teacher-editable JSON files (resources/lessons/*.json) that drive the window step by
step and end on a claim the model reproduces. No widgets here; the window shows a lesson with
`widgets.lesson_panel.LessonPanel` and carries out what `LessonRunner.actions()` lists.

A lesson file (UTF-8, at most 1 MB; the file name without `.json` is the lesson's id)::

    {
      "format": "insulin-pathway-explorer/lesson",
      "version": 1,
      "title": "Why the NLRP3 knockout mice were protected",
      "part": "Academic",
      "summary": "One or two sentences for a menu or tooltip.",
      "steps": [
        {"title": "A danger sensor",
         "narration": "Short text; **bold**, *italic* and [node links](node:nlrp3) are allowed.",
         "level": 3,
         "speed": 43200,
         "toggles": {"high_fat_diet": true},
         "reset": false,
         "highlight": ["nlrp3", "il1b"],
         "select": "nlrp3"}
      ],
      "claim": {
        "text": "With NLRP3 knocked out, the high-fat diet lowers insulin sensitivity less.",
        "days": 150,
        "scenario": [{"day": 0, "toggle": "high_fat_diet", "on": true},
                     {"day": 0, "toggle": "nlrp3_knockout", "on": true}],
        "reference": [{"day": 0, "toggle": "high_fat_diet", "on": true}],
        "expect": [{"output": "insulin_sensitivity", "relation": "higher", "by_at_least": 0.05},
                   {"output": "il1b", "relation": "lower", "by_at_least": 0.3}]
      }
    }

Top level: "format", "version" (a whole number, 1; newer versions are refused), "title", "part"
(one of PARTS) and a non-empty "steps" list are required; "summary", "claim" and "subject" are
optional. "subject" ("man" or "woman", `resources/subjects.toml`) is the body the lesson is about: the
window switches to it at every step, and the claim's runs simulate it. Without it the lesson runs on
whichever subject the window shows, and every switch it turns on must apply to the man.

Each step needs "title" and "narration" (the small Markdown subset of the node texts, see
`ui.content.markdown_to_html`; every `node:` link must name a node of resources/pathway.json).
Optional:

- "level": detail level 1 (Fundamentals), 2 (Intermediate) or 3 (Academic).
- "speed": simulated minutes per real second, one of SPEEDS (1 min/s … 1 month/s).
- "toggles": {toggle id: true/false} switched at this step; toggles not named keep their state.
- "reset": true restarts the simulation (healthy adult, every toggle off) before anything else.
- "highlight": node ids to emphasise. A highlight lasts for its step only; a step without one
  clears it. A highlighted node must be visible at the step's level (the last level set so far).
- "select": a node id to open in the info panel.
- "run_days": simulated days to compute ahead at the model's full speed once the step's switches are
  set (the window's Run menu, behind its progress dialog), so a step can show months in seconds.
- "experiment": an experiment's id (resources/experiments/) to run when the step is shown; its curves
  and the paper's figures open in a window of their own.
- "pin": a name; before anything else the step does, the run so far is pinned in the trend plot under
  it (drawn beside later runs, kept through resets), so a lesson compares by itself.
- "side_by_side": a name; just before the step's switches, a copy of the model at this moment starts
  to run beside it on the same clock, keeping the switches it has (e.g. "no therapy" before a therapy
  is switched on). A reset ends it and keeps its curves as a pinned run.
- "trend": 1 to 4 quantities of resources/trend.toml for the trend plot, from this step on.
- "predict": {"question": text, "output": an output column}: predict, observe, explain. The step
  asks the question with three answers (rise, fall, about the same) and acts only once the student
  has answered; at the end of its "run_days" (required with it) the window shows the answer beside
  the output's value before and after.

The claim compares two runs of the model from the healthy start, each `days` long: "scenario" and
"reference" are lists of events {"day", "toggle", "on"} ("day" defaults to 0 and "on" to true; an
empty reference is the healthy adult). Each expectation names an output column
(`python main.py --list-outputs`), a relation "higher" or "lower", and "by_at_least": the claim holds
when, at the last day, (scenario − reference) / |reference| is at least +by_at_least ("higher") or
at most −by_at_least ("lower"). `evaluate_claim` runs this; two 150-day runs take 10–30 s, so the
window should call it off the GUI thread.

Unknown keys anywhere, duplicate keys, unknown toggles, nodes or outputs, bad levels or speeds,
empty step lists, newer versions, invalid JSON and oversized files raise LessonError, whose message
names the file (and step) and the problem, so a broken edit is caught at start-up or by the tests.

Walking a lesson (the window's side)::

    runner = LessonRunner()
    runner.start(lessons["nlrp3_knockout"])
    do(runner.actions())          # ("reset",), ("level", 3), ("speed", 43200.0),
                                  # ("toggle", "high_fat_diet", True), ("highlight", [...]),
                                  # ("select", "nlrp3")
    if runner.next(): do(runner.actions())      # False at the last step: the lesson is over
    if runner.previous(): do(runner.actions())  # False at the first step

Every step's actions describe the whole state the lesson controls at that step, so steps can be
visited in any order: "level" and "speed" are the last ones set at or before the step, and there
is one "toggle" action for every toggle the lesson touches anywhere, with the value the lesson has
given it by then (a "reset" step switches everything off first; before its first mention a toggle
counts as off). Going back re-applies the earlier step's switches; it does not rewind time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from model.outputs import OUTPUT_NAMES
from model.readers import VersionedFormat, bounded_number, load_each, quoted, read_json
from model.subjects import DEFAULT_SUBJECT, Subject, get_subject, subject_ids
from model.toggles import TOGGLE_IDS, ToggleEvent
from ui.content import LEVELS, MAX_PATHWAY_BYTES, markdown_to_html, node_links, resource_path
from widgets.quantities import unit_after_number
from widgets.speeds import SPEEDS

__all__ = [
    "LESSON_FORMAT",
    "LESSON_ORDER",
    "LESSON_VERSION",
    "MAX_CLAIM_DAYS",
    "MAX_LESSON_BYTES",
    "PARTS",
    "SPEEDS",
    "Claim",
    "Expectation",
    "Lesson",
    "LessonError",
    "LessonRunner",
    "LessonStep",
    "evaluate_claim",
    "lesson_from_dict",
    "load_lesson",
    "load_lessons",
    "pathway_node_levels",
    "relative_change",
    "summarise_results",
]

LESSON_FORMAT = "insulin-pathway-explorer/lesson"
LESSON_VERSION = 1
MAX_LESSON_BYTES = 1_000_000
# A step is read aloud in class; far longer text is a mistake, and laying out megabytes of it would
# hold up the window.
MAX_NARRATION_CHARS = 20_000
MAX_CLAIM_DAYS = 3650.0  # ten simulated years take minutes; longer claims would stall a lesson
PARTS: tuple[str, ...] = ("Fundamentals", "Intermediate", "Disruptor table", "Academic", "Study findings")
RELATIONS: tuple[str, ...] = ("higher", "lower")

# The lessons the app ships, in teaching order; any other file a teacher adds follows these,
# sorted by part (in PARTS order) and then by id.
LESSON_ORDER: tuple[str, ...] = (
    "insulin_relay",
    "serine_switch",
    "ceramides",
    "four_saboteurs",
    "nlrp3_knockout",
    "testosterone_therapy",
)

LESSON = VersionedFormat(LESSON_FORMAT, LESSON_VERSION,
                         frozenset({"format", "version", "title", "part", "summary", "steps", "claim",
                                    "subject"}),
                         "lesson", required=("format", "version", "title", "part", "steps"))
_STEP_KEYS = {"title", "narration", "level", "speed", "toggles", "reset", "highlight", "select",
              "experiment", "run_days", "pin", "side_by_side", "trend", "predict"}
_PREDICT_KEYS = {"question", "output"}
_CLAIM_KEYS = {"text", "days", "scenario", "reference", "expect"}
_EVENT_KEYS = {"day", "toggle", "on"}
_EXPECT_KEYS = {"output", "relation", "by_at_least"}
_NODE_LINK_ANY = re.compile(r"\]\(node:([^)\s]*)\)")


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Prediction:
    """Predict, observe, explain: a question asked before the step's switches and run, about one
    output; the window then shows the student's answer beside what the model did."""

    question: str
    output: str


@dataclass(frozen=True)
class LessonStep:
    title: str
    narration: str  # Markdown subset, see ui.content.markdown_to_html
    level: int | None = None
    speed: float | None = None
    toggles: tuple[tuple[str, bool], ...] = ()  # (toggle id, on), in file order
    reset: bool = False
    highlight: tuple[str, ...] = ()
    select: str | None = None
    experiment: str | None = None
    run_days: float | None = None
    pin: str | None = None  # pin the run so far under this name, before anything else
    side_by_side: str | None = None  # start a second run of this name, a copy of now, before the switches
    trend: tuple[str, ...] = ()  # the trend plot's quantities from this step on
    predict: Prediction | None = None

    def narration_html(self) -> str:
        """Safe HTML of the narration (escaped; only bold, italic and node links become markup)."""
        return markdown_to_html(self.narration)


@dataclass(frozen=True)
class Expectation:
    output: str
    relation: str  # "higher" | "lower"
    by_at_least: float  # relative change, e.g. 0.1 = 10%


@dataclass(frozen=True)
class Claim:
    text: str
    days: float
    scenario: tuple[ToggleEvent, ...]
    reference: tuple[ToggleEvent, ...]
    expect: tuple[Expectation, ...]
    subject: str = DEFAULT_SUBJECT  # the lesson's subject: both runs simulate this body


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    part: str
    summary: str
    steps: tuple[LessonStep, ...]
    claim: Claim | None = None
    path: Path | None = field(default=None, compare=False)
    subject: str | None = None  # the body the lesson is about; None: whichever the window shows


# --- loading ----------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _node_levels_cached(path: str) -> dict[str, int]:
    p = Path(path)
    data = read_json(p, p.name, MAX_PATHWAY_BYTES, LessonError)
    try:
        return {str(node["id"]): int(node.get("level", 1)) for node in data["nodes"]}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LessonError(f"{p.name}: cannot read the pathway's node ids ({exc})") from None


def pathway_node_levels(path: str | Path | None = None) -> dict[str, int]:
    """Node id → detail level (1–3) from resources/pathway.json."""
    return dict(_node_levels_cached(str(Path(path) if path is not None else resource_path("pathway.json"))))


class _AnyNode(dict):
    """Node levels when resources/pathway.json cannot be read: any id passes, shown from level 1."""

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __getitem__(self, key: str) -> int:
        return 1


def _check_keys(obj: object, allowed: set[str], where: str, what: str) -> dict:
    if not isinstance(obj, dict):
        raise LessonError(f"{where}: {what} must be a JSON object")
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise LessonError(f"{where}: unknown key {quoted(unknown[0])} in {what} "
                          f"(allowed: {', '.join(sorted(allowed))})")
    return obj


def _text(value: object, where: str, name: str, required: bool = True) -> str:
    if not isinstance(value, str):
        raise LessonError(f"{where}: \"{name}\" must be text")
    if required and not value.strip():
        raise LessonError(f"{where}: \"{name}\" must not be empty")
    return value.strip()


def _number(value: object, where: str, name: str) -> float:
    number = bounded_number(value)  # a 400-digit integer is refused here, never converted
    if number is None:
        raise LessonError(f"{where}: \"{name}\" must be a number")
    return number


def _toggle(value: object, where: str) -> str:
    if not isinstance(value, str) or value not in TOGGLE_IDS:
        raise LessonError(f"{where}: unknown toggle {value!r} (known: {', '.join(TOGGLE_IDS)})")
    return value


def _node(value: object, nodes: dict[str, int], where: str) -> str:
    if not isinstance(value, str) or value not in nodes:
        raise LessonError(f"{where}: unknown node {value!r} (node ids are listed in resources/pathway.json)")
    return value


def _parse_step(raw: object, where: str, nodes: dict[str, int], level_so_far: int | None) -> LessonStep:
    step = _check_keys(raw, _STEP_KEYS, where, "a step")
    for name in ("title", "narration"):
        if name not in step:
            raise LessonError(f"{where}: missing \"{name}\"")
    title = _text(step["title"], where, "title")
    narration = _text(step["narration"], where, "narration")
    if len(narration) > MAX_NARRATION_CHARS:
        raise LessonError(f"{where}: the narration is {len(narration)} characters long; a step holds "
                          f"at most {MAX_NARRATION_CHARS} (split it into several steps)")
    for target in _NODE_LINK_ANY.findall(narration):
        _node(target, nodes, f"{where}: narration link")
    for target in node_links(narration):
        _node(target, nodes, f"{where}: narration link")

    level = None
    if "level" in step:
        value = step["level"]
        if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
            raise LessonError(f"{where}: \"level\" must be 1, 2 or 3, not {value!r}")
        level = value
    speed = None
    if "speed" in step:
        value = _number(step["speed"], where, "speed")
        if value not in SPEEDS:
            raise LessonError(f"{where}: \"speed\" must be one of "
                              f"{', '.join(f'{s:g}' for s in SPEEDS)} (simulated minutes per second), "
                              f"not {step['speed']!r}")
        speed = value
    toggles: list[tuple[str, bool]] = []
    if "toggles" in step:
        if not isinstance(step["toggles"], dict):
            raise LessonError(f"{where}: \"toggles\" must be an object of toggle id: true/false")
        for name, on in step["toggles"].items():
            _toggle(name, f"{where}: toggles")
            if not isinstance(on, bool):
                raise LessonError(f"{where}: toggle {quoted(name)} must be true or false")
            toggles.append((name, on))
    reset = step.get("reset", False)
    if not isinstance(reset, bool):
        raise LessonError(f"{where}: \"reset\" must be true or false")
    highlight: list[str] = []
    if "highlight" in step:
        if not isinstance(step["highlight"], list):
            raise LessonError(f"{where}: \"highlight\" must be a list of node ids")
        shown_level = level if level is not None else level_so_far
        for node_id in step["highlight"]:
            _node(node_id, nodes, f"{where}: highlight")
            if shown_level is not None and nodes[node_id] > shown_level:
                raise LessonError(f"{where}: highlighted node {quoted(node_id)} is only shown from level "
                                  f"{nodes[node_id]}, but the step shows level {shown_level}")
            if node_id not in highlight:
                highlight.append(node_id)
    select = _node(step["select"], nodes, f"{where}: select") if "select" in step else None
    experiment = step.get("experiment")
    if experiment is not None:
        from model.experiments import experiment_files

        if not isinstance(experiment, str) or experiment not in experiment_files():
            raise LessonError(f"{where}: unknown experiment {quoted(experiment)} (experiments: "
                              f"{', '.join(experiment_files())})")
    run_days = None
    if "run_days" in step:
        run_days = _number(step["run_days"], where, "run_days")
        if not 0 < run_days <= MAX_CLAIM_DAYS:
            raise LessonError(f"{where}: \"run_days\" must be more than 0 and at most {MAX_CLAIM_DAYS:g}")
    pin = _text(step["pin"], where, "pin") if "pin" in step else None
    side_by_side = _text(step["side_by_side"], where, "side_by_side") if "side_by_side" in step else None
    trend = _trend(step["trend"], where) if "trend" in step else ()
    predict = None
    if "predict" in step:
        raw = _check_keys(step["predict"], _PREDICT_KEYS, where, "\"predict\"")
        if not {"question", "output"} <= set(raw):
            raise LessonError(f"{where}: \"predict\" needs a \"question\" and an \"output\"")
        if raw["output"] not in OUTPUT_NAMES or raw["output"] == "day":
            raise LessonError(f"{where}: \"predict\": unknown output {quoted(str(raw['output']))}")
        if run_days is None:
            raise LessonError(f"{where}: a step that asks for a prediction needs \"run_days\", so the "
                              "model shows what happens")
        predict = Prediction(_text(raw["question"], where, "question"), raw["output"])
    return LessonStep(title=title, narration=narration, level=level, speed=speed,
                      toggles=tuple(toggles), reset=reset, highlight=tuple(highlight), select=select,
                      experiment=experiment, run_days=run_days, pin=pin, side_by_side=side_by_side,
                      trend=trend, predict=predict)


def _trend(raw: object, where: str) -> tuple[str, ...]:
    from ui.trend import load_trend_quantities_or_fallback
    from widgets.quantities import MAX_SHOWN

    known = load_trend_quantities_or_fallback()[0]
    if not isinstance(raw, list) or not raw or len(raw) > MAX_SHOWN:
        raise LessonError(f"{where}: \"trend\" must list 1 to {MAX_SHOWN} quantities of resources/trend.toml")
    for qid in raw:
        if qid not in known:
            raise LessonError(f"{where}: \"trend\": unknown quantity {quoted(str(qid))} "
                              "(see resources/trend.toml)")
    return tuple(dict.fromkeys(raw))


def _parse_events(raw: object, where: str, name: str, days: float) -> tuple[ToggleEvent, ...]:
    if not isinstance(raw, list):
        raise LessonError(f"{where}: \"{name}\" must be a list of events")
    events = []
    for i, item in enumerate(raw, start=1):
        at = f"{where}: {name} event {i}"
        ev = _check_keys(item, _EVENT_KEYS, at, "an event")
        if "toggle" not in ev:
            raise LessonError(f"{at}: missing \"toggle\"")
        day = _number(ev.get("day", 0), at, "day")
        if not 0 <= day <= days:
            raise LessonError(f"{at}: \"day\" must lie between 0 and the claim's {days:g} days")
        on = ev.get("on", True)
        if not isinstance(on, bool):
            raise LessonError(f"{at}: \"on\" must be true or false")
        events.append(ToggleEvent(day, _toggle(ev["toggle"], at), on))
    return tuple(sorted(events, key=lambda e: e.day))  # stable: same-day events keep file order


def _parse_claim(raw: object, where: str, subject: str) -> Claim:
    claim = _check_keys(raw, _CLAIM_KEYS, where, "the claim")
    for name in ("text", "days", "scenario", "expect"):
        if name not in claim:
            raise LessonError(f"{where}: missing \"{name}\"")
    text = _text(claim["text"], where, "text")
    days = _number(claim["days"], where, "days")
    if not 0 < days <= MAX_CLAIM_DAYS:
        raise LessonError(f"{where}: \"days\" must be more than 0 and at most {MAX_CLAIM_DAYS:g}")
    scenario = _parse_events(claim["scenario"], where, "scenario", days)
    reference = _parse_events(claim.get("reference", []), where, "reference", days)
    if scenario == reference:
        raise LessonError(f"{where}: scenario and reference are the same, so nothing is compared")
    if not isinstance(claim["expect"], list) or not claim["expect"]:
        raise LessonError(f"{where}: \"expect\" must be a non-empty list")
    expect = []
    for i, item in enumerate(claim["expect"], start=1):
        at = f"{where}: expectation {i}"
        ex = _check_keys(item, _EXPECT_KEYS, at, "an expectation")
        for name in sorted(_EXPECT_KEYS):
            if name not in ex:
                raise LessonError(f"{at}: missing \"{name}\"")
        output = ex["output"]
        if not isinstance(output, str) or output not in OUTPUT_NAMES or output == "day":
            raise LessonError(f"{at}: unknown output {output!r} (see python main.py --list-outputs)")
        relation = ex["relation"]
        if relation not in RELATIONS:
            raise LessonError(f"{at}: \"relation\" must be \"higher\" or \"lower\", not {relation!r}")
        by = _number(ex["by_at_least"], at, "by_at_least")
        if by < 0:
            raise LessonError(f"{at}: \"by_at_least\" must not be negative")
        if relation == "lower" and by > 1:
            raise LessonError(f"{at}: a value cannot fall by more than 100% (\"by_at_least\" {by:g})")
        expect.append(Expectation(output, relation, by))
    return Claim(text=text, days=days, scenario=scenario, reference=reference, expect=tuple(expect),
                 subject=subject)


def lesson_from_dict(data: object, where: str, lesson_id: str, nodes: dict[str, int] | None = None,
                     path: Path | None = None) -> Lesson:
    """Validate a parsed lesson file; `where` (usually the file name) starts every error message."""
    nodes = nodes if nodes is not None else pathway_node_levels()
    top = LESSON.check(data, where, LessonError)
    title = _text(top["title"], where, "title")
    part = top["part"]
    if part not in PARTS:
        raise LessonError(f"{where}: \"part\" must be one of {', '.join(PARTS)}, not {part!r}")
    summary = " ".join(_text(top.get("summary", ""), where, "summary", required=False).split())
    raw_steps = top["steps"]
    if not isinstance(raw_steps, list):
        raise LessonError(f"{where}: \"steps\" must be a list")
    if not raw_steps:
        raise LessonError(f"{where}: \"steps\" is empty; a lesson needs at least one step")
    subject = top.get("subject")
    if subject is not None and subject not in subject_ids():
        raise LessonError(f"{where}: \"subject\" must be {' or '.join(subject_ids())}, not "
                          f"{quoted(subject)}")
    body = get_subject(subject or DEFAULT_SUBJECT)
    steps: list[LessonStep] = []
    level: int | None = None
    for i, raw in enumerate(raw_steps, start=1):
        step = _parse_step(raw, f"{where}: step {i}", nodes, level)
        level = step.level if step.level is not None else level
        _refuse_what_does_not_apply(body, step.toggles, f"{where}: step {i}")
        steps.append(step)
    claim = _parse_claim(top["claim"], f"{where}: claim", body.id) if "claim" in top else None
    if claim is not None:
        _refuse_what_does_not_apply(body, ((e.toggle, e.on) for e in claim.scenario + claim.reference),
                                    f"{where}: claim")
    return Lesson(id=lesson_id, title=title, part=part, summary=summary, steps=tuple(steps),
                  claim=claim, path=path, subject=subject)


def _refuse_what_does_not_apply(body: Subject, switches: Iterable[tuple[str, bool]], where: str) -> None:
    """LessonError for the first switch turned on that does not apply to the lesson's subject."""
    for name, on in switches:
        if on and not body.applies(name):
            raise LessonError(f"{where}: {quoted(name)} does not apply to the {body.id}; give the lesson "
                              f"a \"subject\"")


def load_lesson(path: str | Path, nodes: dict[str, int] | None = None) -> Lesson:
    """Read and validate one lesson file; raises LessonError naming the file and the problem."""
    path = Path(path)
    where = path.name
    try:
        data = read_json(path, where, MAX_LESSON_BYTES, LessonError)
    except LessonError as exc:
        message = str(exc)
        raise LessonError(message if message.startswith(f"{where}:") else f"{where}: {message}") from None
    return lesson_from_dict(data, where, path.stem, nodes, path)


def _sort_key(lesson: Lesson) -> tuple[int, int, str]:
    if lesson.id in LESSON_ORDER:
        return (0, LESSON_ORDER.index(lesson.id), lesson.id)
    return (1, PARTS.index(lesson.part), lesson.id)


def load_lessons(folder: str | Path | None = None) -> dict[str, Lesson]:
    """All lessons in `folder` (default resources/lessons), keyed by id, in teaching order.

    Raises LessonError on the first file that is not a valid lesson, naming that file.
    """
    folder = Path(folder) if folder is not None else resource_path("lessons")
    if not folder.is_dir():
        raise LessonError(f"{folder}: lesson folder not found")
    nodes = pathway_node_levels()
    lessons = [load_lesson(path, nodes) for path in sorted(folder.glob("*.json"))]
    return {lesson.id: lesson for lesson in sorted(lessons, key=_sort_key)}


def load_lessons_skipping_broken(folder: str | Path | None = None
                                 ) -> tuple[dict[str, Lesson], list[str]]:
    """Like load_lessons, but a broken file is skipped and its error returned, so one teacher's
    typo never hides the other lessons."""
    folder = Path(folder) if folder is not None else resource_path("lessons")
    if not folder.is_dir():
        return {}, [f"{folder}: lesson folder not found"]
    try:
        nodes = pathway_node_levels()
    except LessonError:  # no diagram to check node ids against (the window says so): lessons still run
        nodes = _AnyNode()
    lessons, errors = load_each(sorted(folder.glob("*.json")), lambda path: load_lesson(path, nodes),
                                LessonError)
    return {lesson.id: lesson for lesson in sorted(lessons, key=_sort_key)}, errors


# --- claims ----------------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _end_row(days: float, events: tuple[ToggleEvent, ...], subject: str = DEFAULT_SUBJECT
             ) -> dict[str, float]:
    from model.simulation import Simulation  # the engine loads only when a claim is checked

    # One row at the start and one at the last day.
    trajectory = Simulation(subject=subject).run(days, events, sample_hours=days * 24.0)
    return trajectory.at_day(days)


def relative_change(value: float, reference: float) -> float:
    """(value − reference) / |reference|; ±inf when only the reference is 0."""
    if reference == 0:
        return 0.0 if value == 0 else math.copysign(math.inf, value)
    return (value - reference) / abs(reference)


@dataclass(frozen=True)
class Measured:
    """One expectation of a claim as the model measured it, at the claim's last day."""

    output: str
    relation: str
    by_at_least: float
    reference: float  # the reference run's value
    scenario: float  # the lesson's run's value
    change: float  # (scenario − reference) / |reference|
    passed: bool


def measure_claim(claim: Claim) -> list[Measured]:
    """Run the claim's scenario and reference on the model and measure each expectation. Runs are
    cached per process, so claims sharing a run pay for it once. Takes a second or two per simulated
    100 days: the window runs it in a process of its own (`measure_lesson_claim`)."""
    scenario = _end_row(claim.days, claim.scenario, claim.subject)
    reference = _end_row(claim.days, claim.reference, claim.subject)
    results = []
    for ex in claim.expect:
        change = relative_change(scenario[ex.output], reference[ex.output])
        passed = change >= ex.by_at_least if ex.relation == "higher" else change <= -ex.by_at_least
        results.append(Measured(ex.output, ex.relation, ex.by_at_least, float(reference[ex.output]),
                                float(scenario[ex.output]), float(change), bool(passed)))
    return results


def evaluate_claim(claim: Claim) -> list[tuple[str, float, bool]]:
    """(output, relative change, passed) for each expectation (see measure_claim)."""
    return [(m.output, m.change, m.passed) for m in measure_claim(claim)]


def measure_lesson_claim(path: str) -> list[dict]:
    """In the window's claim process: the claim of the lesson file at `path`, measured, as plain
    values (Measured's fields)."""
    lesson = load_lesson(path)
    if lesson.claim is None:
        raise LessonError(f"{Path(path).name}: the lesson has no claim")
    return [dict(vars(m)) for m in measure_claim(lesson.claim)]


def measured_line(m: Measured, label: str, unit: str) -> str:
    """One measured figure in words: "Insulin sensitivity (clamp M): 4.1 → 5.4 mg/kg/min, +32 %
    (the claim needs at least +20 %)"."""
    sign = "+" if m.relation == "higher" else "−"
    return (f"{label}: {m.reference:.3g} → {m.scenario:.3g}{unit_after_number(unit)}, "
            f"{percent(m.change)} (the claim needs at least {sign}{m.by_at_least * 100:.0f} %)")


def percent(change: float) -> str:
    """A relative change for reading aloud: "+32 %", "−7 %", "no change"."""
    if not math.isfinite(change):
        return "from zero"
    shown = f"{change * 100:+.0f}"
    return "no change" if shown in ("+0", "-0") else f"{shown.replace('-', '−')} %"


# --- walking a lesson ---------------------------------------------------------------------------

Action = tuple


class LessonRunner:
    """Where a lesson is, and what the window must do to show a step (plain Python, no Qt)."""

    def __init__(self) -> None:
        self.lesson: Lesson | None = None
        self.step_index = -1

    def start(self, lesson: Lesson) -> None:
        """Begin `lesson` at its first step; call actions() to show it."""
        if not lesson.steps:
            raise LessonError(f"{lesson.id}: the lesson has no steps")
        self.lesson = lesson
        self.step_index = 0

    def stop(self) -> None:
        self.lesson = None
        self.step_index = -1

    @property
    def active(self) -> bool:
        return self.lesson is not None

    @property
    def count(self) -> int:
        return len(self.lesson.steps) if self.lesson else 0

    @property
    def current_step(self) -> LessonStep | None:
        return self.lesson.steps[self.step_index] if self.lesson else None

    @property
    def at_start(self) -> bool:
        return self.lesson is not None and self.step_index == 0

    @property
    def at_end(self) -> bool:
        return self.lesson is not None and self.step_index == len(self.lesson.steps) - 1

    def next(self) -> bool:
        """Move to the next step; False (and no move) at the last step or with no lesson."""
        if self.lesson is None or self.at_end:
            return False
        self.step_index += 1
        return True

    def previous(self) -> bool:
        """Move to the previous step; False (and no move) at the first step or with no lesson."""
        if self.lesson is None or self.step_index <= 0:
            return False
        self.step_index -= 1
        return True

    def touched_toggles(self) -> list[str]:
        """Every toggle id any step of the lesson sets, in order of first mention."""
        seen: list[str] = []
        for step in self._steps():
            for name, _ in step.toggles:
                if name not in seen:
                    seen.append(name)
        return seen

    def toggle_state(self, index: int | None = None) -> dict[str, bool]:
        """The lesson's toggles as they stand at step `index` (default: the current step)."""
        index = self._index(index)
        state = dict.fromkeys(self.touched_toggles(), False)
        for step in self._steps()[:index + 1]:
            if step.reset:
                state = dict.fromkeys(state, False)
            state.update(step.toggles)
        return state

    def actions(self, step: int | LessonStep | None = None) -> list[Action]:
        """What the window must do to show a step (an index, a step of the lesson, or the current one):
        ("subject", id) if the lesson names one, ("reset",), ("level", n), ("speed", minutes_per_second),
        ("toggle", id, on) for every toggle
        the lesson touches, ("highlight", [node ids]) (empty list = clear), ("select", node id) and
        ("run_ahead", days) for the step's own run ahead, ("experiment", id), in that order. Before
        all these, ("pin", name) when the step pins the run so far; ("trend", ids) follows "level"
        when the step sets the trend plot; ("side_by_side", name) comes just before the toggles."""
        index = self._index(step)
        steps = self._steps()
        current = steps[index]
        out: list[Action] = []
        if current.pin is not None:
            out.append(("pin", current.pin))
        if self.lesson.subject is not None:
            out.append(("subject", self.lesson.subject))
        if current.reset:
            out.append(("reset",))
        level = next((s.level for s in reversed(steps[:index + 1]) if s.level is not None), None)
        if level is not None:
            out.append(("level", level))
        trend = next((s.trend for s in reversed(steps[:index + 1]) if s.trend), ())
        if trend:
            out.append(("trend", list(trend)))
        speed = next((s.speed for s in reversed(steps[:index + 1]) if s.speed is not None), None)
        if speed is not None:
            out.append(("speed", float(speed)))
        if current.side_by_side is not None:
            out.append(("side_by_side", current.side_by_side))
        out.extend(("toggle", name, on) for name, on in self.toggle_state(index).items())
        if current.run_days is not None:
            out.append(("run_ahead", current.run_days))
        out.append(("highlight", list(current.highlight)))
        if current.select is not None:
            out.append(("select", current.select))
        if current.experiment is not None:
            out.append(("experiment", current.experiment))
        return out

    # --- internals ---
    def _steps(self) -> tuple[LessonStep, ...]:
        if self.lesson is None:
            raise LessonError("no lesson has been started")
        return self.lesson.steps

    def _index(self, step: int | LessonStep | None) -> int:
        steps = self._steps()
        if step is None:
            return self.step_index
        if isinstance(step, LessonStep):
            for i, candidate in enumerate(steps):
                if candidate is step:
                    return i
            raise ValueError("that step is not part of the running lesson")
        if not 0 <= step < len(steps):
            raise IndexError(f"step {step} is out of range (0–{len(steps) - 1})")
        return int(step)


def summarise_results(results: Iterable[tuple[str, float, bool]]) -> str:
    """One line per expectation, e.g. "insulin_sensitivity +13.5% ✓", for a status line or a report."""
    return "\n".join(f"{name} {change:+.1%} {'✓' if ok else '✗'}" for name, change, ok in results)
