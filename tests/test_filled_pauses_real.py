"""Filler detection mechanisms on real speech through the real model.

A real creaky "uh" (the one in tests/data/audio/mfa_cold_corpus.wav at 7.31 s, cut at its
TextGrid times; its periods are irregular, so it is about as weakly periodic as a breath)
is spliced mid-sentence into the JFK clip: it must be found, with margin; so must a real
"um" glued between words with no silence, once. Mains hum under
the whole clip and notification chimes in its pauses must add no filler; hum on its own is
no answer.
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


def _recording_margins(monkeypatch) -> list[tuple[float, float, float]]:  # type: ignore[no-untyped-def]
    """Every (start, end, decision margin) the engine's filler check decides, as it runs."""
    margins: list[tuple[float, float, float]] = []

    def recording(transcript, activity, samples, sample_rate, judge):  # type: ignore[no-untyped-def]
        def judged(samples_, candidates):  # type: ignore[no-untyped-def]
            evidence = judge(samples_, candidates)
            margins.extend(
                (c.start_s, c.end_s, decision_margin(c, e))
                for c, e in zip(candidates, evidence, strict=True)
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
