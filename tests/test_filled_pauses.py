"""Which runs of sound may be fillers the model did not print, and which evidence makes them one.

Synthetic seeded signals with exact timings; the model's side is tested on real speech in
tests/test_transcription.py and tests/test_filler_set.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from speakprep.core.activity import detect_activity, highpass
from speakprep.core.filled_pauses import (
    FilledPauseSettings,
    FillerCandidate,
    FillerEvidence,
    WordNeed,
    accept_fillers,
    filler_candidates,
    is_filler,
    voiceless_sound,
)
from speakprep.core.models import Transcript, Word
from speakprep.core.printed_fillers import beside_heard, unplaced_duplicates
from speakprep.services.filler_check import check_fillers

SR = 16_000


def _voiced(seconds: float, f0: float = 140.0) -> np.ndarray:
    """A held vowel: 30 harmonics of a pitch that wanders 2% every 20 ms, as a voice's does
    (a pitch held exactly is an instrument's note, see :func:`_note`)."""
    n = int(seconds * SR)
    wander = np.random.default_rng(round(f0)).normal(0.0, 0.02, n // 320 + 2)
    pitch = f0 * (1.0 + np.interp(np.arange(n) / 320, np.arange(wander.size), wander))
    phase = 2 * np.pi * np.cumsum(pitch) / SR
    return (0.2 * sum(np.sin(k * phase) / k for k in range(1, 31))).astype(np.float32)


def _note(seconds: float, f0: float) -> np.ndarray:
    """An instrument's note: five harmonics of a pitch held exactly."""
    t = np.arange(int(seconds * SR)) / SR
    return (0.2 * sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))).astype(np.float32)


def _take(*parts: tuple[str, float]) -> np.ndarray:
    """("voice" | "silence" | "breath", seconds) parts over a faint seeded noise floor."""
    rng = np.random.default_rng(0)
    chunks = []
    for kind, seconds in parts:
        n = int(seconds * SR)
        if kind == "voice":
            chunks.append(_voiced(seconds))
        elif kind == "breath":
            chunks.append(rng.normal(0, 0.05, n).astype(np.float32))
        else:
            chunks.append(np.zeros(n, np.float32))
    y = np.concatenate(chunks)
    return y + rng.normal(0, 0.0005, y.size).astype(np.float32)


def _w(text: str, start: float, end: float, kind: str | None = None) -> Word:
    return Word(text, start, end, 0.9, filler=kind is not None, filler_kind=kind)  # type: ignore[arg-type]


def _candidates(y: np.ndarray, words: list[Word]) -> list[FillerCandidate]:
    return filler_candidates(words, detect_activity(y, SR), y, SR)


def test_a_voiced_run_between_words_with_no_word_is_a_candidate() -> None:
    y = _take(("voice", 0.6), ("silence", 0.4), ("voice", 0.5), ("silence", 0.4), ("voice", 0.6))
    (c,) = _candidates(y, [_w("yesterday", 0.0, 0.6), _w("something", 1.9, 2.5)])
    assert c.under == ()
    assert c.start_s == pytest.approx(1.0, abs=0.04) and c.end_s == pytest.approx(1.5, abs=0.04)


def test_a_run_a_long_word_was_stretched_over_is_a_candidate() -> None:
    # "one" said at 0.8-1.1 s, then a pause and an "uh" at 1.5-2.0 s that the model left out,
    # stretching "one" to 2.0 s (the MFA cold clip at 17 s).
    y = _take(
        ("voice", 0.8), ("voice", 0.3), ("silence", 0.4), ("voice", 0.5), ("silence", 0.4),
        ("voice", 0.6),
    )  # fmt: skip
    words = [_w("original", 0.0, 0.8), _w("one", 0.8, 2.0), _w("something", 2.4, 3.0)]
    (c, *_) = _candidates(y, words)
    assert c.under == ("one",)
    assert c.start_s == pytest.approx(1.5, abs=0.04)


def test_a_run_that_would_leave_its_word_no_sound_is_not_asked_about() -> None:
    # As above, but "one" has no sound before the run: heard as a filler, the run would
    # leave the word nothing of its own (``word_sound_share``), so no evidence could make
    # it one and the model is not asked. With the word's own syllable there, it is.
    words = [_w("original", 0.0, 0.8), _w("one", 0.8, 2.0), _w("something", 2.4, 3.0)]
    for syllable, asked in (("voice", True), ("silence", False)):
        y = _take(
            ("voice", 0.8), (syllable, 0.3), ("silence", 0.4), ("voice", 0.5), ("silence", 0.4),
            ("voice", 0.6),
        )  # fmt: skip
        assert any("one" in c.under for c in _candidates(y, words)) == asked, syllable


def test_a_short_run_a_word_reaches_into_is_its_own_syllable_not_a_candidate() -> None:
    # As above with a 0.2 s run: heard alone, a syllable that short sounds like "uh" to the
    # model ("has" cut off before its "z"), so it is not asked about; 0.3 s is.
    words = [_w("original", 0.0, 0.8), _w("one", 0.8, 2.0), _w("something", 2.4, 3.0)]
    for seconds, count in ((0.2, 0), (0.3, 1)):
        y = _take(
            ("voice", 0.8), ("voice", 0.3), ("silence", 0.4), ("voice", seconds),
            ("silence", 0.9 - seconds), ("voice", 0.6),
        )  # fmt: skip
        runs = [c for c in _candidates(y, words) if c.span_s is None]
        assert len(runs) == count, (seconds, runs)


def _babble(seconds: float) -> np.ndarray:
    """Speech-like sound: a different vowel-ish timbre every 60 ms, no steady stretch."""
    parts = [
        _voiced(0.06, f0=f0)
        for f0 in np.resize([110.0, 190.0, 140.0, 240.0], round(seconds / 0.06))
    ]
    return np.concatenate([p * (0.5 + (k % 3) / 2) for k, p in enumerate(parts)])


def test_a_steady_stretch_glued_inside_a_long_word_is_a_candidate() -> None:
    # "a um small" with no silence around the "um": the model stretched "a" over it.
    y = np.concatenate([_babble(0.96), _voiced(0.45), _babble(0.72)])
    words = [_w("i want to lead", 0.0, 0.96), _w("a", 0.96, 1.5), _w("small team", 1.5, 2.13)]
    found = filler_candidates(words, detect_activity(y, SR), y, SR)
    (c,) = [c for c in found if c.under == ("a",)]
    assert not c.before_pause
    assert c.start_s >= 0.96 - 0.03 and c.end_s <= 1.41 + 0.03


@pytest.mark.parametrize(("gap_s", "asked"), [(0.0, True), (0.3, False)])
def test_two_words_share_a_filler_only_when_they_touch(gap_s: float, asked: bool) -> None:
    # "so um far": neither word is long enough alone, together they are. The model splits
    # a filler between two words only when they touch; with a pause between them (slt's
    # "examples" and "Still" 3.4 s apart) the steadiest stretch of the pair is heard alone.
    pause = np.zeros(int(gap_s * SR), np.float32)
    y = np.concatenate([_babble(0.96), _voiced(0.45), pause, _babble(0.72)])
    y = y + np.random.default_rng(0).normal(0, 0.0005, y.size).astype(np.float32)
    words = [_w("i want to lead", 0.0, 0.96), _w("so", 0.96, 1.29)]
    words += [_w("far", 1.29 + gap_s, 1.69 + gap_s), _w("small team", 1.69 + gap_s, 2.13 + gap_s)]
    activity = detect_activity(y, SR)
    found = filler_candidates(words, activity, y, SR)
    assert any(c.under == ("so", "far") for c in found) == asked
    anywhere = FilledPauseSettings(pair_max_gap_s=math.inf)  # the pair is a candidate then
    found = filler_candidates(words, activity, y, SR, settings=anywhere)
    assert any(c.under == ("so", "far") for c in found)


def test_the_pause_a_word_was_drawn_over_is_not_a_candidate() -> None:
    # "for you | ask": the model stretched "you" over the pause after it (JFK at 7.6 s);
    # the steadiest stretch of "you" is the silence, which is no filler.
    y = np.concatenate([_babble(0.96), _babble(0.3), np.zeros(int(0.7 * SR), np.float32)])
    y = np.concatenate([y, _babble(0.6)])
    y = y + np.random.default_rng(0).normal(0, 0.0005, y.size).astype(np.float32)
    words = [_w("can do for", 0.0, 0.96), _w("you", 0.96, 1.96), _w("ask what", 1.96, 2.56)]
    found = filler_candidates(words, detect_activity(y, SR), y, SR)
    assert [c for c in found if "you" in c.under] == []


@pytest.mark.parametrize(("word_start_s", "asked"), [(3.4, False), (2.2, True)])
def test_music_a_word_was_drawn_back_over_is_not_a_candidate(
    word_start_s: float, asked: bool
) -> None:
    # A 2.5 s chord ends 0.4 s before "over", which the model stretched 0.7 s back into it
    # (tune draw 9302, music_en-gb-3): the steadiest stretch of "over" is the chord, which
    # runs on 1.8 s before the word with no word there: another sound. Stretched over all
    # but 0.6 s of it, the word may have been drawn over a filler: its window is asked about.
    chord = sum(_note(2.5, f0) for f0 in (220.0, 277.0, 330.0)) / 3
    y = np.concatenate([_babble(1.0), np.zeros(int(0.6 * SR), np.float32), chord])
    y = np.concatenate([y, np.zeros(int(0.4 * SR), np.float32), _babble(0.4)])
    y = y + np.random.default_rng(0).normal(0, 0.0005, y.size).astype(np.float32)
    words = [_w("i want to lead", 0.0, 1.0), _w("over", word_start_s, 4.9)]
    windows = [c for c in _candidates(y, words) if c.span_s is not None]
    assert bool(windows) == asked, windows


def test_chords_between_phrases_are_not_a_candidate_a_voice_as_long_is() -> None:
    # Two chords (1.5 s) between sentences with no word there (held draw 9313): periodic and
    # low like a voice, and the model heard them as "um"; their harmonics hold still.
    chords = np.concatenate(
        [sum(_note(0.75, f0) for f0 in notes) / 3 for notes in ((220, 277, 330), (196, 247, 294))]
    )
    words = [_w("yesterday", 0.0, 0.6), _w("something", 3.1, 3.7)]
    for sound, asked in ((chords, False), (_voiced(1.5), True)):
        y = np.concatenate([_voiced(0.6), np.zeros(int(0.5 * SR)), sound])
        y = np.concatenate([y, np.zeros(int(0.5 * SR)), _voiced(0.6)]).astype(np.float32)
        y = y + np.random.default_rng(0).normal(0, 0.0005, y.size).astype(np.float32)
        assert bool(_candidates(y, words)) == asked


def test_a_word_split_by_a_closure_is_not_a_candidate() -> None:
    # "a|coustic": a stop closure splits one word into two runs; neither part is a filler.
    y = _take(("voice", 0.15), ("silence", 0.08), ("voice", 0.4), ("silence", 0.5), ("voice", 0.5))
    words = [_w("acoustic", 0.0, 0.63), _w("corpus", 1.13, 1.63)]
    assert _candidates(y, words) == []


def test_a_printed_filler_next_to_the_run_is_the_same_filler() -> None:
    y = _take(("voice", 0.6), ("silence", 0.4), ("voice", 0.5), ("silence", 0.4), ("voice", 0.6))
    words = [_w("yesterday", 0.0, 0.6), _w("uh", 1.55, 1.8, "hard"), _w("something", 1.9, 2.5)]
    assert _candidates(y, words) == []


def test_a_printed_filler_with_no_time_of_its_own_leaves_the_run_to_the_audio() -> None:
    # The model printed "Uh" but timed it at the next word's onset (0.1 s, at 1.9 s); the
    # run at 1.0-1.5 s is still asked about, and once heard the printed one goes.
    y = _take(("voice", 0.6), ("silence", 0.4), ("voice", 0.5), ("silence", 0.4), ("voice", 0.6))
    words = [_w("yesterday", 0.0, 0.6), _w("Uh", 1.9, 2.0, "hard"), _w("something", 2.0, 2.5)]
    (c,) = _candidates(y, words)
    assert c.start_s == pytest.approx(1.0, abs=0.04)
    heard = accept_fillers([c], [FillerEvidence(0.0, math.inf)])
    assert unplaced_duplicates(words, heard) == [1]
    # A word wholly between them: two fillers, both kept.
    apart = [_w("yesterday", 0.0, 0.6), _w("so", 1.6, 1.8), *words[1:]]
    assert unplaced_duplicates(apart, heard) == []


def test_a_printed_filler_beside_a_heard_one_is_heard_again() -> None:
    # "but who cares ... um this": the model printed "um" over 1.0-1.5 s (time of its own),
    # and the "um" said at 1.9-2.4 s is heard in the audio. The printed one stays only if,
    # heard on its own, it still sounds like a filler.
    y = _take(
        ("voice", 0.6), ("silence", 0.4), ("voice", 0.5), ("silence", 0.4), ("voice", 0.5),
        ("silence", 0.4), ("voice", 0.6),
    )  # fmt: skip
    words = [_w("but", 0.0, 0.6), _w("um", 1.0, 1.5, "hard"), _w("this", 2.8, 3.4)]
    transcript = Transcript("but um this", tuple(words), 3.4)
    activity = detect_activity(y, SR)
    bar = FilledPauseSettings().printed_min_log_odds

    def checked(printed_log_odds: float) -> list[str]:
        def judge(samples, candidates, settled=None):
            said = {1.0: printed_log_odds, 1.9: 0.0}  # the printed "um", the one heard
            return [
                FillerEvidence(said.get(round(c.start_s, 1), -9.0), math.inf) for c in candidates
            ]

        return [w.text for w in check_fillers(transcript, activity, y, SR, judge).words]

    assert checked(bar - 0.5) == ["but", "(um)", "this"]
    assert checked(bar + 0.5) == ["but", "um", "(um)", "this"]
    heard = [Word("(um)", 1.9, 2.4, filler=True, filler_kind="hard", source="audio")]
    assert beside_heard(words, heard) == [1]
    assert unplaced_duplicates(words, heard) == []  # it has time of its own
    # A word wholly between them: two fillers, the printed one not in doubt.
    apart = [*words[:2], _w("so", 1.6, 1.8), words[2]]
    assert beside_heard(apart, heard) == []


def test_sound_before_the_first_word_or_after_the_last_is_left_alone() -> None:
    y = _take(("voice", 0.5), ("silence", 1.2), ("voice", 0.6), ("silence", 0.5), ("voice", 0.5))
    assert _candidates(y, [_w("something", 1.7, 2.3)]) == []


def test_a_breath_between_words_is_not_a_candidate() -> None:
    y = _take(("voice", 0.6), ("silence", 0.4), ("breath", 0.5), ("silence", 0.4), ("voice", 0.6))
    assert _candidates(y, [_w("yesterday", 0.0, 0.6), _w("something", 1.9, 2.5)]) == []


def test_a_breath_is_voiceless_sound_a_voice_is_not_and_silence_is_nothing_to_judge() -> None:
    # A printed filler over voiceless sound is heard again by the model (doubtful_printed).
    y = _take(("silence", 0.5), ("breath", 0.6), ("silence", 0.5), ("voice", 0.5), ("silence", 0.6))
    activity = detect_activity(y, SR)
    assert voiceless_sound(y, SR, activity, 0.45, 1.15)
    assert not voiceless_sound(y, SR, activity, 1.55, 2.15)
    assert not voiceless_sound(y, SR, activity, 0.45, 2.15)  # breath and voice: a voice
    assert not voiceless_sound(y, SR, activity, 2.15, 2.65)  # only silence


@pytest.mark.parametrize("mains_hz", [50.0, 60.0])
def test_hum_between_words_is_not_a_candidate_but_a_low_voice_is(mains_hz: float) -> None:
    # Hum switched on between two words is periodic and low like a voice, but it repeats
    # exactly at the mains period. A voice at 100 Hz (every harmonic a multiple of 50 Hz)
    # repeats there too, yet better at its own period: it stays a candidate.
    words = [_w("yesterday", 0.0, 0.6), _w("something", 1.9, 2.5)]
    y = _take(("voice", 0.6), ("silence", 0.4), ("silence", 0.5), ("silence", 0.4), ("voice", 0.6))
    t = np.arange(int(0.5 * SR)) / SR
    hum = sum(np.sin(2 * np.pi * mains_hz * k * t) / k for k in (1, 2, 3, 5))
    y[int(1.0 * SR) : int(1.5 * SR)] += (0.15 * hum).astype(np.float32)
    assert _candidates(y, words) == []
    y = _take(("voice", 0.6), ("silence", 0.4), ("silence", 0.5), ("silence", 0.4), ("voice", 0.6))
    y[int(1.0 * SR) : int(1.5 * SR)] += _voiced(0.5, f0=100.0)
    assert len(_candidates(y, words)) == 1


def test_too_short_and_too_long_runs_are_not_candidates() -> None:
    settings = FilledPauseSettings()
    for seconds in (settings.min_s - 0.05, settings.max_s + 0.3):
        y = _take(
            ("voice", 0.6), ("silence", 0.4), ("voice", seconds), ("silence", 0.4), ("voice", 0.6)
        )
        end = 1.4 + seconds
        words = [_w("yesterday", 0.0, 0.6), _w("something", end, end + 0.6)]
        assert _candidates(y, words) == [], seconds


def test_no_timed_words_no_candidates() -> None:
    y = _take(("voice", 0.6))
    assert _candidates(y, []) == []
    assert _candidates(y, [Word("hello")]) == []


GAP = FillerCandidate(1.0, 1.5)
STRETCHED = FillerCandidate(1.5, 2.0, ("one",))


@pytest.mark.parametrize(
    ("candidate", "odds", "versus", "expected"),
    [
        (GAP, -2.0, math.inf, True),
        (GAP, -4.0, math.inf, False),
        (STRETCHED, 0.5, 3.0, True),
        (STRETCHED, 0.5, -1.0, False),  # sounds more like the word stretched over it
        (STRETCHED, -3.0, 3.0, False),  # sounds like neither
        (FillerCandidate(1.5, 2.0, ("one",), before_pause=True), -1.5, 3.0, False),
        # A weakly periodic (creaky) run needs the model surer than a clearly voiced one.
        (FillerCandidate(1.0, 1.5, periodicity=0.2), -2.5, math.inf, False),
        (FillerCandidate(1.0, 1.5, periodicity=0.2), -1.5, math.inf, True),
        # A run holding one sound this steadily needs less of the model (a TV behind it)...
        (FillerCandidate(1.0, 1.5, change_db=2.5), -4.0, math.inf, True),
        (FillerCandidate(1.0, 1.5, change_db=2.5), -6.0, math.inf, False),
        (FillerCandidate(1.0, 1.5, change_db=3.5), -4.0, math.inf, False),
        # ...but no less than the word a word reaching into it gives, nor when it is creaky.
        (FillerCandidate(1.0, 1.5, ("one",), change_db=2.5), -4.0, -1.0, False),
        # Heard only weakly as a filler, it is often the word's own vowel: it must sound like
        # a filler clearly more than like the word ("has" under noise: -4.6, 1.18 over it).
        (FillerCandidate(1.0, 1.5, ("has",), change_db=2.5), -4.6, 1.2, False),
        (FillerCandidate(1.0, 1.5, ("has",), change_db=2.5), -4.6, 2.2, True),
        (FillerCandidate(1.0, 1.5, ("has",), change_db=2.5), -2.5, 1.2, True),
        (FillerCandidate(1.0, 1.5, periodicity=0.2, change_db=2.5), -4.0, math.inf, False),
        # A fixed-length window is another try at a span: it must be surer.
        (FillerCandidate(1.5, 1.9, ("one",), span_s=(1.0, 2.0)), -2.0, 1.2, True),
        (
            FillerCandidate(1.5, 1.9, ("one",), span_s=(1.0, 2.0), fixed_length=True),
            -2.0,
            3.0,
            False,
        ),
        (
            FillerCandidate(1.5, 1.9, ("one",), span_s=(1.0, 2.0), fixed_length=True),
            -1.0,
            1.2,
            False,
        ),
        (
            FillerCandidate(1.5, 1.9, ("one",), span_s=(1.0, 2.0), fixed_length=True),
            -1.0,
            3.0,
            True,
        ),
    ],
)
def test_the_evidence_decides(candidate, odds: float, versus: float, expected: bool) -> None:
    evidence = FillerEvidence(filler_log_odds=odds, versus_words=versus)
    assert is_filler(candidate, evidence) is expected


def test_accepted_candidates_become_audio_fillers() -> None:
    yes = FillerEvidence(filler_log_odds=1.0, versus_words=math.inf)
    no = FillerEvidence(filler_log_odds=-9.0, versus_words=math.inf)
    (word,) = accept_fillers([GAP, FillerCandidate(3.0, 3.4)], [yes, no])
    assert word == Word("(um)", 1.0, 1.5, None, filler=True, filler_kind="hard", source="audio")
    assert type(word.start_s) is float
    with pytest.raises(ValueError, match="one piece of evidence per candidate"):
        accept_fillers([GAP], [])


def test_one_filler_at_most_from_the_windows_of_one_span() -> None:
    span = (1.0, 2.2)
    windows = [
        FillerCandidate(1.2, 1.8, ("one",), span_s=span),
        FillerCandidate(1.5, 1.75, ("one",), span_s=span, fixed_length=True),
        FillerCandidate(1.4, 1.8, ("one",), span_s=span, fixed_length=True),
    ]
    sure = FillerEvidence(filler_log_odds=-1.0, versus_words=4.0)
    surer = FillerEvidence(filler_log_odds=1.5, versus_words=4.0)
    (word,) = accept_fillers(windows, [sure, surer, sure])
    assert (word.start_s, word.end_s) == (1.5, 1.75)
    # Another span's window, and a run of its own, are decided on their own.
    other = FillerCandidate(3.0, 3.4, ("two",), span_s=(2.8, 3.6), fixed_length=True)
    run = FillerCandidate(5.0, 5.5)
    found = accept_fillers([run, *windows, other], [surer, sure, surer, sure, surer])
    assert [(w.start_s, w.end_s) for w in found] == [(1.5, 1.75), (3.0, 3.4), (5.0, 5.5)]


def test_fillers_heard_next_to_each_other_are_one() -> None:
    # A long "um" glued between "my" and "fellow": both words were stretched over part of
    # it, and a window of each was heard as a filler. One filler, not two.
    sure = FillerEvidence(filler_log_odds=1.0, versus_words=4.0)
    mine = FillerCandidate(1.23, 1.48, ("my",), span_s=(1.04, 1.52), fixed_length=True)
    yours = FillerCandidate(1.55, 1.95, ("fellow",), span_s=(1.52, 2.34), fixed_length=True)
    (word,) = accept_fillers([mine, yours], [sure, sure])
    assert (word.start_s, word.end_s) == (1.23, 1.95)
    assert len(accept_fillers([mine, FillerCandidate(1.8, 2.2)], [sure, sure])) == 2


def test_a_word_keeps_sound_of_its_own_so_one_of_two_runs_under_it_is_a_filler() -> None:
    # "far" (0.0-1.3 s) was stretched over its own syllable (0.0-0.3 s) and a filler
    # (0.5-1.0 s); both runs sound like fillers to the model heard on their own. Taking
    # both would leave "far" no sound at all: only the surer one is a filler.
    y = _take(("voice", 0.3), ("silence", 0.2), ("voice", 0.5), ("silence", 0.6))
    activity = detect_activity(y, SR)
    far = (WordNeed(0.0, 1.3, 0.06),)
    own = FillerCandidate(0.0, 0.3, ("far",), needs=far)
    filler = FillerCandidate(0.5, 1.0, ("far",), needs=far)
    sure = FillerEvidence(filler_log_odds=0.0, versus_words=4.0)
    surer = FillerEvidence(filler_log_odds=2.0, versus_words=4.0)
    (word,) = accept_fillers([own, filler], [sure, surer], activity)
    assert (word.start_s, word.end_s) == (0.5, 1.0)
    (word,) = accept_fillers([own, filler], [surer, sure], activity)
    assert (word.start_s, word.end_s) == (0.0, 0.3)
    # A word with sound left besides the filler keeps it.
    y = _take(("voice", 0.3), ("silence", 0.2), ("voice", 0.5), ("silence", 0.2), ("voice", 0.3))
    assert len(accept_fillers([filler], [surer], detect_activity(y, SR))) == 1
    # Without the take's sound the words are not checked.
    assert len(accept_fillers([own, filler], [sure, surer])) == 2


def _hiss(seconds: float) -> np.ndarray:
    """A held fricative ("sss"): steady noise, as loud as the voice, with no pitch."""
    rng = np.random.default_rng(5)
    return highpass(rng.normal(0, 0.2, int(seconds * SR)).astype(np.float32), SR, 1500.0)


def test_the_steadiest_stretch_of_a_word_is_no_candidate_when_it_is_a_hiss() -> None:
    # A word drawn out over a held fricative ("sss"): its steadiest stretch holds no voice,
    # and a filled pause is voiced.
    words = [_w("i want to lead", 0.0, 0.96), _w("a", 0.96, 1.5), _w("small team", 1.5, 2.13)]
    for middle, judged in ((_hiss(0.45), False), (_voiced(0.45), True)):
        y = np.concatenate([_babble(0.96), middle, _babble(0.72)])
        found = filler_candidates(words, detect_activity(y, SR), y, SR)
        assert any(c.under == ("a",) for c in found) == judged


def _syllables(seconds: float) -> np.ndarray:
    """A voice moving from sound to sound every 70 ms, as speech does: dark and bright
    vowels in turn (the same voice, low- or high-passed)."""
    y = _voiced(seconds)
    dark, bright = y - highpass(y, SR, 600.0), 3.0 * highpass(y, SR, 1200.0)
    turn = (np.arange(y.size) // int(0.07 * SR)) % 2
    return np.where(turn == 0, dark, bright).astype(np.float32)


@pytest.mark.parametrize("inside_a_word", [True, False])
def test_a_voice_that_moves_on_is_no_candidate_a_held_one_is(inside_a_word: bool) -> None:
    # A short word the model drew out over its own sounds ("I" over /ai/ and the next
    # onset: tune draw 9302), or TV speech between sentences (held draws 9331, 9341): voiced
    # and low, but not one held sound, as a filler is. With any spectral change allowed,
    # the same sound is asked about.
    words = [_w("i want to lead", 0.0, 0.96), _w("a", 0.96, 1.5), _w("small team", 1.5, 2.13)]
    if not inside_a_word:
        words = [words[0], _w("small team", 1.9, 2.53)]
    silence = np.zeros(int((0.0 if inside_a_word else 0.2) * SR), np.float32)
    anything = FilledPauseSettings(max_change_db=math.inf, max_run_change_db=math.inf)
    for middle, asked in ((_syllables(0.45), False), (_voiced(0.45), True)):
        y = np.concatenate([_babble(0.96), silence, middle, silence, _babble(0.72)])
        y = y + np.random.default_rng(0).normal(0, 0.0005, y.size).astype(np.float32)
        activity = detect_activity(y, SR)
        middle_s = (0.96 + silence.size / SR, 0.96 + (silence.size + middle.size) / SR)

        def there(found: list[FillerCandidate], at: tuple[float, float] = middle_s) -> bool:
            return any(c.start_s < at[1] and c.end_s > at[0] for c in found)

        assert there(filler_candidates(words, activity, y, SR)) == asked
        found = filler_candidates(words, activity, y, SR, settings=anything)
        assert there(found)
        if not inside_a_word:  # a run between silences: how steady it is goes with it
            (run,) = [c for c in found if there([c])]
            steady = run.change_db <= FilledPauseSettings().steady_run_max_change_db
            assert steady == asked, run.change_db


@pytest.mark.parametrize(("text", "asked"), [("a", True), ("one", False), ("1", False)])
def test_a_number_printed_as_a_digit_is_as_long_as_its_spoken_name(text: str, asked: bool) -> None:
    # "in one quarter" printed "in 1 quarter" (held-seed draws 9331, 9367): 0.36 s is far
    # longer than one letter takes, not than "one" does; "a" is drawn out that long.
    y = np.concatenate([_babble(0.96), _voiced(0.36), _babble(0.98)])
    words = [_w("i want to lead", 0.0, 0.96), _w(text, 0.96, 1.32)]
    words += [_w("small team", 1.32, 1.95), _w("there", 1.95, 2.3)]
    assert any(c.under == (text,) for c in _candidates(y, words)) == asked


def test_a_printed_filler_with_no_time_of_its_own_leaves_the_stretched_word_to_the_audio() -> None:
    # "a um small": the model stretched "a" over the "um" and printed "Uh" after it with no
    # time of its own (20 ms); the word's windows are still judged. A printed filler with
    # time of its own there is the filler, and they are not.
    y = np.concatenate([_babble(0.96), _voiced(0.45), _babble(0.72)])
    for uh, judged in (((1.41, 1.43), True), ((1.41, 1.7), False)):
        words = [
            _w("i want to lead", 0.0, 0.96),
            _w("a", 0.96, 1.41),
            _w("Uh", *uh, "hard"),
            _w("small team", uh[1], 2.13),
        ]
        found = filler_candidates(words, detect_activity(y, SR), y, SR)
        assert any(c.under == ("a",) for c in found) == judged, uh
