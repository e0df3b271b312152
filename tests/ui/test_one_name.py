"""One name for one thing: each goal of the answer is called what its rubric check is called,
on the practice screen, in the coaching, the timeline and the exports."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from speakprep import palette
from speakprep.core.coaching_text import default_coaching
from speakprep.core.models import FillerItem
from speakprep.core.rubric import load_rubric
from speakprep.render import coaching as render_coaching
from speakprep.render.export import export_html
from speakprep.ui.paint import axis as paint_axis
from speakprep.ui.widgets.legend import LegendWidget
from speakprep.ui.widgets.talking_points import TalkingPointsPanel
from speakprep.ui.widgets.timeline import TimelineWidget
from tests.reports import timed_report

GOALS = {"short_term": "short_term_goal", "long_term": "long_term_goal"}


def test_the_goals_are_named_as_their_checks_everywhere(qtbot) -> None:
    """Found as a new user: the practice screen listed "Short-term goal" under "Interviewers
    listen for" and "Near-term goal" in the talking points right above it; the coach said
    "Open with a near-term goal" over a check titled "Short-term goal"."""
    titles = {spec.id: spec.title for spec in load_rubric().checks}
    panel = TalkingPointsPanel()
    qtbot.addWidget(panel)
    for kind, check in GOALS.items():
        name = titles[check]
        assert panel.fields[kind].accessibleName() == name
        assert palette.LABEL_NAMES[kind] == name
        assert render_coaching.POINT_NAMES[kind] == name
    said = [
        text
        for step in default_coaching().steps.values()
        for text in (*step.titles, *step.texts, step.part)
    ]
    assert any("short-term goal" in text for text in said)
    assert not any("near-term" in text.lower() for text in said)
    advice = [x for spec in load_rubric().checks for x in (spec.advice_ok, spec.advice_not_ok)]
    assert not any("near-term" in text.lower() for text in advice)


def test_the_timeline_legend_says_what_the_tiles_and_checks_say(qtbot) -> None:
    """The legend's teal mark read "Ties to the employer" beside the check "Tied to the
    employer", and its pace strip "comfortable band" beside tiles saying "Good: 120-165 wpm"."""
    titles = {spec.id: spec.title for spec in load_rubric().checks}
    legend = LegendWidget()
    qtbot.addWidget(legend)
    names = dict(legend.entries())
    assert names["employer"] == titles["employer_link"]
    assert names["pace"] == "Pace (wpm), good band"


def test_the_target_mark_reads_as_the_clock_and_the_export_say_it(qtbot, monkeypatch) -> None:
    """Found as a new user: the practice clock said "1:30 target", the time tile "0:29 of
    1:30" and the export's timeline "1:30 target", while the app's timeline drew "90 s
    target" over its own "1:30" tick."""
    captions: list[str] = []
    painter = paint_axis.paint_header_label

    def spy(p, x, lane, text, *args, **kwargs):
        captions.append(text)
        return painter(p, x, lane, text, *args, **kwargs)

    monkeypatch.setattr(paint_axis, "paint_header_label", spy)
    report = timed_report()
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(660, timeline.sizeHint().height())
    timeline.set_report(report)
    timeline.grab()
    assert "1:30 target" in captions
    assert ">1:30 target</text>" in export_html(None, report)


def test_the_exported_timeline_legend_says_what_the_apps_says(qtbot) -> None:
    """The export's legend read "Filler heard, not transcribed" under the app's "(um):
    filler heard, not transcribed"; both transcripts show such a filler as "(um)"."""
    report = timed_report(long_gaps={2: 3.5})
    d = report.delivery
    heard = FillerItem("(um)", "hard", d.fillers[0].start_s + 1.0, d.fillers[0].end_s, "audio")
    report = replace(report, delivery=replace(d, fillers=(*d.fillers, heard)))
    legend = LegendWidget()
    qtbot.addWidget(legend)
    legend.set_report(report)
    # The export keys the same marks in the same words (its timeline draws no pace or
    # employer line); each legend lists only the marks the take has.
    app_words = [text for key, text in legend.entries() if key not in ("pace", "employer")]
    assert "(um): filler heard, not transcribed" in app_words
    svg = export_html(None, report).split('<g class="legend">')[1].split("</svg>")[0]
    assert re.findall(r">([^<]+)</text>", svg) == [html.escape(t) for t in app_words]
