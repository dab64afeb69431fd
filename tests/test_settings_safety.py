"""Settings cannot run code, and no settings value can stop the app from starting.

The old store was QSettings, which PySide6 fills with pickles and unpickles on `value()`: a crafted
InsulinPathwayExplorer.conf ran `os.system` at start-up. Here that very file (and a settings.json
holding every kind of wrong or hostile value) must leave the app on its defaults, with the payload's
marker file never created.
"""

from __future__ import annotations

import ast
import json
import logging
import os
import pickle
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from ui import settings
from ui.files import MAX_RECENT, RECENT_KEY
from ui.themes import SETTINGS_KEY, saved_theme_name

APP_FOLDER = "InsulinPathwayExplorer"


class Payload:
    """Unpickling this runs a shell command that creates `marker`."""

    def __init__(self, marker: Path) -> None:
        self.command = f"touch {shlex.quote(str(marker))}"

    def __reduce__(self):
        return (os.system, (self.command,))


def write_hostile_conf(config_home: Path, marker: Path) -> Path:
    """The QSettings file the old app read at start, with a pickled payload under both of its keys."""
    conf = config_home / APP_FOLDER / f"{APP_FOLDER}.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    store = QSettings(str(conf), QSettings.IniFormat)  # writing pickles is harmless; reading ran them
    store.setValue("appearance/theme", Payload(marker))
    store.setValue("files/recent", Payload(marker))
    store.sync()
    text = conf.read_text(encoding="latin-1")
    assert text.count("PySide::PyObjectWrapper") == 2 and "system" in text  # a live payload
    return conf


GOOD_RECENT = ["/tmp/a.ipe.json"]
# case: (settings.json content, the theme and recent files the app must come up with)
HOSTILE = {
    "theme is a list": ({"theme": ["dark", "light"], "recent_files": GOOD_RECENT}, "light", GOOD_RECENT),
    "recent is an int": ({"theme": "dark", "recent_files": 5}, "dark", []),
    "recent is one string": ({"recent_files": "/tmp/a.ipe.json"}, "light", []),
    "recent holds a number": ({"recent_files": ["/tmp/a.ipe.json", 7]}, "light", []),
    "recent holds a NUL": ({"recent_files": ["/tmp/a\u0000.ipe.json"]}, "light", []),
    "unknown theme": ({"theme": "neon-pink"}, "light", []),
    "theme is an object": ({"theme": {"name": "dark"}}, "light", []),
    "theme is a pickle in text": ({"theme": "@Variant(\\0\\0\\0\\x7fPySide::PyObjectWrapper)"}, "light", []),
    "theme is very long": ({"theme": "d" * 5000}, "light", []),
    "a JSON array": (["dark"], "light", []),
    "a JSON string": ("dark", "light", []),
    "null": (None, "light", []),
}
RAW = {
    "not JSON": b"theme=dark\n",
    "a raw pickle": None,  # filled in by the test: pickle.dumps(Payload)
    "not UTF-8": b"\xff\xfe{\x00",
    "empty": b"",
    "huge": b"{" + b" " * (settings.MAX_BYTES + 10) + b"}",
    "nested too deeply": b"[" * 100_000,
    "an integer too long to read": b'{"theme": ' + b"1" * 5000 + b"}",
}


@pytest.fixture
def config_home(tmp_path, monkeypatch) -> Path:
    """A configuration folder of this test's own (Qt reads XDG_CONFIG_HOME at each call)."""
    home = tmp_path / "config"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    settings._logged.clear()  # each test sees its own one-line warnings
    assert settings.settings_path() == home / APP_FOLDER / "settings.json"
    return home


def write_settings(content: object) -> Path:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def assert_defaults() -> None:
    assert saved_theme_name() == "light"
    assert settings.get_str_list(RECENT_KEY, [], MAX_RECENT) == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_wrong_typed_value_gives_the_default_with_one_warning(config_home, tmp_path, case, caplog):
    content, theme, recent = HOSTILE[case]
    marker = tmp_path / "MARKER"
    write_hostile_conf(config_home, marker)
    write_settings(content)
    with caplog.at_level(logging.WARNING, logger="ui.settings"):
        for _ in range(3):  # read again and again, as the menus do, but say it once
            assert saved_theme_name() == theme
            assert settings.get_str_list(RECENT_KEY, [], MAX_RECENT) == recent
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "\n" not in warnings[0], warnings
    assert not marker.exists()


@pytest.mark.parametrize("case", sorted(RAW))
def test_an_unusable_file_gives_the_defaults_with_one_warning(config_home, tmp_path, case, caplog):
    marker = tmp_path / "MARKER"
    write_hostile_conf(config_home, marker)
    content = RAW[case] if RAW[case] is not None else pickle.dumps(Payload(marker))
    write_settings(content)
    with caplog.at_level(logging.WARNING, logger="ui.settings"):
        assert_defaults()
        assert_defaults()
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    assert not marker.exists()


def test_a_folder_or_a_fifo_in_place_of_the_file_is_not_read(config_home, caplog):
    path = settings.settings_path()
    path.mkdir(parents=True)
    with caplog.at_level(logging.WARNING, logger="ui.settings"):
        assert_defaults()
    assert "is a folder" in caplog.text
    path.rmdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(path)  # reading a FIFO with no writer would block the start for ever
        assert_defaults()


def test_a_missing_file_gives_the_defaults_quietly(config_home, caplog):
    with caplog.at_level(logging.WARNING, logger="ui.settings"):
        assert_defaults()
    assert not caplog.records


def test_values_round_trip_and_only_plain_values_are_stored(config_home):
    assert settings.set_value("theme", "dark")
    assert settings.set_value(RECENT_KEY, ["/a.ipe.json", "/b.ipe.json"])
    assert settings.set_value("zoom", 1.5) and settings.set_value("count", 3)
    assert settings.set_value("flag", True)
    assert saved_theme_name() == "dark"
    assert settings.get_str_list(RECENT_KEY, [], 1) == ["/a.ipe.json"]
    data = json.loads(settings.settings_path().read_text(encoding="utf-8"))
    assert data == {"theme": "dark", RECENT_KEY: ["/a.ipe.json", "/b.ipe.json"], "zoom": 1.5, "count": 3,
                    "flag": True}
    for bad in (object(), Path("/x"), ["a", 1], {"a": "b"}, None, b"bytes", ("a",)):
        with pytest.raises(TypeError):
            settings.set_value("theme", bad)
    assert saved_theme_name() == "dark"
    assert settings.remove("theme") and saved_theme_name() == "light"


def test_a_broken_file_is_replaced_when_a_setting_changes(config_home):
    write_settings(b"\x00 not json")
    assert settings.set_value(SETTINGS_KEY, "high_contrast")
    assert saved_theme_name() == "high_contrast"


def test_a_settings_file_that_cannot_be_written_is_logged_not_raised(config_home, monkeypatch, caplog):
    from model import atomic

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with caplog.at_level(logging.WARNING, logger="ui.settings"):
        assert not settings.set_value(SETTINGS_KEY, "dark")
    assert "could not be saved" in caplog.text


def test_the_app_never_uses_qsettings_or_pickle():
    """A pickle is loaded only by QSettings.value() or by pickle itself: the app's code names neither."""
    sources = [ROOT / "main.py", *[p for d in ("ui", "model", "widgets") for p in (ROOT / d).rglob("*.py")]]
    for source in sources:
        names = set()
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.alias):
                names.update(node.name.split("."))
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.update(node.module.split("."))
        assert not names & {"QSettings", "pickle", "cPickle", "_pickle", "shelve", "marshal"}, source


@pytest.mark.parametrize("content", [{"theme": ["dark", "light"], "recent_files": 5}, b"\x80\x04 broken"])
def test_a_window_starts_with_defaults_beside_a_hostile_conf(qtbot, config_home, tmp_path, content):
    from ui.main_window import MainWindow

    marker = tmp_path / "MARKER"
    write_hostile_conf(config_home, marker)
    write_settings(content)
    win = MainWindow()  # builds ThemeControl and FileControl; the model starts later, if ever
    qtbot.addWidget(win)
    assert win.themes.theme.name == "light" and win.themes.actions["light"].isChecked()
    assert win.files.recent() == [] and not win.files.recent_menu.isEnabled()
    win.themes.actions["dark"].trigger()  # and the broken file gives way to a good one
    assert saved_theme_name() == "dark"
    win.close()
    assert not marker.exists()


# The smoke child runs under an audit hook: any unpickling of a class or function at all fails the run.
GUARD = """
import runpy, sys
def refuse(event, args):
    if event == "pickle.find_class":
        raise RuntimeError(f"unpickling refused: {args}")
sys.addaudithook(refuse)
sys.argv = ["main.py", *sys.argv[1:]]
runpy.run_path("main.py", run_name="__main__")
"""


def test_the_app_starts_beside_a_hostile_conf_and_a_broken_settings_file(tmp_path):
    config_home, data_home = tmp_path / "config", tmp_path / "data"
    marker = tmp_path / "MARKER"
    write_hostile_conf(config_home, marker)
    broken = config_home / APP_FOLDER / "settings.json"
    broken.write_text('{"theme": ["dark", "light"], "recent_files": 5', encoding="utf-8")  # cut short
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(config_home), "XDG_DATA_HOME": str(data_home),
           "IPE_NO_DIALOGS": "1"}
    shot = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-c", GUARD, "--smoke", str(shot)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "unpickling refused" not in result.stderr
    assert "using the default settings" in result.stderr  # the one log line
    assert shot.stat().st_size > 0
    assert not marker.exists()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children,
                                                                       max_size=5),
    max_leaves=25)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(
    st.binary(max_size=300),
    st.dictionaries(st.sampled_from([SETTINGS_KEY.split("/")[-1], "theme", RECENT_KEY, "zoom"]),
                    JSON_VALUES, max_size=4).map(lambda d: json.dumps(d).encode()),
    JSON_VALUES.map(lambda v: json.dumps(v).encode())))
def test_any_settings_file_gives_plain_values_and_never_raises(config_home, content):
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    theme = saved_theme_name()
    recent = settings.get_str_list(RECENT_KEY, [], MAX_RECENT)
    assert isinstance(theme, str) and theme
    assert isinstance(recent, list) and all(isinstance(p, str) for p in recent)
    assert len(recent) <= MAX_RECENT
