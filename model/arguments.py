"""Command-line parsing with the command line's manners, for `model/cli.py` and the window's
`--smoke` / `--bench` options. Imports nothing heavy (the window parses its options before painting).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence

from .readers import quoted


class UsageError(Exception):
    """Bad command-line input; the message is one line for `error: ...`."""


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are UsageError (one line, exit status 2, no usage text), and
    whose options take values that look like negative numbers: argparse reads "--days -inf" or
    "--days -1e3" as two options and says "expected one argument", hiding the real problem."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        argv = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(self._numbers_joined(argv), namespace)

    def _numbers_joined(self, argv: list[str]) -> list[str]:
        """`--opt -5` as `--opt=-5` for every option that takes one value (abbreviated too)."""
        takes_value = {s for a in self._actions if a.nargs is None for s in a.option_strings}
        every = [s for a in self._actions for s in a.option_strings]

        def one_value(token: str) -> bool:
            if token in takes_value:
                return True
            named = [s for s in every if s.startswith(token)] if token.startswith("--") else []
            return self.allow_abbrev and len(named) == 1 and named[0] in takes_value

        out: list[str] = []
        i = 0
        while i < len(argv):
            token = argv[i]
            if token == "--":
                out.extend(argv[i:])
                break
            if i + 1 < len(argv) and _negative_number(argv[i + 1]) and one_value(token):
                out.append(f"{token}={argv[i + 1]}")
                i += 2
                continue
            out.append(token)
            i += 1
        return out


def _negative_number(text: str) -> bool:
    if not text.startswith("-"):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def subject_option(text: str) -> str:
    """A --subject word as a subject's id ("man", "woman"), or UsageError naming the choices."""
    from .subjects import get_subject

    try:
        return get_subject(text).id
    except ValueError as exc:
        raise UsageError(f"--subject: {exc}") from None


def number_option(text: str | float, what: str, low: float, high: float, low_text: str = "",
                   high_text: str = "") -> float:
    """`text` (a command-line word, or a number read from a file) as a positive, finite number in
    [low, high], or UsageError saying which bound it breaks; `low_text` / `high_text` name the
    bounds in the message."""
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{what}: {quoted(text)} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{what} must be a positive number, not {quoted(text)}")
    # A hair of tolerance: "--days 0.000694444" means one minute, whatever the last digit says.
    if value < low * (1 - 1e-6):
        raise UsageError(f"{what} must be at least {low_text or f'{low:g}'}, not {quoted(text)}")
    if value > high * (1 + 1e-9):
        raise UsageError(f"{what} must be at most {high_text or f'{high:g}'}, not {quoted(text)}")
    return value
