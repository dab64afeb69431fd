"""The model's reference subjects, a man and a woman (`resources/subjects.toml`).

A subject is parameter values on top of `model/parameters.toml` (whose reference adult is the man) and
the switches that do not apply to that body: the menopause switch in the man, the low-testosterone
switch and TRT in the woman. `Simulation(subject=...)` starts the subject's healthy body, and refuses a
switch that does not apply with `NotApplicable` (a ValueError), whose one-line message says why.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from .parameters import check_parameter
from .resources import resource_path
from .toggles import TOGGLES_BY_ID

DEFAULT_SUBJECT = "man"


class NotApplicable(ValueError):
    """A switch that does not apply to the subject (menopause in the man, TRT in the woman)."""


class SubjectFileError(ValueError):
    """resources/subjects.toml is malformed; the message names the entry."""


@dataclass(frozen=True)
class Subject:
    id: str
    label: str
    description: str
    parameters: dict[str, float] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset()
    why: str = ""

    def applies(self, toggle: str) -> bool:
        return toggle not in self.not_applicable

    def check_switch(self, toggle: str) -> None:
        """Raise NotApplicable if `toggle` does not apply to this subject."""
        if not self.applies(toggle):
            raise NotApplicable(f"'{toggle}' does not apply to the {self.id}: {self.why}")


def _subject(name: str, entry: object) -> Subject:
    where = f"resources/subjects.toml [{name}]"
    if not isinstance(entry, dict):
        raise SubjectFileError(f"{where} must be a table")
    unknown = sorted(set(entry) - {"label", "description", "not_applicable", "why", "parameters"})
    if unknown:
        raise SubjectFileError(f"{where}: unknown key '{unknown[0]}'")
    refused = entry.get("not_applicable", [])
    for toggle in refused:
        if toggle not in TOGGLES_BY_ID:
            raise SubjectFileError(f"{where}: not_applicable names unknown switch '{toggle}'")
    values, sources = {}, {}
    for parameter, item in entry.get("parameters", {}).items():
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise SubjectFileError(f"{where}: '{parameter}' needs a value and a source")
        try:
            values[parameter] = check_parameter(parameter, item.get("value"))
        except (KeyError, ValueError) as exc:
            raise SubjectFileError(f"{where}: {exc.args[0]}") from None
        sources[parameter] = item["source"]
    return Subject(name, str(entry.get("label", name)), str(entry.get("description", "")), values,
                   sources, frozenset(refused), str(entry.get("why", "")))


@lru_cache(maxsize=1)
def subjects() -> dict[str, Subject]:
    """Every subject by id, in file order (the man first)."""
    with open(resource_path("subjects.toml"), "rb") as handle:
        data = tomllib.load(handle)
    return {name: _subject(name, entry) for name, entry in data.items()}


def subject_ids() -> tuple[str, ...]:
    return tuple(subjects())


def get_subject(name: str) -> Subject:
    """The subject with this id; ValueError (one line, naming the choices) for any other."""
    found = subjects().get(name)
    if found is None:
        raise ValueError(f"unknown subject '{name}' (choose {' or '.join(subject_ids())})")
    return found
