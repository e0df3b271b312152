"""Progress and Compare say changes sensibly: a range of days, takes by number and time, "no
change" instead of "▲ 0:00", colour only for changes beyond a meaningful threshold, and a
score trend."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import datetime, timedelta

from speakprep import palette
from speakprep.core.settings import load_settings
from speakprep.render.dates import take_labels
from speakprep.ui.pages.progress import ProgressView
from speakprep.ui.pages.take_changes import (
    FORMATS,
    describe_change,
    figure_changes,
    toward_band,
)
from tests.reports import timed_report
from tests.ui.fake_library import take_from_report

NOW = datetime(2026, 12, 6, 18, 0)


def _takes(*offsets_h: float, words_per_s: float = 2.5):
    report = timed_report(words_per_s=words_per_s)
    return [
        take_from_report(i + 1, report, created_at=NOW - timedelta(hours=h))
        for i, h in enumerate(offsets_h)
    ]


def test_same_day_takes_read_as_today_and_by_number(qtbot) -> None:
    view = ProgressView(now=lambda: NOW)
    qtbot.addWidget(view)
    takes = _takes(3, 2, 1)
    view.set_series(takes[0].question_text, takes, 90.0)
    assert view.subtitle.text() == "Progress · 3 takes today · changes since take 1"
    assert take_labels([t.created_at for t in view.takes()]) == [
        "Take 1 · 15:00",
        "Take 2 · 16:00",
        "Take 3 · 17:00",
    ]
    # Equal figures: "no change", in grey.
    card = view.cards["time"]
    assert card.change.text() == "no change"
    assert palette.LIGHT["text.muted"].lower() in card.change.styleSheet().lower()
    # The score has its own trend, one point per take, judged by the verdict bands.
    assert [p.value for p in view.score_plot.points()] == [float(t.score) for t in takes]
    assert view.cards["score"].value.text() == str(takes[-1].score)


def test_takes_on_several_days_show_the_day_and_time_when_needed() -> None:
    days = [NOW - timedelta(days=2), NOW - timedelta(days=1, hours=2), NOW - timedelta(days=1)]
    assert take_labels(days) == [
        "Take 1 · 4 Dec 18:00",
        "Take 2 · 5 Dec 16:00",
        "Take 3 · 5 Dec 18:00",
    ]
    assert take_labels(days[::2]) == ["Take 1 · 4 Dec", "Take 2 · 5 Dec"]


def test_only_meaningful_changes_are_coloured() -> None:
    changes = load_settings().changes
    pace = toward_band(120.0, 165.0)
    fmt = lambda v: f"{v:.0f} wpm"  # noqa: E731
    # 2 wpm toward the band: an arrow, but not "better".
    assert describe_change(100.0, 102.0, fmt, pace, changes, "wpm") == ("▲ 2 wpm", "same")
    assert describe_change(100.0, 125.0, fmt, pace, changes, "wpm") == ("▲ 25 wpm", "better")
    # Under half a unit in its own format: no arrow at all.
    clock = lambda v: f"{int(v) // 60}:{int(v) % 60:02d}"  # noqa: E731
    assert describe_change(60.0, 60.4, clock, pace, changes, "speaking_s") == (
        "no change",
        "same",
    )


def test_compare_calls_a_small_drift_the_same() -> None:
    a = timed_report(words_per_s=2.5)
    b = timed_report(words_per_s=2.53)  # about 2 wpm faster
    rows = {c.key: c for c in figure_changes(a, b, load_settings())}
    assert rows["pace"].direction == "same" and rows["pace"].change.startswith("▲")
    assert rows["score"].change == "no change"
    same = dataclasses.replace(b)
    assert {c.direction for c in figure_changes(same, same, load_settings())} <= {"same", None}


def test_every_take_has_its_date_in_a_760_px_window(qtbot) -> None:
    """Found at the window's minimum width: three takes of one day, and each chart wrote
    "Take 1 · 15:00" and "Take 3 · 17:00" but no date at all under the middle take. The
    dates break after the take number when one line each does not fit."""
    from PySide6.QtGui import QFontMetricsF

    from speakprep.ui import theme
    from speakprep.ui.main_window import MainWindow
    from speakprep.ui.paint.trend import date_boxes

    window = MainWindow()
    qtbot.addWidget(window)
    window.add_page(window.progress)
    window.resize(760, 620)
    window.show()
    window.show_page(window.progress, "Progress")
    takes = _takes(3, 2, 1)
    window.progress.set_series(takes[0].question_text, takes, 90.0)
    qtbot.waitExposed(window)
    for plot in (window.progress.time_plot, window.progress.score_plot):
        assert plot.width() < 260  # three charts side by side
        fm = QFontMetricsF(theme.caption_font(plot.font()))
        scene = plot.scene()
        boxes = date_boxes(scene, fm, plot.width())
        assert [i for i, _box in boxes] == [0, 1, 2]
        assert list(scene.dates) == ["Take 1\n15:00", "Take 2\n16:00", "Take 3\n17:00"]
        for (_i, a), (_j, b) in itertools.pairwise(boxes):
            assert a.right() <= b.left() + 0.5  # side by side, not over each other
        assert boxes[0][1].left() >= 0 and boxes[-1][1].right() <= plot.width()
        assert all(box.bottom() <= plot.height() for _i, box in boxes)  # not cut off
    assert _dates_at(qtbot, 446, takes) == ["Take 1 · 15:00", "Take 2 · 16:00", "Take 3 · 17:00"]


def _dates_at(qtbot, width: int, takes) -> list[str]:
    """The dates under a chart ``width`` px wide (a wide one keeps one line each)."""
    from speakprep.ui.widgets.trend_plot import TrendPlot, TrendPoint

    plot = TrendPlot("Score")
    qtbot.addWidget(plot)
    plot.resize(width, 240)
    plot.set_points([TrendPoint(t.created_at, float(t.score)) for t in takes])
    return plot.date_labels()


def test_each_figure_is_rounded_and_written_by_one_table(qtbot) -> None:
    """Found in review: a figure's rounding (for the change) and its format (for the
    figure) were written apart, in Compare's table, its rounding table and Progress's
    cards; one edited alone would show "0:21 -> 0:19, ▼ 0:01" again. One table holds both:
    each figure's text is that of its rounded value, and Compare and Progress write it."""
    for name, fmt in FORMATS.items():
        for v in (0.0, 0.04, 0.05, 0.449, 0.5, 1.5, 2.45, 20.6, 19.4, 59.5, 127.49):
            assert fmt.text(fmt.shown(v)) == fmt.text(v), (name, v)
    report = timed_report()
    other = timed_report(words_per_s=1.7)
    rows = {c.key: c for c in figure_changes(report, other, load_settings())}
    for key, figure in (
        ("speaking", "speaking_s"),
        ("pace", "wpm"),
        ("fillers", "fillers_per_minute"),
    ):
        value = getattr(other.delivery, figure)
        assert rows[key].after == FORMATS[figure].text(value)
    view = ProgressView(now=lambda: NOW)
    qtbot.addWidget(view)
    takes = _takes(2, 1, words_per_s=1.7)
    view.set_series(takes[0].question_text, takes, 90.0)
    for key, figure in (("time", "speaking_s"), ("pace", "wpm"), ("fillers", "fillers_per_minute")):
        value = getattr(takes[-1], figure)
        assert view.cards[key].value.text() == FORMATS[figure].text(value)
