"""Scenario presets: every file loads, runs headless, and moves the model the way its title says."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, scenario_run

from model.scenario import SCENARIO_FORMAT, ScenarioError, load_scenario
from ui.content import resource_path
from ui.presets import PRESET_ORDER, Preset, load_presets

PRESETS_DIR = ROOT / "resources" / "presets"
SHIPPED = ("healthy", "obesity_with_inflammation", "hypogonadal_man_t2d", "perimenopause")


@pytest.fixture(scope="module")
def presets() -> dict[str, Preset]:
    return load_presets()


def _schedule(preset: Preset) -> tuple[tuple[float, str, bool], ...]:
    return tuple((ev.day, ev.toggle, ev.on) for ev in preset.scenario.events)


def _final(preset: Preset) -> dict[str, float]:
    """The preset's own run, at its last day (runs are cached per test process)."""
    days = preset.scenario.days
    run, _ = scenario_run(days, _schedule(preset), preset.scenario.sample_hours,
                          preset.scenario.subject or "man")
    return run.at_day(days)


def _healthy_at(presets: dict[str, Preset], day: float, subject: str = "man") -> dict[str, float]:
    healthy = presets["healthy"]
    assert healthy.scenario.days >= day, "the healthy reference must run at least as long as every preset"
    run, _ = scenario_run(healthy.scenario.days, (), healthy.scenario.sample_hours, subject)
    return run.at_day(day)


# --- loading ---------------------------------------------------------------------------------------

def test_presets_folder_is_a_resource():
    assert resource_path("presets") == PRESETS_DIR


def test_every_shipped_preset_loads_in_lesson_order(presets):
    assert list(presets)[: len(SHIPPED)] == list(SHIPPED)
    assert tuple(PRESET_ORDER[: len(SHIPPED)]) == SHIPPED
    assert sorted(presets) == sorted(p.stem for p in PRESETS_DIR.glob("*.json"))
    for preset_id, preset in presets.items():
        assert preset.id == preset_id
        assert len(preset.title) > 10, preset_id
        assert len(preset.description.split()) >= 20, f"{preset_id}: description too short"
        assert preset.scenario.sample_hours == 24, preset_id
        assert preset.scenario.days and preset.scenario.days >= 90, preset_id
        assert preset.scenario.parameters == {}, f"{preset_id}: presets use the model's own parameters"
        # the command line's loader reads the same file the same way
        assert load_scenario(preset.path).events == preset.scenario.events


def test_preset_files_declare_format_version_1(presets):
    for preset in presets.values():
        data = json.loads(preset.path.read_text(encoding="utf-8"))
        assert data["format"] == SCENARIO_FORMAT and data["version"] == 1, preset.id


def test_preset_events_match_their_titles(presets):
    def on(preset_id: str) -> set[str]:
        return {ev.toggle for ev in presets[preset_id].scenario.events if ev.on}

    assert presets["healthy"].scenario.events == []
    assert on("obesity_with_inflammation") == {"high_fat_diet", "inflammation"}
    assert on("hypogonadal_man_t2d") == {"low_testosterone", "high_fat_diet"}
    assert on("perimenopause") == {"menopause"}
    # All events at day 0: a headless run of any length (e.g. --days 30) accepts every preset.
    for preset in presets.values():
        assert all(ev.day == 0 for ev in preset.scenario.events), preset.id


def test_load_presets_orders_extra_files_after_the_shipped_ones(tmp_path):
    for name in ("zeta", "healthy", "alpha", "perimenopause"):
        (tmp_path / f"{name}.json").write_text(
            json.dumps({"format": SCENARIO_FORMAT, "version": 1, "title": name.upper()}), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a preset", encoding="utf-8")
    presets = load_presets(tmp_path)
    assert list(presets) == ["healthy", "perimenopause", "alpha", "zeta"]
    assert presets["alpha"].description == "" and presets["alpha"].title == "ALPHA"
    assert presets["zeta"].scenario.events == [] and presets["zeta"].scenario.days is None


_HEAD = '"format": "insulin-pathway-explorer/scenario", "version": 1'


@pytest.mark.parametrize("content, message", [
    ('{' + _HEAD + ', "events": [{"toggle": "nope"}]}', "unknown toggle 'nope'"),
    ('{' + _HEAD + ', "colour": "red"}', "unknown key 'colour'"),
    ('{"format": "something-else", "version": 1}', '"format" must be'),
    ('{' + _HEAD + ', "description": 3}', '"description" must be'),
    ('{' + _HEAD + ', "days": -4}', "days must be"),
    ('{' + _HEAD + ',', "invalid JSON"),
    ("[]", "JSON object"),
])
def test_a_broken_preset_raises_scenario_error_naming_the_file(tmp_path, content, message):
    (tmp_path / "healthy.json").write_text(
        json.dumps({"format": SCENARIO_FORMAT, "version": 1}), encoding="utf-8")
    (tmp_path / "broken_one.json").write_text(content, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_presets(tmp_path)
    assert "broken_one.json" in str(info.value) and message in str(info.value)


def test_missing_folder_and_unreadable_file_raise_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        load_presets(tmp_path / "nowhere")
    (tmp_path / "latin1.json").write_bytes(b'{"format": "\xff"}')
    with pytest.raises(ScenarioError, match="latin1.json"):
        load_presets(tmp_path)


# --- headless ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("preset_id", SHIPPED)
def test_every_preset_runs_headless(preset_id):
    path = PRESETS_DIR / f"{preset_id}.json"
    result = subprocess.run(
        [sys.executable, "main.py", "--headless", "--scenario", str(path),
         "--days", "30", "--sample-hours", "24"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("day,glucose_uptake,insulin_sensitivity,")
    assert len(lines) == 1 + 31  # header + days 0..30
    last = dict(zip(lines[0].split(","), (float(v) for v in lines[-1].split(",")), strict=True))
    assert last["day"] == 30


# --- direction of effect (months of simulated time) -------------------------------------------------

@pytest.mark.slow
def test_healthy_preset_stays_healthy(presets):
    healthy = presets["healthy"]
    start = _healthy_at(presets, 0)
    end = _final(healthy)
    for name in ("insulin_sensitivity", "visceral_fat", "testosterone", "tnf_alpha", "homa_ir"):
        assert end[name] == pytest.approx(start[name], rel=0.03), name
    assert 3.9 <= end["plasma_glucose"] <= 5.6  # fasting-range glucose at midnight
    assert end["homa_ir"] < 2.0


@pytest.mark.slow
def test_obesity_with_inflammation_is_worse_than_healthy(presets):
    preset = presets["obesity_with_inflammation"]
    end, ref = _final(preset), _healthy_at(presets, preset.scenario.days)
    assert end["insulin_sensitivity"] < 0.8 * ref["insulin_sensitivity"]
    assert end["tnf_alpha"] > 1.5 * ref["tnf_alpha"]
    assert end["il6"] > ref["il6"] and end["il1b"] > ref["il1b"]
    assert end["visceral_fat"] > 1.3 * ref["visceral_fat"]
    assert end["homa_ir"] > ref["homa_ir"] and end["plasma_insulin"] > ref["plasma_insulin"]


@pytest.mark.slow
def test_hypogonadal_man_has_low_testosterone_and_insulin_resistance(presets):
    preset = presets["hypogonadal_man_t2d"]
    run, _ = scenario_run(preset.scenario.days, _schedule(preset), preset.scenario.sample_hours)
    ref30 = _healthy_at(presets, 30)
    assert run.at_day(30)["testosterone"] < 0.6 * ref30["testosterone"]
    end, ref = _final(preset), _healthy_at(presets, preset.scenario.days)
    assert end["testosterone"] < 264  # below the usual threshold for hypogonadism (Bhasin et al. 2018)
    assert end["visceral_fat"] > 1.3 * ref["visceral_fat"]
    assert end["insulin_sensitivity"] < 0.8 * ref["insulin_sensitivity"]
    assert end["homa_ir"] > ref["homa_ir"]
    assert end["lean_mass"] < ref["lean_mass"]


@pytest.mark.slow
def test_perimenopause_moves_fat_to_the_abdomen_and_lowers_sensitivity(presets):
    preset = presets["perimenopause"]
    assert preset.scenario.subject == "woman"
    end, ref = _final(preset), _healthy_at(presets, preset.scenario.days, "woman")
    assert end["visceral_fat"] > 1.2 * ref["visceral_fat"]
    assert end["insulin_sensitivity"] < ref["insulin_sensitivity"]
    assert end["lean_mass"] < ref["lean_mass"]
    assert end["oestrogen"] < 0.5 * ref["oestrogen"]
