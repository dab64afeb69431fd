"""Scenario presets: ready-made scenario files (resources/presets/*.json) a teacher can start from.

Each preset is an ordinary scenario file (format version 1, see model/README.md), so the same file
also runs headless: `python main.py --headless --scenario resources/presets/healthy.json`. Loading
goes through `model.scenario.scenario_from_dict`, so a preset is valid exactly when the command line
would accept it; any problem raises `ScenarioError` naming the file. No widgets here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from model.readers import load_each, read_json
from model.scenario import MAX_SCENARIO_BYTES, Scenario, ScenarioError, scenario_from_dict
from ui.content import resource_path

__all__ = ["PRESET_ORDER", "Preset", "load_presets", "load_presets_skipping_broken"]

# The presets the app ships, in the order a lesson usually visits them; any other file a teacher
# adds to the folder follows these, sorted by id.
PRESET_ORDER: tuple[str, ...] = (
    "healthy",
    "obesity_with_inflammation",
    "hypogonadal_man_t2d",
    "perimenopause",
)


@dataclass(frozen=True)
class Preset:
    """One preset: its id (the file name without `.json`), texts for a menu, and the scenario."""

    id: str
    title: str
    description: str
    scenario: Scenario
    path: Path


def _sort_key(path: Path) -> tuple[int, str]:
    stem = path.stem
    return (PRESET_ORDER.index(stem) if stem in PRESET_ORDER else len(PRESET_ORDER), stem)


def _load_preset(path: Path) -> Preset:
    where = path.name
    data = read_json(path, where, MAX_SCENARIO_BYTES, ScenarioError)
    scenario = scenario_from_dict(data, where)  # raises ScenarioError naming the file
    description = data.get("description", "")  # checked to be text by scenario_from_dict
    title = scenario.title.strip() or path.stem.replace("_", " ").capitalize()
    return Preset(id=path.stem, title=title, description=" ".join(description.split()),
                  scenario=scenario, path=path)


def load_presets(folder: str | Path | None = None) -> dict[str, Preset]:
    """All presets in `folder` (default: resources/presets), keyed by id, in menu order.

    Raises ScenarioError on the first file that is not a valid scenario, naming that file, so a
    broken edit is caught at start-up or by the tests rather than in front of a class.
    """
    folder = Path(folder) if folder is not None else resource_path("presets")
    if not folder.is_dir():
        raise ScenarioError(f"{folder}: preset folder not found")
    return {path.stem: _load_preset(path) for path in sorted(folder.glob("*.json"), key=_sort_key)}


def load_presets_skipping_broken(folder: str | Path | None = None) -> tuple[dict[str, Preset], list[str]]:
    """Like load_presets, but a broken file is skipped and its error returned, so one teacher's
    typo never hides the other presets."""
    folder = Path(folder) if folder is not None else resource_path("presets")
    if not folder.is_dir():
        return {}, [f"{folder}: preset folder not found"]
    presets, errors = load_each(sorted(folder.glob("*.json"), key=_sort_key), _load_preset, ScenarioError)
    return {preset.id: preset for preset in presets}, errors
