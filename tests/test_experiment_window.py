"""Experiments in the window: the result view alone, the process that runs a protocol (its result as
JSON, Cancel ends it), the Experiments menu on a scripted window, and a lesson step that starts one."""

from __future__ import annotations

import pytest
from bridge import scripted_window
from conftest import EXPERIMENTS_GROUP, experiment_result

from model import NOTICE
from model.experiments import experiment_files, experiment_ids
from ui.experiment_runner import ExperimentRunner
from ui.lessons import LessonError, lesson_from_dict, load_lessons
from widgets.experiment_view import ExperimentView

WAIT_MS = 120_000


pytestmark = pytest.mark.xdist_group(EXPERIMENTS_GROUP)  # the protocols' results are run once, there


def meal():
    return experiment_result("mixed_meal")


def test_the_files_and_the_protocols_name_the_same_experiments():
    assert experiment_files() == experiment_ids()


def test_the_view_puts_the_papers_figures_over_the_models_curves(qtbot):
    result = meal()
    view = ExperimentView(result)
    qtbot.addWidget(view)
    view.show()
    assert len(view.plot_items) == 2  # glucose (mg/dL) and insulin (pmol/L) on plots of their own
    published = [item for plot in view.plot_items for item in plot.listDataItems()
                 if item.name() and item.name().startswith("published:")]
    assert len(published) == 3  # the peak and the 2-h glucose, the insulin peak
    assert view.table.rowCount() == len(result.comparisons)
    assert view.verdicts() == ["within tolerance" if c.met else "outside tolerance"
                               for c in result.comparisons]  # in words, not colour alone
    caption = view.caption.text()
    assert result.experiment.paper in caption and NOTICE in caption
    assert "BIOMD0000000379" in view.table.item(0, 0).toolTip()  # where the number comes from


def test_a_published_range_is_drawn_as_a_box(qtbot):
    view = ExperimentView(experiment_result("clamp"))
    qtbot.addWidget(view)
    from PySide6.QtWidgets import QGraphicsRectItem

    boxes = [i for i in view.plot_items[0].items if isinstance(i, QGraphicsRectItem)]
    assert len(boxes) == 1 and boxes[0].rect().left() == 90.0


def test_a_published_spread_is_drawn_as_an_error_bar(qtbot):
    import pyqtgraph as pg

    view = ExperimentView(experiment_result("obesity_cytokines"))
    qtbot.addWidget(view)
    view.show()
    view.grab()  # painted: the bars' bounds are computed
    bars = [i for plot in view.plot_items for i in plot.items if isinstance(i, pg.ErrorBarItem)]
    assert len(bars) == 2  # TNF-α and IL-6, each with the paper's interquartile range


def test_the_runner_brings_a_result_back_from_its_own_process(qtbot):
    runner = ExperimentRunner()
    with qtbot.waitSignal(runner.finished, timeout=WAIT_MS) as done:
        runner.start("ogtt")
    result = done.args[0]
    assert result.experiment.id == "ogtt" and result.comparisons and not runner.running
    assert result.comparison("glucose_2h_mmol").model == pytest.approx(
        experiment_result("ogtt").comparison("glucose_2h_mmol").model, rel=1e-9)


def test_cancel_ends_the_experiments_process_at_once(qtbot):
    runner = ExperimentRunner()
    finished: list = []
    runner.finished.connect(finished.append)
    runner.start("trt_trial")  # about 20 s of compute
    process = runner._process
    runner.cancel()
    assert not runner.running and not process.is_alive() and not finished


def test_a_failing_experiment_says_why_in_one_line(qtbot):
    runner = ExperimentRunner()
    with qtbot.waitSignal(runner.failed, timeout=WAIT_MS) as failed:
        runner.start("no_such_experiment")
    assert "unknown experiment" in failed.args[0] and "\n" not in failed.args[0]


def test_the_experiments_menu_runs_one_and_opens_its_window(qtbot):
    win, _ = scripted_window(qtbot)
    control = win.experiments
    titles = [a.text().replace("&&", "&") for a in control.menu.actions()]
    assert len(titles) == len(experiment_ids()) and "Oral glucose tolerance test (75 g)" in titles
    control.run("ogtt")
    assert control.progress is not None and control.progress.isVisible()
    qtbot.waitUntil(lambda: bool(control.windows), timeout=WAIT_MS)
    window = control.windows[0]
    assert window.isVisible() and control.progress is None
    assert "published figures within tolerance" in win.statusBar().currentMessage()
    assert window.view.verdicts()
    win.close()
    assert not control.runner.running


def test_cancelling_from_the_progress_dialog_leaves_nothing_running(qtbot):
    win, _ = scripted_window(qtbot)
    control = win.experiments
    control.run("trt_trial")
    process = control.runner._process
    from PySide6.QtWidgets import QPushButton

    control.progress.findChild(QPushButton).click()  # the dialog's Cancel button
    assert not control.runner.running and not process.is_alive() and control.progress is None
    assert not control.windows and "cancelled" in win.statusBar().currentMessage()
    win.close()


def test_closing_the_window_stops_a_running_experiment(qtbot):
    win, _ = scripted_window(qtbot)
    win.experiments.run("trt_trial")
    process = win.experiments.runner._process
    win.close()
    assert not process.is_alive()


def test_a_lesson_step_can_start_an_experiment(qtbot):
    lessons = load_lessons()
    relay = lessons["insulin_relay"]
    step = next(i for i, s in enumerate(relay.steps) if s.experiment)
    win, _ = scripted_window(qtbot)
    started: list[str] = []
    win.lessons.run_experiment = started.append
    win.lessons.start("insulin_relay")
    for _ in range(step):
        win.lessons.next()
    assert started == ["insulin_step"]
    win.close()


def test_a_lesson_naming_an_unknown_experiment_is_refused():
    data = {"format": "insulin-pathway-explorer/lesson", "version": 1, "title": "t", "part": "Fundamentals",
            "steps": [{"title": "s", "narration": "n", "experiment": "time_travel"}]}
    with pytest.raises(LessonError, match="unknown experiment 'time_travel'"):
        lesson_from_dict(data, "l.json", "l", nodes={})


def test_filling_the_menu_does_not_load_the_model_into_the_windows_process():
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys; from PySide6.QtWidgets import QApplication, QMainWindow; app = QApplication([]); "
            "from ui.experiment_control import ExperimentControl; "
            "c = ExperimentControl(QMainWindow()); c.fill_menu(); "
            "print(len(c.titles), 'roadrunner' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.stdout.split() == [str(len(experiment_files())), "False"], result.stderr
