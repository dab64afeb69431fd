"""The command line under attack: one line and exit 2 for every failure, bounded runs, streamed rows,
and writes that respect their target (devices, FIFOs, links, modes). Behaviour that depends on the
process (pipes, fd 1, SIGTERM) is checked on a real `python main.py`."""

from __future__ import annotations

import csv
import errno
import io
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import Simulation, ToggleEvent, atomic, cli, simulation
from model.atomic import NotARegularFile, write_bytes_atomically
from model.cli import main
from model.outputs import OUTPUT_NAMES
from model.simulation import SimulationTimeout

TIMEOUT = 300  # seconds: a guard against a regression that loops, not a measurement
HEADER = ",".join(OUTPUT_NAMES)


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def one_line(err: str) -> bool:
    return err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def run_main(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True,
                          timeout=TIMEOUT, **kwargs)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def devices_kept():
    """Fail (and, as root, repair) if a test replaced /dev/null or /dev/full with a regular file,
    as the old writer did: the rest of the machine needs them."""
    yield
    for path, minor in (("/dev/null", 3), ("/dev/full", 7)):
        if not stat.S_ISCHR(os.stat(path).st_mode):
            if os.geteuid() == 0:
                os.unlink(path)
                os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
                os.chmod(path, 0o666)
            pytest.fail(f"{path} was replaced by a regular file")


# --- item 8: pipes, full devices, solver chatter --------------------------------------------------

def test_a_closed_pipe_is_a_quiet_exit():
    proc = subprocess.Popen([sys.executable, "main.py", "--headless", "--days", "30", "--sample-hours",
                             "0.25"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stdout.readline()  # like `| head -1`: one line, then the pipe closes
        proc.stdout.close()
        err = proc.stderr.read()
        code = proc.wait(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert first.decode().startswith(HEADER)
    assert code == 0 and err == b""  # no message, no second traceback at interpreter exit


@pytest.mark.usefixtures("devices_kept")
@pytest.mark.parametrize("argv", [["--headless", "--days", "1", "--csv", "/dev/full"],
                                  ["--export-sbml", "/dev/full"]], ids=["csv", "sbml"])
def test_dev_full_is_no_space_left_in_one_line(argv):
    result = run_main(*argv, text=True)
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert "no space left on device" in result.stderr.lower()


@pytest.mark.usefixtures("devices_kept")
@pytest.mark.parametrize("argv", [["--headless", "--days", "1"], ["--list-toggles"], ["--list-outputs"]],
                         ids=["csv", "toggles", "outputs"])
def test_stdout_on_dev_full_is_one_line_and_exit_2(argv):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert "no space left on device" in result.stderr


def test_a_full_disk_part_way_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("previous")
    writes = []

    def full_disk(self, data):
        writes.append(len(data))
        if len(writes) > 1:  # the first day's rows went in; the disk fills up on the second
            raise OSError(errno.ENOSPC, "No space left on device")
        type(self)._real_write(self, data)

    monkeypatch.setattr(atomic.AtomicWriter, "_real_write", atomic.AtomicWriter.write, raising=False)
    monkeypatch.setattr(atomic.AtomicWriter, "write", full_disk)
    code, out, err = call("--headless", "--days", "3", "--csv", str(target))
    assert code == 2 and one_line(err) and "no space left on device" in err
    assert target.read_text() == "previous" and leftovers(tmp_path) == []


CHATTY = """
import sys
sys.path.insert(0, {root!r})
import main
from model import cli, simulation
real = simulation.Simulation.iter_run

def chatty(self, *args, **kwargs):
    # A real CVODE failure, which roadrunner's logger and SUNDIALS write straight to fds 1 and 2.
    probe = simulation.Simulation()
    probe._rr.integrator.maximum_num_steps = 2
    try:
        probe.advance(600.0)
    except simulation.SimulationError:
        pass
    return real(self, *args, **kwargs)

simulation.Simulation.iter_run = chatty
sys.exit(main.main(["--headless", "--days", "1", "--sample-hours", "6"]))
"""


@pytest.mark.parametrize("into", ["file", "pipe"])
def test_solver_chatter_never_reaches_the_csv(into, tmp_path):
    script = CHATTY.format(root=str(ROOT))
    if into == "file":
        out_path = tmp_path / "stdout.csv"
        with out_path.open("wb") as out:
            result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, stdout=out,
                                    stderr=subprocess.PIPE, timeout=TIMEOUT)
        data = out_path.read_bytes()
    else:
        result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                                timeout=TIMEOUT)
        data = result.stdout
    assert result.returncode == 0 and result.stderr == b"", result.stderr
    assert b"\0" not in data and b"CVODE" not in data
    rows = list(csv.reader(io.StringIO(data.decode("ascii"))))
    assert rows[0] == list(OUTPUT_NAMES) and [float(r[0]) for r in rows[1:]] == [0, 0.25, 0.5, 0.75, 1]


# --- item 9: vanishing spans, runs without end, memory ---------------------------------------------

@pytest.mark.parametrize("argv", [["--days", "1e-200"], ["--days", "0.0006"], ["--days", "1e-300"],
                                  ["--days", "1", "--sample-hours", "1e-200"],
                                  ["--days", "1", "--sample-hours", "0.01"]])
def test_a_run_shorter_than_a_minute_is_refused(argv):
    result = run_main("--headless", *argv, text=True)
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert "at least one" in result.stderr and result.stdout == ""


def test_one_minute_is_the_shortest_run():
    code, out, err = call("--headless", "--days", str(1 / 1440), "--sample-hours", str(1 / 60))
    assert code == 0, err
    assert [float(r[0]) for r in list(csv.reader(io.StringIO(out)))[1:]] == pytest.approx([0, 1 / 1440])


def test_an_event_a_vanishing_time_after_the_start_finishes():
    # The scenario module may refuse such days; either way the run must end, in one line or rows.
    result = run_main("--headless", "--days", "1", "--sample-hours", "12", "--on", "trt@1e-170", text=True)
    assert result.returncode in (0, 2) and "Traceback" not in result.stderr
    if result.returncode == 2:
        assert one_line(result.stderr)


def test_the_simulation_treats_vanishing_spans_as_instantaneous():
    sim = Simulation()
    before = sim.state.copy()
    rows = sim.advance_to(sim.minutes + 1e-197, [sim.minutes + 1e-197])  # once looped for ever
    np.testing.assert_array_equal(sim.state, before)
    assert rows.shape == (1, len(OUTPUT_NAMES))
    trajectory = Simulation().run(1, [ToggleEvent(1e-170, "trt", True)], sample_hours=12)
    assert trajectory.table.shape == (3, len(OUTPUT_NAMES)) and np.all(np.isfinite(trajectory.table))


def test_a_tiny_time_limit_stops_the_run_in_one_line(tmp_path):
    target = tmp_path / "out.csv"
    result = run_main("--headless", "--days", "365", "--time-limit", "0.05", "--csv", str(target), text=True)
    assert result.returncode == 2 and one_line(result.stderr), result.stderr  # no solver chatter
    assert "--time-limit" in result.stderr and not target.exists() and leftovers(tmp_path) == []


FAILING = """
import sys
sys.path.insert(0, {root!r})
import main
from model import cli, simulation
real = simulation.Simulation.iter_run

def failing(self, *args, **kwargs):
    self._rr.integrator.maximum_num_steps = 2  # CVODE gives up: "too much work"
    return real(self, *args, **kwargs)

simulation.Simulation.iter_run = failing
sys.exit(main.main(["--headless", "--days", "1"]))
"""


def test_a_solver_failure_is_one_line_without_the_solvers_chatter():
    result = subprocess.run([sys.executable, "-c", FAILING.format(root=str(ROOT))], cwd=ROOT,
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert "solver failed near day 0.00" in result.stderr and "\x1b" not in result.stderr
    assert "CVODE" not in result.stdout


def test_a_deadline_in_the_past_raises_simulation_timeout_and_keeps_the_state():
    sim = Simulation()
    sim.advance(30.0)
    before, clock = sim.state.copy(), sim.minutes
    sim.deadline = time.monotonic() - 1.0
    with pytest.raises(SimulationTimeout) as info:
        sim.advance(60.0)
    assert info.value.day == pytest.approx(clock / 1440)
    assert sim.minutes == clock
    np.testing.assert_array_equal(sim.state, before)
    sim.deadline = None
    assert sim.advance(60.0).shape == (1, len(OUTPUT_NAMES))


def test_iter_run_gives_run_s_rows_in_bounded_blocks():
    events = [ToggleEvent(0, "high_fat_diet", True), ToggleEvent(1.3, "trt", True),
              ToggleEvent(2.0, "high_fat_diet", False)]
    whole = Simulation().run(30, events, sample_hours=0.5).table
    blocks = list(Simulation().iter_run(30, events, sample_hours=0.5))
    assert np.vstack(blocks).tobytes() == whole.tobytes()  # bit for bit
    per_chunk = simulation.CHUNK_MINUTES / 30.0  # half-hour rows in one roadrunner call
    assert len(blocks) >= 5 and max(len(b) for b in blocks) <= per_chunk + 1


def _peak_bytes(days: float) -> int:
    tracemalloc.start()
    try:
        assert call("--headless", "--days", str(days), "--sample-hours", str(1 / 60), "--csv",
                    os.devnull)[0] == 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.usefixtures("devices_kept")
def test_memory_does_not_grow_with_the_number_of_rows(monkeypatch):
    def no_solver(self, t_end, samples):  # the rows' path is measured, not CVODE (and it is quick)
        self._set_time(t_end)
        return np.repeat(self._current_row()[None, :], len(samples), axis=0)

    monkeypatch.setattr(Simulation, "_span", no_solver)
    _peak_bytes(0.5)  # caches (start state, formats) are not what is measured
    short, long = _peak_bytes(2), _peak_bytes(8)  # 2,881 and 11,521 rows, a minute apart
    assert long < 1.2 * short, (short, long)  # all rows held at once: about 3 times


# --- item 10: writes that respect their target --------------------------------------------------

@pytest.mark.usefixtures("devices_kept")
def test_csv_to_dev_null_writes_through_the_device():
    code, out, err = call("--headless", "--days", "1", "--csv", "/dev/null")
    assert code == 0 and out == "" and err == ""


@pytest.mark.usefixtures("devices_kept")
def test_sbml_to_dev_null_writes_through_the_device():
    pytest.importorskip("libsbml")
    code, out, err = call("--export-sbml", "/dev/null")
    assert code == 0 and err == ""


@pytest.mark.usefixtures("devices_kept")
def test_the_window_s_writes_refuse_a_device():
    from ui import export
    from ui.export import ExportError
    from ui.session import Session, SessionError, save_session

    with pytest.raises(NotARegularFile, match="device"):
        write_bytes_atomically("/dev/null", b"data")
    with pytest.raises(ExportError, match="not a regular file") as info:
        export._write_atomic(Path("/dev/null"), b"data", "diagram")
    assert "\n" not in str(info.value)
    with pytest.raises(SessionError, match="not a regular file"):
        save_session(Session(day=1.0), "/dev/null")


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with path.open("rb") as fifo:
            into.append(fifo.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def test_csv_to_a_fifo_writes_through_it(tmp_path):
    fifo = tmp_path / "rows.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    code, _, err = call("--headless", "--days", "1", "--sample-hours", "6", "--csv", str(fifo))
    reader.join(timeout=TIMEOUT)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert got and got[0].decode().splitlines()[0] == HEADER and len(got[0].splitlines()) == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.fifo"]


def test_the_window_s_writes_refuse_a_fifo(tmp_path):
    from ui.session import Session, SessionError, save_session

    fifo = tmp_path / "x.fifo"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile, match="named pipe"):  # refused before opening: never blocks
        write_bytes_atomically(fifo, b"data")
    with pytest.raises(SessionError, match="named pipe"):
        save_session(Session(day=1.0), fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and leftovers(tmp_path) == []


@pytest.mark.parametrize("how", ["cli", "window"])
def test_a_symlink_writes_the_file_it_points_to(how, tmp_path):
    real = tmp_path / "data" / "real.csv"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(Path("data") / "real.csv")  # relative, as people make them
    if how == "cli":
        assert call("--headless", "--days", "1", "--sample-hours", "12", "--csv", str(link))[0] == 0
    else:
        write_bytes_atomically(link, b"day\n1\n")
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "real.csv")
    assert real.read_text().startswith("day")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "new.csv")
    write_bytes_atomically(link, b"x")
    assert link.is_symlink() and (tmp_path / "new.csv").read_bytes() == b"x"


def test_a_symlink_loop_is_one_line(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    code, _, err = call("--headless", "--days", "1", "--csv", str(loop))
    assert code == 2 and one_line(err) and "symbolic links" in err
    assert loop.is_symlink()


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


@pytest.mark.usefixtures("umask_027")
def test_new_files_get_the_umask_s_mode_and_old_files_keep_theirs(tmp_path):
    assert atomic.current_umask() == 0o027
    new = tmp_path / "new.csv"
    assert call("--headless", "--days", "1", "--sample-hours", "12", "--csv", str(new))[0] == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0o666 & ~0o027, not mkstemp's 0o600
    old = tmp_path / "old.csv"
    old.write_text("x")
    old.chmod(0o644)
    assert call("--headless", "--days", "1", "--sample-hours", "12", "--csv", str(old))[0] == 0
    assert stat.S_IMODE(old.stat().st_mode) == 0o644
    sbml = tmp_path / "model.xml"
    write_bytes_atomically(sbml, b"<sbml/>")
    assert stat.S_IMODE(sbml.stat().st_mode) == 0o640


def test_the_temporary_file_appears_only_with_the_first_rows(tmp_path, monkeypatch):
    seen = []
    real = Simulation.iter_run

    def watched(self, *args, **kwargs):
        seen.append(sorted(p.name for p in tmp_path.iterdir()))  # the model is about to start
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Simulation, "iter_run", watched)
    assert call("--headless", "--days", "1", "--csv", str(tmp_path / "out.csv"))[0] == 0
    assert seen == [[]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.02)


@pytest.mark.parametrize("existing", [False, True])
def test_sigterm_mid_run_removes_the_temporary_file(existing, tmp_path):
    target = tmp_path / "out.csv"
    if existing:
        target.write_text("previous")
    proc = subprocess.Popen([sys.executable, "main.py", "--headless", "--days", "3650", "--sample-hours",
                             "24", "--csv", str(target)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: leftovers(tmp_path), "the temporary file")  # rows are being written
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 143 and one_line(err) and "SIGTERM" in err, err
    assert leftovers(tmp_path) == []
    assert (target.read_text() == "previous") if existing else not target.exists()


def test_sigterm_while_writing_to_a_pipe_is_one_line_and_143():
    proc = subprocess.Popen([sys.executable, "main.py", "--headless", "--days", "3650", "--sample-hours",
                             "24"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline().decode().startswith(HEADER)
        proc.send_signal(signal.SIGTERM)
        proc.stdout.read()
        err = proc.stderr.read().decode()
        proc.wait(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 143 and one_line(err), err


# --- item 11: odd option values ---------------------------------------------------------------

@pytest.mark.parametrize("argv, says", [
    (["--headless", "--days", "1", "--sample-hours", "1e308"], "at most the run's length"),
    (["--headless", "--days", "-inf"], "positive number"),
    (["--headless", "--days", "-1e3"], "positive number"),
    (["--headless", "--days", "-5"], "positive number"),
    (["--headless", "--da", "-1e3"], "positive number"),  # abbreviated, as argparse allows
    (["--headless", "--days", "1", "--sample-hours", "-inf"], "positive number"),
    (["--headless", "--days", "1", "--time-limit", "-1"], "positive number"),
    (["--headless", "--days", "1", "--time-limit", "inf"], "positive number"),
    (["--headless", "--days", "1", "--time-limit", "1e9"], "at most"),
    (["--headless", "--days", "1e9"], "at most"),
    (["--headless", "--days", "1", "--csv", ""], "--csv needs a file name"),
    (["--export-sbml", ""], "--export-sbml needs a file name"),
    (["--headless", "--days", "1", "--scenario", ""], "--scenario needs a file name"),
    (["--bench", "inf"], "--bench must be a positive number"),
    (["--bench", "0"], "--bench must be a positive number"),
    (["--bench", "-inf"], "--bench must be a positive number"),
    (["--bench", "1e6"], "at most"),
])
def test_odd_values_are_one_line_and_exit_2(argv, says):
    result = run_main(*argv, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2 and one_line(result.stderr), result.stderr
    assert says in result.stderr and "Warning" not in result.stderr and result.stdout == ""


def test_sample_hours_may_be_the_whole_run():
    code, out, err = call("--headless", "--days", "0.5", "--sample-hours", "12")
    assert code == 0 and len(out.splitlines()) == 3, err


VALUES = st.one_of(
    st.sampled_from(["0", "-0", "1e-200", "1e308", "inf", "-inf", "nan", "-nan", "-1e3", "-5", "", " ",
                     "1/60", "0x10", "1_0", "٣", "1e", "--", "-", "0.0166666", "36500", "36501"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12),
)
NUMBER_OPTIONS = st.sampled_from(["--days", "--sample-hours", "--time-limit", "--on", "--off"])
FILE_OPTIONS = st.sampled_from(["--csv", "--scenario", "--export-sbml"])
# File names stay inside the test's folder: no "/" (an absolute path, "..").
PAIRS = st.one_of(st.tuples(NUMBER_OPTIONS, VALUES),
                  st.tuples(FILE_OPTIONS, VALUES.map(lambda v: v.replace("/", "_"))))
try:
    from model import sbml
except ImportError:  # without libsbml, --export-sbml is one line saying so
    sbml = None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(PAIRS, max_size=4), headless=st.booleans())
def test_random_option_values_never_give_a_traceback(pairs, headless, tmp_path, monkeypatch):
    def quick(self, days, events=(), sample_hours=1.0):  # the options are under test, not the model
        return iter([np.zeros((2, len(OUTPUT_NAMES)))])

    def quick_sbml(path, parameters=None, events=(), special="refuse", subject="man"):  # not libsbml
        atomic.write_text_atomically(path, "<sbml/>", special)

    monkeypatch.setattr(Simulation, "iter_run", quick)
    if sbml is not None:
        monkeypatch.setattr(sbml, "export_sbml", quick_sbml)
    monkeypatch.chdir(tmp_path)  # a random file name lands here
    argv = (["--headless"] if headless else []) + [word for pair in pairs for word in pair]
    code, out, err = call(*argv)
    assert code in (0, 2), (argv, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    assert err == "" if code == 0 else one_line(err), (argv, err)


def test_an_unexpected_failure_is_still_one_line(monkeypatch):
    def broken(self, *args, **kwargs):
        raise TypeError("a bug\nover two lines")

    monkeypatch.setattr(Simulation, "iter_run", broken)
    code, _, err = call("--headless", "--days", "1")
    assert code == 2 and one_line(err) and "internal error: TypeError" in err


def test_a_solver_failure_is_exit_2_as_the_readme_says(monkeypatch):
    from model.simulation import SimulationError

    def fails(self, *args, **kwargs):
        raise SimulationError("solver failed near day 0.50: step size too small")

    monkeypatch.setattr(Simulation, "iter_run", fails)
    code, _, err = call("--headless", "--days", "1")
    assert code == 2 and one_line(err) and "solver failed" in err


def test_cli_module_exports_the_bounds_it_documents():
    assert cli.MIN_DAYS == 1 / 1440 and cli.MIN_SAMPLE_HOURS == 1 / 60
    assert cli.DEFAULT_TIME_LIMIT >= 3600 and cli.MAX_DAYS == 36_500
