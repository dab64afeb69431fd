"""Every published figure that comes from a re-simulated BioModels model is checked against a fresh
re-simulation (tools/reference_models/), so no number in resources/experiments/ is one nobody can
trace: the file's value must be the re-simulated one to its stated digits."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache

import pytest
from conftest import ROOT

from model.experiments import experiment_ids, load_experiment

SCRIPTS = ROOT / "tools" / "reference_models"


@cache
def resimulated(script: str, folder: str) -> dict:
    out = f"{folder}/{script}.json"
    subprocess.run([sys.executable, str(SCRIPTS / f"{script}.py"), out], check=True, capture_output=True,
                   timeout=600)
    return json.loads(open(out, encoding="utf-8").read())


def referenced() -> list:
    return [pytest.param(eid, f, id=f"{eid}-{f.id}") for eid in experiment_ids()
            for f in load_experiment(eid).figures if f.reference]


def test_the_biomodels_figures_are_all_referenced():
    refs = [f for _, f in (p.values for p in referenced())]
    assert len(refs) >= 13 and all("BIOMD" in f.source or "re-simulated" in f.source for f in refs)


@pytest.mark.slow
@pytest.mark.parametrize("experiment_id, figure", referenced())
def test_each_biomodels_figure_is_what_the_published_model_gives(experiment_id, figure, tmp_path_factory):
    parts = figure.reference.split(":")
    script, key = parts[0], parts[-1]
    data = resimulated(script, str(tmp_path_factory.getbasetemp()))
    table = data["models"][parts[1]]["figures"] if len(parts) == 3 else data["figures"]
    entry = table[key]
    value = entry["value"] if isinstance(entry, dict) else entry
    digits = len(f"{abs(figure.value):g}".replace(".", "").lstrip("0")) or 1
    assert figure.value == pytest.approx(value, rel=0.6 * 10 ** (1 - digits)), (figure.id, value)
