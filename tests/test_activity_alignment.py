"""Speech-band activity and word alignment on synthetic, seeded signals with exact timings."""

from __future__ import annotations

import numpy as np
import pytest

from speakprep.core.activity import detect_activity, highpass
from speakprep.core.alignment import align_words, periodicity
from speakprep.core.models import Word

SR = 16_000


def _voiced(duration_s: float, f0: float = 140.0, amp: float = 0.2) -> np.ndarray:
    """A held vowel: a harmonic tone like an "um"."""
    t = np.arange(int(duration_s * SR)) / SR
    return (amp * sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))).astype(np.float32)


def _noise(duration_s: float, amp: float, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).normal(0, amp, int(duration_s * SR))).astype(np.float32)


def _timeline(*parts: tuple[str, float]) -> np.ndarray:
    """Concatenate ("voice"|"silence"|"breath"|"rumble", seconds) parts over faint noise."""
    chunks = []
    for kind, seconds in parts:
        if kind == "voice":
            chunks.append(_voiced(seconds))
        elif kind == "breath":
            chunks.append(_noise(seconds, 0.05, seed=3))
        elif kind == "rumble":
            t = np.arange(int(seconds * SR)) / SR
            chunks.append((0.5 * np.sin(2 * np.pi * 40 * t)).astype(np.float32))
        else:
            chunks.append(np.zeros(int(seconds * SR), dtype=np.float32))
    signal = np.concatenate(chunks)
    return signal + _noise(signal.size / SR, 0.0005, seed=1)


def test_islands_follow_the_sound_to_within_two_frames() -> None:
    y = _timeline(
        ("silence", 1.0), ("voice", 0.8), ("silence", 0.5), ("voice", 1.2), ("silence", 1)
    )
    islands = detect_activity(y, SR).islands
    assert len(islands) == 2
    for (start, end), (want_start, want_end) in zip(islands, [(1.0, 1.8), (2.3, 3.5)], strict=True):
        assert start == pytest.approx(want_start, abs=0.03)
        assert end == pytest.approx(want_end, abs=0.03)


def test_rumble_below_the_speech_band_is_not_sound() -> None:
    # Handling noise below 150 Hz, louder than the voice, at the start (MFA clips have it).
    y = _timeline(("rumble", 1.0), ("silence", 0.2), ("voice", 1.0), ("silence", 0.5))
    islands = detect_activity(y, SR).islands
    assert islands[0][0] == pytest.approx(1.2, abs=0.03)


def test_a_faint_click_in_a_silent_room_is_not_sound() -> None:
    y = _timeline(("silence", 1.0), ("voice", 1.0), ("silence", 1.0))
    y[int(0.4 * SR) : int(0.42 * SR)] += 0.0005 * np.sin(np.arange(int(0.02 * SR)))
    y[int(0.4 * SR)] = 0.002  # ~ -54 dB: a lip click, far under the voice
    islands = detect_activity(y, SR).islands
    assert len(islands) == 1 and islands[0][0] == pytest.approx(1.0, abs=0.03)


def test_silence_has_no_islands() -> None:
    assert detect_activity(np.zeros(SR * 2, dtype=np.float32), SR).islands == ()


@pytest.mark.parametrize("cutoff_hz", [40.0, 120.0, 1000.0])
def test_the_highpass_is_a_causal_butterworth(cutoff_hz: float) -> None:
    # What scipy.signal's butter(4, cutoff, "highpass") + sosfilt give (it matched them to
    # 1e-8 when it replaced them): nothing before the impulse, and the bilinear-transform
    # Butterworth magnitude 1 / sqrt(1 + (tan(pi fc / fs) / tan(pi f / fs))^8).
    impulse = np.zeros(SR)
    impulse[1000] = 1.0
    h = highpass(impulse, SR, cutoff_hz)
    assert np.all(h[:1000] == pytest.approx(0.0, abs=1e-12))
    freqs = np.fft.rfftfreq(SR, 1.0 / SR)[1:-1]
    ratio = np.tan(np.pi * cutoff_hz / SR) / np.tan(np.pi * freqs / SR)
    expected = 1.0 / np.sqrt(1.0 + ratio**8)
    assert np.allclose(np.abs(np.fft.rfft(h))[1:-1], expected, atol=1e-7)


def test_the_highpass_keeps_the_length_and_handles_short_input() -> None:
    for n in (0, 1, 37, 40_000):
        assert highpass(np.ones(n, dtype=np.float32), SR, 120.0).shape == (n,)


def _w(text: str, start: float, end: float, p: float = 0.9) -> Word:
    return Word(text=text, start_s=start, end_s=end, probability=p)


def test_word_start_stretched_over_silence_is_pulled_to_the_sound() -> None:
    y = _timeline(("silence", 1.0), ("voice", 0.6), ("silence", 1.0))
    aligned = align_words([_w("Hello", 0.3, 1.6)], detect_activity(y, SR))
    assert aligned.words[0].start_s == pytest.approx(1.0, abs=0.03)


def test_invented_words_in_trailing_silence_are_dropped() -> None:
    y = _timeline(("silence", 0.5), ("voice", 1.0), ("silence", 2.0))
    words = [
        _w("All", 0.5, 1.0),
        _w("good", 1.0, 1.5),
        _w("Thank", 1.8, 2.4, 0.0),
        _w("you", 2.4, 2.4),
    ]
    aligned = align_words(words, detect_activity(y, SR))
    assert aligned.dropped == (2, 3)
    assert [w.text for w in aligned.kept] == ["All", "good"]


def test_a_doubtful_word_over_a_mid_answer_silence_is_dropped_a_confident_one_kept() -> None:
    y = _timeline(("voice", 1.0), ("silence", 2.0), ("voice", 1.0))
    words = [
        _w("one", 0.0, 1.0),
        _w("ghost", 1.4, 1.6, 0.05),
        _w("real", 1.6, 1.7, 0.95),
        _w("two", 3.0, 4.0),
    ]
    aligned = align_words(words, detect_activity(y, SR))
    assert 1 in aligned.dropped and 3 not in aligned.dropped


def test_zero_length_filler_moves_onto_the_free_sound_near_it() -> None:
    y = _timeline(
        ("voice", 0.5), ("silence", 0.4), ("voice", 0.5), ("silence", 0.4), ("voice", 0.5)
    )
    words = [_w("so", 0.0, 0.5), _w("um", 0.95, 0.95), _w("yes", 1.8, 2.3)]
    aligned = align_words(words, detect_activity(y, SR))
    assert aligned.words[1].start_s == pytest.approx(0.9, abs=0.04)
    assert aligned.words[1].end_s == pytest.approx(1.4, abs=0.04)
    assert aligned.dropped == ()


def test_periodicity_tells_a_vowel_from_noise() -> None:
    assert periodicity(_voiced(0.5), SR) > 0.8
    assert periodicity(_noise(0.5, 0.1), SR) < 0.3


def test_periodicity_of_a_vowel_in_noise_and_of_too_short_a_clip() -> None:
    noisy = _voiced(0.5) + _noise(0.5, 0.05, seed=4)
    assert 0.5 < periodicity(noisy, SR) < periodicity(_voiced(0.5), SR)
    assert periodicity(_voiced(0.05), SR) == 0.0  # shorter than one frame and its lags
    assert periodicity(np.zeros(SR // 2, dtype=np.float32), SR) == 0.0


def test_a_zero_length_filler_does_not_move_onto_the_next_words_late_onset() -> None:
    # "so | uh | right now": Whisper printed "Uh" with no time in the silence after the
    # filler and started "now" 0.3 s late. The free sound that runs into "now" is its onset;
    # the filler belongs on its own run (0.9-1.4 s), nearer or not. A word there ("Right")
    # is that onset.
    y = _timeline(
        ("voice", 0.5), ("silence", 0.4), ("voice", 0.5), ("silence", 0.3), ("voice", 0.8)
    )
    activity = detect_activity(y, SR)
    for text, want in (("Uh", (0.9, 1.4)), ("Right", (1.7, 2.0))):
        words = [_w("so", 0.0, 0.5), _w(text, 1.6, 1.6), _w("now", 2.0, 2.5)]
        moved = align_words(words, activity).words[1]
        assert moved.start_s == pytest.approx(want[0], abs=0.04), text
        assert moved.end_s == pytest.approx(want[1], abs=0.04), text
