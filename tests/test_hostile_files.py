"""Hostile and broken input files: every one is a one-line error of its own loader, and a broken
content file degrades only itself.

Each test here reproduces an attack that once stopped the app or escaped as a traceback: huge
integers and floats, special files (FIFO, /dev/zero), duplicate keys, a renamed heading in a node
text, a truncated pathway.json, a broken references.toml, pathological Markdown.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.readers import MAX_ABS_NUMBER, bounded_number, quoted, read_bytes, read_json, read_toml
from model.scenario import ScenarioError, load_scenario, parse_day, scenario_from_dict
from ui.content import (
    ContentError,
    load_node_texts_skipping_broken,
    load_references,
    markdown_to_html,
    resource_path,
)
from ui.lessons import LessonError, load_lesson, load_lessons_skipping_broken
from ui.presets import load_presets_skipping_broken
from ui.session import SessionError, load_session

ROOT = Path(__file__).resolve().parents[1]
HUGE_INT = "1" + "0" * 400  # past float range, and past Python's 4300-digit limit with more zeros
LESSON = json.loads((ROOT / "resources" / "lessons" / "insulin_relay.json").read_text(encoding="utf-8"))
PRESET = (ROOT / "resources" / "presets" / "healthy.json").read_text(encoding="utf-8")


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text
    return text


# --- numbers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("literal", [HUGE_INT, "1" + "0" * 5000, "1e999", "-1e999", "NaN", "Infinity",
                                     "1e16", "12345678901234567890123456789012345678901234567890"])
def test_out_of_range_numbers_are_one_line_errors(tmp_path, literal):
    path = tmp_path / "n.json"
    path.write_text('{"speed": ' + literal + "}")
    with pytest.raises(ValueError) as caught:
        read_json(path, "n.json", 10_000, ValueError)
    assert one_line(caught.value).startswith("n.json: ")


def test_a_lesson_with_a_huge_speed_is_skipped_and_the_others_load(tmp_path):
    folder = tmp_path / "lessons"
    shutil.copytree(ROOT / "resources" / "lessons", folder)
    data = json.loads(json.dumps(LESSON))
    data["steps"][0]["speed"] = "HUGE"
    (folder / "insulin_relay.json").write_text(json.dumps(data).replace('"HUGE"', HUGE_INT))
    lessons, errors = load_lessons_skipping_broken(folder)
    assert "insulin_relay" not in lessons and len(lessons) >= 5
    assert len(errors) == 1 and "insulin_relay.json" in errors[0] and "\n" not in errors[0]


def test_a_preset_with_huge_days_is_skipped_and_the_others_load(tmp_path):
    folder = tmp_path / "presets"
    shutil.copytree(ROOT / "resources" / "presets", folder)
    data = json.loads(PRESET)
    data["days"] = "HUGE"
    (folder / "healthy.json").write_text(json.dumps(data).replace('"HUGE"', HUGE_INT))
    presets, errors = load_presets_skipping_broken(folder)
    assert "healthy" not in presets and len(presets) >= 3
    assert len(errors) == 1 and "healthy.json" in errors[0]


def test_scenarios_and_sessions_refuse_huge_numbers(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"format": "insulin-pathway-explorer/scenario", "version": 1, "days": ' + HUGE_INT + "}")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    one_line(caught.value)
    session = {"format": "insulin-pathway-explorer/session", "version": 1,
               "scenario": {"format": "insulin-pathway-explorer/scenario", "version": 1, "days": 5},
               "view": {"speed": "HUGE"}}
    path.write_text(json.dumps(session).replace('"HUGE"', HUGE_INT))
    with pytest.raises(SessionError) as caught:
        load_session(path)
    one_line(caught.value)


def test_a_session_of_a_billion_days_is_refused(tmp_path):
    session = {"format": "insulin-pathway-explorer/session", "version": 1,
               "scenario": {"format": "insulin-pathway-explorer/scenario", "version": 1, "days": 1e9}}
    path = tmp_path / "long.ipe.json"
    path.write_text(json.dumps(session))
    with pytest.raises(SessionError, match="36500"):
        load_session(path)


def test_python_values_never_overflow_the_checks():
    assert bounded_number(10**400) is None and bounded_number(True) is None
    assert bounded_number(float("nan")) is None and bounded_number(MAX_ABS_NUMBER) == MAX_ABS_NUMBER
    assert quoted(10**5000).startswith("'a number of over")
    data = {"format": "insulin-pathway-explorer/scenario", "version": 1, "days": 10**400,
            "events": [{"day": 10**5000, "toggle": "trt"}]}
    with pytest.raises(ScenarioError):
        scenario_from_dict(data)


@pytest.mark.parametrize("day", ["1e-170", "1e-9", "-inf", "inf", "nan", "-5", "1e9"])
def test_switch_days_must_be_zero_or_at_least_a_second(day):
    with pytest.raises(ScenarioError) as caught:
        parse_day(day, "--on trt")
    one_line(caught.value)


def test_scenario_files_refuse_duplicate_keys(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text('{"format": "insulin-pathway-explorer/scenario", "version": 1, "days": 5, "days": 9}')
    with pytest.raises(ScenarioError, match="duplicate key 'days'"):
        load_scenario(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.integers(min_value=16, max_value=6000), exponent=st.integers(min_value=300, max_value=5000),
       where=st.sampled_from(["days", "sample_hours", "event_day", "parameter"]))
def test_any_huge_number_anywhere_in_a_scenario_is_a_clean_error(tmp_path, digits, exponent, where):
    big = "9" * digits if digits % 2 else f"1e{exponent}"
    base = '{"format": "insulin-pathway-explorer/scenario", "version": 1, FIELD}'
    field = {"days": f'"days": {big}', "sample_hours": f'"sample_hours": {big}',
             "event_day": f'"events": [{{"day": {big}, "toggle": "trt"}}]',
             "parameter": f'"parameters": {{"fat_tau": {big}}}'}[where]
    path = tmp_path / "big.json"
    path.write_text(base.replace("FIELD", field))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    one_line(caught.value)


# --- special files --------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "lesson.json"
    os.mkfifo(fifo)
    result: list[BaseException] = []

    def read() -> None:
        try:
            read_bytes(fifo, fifo.name, 1000, ValueError)
        except ValueError as exc:
            result.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)  # only a hang would wait this long; a refusal returns at once
    if reader.is_alive():  # unblock the thread before failing
        os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    assert result and "not a regular file" in str(result[0])


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused_not_read_until_memory_runs_out(tmp_path):
    link = tmp_path / "session.ipe.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(SessionError, match="not a regular file"):
        load_session(link)
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario(link)


def test_the_byte_limit_is_enforced_while_reading(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5000 + b"{}")
    with pytest.raises(ValueError, match="larger than 4096 bytes"):
        read_bytes(path, path.name, 4096, ValueError)
    assert read_json(path, path.name, 10_000, ValueError) == {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_in_the_lesson_folder_is_skipped(tmp_path):
    folder = tmp_path / "lessons"
    shutil.copytree(ROOT / "resources" / "lessons", folder)
    os.mkfifo(folder / "zz_trap.json")
    lessons, errors = load_lessons_skipping_broken(folder)
    assert len(lessons) >= 6 and len(errors) == 1 and "zz_trap.json" in errors[0]


# --- content files ---------------------------------------------------------------------------------

def test_a_renamed_heading_breaks_only_that_node(tmp_path):
    folder = tmp_path / "nodes"
    shutil.copytree(ROOT / "resources" / "nodes", folder)
    irs1 = folder / "irs1.md"
    irs1.write_text(irs1.read_text(encoding="utf-8").replace("## Academic", "## Academics"), encoding="utf-8")
    texts, errors = load_node_texts_skipping_broken(folder)
    assert len(errors) == 1 and "irs1.md" in errors[0] and "Academic" in errors[0]
    assert "could not be read" in texts["irs1"].summary
    assert "could not be read" in texts["irs1"].to_html("academic")
    assert texts["pi3k"].levels["academic"]  # the others are whole


def test_a_broken_references_file_is_one_line_error(tmp_path):
    path = tmp_path / "references.toml"
    path.write_text('[samuel2012\nauthors = "x"\n')
    with pytest.raises(ContentError) as caught:
        load_references(path)
    assert one_line(caught.value).startswith("references.toml: invalid TOML")
    path.write_text("[a]\nyear = " + HUGE_INT + "\n")
    with pytest.raises(ContentError):
        read_toml(path, path.name, 10_000, ContentError)


def test_a_huge_narration_is_refused(tmp_path):
    data = json.loads(json.dumps(LESSON))
    data["steps"][0]["narration"] = "x" * 960_000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data))
    with pytest.raises(LessonError, match="at most 20000"):
        load_lesson(path)


@pytest.mark.parametrize("attack", ["*a " * 10_000, "**a " * 8_000, "[a" * 15_000, "_a " * 10_000,
                                    "<b>" * 5_000, "*" * 30_000])
def test_pathological_markdown_is_converted_and_escaped(attack):
    out = markdown_to_html(attack)
    assert "<script" not in out and "<b><b>" not in out
    assert out.startswith("<p>") and out.endswith("</p>")


def test_markdown_keeps_node_links_and_escapes_html():
    out = markdown_to_html("**Bold** [PI3K](node:pi3k) <img src=x onerror=y> [web](https://example.org)")
    assert '<b>Bold</b> <a href="node:pi3k">PI3K</a>' in out
    assert "&lt;img src=x onerror=y&gt;" in out
    assert "https://example.org" in out and '<a href="http' not in out


# --- the window with one broken content file -----------------------------------------------------------

def _break(resources: Path, which: str) -> None:
    if which == "node_text":
        irs1 = resources / "nodes" / "irs1.md"
        text = irs1.read_text(encoding="utf-8")
        irs1.write_text(text.replace("## Academic", "## Academix"), encoding="utf-8")
    elif which == "pathway":
        path = resources / "pathway.json"
        path.write_bytes(path.read_bytes()[:500])
    elif which == "references":
        (resources / "references.toml").write_text("[broken\n", encoding="utf-8")
    elif which == "lesson":
        (resources / "lessons" / "serine_switch.json").write_text('{"speed": ' + HUGE_INT + "}")
    elif which == "preset":
        (resources / "presets" / "healthy.json").write_text("{")


@pytest.mark.parametrize("which", ["node_text", "pathway", "references", "lesson", "preset"])
def test_the_window_starts_and_runs_with_one_broken_content_file(qtbot, tmp_path, monkeypatch, which):
    bundle = tmp_path / "bundle"
    shutil.copytree(resource_path(), bundle / "resources")
    _break(bundle / "resources", which)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)  # resource_path reads it
    from bridge import scripted_window

    win, _ = scripted_window(qtbot)
    assert win.snapshots_received > 0  # the plots started and took the model's first snapshot
    win.show_node("irs1")  # a click on a node never raises, whatever is broken
    if which == "references":
        assert win.references == {}
        assert "references" in win.statusBar().currentMessage()
    elif which == "pathway":
        assert not win.graph.nodes and "diagram" in win.statusBar().currentMessage()
        texts = [i.toPlainText() for i in win.view.scene().items() if hasattr(i, "toPlainText")]
        assert any("could not be drawn" in t for t in texts)  # said in the diagram, not only for 20 s
        assert win.lessons.lessons  # lessons still load without the diagram's node ids
    else:
        assert "Skipped" in win.statusBar().currentMessage()
    if which == "lesson":
        assert "serine_switch" not in win.lessons.lessons and len(win.lessons.lessons) >= 5
    if which == "preset":
        assert "healthy" not in win.lessons.presets and len(win.lessons.presets) >= 3
    win.close()


def test_an_ampersand_in_a_title_is_shown_not_taken_for_a_shortcut():
    from ui.lesson_control import menu_text

    assert menu_text("Fat & sugar") == "Fat && sugar"
