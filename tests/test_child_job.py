"""A long computation in a process of its own: its answer comes back as a signal, its error as one
line, and a cancelled job says nothing (not even a traceback from the child)."""

from __future__ import annotations

import multiprocessing

from ui.child_job import ChildJob, _child


def test_a_finished_job_sends_its_answer(qtbot):
    job = ChildJob()
    with qtbot.waitSignal(job.finished, timeout=30_000) as answered:
        job.start_job("math:hypot", 3, 4, name="test job")
    assert answered.args == [5.0] and not job.running


def test_a_failing_job_sends_one_line(qtbot):
    job = ChildJob()
    with qtbot.waitSignal(job.failed, timeout=30_000) as failed:
        job.start_job("math:sqrt", -1, name="test job")
    assert failed.args == ["ValueError: math domain error"]


def test_a_cancelled_job_emits_nothing(qtbot):
    job = ChildJob()
    job.start_job("time:sleep", 30, name="test job")
    with qtbot.assertNotEmitted(job.finished), qtbot.assertNotEmitted(job.failed):
        job.cancel()
    assert not job.running


def test_the_child_ends_quietly_when_the_window_has_closed_its_end(capsys):
    receive, send = multiprocessing.Pipe(duplex=False)
    receive.close()  # what a cancel does while the child is about to answer
    _child("math:hypot", [3, 4], send)  # no BrokenPipeError, no traceback
    assert capsys.readouterr().err == ""
