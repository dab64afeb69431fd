"""Benchmark (run by hand): Markdown conversion time grows linearly with the text.

    python benchmarks/markdown_speed.py

For each pathological input (the ones that froze the window with the old hand-written regexes) it
converts n and 4n characters and prints both times and their ratio: about 4 means linear, about 16
quadratic.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui.content import markdown_to_html  # noqa: E402

ATTACKS = {"'*a ' repeated": "*a ", "'**a ' repeated": "**a ", "'[a' repeated": "[a",
           "'_a ' repeated": "_a ", "plain text": "x"}


def seconds(text: str) -> float:
    markdown_to_html.cache_clear()
    start = time.perf_counter()
    markdown_to_html(text)
    return time.perf_counter() - start


def main(size: int = 30_000) -> None:
    for label, unit in ATTACKS.items():
        small = unit * (size // len(unit))
        large = unit * (4 * size // len(unit))
        t1, t4 = seconds(small), seconds(large)
        print(f"{label:18s} {len(small):>8} chars {t1 * 1e3:8.1f} ms   {len(large):>8} chars "
              f"{t4 * 1e3:8.1f} ms   ratio {t4 / t1:5.1f}")


if __name__ == "__main__":
    main()
