"""A take with no recognisable English speech is not an answer: no score, nothing saved.

Music, drums, notification tones, a steady tone, white and pink noise (tests/synth_signals.py)
and the same career answer read in German, French, Spanish, Polish and Italian by espeak-ng
(tests/data/synth/make_synth.py) go through the real model and the whole analysis; each
must raise NoSpeechError. Real English answers (the real clips, espeak-ng voices, also under
noise and at -30 dBFS) must never trip it, nor accented English the model is unsure of
(espeak-ng's Welsh English voice in a reverberant room and, in two draws, under a TV,
tests/data/unsure_english):
those pass only because the model would never have written their words without the sound
(Transcriber.text_prior), which the words it writes for other languages are not.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from speakprep.audio.files import load_audio
from speakprep.core.models import SpeechEvidence, Transcript, Word
from speakprep.services import analyze
from speakprep.services.analyze import MIN_MEAN_LOGPROB, NoSpeechError, _logprob_bar
from tests import synth_signals as sig

DATA = Path(__file__).parent / "data"
RATE = 16_000

NOT_SPEECH = {
    "music": sig.music,
    "drums": sig.drums,
    "chords": sig.chords,
    "notification tones": sig.beeps,
    "a steady tone": sig.tone,
    "white noise": sig.white_noise,
    "pink noise": sig.pink_noise,
    "quiet white noise": lambda: sig.white_noise(dbfs=-45.0),
}


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(NOT_SPEECH))
def test_sound_that_is_not_speech_is_no_answer(engine, name: str) -> None:
    with pytest.raises(
        NoSpeechError, match=f"^{name}: no English speech recognised; import a recording"
    ):
        engine.analyze_samples(NOT_SPEECH[name](), source=name)


@pytest.mark.model
@pytest.mark.parametrize("language", ["de", "fr", "es", "pl", "it"])
def test_speech_in_another_language_is_no_answer(engine, language: str) -> None:
    path = DATA / "synth" / f"speech_{language}.flac"
    with pytest.raises(NoSpeechError) as caught:
        engine.analyze_file(path)
    # Words heard, none clearly, or hardly any words: both are told, neither is scored.
    unclear = " (speech heard, but unclear: a noisy room or another language)"
    assert str(caught.value) == (
        f"{path.name}: no English speech recognised{unclear if caught.value.unclear else ''}; "
        "import a recording of a spoken answer"
    )


def _said(text: str, words_heard: int, mean_logprob: float) -> Transcript:
    words = tuple(Word(w) for w in text.split())
    return Transcript(text, words, evidence=SpeechEvidence(words_heard, words_heard * mean_logprob))


def test_words_heard_but_unclear_are_told_apart_from_no_speech() -> None:
    """English under a TV 12 dB down (benchmarks/tv_real_host.py) was refused as "no
    English speech heard: check the Microphone": the microphone was fine, the room was
    not. Enough words heard with too little confidence are "unclear"; a word or two, or
    only fillers, are no speech; a confident take is English."""
    sentence = "so my plan for the next two years is to finish the course and lead the team"
    never_guessed = lambda text: -99.0  # noqa: E731  (the bar at its floor)
    heard = partial(analyze._heard, text_prior=never_guessed)
    assert heard(_said(sentence, 17, -0.5), _said(sentence, 17, -0.5)) == "english"
    assert heard(_said(sentence, 17, -0.85), _said(sentence, 17, -0.85)) == "english"
    assert heard(_said(sentence, 17, -0.95), _said(sentence, 17, -0.95)) == "unclear"
    assert heard(_said(sentence, 17, -1.3), _said(sentence, 17, -1.3)) == "unclear"
    assert heard(_said("and so", 2, -0.95), _said("and so", 2, -0.95)) == "none"
    # A second reading (the foreground alone) needs FOREGROUND_MARGIN more.
    assert heard(_said(sentence, 17, -0.85), _said(sentence, 17, -0.85), margin=0.1) == "unclear"
    assert heard(_said(sentence, 17, -0.75), _said(sentence, 17, -0.75), margin=0.1) == "english"
    fillers = Transcript("um uh", (Word("um", filler=True), Word("uh", filler=True)))
    assert heard(fillers, _said("um uh", 2, -0.3)) == "none"
    assert NoSpeechError("take.wav", unclear=True).what.endswith(
        "a noisy room or another language)"
    )


def _background_voices() -> np.ndarray:
    """Other English answers in other voices, one after another: a TV in the room."""
    return np.concatenate([load_audio(p).samples for p in sorted(SPOKEN.glob("*.flac"))[-3:]])


CONDITIONS = {
    "clean": lambda x: x,
    "-30 dBFS": lambda x: sig.at_peak(x, -30.0),
    "pink noise 10 dB": lambda x: sig.mix(x, sig.pink_noise(30.0), 10.0),
    "music 10 dB": lambda x: sig.mix(x, sig.music(30.0), 10.0),
    "another voice 12 dB": lambda x: sig.mix(x, _background_voices(), 12.0),
}
SPOKEN = DATA / "spoken"
ANSWERS = [SPOKEN / "nurse_aide_to_rn.flac", SPOKEN / "runon_mechanic_apprentice.flac"]
SHORT = [DATA / "audio" / "jfk.wav", DATA / "audio" / "mfa_um.flac"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("path", "condition"),
    [(p, c) for p in ANSWERS for c in CONDITIONS]
    + [(p, c) for p in SHORT for c in ("clean", "-30 dBFS")]
    + [(DATA / "audio" / "mfa_cold_corpus.wav", c) for c in CONDITIONS],
    ids=lambda v: v.stem if isinstance(v, Path) else v,
)
def test_english_answers_are_always_heard(engine, path: Path, condition: str) -> None:
    x = CONDITIONS[condition](load_audio(path).samples)
    report = engine.analyze_samples(np.asarray(x, np.float32), source=path.name)
    assert report.delivery is not None and report.delivery.word_count >= 3


UNSURE_ENGLISH = sorted((DATA / "unsure_english").glob("*.flac"))
FOREIGN = [DATA / "synth" / f"speech_{lang}.flac" for lang in ("de", "fr", "es", "pl", "it")]


def _confidence_over_bar(transcriber, path: Path) -> float | None:
    """How far the model's confidence in the take's words is above the bar they need (None
    for a take with no heard word)."""
    raw = transcriber.transcribe(load_audio(path).samples)
    mean = raw.evidence.mean_logprob
    prior = transcriber.text_prior(" ".join(w.text for w in raw.words))
    return None if mean is None else mean - _logprob_bar(prior)


@pytest.mark.model
@pytest.mark.parametrize("path", UNSURE_ENGLISH, ids=lambda p: p.stem)
def test_accented_english_in_a_room_is_heard(engine, path: Path) -> None:
    raw = engine.transcriber.transcribe(load_audio(path).samples)
    assert raw.evidence.mean_logprob < MIN_MEAN_LOGPROB  # the model is unsure of its words
    report = engine.analyze_file(path)
    assert report.delivery is not None and report.delivery.word_count >= 20


@pytest.mark.model
def test_english_and_other_languages_are_apart_with_margin(transcriber) -> None:
    """The bar the words need, given their prior, separates the two sides by 0.05 or more
    (measured at int8: 0.08 to 0.18 above it for the unsure English, the TV take of draw
    9313 0.03 below it before PRIOR_SLOPE went from 0.1 to 0.25; 0.11 below for German)."""
    english = [_confidence_over_bar(transcriber, p) for p in UNSURE_ENGLISH]
    other = [m for p in FOREIGN if (m := _confidence_over_bar(transcriber, p)) is not None]
    assert len(english) == 3 and all(e is not None and e >= 0.05 for e in english)
    assert max(other) <= -0.05


TV_HOST = DATA / "tv_host"


@pytest.mark.model
def test_an_english_answer_under_a_tv_is_heard_in_the_foreground(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: a real speaker with a TV 12 dB under them (benchmarks/tv_real_host.py) was
    refused as "speech heard but unclear". The model alone is unsure of the words (0.08
    under the bar, int8 and float32); heard again with the quieter sound turned down it is
    sure of them (0.39 and 0.43 above)."""
    path = TV_HOST / "jfk_tv.flac"
    report = engine.analyze_file(path)
    assert report.delivery is not None and report.delivery.word_count >= 15
    assert "fellow americans" in report.transcript.text.lower()
    # Heard again as it was, not in the foreground: refused as before.
    monkeypatch.setattr(analyze, "foreground", lambda samples, rate: samples)
    with pytest.raises(NoSpeechError) as caught:
        engine.analyze_file(path)
    assert caught.value.unclear


@pytest.mark.model
def test_another_language_under_a_tv_is_no_answer(engine) -> None:
    """The TV's English, and the German turned up in the foreground, make no answer of it."""
    with pytest.raises(NoSpeechError):
        engine.analyze_file(TV_HOST / "de_tv.flac")


@pytest.mark.model
def test_a_cut_file_with_no_speech_says_it_ends_early(engine, tmp_path: Path) -> None:
    """Found as a new user: a WAV cut to its first 0.1 s was refused as "no English speech
    recognised; import a recording of a spoken answer", though the file said it ends early."""
    whole = tmp_path / "whole.wav"
    sf.write(whole, sig.music(8.0), RATE, subtype="PCM_16")
    cut = tmp_path / "answer.wav"
    cut.write_bytes(whole.read_bytes()[:3_000])  # the header promises 8 s
    with pytest.raises(NoSpeechError) as caught:
        engine.analyze_file(cut)
    assert str(caught.value) == (
        "answer.wav: no English speech recognised, and the file ends early (truncated); "
        "analysed the 0.1 s that could be read"
    )
    # Read whole, the same sound keeps the usual advice.
    with pytest.raises(NoSpeechError, match=r"; import a recording of a spoken answer$"):
        engine.analyze_file(whole)
