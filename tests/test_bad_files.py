"""Property-based: no bytes in a scenario, session or lesson file can crash the loaders or run code.

Whatever the content — truncated, binary, huge numbers, deep nesting, hostile strings — a loader
either returns a valid object or raises its own one-line error. Nothing is ever executed.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.scenario import ScenarioError, load_scenario
from ui.lessons import LessonError, load_lesson
from ui.session import SessionError, load_session

LOADERS = ((load_scenario, ScenarioError), (load_session, SessionError), (load_lesson, LessonError))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children,
                                                                       max_size=4),
    max_leaves=20)


def check(path, content: bytes) -> None:
    path.write_bytes(content)
    for load, error in LOADERS:
        try:
            load(path)
        except error as exc:
            assert str(exc) and "\n" not in str(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_a_loader(tmp_path, content):
    check(tmp_path / "f.json", content)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values)
def test_arbitrary_json_never_crashes_a_loader(tmp_path, value):
    check(tmp_path / "f.json", json.dumps(value).encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.fixed_dictionaries({"day": json_values, "toggle": json_values, "on": json_values}),
                       max_size=5),
       days=json_values)
def test_scenario_shaped_files_with_wild_fields(tmp_path, events, days):
    data = {"format": "insulin-pathway-explorer/scenario", "version": 1, "days": days, "events": events}
    check(tmp_path / "f.json", json.dumps(data).encode())


def test_deep_nesting_and_truncation(tmp_path):
    check(tmp_path / "deep.json", b"[" * 100_000 + b"]" * 100_000)
    check(tmp_path / "cut.json", b'{"format": "insulin-pathway-explorer/session", "version": 1, "scen')


def test_code_in_a_file_is_data_not_code(tmp_path):
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    data = {"format": "insulin-pathway-explorer/scenario", "version": 1, "title": payload,
            "events": [{"day": 0, "toggle": payload}]}
    check(tmp_path / "f.json", json.dumps(data).encode())
    assert not marker.exists()


def test_values_from_a_file_are_quoted_on_one_short_line():
    from model.readers import quoted

    assert quoted("\n") == "'\\n'"
    assert quoted('say "hi"') == "'say \"hi\"'"
    assert quoted("x" * 100) == "'" + "x" * 39 + "…'"
