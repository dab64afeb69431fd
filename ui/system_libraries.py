"""Before Qt starts on a Linux desktop: are the X11 libraries its xcb plugin needs installed?

Without them Qt aborts with "Could not load the Qt platform plugin 'xcb'", a long message that does
not say what to install. This check tries to load each library the plugin links to and, if some are
missing, names the one `apt-get install` line (Debian and Ubuntu package names) that fixes it. It
imports no Qt, so it can run before anything else.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# Every library Qt's GUI and its xcb platform plugin link to beyond the C/C++ runtime and GLib
# (`ldd` of libQt6Gui.so.6 and plugins/platforms/libqxcb.so), with the Debian and Ubuntu package
# that ships each. The check runs before Qt is imported, so a missing GL or font library is named
# too rather than failing the import.
XCB_LIBRARIES: Mapping[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Will Qt pick its X11 plugin? (Linux, an X display, and no other platform asked for.)"""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def missing_packages(loads: Callable[[str], bool] = _loads) -> list[str]:
    """Debian packages of the xcb libraries that cannot be loaded, in a stable order."""
    return [package for library, package in XCB_LIBRARIES.items() if not loads(library)]


def install_hint(packages: list[str]) -> str:
    return ("Insulin Pathway Explorer cannot open its window: Qt needs X11 libraries that are not "
            f"installed. Install them with: sudo apt-get install {' '.join(packages)}")


def check(environ: Mapping[str, str] = os.environ, loads: Callable[[str], bool] = _loads) -> str | None:
    """The one-line message to show instead of Qt's abort, or None when the window can start."""
    if not uses_xcb(environ):
        return None
    packages = missing_packages(loads)
    return install_hint(packages) if packages else None
