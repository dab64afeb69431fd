"""Insulin Pathway Explorer's model: one definition compiled by libroadrunner, numpy; no Qt.

Public API: `Simulation`, `Trajectory`, `ToggleEvent`, `SimulationError`, `TOGGLES`, `OUTPUTS`.
The engine (and with it roadrunner) is imported on first use, so the window can import the toggle
and output tables without paying for it before its first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .outputs import OUTPUT_NAMES, OUTPUTS
from .toggles import TOGGLE_IDS, TOGGLES, TOGGLES_BY_ID, Toggle, ToggleEvent

__version__ = "0.1.0"
# The one wording of the notice every view, export and file carries.
NOTICE = "Educational model — not medical advice."

if TYPE_CHECKING:
    from .simulation import Simulation, SimulationError, Trajectory

_LAZY = {"Simulation", "SimulationError", "Trajectory"}


def __getattr__(name: str):
    if name in _LAZY:
        from . import simulation

        return getattr(simulation, name)
    raise AttributeError(f"module 'model' has no attribute '{name}'")


__all__ = [
    "__version__", "NOTICE", "OUTPUTS", "OUTPUT_NAMES", "Simulation", "SimulationError", "ToggleEvent",
    "Trajectory", "TOGGLES", "TOGGLE_IDS", "TOGGLES_BY_ID", "Toggle",
]
