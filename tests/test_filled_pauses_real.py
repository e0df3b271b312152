"""Filler detection mechanisms on real speech through the real model.

A real creaky "uh" (the one in tests/data/audio/mfa_cold_corpus.wav at 7.31 s, cut at its
TextGrid times; its periods are irregular, so it is about as weakly periodic as a breath)
is spliced mid-sentence into the JFK clip: it must be found, with margin; so must a real
"um" glued between words with no silence, once. Mains hum under
the whole clip and notification chimes in its pauses must add no filler; hum on its own is
no answer; a breath, a typing burst, a stretch of noise or of hum between its sentences is
never a filler, with margin; nor is a long out-breath, fast typing or a three-note chime
just before a real filler, which still counts.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

import speakprep.services.analyze as analyze
from speakprep.core.activity import highpass
from speakprep.core.alignment import periodicity
from speakprep.core.filled_pauses import FilledPauseSettings, decision_margin
from speakprep.core.pulses import pulse_kurtosis
from speakprep.services.filler_check import check_fillers
from tests.conftest import AUDIO, read_textgrid

pytestmark = pytest.mark.model

SR = 16_000
# In JFK's "And so my | fellow Americans ... ask what | you can do for your country".
SPLICE_AT_S = (1.31, 8.58)
GAP_S = 0.1


def _creaky_uh() -> np.ndarray:
    return _token("mfa_cold_corpus", 7.31)


def _token(clip: str, at_s: float) -> np.ndarray:
    """The hard filler of ``clip`` that starts at ``at_s``, cut at its TextGrid times."""
    y, _ = sf.read(AUDIO / f"{clip}.wav", dtype="float32")
    ((s, e),) = [
        (s, e)
        for s, e, t in read_textgrid(AUDIO / f"{clip}.TextGrid")
        if t in ("um", "uh") and abs(s - at_s) < 0.05
    ]
    token = y[round(s * SR) : round(e * SR)].copy()
    fade = np.linspace(0.0, 1.0, round(0.02 * SR), dtype=np.float32)
    token[: fade.size] *= fade
    token[-fade.size :] *= fade[::-1]
    return token


def _jfk() -> np.ndarray:
    y, _ = sf.read(AUDIO / "jfk.wav", dtype="float32")
    return y


def _rms(y: np.ndarray) -> float:
    return float(np.sqrt(np.mean(y[np.abs(y) > 1e-4] ** 2)))


def test_the_spliced_token_is_weakly_periodic() -> None:
    # What makes this test worth having: a gate at 0.3 (breaths and clicks out) kept it out.
    token = highpass(_creaky_uh(), SR, 120.0)
    assert periodicity(token, SR) < FilledPauseSettings().clear_periodicity - 0.05


def test_real_fillers_do_not_hold_their_harmonics_as_chords_do() -> None:
    # Every hard filler of the two TextGrid clips (two speakers) measured at most 0.40; the
    # chords of a 3 s run of music 0.97 and more: the gate sits at 0.7, margin both ways.
    from speakprep.core.filler_spectrum import held_harmonics
    from tests.synth_signals import chords

    gate = FilledPauseSettings().max_held_harmonics
    for clip in ("mfa_acoustic_corpus", "mfa_cold_corpus"):
        for s, e, text in read_textgrid(AUDIO / f"{clip}.TextGrid"):
            if text in ("um", "uh") and e - s >= 0.1:
                token = highpass(_token(clip, s), SR, 120.0)
                assert held_harmonics(token, SR) < gate - 0.2, (clip, s)
    music = highpass(chords(3.0) + np.random.default_rng(3).normal(0, 1e-3, 3 * SR), SR, 120.0)
    assert held_harmonics(music.astype(np.float32), SR) > gate + 0.15


def test_the_creaky_token_is_a_pulse_train_and_breath_noise_is_not() -> None:
    # Breaths, fans and hiss are as weakly periodic as this "uh" but are noise (kurtosis
    # 3); its glottal pulses measured 12. The gate sits at 5: margin both ways.
    gate = FilledPauseSettings().weak_min_pulses
    assert pulse_kurtosis(highpass(_creaky_uh(), SR, 120.0), SR) > gate + 3.0
    rng = np.random.default_rng(7)
    for seconds in (0.3, 0.5, 0.8):
        noise = np.convolve(rng.normal(0, 0.05, round(seconds * SR)), np.ones(8) / 8, "same")
        assert pulse_kurtosis(highpass(noise, SR, 120.0), SR) < gate - 1.0


def _spliced(token: np.ndarray, gap_s: float) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """JFK with ``token`` put in at ``SPLICE_AT_S``, ``gap_s`` of silence either side."""
    host = _jfk()
    token = token * (0.7 * _rms(host) / _rms(token))
    gap = np.zeros(round(gap_s * SR), np.float32)
    parts, spans, last, shift = [], [], 0, 0.0
    for at_s in SPLICE_AT_S:
        k = round(at_s * SR)
        parts += [host[last:k], gap, token, gap]
        start = at_s + shift + gap_s
        spans.append((start, start + token.size / SR))
        shift += 2 * gap_s + token.size / SR
        last = k
    return np.concatenate([*parts, host[last:]]).astype(np.float32), spans


def _recording_margins(monkeypatch, measure=decision_margin) -> list[tuple[float, float, float]]:  # type: ignore[no-untyped-def]
    """Every (start, end, decision margin) the engine's filler check decides, as it runs
    (or ``measure(candidate, evidence)`` instead of the margin)."""
    margins: list[tuple[float, float, float]] = []

    def recording(transcript, activity, samples, sample_rate, judge):  # type: ignore[no-untyped-def]
        def judged(samples_, candidates, settled=None):  # type: ignore[no-untyped-def]
            evidence = judge(samples_, candidates, settled)
            # The exact figures of those the engine settled from an upper bound.
            exact = judge(samples_, candidates) if settled is not None else evidence
            margins.extend(
                (c.start_s, c.end_s, measure(c, e)) for c, e in zip(candidates, exact, strict=True)
            )
            return evidence

        return check_fillers(transcript, activity, samples, sample_rate, judged)

    monkeypatch.setattr(analyze, "check_fillers", recording)
    return margins


def _hard(report) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    return [
        (w.start_s, w.end_s)
        for w in report.transcript.words
        if w.filler_kind == "hard" and w.start_s is not None and w.end_s is not None
    ]


def test_a_creaky_uh_mid_sentence_is_found_with_margin(engine, monkeypatch) -> None:
    audio, spans = _spliced(_creaky_uh(), GAP_S)
    margins = _recording_margins(monkeypatch)
    report = engine.analyze_samples(audio)
    found = _hard(report)
    for s, e in spans:
        assert any(a < e + 0.25 and b > s - 0.25 for a, b in found), (s, e, found)
        # Measured +0.4 to +0.8 (int8 and float32, 1-4 threads): well clear of 0.
        best = max((m for a, b, m in margins if a < e and b > s), default=-99.0)
        assert best >= 0.2, (s, e, margins)
    assert len(found) == len(spans), found
    assert "ask" in report.transcript.text.lower()


@pytest.mark.parametrize("at_s", [8.02, 22.90])
def test_a_real_um_glued_inside_words_is_found_once(engine, monkeypatch, at_s: float) -> None:
    # No silence around the "um": the model stretches "my" (and "fellow") over it and
    # prints no filler, so only windows inside the stretched words find it. A window as
    # long as the word's excess time takes in part of "my" and was rejected (margin -0.7);
    # a 0.25 s window on the held "um" was accepted at +1.4 (int8) and +1.7 (float32).
    # The long "um" (22.90 s) lies under both "my" and "fellow": one filler, not two.
    audio, spans = _spliced(_token("mfa_acoustic_corpus", at_s), 0.0)
    margins = _recording_margins(monkeypatch)
    found = _hard(engine.analyze_samples(audio))
    for s, e in spans:
        assert len([f for f in found if f[0] < e + 0.25 and f[1] > s - 0.25]) == 1, found
        best = max((m for a, b, m in margins if a < e and b > s), default=-99.0)
        assert best >= 0.5, (s, e, margins)
    # Away from the splices: none measured, though "country..." drawn out at the end of
    # the 22.90 take was rejected by only 0.02 with float32, so one is allowed.
    away = [f for f in found if not any(f[0] < e + 0.25 and f[1] > s - 0.25 for s, e in spans)]
    assert len(away) <= 1, found


def _hum(n: int, level: float) -> np.ndarray:
    t = np.arange(n) / SR
    return (level * sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 2, 3, 5))).astype(
        np.float32
    )


def _chime(start_hz: float) -> np.ndarray:
    t = np.arange(round(0.15 * SR)) / SR
    notes = [np.sin(2 * np.pi * f * t) * np.exp(-t / 0.08) for f in (start_hz, start_hz * 1.5)]
    return np.concatenate(notes).astype(np.float32)


def test_hum_under_speech_and_chimes_in_its_pauses_make_no_filler(engine) -> None:
    host = _jfk()
    level = _rms(host)
    audio = host + _hum(host.size, 0.5 * level)
    for at_s, hz in ((2.4, 880.0), (4.6, 660.0)):  # in JFK's pauses
        chime = _chime(hz) * level * 1.5
        k = round(at_s * SR)
        audio[k : k + chime.size] += chime
    report = engine.analyze_samples(audio.astype(np.float32))
    hard = [w.text for w in report.transcript.words if w.filler_kind == "hard"]
    assert hard == []
    assert "country" in report.transcript.text.lower()


def test_hum_on_its_own_is_no_answer(engine) -> None:
    with pytest.raises(analyze.NoSpeechError):
        engine.analyze_samples(_hum(8 * SR, 0.05), source="hum")


# JFK's three pauses (mid-points): "... fellow Americans | ask not | what your country can
# do for you | ask what ...".
PAUSES_S = (2.7, 4.85, 7.9)


def _breath(rng: np.random.Generator) -> np.ndarray:
    """An in-breath: 0.5 s of breathy noise swelling and fading (no voice in it)."""
    n = round(0.5 * SR)
    noise = np.convolve(rng.normal(0, 1, n), np.ones(8) / 8, mode="same")
    return noise * np.sin(np.pi * np.arange(n) / n) ** 2


def _typing(rng: np.random.Generator) -> np.ndarray:
    """1.5 s of key clicks, 6-10 a second."""
    y, at = np.zeros(round(1.5 * SR)), 0.0
    click = np.exp(-np.arange(round(0.012 * SR)) / 40)
    while at < 1.45:
        k = round(at * SR)
        y[k : k + click.size] += rng.normal(0, 1, click.size) * click
        at += rng.uniform(0.1, 0.17)
    return y


def _noise_stretch(rng: np.random.Generator) -> np.ndarray:
    """0.8 s of pink-ish noise (a fan or a passing car), faded in and out."""
    n = round(0.8 * SR)
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    spectrum[1:] /= np.sqrt(np.arange(1, spectrum.size))
    fade = np.minimum(1.0, np.minimum(np.arange(n), np.arange(n)[::-1]) / 800)
    return np.fft.irfft(spectrum, n) * fade


def _hum_stretch(rng: np.random.Generator) -> np.ndarray:
    """0.8 s of mains hum with its harmonics (an appliance switched on and off)."""
    return _hum(round(0.8 * SR), 1.0).astype(np.float64) * rng.uniform(0.9, 1.1)


EVENTS = {"breath": _breath, "typing": _typing, "noise": _noise_stretch, "hum": _hum_stretch}


def _with_events(kind: str) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """JFK with one ``kind`` of sound, about as loud as his voice, in each of its pauses."""
    rng = np.random.default_rng(11)
    host = _jfk()
    level = _rms(host)
    quiet = np.zeros(round(0.3 * SR), np.float32)
    parts, spans, last = [], [], 0
    for at_s in PAUSES_S:
        event = EVENTS[kind](rng)
        event = (event / np.sqrt(np.mean(event**2)) * level * 0.7).astype(np.float32)
        parts += [host[last : round(at_s * SR)], quiet]
        start_s = sum(p.size for p in parts) / SR
        parts += [event, quiet]
        spans.append((start_s, start_s + event.size / SR))
        last = round(at_s * SR)
    audio = np.concatenate([*parts, host[last:]])
    return audio + rng.normal(0, 0.0008, audio.size).astype(np.float32), spans


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_breaths_typing_hum_and_noise_between_sentences_are_never_fillers(
    engine, monkeypatch, kind: str
) -> None:
    audio, spans = _with_events(kind)
    margins = _recording_margins(monkeypatch)
    report = engine.analyze_samples(audio)
    found = _hard(report)
    assert not [f for f in found if any(f[0] < e + 0.25 and f[1] > s - 0.25 for s, e in spans)]
    # None of them is even asked about (breath, typing and noise are not periodic, the
    # hum repeats at the mains period); if one ever is, it must be far from the bar.
    on_events = [m for a, b, m in margins if any(a < e and b > s for s, e in spans)]
    assert max(on_events, default=-99.0) <= -1.0, (kind, on_events)
    # JFK's own words drawn out before a pause ("ask not ...") came closest: -0.3 (int8
    # and float32, 1-4 threads); one is allowed, as in the tests above.
    assert len(found) <= 1, found
    text = report.transcript.text.lower()
    assert "americans" in text and "country" in text


def test_a_filler_printed_with_no_time_is_not_moved_onto_the_next_words_onset(engine) -> None:
    # mfa_uhum ends "... hm um forced aligner"; tiny.en prints a zero-length "um" before
    # "for" and starts "for" late. Moved onto the onset of "for", that "um" was a seventh
    # filler (at every thread count and compute type); the clip has six.
    report = engine.analyze_file(AUDIO / "mfa_uhum.flac")
    words = report.transcript.words
    hard = [w for w in words if w.filler_kind == "hard"]
    assert len(hard) == 6, hard
    (after,) = [w for w in words if w.text.lower() == "for"]
    assert after.start_s is not None
    assert not any(
        (w.end_s or 0.0) > after.start_s + 0.02 and w.start_s < after.end_s for w in hard
    )


def _out_breath(rng: np.random.Generator) -> np.ndarray:
    """A longer, duller out-breath than ``_breath``: 0.8 s, loudest early, fading slowly."""
    n = round(0.8 * SR)
    noise = np.convolve(rng.normal(0, 1, n), np.ones(16) / 16, mode="same")
    t = np.arange(n) / n
    return noise * np.where(t < 0.3, np.sin(np.pi * t / 0.6), np.cos(np.pi * (t - 0.3) / 1.4))


def _fast_typing(rng: np.random.Generator) -> np.ndarray:
    """1 s of sharp key clicks, about 12 a second."""
    y, at = np.zeros(SR), 0.0
    click = np.exp(-np.arange(round(0.006 * SR)) / 20)
    while at < 0.95:
        k = round(at * SR)
        y[k : k + click.size] += rng.normal(0, 1, click.size) * click
        at += rng.uniform(0.06, 0.1)
    return y


def _three_note_chime(rng: np.random.Generator) -> np.ndarray:
    """A rising three-note chime (C6, E6, G6) with two harmonics, 0.6 s."""
    t = np.arange(round(0.2 * SR)) / SR
    return np.concatenate(
        [
            sum(np.sin(2 * np.pi * f * k * t) / k for k in (1, 2)) * np.exp(-t / 0.1)
            for f in (1046.5, 1318.5, 1568.0)
        ]
    )


# Each event just before a real filler, 0.25 s apart: (event, clip and start of the token).
NEXT_TO = (
    (_out_breath, ("mfa_cold_corpus", 9.89)),
    (_fast_typing, ("mfa_cold_corpus", 17.78)),
    (_three_note_chime, ("mfa_acoustic_corpus", 8.02)),
)


def _events_next_to_fillers() -> tuple[np.ndarray, list[tuple[float, float]], list]:
    """JFK with, in each of its pauses, an event and then a real filler 0.25 s after it:
    the audio, the events' spans and the fillers' spans."""
    rng = np.random.default_rng(5)
    host = _jfk()
    level = _rms(host)
    quiet = np.zeros(round(0.3 * SR), np.float32)
    apart = np.zeros(round(0.25 * SR), np.float32)
    parts: list[np.ndarray] = []
    events, fillers, last = [], [], 0
    for at_s, (make, (clip, token_at_s)) in zip(PAUSES_S, NEXT_TO, strict=True):
        event = make(rng)
        event = (event / np.sqrt(np.mean(event**2)) * level * 0.7).astype(np.float32)
        token = _token(clip, token_at_s)
        token = token * (0.7 * level / _rms(token))
        parts += [host[last : round(at_s * SR)], quiet]
        start_s = sum(p.size for p in parts) / SR
        events.append((start_s, start_s + event.size / SR))
        parts += [event, apart]
        start_s = sum(p.size for p in parts) / SR
        fillers.append((start_s, start_s + token.size / SR))
        parts += [token, quiet]
        last = round(at_s * SR)
    audio = np.concatenate([*parts, host[last:]])
    return audio + rng.normal(0, 0.0008, audio.size).astype(np.float32), events, fillers


def test_breaths_typing_and_chimes_next_to_real_fillers_are_not_fillers_and_the_fillers_count(
    engine, monkeypatch
) -> None:
    # Events unlike the set's (a long dull out-breath, fast sharp typing, a three-note
    # chime at C6), each 0.25 s before a real "uh" or "um": the filler is found, the event
    # adds none. tiny.en printed "Uhh" over the out-breath; its sound has no voice, so the
    # model heard it again on its own: log-odds -3.0 (int8), where a printed filler must
    # reach -2.0 to stay. Whatever is asked about on an event must stay 0.5 under that.
    audio, events, fillers = _events_next_to_fillers()
    odds = _recording_margins(monkeypatch, lambda c, e: e.filler_log_odds)
    bar = FilledPauseSettings().printed_min_log_odds
    report = engine.analyze_samples(audio)
    found = _hard(report)
    for s, e in fillers:
        assert any(a < e + 0.25 and b > s - 0.25 for a, b in found), (s, e, found)
    for s, e in events:
        # A found filler lies on the event when most of it does (the real filler starts
        # 0.25 s after the event ends, and model times are off by tens of ms).
        on_it = [(a, b) for a, b in found if min(b, e) - max(a, s) > 0.5 * (b - a)]
        assert on_it == [], (s, e, found)
        asked = [x for a, b, x in odds if min(b, e) - max(a, s) > 0.5 * (b - a)]
        assert max(asked, default=-99.0) <= bar - 0.5, (s, e, asked)
    away = [f for f in found if not any(f[0] < e + 0.25 and f[1] > s - 0.25 for s, e in fillers)]
    assert len(away) <= 1, found
