"""The Run menu: compute ahead at the model's full speed instead of waiting for the clock.

"Step one day", "Run 1 / 4 / 24 weeks" and "Run to day…" ask the state to run ahead
(`ExplorerState.run_ahead`); the model computes in its own process behind a progress dialog with
Cancel (ui/replay_progress.py), and the window stays responsive. The clock's own state (running or
paused) is the same afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMainWindow

from model.scenario import MAX_DAYS

from .actions import add_actions
from .state import ExplorerState

# (menu text, shortcut, days ahead)
RUNS: tuple[tuple[str, str, float], ...] = (
    ("Step one day", "Ctrl+Right", 1.0),
    ("Run 1 week", "", 7.0),
    ("Run 4 weeks", "", 28.0),
    ("Run 24 weeks", "", 168.0),
)


class RunControl:
    def __init__(self, host: QMainWindow, state: ExplorerState,
                 effect_days: Callable[[], float | None] | None = None) -> None:
        """`effect_days`: how long the last switch turned on needs to show (None: no switch yet)."""
        self.host, self.state = host, state
        self.effect_days = effect_days
        self.menu = host.menuBar().addMenu("&Run")
        items = [(text, keys, lambda _checked=False, d=days: state.run_ahead(d)) for text, keys, days in RUNS]
        items.append(("Run to day…", "Ctrl+G", self.ask_day))
        items.append(("See the last switch's effect", "Ctrl+E", self.run_to_see_the_effect))
        self.actions = add_actions(host, self.menu, items)
        for action, (_, _, days) in zip(self.actions, RUNS, strict=False):
            action.setStatusTip(f"Compute {days:g} simulated days ahead at full speed (Esc cancels)")
        self.actions[-2].setStatusTip("Compute ahead to a day you choose, at full speed (Esc cancels)")
        self.actions[-1].setStatusTip("Compute ahead as long as the last switch turned on needs to show "
                                      "most of its effect")

    def run_to_see_the_effect(self) -> None:
        days = self.effect_days() if self.effect_days is not None else None
        if days is None:
            self.host.statusBar().showMessage("Turn a switch on first: this runs as long as its effect "
                                              "needs to show.", 6000)
            return
        self.state.run_ahead(days)

    def ask_day(self) -> None:
        """Ask for the day to run to (a week on by default), then run ahead to it."""
        if os.environ.get("IPE_NO_DIALOGS"):  # measuring runs and tests: no modal questions
            return
        today = self.state.day
        day, ok = QInputDialog.getDouble(self.host, "Run to day", "Run the model ahead to day:",
                                         round(today + 7.0, 1), round(today + 0.1, 1), MAX_DAYS, 1)
        if ok:
            self.state.run_to_day(day)
