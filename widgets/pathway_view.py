"""The pathway view: a QGraphicsView that draws a `PathwayGraph` and animates it on one clock.

It knows nothing of the model: the window gives it node activities (0–1), edge rates (0–1) and which
nodes carry a switched-on toggle; the view draws them, moves particles and pulses halos.
Keyboard: Tab / Shift+Tab move between nodes in reading order; Tab after the last node (Shift+Tab
before the first) leaves the diagram for the next (previous) control in the window, as any tab stop
would, and Tab into it starts at its first node (Shift+Tab at its last). Arrow keys follow edges,
Enter opens the node (Space pauses, window-wide), Ctrl+= / Ctrl+- zoom, Ctrl+0 fits the diagram.
The node that has the keyboard focus wears a ring of its own (widgets/focus_ring.py), and the view's
accessible name and description follow it, so a screen reader announces the node.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmapCache,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QStyle, QWidget

from .focus_ring import FocusRing
from .pathway_graph import PathwayGraph
from .pathway_items import LABEL_PIXELS, CompartmentItem, EdgeItem, NodeItem, ParticleLayer
from .pathway_legend import LegendItem, LegendOverlay
from .theme import THEMES, Theme

FRAME_MS = 16  # ~60 frames a second
PULSE_HZ = 0.8
PIXMAP_CACHE_HEADROOM = 1.5
PIXMAP_CACHE_MIN_KB = 10 * 1024  # Qt's default
# A diagram fitted whole into a small window drew its labels at 5-6 px (1280x720): unreadable. Fitting
# stops at this label size; past it the view shows the part around the open node (or IRS-1, the
# pathway's hub) and scrolls. Ctrl+0 still fits the whole diagram when asked.
READABLE_LABEL_PX = 11.0
HUB_NODE = "irs1"
PIXMAP_CACHE_MAX_KB = 256 * 1024
ACCESSIBLE_NAME = "Pathway diagram"
ACCESSIBLE_DESCRIPTION = ("Insulin signalling and its disruptors. Tab moves between nodes, arrow keys "
                          "follow connections, Enter explains the node.")
NODE_KEYS_HINT = "Enter explains it; arrow keys follow its connections."


class PathwayView(QGraphicsView):
    node_selected = Signal(str)  # a node was clicked or opened from the keyboard
    first_painted = Signal()  # once, when the diagram has been drawn for the first time

    def __init__(self, graph: PathwayGraph, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph = graph
        self.level = 3
        self.frames_drawn = 0
        self.frame_times: list[float] = []
        self._selected: str | None = None
        self._focus: str | None = None
        self._hovered: str | None = None
        self._ring_wanted = False  # the ring shows after keyboard moves, not after a click
        self._summaries: dict[str, str] = {}
        self._value_of: Callable[[str], str | None] = lambda _node_id: None
        self._phase = 0.0
        self._last_tick = time.perf_counter()
        self._user_zoomed = False
        self._whole = False  # Ctrl+0 asked for the whole diagram, however small its labels
        self.painted = False
        self._faded: set[str] = set()
        self._highlight: set[str] | None = None
        self.theme: Theme = THEMES["light"]
        self.setScene(QGraphicsScene(QRectF(*graph.scene), self))
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.BoundingRectViewportUpdate)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#FFFFFF"))
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setAccessibleDescription(ACCESSIBLE_DESCRIPTION)
        self._build()
        self.clock = QTimer(self)
        self.clock.setTimerType(Qt.PreciseTimer)
        self.clock.timeout.connect(self._tick)
        self.clock.start(FRAME_MS)

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        scene = self.scene()
        self.compartment_items = [CompartmentItem(c) for c in self.graph.compartments]
        for item in self.compartment_items:
            scene.addItem(item)
            scene.addItem(item.caption)
        self.node_items = {nid: NodeItem(n) for nid, n in self.graph.nodes.items()}
        for item in self.node_items.values():
            scene.addItem(item)
        self.edge_items = [EdgeItem(e, self.node_items[e.source], self.node_items[e.target])
                           for e in self.graph.edges]
        for item in self.edge_items:
            scene.addItem(item)
        self.particles = ParticleLayer()
        scene.addItem(self.particles)
        self.focus_ring = FocusRing()
        scene.addItem(self.focus_ring)
        self.legend = LegendItem()
        scene.addItem(self.legend)
        self.legend_overlay = LegendOverlay(self)  # presentation mode's legend, pinned to a corner
        self._overlay_px = 0.0
        self.set_level(self.level)

    # --- what the window tells the view ------------------------------------------------------
    def set_level(self, level: int) -> None:
        """Detail level: 1 core cascade, 2 + kinases and lipids, 3 + inflammasome loop."""
        self.level = level
        for item in self.compartment_items:
            item.setVisible(item.compartment.level <= level)
            item.caption.setVisible(item.isVisible())
        for item in self.node_items.values():
            item.setVisible(item.node.level <= level)
        for item in self.edge_items:
            e = item.edge
            visible = (self.graph.nodes[e.source].level <= level
                       and self.graph.nodes[e.target].level <= level and e.level <= level)
            if e.shortcut:
                visible = level == 1
            item.setVisible(visible)
        self._apply_layout(level)
        if self._selected and not self.node_items[self._selected].isVisible():
            self._set_selected(None)
        if self._focus and not self.node_items[self._focus].isVisible():
            self._clear_focus()
        self.fit_pixmap_cache()

    def _apply_layout(self, level: int) -> None:
        """Place everything where this level's layout (resources/pathway.json) puts it, and fit the
        smaller or larger diagram to the window unless the user has zoomed."""
        graph = self.graph
        for item in self.compartment_items:
            compartment = item.compartment
            item.set_rect(graph.compartment_rect(compartment, level), graph.caption_at(compartment, level))
        for nid, item in self.node_items.items():
            item.setPos(*graph.node_pos(nid, level))
        for item in self.edge_items:
            item.refresh(graph.waypoints(item.edge, level))
        corner, columns = graph.legend_at(level)
        self.legend.set_columns(columns)
        self.legend.setPos(*corner)
        self.scene().setSceneRect(QRectF(*graph.scene_at(level)))
        keep_out = [QRectF(*item.scene_box()) for item in self.node_items.values() if item.isVisible()]
        keep_out += [item.caption_rect() for item in self.compartment_items if item.isVisible()]
        if self.legend.isVisible():
            keep_out.append(self.legend.sceneBoundingRect())
        self.particles.set_edges(self.edge_items, self.scene().sceneRect(), keep_out)
        if not self._user_zoomed:
            self._auto_fit()

    def readable_scale(self) -> float:
        """The view scale at which a label is READABLE_LABEL_PX on screen."""
        return READABLE_LABEL_PX / LABEL_PIXELS

    def _auto_fit(self) -> None:
        """The whole diagram if its labels stay readable (or Ctrl+0 asked for it); otherwise the
        readable scale, centred on the open node or the hub; with a lesson step's highlighted nodes,
        those nodes whole, at the readable scale or as near it as they fit.

        Scales come from room that does not depend on which scroll bars show now: measured from the
        viewport, a bar appearing shrank it, the new scale hid the bar, and the two resized each
        other for ever (seen as a frozen window during a side-by-side run ahead)."""
        whole_rect = self.scene().sceneRect()
        full = self.maximumViewportSize()  # the viewport without scroll bars
        if self._whole or _fit_scale(whole_rect, full) >= self.readable_scale():
            self.fitInView(whole_rect, Qt.KeepAspectRatio)  # it fits: no scroll bar shows
            return
        scale = self.readable_scale()
        shown = [n for n in (self._highlight or ()) if self._drawn(n)]
        if shown:  # a lesson step's nodes all show, even if that takes a smaller scale
            rect = self._nodes_rect(shown).adjusted(-10, -10, 10, 10)
            scale = min(scale, _fit_scale(rect, self._room_beside_scroll_bars()))
            self.setTransform(QTransform.fromScale(scale, scale))
            self.centerOn(rect.center())
        else:
            self.setTransform(QTransform.fromScale(scale, scale))
            focus = next((n for n in (self._selected, HUB_NODE) if n and self._drawn(n)), None)
            if focus is not None:
                self.centerOn(self.node_items[focus])

    def _room_beside_scroll_bars(self) -> QSize:
        """The viewport's size once the scroll bars a diagram larger than the window needs show."""
        size = self.maximumViewportSize()
        bar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent, None, self)
        if self.verticalScrollBarPolicy() != Qt.ScrollBarAlwaysOff:
            size.setWidth(size.width() - bar)
        if self.horizontalScrollBarPolicy() != Qt.ScrollBarAlwaysOff:
            size.setHeight(size.height() - bar)
        return size

    def _drawn(self, node_id: str) -> bool:
        item = self.node_items.get(node_id)
        return item is not None and item.isVisible()

    def _nodes_rect(self, node_ids) -> QRectF:
        rect = QRectF()
        for nid in node_ids:
            rect = rect.united(self.node_items[nid].sceneBoundingRect())
        return rect

    def nodes_in_view(self, node_ids) -> bool:
        """Whether every one of these nodes that is drawn shows whole in the viewport."""
        port = self.viewport().rect()
        return all(port.contains(self.mapFromScene(self.node_items[n].sceneBoundingRect()).boundingRect())
                   for n in node_ids if self._drawn(n))

    def bring_into_view(self, node_ids) -> None:
        """Scroll so these nodes show (zooming out only if they do not fit at the current scale)."""
        shown = [n for n in node_ids if self._drawn(n)]
        if not shown or self.nodes_in_view(shown):
            return
        if not self._user_zoomed:
            self._auto_fit()
            if self.nodes_in_view(shown):
                return
        rect = self._nodes_rect(shown).adjusted(-10, -10, 10, 10)
        port = self.viewport().rect()
        scale = self.transform().m11()
        if rect.width() * scale > port.width() or rect.height() * scale > port.height():
            self.zoom_to_nodes(set(shown), scale)
        else:
            self.centerOn(rect.center())

    def set_legend_visible(self, on: bool) -> None:
        """Show or hide the legend (View ▸ Legend)."""
        self.legend.setVisible(on)
        self._apply_layout(self.level)  # the flow dots may run where the legend was

    @property
    def legend_visible(self) -> bool:
        return self.legend.isVisible()

    def show_legend_overlay(self, on: bool, text_px: float = 0.0) -> None:
        """The legend pinned to the window's bottom-left corner with `text_px` text (presentation
        mode, where the zoomed diagram leaves the scene's legend out of view), or not."""
        self._overlay_px = text_px or self._overlay_px or LABEL_PIXELS
        if on:
            self._place_overlay()
            self.legend_overlay.raise_()
        self.legend_overlay.setVisible(on)

    @property
    def legend_overlay_visible(self) -> bool:
        return self.legend_overlay.isVisible()

    def _place_overlay(self) -> None:
        self.legend_overlay.place(self._overlay_px, QRectF(self.viewport().geometry()))

    def set_activities(self, activities: dict[str, float]) -> None:
        for nid, value in activities.items():
            item = self.node_items.get(nid)
            if item is not None:
                item.set_activity(value)

    def set_edge_rates(self, rates: dict[tuple[str, str], float]) -> None:
        self.particles.rates = dict(rates)

    def set_toggle_marks(self, marks: dict[str, str]) -> None:
        """`marks`: node id → toggle kind for every node where a switched-on toggle acts."""
        for nid, item in self.node_items.items():
            if item.toggle_kind != marks.get(nid):
                item.toggle_kind = marks.get(nid)
                item.update()

    def set_faded(self, node_ids: set[str]) -> None:
        """Nodes drawn faintly (therapies and exposures that are switched off)."""
        self._faded = set(node_ids)
        self._apply_opacity()

    def _apply_opacity(self) -> None:
        for nid, item in self.node_items.items():
            base = 0.3 if nid in self._faded else 1.0
            opacity = base * (0.35 if item.dimmed else 1.0)
            if item.opacity() != opacity:
                item.setOpacity(opacity)

    def show_message(self, text: str) -> None:
        """Write a plain message across the scene (e.g. why there is no diagram to draw)."""
        item = self.scene().addText(text)
        item.setDefaultTextColor(self.palette().text().color())
        item.setTextWidth(self.sceneRect().width() * 0.8)
        font = item.font()
        font.setPixelSize(22)
        item.setFont(font)
        rect = self.sceneRect()
        item.setPos(rect.x() + rect.width() * 0.1, rect.y() + rect.height() * 0.35)

    def set_summaries(self, summaries: dict[str, str]) -> None:
        """Node id → a one-line summary: each node's tooltip becomes "Name: summary" (a node without
        one keeps its name)."""
        self._summaries = {nid: text.strip() for nid, text in summaries.items()}
        for nid, item in self.node_items.items():
            summary = self._summaries.get(nid, "")
            item.setToolTip(f"{item.node.label}: {summary}" if summary else item.node.label)

    def set_value_source(self, value_of: Callable[[str], str | None]) -> None:
        """Where the focused node's spoken value comes from ("150 % of healthy"): the window knows the
        model, the view does not. It is asked each time the focus moves."""
        self._value_of = value_of

    def set_theme(self, theme: Theme) -> None:
        """Recolour the diagram; every item repaints once."""
        self.theme = theme
        self.setBackgroundBrush(QColor(theme.background))
        items = [*self.compartment_items, *self.node_items.values(), *self.edge_items, self.particles,
                 self.focus_ring, self.legend]
        for item in items:
            item.theme = theme
            item.update()
        self.legend_overlay.set_theme(theme)
        for item in self.compartment_items:
            item.caption.update()

    def set_highlight(self, node_ids: set[str] | None) -> None:
        """Emphasise these nodes (a lesson step's focus) and dim the rest; None clears it."""
        self._highlight = set(node_ids) if node_ids else None
        hovered, self._hovered = self._hovered, "\0"  # force a refresh
        self._hover(hovered)

    @property
    def highlighted(self) -> set[str] | None:
        return self._highlight

    def select_node(self, node_id: str, emit: bool = True) -> None:
        if node_id not in self.node_items:
            return
        if not self.node_items[node_id].isVisible():
            self.set_level(max(self.level, self.graph.nodes[node_id].level))
        self._set_selected(node_id)
        if not self.nodes_in_view([node_id]):  # a node in view stays put (and a step's others with it)
            self.centerOn(self.node_items[node_id])
        if emit:
            self.node_selected.emit(node_id)

    @property
    def selected_node(self) -> str | None:
        return self._selected

    @property
    def focused_node(self) -> str | None:
        return self._focus

    # --- zoom -------------------------------------------------------------------------------
    def fit(self) -> None:
        """The whole diagram in the window (Ctrl+0), kept whole as the window is resized."""
        self._user_zoomed, self._whole = False, True
        self.fitInView(self.scene().sceneRect(), Qt.KeepAspectRatio)
        self.fit_pixmap_cache()

    def set_scale(self, scale: float) -> None:
        """Show the scene at this scale (1 scene unit = `scale` pixels); the user pans from there."""
        self._user_zoomed, self._whole = True, False
        self.setTransform(QTransform.fromScale(scale, scale))
        self.fit_pixmap_cache()

    def zoom_by(self, factor: float) -> None:
        self._user_zoomed, self._whole = True, False
        current = self.transform().m11()
        factor = min(max(current * factor, 0.2), 6.0) / current
        self.scale(factor, factor)
        self.fit_pixmap_cache()

    def zoom_to_nodes(self, node_ids: set[str], max_scale: float, margin: float = 10.0) -> bool:
        """Show these nodes (those drawn at this level) whole and centred, as large as the viewport
        allows up to `max_scale`; False if none of them is drawn."""
        shown = [n for n in node_ids if self._drawn(n)]
        if not shown:
            return False
        rect = self._nodes_rect(shown).adjusted(-margin, -margin, margin, margin)
        scale = min(_fit_scale(rect, self.viewport().size()), max_scale)
        self.set_scale(scale)
        self.centerOn(rect.center())
        return True

    def pixmap_cache_needed_kb(self) -> int:
        """What the visible nodes, edges and compartments take as pixmaps at the current zoom."""
        area = QRect(0, 0, self.width(), self.height())
        total = 0
        for item in (*self.compartment_items, *self.node_items.values(), *self.edge_items, self.legend):
            if item.isVisible():
                shown = self.mapFromScene(item.sceneBoundingRect()).boundingRect().intersected(area)
                total += max(shown.width(), 0) * max(shown.height(), 0) * 4
        return total // 1024

    def fit_pixmap_cache(self) -> None:
        """The items draw from pixmaps cached at the current zoom (DeviceCoordinateCache), and Qt keeps
        10 MB of pixmaps by default. Past that, every frame renders them again: a 1080p presentation
        needs about 19 MB, and its diagram fell from 60 to about 36 frames a second. So the limit
        follows the need, with headroom, between Qt's default and a cap."""
        wanted = int(self.pixmap_cache_needed_kb() * PIXMAP_CACHE_HEADROOM)
        QPixmapCache.setCacheLimit(min(max(wanted, PIXMAP_CACHE_MIN_KB), PIXMAP_CACHE_MAX_KB))

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self._user_zoomed:  # panning a zoomed diagram brings other items into view
            self.fit_pixmap_cache()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:  # a signal, not an event filter on viewport(): wrapping the viewport
            self.painted = True  # costs PySide ~10 ms of type set-up before the first paint
            self.first_painted.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._user_zoomed:
            self._auto_fit()
        if self.legend_overlay.isVisible():
            self._place_overlay()
        self.fit_pixmap_cache()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15 ** steps)

    # --- mouse and keyboard ------------------------------------------------------------------
    def node_at(self, pos) -> str | None:
        for item in self.items(pos):
            if isinstance(item, NodeItem) and item.isVisible():
                return item.node.id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        nid = self.node_at(event.position().toPoint())
        if nid is not None and event.button() == Qt.LeftButton:
            self._ring_wanted = False  # a click shows the selection; the ring is for the keyboard
            self._focus = nid
            self._show_focus()
            self._set_selected(nid)
            self.node_selected.emit(nid)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        self._hover(self.node_at(event.position().toPoint()))

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self._hover(None)

    def focusNextPrevChild(self, next_: bool) -> bool:
        """Tab and Shift+Tab: the next or previous node; past either end, the window's next or previous
        control (the node focus is dropped, so coming back by Tab starts at an end again)."""
        if not self.hasFocus():  # asked on behalf of something else: Qt's own chain
            return super().focusNextPrevChild(next_)
        order = self.visible_nodes_in_reading_order()
        step = 1 if next_ else -1
        index = order.index(self._focus) + step if self._focus in order else (0 if next_ else len(order) - 1)
        if 0 <= index < len(order):
            self._ring_wanted = True
            self._set_focus(order[index])
            return True
        self._clear_focus()
        return super().focusNextPrevChild(next_)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if reason in (Qt.TabFocusReason, Qt.BacktabFocusReason, Qt.ShortcutFocusReason):
            self._ring_wanted = True
            order = self.visible_nodes_in_reading_order()
            if self._focus not in order and order:  # entering by Tab: the end it comes from
                self._set_focus(order[-1] if reason == Qt.BacktabFocusReason else order[0])
        elif reason == Qt.MouseFocusReason:  # clicked into: the ring waits for a key
            self._ring_wanted = False
        self._show_focus()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_focus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key_Return, Qt.Key_Enter) and self._focus:
            self.select_node(self._focus)
        elif key in (Qt.Key_Right, Qt.Key_Down, Qt.Key_Left, Qt.Key_Up) and not mods & Qt.ControlModifier:
            self._follow_edge(forward=key in (Qt.Key_Right, Qt.Key_Down))
        elif mods & Qt.ControlModifier and key in (Qt.Key_Equal, Qt.Key_Plus):
            self.zoom_by(1.2)
        elif mods & Qt.ControlModifier and key == Qt.Key_Minus:
            self.zoom_by(1 / 1.2)
        elif mods & Qt.ControlModifier and key == Qt.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def visible_nodes_in_reading_order(self) -> list[str]:
        items = [i for i in self.node_items.values() if i.isVisible()]
        items.sort(key=lambda i: (round(i.pos().y() / 40), i.pos().x()))
        return [i.node.id for i in items]

    def _follow_edge(self, forward: bool) -> None:
        self._ring_wanted = True
        if self._focus is None:
            order = self.visible_nodes_in_reading_order()
            if order:
                self._set_focus(order[0])
            return
        candidates = [e.target if forward else e.source for e in self.graph.edges
                      if (e.source if forward else e.target) == self._focus]
        visible = [c for c in candidates if self.node_items[c].isVisible()]
        if visible:
            current = getattr(self, "_follow_index", 0) % len(visible)
            self._follow_index = current + 1
            self._set_focus(visible[current])

    def _set_focus(self, node_id: str) -> None:
        self._focus = node_id
        self._follow_index = 0
        self._hover(node_id)
        self.ensureVisible(self.node_items[node_id], 40, 40)
        self._show_focus()

    def _clear_focus(self) -> None:
        self._focus = None
        self._hover(None)
        self._show_focus()

    def _show_focus(self) -> None:
        """The ring around the focused node while the view has the keyboard, and the view's accessible
        name and description saying which node that is."""
        item = self.node_items.get(self._focus) if self._focus else None
        shown = item is not None and self._ring_wanted and self.hasFocus()
        if shown:
            self.focus_ring.surround(item.mapRectToScene(item.body_rect()))
        self.focus_ring.setVisible(shown)
        name, description = self.accessible_node_text(self._focus) if item else (ACCESSIBLE_NAME,
                                                                                   ACCESSIBLE_DESCRIPTION)
        if name != self.accessibleName() or description != self.accessibleDescription():
            self.setAccessibleName(name)  # each setter tells the accessibility layer it changed
            self.setAccessibleDescription(description)
            if self.hasFocus():  # and a screen reader re-reads the focused object
                QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Focus))

    def accessible_node_text(self, node_id: str) -> tuple[str, str]:
        """What a screen reader says for a node: its name, kind and value ("Akt, protein, 150 % of
        healthy"), then its one-line summary and the keys."""
        node = self.graph.nodes[node_id]
        value = self._value_of(node_id)
        name = ", ".join(part for part in (node.label, node.glyph, value) if part)
        summary = self._summaries.get(node_id, "")
        return name, f"{summary} {NODE_KEYS_HINT}".strip()

    def _set_selected(self, node_id: str | None) -> None:
        if self._selected in self.node_items:
            self.node_items[self._selected].selected_flag = False
            self.node_items[self._selected].update()
        self._selected = node_id
        if node_id:
            self.node_items[node_id].selected_flag = True
            self.node_items[node_id].update()

    def _hover(self, node_id: str | None) -> None:
        if node_id == self._hovered:
            return
        self._hovered = node_id
        near = self.graph.neighbours(node_id) | {node_id} if node_id else self._highlight
        for nid, item in self.node_items.items():
            item.dimmed = near is not None and nid not in near
        self._apply_opacity()
        for edge in self.edge_items:
            if node_id:
                touches = node_id in (edge.edge.source, edge.edge.target)
            else:
                touches = near is None or (edge.edge.source in near and edge.edge.target in near)
            emphasis = 1.0 if touches else 0.2
            if edge.emphasis != emphasis:
                edge.emphasis = emphasis
                edge.update()

    # --- the one clock --------------------------------------------------------------------------
    def set_animating(self, on: bool) -> None:
        """Run or stop the clock: flow dots and pulsing switches stand still while the model is paused,
        and the view draws nothing until something changes."""
        if on and not self.clock.isActive():
            self._last_tick = time.perf_counter()
            self.clock.start(FRAME_MS)
        elif not on:
            self.clock.stop()

    @property
    def animating(self) -> bool:
        return self.clock.isActive()

    def _tick(self) -> None:
        now = time.perf_counter()
        dt = min(now - self._last_tick, 0.1)
        self._last_tick = now
        self._phase = (self._phase + dt * PULSE_HZ) % 1.0
        self.particles.advance_clock(dt)
        for item in self.node_items.values():
            if item.toggle_kind and item.isVisible():  # only pulsing nodes change every frame
                item.phase = self._phase
                item.update()
        self.frames_drawn += 1
        self.frame_times.append(dt)
        if len(self.frame_times) > 2000:
            del self.frame_times[:1000]


def _fit_scale(rect: QRectF, room: QSize) -> float:
    """The largest scale at which `rect` fits whole in `room` (pixels per scene unit)."""
    return min(room.width() / max(rect.width(), 1.0), room.height() / max(rect.height(), 1.0))
