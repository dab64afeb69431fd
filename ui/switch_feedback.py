"""What a switch starts and on what time scale, from resources/switch_feedback.toml (no widgets).

After a switch is turned on, the window's status line says what begins and how long to run to see it,
and the diagram lights the nodes where it begins for a few seconds, so a student who sees nothing move
in the first seconds knows the effect is coming and how to get there.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.readers import bounded_number, read_toml
from model.resources import resource_path
from model.toggles import TOGGLE_IDS, TOGGLES_BY_ID

from .content import ContentError

MAX_BYTES = 200_000
_KEYS = {"starts", "nodes", "run_days"}


@dataclass(frozen=True)
class SwitchFeedback:
    starts: str
    nodes: tuple[str, ...]
    run_days: float

    def status_text(self, toggle: str) -> str:
        """The status line: "High-fat diet on. Fatty acids … To see it, run 16 weeks: Ctrl+E."."""
        return (f"{TOGGLES_BY_ID[toggle].label} on. {self.starts} To see most of it, run "
                f"{run_length(self.run_days)}: Run ▸ See the last switch's effect (Ctrl+E).")


def run_length(days: float) -> str:
    """"1 week", "16 weeks", "5 days"."""
    if days % 7 == 0:
        weeks = round(days / 7)
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days:g} day{'s' if days != 1 else ''}"


def load_switch_feedback(nodes: set[str] | None = None, path=None) -> dict[str, SwitchFeedback]:
    """Toggle id → its feedback. Raises ContentError naming the entry that is wrong; `nodes`, when
    given, are the diagram's node ids the entries must name."""
    path = path if path is not None else resource_path("switch_feedback.toml")
    data = read_toml(path, "switch_feedback.toml", MAX_BYTES, ContentError)
    out: dict[str, SwitchFeedback] = {}
    for toggle, raw in data.items():
        where = f"switch_feedback.toml: [{toggle}]"
        if toggle not in TOGGLE_IDS:
            raise ContentError(f"{where}: unknown toggle")
        if not isinstance(raw, dict) or set(raw) - _KEYS or not _KEYS <= set(raw):
            raise ContentError(f"{where}: needs exactly the keys {', '.join(sorted(_KEYS))}")
        starts, ids, days = raw["starts"], raw["nodes"], raw["run_days"]
        if not isinstance(starts, str) or not starts.strip():
            raise ContentError(f"{where}: starts must be a text")
        if not isinstance(ids, list) or not all(isinstance(n, str) for n in ids):
            raise ContentError(f"{where}: nodes must be a list of node ids")
        unknown = [n for n in ids if nodes is not None and n not in nodes]
        if unknown:
            raise ContentError(f"{where}: unknown node {unknown[0]!r}")
        days = bounded_number(days)
        if days is None or not 0 < days <= 3650:
            raise ContentError(f"{where}: run_days must be a number of days between 0 and 3650")
        out[toggle] = SwitchFeedback(" ".join(starts.split()), tuple(ids), days)
    return out
