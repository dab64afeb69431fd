"""Scenario files (JSON, versioned) and the `--on` / `--off` schedule syntax.

A scenario file::

    {
      "format": "insulin-pathway-explorer/scenario",
      "version": 1,
      "days": 365,
      "sample_hours": 24,
      "events": [
        {"day": 0, "toggle": "high_fat_diet", "on": true},
        {"day": 180, "toggle": "trt", "on": true}
      ],
      "parameters": {"fat_tau": 45},
      "subject": "man",
      "speed": 1440
    }

Only "format" and "version" are required. "subject" is "man" (the default) or "woman"
(`resources/subjects.toml`); a switch that does not apply to that subject (menopause in the man, TRT in
the woman) is refused. Unknown keys and duplicate keys are errors, so a typo
never passes silently. "days" lies between one simulated minute and MAX_DAYS (a hundred years); a switch
happens at day 0 or at least one simulated second in, and no later than MAX_DAYS. "speed" is for the
window, which runs a preset's "days" ahead at once and then goes on at this clock speed (simulated
minutes a second, 1 to 43200); the command line ignores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .parameters import check_parameter, default_values
from .readers import VersionedFormat, bounded_number, quoted, read_json
from .subjects import NotApplicable, get_subject
from .toggles import TOGGLE_INDEX, ToggleEvent

SCENARIO_FORMAT = "insulin-pathway-explorer/scenario"
SCENARIO_VERSION = 1
MAX_SCENARIO_BYTES = 1_000_000
MAX_DAYS = 36_500.0  # a hundred simulated years: the longest run anything may ask for
MIN_DAYS = 1.0 / 1440.0  # one simulated minute: the shortest run
MIN_SWITCH_DAY = 1.0 / 86400.0  # one simulated second: the earliest switch after day 0
MAX_SAMPLE_HOURS = MAX_DAYS * 24.0
MIN_SPEED, MAX_SPEED = 1.0, 43200.0  # the window's clock: a simulated minute to a month a second
SCENARIO = VersionedFormat(SCENARIO_FORMAT, SCENARIO_VERSION, frozenset({
    "format", "version", "days", "sample_hours", "events", "parameters", "title", "description",
    "subject", "speed"}),
    "scenario")
_EVENT_KEYS = {"day", "toggle", "on"}


class ScenarioError(ValueError):
    """A scenario file or schedule that cannot be used; the message names the problem."""


@dataclass
class Scenario:
    days: float | None = None
    sample_hours: float | None = None
    events: list[ToggleEvent] = field(default_factory=list)
    parameters: dict[str, float] = field(default_factory=dict)
    title: str = ""
    # None: the default subject, or the one the command line names (whose switches are checked then)
    subject: str | None = None
    speed: float | None = None  # the window's clock after a preset's run (minutes a second)

    def check_subject(self, subject: str, where: str = "scenario") -> None:
        """ScenarioError unless every switch turned on applies to `subject`."""
        body = get_subject(subject)
        for event in self.events:
            if event.on:
                try:
                    body.check_switch(event.toggle)
                except NotApplicable as exc:
                    raise ScenarioError(f"{where}: {exc}") from None


def parse_day(text: str, what: str) -> float:
    try:
        day = float(text)
    except ValueError:
        raise ScenarioError(f"{what}: {quoted(text)} is not a number of days") from None
    return _switch_day(day, f"{what}: day", quoted(text))


def _switch_day(day: float, what: str, shown: str) -> float:
    """A switch's day: 0, or between one simulated second and MAX_DAYS (a switch a billionth of a
    day in would ask the solver for a vanishing interval)."""
    if not (day == 0 or MIN_SWITCH_DAY <= day <= MAX_DAYS):
        raise ScenarioError(f"{what} must be 0 or between one second ({MIN_SWITCH_DAY:.2e}) and "
                            f"{MAX_DAYS:g} days, not {shown}")
    return day


def _known_toggle(name: str, what: str) -> str:
    if name not in TOGGLE_INDEX:
        raise ScenarioError(f"{what}: unknown toggle {quoted(name)} (see --list-toggles)")
    return name


def parse_schedule(items: list[str], on: bool) -> list[ToggleEvent]:
    """Parse `--on ID[@DAY],...` (day defaults to 0) or `--off ID@DAY,...` (day required)."""
    flag = "--on" if on else "--off"
    events = []
    for group in items:
        for item in group.split(","):
            item = item.strip()
            if not item:
                raise ScenarioError(f"{flag}: empty toggle in {quoted(group)}")
            name, sep, day_text = item.partition("@")
            _known_toggle(name, flag)
            if not sep and not on:
                raise ScenarioError(f"--off: {quoted(item)} needs a day, as in {name}@90")
            day = parse_day(day_text, f"{flag} {name}") if sep else 0.0
            events.append(ToggleEvent(day, name, on))
    return events


def _number(value: object, what: str, low: float = 0.0, high: float = MAX_DAYS) -> float:
    """A number from the file within [low, high]; huge integers are refused, never converted."""
    number = bounded_number(value)
    if number is None:
        raise ScenarioError(f"{what} must be a number")
    if not low <= number <= high:
        raise ScenarioError(f"{what} must be between {low:g} and {high:g}, not {quoted(value)}")
    return number


def scenario_from_dict(data: object, where: str = "scenario") -> Scenario:
    SCENARIO.check(data, where, ScenarioError)
    for key in ("title", "description"):
        if not isinstance(data.get(key, ""), str):
            raise ScenarioError(f"{where}: \"{key}\" must be text")
    scenario = Scenario(title=data.get("title", ""))
    if "days" in data:
        scenario.days = _number(data["days"], f"{where}: days", MIN_DAYS, MAX_DAYS)
    if "speed" in data:
        scenario.speed = _number(data["speed"], f"{where}: speed", MIN_SPEED, MAX_SPEED)
    if "sample_hours" in data:
        scenario.sample_hours = _number(data["sample_hours"], f"{where}: sample_hours", MIN_DAYS * 24,
                                        MAX_SAMPLE_HOURS)
    events = data.get("events", [])
    if not isinstance(events, list):
        raise ScenarioError(f"{where}: \"events\" must be a list")
    for i, ev in enumerate(events):
        what = f"{where}: event {i + 1}"
        if not isinstance(ev, dict):
            raise ScenarioError(f"{what} must be an object")
        unknown = sorted(set(ev) - _EVENT_KEYS)
        if unknown:
            raise ScenarioError(f"{what}: unknown key {quoted(unknown[0])}")
        if not isinstance(ev.get("toggle"), str):
            raise ScenarioError(f"{what}: \"toggle\" must be a toggle id")
        if not isinstance(ev.get("on", True), bool):
            raise ScenarioError(f"{what}: \"on\" must be true or false")
        day = _number(ev.get("day", 0), f"{what}: day")
        scenario.events.append(ToggleEvent(_switch_day(day, f"{what}: day", quoted(ev.get("day"))),
                                           _known_toggle(ev["toggle"], what), ev.get("on", True)))
    if "subject" in data:
        if not isinstance(data["subject"], str):
            raise ScenarioError(f"{where}: \"subject\" must be text (man or woman)")
        try:
            scenario.subject = get_subject(data["subject"]).id
        except ValueError as exc:
            raise ScenarioError(f"{where}: {exc}") from None
        scenario.check_subject(scenario.subject, where)
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        raise ScenarioError(f"{where}: \"parameters\" must be an object")
    known = default_values()
    for name, value in params.items():
        if name not in known:
            raise ScenarioError(f"{where}: unknown parameter {quoted(name)}")
        try:
            scenario.parameters[name] = check_parameter(name, value)  # a number within its range
        except ValueError as exc:
            raise ScenarioError(f"{where}: {exc}") from None
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    return scenario_from_dict(read_json(path, str(path), MAX_SCENARIO_BYTES, ScenarioError), str(path))
