"""How fast the spectrum of a recording changes: a held "uh" or "um" barely changes.

Speech moves from sound to sound every 50-100 ms; a filled pause holds one vowel or nasal for
a quarter of a second or more. The change is measured on the spectral shape (24 bands from
150 Hz to 4 kHz, in dB, each frame's mean removed so loudness does not count), between
frames 40 ms apart, in dB per 20 ms.
"""

from __future__ import annotations

import numpy as np

from speakprep.core.activity import highpass

HOP_S = 0.01
_EDGE = 2  # frames at a span's ends, where the change is measured against silence
_WINDOW_S = 0.025
_BANDS = 24
_BAND_HZ = (150.0, 4000.0)
_LAG = 2  # frames either side: the change between frames 40 ms apart


def spectral_change_db(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Per 10 ms frame, how much the spectral shape changes around it (dB per 20 ms).

    Frame ``i`` covers ``i * HOP_S``; the first and last two frames are 0.
    """
    y = highpass(np.asarray(samples, np.float32), sample_rate, _BAND_HZ[0] * 0.8)
    hop = round(HOP_S * sample_rate)
    win = round(_WINDOW_S * sample_rate)
    if y.size < win + 2 * _LAG * hop:
        return np.zeros(max(0, 1 + (y.size - win) // hop), np.float32)
    n_fft = 1 << (win - 1).bit_length()
    freqs = np.fft.rfftfreq(n_fft, 1.0 / sample_rate)
    edges = np.geomspace(*_BAND_HZ, _BANDS + 1)
    band_of = np.searchsorted(edges, freqs, side="right") - 1
    to_bands = (band_of[:, None] == np.arange(_BANDS)[None, :]).astype(np.float32)
    window = np.hanning(win).astype(np.float32)
    n_frames = 1 + (y.size - win) // hop
    shape = np.empty((n_frames, _BANDS), np.float32)
    block = 4096  # frames at a time: memory stays flat on a 15-minute take
    for first in range(0, n_frames, block):
        count = min(block, n_frames - first)
        index = (first + np.arange(count))[:, None] * hop + np.arange(win)[None, :]
        power = np.abs(np.fft.rfft(y[index] * window, n=n_fft, axis=1)) ** 2
        level = 10.0 * np.log10(power @ to_bands + 1e-10)
        shape[first : first + count] = level - level.mean(axis=1, keepdims=True)
    change = np.zeros(n_frames, np.float32)
    diff = shape[2 * _LAG :] - shape[: -2 * _LAG]
    change[_LAG:-_LAG] = np.sqrt(np.mean(diff**2, axis=1)) / _LAG
    return change


def change_within_db(samples: np.ndarray, sample_rate: int, start_s: float, end_s: float) -> float:
    """The mean spectral change (dB per 20 ms) of ``start_s``-``end_s``, over its frames at
    least 20 ms from either end (each frame's change compares the frames 20 ms either side),
    measured with the sound around it; 0.0 when it is too short to hold one.

    A held "uh" or "um" changes little all through; a word's own sounds move on every
    50-100 ms, so even a word's steadiest stretch changes more than a filler does.
    """
    hop = round(HOP_S * sample_rate)
    context = (_EDGE + _LAG) * hop
    a, b = int(start_s * sample_rate), int(end_s * sample_rate)
    first, last = max(0, a - context), min(samples.size, b + context)
    change = spectral_change_db(samples[first:last], sample_rate)
    inside = change[(a - first) // hop + _EDGE : change.size - (last - b) // hop - _EDGE]
    return float(np.mean(inside)) if inside.size else 0.0


def steadiest(
    samples: np.ndarray, sample_rate: int, start_s: float, end_s: float, length_s: float
) -> tuple[float, float] | None:
    """The ``length_s`` stretch of ``start_s``-``end_s`` whose spectrum changes least."""
    a, b = int(start_s * sample_rate), int(end_s * sample_rate)
    change = spectral_change_db(samples[a:b], sample_rate)[_EDGE:-_EDGE]
    frames = round(length_s / HOP_S)
    if change.size < frames:
        return None
    mean = np.convolve(change, np.ones(frames) / frames, mode="valid")
    at = int(np.argmin(mean)) + _EDGE
    first = start_s + at * HOP_S
    return round(first, 3), round(first + frames * HOP_S, 3)
