"""Voice measures on seeded synthetic signals with known pitch, and on real clips."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
import soundfile as sf

from speakprep.core.activity import Activity, detect_activity
from speakprep.core.settings import VoiceSettings, load_settings
from speakprep.core.voice import (
    _fold_octave_errors,
    _grow_voicing,
    measure_voice,
    pitch_track,
    rms_envelope,
)
from tests.conftest import AUDIO

SR = 16_000
SETTINGS = load_settings().voice


def _harmonic(f0: np.ndarray, amp: float = 0.2, harmonics: int = 8) -> np.ndarray:
    """A voiced sound following the pitch track ``f0`` (Hz per sample), falling harmonics."""
    phase = 2 * np.pi * np.cumsum(f0) / SR
    tone = sum(np.sin(k * phase) / k for k in range(1, harmonics + 1))
    return (amp * tone / np.max(np.abs(tone))).astype(np.float32)


def _with_silence(voice: np.ndarray, seed: int = 0) -> np.ndarray:
    """Half a second of near silence either side, and faint noise throughout."""
    pad = np.zeros(SR // 2, dtype=np.float32)
    y = np.concatenate((pad, voice, pad))
    return y + np.random.default_rng(seed).normal(0, 3e-4, y.size).astype(np.float32)


def _glide(lo_hz: float, hi_hz: float, seconds: float) -> np.ndarray:
    """Pitch per sample rising evenly in semitones from lo_hz to hi_hz."""
    return lo_hz * (hi_hz / lo_hz) ** np.linspace(0.0, 1.0, int(seconds * SR))


def _measure(y: np.ndarray, settings: VoiceSettings = SETTINGS):
    return measure_voice(y, SR, detect_activity(y, SR), settings=settings)


def test_a_glide_over_an_octave_spans_its_known_range() -> None:
    # Evenly from 100 to 200 Hz (12 semitones): the 10th-90th percentile spread is 9.6.
    y = _with_silence(_harmonic(_glide(100.0, 200.0, 5.0)))
    voice = _measure(y)
    assert voice.pitch_range_semitones == pytest.approx(9.6, abs=0.5)
    assert voice.pitch_median_hz == pytest.approx(100.0 * 2**0.5, rel=0.03)
    assert voice.monotone is False


def test_every_voiced_frame_of_a_glide_is_within_half_a_semitone() -> None:
    track = np.concatenate((_glide(180.0, 90.0, 2.0), _glide(90.0, 140.0, 2.0)))
    y = _with_silence(_harmonic(track))
    f0 = pitch_track(y, SR, fmin=50.0, fmax=400.0, active=detect_activity(y, SR))
    truth = np.concatenate((np.zeros(SR // 2), track, np.zeros(SR // 2)))[:: SR // 100]
    n = min(truth.size, f0.size)
    inside = np.flatnonzero((f0[:n] > 0) & (truth[:n] > 0))
    error = np.abs(12 * np.log2(f0[inside] / truth[inside]))
    assert inside.size * 0.01 > 3.8  # nearly all of the 4 s is voiced
    assert np.sum((f0[:n] > 0) & (truth[:n] == 0)) <= 4  # a frame or two over each edge
    assert np.max(error) < 0.5


def test_a_flat_pitch_is_monotone() -> None:
    y = _with_silence(_harmonic(np.full(4 * SR, 120.0)))
    voice = _measure(y)
    assert voice.pitch_median_hz == pytest.approx(120.0, abs=1.0)
    assert voice.pitch_range_semitones < 0.5
    assert voice.monotone is True


def test_the_monotone_threshold_comes_from_the_settings() -> None:
    # A glide over 2 semitones has a spread of 1.6: monotone under 4, not under 1.
    y = _with_silence(_harmonic(_glide(110.0, 110.0 * 2 ** (2 / 12), 4.0)))
    assert _measure(y, VoiceSettings(monotone_below_semitones=4.0)).monotone is True
    assert _measure(y, VoiceSettings(monotone_below_semitones=1.0)).monotone is False


def test_noise_has_no_pitch() -> None:
    noise = np.random.default_rng(7).normal(0, 0.1, 5 * SR).astype(np.float32)
    y = _with_silence(noise)
    f0 = pitch_track(y, SR, fmin=50.0, fmax=400.0, active=detect_activity(y, SR))
    assert np.mean(f0 > 0) < 0.02
    voice = _measure(y)
    assert voice.pitch_range_semitones is None and voice.monotone is None
    assert voice.loudness_mean_db is not None


def test_hum_and_rumble_louder_than_the_voice_do_not_widen_the_range() -> None:
    # mfa_cold_corpus.wav has handling rumble 20 dB over the voice; mains hum sits at 50/60 Hz.
    voice = _harmonic(_glide(100.0, 200.0, 5.0), amp=0.1)
    t = np.arange(voice.size) / SR
    noise = 0.3 * np.sin(2 * np.pi * 1.5 * t) + 0.05 * np.sin(2 * np.pi * 60.0 * t)
    y = _with_silence(voice + noise.astype(np.float32))
    measured = _measure(y)
    assert measured.pitch_range_semitones == pytest.approx(9.6, abs=0.5)


def test_octave_errors_are_folded_back() -> None:
    f0 = np.full(200, 110.0)
    f0[50:53] = 220.0  # a few frames read an octave up
    f0[120] = 55.0  # and one an octave down
    f0[150:160] = 0.0
    folded = _fold_octave_errors(f0)
    assert np.allclose(folded[f0 > 0], 110.0)
    assert np.all(folded[150:160] == 0.0)


def test_nearly_periodic_frames_count_only_next_to_clearly_voiced_ones() -> None:
    sure = np.array([0, 0, 100.0, 0, 0, 0, 0, 0, 0])
    maybe = np.array([0, 101.0, 100.0, 102.0, 103.0, 150.0, 0, 120.0, 121.0])
    grown = _grow_voicing(sure, maybe)
    # 101-103 Hz join the voiced frame a semitone at a time; 150 Hz jumps, 120 Hz is cut off.
    assert grown.tolist() == [0, 101.0, 100.0, 102.0, 103.0, 0, 0, 0, 0]


def test_the_loudness_envelope_is_centred_rms() -> None:
    # The frames of librosa.feature.rms(frame_length=2 * hop, hop_length=hop), which it
    # replaced (checked equal to 1e-7 when it did): frame i spans i * hop +- hop, zero-padded.
    y = np.random.default_rng(3).normal(0, 0.1, 3 * SR + 123).astype(np.float32)
    hop = 1600
    padded = np.concatenate((np.zeros(hop), y.astype(np.float64), np.zeros(2 * hop)))
    expected = [
        np.sqrt(np.mean(padded[i * hop : i * hop + 2 * hop] ** 2)) for i in range(1 + y.size // hop)
    ]
    assert np.allclose(rms_envelope(y, hop), expected, rtol=1e-9)


def test_a_dc_offset_changes_neither_loudness_nor_its_range() -> None:
    # Found with sox's dcshift 0.3: the take read 15 dB louder, with a 0.4 dB range.
    y, _ = sf.read(AUDIO / "jfk.wav", dtype="float32")
    y = y * 0.4
    activity = detect_activity(y, SR)
    plain = measure_voice(y, SR, activity, settings=SETTINGS)
    shifted = measure_voice(y + np.float32(0.3), SR, activity, settings=SETTINGS)
    assert shifted.loudness_mean_db == pytest.approx(plain.loudness_mean_db, abs=0.2)
    assert shifted.loudness_range_db == pytest.approx(plain.loudness_range_db, abs=0.2)
    assert plain.loudness_range_db > 5.0  # speech, not a flat line


@pytest.mark.parametrize(
    ("name", "median_hz"),
    [
        ("mfa_acoustic_corpus.wav", (80.0, 140.0)),
        ("mfa_cold_corpus.wav", (55.0, 80.0)),  # the same man, hoarse with a cold
        ("jfk.wav", (200.0, 290.0)),
    ],
)
def test_real_speech_has_a_plausible_pitch_range(name: str, median_hz: tuple[float, float]) -> None:
    y, rate = sf.read(AUDIO / name, dtype="float32")
    assert rate == SR
    voice = _measure(y)
    # Speech spans about 5-15 semitones between its 5th and 95th percentiles; YIN's octave
    # errors and unvoiced frames once gave 27.9 on mfa_cold_corpus.wav.
    assert 2.0 <= voice.pitch_range_semitones <= 18.0
    assert median_hz[0] <= voice.pitch_median_hz <= median_hz[1]


def test_the_lively_real_clip_is_not_monotone() -> None:
    y, _ = sf.read(AUDIO / "mfa_acoustic_corpus.wav", dtype="float32")
    voice = _measure(y)
    assert 3.0 <= voice.pitch_range_semitones <= 18.0
    assert voice.monotone is False


@pytest.mark.parametrize("name", ["jfk.wav", "mfa_acoustic_corpus.wav"])
def test_pitch_agrees_with_librosa_pyin_on_real_speech(name: str) -> None:
    """librosa's probabilistic YIN is the reference; ours is a fast numpy YIN (pyin's numba
    compile alone costs more than a second per run, which the analysis cannot afford)."""
    librosa = pytest.importorskip("librosa")
    y, rate = sf.read(AUDIO / name, dtype="float32")
    # pYIN's own floor at 65 Hz: lower, it halves the pitch of some frames of these voices
    # (both sit well above it).
    f0, voiced, _ = librosa.pyin(
        y, fmin=65.0, fmax=SETTINGS.pitch_max_hz, sr=rate, frame_length=1024
    )
    reference = f0[voiced & np.isfinite(f0)]
    ref_median = float(np.median(reference))
    ref_range = 12 * np.log2(np.percentile(reference, 90) / np.percentile(reference, 10))

    voice = _measure(y)
    assert voice.pitch_median_hz is not None and voice.pitch_range_semitones is not None
    assert abs(12 * np.log2(voice.pitch_median_hz / ref_median)) < 1.0
    assert abs(voice.pitch_range_semitones - ref_range) < 2.0


@pytest.mark.parametrize("dither", [0.0, 2e-5], ids=["zeros", "dither"])
def test_silence_padded_around_a_take_changes_neither_its_pauses_nor_its_pitch(
    dither: float,
) -> None:
    # Found recording jfk.wav through a virtual microphone: 0.3 s of digital silence before
    # and 1 s after set the activity floor, his room noise between phrases became speech
    # (both 1.1 s pauses lost) and read as a 60 Hz voice: 25.8 semitones instead of 6.7.
    y, _ = sf.read(AUDIO / "jfk.wav", dtype="float32")
    lead = np.zeros(round(0.3 * SR), np.float32)
    padded = np.concatenate((lead, y, np.zeros(SR, np.float32)))
    padded += np.random.default_rng(7).normal(0.0, dither, padded.size).astype(np.float32)
    plain_activity, padded_activity = detect_activity(y, SR), detect_activity(padded, SR)

    def gaps(activity: Activity) -> list[float]:
        """The lengths of the pauses of 0.8 s or more between islands of sound."""
        islands = activity.islands
        return [
            round(start - end, 1)
            for (_, end), (start, _) in pairwise(islands)
            if start - end >= 0.8
        ]

    assert gaps(plain_activity) == gaps(padded_activity)
    assert len(gaps(plain_activity)) == 2  # "... Americans | ask not ... | ask what ..."
    plain = measure_voice(y, SR, plain_activity, settings=SETTINGS)
    padded_voice = measure_voice(padded, SR, padded_activity, settings=SETTINGS)
    assert padded_voice.pitch_range_semitones == pytest.approx(plain.pitch_range_semitones, abs=0.5)
