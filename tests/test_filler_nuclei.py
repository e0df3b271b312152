"""One printed filler over two said ones: found in real audio, counted twice, time kept."""

from __future__ import annotations

import numpy as np
import pytest

from speakprep.audio.files import load_audio
from speakprep.core.activity import Activity, detect_activity
from speakprep.core.filled_pauses import FilledPauseSettings, FillerEvidence
from speakprep.core.filler_nuclei import (
    Doubled,
    RepeatSettings,
    confirms_repeat,
    doubled_fillers,
    repeated_fillers,
    split_doubled,
)
from speakprep.core.models import Transcript, Word
from speakprep.services.filler_check import check_fillers
from tests.conftest import AUDIO

HOP_S = 0.01


def _activity(level_db: list[float]) -> Activity:
    level = np.asarray(level_db, np.float64)
    return Activity(HOP_S, level, level > -60.0, -60.0, ((0.0, level.size * HOP_S),))


def _filler(start_s: float, end_s: float, text: str = "uh") -> Word:
    return Word(text, start_s, end_s, filler=True, filler_kind="hard")


def _steps(*parts: tuple[float, float]) -> list[float]:
    """A level contour: (dB, seconds) held in turn."""
    return [db for db, seconds in parts for _ in range(round(seconds / HOP_S))]


def test_two_bumps_with_a_dip_between_are_two_nuclei() -> None:
    level = _steps((-70, 0.3), (-30, 0.5), (-50, 0.1), (-32, 0.6), (-70, 0.3))
    (doubled,) = doubled_fillers([_filler(0.25, 1.85)], _activity(level))
    assert doubled.index == 0
    first, second = doubled.nuclei
    # From the valley before each to the valley after (the dip is 0.8-0.9 s).
    assert 0.15 <= first.start_s <= 0.3 and 0.8 <= first.end_s <= 0.9
    assert second.start_s == first.end_s and 1.4 <= second.end_s <= 1.6


def test_a_held_filler_that_wavers_is_one_nucleus() -> None:
    # 6 dB of waver inside one "uuuh" is not a dip between two fillers.
    level = _steps((-70, 0.3), (-30, 0.4), (-36, 0.2), (-30, 0.5), (-70, 0.3))
    assert doubled_fillers([_filler(0.25, 1.5)], _activity(level)) == []


def test_sound_running_on_past_the_span_belongs_to_the_neighbour() -> None:
    # The second bump is still loud where the printed filler ends: the next word's.
    level = _steps((-70, 0.3), (-30, 0.5), (-55, 0.1), (-32, 0.8), (-70, 0.3))
    assert doubled_fillers([_filler(0.25, 1.3)], _activity(level)) == []


def test_printed_words_that_are_no_hard_fillers_are_left_alone() -> None:
    level = _steps((-70, 0.3), (-30, 0.5), (-50, 0.1), (-32, 0.6), (-70, 0.3))
    words = [Word("hello", 0.25, 1.85), Word("(um)", 0.25, 1.85, True, "hard", source="audio")]
    assert doubled_fillers(words, _activity(level)) == []


def test_confirmed_nuclei_split_the_printed_filler_without_moving_time() -> None:
    words = (Word("so", 0.0, 0.2), _filler(0.3, 1.9), Word("well", 2.0, 2.3))
    transcript = Transcript(text="so uh well", words=words)
    level = _steps((-70, 0.3), (-30, 0.5), (-50, 0.1), (-32, 0.6), (-70, 0.3))
    doubled = doubled_fillers(words, _activity(level))
    bar = FilledPauseSettings().printed_min_log_odds
    yes, no = FillerEvidence(bar + 1.0, np.inf), FillerEvidence(bar - 1.0, np.inf)
    split = split_doubled(transcript, doubled, [yes, yes])
    assert [w.text for w in split.words] == ["so", "uh", "(um)", "well"]
    first, second = split.words[1], split.words[2]
    assert (first.start_s, second.end_s) == (0.3, 1.9)
    assert first.end_s == second.start_s == pytest.approx(0.8, abs=0.02)
    assert second.source == "audio" and second.filler_kind == "hard"
    # One nucleus the model does not hear as a filler: the printed word stays one.
    assert split_doubled(transcript, doubled, [yes, no]) == transcript
    with pytest.raises(ValueError):
        split_doubled(transcript, [Doubled(1, doubled[0].nuclei)], [yes])


def test_a_printed_filler_straight_after_another_is_a_repeat_to_hear_again() -> None:
    words = [
        Word("so", 0.0, 0.3),
        _filler(0.3, 0.7, "Umm"),
        _filler(0.7, 0.95, "um"),  # straight after: a repeat
        Word("for", 0.95, 1.2),
        _filler(1.2, 1.5),  # after a word: not one
        _filler(1.9, 2.3, "um"),  # 0.4 s after a filler: said again, not a repeat
        Word("(um)", 2.3, 2.6, True, "hard", source="audio"),  # heard, not printed
        _filler(2.6, 2.9),
    ]
    assert repeated_fillers(words) == [2]
    bar = RepeatSettings().min_log_odds
    assert confirms_repeat(FillerEvidence(bar + 0.1, np.inf))
    assert not confirms_repeat(FillerEvidence(bar - 0.1, np.inf))


def _checked(engine, name: str) -> tuple[np.ndarray, Activity, Transcript]:
    """The take's words as the engine has them just before the split: checked fillers."""
    samples = load_audio(AUDIO / name).samples
    activity = detect_activity(samples, 16_000)
    marked = engine._marked(samples, engine.transcriber.transcribe(samples), activity)
    judge = engine.transcriber.filler_evidence
    return samples, activity, check_fillers(marked, activity, samples, 16_000, judge)


@pytest.mark.model
def test_one_printed_filler_over_two_said_ones_counts_twice_in_real_audio(engine) -> None:
    # mfa_uhum says "montreal forced uh um uh hm hm um forced aligner"; tiny.en prints one
    # "um" over the first "uh" and the "um" (with its pieces decoded in one 12 s group: one
    # "uh" over the "um" and the second "uh"), with only a dip in loudness between them.
    samples, activity, checked = _checked(engine, "mfa_uhum.flac")
    (doubled,) = doubled_fillers(checked.words, activity)
    printed = checked.words[doubled.index]
    assert printed.filler_kind == "hard" and len(doubled.nuclei) == 2
    evidence = engine.transcriber.filler_evidence(samples, list(doubled.nuclei))
    bar = FilledPauseSettings().printed_min_log_odds
    # Measured 2.7 to 3.4 over the bar (int8 and float32, 1-4 threads, grouped or not).
    assert min(e.filler_log_odds for e in evidence) >= bar + 1.0, evidence
    report = engine.analyze_file(AUDIO / "mfa_uhum.flac")
    split = [
        w
        for w in report.transcript.words
        if w.text == "(um)" and printed.start_s < (w.start_s or 0.0) < printed.end_s
    ]
    assert len(split) == 1
    # Six said, six counted: tiny.en's "Umm um for a stilliner" writes the last "um" again
    # on "forced" (heard alone: -6.3 to -6.7 log-odds against the repeat bar of -4.5).
    hard = [f for f in report.delivery.fillers if f.kind == "hard"]
    assert len(hard) == 6, hard
    assert not any((f.start_s or 0.0) > 6.66 for f in hard), hard


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "fillers"), [("mfa_uh.flac", 1), ("mfa_um.flac", 1), ("mfa_crossword.flac", 2)]
)
def test_single_fillers_in_real_audio_are_counted_once(engine, name: str, fillers: int) -> None:
    # mfa_uh's one long "uh" wavers and ends in a consonant's burst; mfa_crossword's
    # printed "um" reaches over the start of the next word (the model hears no filler
    # there: -4.9 log-odds against the bar of -2).
    report = engine.analyze_file(AUDIO / name)
    assert len([f for f in report.delivery.fillers if f.kind == "hard"]) == fillers
