"""An 89.6 s take reads 1:30 everywhere: every screen and every export rounds one way."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from speakprep.core.models import Report
from speakprep.core.settings import load_settings
from speakprep.core.units import clock_text, whole_seconds
from speakprep.render.export import export_html, export_markdown
from speakprep.render.svg import timeline_svg
from speakprep.render.text import render_report
from speakprep.ui.controllers.questions import recent_line
from speakprep.ui.pages.compare import CompareView
from speakprep.ui.pages.history import HistoryView
from speakprep.ui.pages.history_model import COLUMNS
from speakprep.ui.pages.progress import ProgressView
from speakprep.ui.pages.take_changes import figure_changes
from speakprep.ui.widgets.scorecard import ScorecardWidget
from speakprep.ui.widgets.timeline import TimelineWidget
from tests.reports import timed_report
from tests.ui.fake_library import take_from_report

SPOKEN_S = 89.6


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0, "0:00"), (0.49, "0:00"), (0.5, "0:01"), (59.5, "1:00"), (89.4, "1:29"),
     (89.5, "1:30"), (89.6, "1:30"), (600.0, "10:00"), (-3.0, "0:00"), (None, "-:--")],
)  # fmt: skip
def test_one_rounding_rule(seconds: float | None, text: str) -> None:
    assert clock_text(seconds) == text


def test_whole_seconds_rounds_halves_up_not_to_even() -> None:
    # Python's round() sends 0.5 and 2.5 to the even neighbour; a clock must not.
    assert [whole_seconds(s) for s in (0.5, 1.5, 2.5, 3.5)] == [1, 2, 3, 4]


def _report() -> Report:
    report = timed_report()
    assert report.delivery is not None
    delivery = replace(report.delivery, speaking_s=SPOKEN_S, recording_s=SPOKEN_S + 2.0)
    return replace(report, delivery=delivery)


def test_89_6_seconds_reads_1_30_in_every_export() -> None:
    report = _report()
    take = take_from_report(1, report, created_at=datetime(2026, 11, 22, 9, 41).astimezone())
    assert "Speaking time  1:30 of 1:30 target" in render_report(report)
    assert "1:30 of 1:30 target" in export_markdown(take, report)
    html = export_html(take, report)
    assert "1:30 of 1:30 target" in html
    assert "1:29" not in html
    svg = timeline_svg(report)
    assert svg is not None and ">1:30 target<" in svg


def test_89_6_seconds_reads_1_30_on_every_screen(qtbot) -> None:
    report = _report()
    when = datetime(2026, 11, 22, 9, 41).astimezone()
    take = take_from_report(1, report, created_at=when)
    earlier = take_from_report(2, timed_report(), created_at=when.replace(day=20))
    settings = load_settings()

    scorecard = ScorecardWidget(settings=settings)
    qtbot.addWidget(scorecard)
    scorecard.set_report(report)
    assert scorecard.time_tile.value.text() == "1:30"

    history = HistoryView()
    qtbot.addWidget(history)
    history.model.set_settings(settings)
    history.model.set_takes([take])
    index = history.model.index(0, COLUMNS.index("speaking"))
    assert history.model.data(index, Qt.ItemDataRole.DisplayRole) == "1:30"

    assert "1:30 spoken" in recent_line(take)
    # dated as History dates it: "Today 09:41" there, never "22 Nov, 09:41" here
    same_day = when.replace(hour=18)
    assert recent_line(take, now=same_day).startswith("Today 09:41")

    (speaking,) = [f for f in figure_changes(report, report, settings) if f.key == "speaking"]
    assert speaking.after == "1:30"

    compare = CompareView()
    qtbot.addWidget(compare)
    compare.set_settings(settings)
    compare.set_takes(earlier, timed_report(), take, report)
    assert compare.summary_b.text().startswith("1:30 spoken")

    progress = ProgressView()
    qtbot.addWidget(progress)
    progress.set_series(take.question_text, [earlier, take], settings.speaking_time.target_s)
    assert progress.cards["time"].value.text() == "1:30"

    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.set_report(report)
    assert re.search(r"Spoke 89\.6 s of a 90 s target", timeline.accessibleDescription())
