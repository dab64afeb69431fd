"""The one CSV format of the model's output rows, for the command line (`--csv`) and the window's
File ▸ Export ▸ Plotted data: a header of column names (`python main.py --list-outputs` gives each
one's unit and meaning), then one line per row, every value with 6 significant digits.

One header row only, so any CSV reader (a spreadsheet, pandas, R) reads every column as numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .outputs import OUTPUT_NAMES

if TYPE_CHECKING:
    import numpy as np

_ROW_FORMAT = ",".join(["%.6g"] * len(OUTPUT_NAMES)) + "\n"  # the same text as f"{v:.6g}", faster


def csv_header() -> str:
    return ",".join(OUTPUT_NAMES) + "\n"


def csv_rows(block: np.ndarray) -> str:
    """Rows (model column order) as CSV lines."""
    return "".join(_ROW_FORMAT % tuple(row) for row in block.tolist())


def csv_text(table: np.ndarray) -> str:
    """A whole table: the header, then its rows."""
    return csv_header() + csv_rows(table)
