"""Project rules that can be checked: sourced parameters, documented model, no Qt in model/."""

from __future__ import annotations

import re

from conftest import ROOT

from model.parameters import parameter_table

MODEL = ROOT / "model"


def test_every_parameter_has_a_unit_and_a_source():
    for info in parameter_table():
        assert info.unit.strip(), info.name
        assert len(info.source.strip()) > 10, info.name


def formula_names() -> set[str]:
    """Every name the definition's math uses: its rates, rules, outputs, functions and event (not
    its comments or docstrings, and not the Python around it)."""
    from model import sbml_equations as d

    texts = [*d.RATES.values(), *d.ASSIGNMENTS.values(), *d.CLAMP_RULES.values(),
             *d.OUTPUT_RULES.values(), *d.DERIVED_CONSTANTS.values(),
             *(body for _, body in d.FUNCTIONS.values()),
             *(d.daily_trigger(nxt) for _, nxt, _, _ in d.DAILY_EVENTS.values()),
             *(v for _, nxt, _, readings in d.DAILY_EVENTS.values()
               for v in d.daily_assignments(nxt, readings).values())]
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", " ".join(texts)))


def test_every_parameter_is_used_by_the_model():
    used = formula_names()
    for info in parameter_table():
        assert info.name in used, f"{info.name} is in no equation of model/sbml_equations.py"


def test_the_used_check_notices_a_parameter_no_equation_reads(monkeypatch):
    from model import sbml_equations

    assert "lean_tau" in formula_names()
    monkeypatch.setitem(sbml_equations.RATES, "lean_mass", "(lean_target - lean_mass) / 1440")
    assert "lean_tau" not in formula_names()


def test_model_documentation_lists_every_parameter():
    readme = (MODEL / "README.md").read_text(encoding="utf-8")
    for info in parameter_table():
        assert f"`{info.name}`" in readme, f"{info.name} missing from model/README.md"


def test_model_never_imports_qt():
    for path in MODEL.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(PySide6|PyQt|pyqtgraph|shiboken)", text, re.M), path


def test_ci_and_readme_install_what_the_bundle_build_requires():
    """build.spec stops when Qt's X11 plugin would come incomplete into the bundle; the packages it
    names must be the ones CI installs and the README tells a builder to install."""
    import ast

    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    packages = next(ast.literal_eval(node.value) for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    and getattr(node.targets[0], "id", "") == "LINUX_BUILD_PACKAGES")
    assert "libxcb-cursor0" in packages
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for package in packages:
        assert package in ci.split() and package in readme.split(), package


def test_the_notice_has_one_wording_in_the_code():
    """model.NOTICE is the notice; views, exports and files use it rather than a copy of their own."""
    from model import NOTICE

    places = [p.relative_to(ROOT).as_posix() for folder in ("model", "ui", "widgets")
              for p in (ROOT / folder).rglob("*.py") if NOTICE[:-1] in p.read_text(encoding="utf-8")]
    assert places == ["model/__init__.py"]


def test_ci_runs_the_readme_s_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "tools/run_tests.py" in line
                   and line.startswith("python3 -m venv"))
    assert command + " || exit 1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_test_runner_runs_every_stage_after_a_failure(monkeypatch):
    import importlib.util
    import subprocess

    spec = importlib.util.spec_from_file_location("run_tests", ROOT / "tools" / "run_tests.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    ran: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda command: ran.append(command) or (1 if not ran[1:] else 0))
    assert runner.main() == 1  # the first stage failed
    assert len(ran) == len(runner.STAGES)  # and the others still ran


def test_the_wheel_carries_every_file_of_resources():
    """pyproject.toml's package data for ui.resources (the wheel's copy of resources/) must match
    every file there, or an installed app would miss it (as the experiments' files once were)."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["ui.resources"]
    folder = ROOT / "resources"
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    missing = [f for f in files if not any(fnmatch.fnmatchcase(f, pattern) and
                                           f.count("/") == pattern.count("/") for pattern in patterns)]
    assert files and not missing, missing
