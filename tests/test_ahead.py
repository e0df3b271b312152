"""CheckAhead: the model's checks of the words so far, run beside the transcription."""

from __future__ import annotations

import logging
import threading

import pytest

from speakprep.core.models import Transcript
from speakprep.services.ahead import CheckAhead

WAIT_S = 10.0


def _words(text: str, until_s: float = 1.0) -> Transcript:
    return Transcript(text=text, words=(), recording_s=until_s)


def test_the_newest_words_are_checked_and_older_unstarted_ones_dropped() -> None:
    started = threading.Event()
    release = threading.Event()
    seen: list[tuple[str, float]] = []
    done = threading.Event()

    def prepare(words: Transcript, checked_s: float, stop: threading.Event) -> None:
        seen.append((words.text, checked_s))
        if words.text == "one":
            started.set()
            assert release.wait(WAIT_S)
        if words.text == "three":
            done.set()

    with CheckAhead(prepare) as ahead:
        ahead.offer(_words("one", 4.0))
        assert started.wait(WAIT_S)
        ahead.offer(_words("two", 8.0))  # the newest offer holds these words too
        ahead.offer(_words("three", 12.0))
        release.set()
        assert done.wait(WAIT_S)
    # Each call is told how far the words checked before reached.
    assert seen == [("one", 0.0), ("three", 4.0)]


def test_leaving_stops_the_check_in_progress_and_drops_the_rest() -> None:
    started = threading.Event()
    stopped: list[bool] = []
    seen: list[str] = []

    def prepare(words: Transcript, checked_s: float, stop: threading.Event) -> None:
        seen.append(words.text)
        started.set()
        stopped.append(stop.wait(WAIT_S))  # as Engine.prepare_fillers looks between groups

    with CheckAhead(prepare) as ahead:
        ahead.offer(_words("one"))
        assert started.wait(WAIT_S)
        ahead.offer(_words("two"))
    assert stopped == [True]  # told to stop, and the thread was waited for
    assert seen == ["one"]


def test_a_failing_check_is_logged_and_the_next_words_are_still_checked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    failing = threading.Event()
    checked = threading.Event()

    def prepare(words: Transcript, checked_s: float, stop: threading.Event) -> None:
        if words.text == "bad":
            failing.set()
            raise RuntimeError("no model")
        checked.set()

    with caplog.at_level(logging.ERROR), CheckAhead(prepare) as ahead:
        ahead.offer(_words("bad"))
        assert failing.wait(WAIT_S)
        ahead.offer(_words("good"))
        assert checked.wait(WAIT_S)
    assert [r.message for r in caplog.records] == ["checking the words so far failed"]


def _watch_sound_and_decoding(engine, monkeypatch, *, sound_waits_for_decoding: bool):
    """``engine.measure_sound`` and its transcriber's ``transcribe`` watched: what each
    call of ``transcribe`` saw (the sound measured yet, the stretches it was given) and,
    with ``sound_waits_for_decoding``, whether the sound measured after the decoding began
    (it waits up to WAIT_S for it: a schedule that waits for the sound first waits so)."""
    measured = threading.Event()
    decoding = threading.Event()
    measure_sound = engine.measure_sound
    transcriber = engine.transcriber
    transcribe = transcriber.transcribe
    seen: list[tuple[bool, object]] = []
    overlapped: list[bool] = []

    def measure(samples):
        if sound_waits_for_decoding:
            overlapped.append(decoding.wait(WAIT_S))
        sound = measure_sound(samples)
        measured.set()
        return sound

    def transcribing(samples, **options):
        seen.append((measured.is_set(), options.get("stretches")))
        decoding.set()
        return transcribe(samples, **options)

    monkeypatch.setattr(engine, "measure_sound", measure)
    monkeypatch.setattr(transcriber, "transcribe", transcribing)
    return seen, overlapped


@pytest.mark.model
def test_a_long_take_has_the_sound_before_the_model_decodes(engine, monkeypatch) -> None:
    """Measured beside the decoding, the sound's arrays added 142 MB to the peak memory of a
    15-minute file (benchmarks/memory.py): a take longer than _SOUND_BESIDE_DECODING_S has
    it measured while the model loads and Silero cuts the take, and the stretches cut are
    the ones the transcriber decodes."""
    from speakprep.audio.files import load_audio
    from speakprep.services import analyze
    from tests.conftest import AUDIO

    clip = load_audio(AUDIO / "jfk.wav").samples
    # jfk.wav (11 s) stands in for a long take.
    monkeypatch.setattr(analyze, "_SOUND_BESIDE_DECODING_S", 5.0)
    seen, _ = _watch_sound_and_decoding(engine, monkeypatch, sound_waits_for_decoding=False)
    engine.analyze_samples(clip)
    assert seen == [(True, engine.transcriber.stretches(clip))]


@pytest.mark.model
def test_a_short_take_is_decoded_while_its_sound_is_measured(engine, monkeypatch) -> None:
    """The sound of a take up to _SOUND_BESIDE_DECODING_S does not hold up the first decode
    (on the real clips it was the last start-up step, alone on a core), and the report is
    the one the sound measured first gives."""
    from speakprep.audio.files import load_audio
    from speakprep.core.report import report_to_dict
    from speakprep.services import analyze
    from tests.conftest import AUDIO

    clip = load_audio(AUDIO / "jfk.wav").samples
    assert clip.size <= analyze._SOUND_BESIDE_DECODING_S * analyze.SAMPLE_RATE
    first = report_to_dict(engine.analyze_samples(clip))
    seen, overlapped = _watch_sound_and_decoding(engine, monkeypatch, sound_waits_for_decoding=True)
    report = engine.analyze_samples(clip)
    assert overlapped == [True]
    assert seen == [(False, engine.transcriber.stretches(clip))]
    assert report_to_dict(report) == first
