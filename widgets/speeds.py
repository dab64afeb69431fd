"""The speed presets: what the panel offers and what lessons and sessions may name (no Qt here)."""

from __future__ import annotations

# (name, simulated minutes per real second), slowest first.
SPEED_PRESETS: tuple[tuple[str, float], ...] = (
    ("1 min/s", 1.0),
    ("10 min/s", 10.0),
    ("1 h/s", 60.0),
    ("6 h/s", 360.0),
    ("1 day/s", 1440.0),
    ("1 week/s", 10080.0),
    ("1 month/s", 43200.0),
)
SPEEDS: tuple[float, ...] = tuple(minutes for _, minutes in SPEED_PRESETS)  # what files may name
DEFAULT_SPEED_INDEX = 2  # "1 h/s": one meal cycle plays out in a few seconds of lesson time


def nearest_speed(minutes_per_second: float) -> float:
    """The preset speed nearest to a requested one (lessons and sessions name presets)."""
    return min(SPEEDS, key=lambda preset: abs(preset - minutes_per_second))
