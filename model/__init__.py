"""Insulin Pathway Explorer's model: pure Python, numpy and scipy; no Qt.

Public API: `Simulation`, `Trajectory`, `ToggleEvent`, `SimulationError`, `TOGGLES`, `OUTPUTS`.
"""

from .outputs import OUTPUT_NAMES, OUTPUTS
from .simulation import Simulation, SimulationError, ToggleEvent, Trajectory
from .toggles import TOGGLE_IDS, TOGGLES, TOGGLES_BY_ID, Toggle

__all__ = [
    "OUTPUTS", "OUTPUT_NAMES", "Simulation", "SimulationError", "ToggleEvent", "Trajectory",
    "TOGGLES", "TOGGLE_IDS", "TOGGLES_BY_ID", "Toggle",
]
