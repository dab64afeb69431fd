"""What a run gives back and how it fails: light (numpy only when a Trajectory is read), so that the
window's process can start and handle a model running elsewhere (model/remote.py) before its first
paint without loading numpy or roadrunner itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .outputs import OUTPUT_INDEX, OUTPUT_NAMES

if TYPE_CHECKING:
    import numpy as np


class SimulationError(RuntimeError):
    """The solver failed or produced a non-finite value; the simulation keeps its last good state."""


class SimulationTimeout(SimulationError):
    """The wall-clock deadline passed before the run finished; `day` is where it stopped."""

    def __init__(self, day: float) -> None:
        super().__init__(f"the time limit ran out near day {day:.2f}")
        self.day = day

    def __reduce__(self) -> tuple:  # pickled by its day (a reply of model/remote.py), not its text
        return (SimulationTimeout, (self.day,))


@dataclass
class Trajectory:
    """Output rows of a run: `table[i, j]` is column `columns[j]` at row i."""

    table: np.ndarray
    columns: tuple[str, ...] = OUTPUT_NAMES

    def column(self, name: str) -> np.ndarray:
        return self.table[:, OUTPUT_INDEX[name]]

    @property
    def days(self) -> np.ndarray:
        return self.column("day")

    def at_day(self, day: float) -> dict[str, float]:
        """The row nearest to `day`, as a name → value mapping."""
        import numpy as np

        i = int(np.argmin(np.abs(self.days - day)))
        return dict(zip(self.columns, self.table[i].tolist(), strict=False))
