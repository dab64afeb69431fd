"""Session files: what the class did (switches and when), how far the clock ran, and the view.

A session embeds a version-1 scenario (see model/scenario.py), so `python main.py --headless
--scenario` can replay the "scenario" part of a session file too::

    {
      "format": "insulin-pathway-explorer/session",
      "version": 1,
      "saved_with": "0.1.0",
      "scenario": {"format": "insulin-pathway-explorer/scenario", "version": 1,
                   "days": 12.5, "events": [{"day": 0, "toggle": "high_fat_diet", "on": true}],
                   "subject": "man"},
      "view": {"speed": 1440, "paused": false, "level": 3, "selected_node": "irs1"}
    }

Reading is strict and never partial: a file from a newer version, a broken or hostile file gives a
`SessionError` with one clear sentence, and the caller's current session stays as it was. Files are
written atomically (temporary file, then rename).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from model import __version__
from model.atomic import write_text_atomically
from model.readers import VersionedFormat, quoted, read_json
from model.scenario import (
    MIN_DAYS,
    MIN_SWITCH_DAY,
    SCENARIO_FORMAT,
    SCENARIO_VERSION,
    ScenarioError,
    scenario_from_dict,
)
from model.subjects import DEFAULT_SUBJECT
from model.toggles import ToggleEvent
from widgets.speeds import SPEEDS

from .content import LEVELS

SESSION_FORMAT = "insulin-pathway-explorer/session"
SESSION_VERSION = 1
MAX_SESSION_BYTES = 5_000_000
SESSION = VersionedFormat(SESSION_FORMAT, SESSION_VERSION,
                          frozenset({"format", "version", "saved_with", "scenario", "view"}), "session")
_VIEW_KEYS = {"speed", "paused", "level", "selected_node"}


class SessionError(ValueError):
    """A session file that cannot be used; the message says why in one sentence."""


@dataclass
class Session:
    day: float = 0.0
    events: list[ToggleEvent] = field(default_factory=list)
    speed: float = 60.0
    paused: bool = False
    level: int = 3
    selected_node: str | None = None
    subject: str = DEFAULT_SUBJECT

    def to_dict(self) -> dict:
        return {
            "format": SESSION_FORMAT, "version": SESSION_VERSION, "saved_with": __version__,
            "scenario": {"format": SCENARIO_FORMAT, "version": SCENARIO_VERSION,
                         "days": max(self.day, MIN_DAYS),
                         "events": [{"day": _switch_day(d), "toggle": t, "on": on}
                                    for d, t, on in self.events],
                         "subject": self.subject},
            "view": {"speed": self.speed, "paused": self.paused, "level": self.level,
                     "selected_node": self.selected_node},
        }


def _switch_day(day: float) -> float:
    """A switch in the first simulated second is stored at one second, the earliest a file allows."""
    return day if day == 0 or day >= MIN_SWITCH_DAY else MIN_SWITCH_DAY


def session_from_dict(data: object, where: str, node_ids: set[str] | None = None) -> Session:
    SESSION.check(data, where, SessionError)
    try:
        scenario = scenario_from_dict(data.get("scenario"), f"{where} (scenario)")
        scenario.check_subject(scenario.subject or DEFAULT_SUBJECT, f"{where} (scenario)")
    except ScenarioError as exc:
        raise SessionError(str(exc)) from None
    if scenario.parameters:
        raise SessionError(f"{where}: sessions cannot change model parameters")
    view = data.get("view", {})
    if not isinstance(view, dict):
        raise SessionError(f"{where}: \"view\" must be an object")
    unknown = sorted(set(view) - _VIEW_KEYS)
    if unknown:
        raise SessionError(f"{where}: unknown view entry {quoted(unknown[0])}")
    session = Session(day=scenario.days or 0.0, events=sorted(scenario.events),
                      subject=scenario.subject or DEFAULT_SUBJECT)
    if any(day > session.day + 1e-9 for day, _, _ in session.events):
        raise SessionError(f"{where}: a switch happens after the session's last day")
    speed = view.get("speed", 60.0)
    if isinstance(speed, bool) or speed not in SPEEDS:
        raise SessionError(f"{where}: speed must be one of {', '.join(f'{s:g}' for s in SPEEDS)}")
    level = view.get("level", 3)
    if level not in LEVELS or isinstance(level, bool):
        raise SessionError(f"{where}: level must be {', '.join(map(str, LEVELS))}")
    paused = view.get("paused", False)
    if not isinstance(paused, bool):
        raise SessionError(f"{where}: \"paused\" must be true or false")
    node = view.get("selected_node")
    if node is not None and (not isinstance(node, str) or (node_ids is not None and node not in node_ids)):
        raise SessionError(f"{where}: unknown selected node")
    session.speed, session.level, session.paused, session.selected_node = float(speed), level, paused, node
    return session


def load_session(path: str | Path, node_ids: set[str] | None = None) -> Session:
    path = Path(path)
    data = read_json(path, path.name, MAX_SESSION_BYTES, SessionError)
    return session_from_dict(data, path.name, node_ids)


def save_session(session: Session, path: str | Path) -> None:
    """Write atomically: a failure never leaves a half-written file or harms an existing one."""
    path = Path(path)
    try:
        write_text_atomically(path, json.dumps(session.to_dict(), indent=1))
    except OSError as exc:
        raise SessionError(f"cannot save {path.name} in {path.parent} ({exc.strerror})") from None
