"""The explorer's state, in one place and with no widgets (after napari's evented ViewerModel).

What a user can change (switches, speed, pause, detail level, selected node) changes only here, by
asking: `set_switch`, `set_subject`, `run_ahead`, `set_speed`, `set_paused`, `set_level`, `select`,
`reset`, `schedule`, `set_highlight`, `load_session`. Each request is forwarded to the model by a
`*_requested` signal (the window connects those to the worker's thread) and announced to the views
by a `*_changed` signal, so a lesson, a session, a key and a click all take the same path. What the
model did (the day, the latest row, the switches as applied and their history) is written only by
`apply_snapshot`, from the worker's snapshots. The unsaved flag is here too, so saving, autosave
and quitting read one value.

A request the state refuses (a switch while a session opens or the model runs ahead) returns False
and emits `refused` with the reason; the views are then told the unchanged value, so a checkbox
clicked meanwhile springs back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from model.subjects import DEFAULT_SUBJECT, get_subject
from model.toggles import TOGGLE_IDS, TOGGLES_BY_ID, ToggleEvent
from widgets.speeds import nearest_speed

from .content import LEVELS

if TYPE_CHECKING:
    import numpy as np

    from .session import Session
    from .worker import Snapshot

BUSY_MESSAGE = "The model is busy opening a session or running ahead: wait for it, or press Cancel."


class ExplorerState(QObject):
    # To the model (queued to the worker's thread by the window).
    switch_requested = Signal(str, bool)
    speed_requested = Signal(float)
    pause_requested = Signal(bool)
    reset_requested = Signal()
    schedule_requested = Signal(object)  # list[ToggleEvent], absolute days
    replay_requested = Signal(object, float)  # list[ToggleEvent], the day to replay to
    subject_requested = Signal(str)  # the model starts again, healthy, as this subject
    run_ahead_requested = Signal(float)  # simulated days to compute from where the model is, at full speed
    companion_requested = Signal(str, object)  # name, switches: a side-by-side run from this moment
    companion_stop_requested = Signal()
    # To the views.
    switch_changed = Signal(str, bool)
    subject_changed = Signal(str)
    companion_changed = Signal(str)  # the side-by-side run's name, "" when none runs
    speed_changed = Signal(float)
    paused_changed = Signal(bool)
    level_changed = Signal(int)
    selection_changed = Signal(str)  # "" when nothing is selected
    highlight_changed = Signal(object)  # frozenset of node ids a lesson step points at, or None
    busy_changed = Signal(bool)
    switch_applied = Signal(object)  # ToggleEvent, as the model applied it (history grew)
    reset_applied = Signal()  # the model started again: history and plots are empty
    snapshot_applied = Signal(object)  # Snapshot, after day, row and switches were updated
    dirty_changed = Signal(bool)
    changed = Signal()  # the session changed (a switch applied outside a reset): autosave again
    refused = Signal(str)

    def __init__(self, speed: float = 60.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.switches: dict[str, bool] = dict.fromkeys(TOGGLE_IDS, False)
        self.subject = DEFAULT_SUBJECT
        self.speed = nearest_speed(speed)
        self.paused = False
        self.level = 3
        self.selected_node: str | None = None
        self.highlighted: frozenset[str] | None = None
        self.history: list[ToggleEvent] = []
        self.day = 0.0
        self.row: np.ndarray | None = None
        self.healthy: np.ndarray | None = None  # the row at the healthy start of this subject
        self.latest: Snapshot | None = None
        self.dirty = False
        self.busy = False  # a session is being replayed: switches and Reset wait
        self.companion = ""  # the side-by-side run's name, as the model reported it ("" for none)

    # --- requests -------------------------------------------------------------------------------
    def set_switch(self, toggle: str, on: bool) -> bool:
        if toggle not in self.switches:
            raise KeyError(f"unknown toggle '{toggle}'")
        if self._refuse_while_busy() or (on and self._refuse_for_subject(toggle)):
            self.switch_changed.emit(toggle, self.switches[toggle])  # a clicked box springs back
            return False
        if self.switches[toggle] != on:
            self.switches[toggle] = on
            self.switch_changed.emit(toggle, on)
        self.switch_requested.emit(toggle, on)
        return True

    def set_subject(self, subject: str) -> bool:
        """Start again, healthy, as another subject ("man" or "woman"): every switch goes off."""
        get_subject(subject)  # ValueError for an unknown one
        if self._refuse_while_busy():
            self.subject_changed.emit(self.subject)  # a menu choice springs back
            return False
        if subject != self.subject:
            self.subject = subject
            self._all_off()
            self.subject_changed.emit(subject)
            self.subject_requested.emit(subject)
            self.set_dirty(True)
        return True

    def applies(self, toggle: str) -> bool:
        """Whether a switch applies to the current subject (TRT not to the woman, menopause not to
        the man)."""
        return get_subject(self.subject).applies(toggle)

    def start_side_by_side(self, name: str, switches: dict[str, bool] | None = None) -> bool:
        """Run a second scenario beside this one, on the same clock, from this moment: a copy of the
        run so far with `switches` (default: the switches as they are now). A reset ends it."""
        switches = dict(self.switches if switches is None else switches)
        for toggle in switches:
            if toggle not in self.switches:
                raise KeyError(f"unknown toggle '{toggle}'")
        if self._refuse_while_busy() or any(on and self._refuse_for_subject(t) for t, on in switches.items()):
            return False
        self.companion_requested.emit(" ".join(name.split()) or "second run", switches)
        return True

    def stop_side_by_side(self) -> None:
        self.companion_stop_requested.emit()

    def companion_applied(self, name: str) -> None:
        """The model started (a name) or ended ("") the side-by-side run."""
        if name != self.companion:
            self.companion = name
            self.companion_changed.emit(name)

    def set_speed(self, minutes_per_second: float) -> None:
        """The preset nearest to the speed asked for (what the panel can show)."""
        self.speed = nearest_speed(minutes_per_second)
        self.speed_changed.emit(self.speed)
        self.speed_requested.emit(self.speed)

    def set_paused(self, paused: bool) -> None:
        self.paused = bool(paused)
        self.paused_changed.emit(self.paused)
        self.pause_requested.emit(self.paused)

    def set_level(self, level: int) -> None:
        if level not in LEVELS:
            raise ValueError(f"the detail level is one of {LEVELS}, not {level!r}")
        self.level = level
        self.level_changed.emit(level)

    def select(self, node_id: str | None) -> None:
        if node_id != self.selected_node:
            self.selected_node = node_id
            self.selection_changed.emit(node_id or "")

    def set_highlight(self, node_ids: Iterable[str] | None) -> None:
        """The nodes a lesson step points at (None or empty: no highlight)."""
        highlighted = frozenset(node_ids) if node_ids else None
        if highlighted != self.highlighted:
            self.highlighted = highlighted
            self.highlight_changed.emit(highlighted)

    def reset(self) -> bool:
        """Back to the healthy start with every switch off (the model confirms with a snapshot)."""
        if self._refuse_while_busy():
            return False
        self._all_off()
        self.reset_requested.emit()
        return True

    def run_ahead(self, days: float) -> bool:
        """Compute `days` ahead at the model's full speed (the model reports progress and can be
        cancelled); switches and Reset wait meanwhile, as while a session opens."""
        if not (days > 0 and math.isfinite(days)):
            raise ValueError(f"days to run ahead must be a positive number, not {days!r}")
        if self._refuse_while_busy():
            return False
        self.set_busy(True)  # until the run ends (ui/replay_progress.py calls set_busy(False))
        self.run_ahead_requested.emit(float(days))
        return True

    def run_to_day(self, day: float) -> bool:
        """Run ahead to a simulated day later than today's."""
        if not day > self.day + 1e-9:
            self.refused.emit(f"Day {day:g} is not after today (day {self.day:.1f}).")
            return False
        return self.run_ahead(day - self.day)

    def schedule(self, events: Iterable[ToggleEvent]) -> None:
        """Switches at later days (a preset's timeline), applied by the model at their minute."""
        self.schedule_requested.emit([ToggleEvent(*ev) for ev in events])

    def load_session(self, session: Session) -> None:
        """Take a session's settings and have the model replay its switches to its day."""
        if session.subject != self.subject:
            self.subject = session.subject
            self.subject_changed.emit(session.subject)
            self.subject_requested.emit(session.subject)  # before the replay, which it resets
        self.set_speed(session.speed)
        self.set_level(session.level)
        self.set_paused(session.paused)
        self.set_busy(True)  # until the replay ends (ui/replay_progress.py calls set_busy(False))
        self.replay_requested.emit(list(session.events), session.day)
        self.select(session.selected_node)
        self.set_dirty(False)

    def to_session(self) -> Session:
        from .session import Session

        return Session(day=self.day, events=list(self.history), speed=self.speed, paused=self.paused,
                       level=self.level, selected_node=self.selected_node, subject=self.subject)

    def set_dirty(self, dirty: bool) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    def set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def model_paused(self, paused: bool) -> None:
        """The model paused (a solver failure) or went on by itself: show it; nothing to request."""
        self.paused = paused
        self.paused_changed.emit(paused)

    # --- what the model did -------------------------------------------------------------------------
    def apply_snapshot(self, snap: Snapshot) -> None:
        """The worker's snapshot: the only writer of the day, the latest row, the applied switches
        and their history."""
        self.latest = snap
        if snap.reset:
            self.history.clear()
            self._all_off()
            self.reset_applied.emit()
        for event in snap.applied:
            self.history.append(event)
            if not snap.reset:  # a replayed session is not a change
                self.set_dirty(True)
                self.changed.emit()
            if self.switches[event.toggle] != event.on:  # a scheduled switch shows as well
                self.switches[event.toggle] = event.on
                self.switch_changed.emit(event.toggle, event.on)
            self.switch_applied.emit(event)
        self.day = snap.day
        if snap.rows.size:
            self.row = snap.rows[-1]
            # The subject's healthy start, for "% of healthy": a reset's row at day 0, or at the first
            # start the first row (the first half hour of a quiet night changes nothing).
            if (snap.reset or self.healthy is None) and snap.rows[0, 0] <= 1.0 / 24.0:
                self.healthy = snap.rows[0].copy()
        self.snapshot_applied.emit(snap)

    def _all_off(self) -> None:
        for toggle, on in self.switches.items():
            if on:
                self.switches[toggle] = False
                self.switch_changed.emit(toggle, False)

    def _refuse_for_subject(self, toggle: str) -> bool:
        body = get_subject(self.subject)
        if not body.applies(toggle):
            self.refused.emit(f"{TOGGLES_BY_ID[toggle].label} does not apply to the {body.id}: "
                              f"choose the other subject at the top of the switches first.")
            return True
        return False

    def _refuse_while_busy(self) -> bool:
        if self.busy:
            self.refused.emit(BUSY_MESSAGE)
        return self.busy
