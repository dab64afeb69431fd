"""The headless command line (the design brief's contract). No Qt is imported here.

    python main.py --headless --days D [--on ID[@DAY][,...]] [--off ID@DAY[,...]]
                   [--scenario FILE.json] [--sample-hours H] [--csv OUT.csv | --export-csv OUT.csv]
                   [--time-limit SECONDS]
    python main.py --export-sbml OUT.xml [--scenario FILE.json] [--on ...] [--off ...]
    python main.py --list-toggles
    python main.py --list-subjects
    (each run takes --subject woman|man; the default is the scenario's subject, else the man)
    python main.py --list-outputs

The contract:
- Every failure is one line on standard error (`error: ...`) with exit status 2; Ctrl-C exits 130
  and SIGTERM 143 (after removing any temporary file). A reader that closes the pipe early
  (`| head`) ends the run quietly with status 0.
- Runs are bounded: --days from one simulated minute to MAX_DAYS, --sample-hours from one minute to
  the run's length, at most MAX_ROWS rows, and a wall-clock --time-limit (default
  DEFAULT_TIME_LIMIT) that stops even a stuck solve.
- Rows are written as the model makes them (blocks of at most ten simulated days or
  2000 rows), so memory does not grow
  with the run. Standard output carries only the CSV: while the model runs, file descriptors 1 and
  2 point at /dev/null (see `_solver_silenced`).
- Output files go through model/atomic.py: written whole or not at all, through symbolic links, with
  the old file's mode; a device or FIFO (`--csv /dev/null`) is written directly.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import TextIO

import numpy as np

from . import NOTICE
from .arguments import OneLineParser, UsageError, number_option, subject_option
from .atomic import AtomicWriter, Target, failure_reason, resolve_target
from .csv_table import csv_header, csv_rows, csv_text
from .experiments import ExperimentError
from .outputs import OUTPUTS
from .readers import quoted
from .scenario import MAX_DAYS, MIN_DAYS, Scenario, ScenarioError, load_scenario, parse_schedule
from .simulation import Simulation, SimulationError, SimulationTimeout
from .subjects import DEFAULT_SUBJECT, subjects
from .toggles import TOGGLES

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process the signal ended
MIN_SAMPLE_HOURS = 1.0 / 60.0  # one minute; the most is the run's length
MAX_ROWS = 5_000_000
DEFAULT_SAMPLE_HOURS = 1.0
# A 100-year run takes 60-80 minutes on a 2020s laptop core: four hours stops only a run gone wrong.
DEFAULT_TIME_LIMIT = 4 * 3600.0
MAX_TIME_LIMIT = 7 * 86400.0
__all__ = ["UsageError", "build_parser", "main", "write_csv"]


class OutputError(Exception):
    """Writing the output failed (full disk, closed descriptor...); one line for `error: ...`."""

    def __init__(self, message: str, stdout: bool) -> None:
        super().__init__(message)
        self.stdout = stdout


class Terminated(BaseException):
    """SIGTERM, as an exception so that `finally` blocks (temporary files) run first. A
    BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it."""


def build_parser() -> OneLineParser:
    parser = OneLineParser(prog="main.py", description=f"Insulin Pathway Explorer. {NOTICE}")
    parser.add_argument("--headless", action="store_true", help="run the model without a window")
    parser.add_argument("--days", help=f"days to simulate (one minute, 1/1440, to {MAX_DAYS:g})")
    parser.add_argument("--on", action="append", default=[], metavar="ID[@DAY][,...]",
                        help="switch toggles on (at day 0 unless @DAY is given)")
    parser.add_argument("--off", action="append", default=[], metavar="ID@DAY[,...]",
                        help="switch toggles off at a day")
    parser.add_argument("--scenario", metavar="FILE.json", help="scenario file (see model/README.md)")
    parser.add_argument("--sample-hours", metavar="H", help="hours between output rows (default 1; "
                        "one minute, 1/60, to the run's length)")
    parser.add_argument("--csv", "--export-csv", metavar="OUT.csv", dest="csv",
                        help="write the CSV here instead of stdout")
    parser.add_argument("--time-limit", metavar="SECONDS", help="stop a run that takes longer than "
                        f"this (default {DEFAULT_TIME_LIMIT:g} s)")
    parser.add_argument("--export-sbml", metavar="OUT.xml",
                        help="write the model as SBML Level 3 (with the scenario's parameters and "
                        "toggle switches as events) and exit")
    parser.add_argument("--subject", metavar="woman|man", help="the body simulated (default: the "
                        "scenario's, else man); see --list-subjects")
    parser.add_argument("--list-toggles", action="store_true", help="list toggles and exit")
    parser.add_argument("--list-subjects", action="store_true", help="list subjects and exit")
    parser.add_argument("--list-outputs", action="store_true", help="list output columns and exit")
    parser.add_argument("--experiment", metavar="NAME", help="run a published experiment's protocol and "
                        "compare the model with the paper's figures (--csv: its series)")
    parser.add_argument("--list-experiments", action="store_true", help="list experiments and exit")
    return parser


# --- the plan ------------------------------------------------------------------------------------

@dataclass
class Plan:
    scenario: Scenario
    days: float
    sample_hours: float
    time_limit: float


def _scenario(args) -> Scenario:
    """The scenario file (if any) with the --on and --off switches added, and its subject: --subject,
    else the file's, else the default; every switch turned on must apply to it."""
    if args.scenario is not None:
        _file_name("--scenario", args.scenario)
    scenario = load_scenario(args.scenario) if args.scenario is not None else Scenario()
    scenario.events += parse_schedule(args.on, on=True) + parse_schedule(args.off, on=False)
    if args.subject is not None:
        scenario.subject = subject_option(args.subject)
    scenario.subject = scenario.subject or DEFAULT_SUBJECT
    scenario.check_subject(scenario.subject, f"--subject {scenario.subject}")
    return scenario


def _plan(args) -> Plan:
    scenario = _scenario(args)
    from_file = f"\"days\" in {args.scenario}"
    if args.days is None and scenario.days is None:
        raise UsageError("--days is required (or give \"days\" in the scenario file)")
    days = number_option(args.days if args.days is not None else scenario.days,
                          "--days" if args.days is not None else from_file, MIN_DAYS, MAX_DAYS,
                          "one simulated minute (1/1440 day)")
    hours_text = args.sample_hours if args.sample_hours is not None else scenario.sample_hours
    hours = DEFAULT_SAMPLE_HOURS if hours_text is None else number_option(
        hours_text, "--sample-hours" if args.sample_hours is not None
        else f"\"sample_hours\" in {args.scenario}", MIN_SAMPLE_HOURS, days * 24.0,
        "one minute (1/60 hour)", f"the run's length ({days * 24.0:g} hours)")
    hours = min(hours, days * 24.0)  # within the tolerance: exactly the run's length
    if days * 24.0 / hours > MAX_ROWS:
        raise UsageError(f"that would be more than {MAX_ROWS} rows; raise --sample-hours")
    for ev in scenario.events:
        if ev.day > days:
            raise UsageError(f"toggle '{ev.toggle}' at day {ev.day:g} is after the end of the run "
                             f"(day {days:g})")
    limit = DEFAULT_TIME_LIMIT if args.time_limit is None else number_option(
        args.time_limit, "--time-limit", 0.0, MAX_TIME_LIMIT, high_text=f"{MAX_TIME_LIMIT:g} s (a week)")
    return Plan(scenario, days, hours, limit)


def _file_name(flag: str, path: str) -> None:
    if path == "":
        raise UsageError(f"{flag} needs a file name")
    if "\0" in path:
        raise UsageError(f"{flag}: a file name cannot contain a NUL character ({quoted(path, 120)})")


def _target(flag: str, path: str) -> Target:
    """Where `path` writes, checked before the model runs (nothing is created yet)."""
    _file_name(flag, path)
    try:
        return resolve_target(path, special="direct")
    except OSError as exc:
        raise UsageError(f"{flag}: cannot write {quoted(path, 120)} ({failure_reason(exc)})") from None


# --- writing -------------------------------------------------------------------------------------

def write_csv(stream: TextIO, table: np.ndarray) -> None:
    stream.write(csv_text(np.asarray(table)))


@contextlib.contextmanager
def _writing(what: str, stdout: bool) -> Iterator[None]:
    """OSError while writing → OutputError "`what` (reason)"; a closed pipe passes (a quiet end)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"{what} ({failure_reason(exc)})", stdout) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _stream_csv(sim: Simulation, blocks: Iterable[np.ndarray], write: Callable[[str], None]) -> None:
    """Write the header with the first rows, then each block as it comes. Time spent waiting on a
    slow reader (a pager, a FIFO) is given back to the time limit: it bounds the model, not them."""
    header = csv_header()
    for block in blocks:
        started = time.monotonic()
        write(header + csv_rows(block))
        header = ""
        if sim.deadline is not None:
            sim.deadline += time.monotonic() - started


def _process_fds() -> bool:
    """Whether sys.stdout / sys.stderr are this process's fds 1 and 2 (not a test's StringIO, a
    pytest capture or a windowed build's stand-in)."""
    try:
        if sys.stdout.fileno() != 1 or sys.stderr.fileno() != 2:
            return False
        os.fstat(1)
        os.fstat(2)
    except (AttributeError, ValueError, OSError):
        return False
    return True


@contextlib.contextmanager
def _solver_silenced(enabled: bool) -> Iterator[int | None]:
    """While the model runs, fds 1 and 2 point at /dev/null; yields a duplicate of the real fd 1 for
    the CSV (None when not `enabled`: nothing changes). Both are restored afterwards.

    Why: roadrunner's logger and CVODE write their warnings and errors straight to the process's
    fds (CVODE's "CV_TOO_MUCH_WORK" lines, libsbml's notes), into the CSV or around the one-line
    error. The solver's failures still reach the user, as SimulationError's one line. /dev/null
    rather than a filtered stderr: that would need a pipe and a thread, and still break the contract.
    """
    if not enabled:
        yield None
        return
    sys.stdout.flush()
    sys.stderr.flush()
    data, errors = os.dup(1), os.dup(2)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield data
    finally:
        os.dup2(data, 1)
        os.dup2(errors, 2)
        os.close(data)
        os.close(errors)


def _stdout_to_devnull() -> None:
    """The Python documentation's advice after a closed pipe (or a failed write): point stdout at
    /dev/null, so the flush at interpreter exit cannot fail a second time with a traceback."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


# --- the commands --------------------------------------------------------------------------------

def export_sbml(args) -> int:
    _target("--export-sbml", args.export_sbml)
    scenario = _scenario(args)
    try:
        from .sbml import SBMLExportError
        from .sbml import export_sbml as write_sbml
    except ImportError:
        raise UsageError("--export-sbml needs python-libsbml (pip install python-libsbml)") from None
    try:
        write_sbml(args.export_sbml, scenario.parameters, scenario.events, special="direct",
                   subject=scenario.subject)
    except SBMLExportError as exc:
        raise UsageError(f"--export-sbml: {exc}") from None
    return 0


def run_headless(args, stdout: TextIO, process: bool = False) -> int:
    """Run the plan and write its CSV to --csv or `stdout`. `process`: stdout is this process's
    fd 1, so the solver's own output is kept out of it (see `_solver_silenced`)."""
    plan = _plan(args)
    target = _target("--csv", args.csv) if args.csv is not None else None
    try:
        with _solver_silenced(process) as data_fd:
            sim = Simulation(plan.scenario.parameters, deadline=time.monotonic() + plan.time_limit,
                             subject=plan.scenario.subject)
            blocks = sim.iter_run(plan.days, plan.scenario.events, sample_hours=plan.sample_hours)
            if target is not None:
                _write_file(sim, blocks, target, args.csv)
            else:
                def write(text: str) -> None:
                    with _writing("cannot write to standard output", stdout=True):
                        if data_fd is None:
                            stdout.write(text)
                        else:
                            _write_all(data_fd, text.encode("utf-8"))

                _stream_csv(sim, blocks, write)
                with _writing("cannot write to standard output", stdout=True):
                    stdout.flush()
    except SimulationTimeout as exc:
        raise UsageError(f"stopped by --time-limit ({plan.time_limit:g} s) near day {exc.day:.2f}; "
                         "give a larger --time-limit for a longer run") from None
    return 0


def run_experiment_command(args, stdout: TextIO) -> int:
    """--experiment NAME: one comparison line per published figure on stdout, then the series as
    CSV (series, x, y, x unit, y unit) to --csv or, without it, after a blank line."""
    from .experiments import run_experiment

    others = [flag for flag, value in (("--headless", args.headless), ("--days", args.days),
                                       ("--on", args.on), ("--off", args.off),
                                       ("--scenario", args.scenario), ("--sample-hours", args.sample_hours),
                                       ("--export-sbml", args.export_sbml),
                                       ("--subject", args.subject)) if value]
    if others:
        raise UsageError(f"--experiment runs its own protocol: drop {others[0]}")
    target = _target("--csv", args.csv) if args.csv is not None else None
    result = run_experiment(args.experiment)
    experiment = result.experiment
    lines = [f"{experiment.title} ({experiment.paper}). {NOTICE}"]
    lines += [comparison.line() for comparison in result.comparisons]
    met = sum(c.met for c in result.comparisons)
    lines.append(f"{met} of {len(result.comparisons)} published figures within tolerance")
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(("series", "x", "y", "x_unit", "y_unit"))
    for curve in result.series:
        writer.writerows((curve.name, f"{x:.6g}", f"{y:.6g}", curve.x_label, curve.y_label)
                         for x, y in zip(curve.x, curve.y, strict=True))
    with _writing("cannot write to standard output", stdout=True):
        stdout.write("\n".join(lines) + "\n")
        if target is None:
            stdout.write("\n" + table.getvalue())
        stdout.flush()
    if target is not None:
        _write_target(target, args.csv, lambda write: write(table.getvalue()))
    return 0


def _write_file(sim: Simulation, blocks: Iterable[np.ndarray], target: Target, name: str) -> None:
    """The CSV into `target`: the temporary file appears with the first rows, the file at the end."""
    _write_target(target, name, lambda write: _stream_csv(sim, blocks, write))


def _write_target(target: Target, name: str, fill: Callable[[Callable[[str], None]], None]) -> None:
    """`fill(write)` writes text into `target` atomically: the file appears whole or not at all."""
    sink = AtomicWriter(target)
    where = f"--csv: cannot write {quoted(name, 120)}"
    try:
        def write(text: str) -> None:
            with _writing(where, stdout=False):
                sink.write(text.encode("utf-8"))

        fill(write)
        with _writing(where, stdout=False):
            sink.commit()
    finally:
        sink.discard()  # after a commit there is nothing left to discard


def _run(argv: Sequence[str] | None, stdout: TextIO, process: bool) -> int:
    args = build_parser().parse_args(argv)
    if args.list_toggles or args.list_outputs:
        rows = ([(t.id, t.kind, t.label) for t in TOGGLES] if args.list_toggles else list(OUTPUTS))
        with _writing("cannot write to standard output", stdout=True):
            stdout.write("".join("\t".join(r) + "\n" for r in rows))
            stdout.flush()
        return 0
    if args.list_subjects:
        with _writing("cannot write to standard output", stdout=True):
            for body in subjects().values():
                stdout.write(f"{body.id}\t{body.label}\t{body.description}\n")
            stdout.flush()
        return 0
    if args.list_experiments:
        from .experiments import experiment_ids, load_experiment

        with _writing("cannot write to standard output", stdout=True):
            for eid in experiment_ids():
                experiment = load_experiment(eid)
                stdout.write(f"{eid}\t{experiment.title}\t{experiment.paper}\n")
            stdout.flush()
        return 0
    if args.experiment is not None:
        return run_experiment_command(args, stdout)
    if args.export_sbml is not None:
        return export_sbml(args)
    if not args.headless:
        raise UsageError("nothing to do: add --headless (or --export-sbml, --list-toggles, "
                         "--list-outputs, --list-subjects)")
    return run_headless(args, stdout, process)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """The command line; returns the exit status. Without `stdout` and `stderr` it writes to this
    process's own (and keeps the solver's output out of them); tests pass their own streams."""
    process = stdout is None and stderr is None and _process_fds()
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    restore_sigterm = _catch_sigterm()
    try:
        return _run(argv, stdout, process)
    except BrokenPipeError:  # the reader closed the pipe (| head): it has what it wanted
        if process:
            _stdout_to_devnull()
        return 0
    except OutputError as exc:
        if exc.stdout and process:
            _stdout_to_devnull()
        return _fail(stderr, str(exc))
    except (UsageError, ScenarioError, SimulationError, ExperimentError) as exc:
        return _fail(stderr, str(exc))
    except MemoryError:
        return _fail(stderr, "not enough memory")
    except KeyboardInterrupt:
        return _fail(stderr, "interrupted", EXIT_INTERRUPTED)
    except Terminated:
        return _fail(stderr, "stopped by SIGTERM", EXIT_TERMINATED)
    except Exception as exc:  # a bug: still one line, as the contract promises
        return _fail(stderr, f"internal error: {type(exc).__name__}: {exc}")
    finally:
        restore_sigterm()


def _fail(stderr: TextIO, message: str, status: int = EXIT_USAGE) -> int:
    line = " ".join(message.splitlines()) or "failed"
    with contextlib.suppress(OSError, ValueError):  # stderr itself closed or full: nothing to tell
        stderr.write(f"error: {line}\n")
        stderr.flush()
    return status


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _catch_sigterm() -> Callable[[], None]:
    """Turn SIGTERM into Terminated while the command runs; returns what puts the old handler back.
    (Only the main thread may handle signals; elsewhere SIGTERM keeps its default.)"""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _on_sigterm)
    return lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
