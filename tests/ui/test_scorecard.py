"""The scorecard shows the report's own figures, coloured by status, with bands from settings."""

from __future__ import annotations

import dataclasses

import pytest

from speakprep.core.delivery import measure_delivery
from speakprep.core.fillers import filler_spans
from speakprep.core.models import Report
from speakprep.core.score import score_answer
from speakprep.core.settings import load_settings
from speakprep.core.units import clock_text
from speakprep.palette import STATUS_COLORS
from speakprep.services.analyze import Engine
from speakprep.ui.widgets.scorecard import NO_AUDIO_NOTE, ScorecardWidget, verdict
from tests.reports import GOOD_ANSWER, timed_report

VAGUE = (
    "I don't know, I just take it one day at a time.",
    "Um, I like, you know, I guess I will see what happens.",
)
# Each answer is cut mid-sentence, and a long silence falls in the cut.
HALTING = (
    "In the next two years I want to",
    "become the analyst your team relies on.",
    "In five years I want to lead",
    "a small analytics team here at Acme.",
)


def card(qtbot, report: Report, **kwargs) -> ScorecardWidget:
    widget = ScorecardWidget(**kwargs)
    qtbot.addWidget(widget)
    widget.resize(900, 260)
    widget.set_report(report)
    widget.show()
    return widget


def colored(tile_status_line, status: str) -> bool:
    return STATUS_COLORS[status].lower() in tile_status_line.styleSheet().lower()


def test_figures_are_the_reports(qtbot) -> None:
    report = timed_report()
    d = report.delivery
    bands = load_settings().pace
    good = f"{bands.good_min_wpm:g}-{bands.good_max_wpm:g}"
    widget = card(qtbot, report)

    assert widget.score_panel.total.text() == str(report.score.total)
    assert widget.time_tile.summary().startswith(
        f"{clock_text(d.speaking_s)} of {clock_text(d.target_s)}"
    )
    assert widget.pace_tile.summary() == f"{d.wpm:.0f} wpm · good ({good})"
    assert widget.filler_tile.value.text() == f"{d.fillers_per_minute:.1f}"
    # The filler band shows as the pace band does (found as a new user: "3.2 per min ·
    # fair" said nothing of what good would be).
    most = f"{load_settings().fillers.good_max_per_minute:g}"
    assert widget.filler_tile.detail.text().startswith(
        f"Good: up to {most} a minute\u00a0· {len(d.fillers)} filler"
    )
    assert widget.pause_tile.value.text() == str(sum(p.long for p in d.pauses))
    assert widget.score_panel.parts.text().splitlines()[0] == (
        f"Content {report.score.content:.0f} · Delivery {report.score.delivery:.0f}"
    )
    assert not widget.note.isVisible()


def test_the_score_panel_says_what_took_the_total_below_content_and_delivery(qtbot) -> None:
    # 26 s: content 100 and delivery 75.5 blend to 93; too short takes 20 off, 73.
    short = timed_report()
    assert short.score.penalties == {"too_short": 20.0} and short.score.total == 73
    widget = card(qtbot, short)
    panel = widget.score_panel
    assert panel.parts.text().splitlines() == ["Content 100 · Delivery 76", "−20 too short"]
    assert "at once: too short −20." in panel.toolTip()
    assert "held" not in panel.toolTip()

    # 33 s, on target and complete, but read flat: 94 after the 6 points off, held at 84.
    on_time = timed_report(words_per_s=2.0)
    assert on_time.score.penalties == {} and on_time.score.verdict == "excellent"
    widget.set_report(on_time)
    assert panel.parts.text() == "Content 100 · Delivery 92"
    assert "Points off" not in panel.toolTip()

    flat = dataclasses.replace(
        on_time.delivery.voice, pitch_range_semitones=2.0, pitch_median_hz=120.0, monotone=True
    )
    delivery = dataclasses.replace(on_time.delivery, voice=flat)
    monotone = dataclasses.replace(
        on_time,
        delivery=delivery,
        score=score_answer(on_time.content, delivery, load_settings()),
    )
    assert monotone.score.total == 84 and monotone.score.verdict == "good"
    widget.set_report(monotone)
    assert panel.parts.text().splitlines()[1:] == ["−6 monotone voice", "held below Excellent"]
    assert "monotone voice −6." in panel.toolTip()
    assert "this one is held at 84." in panel.toolTip()


def test_statuses_map_to_palette_colours(qtbot) -> None:
    report = timed_report()  # 27 s of a 90 s target, good pace, one "um"
    widget = card(qtbot, report)
    assert report.delivery.target_status == "too_short"
    assert widget.time_tile.status == "fail"
    assert colored(widget.time_tile.status_line, "fail")
    assert "too short" in widget.time_tile.summary()
    assert widget.pace_tile.status == "pass"
    assert colored(widget.pace_tile.status_line, "pass")
    assert widget.filler_tile.status == "pass"
    assert widget.pause_tile.status == "pass"


def test_a_vague_halting_answer_fails_pace_and_fillers(qtbot) -> None:
    report = timed_report(VAGUE, words_per_s=1.8)
    d = report.delivery
    assert (d.pace_status, d.filler_status) == ("slow", "high")
    widget = card(qtbot, report)
    assert widget.pace_tile.status == "fail"
    assert widget.pace_tile.summary().startswith(f"{d.wpm:.0f} wpm · slow")
    assert widget.filler_tile.status == "fail"
    assert colored(widget.filler_tile.status_line, "fail")
    assert "high" in widget.filler_tile.summary()
    word, status = verdict(report.score.total)
    assert widget.score_panel.verdict.text() == word
    assert STATUS_COLORS[status] in widget.score_panel.total.styleSheet()


def test_a_long_answer_is_too_long(qtbot) -> None:
    report = timed_report(GOOD_ANSWER * 5, words_per_s=2.6)
    d = report.delivery
    assert d.target_status == "too_long"
    widget = card(qtbot, report)
    assert widget.time_tile.value.text() == clock_text(d.speaking_s)
    assert widget.time_tile.status == "fail"
    assert "too long" in widget.time_tile.summary()


@pytest.mark.parametrize(("gaps", "status"), [({1: 3.0}, "warn"), ({1: 3.0, 3: 2.8}, "fail")])
def test_long_mid_sentence_pauses(qtbot, gaps: dict[int, float], status: str) -> None:
    report = timed_report(HALTING, long_gaps=gaps)
    long_pauses = [p for p in report.delivery.pauses if p.long]
    assert len(long_pauses) == len(gaps)
    widget = card(qtbot, report)
    assert widget.pause_tile.value.text() == str(len(gaps))
    assert widget.pause_tile.status == status
    assert clock_text(long_pauses[0].start_s) in widget.pause_tile.detail.text()
    assert f"{len(report.delivery.pauses)} pause" in widget.pause_tile.detail.text()
    # What counts as long, from the settings (found as a new user: "long at 0:19").
    long_s = load_settings().pauses.long_mid_sentence_s
    assert f"; over {long_s:g} s mid-sentence at {clock_text(long_pauses[0].start_s)}" in (
        widget.pause_tile.detail.text()
    )


def test_bands_come_from_the_settings_given(qtbot) -> None:
    # The user's own bands: the report is measured with them and the card is told them.
    settings = load_settings().with_overrides(pace=(100.0, 130.0), fillers_good_max=1.5)
    plain = timed_report()
    assert plain.delivery is not None
    delivery = measure_delivery(
        plain.transcript,
        filler_spans(plain.transcript),
        recording_s=plain.delivery.recording_s,
        settings=settings,
        voice=plain.delivery.voice,
    )
    report = dataclasses.replace(plain, delivery=delivery)
    assert delivery.pace_status == "a_little_fast"
    widget = card(qtbot, report, settings=settings)
    assert widget.pace_tile.summary() == f"{delivery.wpm:.0f} wpm · a little fast (good 100-130)"
    assert widget.pace_tile.status == "warn"
    assert "100-130" in widget.pace_tile.toolTip()
    assert "up to 1.5 a minute" in widget.filler_tile.toolTip()

    # set_settings swaps the bands for the next report.
    defaults = load_settings()
    widget.set_settings(defaults)
    widget.set_report(plain)
    band = f"{defaults.pace.good_min_wpm:g}-{defaults.pace.good_max_wpm:g}"
    assert widget.pace_tile.summary() == f"{plain.delivery.wpm:.0f} wpm · good ({band})"


def test_target_and_statuses_come_from_the_bands_now(qtbot) -> None:
    # A take analysed against a 60 s target, shown after the user set 25 s: the tile judges
    # by the bands now (as History does), not by the statuses stored at analysis.
    report = timed_report()  # 27 s, too short for the packaged 90 s
    shorter = dataclasses.replace(report.delivery, target_s=60.0)
    now = load_settings().with_overrides(target_s=25.0)
    widget = card(qtbot, dataclasses.replace(report, delivery=shorter), settings=now)
    assert widget.time_tile.unit.text() == "of 0:25"
    assert "0:25" in widget.time_tile.toolTip()
    assert "a little long" in widget.time_tile.summary()
    assert widget.time_tile.status == "warn"

    # Changing the bands re-judges the report already shown.
    widget.set_settings(load_settings())
    assert widget.time_tile.unit.text() == "of 1:30"
    assert widget.time_tile.status == "fail"


def test_voice_tile_only_when_pitch_was_measured(qtbot) -> None:
    report = timed_report()
    assert report.delivery.voice.pitch_range_semitones is None
    widget = card(qtbot, report)
    assert not widget.voice_tile.isVisible()

    flat = dataclasses.replace(
        report.delivery.voice, pitch_range_semitones=2.4, pitch_median_hz=120.0, monotone=True
    )
    widget.set_report(
        dataclasses.replace(report, delivery=dataclasses.replace(report.delivery, voice=flat))
    )
    assert widget.voice_tile.isVisible()
    assert widget.voice_tile.status == "warn"
    limit = f"{load_settings().voice.monotone_below_semitones:g}"
    assert widget.voice_tile.summary() == f"2.4 semitones · monotone (varied {limit} or more)"
    assert colored(widget.voice_tile.status_line, "warn")
    # Found as a new user: "Median 120 Hz" under "2.4 semitones" said nothing about what
    # the figure should be. The tile gives its band, as the pace tile does.
    detail = widget.voice_tile.detail.text()
    assert detail.endswith(f"Varied: {limit} or more.") and "Median" not in detail
    assert "Your typical pitch: 120 Hz." in widget.voice_tile.toolTip()


def test_text_mode_shows_the_content_score_and_a_note(qtbot) -> None:
    report = Engine().analyze_text(" ".join(GOOD_ANSWER))
    assert report.delivery is None
    widget = card(qtbot, report)
    assert widget.note.isVisible()
    assert widget.note_title.text() == NO_AUDIO_NOTE
    assert not any(tile.isVisible() for tile in widget.tiles().values())
    assert widget.score_panel.total.text() == str(report.score.total)
    assert widget.score_panel.parts.text() == "Content score only"

    # The same widget takes an audio report next: the note goes, the tiles come back.
    widget.set_report(timed_report())
    assert not widget.note.isVisible()
    assert widget.pace_tile.isVisible()


def test_tiles_explain_themselves(qtbot) -> None:
    widget = card(qtbot, timed_report())
    for name in ("time", "pace", "fillers", "pauses"):
        tile = widget.tiles()[name]
        assert tile.toolTip()
        assert tile.accessibleName().endswith(tile.summary())
    assert "out of 100" in widget.score_panel.accessibleName()


def test_a_speaking_time_penalty_is_not_named_against_the_time_tile(qtbot) -> None:
    # Scored too short against 90 s, shown after the user set 25 s: the tile says "a little
    # long", so the 20 points off are named by what they were for, as the exports name them.
    report = timed_report()  # 27 s
    assert report.score.penalties == {"too_short": 20.0}
    now = load_settings().with_overrides(target_s=25.0)
    widget = card(qtbot, report, settings=now)
    assert "a little long" in widget.time_tile.summary()
    assert "−20 speaking time" in widget.score_panel.parts.text().splitlines()
    assert "too short" not in widget.score_panel.parts.text()
    assert "speaking time −20" in widget.score_panel.toolTip()

    widget.set_settings(load_settings())  # the bands it was scored by: named as scored
    assert "−20 too short" in widget.score_panel.parts.text().splitlines()


def test_the_pause_tile_says_which_silences_count_as_the_exports_do(qtbot) -> None:
    # Found as a new user: "0 pauses in all" under "0 mid-sentence" left open which
    # silences count; the terminal report and the exports say "No pauses of 1 s or more".
    min_pause_s = load_settings().pauses.min_pause_s
    calm = timed_report()  # 0.6 s between sentences: under the pause threshold
    assert calm.delivery is not None and not calm.delivery.pauses
    calm_card = card(qtbot, calm)
    assert calm_card.pause_tile.detail.text() == f"No pauses of {min_pause_s:g} s or more."
    paused = timed_report(long_gaps={1: 1.5})
    assert paused.delivery is not None and len(paused.delivery.pauses) == 1
    paused_card = card(qtbot, paused)
    assert paused_card.pause_tile.detail.text() == f"1 pause of {min_pause_s:g} s or more."


def test_a_take_too_short_to_rate_shows_no_rate_on_its_tiles(qtbot) -> None:
    """Found as a new user: a 1 s take's fillers tile read "85.7 per min"."""
    brief = timed_report(("Um, I want to lead a small team here.",))  # 4 s, one "um"
    d = brief.delivery
    assert d.too_short_to_rate and d.fillers_per_minute > 10
    widget = card(qtbot, brief)
    for tile in (widget.pace_tile, widget.filler_tile):
        assert "too short to rate" in tile.summary()
        assert tile.status is None  # no verdict colour for a rate it has not got
        shown = " ".join((tile.summary(), tile.detail.text()))
        assert "wpm ·" not in shown and "per min" not in shown
        assert f"{d.wpm:.0f}" != tile.value.text() != f"{d.fillers_per_minute:.1f}"
    assert widget.pace_tile.summary() == "8 words · too short to rate"
    assert widget.filler_tile.summary() == "1 filler · too short to rate"
    assert "0:10" in widget.pace_tile.detail.text()  # what a rate needs

    widget.set_report(timed_report(("Um, I want to lead a small team here.",) * 3))  # 13 s
    assert "wpm · good" in widget.pace_tile.summary()
    assert "per min" in widget.filler_tile.summary()
