"""Sounds that are not speech, made with numpy for tests: music, drums, tones and noise.

Everything is seeded, 16 kHz mono float32, peaks well below full scale.
"""

from __future__ import annotations

import numpy as np

RATE = 16_000


def chords(seconds: float = 12.0) -> np.ndarray:
    """Piano-like triads with harmonics, a new chord every second, each decaying."""
    t = np.arange(int(seconds * RATE)) / RATE
    out = np.zeros_like(t)
    roots = (220.0, 196.0, 174.6, 261.6)
    for k in range(int(seconds)):
        here = (t >= k) & (t < k + 1)
        tt = t[here] - k
        for ratio in (1.0, 1.26, 1.5, 2.0):
            for h in range(1, 6):
                out[here] += (
                    np.exp(-1.5 * tt) * np.sin(2 * np.pi * roots[k % 4] * ratio * h * tt) / h
                )
    return _peak(out, 0.3)


def drums(seconds: float = 12.0, seed: int = 1) -> np.ndarray:
    """Kick and snare at 120 beats a minute, with a hi-hat between."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    out = np.zeros(n)
    beat = RATE // 2
    for i, start in enumerate(range(0, n, beat)):
        length = min(4000, n - start)
        tt = np.arange(length) / RATE
        if i % 2 == 0:
            out[start : start + length] += np.sin(
                2 * np.pi * (60 + 80 * np.exp(-30 * tt)) * tt
            ) * np.exp(-12 * tt)
        else:
            out[start : start + length] += 0.6 * rng.standard_normal(length) * np.exp(-25 * tt)
        hat = start + beat // 2
        length = min(800, n - hat)
        if length > 0:
            out[hat : hat + length] += (
                0.3 * rng.standard_normal(length) * np.exp(-60 * np.arange(length) / RATE)
            )
    return _peak(out, 0.4)


def music(seconds: float = 12.0) -> np.ndarray:
    return (0.7 * (chords(seconds) + drums(seconds))).astype(np.float32)


def beeps(seconds: float = 12.0, seed: int = 2) -> np.ndarray:
    """Notification tones (880 and 1320 Hz, 0.25 s) every 1.3 s over a faint noise floor."""
    out = noise_floor(seconds, seed)
    for at in np.arange(0.5, seconds - 1.0, 1.3):
        start, length = int(at * RATE), RATE // 4
        tt = np.arange(length) / RATE
        pitch = 880.0 if int(at) % 2 else 1320.0
        out[start : start + length] += (
            0.3 * np.sin(2 * np.pi * pitch * tt) * np.minimum(1.0, np.exp(-8 * (tt - 0.05)))
        )
    return out


def tone(seconds: float = 8.0, hz: float = 440.0) -> np.ndarray:
    return (0.3 * np.sin(2 * np.pi * hz * np.arange(int(seconds * RATE)) / RATE)).astype(np.float32)


def white_noise(seconds: float = 10.0, dbfs: float = -20.0, seed: int = 3) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal(int(seconds * RATE))
    return (x * 10 ** (dbfs / 20)).astype(np.float32)


def pink_noise(seconds: float = 10.0, dbfs: float = -20.0, seed: int = 4) -> np.ndarray:
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    f = np.arange(spectrum.size, dtype=np.float64)
    f[0] = 1.0
    x = np.fft.irfft(spectrum / np.sqrt(f), n)
    return (x / x.std() * 10 ** (dbfs / 20)).astype(np.float32)


def noise_floor(seconds: float, seed: int = 5) -> np.ndarray:
    """A quiet room through a cheap microphone (about -62 dBFS)."""
    return np.random.default_rng(seed).normal(0.0, 8e-4, int(seconds * RATE)).astype(np.float32)


def mix(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """``speech`` with ``noise`` (repeated to its length) ``snr_db`` below it in RMS."""
    noise = np.resize(noise, speech.size)
    gain = _rms(speech) / _rms(noise) * 10 ** (-snr_db / 20)
    return (speech + gain * noise).astype(np.float32)


def at_peak(x: np.ndarray, dbfs: float) -> np.ndarray:
    """``x`` scaled so its loudest sample sits at ``dbfs``."""
    return _peak(x, 10 ** (dbfs / 20))


def _peak(x: np.ndarray, peak: float) -> np.ndarray:
    return (x * (peak / np.abs(x).max())).astype(np.float32)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
