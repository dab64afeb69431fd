"""The headless command line (the design brief's contract). No Qt is imported here.

    python main.py --headless --days D [--on ID[@DAY][,...]] [--off ID@DAY[,...]]
                   [--scenario FILE.json] [--sample-hours H] [--csv OUT.csv | --export-csv OUT.csv]
    python main.py --export-sbml OUT.xml [--scenario FILE.json] [--on ...] [--off ...]
    python main.py --list-toggles
    python main.py --list-outputs

Bad input gives one line on standard error and exit status 2; an output file is written whole or
not at all (temporary file, then rename).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .outputs import OUTPUTS
from .scenario import Scenario, ScenarioError, load_scenario, parse_schedule
from .simulation import Simulation, SimulationError
from .toggles import TOGGLES

EXIT_USAGE = 2
MAX_DAYS = 36_500.0
MAX_ROWS = 5_000_000
DEFAULT_SAMPLE_HOURS = 1.0


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as the contract says
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="Insulin Pathway Explorer (educational model, "
                     "not medical advice).")
    parser.add_argument("--headless", action="store_true", help="run the model without a window")
    parser.add_argument("--days", help="days to simulate")
    parser.add_argument("--on", action="append", default=[], metavar="ID[@DAY][,...]",
                        help="switch toggles on (at day 0 unless @DAY is given)")
    parser.add_argument("--off", action="append", default=[], metavar="ID@DAY[,...]",
                        help="switch toggles off at a day")
    parser.add_argument("--scenario", metavar="FILE.json", help="scenario file (see model/README.md)")
    parser.add_argument("--sample-hours", metavar="H", help="hours between output rows (default 1)")
    parser.add_argument("--csv", "--export-csv", metavar="OUT.csv", dest="csv",
                        help="write the CSV here instead of stdout")
    parser.add_argument("--export-sbml", metavar="OUT.xml",
                        help="write the model as SBML Level 3 (with the scenario's parameters and "
                        "toggle switches as events) and exit")
    parser.add_argument("--list-toggles", action="store_true", help="list toggles and exit")
    parser.add_argument("--list-outputs", action="store_true", help="list output columns and exit")
    return parser


def _positive(text: str | None, what: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{what}: '{text}' is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{what} must be a positive number, not '{text}'")
    return value


def _scenario(args: argparse.Namespace) -> Scenario:
    """The scenario file (if any) with the --on and --off switches added."""
    scenario = load_scenario(args.scenario) if args.scenario else Scenario()
    scenario.events += parse_schedule(args.on, on=True) + parse_schedule(args.off, on=False)
    return scenario


def _plan(args: argparse.Namespace) -> tuple[Scenario, float, float]:
    scenario = _scenario(args)
    days = _positive(args.days, "--days") or scenario.days
    if days is None:
        raise UsageError("--days is required (or give \"days\" in the scenario file)")
    if days > MAX_DAYS:
        raise UsageError(f"--days must be at most {MAX_DAYS:g}")
    hours = _positive(args.sample_hours, "--sample-hours") or scenario.sample_hours
    hours = hours or DEFAULT_SAMPLE_HOURS
    if days * 24.0 / hours > MAX_ROWS:
        raise UsageError(f"that would be more than {MAX_ROWS} rows; raise --sample-hours")
    for ev in scenario.events:
        if ev.day > days:
            raise UsageError(f"toggle '{ev.toggle}' at day {ev.day:g} is after the end of the run "
                             f"(day {days:g})")
    return scenario, days, hours


def write_csv(stream: TextIO, table) -> None:
    stream.write(",".join(name for name, _, _ in OUTPUTS) + "\n")
    for row in table:
        stream.write(",".join(f"{v:.6g}" for v in row) + "\n")


def _open_target(path: str) -> tuple[TextIO, str]:
    """A temporary file beside `path`, so the real file appears only when complete."""
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"--csv: '{path}' is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"--csv: folder '{folder}' does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"--csv: cannot write in '{folder}' ({exc.strerror})") from None
    return os.fdopen(fd, "w", encoding="utf-8", newline=""), tmp


def export_sbml(args: argparse.Namespace) -> int:
    target = Path(args.export_sbml)
    if target.is_dir():
        raise UsageError(f"--export-sbml: '{target}' is a folder")
    if not target.parent.is_dir():
        raise UsageError(f"--export-sbml: folder '{target.parent}' does not exist")
    scenario = _scenario(args)
    try:
        from .sbml import SBMLExportError
        from .sbml import export_sbml as write_sbml
    except ImportError:
        raise UsageError("--export-sbml needs python-libsbml (pip install python-libsbml)") from None
    try:
        write_sbml(target, scenario.parameters, scenario.events)
    except SBMLExportError as exc:
        raise UsageError(f"--export-sbml: {exc}") from None
    return 0


def run_headless(args: argparse.Namespace, stdout: TextIO) -> int:
    scenario, days, hours = _plan(args)
    sink = _open_target(args.csv) if args.csv else None
    try:
        sim = Simulation(scenario.parameters)
        trajectory = sim.run(days, scenario.events, sample_hours=hours)
        if sink:
            stream, tmp = sink
            with stream:
                write_csv(stream, trajectory.table)
            os.replace(tmp, args.csv)
            sink = None
        else:
            write_csv(stdout, trajectory.table)
    finally:
        if sink:
            sink[0].close()
            Path(sink[1]).unlink(missing_ok=True)
    return 0


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        if args.list_toggles:
            for t in TOGGLES:
                stdout.write(f"{t.id}\t{t.kind}\t{t.label}\n")
            return 0
        if args.list_outputs:
            for name, unit, meaning in OUTPUTS:
                stdout.write(f"{name}\t{unit}\t{meaning}\n")
            return 0
        if args.export_sbml:
            return export_sbml(args)
        if not args.headless:
            raise UsageError("nothing to do: add --headless (or --export-sbml, --list-toggles, "
                             "--list-outputs)")
        return run_headless(args, stdout)
    except (UsageError, ScenarioError) as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except SimulationError as exc:
        stderr.write(f"error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        stderr.write("error: interrupted\n")
        return 130
