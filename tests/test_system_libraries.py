"""The first command on a fresh desktop: missing X11 libraries are named in one apt-get line."""

from __future__ import annotations

import re
from pathlib import Path

from ui import system_libraries as sl

ROOT = Path(__file__).resolve().parents[1]
X11 = {"DISPLAY": ":0"}


def test_nothing_to_say_when_every_library_loads():
    assert sl.check(X11, loads=lambda name: True) is None


def test_missing_libraries_give_one_install_line():
    missing = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    message = sl.check(X11, loads=lambda name: name not in missing)
    assert message is not None and "\n" not in message
    assert message.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")


def test_only_the_x11_plugin_is_checked():
    never = lambda name: False  # noqa: E731 - every library missing
    assert sl.check({}, loads=never) is None  # no display at all
    assert sl.check({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, loads=never) is None
    assert sl.check({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, loads=never) is None
    assert sl.check({"QT_QPA_PLATFORM": "xcb"}, loads=never) is not None
    assert not sl.uses_xcb(X11, platform="win32")


def test_the_window_command_stops_with_the_hint_instead_of_qt_s_abort(monkeypatch, capsys):
    import main

    monkeypatch.setattr(sl, "check", lambda: sl.install_hint(["libxcb-icccm4"]))
    assert main.main([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sudo apt-get install libxcb-icccm4" in err


def test_the_readme_and_ci_install_every_library_the_check_knows():
    packages = set(sl.XCB_LIBRARIES.values())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme[readme.index("## Set up"):readme.index("## Using the window")]
    listed = set(re.findall(r"\blib[a-z0-9-]+", setup))
    assert packages <= listed, packages - listed
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert all(p in ci for p in packages)


def test_the_hint_comes_before_qt_is_imported():
    """A missing GL or font library would fail Qt's import itself: the check runs first."""
    import subprocess
    import sys

    code = ("import sys, main; from ui import system_libraries as sl; "
            "sl.check = lambda: sl.install_hint(['libegl1']); "
            "code = main.main([]); print(code, any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.split() == ["1", "False"], result.stderr
    assert "sudo apt-get install libegl1" in result.stderr
