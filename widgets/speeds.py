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


def pace_text(minutes_per_second: float) -> str:
    """A clock's pace in words, two significant figures: "40 min", "6.5 h", "3.2 days", "1.1 weeks"
    of simulated time a second."""
    if not minutes_per_second > 0:
        return "stopped"
    for name, minutes in SPEED_PRESETS:  # a preset's own name: "1 month", not "4.3 weeks"
        if abs(minutes_per_second - minutes) <= 0.02 * minutes:
            return name.removesuffix("/s")
    units = (("weeks", 10080.0), ("days", 1440.0), ("h", 60.0), ("min", 1.0))
    unit, size = next(((u, m) for u, m in units if minutes_per_second >= m), units[-1])
    value = minutes_per_second / size
    shown = f"{value:.2g}" if value < 10 else f"{value:.0f}"
    if unit in ("weeks", "days") and shown == "1":
        unit = unit[:-1]
    return f"{shown} {unit}"
