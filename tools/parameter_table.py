"""Rewrite the parameter table in model/README.md from model/parameters.toml.

    python tools/parameter_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.parameters import parameter_table  # noqa: E402

START, END = "<!-- parameters:start -->", "<!-- parameters:end -->"


def table_markdown() -> str:
    lines, section = [], None
    for info in parameter_table():
        if info.section != section:
            section = info.section
            lines += ["", f"**{section.replace('_', ' ').capitalize()}**", "",
                      "| parameter | value | range | unit | source or reason |", "|---|---|---|---|---|"]
        source = info.source.replace("|", "/")
        lines.append(f"| `{info.name}` | {info.value:g} | {info.minimum:g}–{info.maximum:g} | {info.unit} "
                     f"| {source} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    readme = ROOT / "model" / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(f"{head}{START}\n{table_markdown()}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
