"""The headless command line: the design brief's contract, and one-line errors with exit 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import ROOT

from model.cli import main
from model.outputs import OUTPUT_NAMES

BRIEF_COLUMNS = ("day, glucose_uptake, insulin_sensitivity, plasma_glucose, plasma_insulin, homa_ir, "
                 "tnf_alpha, il6, il1b, il18, irs1_ptyr, irs1_pser, akt_active, glut4_surface, "
                 "jnk_active, ikkb_active, pkc_active, pp2a_active, nlrp3_active, ffa, dag, ceramide, "
                 "visceral_fat, testosterone").split(", ")
BRIEF_TOGGLES = {"high_fat_diet": "stressor", "inflammation": "stressor", "dag_accumulation": "stressor",
                 "ceramide_accumulation": "stressor", "er_stress": "stressor",
                 "mitochondrial_dysfunction": "stressor", "low_testosterone": "stressor",
                 "menopause": "stressor", "trt": "therapy", "tesamorelin": "therapy",
                 "sermorelin": "therapy", "ipamorelin_cjc1295": "therapy", "growth_hormone": "therapy",
                 "lifestyle": "therapy", "nlrp3_knockout": "experiment"}


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_list_toggles_names_every_toggle_of_the_brief():
    code, out, _ = call("--list-toggles")
    assert code == 0
    listed = [tuple(line.split("\t")[:2]) for line in out.splitlines()]
    assert listed[:len(BRIEF_TOGGLES)] == list(BRIEF_TOGGLES.items())  # the brief's, first, in order
    appended = {"il1_blockade": "therapy", "hormone_therapy": "therapy"}
    assert dict(listed[len(BRIEF_TOGGLES):]) == appended  # then the appended ones


def test_list_outputs_starts_with_the_brief_columns_in_order():
    code, out, _ = call("--list-outputs")
    names = [line.split("\t")[0] for line in out.splitlines()]
    assert code == 0 and names[: len(BRIEF_COLUMNS)] == BRIEF_COLUMNS
    assert all(len(line.split("\t")) == 3 for line in out.splitlines())


def test_headless_run_prints_every_column_through_main_py():
    result = subprocess.run(
        [sys.executable, "main.py", "--headless", "--days", "1", "--on", "high_fat_diet,trt@0.5",
         "--sample-hours", "6"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(OUTPUT_NAMES)
    assert [float(r[0]) for r in rows[1:]] == [0, 0.25, 0.5, 0.75, 1.0]
    assert all(len(r) == len(OUTPUT_NAMES) for r in rows)


def test_csv_file_and_scenario_file(tmp_path):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({
        "format": "insulin-pathway-explorer/scenario", "version": 1, "days": 1, "sample_hours": 12,
        "events": [{"day": 0, "toggle": "inflammation", "on": True}]}))
    out = tmp_path / "out.csv"
    code, stdout, err = call("--headless", "--scenario", str(scenario), "--csv", str(out))
    assert code == 0 and stdout == "" and err == ""
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 3
    plain = tmp_path / "plain.csv"
    assert call("--headless", "--days", "1", "--sample-hours", "12", "--csv", str(plain))[0] == 0
    baseline = list(csv.DictReader(plain.open()))
    assert float(rows[-1]["tnf_alpha"]) > 1.5 * float(baseline[-1]["tnf_alpha"])
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


BAD_INPUTS = {
    "unknown toggle": ["--on", "sugar"],
    "malformed day": ["--on", "trt@soon"],
    "negative day": ["--on", "trt@-3"],
    "off without a day": ["--off", "trt"],
    "day after the end": ["--on", "trt@9"],
    "negative duration": ["--days", "-5"],
    "zero duration": ["--days", "0"],
    "non-numeric duration": ["--days", "week"],
    "bad sample hours": ["--sample-hours", "nan"],
    "unknown flag": ["--colour", "red"],
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_command_line_gives_one_line_and_exit_2(case, tmp_path):
    argv = ["--headless", "--days", "2", *BAD_INPUTS[case]]
    if "--days" in BAD_INPUTS[case]:
        argv = ["--headless", *BAD_INPUTS[case]]
    out_file = tmp_path / "out.csv"
    code, out, err = call(*argv, "--csv", str(out_file))
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1
    assert out == "" and not out_file.exists()


SCENARIO_FILES = {
    "invalid json": "{not json",
    "empty": "",
    "not an object": "[1, 2]",
    "wrong format": json.dumps({"format": "other", "version": 1}),
    "newer version": json.dumps({"format": "insulin-pathway-explorer/scenario", "version": 99}),
    "unknown key": json.dumps({"format": "insulin-pathway-explorer/scenario", "version": 1, "dayz": 3}),
    "unknown toggle": json.dumps({"format": "insulin-pathway-explorer/scenario", "version": 1,
                                  "events": [{"day": 0, "toggle": "sugar"}]}),
    "negative day": json.dumps({"format": "insulin-pathway-explorer/scenario", "version": 1,
                                "events": [{"day": -1, "toggle": "trt"}]}),
    "unknown parameter": json.dumps({"format": "insulin-pathway-explorer/scenario", "version": 1,
                                     "parameters": {"magic": 1}}),
    "binary": b"\xff\xfe\x00garbage",
}


@pytest.mark.parametrize("case", sorted(SCENARIO_FILES))
def test_bad_scenario_file_gives_one_line_and_exit_2(case, tmp_path):
    path = tmp_path / "bad.json"
    content = SCENARIO_FILES[case]
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out_file = tmp_path / "out.csv"
    code, out, err = call("--headless", "--days", "1", "--scenario", str(path), "--csv", str(out_file))
    assert code == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert not out_file.exists()


@pytest.mark.parametrize("where", ["missing", "folder"])
def test_unreadable_scenario_path(where, tmp_path):
    path = tmp_path / "nope.json" if where == "missing" else tmp_path
    code, _, err = call("--headless", "--days", "1", "--scenario", str(path))
    assert code == 2 and err.count("\n") == 1


def test_csv_into_a_missing_folder_is_refused_before_running(tmp_path):
    code, _, err = call("--headless", "--days", "1", "--csv", str(tmp_path / "no" / "out.csv"))
    assert code == 2 and "does not exist" in err
