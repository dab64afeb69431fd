"""Export the model as SBML Level 3 Version 1 (core only), for COPASI, tellurium or VCell.

The exported file holds the whole model: the 36 core states as species (initial values: the healthy
adult at midnight, or any state given), every parameter with its unit and source in its notes, the
equations of `model/sbml_equations.py` as rules, and one event per scheduled toggle switch. Time is
in minutes, as in the app. `python main.py --export-sbml FILE [--scenario S] [--on ...]` writes it
from the command line.

python-libsbml builds and checks the document; it is imported only here, when an export is asked for.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import libsbml

from . import NOTICE, __version__
from .atomic import Special, write_text_atomically
from .parameters import make_parameters, parameter_table
from .sbml_equations import (
    ASSIGNMENTS,
    CLAMP_RULES,
    CONSTANTS,
    DAILY_EVENTS,
    DERIVED_CONSTANTS,
    FUNCTIONS,
    LEVERS,
    OUTPUT_RULES,
    RATES,
    READINGS,
    VARIABLES,
    daily_assignments,
    daily_trigger,
)
from .state import CORE_STATES, N_CORE
from .subjects import DEFAULT_SUBJECT, get_subject
from .toggles import TOGGLE_INDEX, TOGGLES, ToggleEvent

LEVEL, VERSION = 3, 1
COMPARTMENT = "body"
MODEL_ID = "insulin_pathway_explorer"


class SBMLExportError(RuntimeError):
    """The document could not be built or written; the message says why in one line."""


def _check(code: int, what: str) -> None:
    if code != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise SBMLExportError(f"libsbml could not {what}: "
                              f"{libsbml.OperationReturnValue_toString(code)}")


def _math(formula: str) -> libsbml.ASTNode:
    node = libsbml.parseL3Formula(formula)
    if node is None:
        raise SBMLExportError(f"bad formula: {formula} ({libsbml.getLastParseL3Error()})")
    return node


def _notes(*paragraphs: str) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f'<body xmlns="http://www.w3.org/1999/xhtml">{body}</body>'


def _merge_events(events: Iterable[ToggleEvent]) -> tuple[dict[str, bool], list[tuple[float, str, bool]]]:
    """Switches set at the start (events at day 0 or before) and the later switches in time order;
    a later event for the same toggle at the same day wins, as it does in the app."""
    start: dict[str, bool] = {}
    later: dict[tuple[float, str], bool] = {}
    for ev in sorted(events, key=lambda e: e.day):
        if ev.toggle not in TOGGLE_INDEX:
            raise SBMLExportError(f"unknown toggle '{ev.toggle}'")
        if ev.day <= 0:
            start[ev.toggle] = ev.on
        else:
            later[(ev.day, ev.toggle)] = ev.on
    return start, [(day, toggle, on) for (day, toggle), on in sorted(later.items())]


def build_document(parameters: Mapping[str, float] | None = None,
                   initial_state: Sequence[float] | None = None,
                   events: Iterable[ToggleEvent] = (),
                   fasting: Sequence[float] | None = None,
                   subject: str = DEFAULT_SUBJECT) -> libsbml.SBMLDocument:
    """The model as an SBML document, for `subject` (its values under `parameters`). `initial_state`
    is a full state vector (core states then exposures) and `fasting` the daily readings before it
    (READINGS: fasting glucose and insulin for HOMA-IR, the 2-hour glucose); by default the subject
    healthy at midnight of day 0."""
    body = get_subject(subject)
    overrides = {**body.parameters, **dict(parameters or {})}
    values = vars(make_parameters(overrides))
    if initial_state is None:
        from . import Simulation

        sim = Simulation(overrides)
        initial_state = sim.state.tolist()
        if fasting is None:
            fasting = sim.readings
    if len(initial_state) != N_CORE + len(TOGGLES):
        raise SBMLExportError("the initial state has the wrong length")
    start_switches, scheduled = _merge_events(events)

    doc = libsbml.SBMLDocument(LEVEL, VERSION)
    model = doc.createModel()
    model.setId(MODEL_ID)
    model.setName("Insulin Pathway Explorer: insulin signalling and insulin resistance")
    model.setNotes(_notes(
        "An educational model of whole-body insulin signalling and the mechanisms that cause "
        "insulin resistance, exported by Insulin Pathway Explorer " + __version__ + ".",
        NOTICE + " Time is in minutes from midnight of day 0; "
        "meals repeat every day. Each toggle is a switch_ parameter (0 or 1) that its exposure_ "
        "follows with the onset or offset time constant; events switch them on schedule.",
        f"The subject is the reference {body.id}: {body.description}",
        "Every equation, parameter source and simplification is documented in model/README.md "
        "of the project."))
    _add_time_unit(model)
    compartment = model.createCompartment()
    _check(compartment.setId(COMPARTMENT), "add the compartment")
    compartment.setConstant(True)
    compartment.setSize(1.0)
    compartment.setSpatialDimensions(3)

    for name, (arguments, body) in FUNCTIONS.items():
        function = model.createFunctionDefinition()
        function.setId(name)
        args = ", ".join(f"lambda({a}" if i == 0 else a for i, a in enumerate(arguments))
        _check(function.setMath(_math(f"{args}, {body})")), f"define {name}")

    for info in parameter_table():
        _parameter(model, info.name, values[info.name], True,
                   _notes(f"Unit: {info.unit}.", f"Source: {info.source}"))
    # Derived constants are assignment rules, not initial assignments, so a simulator that changes a
    # parameter after loading (model/simulation.py does) sees them follow.
    for name, formula in DERIVED_CONSTANTS.items():
        _parameter(model, name, None, False, _notes("Derived from other parameters."))
        rule = model.createAssignmentRule()
        rule.setVariable(name)
        _check(rule.setMath(_math(formula)), f"write the rule for {name}")
    for name, (value, meaning) in CONSTANTS.items():
        _parameter(model, name, value, True, _notes(meaning))
    for name, (value, meaning) in VARIABLES.items():
        _parameter(model, name, value, False, _notes(meaning))
    for name, (value, meaning) in LEVERS.items():
        _parameter(model, name, value, False, _notes(f"Experiment lever: {meaning}."))
    for name, value in zip(READINGS, fasting or (), strict=False):
        model.getParameter(name).setValue(float(value))
    for _, next_variable, minute, _ in DAILY_EVENTS.values():
        start = model.createInitialAssignment()
        start.setSymbol(next_variable)
        _check(start.setMath(_math(minute)), f"assign {next_variable}")
    for toggle in TOGGLES:
        _parameter(model, f"onset_days_{toggle.id}", toggle.onset_days, True,
                   _notes(f"{toggle.label}: time constant (days) of the exposure rising."))
        _parameter(model, f"offset_days_{toggle.id}", toggle.offset_days, True,
                   _notes(f"{toggle.label}: time constant (days) of the exposure fading."))
        switch = 1.0 if start_switches.get(toggle.id, False) else 0.0
        _parameter(model, f"switch_{toggle.id}", switch, False,
                   _notes(f"{toggle.label} ({toggle.kind}), 1 = on: {toggle.summary}"))
        exposure = initial_state[N_CORE + TOGGLE_INDEX[toggle.id]]
        _parameter(model, f"exposure_{toggle.id}", float(exposure), False,
                   _notes(f"{toggle.label}: how far the exposure has developed (0 to 1)."))

    for i, (name, unit, meaning) in enumerate(CORE_STATES):
        species = model.createSpecies()
        _check(species.setId(name), f"add species {name}")
        species.setName(meaning)
        species.setCompartment(COMPARTMENT)
        species.setInitialConcentration(float(initial_state[i]))
        species.setHasOnlySubstanceUnits(False)
        species.setBoundaryCondition(False)
        species.setConstant(False)
        species.setNotes(_notes(f"{meaning} ({unit})."))

    for name, formula in {**ASSIGNMENTS, **CLAMP_RULES, **OUTPUT_RULES}.items():
        _parameter(model, name, None, False, None)
        rule = model.createAssignmentRule()
        rule.setVariable(name)
        _check(rule.setMath(_math(formula)), f"write the rule for {name}")
    for name, formula in RATES.items():
        rule = model.createRateRule()
        rule.setVariable(name)
        _check(rule.setMath(_math(formula)), f"write the rate of {name}")

    for event_id, (name, next_variable, _, readings) in DAILY_EVENTS.items():
        daily = model.createEvent()
        daily.setId(event_id)
        daily.setName(name)
        daily.setUseValuesFromTriggerTime(True)
        trigger = daily.createTrigger()
        trigger.setInitialValue(False)
        trigger.setPersistent(True)
        _check(trigger.setMath(_math(daily_trigger(next_variable))), f"write the trigger of {event_id}")
        for variable, formula in daily_assignments(next_variable, readings).items():
            assignment = daily.createEventAssignment()
            assignment.setVariable(variable)
            _check(assignment.setMath(_math(formula)), f"write the event {event_id} for {variable}")

    for k, (day, toggle, on) in enumerate(scheduled):
        event = model.createEvent()
        event.setId(f"switch_{k + 1}_{toggle}_{'on' if on else 'off'}")
        event.setName(f"{toggle} {'on' if on else 'off'} at day {day:g}")
        event.setUseValuesFromTriggerTime(True)
        trigger = event.createTrigger()
        trigger.setInitialValue(False)
        trigger.setPersistent(True)
        _check(trigger.setMath(_math(f"time >= {day * 1440.0!r}")), "write an event trigger")
        assignment = event.createEventAssignment()
        assignment.setVariable(f"switch_{toggle}")
        _check(assignment.setMath(_math("1" if on else "0")), "write an event")
    return doc


def _add_time_unit(model: libsbml.Model) -> None:
    unit_definition = model.createUnitDefinition()
    unit_definition.setId("minute")
    unit = unit_definition.createUnit()
    unit.setKind(libsbml.UNIT_KIND_SECOND)
    unit.setExponent(1.0)
    unit.setScale(0)
    unit.setMultiplier(60.0)
    model.setTimeUnits("minute")


def _parameter(model: libsbml.Model, name: str, value: float | None, constant: bool,
               notes: str | None) -> None:
    parameter = model.createParameter()
    _check(parameter.setId(name), f"add parameter {name}")
    parameter.setConstant(constant)
    if value is not None:
        parameter.setValue(float(value))
    if notes:
        parameter.setNotes(notes)


def consistency_errors(doc: libsbml.SBMLDocument) -> list[str]:
    """libsbml's consistency checks: the messages of every error (warnings are not errors)."""
    doc.checkConsistency()
    messages = []
    for i in range(doc.getNumErrors()):
        error = doc.getError(i)
        if error.getSeverity() >= libsbml.LIBSBML_SEV_ERROR:
            messages.append(f"{error.getCategoryAsString()}: {error.getMessage().strip()}")
    return messages


def to_string(doc: libsbml.SBMLDocument) -> str:
    return libsbml.writeSBMLToString(doc)


def checked_sbml(parameters: Mapping[str, float] | None = None,
                 events: Iterable[ToggleEvent] = (), subject: str = DEFAULT_SUBJECT) -> str:
    """The model (the subject's healthy start, these toggle switches) as SBML text that passed
    libsbml's checks."""
    doc = build_document(parameters, None, events, subject=subject)
    errors = consistency_errors(doc)
    if errors:
        raise SBMLExportError(f"the exported model fails libsbml's checks: {errors[0]}")
    return to_string(doc)


def export_sbml(path: str | Path, parameters: Mapping[str, float] | None = None,
                events: Iterable[ToggleEvent] = (), special: Special = "refuse",
                subject: str = DEFAULT_SUBJECT) -> None:
    """Write `checked_sbml` to `path`, whole or not at all; `special` says whether a device or FIFO
    is written directly or refused (see model/atomic.py)."""
    text = checked_sbml(parameters, events, subject)
    try:
        write_text_atomically(path, text, special)
    except OSError as exc:
        raise SBMLExportError(f"cannot write {Path(path).name} ({exc.strerror})") from None
