"""Comparing two takes: one time scale for both timelines, and the change in every figure
judged against its band."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from speakprep.core.settings import AnalysisSettings
from speakprep.render.marks import present_marks
from speakprep.render.text import STATUS_WORDS, TOO_SHORT_TO_RATE
from speakprep.ui.pages.compare import CompareView
from speakprep.ui.pages.take_changes import (
    band_distance,
    check_changes,
    figure_changes,
    higher_is_better,
    lower_is_better,
    toward_band,
)
from speakprep.ui.widgets.coach import focus_steps, well_done_text
from speakprep.ui.widgets.legend import LegendWidget
from speakprep.ui.widgets.timeline import TimelineWidget
from tests.reports import timed_report
from tests.ui.fake_library import sample_real_library

NOW = datetime(2026, 11, 22, 10, 5)
SETTINGS = AnalysisSettings()  # target 90 s, on target from 30 s; pace 120-165; fillers <= 3


@pytest.fixture
def library(tmp_path: Path):
    lib = sample_real_library(tmp_path / "data", NOW)
    yield lib
    lib.close()


def first_and_last(library):
    career = library.takes(question_id="career_goals")
    old, new = career[-1], career[0]
    return old, library.report(old.id), new, library.report(new.id)


def shown(qtbot, *takes_and_reports) -> CompareView:
    view = CompareView(settings=SETTINGS, now=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1040, 860)
    view.show()
    view.set_takes(*takes_and_reports)
    return view


def by_key(changes):
    return {c.key: c for c in changes}


def test_both_timelines_share_one_scale(qtbot, library) -> None:
    old, old_report, new, new_report = first_and_last(library)
    view = shown(qtbot, old, old_report, new, new_report)
    a, b = view.timeline_a, view.timeline_b
    longest = max(
        old_report.delivery.recording_s,
        new_report.delivery.recording_s,
        new_report.delivery.target_s * 1.1,
    )
    assert a.scale_s() == b.scale_s() == pytest.approx(longest)
    assert a.width() == b.width()
    for t in (0.0, 12.5, 30.0, 74.0, 90.0, longest):
        assert a.time_to_x(t) == pytest.approx(b.time_to_x(t))
    # On its own the shorter take would be drawn on a shorter axis.
    alone = TimelineWidget()
    qtbot.addWidget(alone)
    alone.set_report(new_report)
    assert alone.scale_s() < a.scale_s()


def test_the_earlier_take_is_before_in_any_order(qtbot, library) -> None:
    old, old_report, new, new_report = first_and_last(library)
    view = shown(qtbot, new, new_report, old, old_report)
    before, after = view.takes()
    assert (before.id, after.id) == (old.id, new.id)
    assert view.timeline_a.report() is old_report
    assert view.caption_a.text() == "Before · 9 Nov"
    assert view.caption_b.text() == "After · Today 09:41 · Before the Acme interview"
    assert view.subtitle.text() == "What are your career goals?"


def test_an_improved_take_is_better_in_every_figure(library) -> None:
    old, old_report, new, new_report = first_and_last(library)
    changes = by_key(figure_changes(old_report, new_report, SETTINGS))
    assert list(changes) == [
        "speaking",
        "pace",
        "fillers",
        "long_pauses",
        "score",
        "checks",
        "pitfalls",
    ]

    speaking = changes["speaking"]  # 1:54 (too long) -> 1:15 (on target), to the second
    assert (speaking.before, speaking.after) == ("1:54", "1:15")
    assert speaking.change == "▼ 0:39"
    assert speaking.direction == "better"
    pace = changes["pace"]  # 167 wpm (fast side of the band) -> 142 wpm (inside)
    assert pace.change.startswith("▼ ") and pace.direction == "better"
    fillers = changes["fillers"]
    assert (fillers.before, fillers.after) == (
        f"{old.fillers_per_minute:.1f}",
        f"{new.fillers_per_minute:.1f}",
    )
    assert fillers.change.startswith("▼ ") and fillers.direction == "better"
    assert (changes["long_pauses"].before, changes["long_pauses"].after) == ("1", "0")
    assert changes["long_pauses"].direction == "better"
    assert changes["score"].change == f"▲ {new.score - old.score}"
    assert changes["score"].direction == "better"
    assert changes["checks"].before == f"{old.checks_passed} of {old.checks_total}"
    assert changes["checks"].direction == "better"
    # Off-topic personal life found, then avoided: History's "1 pitfall found" gone.
    pitfalls = changes["pitfalls"]
    assert (pitfalls.before, pitfalls.after, pitfalls.change) == ("1", "0", "▼ 1")
    assert pitfalls.direction == "better"

    # The same pair the other way round: every arrow flips and every figure is worse.
    backwards = by_key(figure_changes(new_report, old_report, SETTINGS))
    assert backwards["speaking"].change == "▲ 0:39"
    assert {c.direction for c in backwards.values()} == {"worse"}


def test_speaking_time_and_pace_are_judged_by_their_band() -> None:
    assert band_distance(100.0, 120.0, 165.0) == 20.0
    assert band_distance(140.0, 120.0, 165.0) == 0.0
    assert band_distance(190.0, 120.0, 165.0) == 25.0
    pace = toward_band(120.0, 165.0)
    assert pace(100.0, 130.0) == "better"  # slow -> good
    assert pace(130.0, 160.0) == "same"  # moving about inside the band
    assert pace(100.0, 190.0) == "worse"  # 20 below -> 25 above
    assert pace(180.0, 110.0) == "better"  # 15 above -> 10 below
    speaking = toward_band(30.0, 90.0)
    assert speaking(20.0, 60.0) == "better"  # too short -> on target
    assert speaking(60.0, 100.0) == "worse"
    assert lower_is_better(4.0, 2.0) == "better"
    assert higher_is_better(4.0, 2.0) == "worse"
    assert higher_is_better(3.0, 3.0) == "same"


def test_a_change_inside_the_band_is_neutral() -> None:
    a = timed_report(words_per_s=2.3)
    b = timed_report(words_per_s=2.6)
    changes = by_key(figure_changes(a, b, SETTINGS))
    assert a.delivery.wpm < b.delivery.wpm
    assert changes["pace"].change.startswith("▲ ")
    assert changes["pace"].direction == "same"
    same = by_key(figure_changes(a, a, SETTINGS))
    assert same["score"].change == "no change"
    assert same["score"].direction == "same"


def test_fillers_moving_inside_the_good_band_are_neither_better_nor_worse() -> None:
    """Found as a new user: 0.0 -> 2.9 fillers a minute was a red "worse", though both are
    good and score the same. Fillers are judged by their good band, as pace and time are."""
    report = timed_report()
    good_max = SETTINGS.fillers.good_max_per_minute

    def fillers(a: float, b: float) -> str | None:
        before, after = (
            replace(report, delivery=replace(report.delivery, fillers_per_minute=v)) for v in (a, b)
        )
        return by_key(figure_changes(before, after, SETTINGS))["fillers"].direction

    assert fillers(0.0, good_max - 0.1) == "same"
    assert fillers(good_max - 0.1, 0.0) == "same"
    assert fillers(1.0, good_max + 2.0) == "worse"
    assert fillers(good_max + 3.0, good_max + 1.0) == "better"
    assert fillers(good_max + 3.0, 0.5) == "better"


def test_each_checks_status_before_and_after(library) -> None:
    _old, old_report, _new, new_report = first_and_last(library)
    changes = {c.id: c for c in check_changes(old_report, new_report)}
    off_topic = changes["off_topic_personal"]  # the rambling early take drifted off topic
    assert off_topic.before.startswith("✗")
    assert off_topic.after.startswith("✓")
    assert off_topic.direction == "better"
    assert changes["short_term_goal"].direction == "same"
    assert set(changes) == {c.id for c in new_report.content.checks if c.applies}


def test_a_take_without_audio_has_no_delivery_changes(qtbot, library) -> None:
    old, old_report, new, new_report = first_and_last(library)
    text_only = replace(new_report, delivery=None)
    changes = by_key(figure_changes(old_report, text_only, SETTINGS))
    for key in ("speaking", "pace", "fillers", "long_pauses"):
        assert changes[key].change == "—" and changes[key].direction is None
    assert changes["score"].direction is not None
    view = shown(qtbot, old, old_report, new, text_only)
    assert not view.timeline_b.is_timed()
    assert view.timeline_a.scale_s() == view.timeline_b.scale_s()


def test_the_tables_show_the_changes(qtbot, library) -> None:
    view = shown(qtbot, *first_and_last(library))
    texts = [view.figures_grid.itemAt(i).widget().text() for i in range(view.figures_grid.count())]
    assert "Speaking time" in texts
    assert "▼ 0:39  better" in texts
    check_texts = [
        view.checks_grid.itemAt(i).widget().text() for i in range(view.checks_grid.count())
    ]
    assert "Off-topic personal life" in check_texts
    # Re-setting replaces the rows rather than adding to them.
    count = view.figures_grid.count()
    view.set_takes(*first_and_last(library))
    assert view.figures_grid.count() == count


def test_open_links_carry_the_take_ids(qtbot, library) -> None:
    old, old_report, new, new_report = first_and_last(library)
    view = shown(qtbot, old, old_report, new, new_report)
    with qtbot.waitSignal(view.open_requested) as signal:
        view.open_b.click()
    assert signal.args == [new.id]
    with qtbot.waitSignal(view.back_requested):
        view.back_button.click()


def test_the_legend_keys_only_the_marks_the_two_timelines_draw(qtbot, library) -> None:
    """Found as a new user: Compare listed "Filler (like, you know)", "Long pause" and
    "Ties to the employer" under two timelines that drew none of them."""
    old, old_report, new, new_report = first_and_last(library)
    view = shown(qtbot, old, old_report, new, new_report)
    keys = {key for key, _ in view.legend.entries()}
    drawn = present_marks(old_report) | present_marks(new_report)
    assert keys == drawn
    assert len(keys) < len(LegendWidget().entries())  # some mark is in neither take


@pytest.mark.parametrize("size", [(1000, 700), (1280, 800), (1920, 1080)])
def test_the_legend_is_as_tall_as_its_rows_at_common_window_sizes(
    qtbot, library, size: tuple[int, int]
) -> None:
    """Found as a new user: at 1920 px the legend's one row sat over a blank band, its
    minimum height having been worked out for 900 px (two rows)."""
    old, old_report, new, new_report = first_and_last(library)
    view = shown(qtbot, old, old_report, new, new_report)
    view.resize(*size)
    qtbot.waitUntil(lambda: view.legend.height() == view.legend.heightForWidth(view.legend.width()))
    legend = view.legend
    rows = {round(legend.swatch_rect(key).top()) for key, _ in legend.entries()}
    one_row = legend.heightForWidth(10_000)
    assert legend.height() <= len(rows) * one_row  # no blank band under the last row
    card = legend.parentWidget()
    gap = card.height() - legend.geometry().bottom()
    assert gap <= card.layout().contentsMargins().bottom() + 2


def test_a_checks_row_says_why_on_hover(qtbot, library) -> None:
    """Found as a new user: "Within 90 seconds: ✓ Met → ! Could be stronger" for a 0:24
    answer, with nothing on the page to say why. Each row's tooltip carries the later take's
    advice, the line the results page shows under the check."""
    from PySide6.QtWidgets import QLabel

    old, old_report, new, _ = first_and_last(library)
    short = timed_report(("In two years I want to lead the front desk here at Acme.",))
    view = shown(qtbot, old, old_report, new, short)
    timed = next(c for c in short.content.checks if c.id == "within_target")
    assert timed.status == "fail" and timed.advice.startswith("Too short")
    row = [w for w in view.findChildren(QLabel) if w.text() == timed.title]
    assert row and row[0].toolTip().endswith("\n" + timed.advice)


def test_the_timelines_and_figures_follow_a_new_target(qtbot, library) -> None:
    """Found as a new user: with another target set, both compared timelines still drew
    "90 s target" (the one each take was analysed with); and a comparison on show when the
    bands change is judged again by them, as History and Progress are."""
    old, old_report, new, new_report = first_and_last(library)
    view = shown(qtbot, old, old_report, new, new_report)
    assert "of a 90 s target" in view.timeline_b.accessibleDescription()
    before = by_key(view.figures())["speaking"]
    assert before.direction == "better"  # 1:54 down to 1:15: toward the 90 s target
    roomy = SETTINGS.with_overrides(target_s=150.0)  # both on target now: no better, no worse
    view.set_settings(roomy)
    for timeline in (view.timeline_a, view.timeline_b):
        assert "of a 150 s target" in timeline.accessibleDescription()
    assert view.timeline_a.scale_s() == view.timeline_b.scale_s() == pytest.approx(165.0)
    assert by_key(view.figures()) == by_key(figure_changes(old_report, new_report, roomy))
    assert by_key(view.figures())["speaking"].direction == "same"


def test_a_take_is_dated_as_history_dates_it_on_every_screen(qtbot, library) -> None:
    """Found as a new user: History listed a take as "Today 09:41" and Compare, of the same
    take, "22 Nov 2026, 09:41" (the results title "Recorded 22 Nov 2026, 09:41"): one
    formatter dates a take on every screen, the full date on hover."""
    from PySide6.QtCore import Qt

    from speakprep.render.dates import format_take_when
    from speakprep.ui.controllers.questions import recent_line
    from speakprep.ui.main_window import take_subtitle
    from speakprep.ui.pages.history_model import COLUMNS, HistoryModel

    old, old_report, new, new_report = first_and_last(library)
    assert old.created_at.date() != new.created_at.date() == NOW.date()
    view = CompareView(settings=SETTINGS, now=lambda: NOW)
    qtbot.addWidget(view)
    view.set_takes(new, new_report, old, old_report)
    history = HistoryModel(now=lambda: NOW)
    history.set_takes([new, old])
    dates = [
        history.data(history.index(row, COLUMNS.index("date")), Qt.ItemDataRole.DisplayRole)
        for row in (0, 1)
    ]
    assert dates[0].startswith("Today ") and not dates[1].startswith(("Today", "Yesterday"))
    for caption, which, take, date in (
        (view.caption_a, "Before", old, dates[1]),
        (view.caption_b, "After", new, dates[0]),
    ):
        titled = f" · {take.title}" if take.title else ""
        assert caption.text() == f"{which} · {date}{titled}"
    assert view.caption_b.toolTip() == format_take_when(new.created_at)
    assert recent_line(new, now=NOW).startswith(dates[0])
    subtitle = take_subtitle(new.created_at, "recorded", None, None, now=NOW)
    assert subtitle == f"Recorded today {dates[0].removeprefix('Today ')}"
    imported = take_subtitle(old.created_at, "imported", "/x/answer.m4a", "tiny.en", now=NOW)
    assert (
        imported == f"Imported answer.m4a · {dates[1]} · transcribed on this computer with tiny.en"
    )


def test_a_voice_that_stopped_being_monotone_is_a_row_of_what_changed(qtbot) -> None:
    """Found as a new user: a take scored 64 (−6 for a monotone voice) and the next 100,
    and "What changed" listed time, pace, fillers and pauses but not the voice. A row shows
    the pitch range, better when it nears "varied" (4 semitones or more)."""
    from tests.reports import lively, rescored
    from tests.ui.fake_library import take_from_report

    def voiced(semitones: float):
        report = lively(timed_report())
        voice = replace(report.delivery.voice, pitch_range_semitones=semitones)
        return rescored(report, voice=replace(voice, monotone=semitones < 4.0))

    flat, varied, livelier = voiced(2.5), voiced(5.0), voiced(7.0)
    row = by_key(figure_changes(flat, varied, SETTINGS))["voice"]
    assert (row.name, row.before, row.after) == (
        "Voice (pitch range)",
        "2.5 semitones",
        "5.0 semitones",
    )
    assert (row.change, row.direction) == ("▲ 2.5 semitones", "better")
    assert by_key(figure_changes(varied, flat, SETTINGS))["voice"].direction == "worse"
    assert by_key(figure_changes(varied, livelier, SETTINGS))["voice"].direction == "same"
    assert "voice" not in by_key(figure_changes(timed_report(), timed_report(), SETTINGS))
    take_a = take_from_report(1, flat, created_at=NOW.replace(hour=9))
    take_b = take_from_report(2, varied, created_at=NOW.replace(hour=10))
    view = shown(qtbot, take_a, flat, take_b, varied)
    grid = view.figures_grid
    texts = [grid.itemAt(i).widget().text() for i in range(grid.count())]
    assert "Voice (pitch range)" in texts and "▲ 2.5 semitones  better" in texts


def test_a_short_takes_time_check_says_too_short_as_its_tile_does(qtbot) -> None:
    """Found as a new user: a 0:21 answer's "Within 90 seconds" read "! Could be stronger"
    in Compare (and on the results page) beside a speaking-time tile saying "too short"."""
    from speakprep.ui.pages.results import ResultsView
    from tests.reports import STRONG_80S
    from tests.ui.test_results_coach import WEAK

    short, on_target = timed_report(WEAK), timed_report(STRONG_80S, words_per_s=2.2)
    assert (short.delivery.target_status, on_target.delivery.target_status) == (
        "too_short",
        "on_target",
    )
    change = {c.id: c for c in check_changes(on_target, short)}["within_target"]
    assert (change.before, change.after) == ("✓ Met", "✗ Too short")  # red, as its tile

    results = ResultsView()
    qtbot.addWidget(results)
    results.set_report(short, title="Five years", stored=True)
    tile = results.scorecard.time_tile.status_line.text()
    row = results.checks.row("within_target")
    assert tile.endswith("too short") and row.status_label.text() == "Too short"
    assert row.accessibleName().endswith(": Too short")


def test_a_change_is_the_difference_of_the_figures_shown() -> None:
    """Found as a new user in Compare: "0:21 → 0:19, ▼ 0:01" (20.6 s and 19.4 s) and
    "169 wpm → 189 wpm, ▲ 20 wpm" (168.6 and 189.4): the change is worked out between the
    figures as shown, so the row adds up."""
    from speakprep.core.settings import load_settings
    from tests.reports import GOOD_ANSWER, rescored

    report = timed_report(GOOD_ANSWER)
    a = rescored(report, speaking_s=20.6, wpm=168.6, fillers_per_minute=2.04)
    b = rescored(report, speaking_s=19.4, wpm=189.4, fillers_per_minute=2.96)
    rows = {f.key: f for f in figure_changes(a, b, load_settings())}
    assert (rows["speaking"].before, rows["speaking"].after) == ("0:21", "0:19")
    assert rows["speaking"].change == "▼ 0:02"
    assert (rows["pace"].before, rows["pace"].after) == ("169 wpm", "189 wpm")
    assert rows["pace"].change == "▲ 20 wpm"
    assert (rows["fillers"].before, rows["fillers"].after) == ("2.0", "3.0")
    assert rows["fillers"].change == "▲ 1.0"


def test_it_says_what_to_work_on_from_the_later_take(qtbot, library) -> None:
    """Found as a new user: Compare showed what changed and never what to work on next. It
    says it from the later take, and calls it that: neither take need be the user's last."""
    old, old_report, new, new_report = first_and_last(library)
    old_steps = focus_steps(old_report, SETTINGS)
    assert old_steps  # the oldest take, long and rambling, has steps to take
    assert not focus_steps(new_report, SETTINGS)  # the newest meets the rubric
    view = shown(qtbot, new, new_report, old, old_report)  # in any order: the later take's
    assert not view.next_focus.isHidden()
    assert view.next_focus.text() == f"<b>The later take:</b> {well_done_text(new_report)}"
    assert view.next_focus.accessibleName() == "What to work on from the later take"
    later = replace(old, created_at=new.created_at + timedelta(days=1))
    view.set_takes(new, new_report, later, old_report)
    shown_text = view.next_focus.text().replace("&nbsp;", " ")
    assert shown_text == "<b>From the later take, work on:</b> " + " · ".join(old_steps)


def test_a_time_check_judged_by_an_old_target_says_why_it_disagrees(qtbot) -> None:
    """Found as a new user: after the target went from 90 s to 30 s, Compare said
    "Speaking time 0:33 → 0:28 better" over "30 to 90 seconds: ✓ Met → ✗ Too short" and
    nothing said why. A note under the checks says which take the target now judges
    otherwise, and how to re-judge it; with the target the takes were analysed by, none."""
    from speakprep.core.delivery import judge_report
    from tests.reports import STRONG_80S
    from tests.ui.fake_library import take_from_report
    from tests.ui.test_results_coach import WEAK

    short, on_target = timed_report(WEAK), timed_report(STRONG_80S, words_per_s=2.2)
    take_a = take_from_report(1, short, created_at=NOW.replace(hour=9))
    take_b = take_from_report(2, on_target, created_at=NOW.replace(hour=10))
    view = shown(qtbot, take_a, short, take_b, on_target)
    assert view.band_note() == ""

    tight = SETTINGS.with_overrides(target_s=40.0)
    now_a = judge_report(short, tight).delivery.target_status
    now_b = judge_report(on_target, tight).delivery.target_status
    assert now_a == short.delivery.target_status == "too_short"  # still: no word on it
    assert now_b != "on_target"
    view.set_settings(tight)
    note = view.band_note()
    assert "the after take is " + STATUS_WORDS[now_b] in note and "before take" not in note
    assert "(0:40)" in note and "Analyse again" in note
    grid = view.checks_grid
    shown_texts = [grid.itemAt(i).widget().text() for i in range(grid.count())]
    assert note in shown_texts
    assert {c.id: c for c in view.checks()}["within_target"].after == "✓ Met"  # as analysed


def test_a_take_too_short_to_rate_has_no_pace_or_fillers_rate_to_compare(qtbot, tmp_path) -> None:
    """Found by review: Compare showed and judged "85.7" fillers a minute and a pace for a
    take of a few seconds, which every other page calls too short to rate."""
    brief = timed_report(("Um, I want to lead a team here one day.",))
    rated = timed_report()
    assert brief.delivery.too_short_to_rate and brief.delivery.fillers_per_minute > 10
    assert not rated.delivery.too_short_to_rate
    for a, b, side in ((rated, brief, "after"), (brief, rated, "before")):
        changes = by_key(figure_changes(a, b, SETTINGS))
        for key in ("pace", "fillers"):
            assert getattr(changes[key], side) == TOO_SHORT_TO_RATE
            other = changes[key].before if side == "after" else changes[key].after
            assert other[0].isdigit()  # the rated take still shows its rate
            assert changes[key].change == "—" and changes[key].direction is None
        assert changes["speaking"].direction is not None  # the time is still compared
    from speakprep.paths import AppPaths
    from speakprep.storage.library import Library

    with Library.open(AppPaths(tmp_path / "data")) as library:
        library.add(rated, None, source="imported")
        library.add(brief, None, source="imported")
        later, earlier = library.takes()
        view = shown(qtbot, earlier, library.report(earlier.id), later, library.report(later.id))
    grid = view.figures_grid
    texts = [grid.itemAt(i).widget().text() for i in range(grid.count())]
    assert texts.count(TOO_SHORT_TO_RATE) == 2
    assert f"{brief.delivery.fillers_per_minute:.1f}" not in texts


def test_back_to_history_stays_in_view_when_the_page_is_scrolled(qtbot, library) -> None:
    """Found as a new user: scrolled down to the checks, Compare's title and "Back to
    history" had scrolled away with them, where the results page keeps its header."""
    view = shown(qtbot, *first_and_last(library))
    view.resize(760, 620)  # the smallest window: the tables are below the fold
    qtbot.waitExposed(view)
    area = view.findChild(QScrollArea)
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    button = view.back_button
    top_left = button.mapTo(view, button.rect().topLeft())
    assert button.isVisible() and view.rect().contains(top_left)
    assert not area.isAncestorOf(button)


@pytest.mark.parametrize("width", [760, 940, 1000, 1040, 1100, 1920])
def test_the_page_is_never_wider_than_the_window(qtbot, library, width: int) -> None:
    """Found as a new user at the default 1040 px: the two tables side by side needed more
    width than the window had (long rows: "Voice (pitch range)", "! Could be stronger" on
    both sides), so the page ran under the scroll bar and the checks' right column was cut
    off, with no way to scroll to it. Side by side only when both tables fit, else stacked."""
    from tests.reports import lively, rescored
    from tests.ui.fake_library import take_from_report

    def voiced(semitones: float):
        report = lively(timed_report())
        voice = replace(report.delivery.voice, pitch_range_semitones=semitones)
        report = rescored(report, voice=replace(voice, monotone=semitones < 4.0))
        checks = tuple(  # the widest cells: "! Could be stronger" before and after
            replace(c, status="warn", ok=False) if c.id == "employer_link" else c
            for c in report.content.checks
        )
        return replace(report, content=replace(report.content, checks=checks))

    flat, varied = voiced(25.0), voiced(3.2)
    take_a = take_from_report(1, flat, created_at=NOW.replace(hour=9))
    take_b = take_from_report(2, varied, created_at=NOW.replace(hour=10))
    view = shown(qtbot, take_a, flat, take_b, varied)
    view.resize(width, 800)
    area = view.findChild(QScrollArea)
    for _ in range(10):
        QApplication.processEvents()
    assert area.widget().width() <= area.viewport().width()
    cards = [view.tables.itemAt(i).widget() for i in range(view.tables.count())]
    for card in cards:  # each table whole, inside the page
        right = card.mapTo(area.widget(), card.rect().topRight()).x()
        assert card.width() >= card.minimumSizeHint().width()
        assert right < area.viewport().width()


def test_each_takes_recording_warnings_are_counted_beside_its_score(qtbot, library) -> None:
    # Found as a new user: a very quiet take's figures changed with no word of why on the
    # compare page, while its results page and exports said so.
    old, old_report, new, new_report = first_and_last(library)
    quiet = replace(new_report, warnings=("The recording is very quiet.", "Sound in the pauses."))
    view = shown(qtbot, old, old_report, new, quiet)
    assert view.summary_b.text().endswith(" · ⚠ 2 recording warnings")
    assert view.summary_b.toolTip().splitlines() == [
        "⚠ The recording is very quiet.",
        "⚠ Sound in the pauses.",
    ]
    assert "⚠" not in view.summary_a.text() and view.summary_a.toolTip() == ""
    view.set_takes(old, replace(old_report, warnings=("The file ends early.",)), new, new_report)
    assert view.summary_a.text().endswith(" · ⚠ 1 recording warning")
    assert "⚠" not in view.summary_b.text()
