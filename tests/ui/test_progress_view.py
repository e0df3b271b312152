"""Trend plots map values to pixels exactly, shade the good band, and cope with 0 or 1 take."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QToolTip

from speakprep import palette
from speakprep.core.units import clock_text
from speakprep.ui.pages.progress import NO_TAKES, ONE_TAKE, ProgressView
from speakprep.ui.widgets.trend_plot import TrendPlot, TrendPoint
from tests.ui.fake_library import sample_real_library

NOW = datetime(2026, 11, 22, 10, 5)
DAY = timedelta(days=1)


@pytest.fixture
def library(tmp_path: Path):
    lib = sample_real_library(tmp_path / "data", NOW)
    yield lib
    lib.close()


def plot(qtbot, values, *, width: int = 446, height: int = 240, **kwargs) -> TrendPlot:
    w = TrendPlot("Pace", **kwargs)
    qtbot.addWidget(w)
    w.resize(width, height)
    # Given newest first: the plot puts them in time order itself.
    w.set_points([TrendPoint(NOW - DAY * (len(values) - i), v) for i, v in enumerate(values)][::-1])
    return w


def pixel(image: QImage, x: float, y: float) -> QColor:
    dpr = image.devicePixelRatio()
    return image.pixelColor(int(x * dpr), int(y * dpr))


def test_values_map_linearly_to_the_plot(qtbot) -> None:
    w = plot(qtbot, [150.0, 170.0, 130.0, 140.0])
    w.set_value_range(low=100.0, high=200.0)
    rect = w.plot_rect()
    assert rect.left() == TrendPlot.MARGIN_LEFT_PX
    assert rect.width() == pytest.approx(446 - 46 - 16)
    assert w.y_range() == (100.0, 200.0)
    assert w.value_to_y(100.0) == pytest.approx(rect.bottom())
    assert w.value_to_y(200.0) == pytest.approx(rect.top())
    assert w.value_to_y(150.0) == pytest.approx(rect.center().y())
    assert w.value_to_y(125.0) == pytest.approx(rect.bottom() - 0.25 * rect.height())
    assert [p.value for p in w.points()] == [150.0, 170.0, 130.0, 140.0]  # oldest first
    for i, p in enumerate(w.points()):
        assert w.point_pos(i).y() == pytest.approx(w.value_to_y(p.value))
    # Takes are spaced evenly, first and last inset from the axes.
    xs = [w.point_pos(i).x() for i in range(4)]
    assert xs[0] == pytest.approx(rect.left() + TrendPlot.INSET_PX)
    assert xs[-1] == pytest.approx(rect.right() - TrendPlot.INSET_PX)
    steps = [b - a for a, b in itertools.pairwise(xs)]
    assert steps == pytest.approx([steps[0]] * 3)


def test_the_axis_fits_points_band_and_reference(qtbot) -> None:
    w = plot(qtbot, [150.0, 170.0, 130.0])
    w.set_band(120.0, 165.0, "good")
    low, high = w.y_range()
    assert low <= 120.0 and high >= 170.0
    assert w.ticks()[0] >= low and w.ticks()[-1] <= high
    assert 3 <= len(w.ticks()) <= 7
    clock = plot(qtbot, [113.0, 74.0], value_format=clock_text)
    clock.set_value_range(low=0.0)
    clock.set_reference(90.0, "90 s target")
    assert clock.y_range()[0] == 0.0
    assert clock.y_range()[1] >= 113.0


def test_the_band_is_drawn_where_it_maps(qtbot) -> None:
    w = plot(qtbot, [150.0, 170.0, 130.0, 140.0])
    w.set_value_range(low=100.0, high=200.0)
    w.set_band(120.0, 165.0, "")
    band = w.band_rect()
    assert band.top() == pytest.approx(w.value_to_y(165.0))
    assert band.bottom() == pytest.approx(w.value_to_y(120.0))
    assert band.left() == w.plot_rect().left() and band.right() == w.plot_rect().right()
    w.show()
    image = w.grab().toImage()
    x = w.plot_rect().left() + 3.0  # left of the first point, clear of the line
    inside = pixel(image, x, w.value_to_y(142.5) + 0.5)
    outside = pixel(image, x, w.value_to_y(185.0) + 0.5)
    good = QColor(palette.STATUS_COLORS["pass"])
    assert inside != outside
    # The band is a light wash of the "good" green: greener than the background.
    assert inside.green() - inside.red() > outside.green() - outside.red()
    assert good.green() > good.red()
    # An open band runs to the axis end.
    w.set_band(160.0, None)
    assert w.band_rect().top() == pytest.approx(w.plot_rect().top())
    assert w.band_rect().bottom() == pytest.approx(w.value_to_y(160.0))


def test_tooltips_name_the_take_and_value(qtbot) -> None:
    w = plot(qtbot, [113.0, 74.0], value_format=clock_text)
    pos = w.point_pos(1)
    text = w.tooltip_at(pos.x() + 2, pos.y() - 2)
    assert text.startswith("Sat 21 Nov 2026")
    assert text.endswith("Pace: 1:14")
    assert w.tooltip_at(pos.x() + 40, pos.y() + 40) == ""


def test_a_tooltip_request_on_a_point_shows_its_text_and_elsewhere_passes_on(qtbot) -> None:
    w = plot(qtbot, [113.0, 74.0], value_format=clock_text)
    w.show()
    qtbot.waitExposed(w)
    point = w.point_pos(1)
    for pos, shown in ((QPoint(round(point.x()), round(point.y())), True), (QPoint(2, 2), False)):
        event = QHelpEvent(QEvent.Type.ToolTip, pos, w.mapToGlobal(pos))
        assert w.event(event)
        # No text: hidden, and ignored so that Qt offers the request to the parent.
        assert event.isAccepted() == shown
        if shown:
            qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
            assert QToolTip.text().endswith("Pace: 1:14")
        else:
            qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_a_single_point_sits_in_the_middle(qtbot) -> None:
    w = plot(qtbot, [142.0])
    assert w.point_pos(0).x() == pytest.approx(w.plot_rect().center().x())
    w.show()
    w.grab()  # paints without error


def test_no_points_paints_the_empty_text(qtbot) -> None:
    w = plot(qtbot, [])
    w.show()
    assert not w.grab().toImage().isNull()
    assert w.points() == []


def series(qtbot, library, question_id="career_goals", limit=None) -> ProgressView:
    view = ProgressView(now=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1040, 760)
    view.show()
    takes = library.takes(question_id=question_id)[:limit] if library else []
    text = takes[0].question_text if takes else "What are your short-term career goals?"
    view.set_series(text, takes, 90.0, pace_band=(120.0, 165.0), filler_good_max=3.0)
    return view


def test_the_four_plots_follow_the_takes_in_time_order(qtbot, library) -> None:
    view = series(qtbot, library)
    takes = list(reversed(library.takes(question_id="career_goals")))
    assert [t.id for t in view.takes()] == [t.id for t in takes]
    assert [p.value for p in view.time_plot.points()] == [t.speaking_s for t in takes]
    assert [p.value for p in view.pace_plot.points()] == [t.wpm for t in takes]
    assert [p.value for p in view.filler_plot.points()] == [t.fillers_per_minute for t in takes]
    assert [p.value for p in view.checks_plot.points()] == [t.checks_passed for t in takes]
    # Each point is coloured by its band: too long first, on target last.
    assert view.time_plot.points()[0].status == "fail"
    assert view.time_plot.points()[-1].status == "pass"
    assert view.subtitle.text() == "Progress · 6 takes, 9 Nov to today · changes since take 1"
    card = view.cards["time"]
    assert card.value.text() == "1:15"
    assert card.change.text() == "▼ 0:39"
    assert palette.STATUS_COLORS["pass"].lower() in card.change.styleSheet().lower()
    assert not view.hint.isVisibleTo(view)


def test_pitfalls_found_are_plotted_against_none(qtbot, library) -> None:
    # History and Compare count pitfalls beside the checks met; Progress had no trend of
    # them (and an empty sixth place in its grid).
    view = series(qtbot, library)
    takes = view.takes()
    points = view.pitfall_plot.points()
    assert [p.value for p in points] == [t.pitfalls_found for t in takes]
    assert [p.status for p in points] == ["fail" if t.pitfalls_found else "pass" for t in takes]
    assert points[0].value >= 1 and points[-1].value == 0
    card = view.cards["pitfalls"]
    assert card.value.text() == "0"
    assert card.change.text() == f"▼ {points[0].value:.0f}"
    assert palette.STATUS_COLORS["pass"].lower() in card.change.styleSheet().lower()


def test_bands_come_from_the_arguments(qtbot, library) -> None:
    view = series(qtbot, library)
    pace = view.pace_plot
    assert pace.band_rect().top() == pytest.approx(pace.value_to_y(165.0))
    assert pace.band_rect().bottom() == pytest.approx(pace.value_to_y(120.0))
    fillers = view.filler_plot
    assert fillers.y_range()[0] == 0.0
    assert fillers.band_rect().top() == pytest.approx(fillers.value_to_y(3.0))
    assert fillers.band_rect().bottom() == pytest.approx(fillers.plot_rect().bottom())
    time = view.time_plot
    assert time.band_rect().top() == pytest.approx(time.value_to_y(90.0))
    assert time.band_rect().bottom() == pytest.approx(time.value_to_y(30.0))
    # A user's own 60 s target moves the band.
    takes = library.takes(question_id="career_goals")
    view.set_series("What are your career goals?", takes, 60.0)
    assert time.band_rect().top() == pytest.approx(time.value_to_y(60.0))


def test_one_take_shows_a_single_point_and_a_hint(qtbot, library) -> None:
    view = series(qtbot, library, "five_years", limit=1)
    assert view.pages.currentIndex() == 0
    assert view.hint.isVisibleTo(view) and view.hint.text() == ONE_TAKE
    for plot_widget in (view.time_plot, view.pace_plot, view.filler_plot, view.checks_plot):
        assert len(plot_widget.points()) == 1
        assert plot_widget.point_pos(0).x() == pytest.approx(plot_widget.plot_rect().center().x())
    assert view.cards["pace"].change.text() == "first take"
    view.grab()


def test_no_takes_shows_a_message(qtbot) -> None:
    view = series(qtbot, None)
    assert view.pages.currentIndex() == 1
    assert view.message.text() == NO_TAKES
    assert view.time_plot.points() == []
    assert view.subtitle.text() == "Progress · no takes yet"
    view.grab()


@pytest.mark.parametrize(("width", "height"), [(260, 200), (280, 180), (446, 240)])
def test_the_target_and_band_names_are_written_clear_of_the_points(
    qtbot, width: int, height: int
) -> None:
    """Found as a new user: takes of 0:33, 0:28 and 0:32 against a 0:30 target took every
    corner by the target line (a progress card at 1040x800), and "0:30 target" was written
    over the first take's point."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QFontMetricsF

    from speakprep.ui import theme
    from speakprep.ui.pages.progress import TIME_STEPS
    from speakprep.ui.paint.trend import POINT_RADIUS_PX, REFERENCE_GAP_PX, label_boxes

    w = plot(
        qtbot,
        [33.0, 28.0, 32.0],
        width=width,
        height=height,
        value_format=clock_text,
        tick_steps=TIME_STEPS,
    )
    w.set_band(15.0, 30.0, "on target")
    w.set_reference(30.0, "0:30 target")
    boxes = label_boxes(w.scene(), QFontMetricsF(theme.caption_font(w.font())))
    assert [text for text, _, _ in boxes] == ["on target", "0:30 target"]
    r = POINT_RADIUS_PX
    for i in range(3):
        pos = w.point_pos(i)
        dot = QRectF(pos - QPointF(r, r), pos + QPointF(r, r))
        for text, box, _ in boxes:
            assert not box.intersects(dot), (text, i)
    assert not boxes[0][1].intersects(boxes[1][1])
    # The target's name stays by its line: its box is a small gap from the line's height.
    line_y = w.value_to_y(30.0)
    target_box = boxes[1][1]
    near = REFERENCE_GAP_PX + 1.0
    assert target_box.top() - near <= line_y <= target_box.bottom() + near


@pytest.mark.parametrize(("width", "height"), [(1040, 760), (760, 620)])
def test_the_pitfalls_none_is_written_clear_of_the_zero_axis(
    qtbot, library, width: int, height: int
) -> None:
    """Found as a new user: the pitfalls chart's "none" sat on the 0 axis, its backing
    over the dashed line. It stays in the plot, a few pixels above the axis, off the dates."""
    from PySide6.QtGui import QFontMetricsF

    from speakprep.ui import theme
    from speakprep.ui.paint.trend import label_boxes

    view = series(qtbot, library)
    view.resize(width, height)
    w = view.pitfall_plot
    ((text, box, _),) = label_boxes(w.scene(), QFontMetricsF(theme.caption_font(w.font())))
    axis_y = w.value_to_y(0.0)
    assert text == "none" and axis_y == pytest.approx(w.plot_rect().bottom())
    assert axis_y - 6.0 <= box.bottom() <= axis_y - 2.0, (box, axis_y)
    assert w.plot_rect().contains(box)
