"""Delivery metrics on hand-built timed transcripts: exact figures, bands from the data file."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from speakprep.core.delivery import find_pauses, judge_delivery, measure_delivery
from speakprep.core.fillers import filler_spans, load_filler_lexicon, mark_fillers
from speakprep.core.settings import AnalysisSettings, SettingsError, load_settings
from speakprep.core.text import join_timed_words

SETTINGS = load_settings()


def _timed(*pieces: tuple[str, float, float]):
    transcript = join_timed_words([(text, s, e, 0.9) for text, s, e in pieces])
    return mark_fillers(transcript, load_filler_lexicon())


def _even(text: str, start: float, seconds_per_word: float, gap: float = 0.0):
    """Words of ``text`` one after another, each ``seconds_per_word`` long."""
    pieces, t = [], start
    for token in text.split():
        pieces.append((" " + token, t, t + seconds_per_word))
        t += seconds_per_word + gap
    return pieces


def test_speaking_time_and_pace_exclude_silence_and_fillers() -> None:
    pieces = [(" Um,", 2.0, 2.5), *_even("I want to lead a team here.", 2.5, 0.5)]
    t = _timed(*pieces)
    d = measure_delivery(t, filler_spans(t), recording_s=10.0, settings=SETTINGS)
    assert d.recording_s == 10.0
    assert d.speaking_s == pytest.approx(4.0)  # 2.0 -> 6.0, the filler included
    assert d.word_count == 7
    assert d.wpm == pytest.approx(7 / 4.0 * 60, abs=0.1)
    assert [f.text for f in d.fillers] == ["Um"]
    assert d.fillers_per_minute == pytest.approx(15.0)
    assert d.filler_status == "high"


@pytest.mark.parametrize(
    ("speaking_s", "status"),
    [
        (20, "too_short"),
        (45, "on_target"),
        (90, "on_target"),
        (95, "a_little_long"),
        (120, "too_long"),
    ],
)
def test_target_status_bands(speaking_s: float, status: str) -> None:
    assert SETTINGS.speaking_time.status(speaking_s) == status


@pytest.mark.parametrize(
    ("wpm", "status"),
    [(100, "slow"), (115, "a_little_slow"), (140, "good"), (170, "a_little_fast"), (190, "fast")],
)
def test_pace_bands(wpm: float, status: str) -> None:
    assert SETTINGS.pace.status(wpm) == status


@pytest.mark.parametrize(
    ("per_min", "status"), [(2, "good"), (3, "good"), (4, "fair"), (6, "high")]
)
def test_filler_bands(per_min: float, status: str) -> None:
    assert SETTINGS.fillers.status(per_min) == status


def test_pauses_between_sentences_and_a_long_one_mid_sentence() -> None:
    t = _timed(
        (" I", 0.0, 0.3),
        (" trained.", 0.3, 0.8),
        (" Next", 2.0, 2.4),  # 1.2 s pause after a full stop: a pause, not mid-sentence
        (" I", 2.4, 2.6),
        (" will", 2.6, 2.9),
        (" lead", 6.0, 6.4),  # 3.1 s gap inside a sentence: long
        (" teams.", 6.4, 7.0),
    )
    pauses = find_pauses(t, SETTINGS)
    assert [(p.start_s, p.end_s) for p in pauses] == [(0.8, 2.0), (2.9, 6.0)]
    assert [p.mid_sentence for p in pauses] == [False, True]
    assert [p.long for p in pauses] == [False, True]


def test_pace_over_time_shows_a_slow_down() -> None:
    fast = _even(" ".join(["word"] * 40), 0.0, 0.25)  # 240 wpm for 10 s
    slow = _even(" ".join(["word"] * 10), 10.0, 0.6, gap=0.4)  # 60 wpm for 10 s
    t = _timed(*fast, *slow)
    d = measure_delivery(t, filler_spans(t), recording_s=20.0, settings=SETTINGS)
    points = d.pace_over_time
    assert points[0].time_s == pytest.approx(5.0)
    assert points[0].wpm == pytest.approx(240, abs=10)
    # The last window (9.6-19.6 s) holds the 10 slow words and the last 2 fast ones.
    assert points[-1].wpm == pytest.approx(72, abs=1)
    assert all(a.time_s < b.time_s for a, b in itertools.pairwise(points))


def test_repeated_content_words_are_listed() -> None:
    text = "I love data. Data matters. Data work is data science and data again."
    t = _timed(*_even(text, 0.0, 0.3))
    d = measure_delivery(t, filler_spans(t), recording_s=5.0, settings=SETTINGS)
    assert d.repetitions[0] == ("data", 5)


def test_empty_transcript_gives_zeros_not_a_crash() -> None:
    t = _timed()
    d = measure_delivery(t, [], recording_s=3.0, settings=SETTINGS)
    assert (d.speaking_s, d.wpm, d.word_count, d.target_status) == (0.0, 0.0, 0, "too_short")


def test_too_short_to_rate_is_a_plain_bool_for_numpy_word_times() -> None:
    # The transcriber's word times are np.float32; the field is typed bool and a JSON or
    # an ``is True`` check must not meet an np.bool_.
    pieces = [
        (text, np.float32(s), np.float32(e)) for text, s, e in _even("I want to lead.", 0.0, 0.5)
    ]
    t = _timed(*pieces)
    d = measure_delivery(t, filler_spans(t), recording_s=3.0, settings=SETTINGS)
    assert type(d.too_short_to_rate) is bool and d.too_short_to_rate
    assert type(judge_delivery(d, SETTINGS).too_short_to_rate) is bool
    assert type(SETTINGS.speaking_time.too_short_to_rate(np.float32(12.0))) is bool


def test_user_overrides_shift_the_bands() -> None:
    s = SETTINGS.with_overrides(target_s=60, pace=(100, 140), fillers_good_max=2)
    assert s.speaking_time.status(70) == "a_little_long"
    assert s.pace.status(105) == "good"
    assert s.fillers.status(2.5) == "fair"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[pace\ngood_min_wpm = 1", "not valid TOML"),
        ("[pace]\ngood_min_wpm = 'fast'", "must be a number"),
        ("[pace]\nspeed = 3", "unknown key 'speed'"),
        ("pace = 3", "must be a table"),
    ],
)
def test_a_broken_settings_file_gives_a_clear_message(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "analysis.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as err:
        load_settings(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_the_packaged_settings_are_the_documented_defaults() -> None:
    assert load_settings() == AnalysisSettings(
        speaking_time=SETTINGS.speaking_time,
        pace=SETTINGS.pace,
        fillers=SETTINGS.fillers,
        pauses=SETTINGS.pauses,
        repetition=SETTINGS.repetition,
        voice=SETTINGS.voice,
        score=SETTINGS.score,
        changes=SETTINGS.changes,
    )
    assert SETTINGS.speaking_time.target_s == 90.0
    assert (SETTINGS.pace.good_min_wpm, SETTINGS.pace.good_max_wpm) == (120.0, 165.0)
    assert SETTINGS.pauses.long_mid_sentence_s == 2.5
