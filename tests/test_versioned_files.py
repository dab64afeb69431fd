"""Scenarios, sessions, lessons and presets share one header check (model.readers.VersionedFormat):
the same file problems get the same sentence, whichever kind of file it is."""

from __future__ import annotations

import json

import pytest

from model.scenario import SCENARIO, ScenarioError, scenario_from_dict
from ui.lessons import LESSON, LessonError, lesson_from_dict
from ui.session import SESSION, SessionError, session_from_dict

KINDS = {
    "scenario": (SCENARIO, ScenarioError, lambda d: scenario_from_dict(d, "f.json")),
    "session": (SESSION, SessionError, lambda d: session_from_dict(d, "f.json")),
    "lesson": (LESSON, LessonError, lambda d: lesson_from_dict(d, "f.json", "f", nodes={})),
}
PROBLEMS = {
    "a list": (lambda kind: [1], "must hold a JSON object"),
    "another kind": (lambda kind: {"format": "insulin-pathway-explorer/other", "version": 1},
                     "\"format\" must be"),
    "a newer version": (lambda kind: {"format": kind.format, "version": kind.newest + 1},
                        "written by a newer version of the app"),
    "a text version": (lambda kind: {"format": kind.format, "version": "1"}, "\"version\" must be"),
    "version true": (lambda kind: {"format": kind.format, "version": True}, "\"version\" must be"),
    "a misspelt key": (lambda kind: {"format": kind.format, "version": 1, "titel": "x"},
                       "unknown key 'titel'"),
}


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_of_file_says_the_same_about_the_same_problem(name, problem):
    kind, error, parse = KINDS[name]
    make, words = PROBLEMS[problem]
    with pytest.raises(error) as info:
        parse(make(kind))
    message = str(info.value)
    assert words in message and message.startswith("f.json: ") and "\n" not in message
    if problem == "a newer version":
        assert f"up to version {kind.newest}" in message


def test_a_lesson_names_what_it_still_needs():
    with pytest.raises(LessonError, match="missing \"title\""):
        lesson_from_dict(json.loads('{"format": "insulin-pathway-explorer/lesson", "version": 1}'),
                         "f.json", "f", nodes={})
