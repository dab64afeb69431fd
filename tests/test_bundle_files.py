"""The double-click app's own files, checked without building it: the Windows, macOS and Linux icons
and the Linux menu entry (the build itself runs in CI, after the tests)."""

from __future__ import annotations

import configparser
import struct

from conftest import ROOT

ICONS = ROOT / "resources" / "icons"
NAME = "InsulinPathwayExplorer"


def test_the_windows_icon_holds_every_size_windows_asks_for():
    data = (ICONS / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1) and count >= 4
    sizes = set()
    for i in range(count):
        width, height, _colours, _zero, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i)
        assert offset + length <= len(data)  # each image lies inside the file
        sizes.add(width or 256)  # 0 means 256
        assert (width or 256) == (height or 256)
    assert {16, 32, 48, 256} <= sizes


def test_the_macos_icon_is_a_complete_icns_file():
    data = (ICONS / "app.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds, position = [], 8
    while position < len(data):
        kind, length = data[position:position + 4], struct.unpack_from(">I", data, position + 4)[0]
        assert length >= 8 and position + length <= len(data)
        kinds.append(kind)
        position += length
    assert {b"ic07", b"ic08"} & set(kinds)  # 128 and 256 px, for the Finder and the Dock


def test_the_linux_icon_is_256_px_for_the_hicolor_folder_the_readme_names():
    from PySide6.QtGui import QImage

    image = QImage(str(ICONS / "app.png"))
    assert (image.width(), image.height()) == (256, 256)
    assert "hicolor/256x256/apps/insulin-pathway-explorer.png" in (ROOT / "README.md").read_text("utf-8")


def test_the_linux_menu_entry_starts_the_bundle_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "resources" / "insulin-pathway-explorer.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == NAME  # the binary build.spec names
    assert desktop["Icon"] == "insulin-pathway-explorer"
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";") and "Education" in desktop["Categories"].split(";")
    assert f'NAME = "{NAME}"' in (ROOT / "build.spec").read_text(encoding="utf-8")
