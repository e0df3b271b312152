"""One name for one thing: each goal of the answer is called what its rubric check is called,
on the practice screen, in the coaching, the timeline and the exports."""

from __future__ import annotations

from speakprep import palette
from speakprep.core.coaching_text import default_coaching
from speakprep.core.rubric import load_rubric
from speakprep.render import coaching as render_coaching
from speakprep.ui.widgets import coach
from speakprep.ui.widgets.legend import LegendWidget
from speakprep.ui.widgets.talking_points import TalkingPointsPanel

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
        assert coach.POINT_NAMES[kind] == name
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
