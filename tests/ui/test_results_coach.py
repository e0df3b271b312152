"""The results page coaches: next steps, talking points, the verdict from core, a page that
scrolls as one and starts at the top, and a legend of the marks the take has."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from speakprep.core.coaching import explain_gain, next_steps
from speakprep.core.settings import AnalysisSettings, load_settings
from speakprep.core.talking_points import PointMatch
from speakprep.render.coaching import POLISH, WELL_DONE
from speakprep.render.export import export_html, export_markdown
from speakprep.render.text import render_report
from speakprep.ui.pages.results import ResultsView
from tests.reports import STRONG_80S, lively, rescored, timed_report

WEAK = (
    "Um, I want to be good at things.",
    "Uh, I like, you know, work hard and um make money.",
    "I want to earn a lot of money.",
)
# WEAK with a long-term goal and a plan: off the floor, its steps quote its sentences.
MIXED = (
    *WEAK,
    "Um, in five years I want to, uh, lead a small analytics team.",
    "I am, um, taking a statistics course this spring.",
)


def make(qtbot, report, size=(1040, 800)) -> ResultsView:
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.set_report(report, title="Five years", stored=True)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_next_steps_are_the_cores_with_their_gains_and_sentences(qtbot) -> None:
    report = timed_report(MIXED)
    view = make(qtbot, report)
    steps = next_steps(report)
    assert len(steps) > 3  # three in full, then the fillers and pace tiles' own
    card = view.next_take
    assert card.isVisible()
    assert [b.accessibleName() for b in card.step_boxes] == [
        f"Step {n}: {s.title}, {explain_gain(s)}" for n, s in enumerate(steps, 1)
    ]
    texts = [lbl.text() for b in card.step_boxes for lbl in b.findChildren(QLabel)]
    for step in steps:
        assert step.text in texts and explain_gain(step) in texts
    first = steps[0].score_after - steps[0].gain
    assert (
        card.summary.text() == f"Score {first:.0f} now · {steps[-1].score_after} with these "
        f"{len(steps)} steps"
    )
    # A step that quotes a sentence links to it: clicking shows it in the transcript.
    linked = [i for s in steps for i in s.sentence_indexes]
    assert linked and len(card.links) == len(linked)
    link = card.links[0]
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert view.tabs.currentWidget() is view.transcript_page
    sentence = report.content.sentences[link.index]
    assert view.transcript.textCursor().selectedText().strip() == sentence.text.strip()


# Two goals and a plan, with a long pause inside two of its sentences.
PAUSED = (
    "In two years I want to",
    "run the weekly forecasting reports for your team at Acme.",
    "In five years I see myself leading a small analytics team.",
    "I am taking a statistics course this spring, and I want to",
    "finish the CFA level one exam by next year.",
)


def _flat(report):
    voice = replace(report.delivery.voice, pitch_range_semitones=1.8, monotone=True)
    return rescored(report, voice=voice)


def test_steps_the_hold_takes_whole_do_not_promise_a_score() -> None:
    """Review finding: steps the hold below Excellent absorbs read "+0 points → 92" and the
    card "Score 92 now · 92 with these 2 steps"."""
    from speakprep.render.coaching import steps_summary

    report = timed_report(WEAK)
    now = report.score.total
    held = tuple(replace(s, gain=0.0, score_after=now) for s in next_steps(report)[:2])
    assert steps_summary(held, now) == f"Score {now} now"
    assert [explain_gain(s) for s in held] == ["no points; still worth it"] * 2


@pytest.mark.parametrize(
    "make_report",
    [
        lambda: timed_report(WEAK),  # too short, a little slow, fillers high
        lambda: timed_report(words_per_s=3.6),  # fast, fillers fair
        lambda: _flat(timed_report(PAUSED, long_gaps={1: 3.2, 4: 3.0})),  # pauses, monotone
        lambda: timed_report(PAUSED[2:3] + PAUSED[1:3]),  # a sentence said twice
    ],
    ids=["weak", "fast", "paused_flat", "said_twice"],
)
def test_every_figure_the_scorecard_flags_has_a_step_on_screen(qtbot, make_report) -> None:
    """Found as a new user: a red fillers tile and an amber pace tile beside three steps
    about content, none about them. Every tile shown amber or red, and the points taken
    off for repeats, has its step in view: the three worth most in full, the rest as a
    line (title and points) that opens to its advice."""
    report = make_report()
    view = make(qtbot, report, size=(760, 620))
    card = view.next_take
    flagged = {
        key
        for key, tile in view.scorecard.tiles().items()
        if tile.isVisible() and tile.status in ("warn", "fail")
    }
    if "said twice" in view.scorecard.score_panel.parts.text():
        flagged.add("repeats")
    assert flagged - {"time"}  # each case flags more than the speaking time
    shown = {
        step.figure: box
        for step, box in zip(card.steps, card.step_boxes, strict=True)
        if box.isVisible()
    }
    assert flagged <= shown.keys()
    for n, box in enumerate(card.step_boxes, 1):
        (title,) = [w for w in box.findChildren(QLabel) if w.objectName() == "stepTitle"]
        (text,) = [w for w in box.findChildren(QLabel) if w.objectName() == "stepText"]
        assert title.isVisible() and text.isVisible() == (n <= 3)
    # A folded step opens from the keyboard, and reads the core's advice.
    if len(card.steps) > 3:
        toggle = card.toggles[0]
        toggle.setFocus()
        qtbot.keyClick(toggle, Qt.Key.Key_Space)
        (text,) = [
            w for w in card.step_boxes[3].findChildren(QLabel) if w.objectName() == "stepText"
        ]
        assert text.isVisible() and text.text() == card.steps[3].text
        assert toggle.text() == "▾  Hide"


def test_the_card_says_the_score_the_scorecard_shows_after_a_band_change(qtbot) -> None:
    """Review finding: after a band change in Settings the card said "Score 70 now" (the take
    scored again by the bands now) beside the scorecard's 64 (the score it was analysed with,
    as History lists it). One score on the screen: the stored one; the steps still follow the
    tiles, and a note says where their figures count from."""
    report = timed_report(words_per_s=3.6)  # 193 wpm: fast, scored 64
    view = make(qtbot, report, size=(760, 620))
    card = view.next_take
    total = report.score.total
    assert card.summary.text().startswith(f"Score {total} now")
    assert not card.findChildren(QLabel, "bandsNote")

    view.set_settings(load_settings().with_overrides(pace=(100.0, 200.0)))
    assert view.scorecard.score_panel.total.text() == str(total)
    assert card.summary.text().startswith(f"Score {total} now · ")
    assert "pace" not in {s.figure for s in card.steps}  # the tile is green now
    start = round(card.steps[0].score_after - card.steps[0].gain)
    assert start != total
    QApplication.processEvents()  # a layout shows a new child on the next turn of the loop
    (note,) = [n for n in card.findChildren(QLabel, "bandsNote") if n.isVisible()]
    assert f"would score {start}," in note.text()


def test_a_take_scored_by_an_earlier_version_is_not_blamed_on_the_bands(qtbot) -> None:
    """Found as a new user: a take kept from before a change to the score's formula showed
    "By your bands now this take would score 70" with the bands never touched. The note says
    the real cause; a band change still says the bands."""
    fresh = timed_report(words_per_s=3.6)  # 193 wpm: fast, scored 64
    old = replace(fresh, score=replace(fresh.score, total=fresh.score.total - 6))
    view = make(qtbot, old, size=(760, 620))
    card = view.next_take
    QApplication.processEvents()
    (note,) = [n for n in card.findChildren(QLabel, "bandsNote") if n.isVisible()]
    assert "bands" not in note.text()
    assert "earlier version" in note.text()
    assert f"would get {fresh.score.total}," in note.text()
    assert card.summary.text().startswith(f"Score {old.score.total} now")

    view.set_settings(load_settings().with_overrides(pace=(100.0, 200.0)))
    QApplication.processEvents()
    (note,) = [n for n in card.findChildren(QLabel, "bandsNote") if n.isVisible()]
    assert note.text().startswith("By your bands now")


def test_an_excellent_answer_gets_only_a_well_done_line(qtbot) -> None:
    report = lively(timed_report(STRONG_80S, words_per_s=2.2))
    assert report.score.verdict == "excellent"
    view = make(qtbot, report)
    assert view.next_take.steps == () and view.next_take.step_boxes == []
    assert view.next_take.accessibleDescription().startswith("Well done")
    assert view.next_take.accessibleDescription().endswith("Keep it as it is.")
    assert view.scorecard.score_panel.verdict.text() == "Excellent"


def test_an_excellent_answer_with_an_amber_tile_says_what_would_still_raise_it(qtbot) -> None:
    """Found as a new user: "Keep it as it is." beside an amber fillers tile (3.4 a minute:
    fair) on an Excellent answer. The tile gets its step, under the well-done line."""
    umming = tuple(f"Um, {s[0].lower()}{s[1:]}" if i % 3 else s for i, s in enumerate(STRONG_80S))
    report = lively(timed_report(umming, words_per_s=2.2))
    assert report.delivery.filler_status == "fair" and report.score.verdict == "excellent"
    view = make(qtbot, report)
    assert view.scorecard.filler_tile.status == "warn"
    (line,) = [w for w in view.next_take.findChildren(QLabel) if w.objectName() == "wellDone"]
    assert line.text().startswith("Well done") and "Keep it as it is" not in line.text()
    assert [s.id for s in view.next_take.steps] == ["fillers"]
    assert view.next_take.step_boxes[0].isVisible()


def test_an_excellent_answer_with_a_step_leads_with_well_done_everywhere(qtbot) -> None:
    """The card led an Excellent answer's one step with "Well done ... What would still
    raise it:"; the terminal report and both exports left the line out."""
    report = lively(timed_report(STRONG_80S, words_per_s=2.0))
    assert report.score.verdict == "excellent"
    view = make(qtbot, report)
    card = view.next_take
    assert len(card.steps) == 1
    lead = f"{WELL_DONE} {POLISH}"
    assert card.accessibleDescription().startswith(f"{lead} 1. {card.steps[0].title}")
    terminal = " ".join(line.strip() for line in render_report(report).splitlines())
    assert f"Your next take ({card.summary.text()}) {lead} 1. {card.steps[0].title}" in terminal
    md = export_markdown(None, report)
    assert f"{lead}\n\n1. **{card.steps[0].title}**" in md
    page = export_html(None, report)
    assert f'<p>{escape(lead)}</p><ol class="steps"><li><strong>{card.steps[0].title}' in page


def test_an_excellent_answer_that_forgot_talking_points_says_which(qtbot) -> None:
    """Found as a new user: "Keep it as it is" sat right above a card listing two of the
    user's own talking points as forgotten. The line names them as the next thing to do."""
    report = lively(timed_report(STRONG_80S, words_per_s=2.2))
    points = (
        PointMatch("short_term", "the analyst the team relies on", True, 0, 0.9),
        PointMatch("long_term", "lead an analytics team", False, None, 0.1),
        PointMatch("plan", "a mentor at work", False, None, 0.1),
    )
    view = make(qtbot, replace(report, talking_points=points))
    (line,) = [w for w in view.next_take.findChildren(QLabel) if w.objectName() == "wellDone"]
    assert line.isVisible() and "Keep it as it is" not in line.text()
    assert line.text().endswith("the talking points you left out: long-term goal and plan step.")
    assert view.next_take.accessibleDescription() == line.text()
    said_all = tuple(replace(p, said=True) for p in points)
    view.set_report(replace(report, talking_points=said_all))
    assert "Keep it as it is" in view.next_take.accessibleDescription()


def test_the_timeline_marks_the_target_the_tiles_judge_by(qtbot) -> None:
    """Found as a new user: after Settings → Answer length 45 s, a take analysed with the
    90 s target read "0:56 of 0:45 · a little long" on its tile, while the timeline beside
    it still drew "90 s target" at 1:30 (the export already drew 45 s)."""
    report = timed_report()
    assert report.delivery is not None and report.delivery.target_s == 90.0
    view = make(qtbot, report)
    assert "of a 90 s target" in view.timeline.accessibleDescription()
    assert view.timeline.scale_s() == pytest.approx(99.0)  # the target and its headroom
    view.set_settings(AnalysisSettings().with_overrides(target_s=45.0))
    assert "of a 45 s target" in view.timeline.accessibleDescription()
    assert view.timeline.scale_s() == pytest.approx(49.5)
    assert view.timeline.report() is report  # the take itself is not rewritten


def test_the_verdict_word_is_the_reports_own(qtbot) -> None:
    report = timed_report(WEAK)
    view = make(qtbot, report)
    assert report.score.verdict
    assert view.scorecard.score_panel.verdict.text() == report.score.verdict.capitalize()
    # A score the bands call "good" but the core capped shows the core's word.
    capped = replace(report, score=replace(report.score, total=90, verdict="good"))
    view.set_report(capped)
    assert view.scorecard.score_panel.verdict.text() == "Good"


def test_talking_points_show_said_and_forgotten_and_hide_when_none(qtbot) -> None:
    report = timed_report()
    view = make(qtbot, report)
    assert view.talking_points.isHidden()
    points = (
        PointMatch("short_term", "the analyst the team relies on", True, 0, 0.9),
        PointMatch("plan", "a mentor at work", False, None, 0.1),
    )
    view.set_report(replace(report, talking_points=points))
    card = view.talking_points
    assert card.isVisible()
    assert card.summary.text() == "1 of 2 said"
    assert [r.objectName() for r in card.rows] == ["pointSaid", "pointForgotten"]
    assert "Forgotten" in card.rows[1].accessibleName()
    # Named as the export names them: the card said "Plan: a mentor at work" over an export
    # line "Plan step: a mentor at work".
    md = export_markdown(None, replace(report, talking_points=points))
    for row, point in zip(card.rows, points, strict=True):
        (text,) = [w.text() for w in row.findChildren(QLabel) if w.text().endswith(point.note)]
        assert f"{text} (" in md


def test_a_new_report_starts_at_the_top_with_the_checks_tall(qtbot) -> None:
    report = timed_report(WEAK)
    view = make(qtbot, report, size=(760, 620))
    bar = view.page_scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    view.set_report(timed_report())
    assert bar.value() == 0
    # The checks are not a strip: scrolled down, they get (nearly) the window's height.
    assert view.tabs.height() >= view.page_scroll.viewport().height() - 30
    assert view.tabs.height() >= ResultsView.MIN_TABS_PX


def test_the_legend_lists_only_the_marks_the_take_has(qtbot) -> None:
    report = timed_report()  # one "um", no long pause
    view = make(qtbot, report)
    keys = [k for k, _ in view.legend.entries()]
    assert "filler_hard" in keys and "long_pause" not in keys and "filler_audio" not in keys
    labels = {seg.label for seg in report.content.segments}
    assert {k for k in keys if k in ("short_term", "long_term", "plan", "other")} == labels
    assert ("pause" in keys) == any(not p.long for p in report.delivery.pauses)
    # A take without a recording has no marks, only its bands.
    text_only = replace(report, delivery=None)
    view.set_report(text_only)
    assert {k for k, _ in view.legend.entries()} == labels


def test_keyboard_reaches_the_main_actions(qtbot) -> None:
    view = make(qtbot, timed_report(MIXED))
    view.windowHandle().requestActivate()  # shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    fired = []
    view.play_toggled.connect(lambda: fired.append("play"))
    view.drills_requested.connect(lambda: fired.append("drills"))
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: fired == ["play"], timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: fired == ["play", "drills"], timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.editing and view.editor.hasFocus(), timeout=2000)
    qtbot.keyClick(view.editor, Qt.Key.Key_Escape)
    assert not view.editing
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert view.next_take.links[0].hasFocus()


def test_tab_onto_the_page_shows_where_the_keyboard_is(qtbot) -> None:
    """Found as a new user, keyboard only: Tab after "Practise again" went to the page's
    scroll area (where the arrow and Page keys scroll it) and nothing on screen changed.
    The area shows a ring in the focus colour while it has focus."""
    from PySide6.QtGui import QColor

    from speakprep.ui import theme

    view = make(qtbot, timed_report(WEAK), size=(760, 620))
    view.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    ring = QColor(theme.hex_of("accent.focus")).rgb()
    area, before = view.page_scroll, view.back_button
    before.setFocus(Qt.FocusReason.OtherFocusReason)
    edge = (1, area.height() // 2)
    assert area.grab().toImage().pixel(*edge) != ring
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is area
    assert area.grab().toImage().pixel(*edge) == ring


def test_the_checks_take_their_height_and_the_page_scrolls_once(qtbot) -> None:
    """Found as a new user at 760x620: the Checks tab scrolled inside the page's own scroll,
    two scroll bars side by side. The checks take their natural height and the page alone
    scrolls; the transcript tab is not stretched to the checks' height, and Tab goes down
    the page as it reads (the coach card first, the checks after the tab bar)."""
    view = make(qtbot, timed_report(WEAK), size=(760, 620))
    checks = view.checks
    assert view.tabs.currentWidget() is checks
    assert not view.tabs.findChildren(QScrollArea)
    assert checks.height() >= checks.heightForWidth(checks.width()) > view.MIN_TABS_PX
    page = view.page_scroll
    page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
    QApplication.processEvents()
    last = checks.rows[-1]
    bottom = last.mapTo(page.viewport(), last.rect().bottomLeft()).y()
    assert 0 < bottom <= page.viewport().height()  # the last check, whole, by the page's bar

    tall = view.tabs.height()
    view.tabs.setCurrentWidget(view.transcript_page)
    qtbot.waitUntil(lambda: view.tabs.height() < tall - 300, timeout=2000)
    view.tabs.setCurrentWidget(checks)

    view.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    page.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(page, Qt.Key.Key_Tab)
    assert view.next_take.isAncestorOf(QApplication.focusWidget())
    view.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(view.tabs.tabBar(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is checks.tab_stops()[0]
    # New bands rebuild the coach card's links and toggles: still first after the page.
    view.set_settings(load_settings())
    QApplication.processEvents()  # the new links and toggles show
    page.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(page, Qt.Key.Key_Tab)
    assert view.next_take.isAncestorOf(QApplication.focusWidget())


def test_checks_say_why_on_hover_and_with_their_evidence(qtbot) -> None:
    report = timed_report(WEAK)
    view = make(qtbot, report)
    for row in view.checks.rows:
        if row.check.reason:
            assert row.toolTip() == f"Why: {row.check.reason}"
            assert row.why.text() == row.toolTip()
            row.set_expanded(True)
            assert row.why.isVisible()
    # A sentence's label says why on the timeline too.
    sentence = next(s for s in report.content.sentences if s.reason and s.start_s is not None)
    x = view.timeline.time_to_x((sentence.start_s + sentence.end_s) / 2)
    assert sentence.reason in view.timeline.tooltip_at(x).replace("\n", " ")


def test_the_checks_count_is_the_one_history_stores(qtbot, tmp_path) -> None:
    from speakprep.core.score import tally_checks
    from speakprep.paths import AppPaths
    from speakprep.storage.library import Library

    report = timed_report(WEAK)
    view = make(qtbot, report)
    tally = tally_checks(report.content.checks)
    met, total = tally.met, tally.required
    assert view.checks.summary.text() == tally.text
    with Library.open(AppPaths(tmp_path).ensure()) as library:
        take = library.add(report, None, source="recorded")
    assert (take.checks_passed, take.checks_total) == (met, total)


def test_the_recordings_warnings_show_under_the_title(qtbot) -> None:

    report = replace(
        timed_report(WEAK), warnings=("The recording is very quiet.", "The file ends early.")
    )
    view = make(qtbot, report)
    assert view.notice.isVisible()
    assert view.notice.text().splitlines() == [
        "⚠ The recording is very quiet.",
        "⚠ The file ends early.",
    ]
    view.set_report(timed_report(WEAK))
    assert not view.notice.isVisible()


def test_the_wheel_over_the_tab_bar_scrolls_the_page_not_the_tabs(qtbot) -> None:
    """Found as a new user: scrolling down the results page with the wheel, the tab bar
    passed under the pointer and flipped Checks to Transcript."""
    view = make(qtbot, timed_report(WEAK))
    bar = view.tabs.tabBar()
    scroll = view.page_scroll.verticalScrollBar()
    assert scroll.maximum() > 0 and scroll.value() == 0
    assert view.tabs.currentIndex() == 0
    centre = QPointF(bar.tabRect(0).center())
    down = QWheelEvent(
        centre,
        QPointF(bar.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(bar, down)
    assert view.tabs.currentIndex() == 0
    assert scroll.value() > 0


def test_a_long_subtitle_wraps_in_the_smallest_window_instead_of_being_cut(qtbot) -> None:
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(760, 620)
    subtitle = (
        "Imported construction_coordinator_long.flac · 6 Dec 2026, 19:46 · "
        "transcribed on this computer with tiny.en (bundled)"
    )
    view.set_report(timed_report(), subtitle=subtitle, stored=True)
    view.show()
    qtbot.waitExposed(view)
    label = view.subtitle
    assert view.width() == 760  # the subtitle does not make the page wider than the window
    # Beside the buttons, and the buttons inside the window ...
    assert label.geometry().right() < view.reanalyse_button.geometry().left()
    assert view.back_button.geometry().right() < view.width()
    # ... on more than one line, every word of it shown.
    metrics = label.fontMetrics()
    assert metrics.horizontalAdvance(subtitle) > label.width()
    needed = metrics.boundingRect(0, 0, label.width(), 10_000, Qt.TextFlag.TextWordWrap, subtitle)
    assert needed.width() <= label.width() and needed.height() <= label.height()


def test_a_named_take_still_says_which_question_it_answers(qtbot) -> None:
    """Found as a new user: a take renamed in History showed its name as the results title
    and the question nowhere on the page, while its exports give it under the name."""
    view = ResultsView()
    qtbot.addWidget(view)
    report = timed_report()
    question = report.question.text
    view.set_report(report, title="Second try", subtitle="Recorded today 19:10", stored=True)
    assert view.title.text() == "Second try"
    assert view.subtitle.text() == f"Question: “{question}” · Recorded today 19:10"
    view.set_report(report, subtitle="Recorded today 19:10", stored=True)
    assert view.title.text() == question
    assert view.subtitle.text() == "Recorded today 19:10"


def test_the_pace_step_aims_for_the_band_the_pace_tile_shows(qtbot) -> None:
    """Found as a new user: "aim for 130-160" under a pace tile that says "Good: 120-165"
    (and under a band of the user's own, 100-130, "aim for 130-160" contradicted it)."""
    report = timed_report(words_per_s=3.6)  # 193 wpm
    assert report.delivery.pace_status == "fast"
    view = make(qtbot, report)
    step = next(s for s in view.next_take.steps if s.id == "pace_fast")
    assert "aim for 120-165 " in step.text
    assert "Good: 120-165 wpm" in view.scorecard.pace_tile.detail.text()

    view.set_settings(load_settings().with_overrides(pace=(100.0, 130.0)))
    step = next(s for s in view.next_take.steps if s.id == "pace_fast")
    assert "aim for 100-130 " in step.text
    assert "Good: 100-130 wpm" in view.scorecard.pace_tile.detail.text()


def test_export_is_a_button_like_its_neighbours_with_its_formats(qtbot) -> None:
    """Found as a new user at 760 px: Export was a tool button a pixel shorter than
    "Analyse again" and "Practise again" beside it, its arrow squeezed against the text."""
    view = make(qtbot, timed_report(), size=(736, 600))
    export = view.export_button
    assert export.height() == view.back_button.height() == view.reanalyse_button.height()
    assert export.geometry().top() == view.back_button.geometry().top()
    text_px = export.fontMetrics().horizontalAdvance(export.text())
    assert export.width() >= text_px + 30  # room for the text and the menu's arrow
    menu = export.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["Web page (HTML)…", "Markdown…", "JSON…"]
    asked: list[str] = []
    view.export_requested.connect(asked.append)
    menu.actions()[1].trigger()
    assert asked == ["md"]


def test_the_transcript_tab_says_a_word_plays_from_there(qtbot) -> None:
    """Found as a new user: nothing on the transcript tab said a word can be clicked to play
    from it, and "Edit transcript" was a bar the width of the page."""
    from speakprep.ui.pages.results import PLAY_HINT

    report = timed_report(WEAK)
    view = make(qtbot, report, size=(760, 620))
    view.tabs.setCurrentWidget(view.transcript_page)
    assert view.play_hint.isVisible() and view.play_hint.text() == PLAY_HINT
    assert view.edit_button.width() < view.transcript_page.width() / 2
    view.set_report(replace(report, delivery=None), title="Five years", stored=True)
    assert not view.play_hint.isVisible()  # a transcript with no recording plays nothing


def test_the_card_and_the_exports_list_the_steps_by_the_points_they_give(qtbot) -> None:
    """Found as a new user: on a 0:10 non-answer the card read "1. Say about 50 s more
    (+27 points)" above "2. Answer the question (+49 points)". The steps go by the points
    they give, "Answer the question" included, and the exports list them as the card does."""
    report = lively(timed_report(("Honestly, I don't really know yet.", "One day at a time.")))
    view = make(qtbot, report, size=(760, 620))
    card = view.next_take
    titles = [b.findChild(QLabel, "stepTitle").text() for b in card.step_boxes]
    gains = [s.gain for s in card.steps[:3]]
    assert titles[0] == "1. Answer the question", titles
    assert gains == sorted(gains, reverse=True), list(zip(titles, gains, strict=False))
    markdown = export_markdown(None, report)
    html = export_html(None, report)
    for step in card.steps:
        assert f"**{step.title}** ({explain_gain(step)})" in markdown
    shown = [s.title for s in card.steps]
    assert sorted(shown, key=markdown.index) == shown
    assert sorted(shown, key=html.index) == shown


def test_the_transcript_fills_the_smallest_window_after_the_subtitle_wraps(qtbot) -> None:
    """Found as a new user: at 760x620 the tabs were sized on the page's resize, before the
    subtitle wrapped to two lines; scrolled down, the transcript box was 65 px short of the
    window, the timeline's play bar above it and its last 3 px in a scroll bar of its own
    beside the page's. They follow the page's viewport whenever it changes."""
    view = make(qtbot, timed_report(STRONG_80S, words_per_s=2.2), size=(760, 620))
    one_line = view.page_scroll.viewport().height()
    view.set_report(
        timed_report(STRONG_80S, words_per_s=2.2),
        subtitle="Imported construction_coordinator_long.flac · 6 Dec 2026, 19:46 · "
        "transcribed on this computer with tiny.en (bundled)",
        stored=True,
    )
    view.show_sentence(0)
    qtbot.waitUntil(lambda: view.page_scroll.viewport().height() < one_line)
    viewport = view.page_scroll.viewport()
    bar = view.page_scroll.verticalScrollBar()
    assert view.tabs.height() >= viewport.height() - 30
    top = view.tabs.mapTo(viewport, view.tabs.rect().topLeft()).y()
    assert bar.value() == bar.maximum() and 0 <= top <= 30, (top, bar.value(), bar.maximum())


def test_folded_steps_line_up_their_points_and_how_buttons(qtbot) -> None:
    """Found as a new user at 760x620: in the folded steps the points sat 5 px above the
    title beside them (top of a row the "How" button makes taller), and "How" stood at two
    places as "score stays 84" is wider than "+6 points → 84"."""
    view = make(qtbot, timed_report(WEAK), size=(760, 620))
    card = view.next_take
    assert len(card.toggles) >= 2
    qtbot.waitUntil(lambda: card.toggles[0].width() > 0)

    def centre(widget) -> float:
        return widget.mapTo(card, widget.rect().center()).y()

    for box in card.step_boxes:
        title, gain = box.findChild(QLabel, "stepTitle"), box.findChild(QLabel, "stepGain")
        assert abs(centre(title) - centre(gain)) <= 1.5, box.accessibleName()
    edges = {fold.mapTo(card, fold.rect().topRight()).x() for fold in card.toggles}
    assert len(edges) == 1, edges


def test_a_pitfall_comes_before_an_addition_worth_the_same(qtbot) -> None:
    """Found as a new user: on MIXED "Leave the pay out" gave the same points as "Tie it to
    Acme" and lost the tie by file order, so the money the answer dwells on got no step.
    Fixing what is wrong goes before adding what is missing; the exports follow the card."""
    report = timed_report(MIXED)
    view = make(qtbot, report, size=(760, 620))
    card = view.next_take
    ids = [s.id for s in card.steps]
    assert "money_focus" in ids[:3] and "employer_link" not in ids[:3], ids
    (money,) = [s for s in card.steps if s.id == "money_focus"]
    assert money.gain == pytest.approx(10.0, abs=1.0)  # "Tie it to Acme" gave the same
    shown = [s.title for s in card.steps]
    assert sorted(shown, key=export_markdown(None, report).index) == shown
    assert sorted(shown, key=export_html(None, report).index) == shown


def test_a_goal_step_links_to_no_pitfall_sentence(qtbot) -> None:
    """Found as a new user: "Open with a short-term goal" linked to "I want to earn a lot of
    money", the sentence its check had come closest to: a pitfall offered as a goal (its
    text had already stopped quoting it). Only the pitfall's own step links to it."""
    report = timed_report(MIXED)
    view = make(qtbot, report, size=(760, 620))
    card = view.next_take
    pitfalls = {i for c in report.content.checks if c.pitfall and c.found for i in c.evidence}
    assert pitfalls
    pitfall_steps = {c.id for c in report.content.checks if c.pitfall}
    linked = {s.id: set(s.sentence_indexes) for s in card.steps}
    goal_links = set().union(*(v for k, v in linked.items() if k not in pitfall_steps))
    assert "short_term_goal" in linked and not goal_links & pitfalls, linked
    assert sorted(lnk.index for lnk in card.links) == sorted(
        i for s in card.steps for i in s.sentence_indexes
    )


@pytest.mark.parametrize(
    ("answer", "wording"),
    [
        (WEAK, 'You said "um" twice and 2 other fillers, '),
        (MIXED, 'You said "um" 4 times and 3 other fillers, '),
        (
            (
                # 11 s: under 10 s the fillers are too short to rate and get no step.
                "Um, in two years I want to run the weekly reports and the monthly forecasts "
                "for the whole finance team here at Acme.",
                "Um, that is it.",
            ),
            'You said "um" twice, ',
        ),
    ],
    ids=["twice_and_others", "times_and_others", "one_kind"],
)
def test_the_fillers_step_counts_as_said_aloud(qtbot, answer, wording) -> None:
    """'You said "umm" or another filler 2 times' read as a form letter: the filler said
    most, how often in words, then the others, singular or plural, on the card and in the
    exports alike."""
    report = timed_report(answer)
    view = make(qtbot, report, size=(760, 620))
    (step,) = [s for s in view.next_take.steps if s.id == "fillers"]
    assert step.text.startswith(wording), step.text
    assert "another filler" not in step.text
    (box,) = [
        b for s, b in zip(view.next_take.steps, view.next_take.step_boxes, strict=True) if s is step
    ]
    assert step.text in [lbl.text() for lbl in box.findChildren(QLabel)]
    assert wording in export_markdown(None, report)
    assert escape(wording) in export_html(None, report)


LONG_NAME = (
    "Second try at the career goals answer for the Birchwood Labs analyst interview on "
    "Thursday morning, after the mock with Sam, slower and with the plan said first"
)


def test_a_long_take_name_takes_two_lines_at_most_whole_on_hover(qtbot) -> None:
    """Found as a new user: a long take name wrapped the results title to 3 lines at
    760x620. Two lines at most, the second ending in "…", the whole name on hover."""
    view = make(qtbot, timed_report(), size=(760, 620))
    view.set_report(timed_report(), title=LONG_NAME, stored=True)
    QApplication.processEvents()
    title = view.title
    line = title.fontMetrics().lineSpacing()
    assert title.text() == LONG_NAME and title.toolTip() == LONG_NAME
    shown = title.shown_text()
    assert shown.endswith("…") and shown.count("\n") == 1, shown
    assert LONG_NAME.startswith(shown.replace("\n", " ")[:-1].rstrip())
    assert title.height() < 3 * line
    view.set_report(timed_report(), title="Second try", stored=True)  # short: whole, no tip
    QApplication.processEvents()
    assert title.shown_text() == "Second try" and title.toolTip() == ""
