"""The explorer window: on a scripted model (tests/bridge.py) for what the window does with
snapshots, and with its real worker thread and model process for the end-to-end paths."""

from __future__ import annotations

import subprocess
import sys
from functools import cache

import numpy as np
import pytest
from bridge import scripted_window
from conftest import ROOT, open_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from model import Simulation
from model.outputs import OUTPUT_INDEX
from model.toggles import TOGGLE_IDS, TOGGLES, TOGGLES_BY_ID
from ui.content import load_node_texts
from ui.main_window import MainWindow, load_pathway

PLOTTED = ("glucose_uptake", "plasma_glucose", "plasma_insulin", "tnf_alpha", "il6", "il1b", "il18")
WAIT_MS = 120_000


@pytest.fixture
def window(qtbot):
    win, _ = scripted_window(qtbot, speed=60.0)
    yield win
    win.close()


@pytest.fixture
def real_window(qtbot):
    win = MainWindow(speed=60.0)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitUntil(lambda: win.latest is not None, timeout=WAIT_MS)
    yield win
    win.close()


def click_node(qtbot, win: MainWindow, node_id: str) -> None:
    item = win.view.node_items[node_id]
    point = win.view.mapFromScene(item.scenePos())
    qtbot.mouseClick(win.view.viewport(), Qt.LeftButton, pos=QPoint(point.x(), point.y()))


def test_every_diagram_node_has_a_text():
    assert set(load_pathway().nodes) <= set(load_node_texts())


@pytest.mark.parametrize("level", [1, 2, 3])
def test_no_two_visible_nodes_overlap(qtbot, window, level):
    window.set_level(level)
    items = [i for i in window.view.node_items.values() if i.isVisible()]
    for a_index, a in enumerate(items):
        for b in items[a_index + 1:]:
            ra = a.mapRectToScene(a.body_rect()).adjusted(-4, -4, 4, 4)
            rb = b.mapRectToScene(b.body_rect())
            assert not ra.intersects(rb), (a.node.id, b.node.id)


def test_clicking_a_node_shows_its_explanation(qtbot, window):
    window.view.fit()
    texts = load_node_texts()
    for node_id in ("irs1", "nlrp3", "visceral_fat"):
        click_node(qtbot, window, node_id)
        assert window.info.current_node_id == node_id
        shown = window.info.text()
        assert texts[node_id].name in shown
        first_sentence = texts[node_id].levels["academic"].split(". ")[0][:60]
        assert first_sentence in shown
        assert window.view.selected_node == node_id


def test_detail_level_changes_nodes_and_text_depth(qtbot, window):
    texts = load_node_texts()
    window.view.select_node("pi3k")
    window.set_level(1)
    assert not window.view.node_items["nlrp3"].isVisible()
    assert window.view.node_items["irs1"].isVisible()
    assert texts["pi3k"].levels["fundamentals"].split(". ")[0][:50] in window.info.text()
    window.set_level(2)
    assert window.view.node_items["jnk"].isVisible() and not window.view.node_items["nlrp3"].isVisible()
    window.set_level(3)
    assert window.view.node_items["nlrp3"].isVisible()


def test_a_lower_level_hides_the_open_node_and_stays_lower(qtbot, window):
    window.view.select_node("nlrp3")  # drawn from level 3 only
    assert window.info.current_node_id == "nlrp3" and window.state.level == 3
    window.set_level(2)  # re-selecting the open node used to take the diagram back to level 3
    assert window.view.level == window.state.level == 2
    assert window.view.selected_node is None and window.info.current_node_id is None
    window.view.select_node("jnk")
    window.set_level(2)
    assert window.info.current_node_id == "jnk"  # a node still drawn stays open


def test_node_links_in_the_text_select_the_linked_node(qtbot, window):
    window.view.select_node("irs1")
    window.info.node_link_activated.emit("pi3k")
    assert window.view.selected_node == "pi3k"
    assert window.info.current_node_id == "pi3k"


def test_keyboard_tab_and_enter_open_a_node(qtbot, window):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Tab)
    focused = window.view.focused_node
    assert focused is not None
    qtbot.keyClick(window.view, Qt.Key_Return)
    assert window.info.current_node_id == focused


def test_info_panel_shows_the_live_value(qtbot, window):
    window.view.select_node("insulin")
    window.simulation.advance(1.0)
    assert "µU/mL" in window.info.value_text()


@cache
def untoggled_reference(days: float) -> tuple[np.ndarray, np.ndarray]:
    rows = Simulation().advance(days * 1440.0, samples=int(days * 144))
    return rows[:, 0], rows


def plotted_divergence(win: MainWindow, last_days: float = 4.0) -> float:
    """Largest relative gap between the window's plotted curves and the untoggled model's."""
    x, _ = win.plots.series("plasma_glucose")
    days, reference = untoggled_reference(45.0)
    window_mask = x >= x.max() - last_days
    gaps = []
    for name in PLOTTED:
        xs, ys = win.plots.series(name)
        ref = np.interp(xs[window_mask], days, reference[:, OUTPUT_INDEX[name]])
        gaps.append(abs(ys[window_mask].mean() - ref.mean()) / ref.mean())
    return max(gaps)


def check_toggle_moved_the_plots(win: MainWindow, toggle: str) -> None:
    assert win.latest.exposures[toggle] > 0.3
    label = TOGGLES_BY_ID[toggle].label
    assert any(text.endswith(label) for _, text in win.plots.markers())
    # The weakest switches (the GH secretagogues) move the plotted means by about 2 % in 40 days;
    # an untoggled window stays within 1e-6 of the untoggled model.
    assert plotted_divergence(win) > 0.01


@pytest.mark.parametrize("toggle", [t for t in TOGGLE_IDS if t != "hormone_therapy"])
def test_each_toggle_clicked_reaches_the_model_and_moves_the_plots(qtbot, toggle):
    win, bridge = scripted_window(qtbot, speed=43200.0)
    if not win.state.applies(toggle):  # menopause: the woman's
        win.state.set_subject("woman")
    win.toggles.checkbox(toggle).click()
    assert ("toggle", toggle, True) in bridge.requests
    for _ in range(10):  # 40 days in ten snapshots, as a month-a-second window would get them
        bridge.advance(4.0)
    assert win.latest.toggles[toggle] is True
    check_toggle_moved_the_plots(win, toggle)
    win.close()


def test_hormone_therapy_reaches_the_womans_model(qtbot):
    """It restores oestrogen after menopause (tests/test_subjects.py), so alone it moves nothing."""
    win, bridge = scripted_window(qtbot, speed=43200.0)
    win.state.set_subject("woman")
    win.toggles.checkbox("menopause").click()
    win.toggles.checkbox("hormone_therapy").click()
    assert ("toggle", "hormone_therapy", True) in bridge.requests
    for _ in range(10):
        bridge.advance(4.0)
    assert win.latest.toggles["hormone_therapy"] is True and win.latest.exposures["hormone_therapy"] > 0.3
    win.close()


def test_a_toggle_reaches_the_real_worker_and_moves_the_plots(qtbot):
    win = MainWindow(speed=43200.0)  # a month a second
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitUntil(lambda: win.latest is not None, timeout=WAIT_MS)
    win.toggles.checkbox("high_fat_diet").click()
    qtbot.waitUntil(lambda: win.latest.toggles.get("high_fat_diet") is True, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: win.latest.day >= 40.0, timeout=WAIT_MS)
    check_toggle_moved_the_plots(win, "high_fat_diet")
    win.close()


def test_untoggled_window_follows_the_untoggled_model(qtbot):
    win, bridge = scripted_window(qtbot, speed=43200.0)
    bridge.advance(40.0)
    assert plotted_divergence(win) < 0.001
    win.close()


def test_speed_and_pause_reach_the_worker(qtbot, real_window):
    window = real_window
    window.toggles.faster()
    qtbot.waitUntil(lambda: window.latest.speed == window.toggles.speed(), timeout=WAIT_MS)
    assert window.toggles.speed() > 60.0
    qtbot.keyClick(window, Qt.Key_Space)
    qtbot.waitUntil(lambda: window.latest.paused, timeout=WAIT_MS)
    day, worker = window.latest.day, window.simulation.worker
    qtbot.waitUntil(lambda: not worker._timer.isActive(), timeout=WAIT_MS)  # paused: nothing ticks
    assert not window.view.animating and window.latest.day == day  # time and the diagram stand still
    qtbot.keyClick(window, Qt.Key_Space)
    qtbot.waitUntil(lambda: not window.latest.paused and window.latest.day > day, timeout=WAIT_MS)


def test_reset_returns_to_day_zero_and_clears_toggles(qtbot, window):
    qtbot.mouseClick(window.toggles.checkbox("inflammation"), Qt.LeftButton)
    window.simulation.advance(2.0)
    assert window.latest.toggles["inflammation"]
    resets: list = []  # the model's reset snapshot
    window.state.reset_applied.connect(lambda: resets.append((window.latest.day, window.latest.toggles)))
    window.request_reset()
    assert resets and not window.plots.markers()
    day, toggles = resets[0]
    assert day < 0.01 and not any(toggles.values())
    assert not window.toggles.states()["inflammation"]


def test_closing_while_running_stops_and_joins_the_thread(qtbot):
    win = MainWindow(speed=43200.0)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.latest is not None and win.latest.day > 1, timeout=WAIT_MS)
    thread = win.simulation.thread
    win.close()
    assert thread.isFinished() and not thread.isRunning()


def test_smoke_run_saves_a_screenshot_and_exits_cleanly(tmp_path):
    out = tmp_path / "smoke.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "main.py", "--smoke", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "QThread" not in result.stderr and "Traceback" not in result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    assert out.stat().st_size > 50_000
    metrics = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert metrics["frames_drawn"] > 5 and metrics["snapshots"] > 2  # it animated and ran (any load)
    assert metrics["toggle_to_plot_ms"]


def test_a_smoke_run_fails_when_the_plots_cannot_load(tmp_path):
    """What a frozen build missing a module looks like: the window opens, the model never shows."""
    fake = tmp_path / "broken" / "pyqtgraph"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('a module the bundle left out')\n")
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(fake.parent),
           "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "main.py", "--smoke", str(tmp_path / "s.png")], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "a module the bundle left out" in result.stderr
    metrics = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    assert metrics["errors"] == 1 and metrics["snapshots"] == 0


def test_what_the_app_loaded_at_start_is_kept_out_of_full_garbage_collections(qtbot):
    import gc

    win = open_window(qtbot)
    assert win.snapshots_received >= 1
    assert gc.get_freeze_count() > 10_000
    win.close()


def test_the_worker_waits_for_the_gui_instead_of_queueing_snapshots(qtbot):
    from ui.worker import MAX_SNAPSHOTS_IN_FLIGHT, SimulationWorker

    worker = SimulationWorker(speed=43200.0)
    sent = []
    worker.snapshot.connect(sent.append)  # same thread: delivered at once
    worker.ticking = False  # ticks by hand from here
    worker.start()
    for _ in range(5):
        worker.step()
    assert len(sent) == MAX_SNAPSHOTS_IN_FLIGHT == worker.snapshots_in_flight
    day = worker.sim.day
    worker.step()
    assert worker.sim.day == day  # it does not even compute while the GUI is behind
    worker.snapshot_consumed()
    worker.step()
    assert len(sent) == MAX_SNAPSHOTS_IN_FLIGHT + 1 and worker.sim.day > day
    worker.sim.close()


def test_the_clock_says_what_it_really_does():
    from ui.main_window import clock_text
    from ui.worker import Snapshot

    def snap(speed, achieved, paused=False):
        return Snapshot(rows=np.empty((0, 0)), day=12.3125, toggles={}, exposures={}, speed=speed,
                        achieved_speed=achieved, paused=paused)

    assert clock_text(snap(10080.0, 10000.0)) == "Day 12, 07:30 — 1 week a second"
    assert clock_text(snap(43200.0, 4608.0)) == ("Day 12, 07:30 — 3.2 days a second (asked 1 month: "
                                                 "this computer's limit)")
    assert clock_text(snap(60.0, 0.0, paused=True)) == "Day 12, 07:30 — paused"
    assert clock_text(snap(60.0, 59.0)) == "Day 12, 07:30 — 1 h a second"


def test_a_switch_says_what_it_starts_and_when_and_offers_the_run_to_see_it(qtbot):
    from bridge import scripted_window

    from ui.switch_feedback import load_switch_feedback

    feedback = load_switch_feedback()
    assert set(feedback) == {t.id for t in TOGGLES}  # every switch has its time scale
    win, bridge = scripted_window(qtbot, speed=60.0)
    win.toggles.checkbox("high_fat_diet").click()
    bridge.advance(0.1)
    message = win.statusBar().currentMessage()
    assert message.startswith("High-fat diet on. Fatty acids") and "run 10 weeks" in message
    assert win.view.highlighted == set(feedback["high_fat_diet"].nodes)  # the diagram points there
    day = win.state.day
    qtbot.keyClick(win, Qt.Key_E, Qt.ControlModifier)  # Run ▸ See the last switch's effect
    assert ("run_ahead", 70.0) in bridge.requests
    assert win.state.day == pytest.approx(day + 70.0)
    win.close()


def test_a_broken_feedback_entry_is_named(tmp_path):
    from ui.content import ContentError
    from ui.switch_feedback import load_switch_feedback

    path = tmp_path / "switch_feedback.toml"
    path.write_text('[trt]\nstarts = "x"\nnodes = ["no_such_node"]\nrun_days = 7\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"\[trt\].*no_such_node"):
        load_switch_feedback({"trt"}, path)


def test_the_window_opens_at_its_remembered_size_fitted_to_the_screen():
    from ui.main_window import DEFAULT_SIZE, fitted_size

    assert fitted_size("", (1920, 1050)) == DEFAULT_SIZE
    assert fitted_size("", (1280, 690)) == (1280, 690)  # a 1280×720 projector: it fits
    assert fitted_size("1400x800", (1920, 1050)) == (1400, 800)
    assert fitted_size("12x9", (1920, 1050)) == (800, 560)  # never unusably small
    assert fitted_size("wide", (1024, 740)) == (1024, 740)


def test_closing_remembers_the_size(qtbot):
    from bridge import scripted_window

    from ui import settings
    from ui.main_window import SIZE_KEY

    win, _ = scripted_window(qtbot, size=(1100, 700))
    win.close()
    assert settings.get_str(SIZE_KEY, "") == "1100x700"
    settings.set_value(SIZE_KEY, "")


def test_the_clock_toolbar_keeps_the_controls_in_view(qtbot):
    from bridge import scripted_window

    win, bridge = scripted_window(qtbot, speed=60.0, size=(1024, 768))
    bar = win.clock_bar
    assert bar.isVisible() and bar.speed_label.text() == "1 h a second"
    bar.pause.trigger()
    assert win.state.paused and bar.pause.text() == "Resume" and win.toggles.is_paused()
    bar.faster.trigger()
    assert win.state.speed == 360.0 and bar.speed_label.text() == "6 h a second"
    day = win.state.day
    next(a for a in bar.actions() if a.text() == "Step one day").trigger()
    assert win.state.day == pytest.approx(day + 1.0)
    win.toggles.checkbox("trt").click()
    bar.reset.trigger()
    assert ("reset",) in bridge.requests and not win.state.switches["trt"]
    win.close()


def test_f6_moves_the_focus_from_pane_to_pane_and_panels_can_be_hidden(qtbot):
    from bridge import scripted_window

    win, _ = scripted_window(qtbot)
    win.view.setFocus()
    qtbot.keyClick(win, Qt.Key_F6)
    assert win.toggles.isAncestorOf(win.focusWidget()) or win.focusWidget() is win.toggles
    qtbot.keyClick(win, Qt.Key_F6)
    assert win.focusWidget() is win.info.browser()
    qtbot.keyClick(win, Qt.Key_F6, Qt.ShiftModifier)
    assert win.toggles.isAncestorOf(win.focusWidget()) or win.focusWidget() is win.toggles
    panels = next(a.menu() for a in win.view_menu.actions() if a.text() == "Panels")
    plots = next(a for a in panels.actions() if a.text() == win.plot_dock.windowTitle())
    plots.trigger()
    assert not win.plot_dock.isVisible()
    plots.trigger()
    assert win.plot_dock.isVisible()
    win.close()


def test_tab_leaves_the_diagram_for_every_control_and_shift_tab_comes_back(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.lessons.start("insulin_relay")  # its buttons join the chain while it runs
    window.view.select_node("akt")  # the explanation then holds links to other nodes
    window.activateWindow()
    window.view.setFocus(Qt.OtherFocusReason)
    qtbot.waitUntil(window.view.hasFocus)

    def walk(forward: bool) -> list:
        stops, key = [], Qt.Key_Tab if forward else Qt.Key_Backtab
        for _ in range(400):
            qtbot.keyClick(QApplication.focusWidget(), key)
            stops.append(QApplication.focusWidget())
            if len(stops) > 1 and stops[-1] is window.view and stops[-2] is not window.view:
                return stops  # round the whole window and back into the diagram
        raise AssertionError("Tab never came back to the diagram")

    forward = walk(True)
    order = window.view.visible_nodes_in_reading_order()
    assert forward[:len(order)] == [window.view] * len(order)  # first the nodes…
    assert forward[len(order)].accessibleName() == "Subject"  # …then the switch panel
    reached = set(forward)
    expected = [window.toggles.checkbox(t.id) for t in TOGGLES if window.toggles.checkbox(t.id).isEnabled()]
    lesson = window.lessons.panel
    expected += [window.info.browser(), lesson.next_button(), lesson.close_button(), window.trend.chooser,
                 *window.clock_bar.buttons]
    assert all(widget in reached for widget in expected), [w.accessibleName() for w in expected
                                                            if w not in reached]
    assert window.info.browser() in forward and forward.count(window.info.browser()) > 1  # its links
    assert window.view.focused_node == order[0]  # entering by Tab: the first node
    assert forward[-2] is window.clock_bar.buttons[-1]  # the toolbar sits just before the diagram
    backward = walk(False)  # from the first node: out to the toolbar, round the window, in at the end
    assert backward[0] is window.clock_bar.buttons[-1] and backward[-2].accessibleName() == "Subject"
    assert window.view.focused_node == order[-1]  # entering by Shift+Tab: the last node
    assert set(backward) == reached


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_a_small_window_keeps_labels_readable_and_a_steps_nodes_in_view(qtbot, size):
    from widgets.pathway_items import LABEL_PIXELS
    from widgets.pathway_view import READABLE_LABEL_PX

    win, _ = scripted_window(qtbot, speed=60.0, size=size)
    view = win.view
    assert LABEL_PIXELS * view.transform().m11() >= READABLE_LABEL_PX - 0.01  # not fitted to 6 px
    assert view.nodes_in_view(["irs1"])  # around the pathway's hub, the rest a scroll away
    win.lessons.start("testosterone_therapy")
    win.lessons.next()  # four nodes from the hormones to IRS-1
    qtbot.waitUntil(lambda: view.nodes_in_view(view.highlighted))
    win.classroom.reset_zoom()  # Ctrl+0: the whole diagram, however small
    rect = view.mapFromScene(view.sceneRect()).boundingRect()  # (the scene's margin is ~20 px)
    assert view.viewport().rect().adjusted(-10, -10, 10, 10).contains(rect)
    assert LABEL_PIXELS * view.transform().m11() < READABLE_LABEL_PX
    win.close()
