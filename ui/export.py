"""File exports: the diagram and the live plots as PNG or SVG, the plotted time series as CSV, a
one-page A4 class handout as PDF, and the model itself as SBML (model/sbml.py).

Every export renders into memory first and only then touches the disk: the bytes go to a temporary file in
the target's folder, which `os.replace` puts in place of the target in one step. So a failed export
leaves no file behind and never half-overwrites an existing one. Every failure is raised as an
`ExportError` whose message is one line that can go straight into the status bar.

Rendering choices (checked against PySide6 6.11 and pyqtgraph 0.14):

- The diagram is drawn with `QGraphicsScene.render` over the whole scene rectangle, not the visible part
  of the view, on the view's background colour.
- PNG images are painted into a QImage whose device pixel ratio is the export scale, so the scene is
  laid out in its usual (logical) units while every pixel is drawn at scale×. pyqtgraph's cosmetic pens
  and legend labels follow a device pixel ratio but not a plain painter scale: with `ImageExporter` (or a
  scaled painter) the legend text and lines came out at half the size of everything else at 2×.
- SVG goes through `QSvgGenerator` whose resolution is the plot widget's logical DPI: pyqtgraph lays its
  axes out for the screen, and any other resolution shifts and resizes tick labels and axis lines.
  pyqtgraph's `SVGExporter` is not used: with this Qt it stops with a ValueError while it rewrites the
  coordinates of the generated paths. Qt's SVG engine ignores clipping; the panel fits every y axis to
  its data and starts the curves one row left of the window, so at most a fraction of a pixel of curve
  can fall outside a plot.
- The PDF handout uses a QPdfWriter at the same screen DPI for the same reason (at its default 1200 dpi
  pyqtgraph draws tick labels many times too large); PDF is vector output whatever the resolution.
  For the handout the plots are laid out afresh at the printed size, so their smallest text prints at
  9 pt, and put back to their on-screen size afterwards. The diagram gets the rest of the page; its
  1600-unit-wide scene then prints with node labels of about 4 pt (the SVG export prints larger).
- The diagram's nodes and compartments cache themselves as device bitmaps; while SVG and PDF are drawn
  every item is switched to no cache, or those files would hold bitmaps instead of paths and text.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from model import NOTICE, __version__
from model.atomic import failure_reason, resolve_target, write_bytes_atomically
from model.csv_table import csv_text
from model.outputs import OUTPUT_NAMES
from model.subjects import DEFAULT_SUBJECT
from model.toggles import TOGGLES, ToggleEvent
from widgets.theme import THEMES, Theme

from .themes import apply_theme_to_plots

APP_TITLE = "Insulin Pathway Explorer"
MAX_IMAGE_SIDE = 20000  # pixels; a larger request is refused rather than exhausting memory

# The handout: A4 landscape, sizes in millimetres and points.
PAGE_MARGIN_MM = 8.0  # office printers need about 5 mm
GAP_MM = 4.0
TITLE_PT = 18.0
HEADING_PT = 11.0
BODY_PT = 10.0
SMALL_PT = 9.0  # nothing on the handout is smaller than this
PLOT_TEXT_PT = 9.0  # the plots' smallest text (tick labels and legends) when printed
_PT_MM = 25.4 / 72.0
_INK = QColor("#1A1A1A")
_MUTED = QColor("#4D4D4D")
_RULE = QColor("#B0B0B0")

_KIND_HEADINGS = (("stressor", "Stressors"), ("therapy", "Therapies"), ("experiment", "Experiment"))
_DIAGRAM_KEY = (
    "Arrow: activates. Dashed vermillion T-bar: inhibits.",
    "Fill of a node and the bar under it: its activity in the model (0 to 1).",
    "Halo: a switch acting here is on (vermillion stressor, green therapy, purple experiment).",
    "Faint node: a therapy or exposure that is switched off.",
    "Dots on an edge: flow at the rate of its source.",
)


class ExportError(Exception):
    """An export failed; the message is one line, fit for the status bar."""


class _RenderError(Exception):
    """Rendering failed for a known reason; `_failures` turns it into an ExportError naming the export."""


# --- public API ---------------------------------------------------------------------------------------

def export_diagram_png(view, path: str | os.PathLike, scale: float = 2.0) -> None:
    """The whole pathway scene (not only the visible part) as a PNG of scale × its scene size."""
    what = "diagram image"
    target = _checked_target(path, what)
    scale = _checked_scale(scale, what)
    with _failures(what):
        scene = view.scene()
        source = scene.sceneRect()
        data = _png_bytes(_render_image(scene, source, source.size(), scale, _background(view)))
    _write_atomic(target, data, what)


def export_diagram_svg(view, path: str | os.PathLike) -> None:
    """The whole pathway scene as SVG (vector), with a title and a description."""
    what = "diagram SVG"
    target = _checked_target(path, what)
    with _failures(what):
        scene = view.scene()
        source = scene.sceneRect()
        data = _render_svg(scene, source, source.size(), _background(view), view.logicalDpiX(),
                           f"{APP_TITLE}: insulin signalling pathway",
                           "Insulin signalling and what disrupts it, as the explorer's diagram showed it. "
                           + NOTICE)
    _write_atomic(target, data, what)


def export_plots_png(plots, path: str | os.PathLike, scale: float = 2.0) -> None:
    """The three live plots as shown on screen, as a PNG of scale × their on-screen size."""
    what = "plots image"
    graphics = _plot_view(plots, what)
    target = _checked_target(path, what)
    scale = _checked_scale(scale, what)
    with _failures(what):
        source = _visible_scene_rect(graphics)
        image = _render_image(graphics.scene(), source, source.size(), scale, _background(graphics))
        data = _png_bytes(image)
    _write_atomic(target, data, what)


def export_plots_svg(plots, path: str | os.PathLike) -> None:
    """The live plots as shown on screen, as SVG (vector)."""
    what = "plots SVG"
    graphics = _plot_view(plots, what)
    target = _checked_target(path, what)
    with _failures(what):
        source = _visible_scene_rect(graphics)
        data = _render_svg(graphics.scene(), source, source.size(), _background(graphics),
                           graphics.logicalDpiX(), f"{APP_TITLE}: live plots",
                           "Glucose uptake; blood glucose and insulin; TNF-α and IL-6; IL-1β and IL-18, "
                           "against simulated days. " + NOTICE)
    _write_atomic(target, data, what)


def export_series_csv(plots, path: str | os.PathLike) -> None:
    """Every buffered row of every model column, in the command line's CSV format (model/csv_table.py)."""
    what = "time series"
    if plots is None:
        raise ExportError(f"Cannot save the {what}: the live plots are not ready yet")
    target = _checked_target(path, what)
    with _failures(what):
        rows = plots.buffer.view()
        if rows.ndim != 2 or rows.shape[1] != len(OUTPUT_NAMES):
            raise _RenderError(f"the buffer holds {rows.shape[-1]} columns, "
                               f"the model has {len(OUTPUT_NAMES)}")
        data = csv_text(rows).encode("utf-8")
    _write_atomic(target, data, what)


@dataclass(frozen=True)
class HandoutFacts:
    """What the handout says beside the pictures: the simulated day, the switches as the model
    applied them, the diagram's level of detail and the theme on screen (printed light)."""

    day: float
    switches: Mapping[str, bool]
    level_name: str | None
    theme: Theme


def export_handout_pdf(view, plots, facts: HandoutFacts, path: str | os.PathLike) -> None:
    """A one-page A4 landscape handout: title, simulated day, active switches, diagram, plots, notice."""
    what = "handout"
    graphics = _plot_view(plots, what)
    target = _checked_target(path, what)
    with _failures(what):
        data = _render_handout(view, plots, facts, graphics)
    _write_atomic(target, data, what)


def export_model_sbml(switches: Iterable[ToggleEvent], path: str | os.PathLike,
                      subject: str = DEFAULT_SUBJECT) -> None:
    """The model as SBML Level 3, from the subject's healthy start with the session's switches as
    events."""
    what = "model"
    target = _checked_target(path, what)
    with _failures(what):
        from model.sbml import checked_sbml

        data = checked_sbml(events=[ToggleEvent(*switch) for switch in switches],
                            subject=subject).encode("utf-8")
    _write_atomic(target, data, what)


# --- writing ------------------------------------------------------------------------------------------

def _checked_target(path: str | os.PathLike, what: str) -> Path:
    """The target path, if model/atomic.py can write it (checked before rendering, so a missing
    folder, a folder or a device is refused before any work is done)."""
    try:
        target = Path(os.fspath(path))
    except TypeError:
        raise ExportError(f"Cannot save the {what}: {path!r} is not a file name") from None
    try:
        resolve_target(target)
    except IsADirectoryError:
        raise ExportError(f"Cannot save the {what}: '{target}' is a folder") from None
    except FileNotFoundError:
        raise ExportError(f"Cannot save the {what}: folder '{target.parent}' does not exist") from None
    except OSError as exc:
        raise ExportError(f"Cannot save the {what} as '{target}' ({failure_reason(exc)})") from None
    return target


def _write_atomic(target: Path, data: bytes, what: str) -> None:
    """Write `data` whole or not at all (see model/atomic.py)."""
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise ExportError(f"Cannot save the {what} as '{target}' ({failure_reason(exc)})") from None


@contextlib.contextmanager
def _failures(what: str) -> Iterator[None]:
    """Turn any rendering failure into a one-line ExportError."""
    try:
        yield
    except ExportError:
        raise
    except MemoryError:
        raise ExportError(f"Cannot save the {what}: not enough memory") from None
    except Exception as exc:  # every failure must reach the user as one line
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExportError(f"Cannot save the {what}: {detail}") from exc


def _checked_scale(scale: float, what: str) -> float:
    try:
        value = float(scale)
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and 0.05 <= value <= 16.0):
        raise ExportError(f"Cannot save the {what}: scale must be between 0.05 and 16, not {scale!r}")
    return value


# --- rendering ----------------------------------------------------------------------------------------

def _plot_view(plots, what: str):
    if plots is None:
        raise ExportError(f"Cannot save the {what}: the live plots are not ready yet")
    plots.flush()  # rows that arrived since the last redraw are in the picture too
    return plots._view  # the pyqtgraph GraphicsLayoutWidget


def _background(graphics_view) -> QColor:
    brush = graphics_view.backgroundBrush()
    colour = QColor(brush.color()) if brush.style() != Qt.BrushStyle.NoBrush else QColor("#FFFFFF")
    colour.setAlpha(255)
    return colour


def _visible_scene_rect(graphics_view) -> QRectF:
    return graphics_view.mapToScene(graphics_view.viewport().rect()).boundingRect()


def _render_image(scene: QGraphicsScene, source: QRectF, size: QSizeF, scale: float,
                  background: QColor) -> QImage:
    """Paint `source` of `scene` into an opaque image of `size` × `scale` pixels."""
    width, height = round(size.width() * scale), round(size.height() * scale)
    if width < 1 or height < 1:
        raise _RenderError("there is nothing to draw (zero size)")
    if max(width, height) > MAX_IMAGE_SIDE:
        raise _RenderError(f"a {width}×{height} image is too large (at most {MAX_IMAGE_SIDE} pixels a side)")
    image = QImage(width, height, QImage.Format.Format_RGB32)
    if image.isNull():
        raise _RenderError(f"not enough memory for a {width}×{height} image")
    image.fill(background)
    image.setDevicePixelRatio(scale)
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        scene.render(painter, QRectF(0, 0, width / scale, height / scale), source,
                     Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.end()
    image.setDevicePixelRatio(1.0)
    return image


def _png_bytes(image: QImage) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise _RenderError("the PNG encoder failed")
    buffer.close()
    return bytes(array.data())


def _render_svg(scene: QGraphicsScene, source: QRectF, size: QSizeF, background: QColor, dpi: int,
                title: str, description: str) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(dpi)
    generator.setSize(QSize(math.ceil(size.width()), math.ceil(size.height())))
    generator.setViewBox(QRectF(QPointF(0, 0), size))
    generator.setTitle(title)
    generator.setDescription(description)
    painter = QPainter()
    if not painter.begin(generator):
        raise _RenderError("the SVG generator could not start")
    try:
        with _vector_items(scene):
            painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
            painter.fillRect(QRectF(QPointF(0, 0), size), background)
            scene.render(painter, QRectF(QPointF(0, 0), size), source, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.end()
    buffer.close()
    return bytes(array.data())


@contextlib.contextmanager
def _vector_items(scene: QGraphicsScene) -> Iterator[None]:
    """Draw cached items afresh, so vector output holds paths and text, not the caches' bitmaps."""
    cached = [(item, item.cacheMode()) for item in scene.items()
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    # pyqtgraph's own export mode: marker shapes drawn one by one, not stamped from a bitmap atlas.
    exporting = [item for item in scene.items() if hasattr(item, "setExportMode")]
    for item in exporting:
        item.setExportMode(True, {"antialias": True})
    try:
        yield
    finally:
        for item, mode in cached:
            item.setCacheMode(mode)
        for item in exporting:
            item.setExportMode(False)


# --- the handout --------------------------------------------------------------------------------------

def _font(points: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _active_switches(states: Mapping[str, bool]) -> dict[str, list[str]]:
    """Labels of the switches that are on, by kind, in the model's order."""
    active: dict[str, list[str]] = {}
    for toggle in TOGGLES:
        if states.get(toggle.id):
            active.setdefault(toggle.kind, []).append(toggle.label)
    return active


def _clock_text(day: float) -> str:
    hours = (day % 1.0) * 24.0
    return f"Simulated day {int(day)}, {int(hours):02d}:{int(hours % 1 * 60):02d}"


@contextlib.contextmanager
def _print_colours(view, plots, theme: Theme) -> Iterator[None]:
    """A dark theme would print as a sheet of black ink: use the light theme while drawing the handout."""
    if not theme.dark:
        yield
        return
    light = THEMES["light"]
    view.set_theme(light)
    apply_theme_to_plots(plots, light)
    try:
        yield
    finally:
        view.set_theme(theme)
        apply_theme_to_plots(plots, theme)


@contextlib.contextmanager
def _plots_laid_out(graphics, size: QSizeF) -> Iterator[QRectF]:
    """Lay the plots out at `size` (logical pixels) for printing; yields the scene rect to render."""
    central = graphics.ci
    old = QRectF(central.geometry())
    central.setGeometry(QRectF(old.topLeft(), size))
    if central.layout is not None:
        central.layout.activate()
    try:
        yield central.sceneBoundingRect()
    finally:
        central.setGeometry(old)
        if central.layout is not None:
            central.layout.activate()


def _render_handout(view, plots, facts: HandoutFacts, graphics) -> bytes:
    dpi = max(graphics.logicalDpiX(), 72)
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(dpi)
    writer.setCreator(f"{APP_TITLE} {__version__}")
    day = float(facts.day)
    writer.setTitle(f"{APP_TITLE}: {_clock_text(day).lower()}")
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                         QMarginsF(*(PAGE_MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    if not writer.setPageLayout(layout):
        raise _RenderError("the PDF writer refused an A4 landscape page")
    page = QRectF(writer.pageLayout().paintRectPixels(dpi))
    page.moveTo(0, 0)  # the painter's origin is the top-left corner inside the margins
    mm = dpi / 25.4  # device pixels per millimetre

    painter = QPainter()
    if not painter.begin(writer):
        raise _RenderError("the PDF writer could not start")
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        with (_print_colours(view, plots, facts.theme), _vector_items(view.scene()),
              _vector_items(graphics.scene()), plots.fitted_to_data()):
            _draw_handout(painter, page, mm, view, facts, graphics, plots)
    finally:
        painter.end()
    buffer.close()
    return bytes(array.data())


def _draw_handout(painter: QPainter, page: QRectF, mm: float, view, facts: HandoutFacts, graphics,
                  plots) -> None:
    day = facts.day
    gap = GAP_MM * mm

    # Header: title on the left, simulated time on the right, a rule under both.
    title_font = _font(TITLE_PT, bold=True)
    title_h = QFontMetricsF(title_font, painter.device()).height()
    painter.setPen(_INK)
    painter.setFont(title_font)
    painter.drawText(QRectF(page.left(), page.top(), page.width(), title_h),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, APP_TITLE)
    painter.setFont(_font(HEADING_PT + 1, bold=True))
    painter.drawText(QRectF(page.left(), page.top(), page.width(), title_h),
                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _clock_text(day))
    rule_y = page.top() + title_h + 1.5 * mm
    painter.setPen(QPen(_RULE, 0.3 * mm))
    painter.drawLine(QPointF(page.left(), rule_y), QPointF(page.right(), rule_y))

    # Footer: the notice on the left, what made the page on the right.
    footer_font = _font(SMALL_PT + 1, bold=True)
    footer_h = QFontMetricsF(footer_font, painter.device()).height()
    footer = QRectF(page.left(), page.bottom() - footer_h, page.width(), footer_h)
    painter.setFont(footer_font)
    painter.setPen(_INK)
    painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, NOTICE)
    painter.setFont(_font(SMALL_PT))
    painter.setPen(_MUTED)
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                     f"{APP_TITLE} {__version__} · {time.strftime('%d %B %Y')}")

    # Plots across the full width at the bottom, laid out so their smallest text prints at PLOT_TEXT_PT.
    smallest_px = max(plots.smallest_font_px(), 1)
    plot_px_mm = PLOT_TEXT_PT * _PT_MM / smallest_px  # printed millimetres per logical plot pixel
    plot_w_mm = page.width() / mm
    min_h_px = plots.minimumSizeHint().height()
    plot_h_mm = max(min_h_px * 1.2 * plot_px_mm, 60.0)  # a little above the minimum: less crowded ticks
    plot_rect = QRectF(page.left(), footer.top() - gap - plot_h_mm * mm, page.width(), plot_h_mm * mm)
    with _plots_laid_out(graphics, QSizeF(plot_w_mm / plot_px_mm, plot_h_mm / plot_px_mm)) as source:
        painter.fillRect(plot_rect, _background(graphics))
        graphics.scene().render(painter, plot_rect, source, Qt.AspectRatioMode.KeepAspectRatio)

    # The diagram fills the space between header and plots, as large as its aspect ratio allows.
    scene = view.scene()
    scene_rect = scene.sceneRect()
    top = rule_y + gap * 0.75
    avail_h = plot_rect.top() - gap - top
    diagram_h = min(avail_h, page.width() * 0.68 * scene_rect.height() / scene_rect.width())
    diagram_w = diagram_h * scene_rect.width() / scene_rect.height()
    diagram_rect = QRectF(page.left(), top, diagram_w, diagram_h)
    painter.fillRect(diagram_rect, _background(view))
    scene.render(painter, diagram_rect, scene_rect, Qt.AspectRatioMode.KeepAspectRatio)
    painter.setPen(QPen(_RULE, 0.25 * mm))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(diagram_rect)

    # Beside the diagram: the switches that are on, and how to read the diagram.
    column = QRectF(diagram_rect.right() + gap, top, page.right() - diagram_rect.right() - gap, avail_h)
    y = _draw_paragraph(painter, column, column.top(), "Switches on", _font(HEADING_PT, bold=True), _INK)
    active = _active_switches(facts.switches)
    if not active:
        y = _draw_paragraph(painter, column, y, "None: the healthy starting state.", _font(BODY_PT), _INK)
    for kind, heading in _KIND_HEADINGS:
        if kind in active:
            y = _draw_paragraph(painter, column, y, f"{heading}: {', '.join(active[kind])}.",
                                _font(BODY_PT), _INK)
    level = facts.level_name
    if level:
        y = _draw_paragraph(painter, column, y + 1.5 * mm, f"Diagram detail: {level} level.",
                            _font(BODY_PT), _MUTED)
    y = _draw_paragraph(painter, column, y + 3 * mm, "Reading the diagram", _font(HEADING_PT, bold=True),
                        _INK)
    for line in _DIAGRAM_KEY:
        y = _draw_paragraph(painter, column, y, line, _font(SMALL_PT), _INK, bullet=True)
    _draw_paragraph(painter, column, y + 3 * mm,
                    "Plots below: the run so far, or its latest stretch in a long run; dashed lines "
                    "mark where a switch changed.", _font(SMALL_PT, italic=True), _MUTED)


def _draw_paragraph(painter: QPainter, column: QRectF, y: float, text: str, font: QFont, colour: QColor,
                    bullet: bool = False) -> float:
    """Word-wrapped text at `y` in `column` (clipped at its bottom); returns the y below it."""
    metrics = QFontMetricsF(font, painter.device())
    indent = metrics.horizontalAdvance("•  ") if bullet else 0.0
    width = column.width() - indent
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    bounds = metrics.boundingRect(QRectF(0, 0, width, 1e6), int(flags), text)
    if y + bounds.height() > column.bottom() + 0.5:
        return y  # no room left: leave it out rather than draw over the plots
    painter.setFont(font)
    painter.setPen(colour)
    if bullet:
        painter.drawText(QRectF(column.left(), y, indent, bounds.height()), int(flags), "•")
    painter.drawText(QRectF(column.left() + indent, y, width, bounds.height()), int(flags), text)
    return y + bounds.height() + metrics.leading() + 0.15 * metrics.height()
