"""The trend plot's quantities, read from `resources/trend.toml` (no widgets here).

Every output column can be picked; the file gives each its label, how its daily value is read and its
normal range with a source. A column the file does not name is still offered, as its daily mean with
the column's own description, so a new output column never disappears from the menu.
"""

from __future__ import annotations

import functools

from model.outputs import OUTPUT_INDEX, OUTPUT_NAMES, OUTPUT_UNITS, OUTPUTS
from model.readers import bounded_number, read_toml
from model.resources import resource_path
from widgets.quantities import KINDS, Quantity

from .content import ContentError

MAX_BYTES = 200_000
_KEYS = {"column", "label", "daily", "normal_low", "normal_high", "normal_source"}


def _number(value: object, where: str) -> float:
    number = bounded_number(value)
    if number is None:
        raise ContentError(f"{where} must be a finite number")
    return number


def _quantity(qid: str, raw: object) -> Quantity:
    where = f"trend.toml: [quantities.{qid}]"
    if not isinstance(raw, dict):
        raise ContentError(f"{where} must be a table")
    unknown = set(raw) - _KEYS
    if unknown:
        raise ContentError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    column = raw.get("column")
    if column not in OUTPUT_INDEX or column == "day":
        raise ContentError(f"{where}: column {column!r} is not an output column")
    daily = raw.get("daily", "mean")
    if daily not in KINDS:
        raise ContentError(f"{where}: daily must be one of {', '.join(KINDS)}")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        raise ContentError(f"{where}: label must be a text")
    low = _number(raw["normal_low"], f"{where} normal_low") if "normal_low" in raw else None
    high = _number(raw["normal_high"], f"{where} normal_high") if "normal_high" in raw else None
    if low is not None and high is not None and low >= high:
        raise ContentError(f"{where}: normal_low must be below normal_high")
    source = raw.get("normal_source", "")
    if not isinstance(source, str) or ((low is not None or high is not None) and not source.strip()):
        raise ContentError(f"{where}: a normal range needs its normal_source")
    return Quantity(id=qid, column=OUTPUT_INDEX[column], label=label.strip(), unit=OUTPUT_UNITS[column],
                    daily=daily, normal_low=low, normal_high=high, normal_source=source.strip())


def load_trend_quantities(path=None) -> tuple[dict[str, Quantity], tuple[str, ...]]:
    """(quantities by id in menu order, the ids shown by default). Raises ContentError naming the
    entry that is wrong."""
    path = path if path is not None else resource_path("trend.toml")
    data = read_toml(path, "trend.toml", MAX_BYTES, ContentError)
    raw = data.get("quantities", {})
    if not isinstance(raw, dict):
        raise ContentError("trend.toml: [quantities] must be a table")
    quantities = {qid: _quantity(qid, entry) for qid, entry in raw.items()}
    named = {OUTPUT_NAMES[q.column] for q in quantities.values()}
    meaning = {name: text for name, _, text in OUTPUTS}
    for column in OUTPUT_NAMES[1:]:
        if column not in named and column not in quantities:
            quantities[column] = Quantity(id=column, column=OUTPUT_INDEX[column],
                                          label=meaning[column][:1].upper() + meaning[column][1:],
                                          unit=OUTPUT_UNITS[column], daily="mean")
    default = data.get("default", [])
    if not isinstance(default, list) or not all(isinstance(d, str) and d in quantities for d in default):
        raise ContentError("trend.toml: default must list quantities of the file")
    return quantities, tuple(default)


@functools.lru_cache(maxsize=1)
def load_trend_quantities_or_fallback() -> tuple[dict[str, Quantity], tuple[str, ...], list[str]]:
    """The quantities, or, when the file is broken, every column as a daily mean and the problem (the
    window goes on with plain labels). Read once a process: the plot, the lessons' checks and their
    labels all ask for it; treat what it returns as read-only."""
    try:
        quantities, default = load_trend_quantities()
        return quantities, default, []
    except ContentError as exc:
        plain = {c: Quantity(id=c, column=OUTPUT_INDEX[c], label=c.replace("_", " "), unit=OUTPUT_UNITS[c],
                             daily="mean") for c in OUTPUT_NAMES[1:]}
        problem = f"the trend plot's labels could not be read ({exc})"
        return plain, ("insulin_sensitivity", "homa_ir"), [problem]
