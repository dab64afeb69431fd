"""File exports (ui/export.py) from a real window with its worker thread (pytest-qt, offscreen)."""

from __future__ import annotations

import csv
import errno
import os
import re
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from bridge import scripted_window
from PySide6.QtGui import QColor, QImage

from model import atomic
from model.csv_table import csv_text
from model.outputs import OUTPUT_NAMES
from ui import export
from ui.export import ExportError

WAIT_MS = 120_000
TOGGLE = "high_fat_diet"


@pytest.fixture
def window(qtbot):
    win, bridge = scripted_window(qtbot, speed=60.0)  # plots show 2.5 days: the run fills them
    try:
        bridge.advance(1.5)
        win.request_toggle(TOGGLE, True)
        bridge.advance(0.5)
        assert win.latest.toggles[TOGGLE]
        yield win
    finally:
        win.close()


def pixels(image: QImage) -> np.ndarray:
    """Height × width × (b, g, r, x) bytes of an image."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 4].reshape(image.height(), image.width(), 4).copy()  # outlives `image`


def share_of(image: QImage, colour: str, tolerance: int = 0) -> float:
    """Share of an image's pixels within `tolerance` (sum of |differences|) of `colour`."""
    c = QColor(colour)
    bgr = np.array([c.blue(), c.green(), c.red()], dtype=int)
    distance = np.abs(pixels(image)[:, :, :3].astype(int) - bgr).sum(axis=2)
    return float((distance <= tolerance).mean())


def leftovers(folder: Path, keep: set[str] = frozenset()) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# --- images -----------------------------------------------------------------------------------------

def test_diagram_png_is_the_whole_scene_at_twice_its_size(window, tmp_path):
    target = tmp_path / "diagram.png"
    window.view.zoom_by(3.0)  # only part of the scene is visible now; the export must not care
    export.export_diagram_png(window.view, target)
    image = QImage(str(target))
    assert not image.isNull()
    rect = window.view.scene().sceneRect()
    assert (image.width(), image.height()) == (round(rect.width() * 2), round(rect.height() * 2))
    assert 1.0 - share_of(image, window.view.theme.background) > 0.2
    # The node farthest to the bottom right, out of the zoomed view, is drawn too: the whole scene was.
    far = max((item for item in window.view.node_items.values() if item.isVisible()),
              key=lambda item: item.sceneBoundingRect().center().x() + item.sceneBoundingRect().center().y())
    box = far.sceneBoundingRect().translated(-rect.topLeft())
    assert not window.view.mapToScene(window.view.viewport().rect()).boundingRect().contains(
        far.sceneBoundingRect().center())
    drawn = image.copy(*(round(v * 2) for v in (box.x(), box.y(), box.width(), box.height())))
    assert 1.0 - share_of(drawn, window.view.theme.background) > 0.1

    export.export_diagram_png(window.view, target, scale=1.0)
    assert QImage(str(target)).size().toTuple() == (round(rect.width()), round(rect.height()))
    assert leftovers(tmp_path) == ["diagram.png"]


def test_plots_png_is_the_plots_as_shown_at_twice_their_size(window, tmp_path):
    target = tmp_path / "plots.png"
    export.export_plots_png(window.plots, target)
    image = QImage(str(target))
    viewport = window.plots._view.viewport().size()
    assert (image.width(), image.height()) == (viewport.width() * 2, viewport.height() * 2)
    assert 1.0 - share_of(image, "#FFFFFF") > 0.02
    w, h = image.width(), image.height()
    assert 1.0 - share_of(image.copy(w // 2, h // 2, w - w // 2, h - h // 2), "#FFFFFF") > 0.01  # all drawn
    # Some pixels carry the glucose-uptake curve's green (#009E73), so the curves were drawn.
    assert share_of(image, "#009E73", tolerance=40) * image.width() * image.height() > 50

    # At scale 1 the export is what the screen shows: compare with the widget's own grab.
    export.export_plots_png(window.plots, target, scale=1.0)
    exported = pixels(QImage(str(target)))[:, :, :3].astype(int)
    shown = pixels(window.plots._view.grab().toImage())[:, :, :3].astype(int)
    assert exported.shape == shown.shape
    assert np.abs(exported - shown).mean() < 1.0


def test_svgs_parse_have_a_title_and_are_vector(window, tmp_path):
    for name, call in (("diagram.svg", lambda p: export.export_diagram_svg(window.view, p)),
                       ("plots.svg", lambda p: export.export_plots_svg(window.plots, p))):
        target = tmp_path / name
        call(target)
        text = target.read_text(encoding="utf-8")
        assert "<svg" in text
        root = ET.fromstring(text)
        assert root.tag.endswith("svg")
        ns = {"svg": "http://www.w3.org/2000/svg"}
        assert "Insulin Pathway Explorer" in root.find("svg:title", ns).text
        assert "not medical advice" in root.find("svg:desc", ns).text
        assert "<image" not in text  # cached items were drawn as paths and text, not bitmaps
        shapes = [e for e in root.iter() if e.tag.split("}")[-1] in ("path", "polyline", "polygon", "rect")]
        assert len(shapes) > 100
        assert len(root.findall(".//svg:text", ns)) > 30
    diagram = (tmp_path / "diagram.svg").read_text(encoding="utf-8")
    assert "IRS-1" in diagram and "GLUT4" in diagram
    assert "Cytokines" in (tmp_path / "plots.svg").read_text(encoding="utf-8")


# --- time series ------------------------------------------------------------------------------------

def test_series_csv_is_the_command_lines_format_with_every_buffered_row(window, tmp_path):
    target = tmp_path / "series.csv"
    rows = window.plots.buffer.view()  # no events run between this and the export
    export.export_series_csv(window.plots, target)
    with target.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    names, data = table[0], table[1:]
    assert names == list(OUTPUT_NAMES)
    assert names[0] == "day"
    assert target.read_text(encoding="utf-8") == csv_text(rows)  # byte for byte what --csv writes
    assert len(data) == len(rows) > 10
    assert all(len(row) == len(names) for row in data)
    assert data[0] == [f"{v:.6g}" for v in rows[0]]
    assert data[-1] == [f"{v:.6g}" for v in rows[-1]]
    days = [float(row[0]) for row in data]
    assert days == sorted(days) and days[-1] > 1


# --- the handout ------------------------------------------------------------------------------------

def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_handout_pdf_is_one_a4_landscape_vector_page(window, tmp_path):
    target = tmp_path / "handout.pdf"
    central = window.plots._view.ci
    before = central.geometry()
    export.export_handout_pdf(window.view, window.plots, window.handout_facts(), target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 20_000
    assert page_count(data) == 1
    assert re.search(rb"/MediaBox \[0 0 84[12](\.\d+)? 59[45](\.\d+)?\]", data)  # A4 landscape, points
    assert b"/Subtype /Image" not in data  # diagram and plots are vector, no bitmaps
    assert central.geometry() == before  # the on-screen plots were put back as they were
    if shutil.which("pdftotext"):  # poppler-utils, when installed: check the words on the page
        text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout
        text = " ".join(text.split())
        for words in ("Insulin Pathway Explorer", "Simulated day", "High-fat diet",
                      "Educational model — not medical advice.", "Glucose uptake", "IRS-1"):
            assert words in text, words


def test_handout_prints_light_and_restores_a_dark_theme(window, tmp_path):
    window.themes.apply("dark", remember=False)
    dark_bg = window.plots._view.backgroundBrush().color().name()
    export.export_handout_pdf(window.view, window.plots, window.handout_facts(),
                              tmp_path / "handout.pdf")
    assert window.view.theme.name == "dark"
    assert window.plots._view.backgroundBrush().color().name() == dark_bg
    assert page_count((tmp_path / "handout.pdf").read_bytes()) == 1


# --- failures ---------------------------------------------------------------------------------------

def every_export(win):
    return {
        "diagram.png": lambda p: export.export_diagram_png(win.view, p),
        "diagram.svg": lambda p: export.export_diagram_svg(win.view, p),
        "plots.png": lambda p: export.export_plots_png(win.plots, p),
        "plots.svg": lambda p: export.export_plots_svg(win.plots, p),
        "series.csv": lambda p: export.export_series_csv(win.plots, p),
        "handout.pdf": lambda p: export.export_handout_pdf(win.view, win.plots, win.handout_facts(), p),
        "model.xml": lambda p: export.export_model_sbml(list(win.history), p),
    }


def test_missing_folder_raises_and_writes_nothing(window, tmp_path):
    missing = tmp_path / "no such folder"
    for name, call in every_export(window).items():
        with pytest.raises(ExportError, match="does not exist") as info:
            call(missing / name)
        assert "\n" not in str(info.value)
    assert not missing.exists()
    assert leftovers(tmp_path) == []


def test_a_folder_as_target_raises(window, tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        export.export_diagram_png(window.view, tmp_path)


def test_read_only_folder_raises_and_leaves_no_file(window, tmp_path, monkeypatch):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions: refuse the way the kernel would
            def refuse(*args, **kwargs):
                raise PermissionError(errno.EACCES, "Permission denied")

            monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
        for name, call in every_export(window).items():
            with pytest.raises(ExportError, match="permission denied") as info:
                call(folder / name)
            assert "\n" not in str(info.value)
            assert str(folder) in str(info.value)
        assert leftovers(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize("name, renderer", [
    ("diagram.png", "_render_image"),
    ("plots.png", "_render_image"),
    ("diagram.svg", "_render_svg"),
    ("plots.svg", "_render_svg"),
    ("handout.pdf", "_draw_handout"),
])
def test_existing_file_is_untouched_when_rendering_fails(window, tmp_path, monkeypatch, name, renderer):
    target = tmp_path / name
    target.write_bytes(b"the previous export")

    def fail(*args, **kwargs):
        raise RuntimeError("renderer exploded\nsecond line")

    monkeypatch.setattr(export, renderer, fail)
    with pytest.raises(ExportError, match="renderer exploded") as info:
        every_export(window)[name](target)
    assert "\n" not in str(info.value)
    assert target.read_bytes() == b"the previous export"
    assert leftovers(tmp_path) == [name]


def test_existing_file_is_untouched_when_the_csv_cannot_be_built(window, tmp_path, monkeypatch):
    target = tmp_path / "series.csv"
    target.write_bytes(b"the previous export")

    def fail(*args, **kwargs):
        raise ValueError("buffer unreadable")

    with monkeypatch.context() as patch:  # only during the export: the plots' redraw reads the buffer too
        patch.setattr(window.plots.buffer, "view", fail)
        with pytest.raises(ExportError, match="buffer unreadable"):
            export.export_series_csv(window.plots, target)
    assert target.read_bytes() == b"the previous export"
    assert leftovers(tmp_path) == ["series.csv"]


def test_a_failed_rename_removes_the_temporary_file(window, tmp_path, monkeypatch):
    target = tmp_path / "diagram.png"
    target.write_bytes(b"the previous export")

    def fail(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(export.os, "replace", fail)
        with pytest.raises(ExportError, match="input/output error"):
            export.export_diagram_png(window.view, target)
    assert target.read_bytes() == b"the previous export"
    assert leftovers(tmp_path) == ["diagram.png"]


def test_a_replaced_file_is_complete_and_keeps_its_permissions(window, tmp_path):
    target = tmp_path / "series.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    export.export_series_csv(window.plots, target)
    assert target.read_text(encoding="utf-8").startswith("day,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_exports_before_the_plots_exist_raise(tmp_path):
    for call in (export.export_plots_png, export.export_plots_svg, export.export_series_csv):
        with pytest.raises(ExportError, match="not ready"):
            call(None, tmp_path / "x")
    assert leftovers(tmp_path) == []


def test_a_bad_scale_raises(window, tmp_path):
    for scale in (0, -1, float("nan"), 1000):
        with pytest.raises(ExportError, match="scale"):
            export.export_diagram_png(window.view, tmp_path / "d.png", scale=scale)
    with pytest.raises(ExportError, match=r"^Cannot save the diagram image: .* too large"):
        export.export_diagram_png(window.view, tmp_path / "d.png", scale=15)
    assert leftovers(tmp_path) == []


def test_the_model_exports_as_sbml_with_the_sessions_switches(window, tmp_path, monkeypatch):
    import libsbml
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "class model.xml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action = next(a for a in window.files.export_menu.actions() if a.text().startswith("Model as SBML"))
    action.trigger()
    document = libsbml.readSBMLFromFile(str(target))
    assert document.getNumErrors(libsbml.LIBSBML_SEV_ERROR) == 0
    model = document.getModel()
    switched = [model.getEvent(i).getEventAssignment(0).getVariable() for i in range(model.getNumEvents())]
    assert f"switch_{TOGGLE}" in switched
    when = window.history[-1][0]
    names = [model.getEvent(i).getName() for i in range(model.getNumEvents())]
    assert f"{TOGGLE} on at day {when:g}" in names
    assert window.statusBar().currentMessage() == f"Exported {target.name}"
    assert leftovers(tmp_path, {target.name}) == []
