"""model/README.md's equation table is written from the one definition: stale means a failing test."""

from __future__ import annotations

from model import equation_table, sbml_equations


def test_the_equation_table_is_what_the_definition_writes():
    text = equation_table.README.read_text(encoding="utf-8")
    assert equation_table.replaced(text) == text, "run python -m model.equation_table --write"


def test_every_rate_and_rule_appears_in_the_table():
    table = equation_table.table()
    for name in [*sbml_equations.RATES, *sbml_equations.ASSIGNMENTS, *sbml_equations.OUTPUT_RULES]:
        assert f"`{name}`" in table, name


def test_a_changed_term_makes_the_table_stale(monkeypatch):
    text = equation_table.README.read_text(encoding="utf-8")
    monkeypatch.setitem(sbml_equations.RATES, "ffa", "(ffa_target - ffa) / (2 * ffa_tau)")
    assert equation_table.replaced(text) != text
