"""The trend plot: one value a day (daily mean, fasting value, last value), normal bands, picking."""

from __future__ import annotations

import numpy as np
import pytest

from model.outputs import OUTPUT_INDEX, OUTPUT_NAMES
from ui.content import ContentError
from ui.trend import load_trend_quantities
from widgets.daily_values import DailyValues
from widgets.trend_panel import MAX_SHOWN, TrendPanel

GLUCOSE = OUTPUT_INDEX["plasma_glucose"]


def rows_for(days: float, step_minutes: float = 30.0) -> np.ndarray:
    """Rows every step, glucose 5 + sin over each day (so its daily mean is 5), HOMA-IR = the day."""
    t = np.arange(0.0, days * 1440.0 + 0.5, step_minutes) / 1440.0
    rows = np.zeros((t.size, len(OUTPUT_NAMES)))
    rows[:, 0] = t
    rows[:, GLUCOSE] = 5.0 + np.sin(2 * np.pi * t)
    rows[:, OUTPUT_INDEX["homa_ir"]] = np.floor(t)
    return rows


def test_daily_values_are_the_mean_the_fasting_value_and_the_last_value():
    values = DailyValues(fasting_hour=6.5)
    rows = rows_for(3.0)
    for chunk in np.array_split(rows, 7):  # however the rows arrive
        values.append(chunk)
    assert len(values) == 3
    x, mean = values.series("mean", GLUCOSE)
    np.testing.assert_allclose(x, [0.0, 0.5, 1.5, 2.5])
    np.testing.assert_allclose(mean, 5.0, atol=1e-9)
    x, fasting = values.series("fasting", GLUCOSE)
    np.testing.assert_allclose(x[1:] % 1.0, 6.5 / 24.0)
    np.testing.assert_allclose(fasting[1:], 5.0 + np.sin(2 * np.pi * 6.5 / 24.0))
    x, last = values.series("last", OUTPUT_INDEX["homa_ir"])
    np.testing.assert_allclose(x, [0.0, 1.0, 2.0, 3.0])  # the midnight row closes the day before
    np.testing.assert_allclose(last, [0.0, 1.0, 2.0, 3.0])


def test_a_day_sampled_unevenly_is_weighted_by_time():
    values = DailyValues()
    rows = np.zeros((4, len(OUTPUT_NAMES)))
    rows[:, 0] = [0.0, 0.25, 0.5, 1.0]
    rows[:, GLUCOSE] = [0.0, 4.0, 4.0, 8.0]  # 4 for half a day, then 8 for half a day
    values.append(rows)
    assert values.series("mean", GLUCOSE)[1][1] == pytest.approx(6.0)


def test_a_frozen_copy_no_longer_changes():
    values = DailyValues()
    values.append(rows_for(2.0))
    frozen = values.frozen()
    values.append(rows_for(4.0)[97:])
    assert len(frozen) == 2 and len(values) == 4


def test_the_file_names_every_output_column_and_a_source_for_every_band():
    quantities, default = load_trend_quantities()
    assert default == ("insulin_sensitivity", "homa_ir")
    assert {OUTPUT_NAMES[q.column] for q in quantities.values()} == set(OUTPUT_NAMES[1:])
    banded = {qid for qid, q in quantities.items() if q.has_normal_range}
    assert {"insulin_sensitivity", "homa_ir", "fasting_glucose", "hba1c"} <= banded
    assert all(quantities[q].normal_source for q in banded)
    clamp = quantities["insulin_sensitivity"]
    assert (clamp.normal_low, clamp.normal_high) == (4.7, 8.7)  # Tam et al. 2012
    fasting = quantities["fasting_glucose"]
    assert fasting.normal_high == 5.6 and fasting.daily == "fasting"


def test_a_broken_trend_file_names_the_entry(tmp_path):
    path = tmp_path / "trend.toml"
    path.write_text('[quantities.x]\ncolumn = "no_such"\nlabel = "X"\n', encoding="utf-8")
    with pytest.raises(ContentError, match=r"quantities\.x.*no_such"):
        load_trend_quantities(path)
    path.write_text('[quantities.x]\ncolumn = "ffa"\nlabel = "X"\nnormal_low = 1.0\n', encoding="utf-8")
    with pytest.raises(ContentError, match="normal_source"):
        load_trend_quantities(path)


@pytest.fixture
def trend(qtbot):
    quantities, default = load_trend_quantities()
    panel = TrendPanel(quantities, default)
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    return panel


def test_normal_ranges_are_bands_with_a_legend_entry(trend):
    trend.append_rows(rows_for(10.0))
    trend.flush()
    assert trend.band("insulin_sensitivity") == (4.7, 8.7)
    assert trend.legend_names()[:2] == ["normal range", "this run"]
    lo, hi = trend.y_range("insulin_sensitivity")
    assert lo == 0.0 and hi > 8.7  # the whole band is in view even when the data sit low
    assert trend.x_range()[0] == 0.0 and trend.x_range()[1] >= 10.0  # the whole run


def test_picking_quantities_stacks_plots_and_drops_the_oldest_beyond_the_limit(trend, qtbot):
    picked, shown = [], []
    trend.picked.connect(picked.append)
    trend.shown_changed.connect(shown.append)
    for qid in ("fasting_glucose", "il1b", "visceral_fat"):
        trend.menu.actions()[list(trend.quantities()).index(qid)].trigger()
    assert len(trend.shown()) == MAX_SHOWN
    assert trend.shown() == ("homa_ir", "fasting_glucose", "il1b", "visceral_fat")
    assert picked[-1] == shown[-1] == trend.shown()
    trend.set_shown(["homa_ir"])  # set by a lesson, say: shown, but not a user's pick to remember
    assert shown[-1] == ("homa_ir",) and picked[-1] != ("homa_ir",)
    trend.set_shown(["homa_ir", "fasting_glucose", "il1b", "visceral_fat"])
    trend.append_rows(rows_for(3.0))
    trend.flush()
    x, y = trend.line_data("fasting_glucose")
    np.testing.assert_allclose(y[1:], 5.0 + np.sin(2 * np.pi * 6.5 / 24.0))
    only = trend.shown()[0]
    for qid in trend.shown()[1:]:
        trend.menu.actions()[list(trend.quantities()).index(qid)].trigger()  # untick
    assert trend.shown() == (only,)
    trend.menu.actions()[list(trend.quantities()).index(only)].trigger()  # the last one stays
    assert trend.shown() == (only,)
    with pytest.raises(KeyError):
        trend.set_shown(["no_such_quantity"])


def test_a_reset_clears_the_live_run_but_not_the_pins(trend):
    trend.append_rows(rows_for(5.0))
    assert trend.pin("first") == "first"
    trend.clear()
    trend.flush()
    assert trend.line_data("homa_ir")[0].size == 0
    assert trend.line_data("homa_ir", "first")[0].size == 6
    with pytest.raises(ValueError):
        trend.pin("nothing yet")


def test_the_side_by_side_run_has_its_own_curve_and_legend_entry(trend):
    trend.set_companion("no therapy")
    trend.append_rows(rows_for(4.0))
    companion = rows_for(4.0)
    companion[:, OUTPUT_INDEX["homa_ir"]] *= 2.0
    trend.append_companion_rows(companion)
    trend.flush()
    assert "side by side: no therapy" in trend.legend_names()
    live, beside = trend.line_data("homa_ir")[1], trend.line_data("homa_ir", "companion")[1]
    np.testing.assert_allclose(beside, 2.0 * live)
    trend.set_companion(None)
    assert "side by side: no therapy" not in trend.legend_names()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_four_stacked_trend_plots_keep_their_y_labels_apart(qtbot, scale):
    import pyqtgraph as pg
    from test_plot_panel import assert_labels_fit

    from widgets.axes import ReadableAxis

    quantities, _default = load_trend_quantities()
    panel = TrendPanel(quantities, ["insulin_sensitivity", "homa_ir", "plasma_glucose", "visceral_fat"])
    qtbot.addWidget(panel)
    panel.set_font_scale(scale)
    panel.resize(panel.minimumSizeHint())  # the shortest the dock allows: four plots of ~120 px
    with qtbot.waitExposed(panel):
        panel.show()
    panel.append_rows(rows_for(30.0))
    panel.flush()
    scene = panel.findChild(pg.GraphicsView).scene()
    axes = [item for item in scene.items() if isinstance(item, ReadableAxis) and item.orientation == "left"]
    assert len(axes) == 4
    for axis in axes:
        assert_labels_fit(axis)
