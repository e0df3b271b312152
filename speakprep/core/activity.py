"""Where in a recording someone is making sound, from speech-band energy.

Whisper's word times are rough: the first word after a silence often starts early, sometimes
by half a second, and words are stretched over pauses. The energy of the speech band
(150 Hz - 7 kHz) tells where sound really is. The band matters: handling noise and mains hum
sit below 150 Hz and can be louder than a soft "uh" (measured on the MFA clips).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


@dataclass(frozen=True, slots=True)
class ActivitySettings:
    hop_s: float = 0.01
    window_s: float = 0.025
    band_hz: tuple[float, float] = (150.0, 7000.0)
    # A frame is active when its band level is this far above the noise floor...
    threshold_db: float = 8.0
    # ...where the floor is this percentile of the frame levels (most takes start and
    # end in silence and have pauses, so a low percentile is background noise), leaving
    # out digital silence before and after the recording: frames this far under the
    # loudest speech (zeros or dither; a microphone's own noise is never this low)...
    floor_percentile: float = 10.0
    digital_silence_db: float = 80.0
    # ...but never more than this far below the loudest speech, so a take with no silence
    # at all still has its quieter speech counted...
    max_below_peak_db: float = 20.0
    # ...and never less than this far below it: in a near-silent room a lip click 50 dB
    # under the voice is still far above the floor (mfa_uh.flac), and it is not speech.
    dynamic_range_db: float = 45.0
    min_gap_s: float = 0.06
    min_island_s: float = 0.04


@dataclass(frozen=True, slots=True)
class Activity:
    """Per-frame speech-band level and activity; frame ``i`` covers ``i * hop_s``."""

    hop_s: float
    level_db: np.ndarray
    active: np.ndarray
    threshold_db: float
    islands: tuple[tuple[float, float], ...]

    def _frames(self, start_s: float, end_s: float) -> slice:
        a = max(0, int(np.floor(start_s / self.hop_s)))
        b = min(len(self.active), int(np.ceil(end_s / self.hop_s)))
        return slice(a, max(a, b))

    def active_fraction(self, start_s: float, end_s: float) -> float:
        frames = self.active[self._frames(start_s, end_s)]
        return float(frames.mean()) if frames.size else 0.0

    def sound_s(
        self, start_s: float, end_s: float, *, outside: Sequence[tuple[float, float]] = ()
    ) -> float:
        """Seconds of activity from ``start_s`` to ``end_s``, leaving out the frames whose
        centre lies in one of the ``outside`` spans."""
        frames = self._frames(start_s, end_s)
        centres = (np.arange(frames.start, frames.stop) + 0.5) * self.hop_s
        free = np.asarray(self.active[frames], bool).copy()
        for a, b in outside:
            free &= (centres < a) | (centres >= b)
        return float(np.count_nonzero(free) * self.hop_s)

    def first_active(self, start_s: float, end_s: float) -> float | None:
        sl = self._frames(start_s, end_s)
        hits = np.flatnonzero(self.active[sl])
        return None if hits.size == 0 else (sl.start + int(hits[0])) * self.hop_s

    def last_active(self, start_s: float, end_s: float) -> float | None:
        sl = self._frames(start_s, end_s)
        hits = np.flatnonzero(self.active[sl])
        return None if hits.size == 0 else (sl.start + int(hits[-1]) + 1) * self.hop_s

    @property
    def duration_s(self) -> float:
        return len(self.active) * self.hop_s


def speech_band(
    samples: np.ndarray, sample_rate: int, *, settings: ActivitySettings = ActivitySettings()
) -> np.ndarray:
    """``samples`` high-passed below the speech band (at 0.8 x its lower edge), float32: what
    the activity detector measures, and what the pitch tracker reads (core.voice)."""
    # High-pass first: the short window leaks a strong hum far above its own frequency.
    return highpass(samples, sample_rate, settings.band_hz[0] * 0.8).astype(np.float32, copy=False)


def band_level_db(
    samples: np.ndarray,
    sample_rate: int,
    *,
    settings: ActivitySettings = ActivitySettings(),
    band_passed: np.ndarray | None = None,
) -> np.ndarray:
    """Speech-band energy per frame in dB (arbitrary reference).

    ``band_passed`` is :func:`speech_band` of ``samples`` if the caller has it already (a
    take's sound is measured from it twice: here and by the pitch tracker).
    """
    samples = (
        speech_band(samples, sample_rate, settings=settings) if band_passed is None else band_passed
    )
    hop = max(1, round(settings.hop_s * sample_rate))
    win = max(hop, round(settings.window_s * sample_rate))
    if samples.size < win:
        samples = np.pad(samples, (0, win - samples.size))
    n_frames = 1 + (samples.size - win) // hop
    n_fft = 1 << (win - 1).bit_length()
    freqs = np.fft.rfftfreq(n_fft, 1.0 / sample_rate)
    band = (freqs >= settings.band_hz[0]) & (freqs < settings.band_hz[1])
    window = np.hanning(win).astype(np.float32)
    frames = sliding_window_view(samples, win)[::hop]
    levels = np.empty(n_frames, dtype=np.float32)
    # Blocks keep memory flat on a 15-minute take.
    block = 4096
    for first in range(0, n_frames, block):
        spectrum = np.abs(np.fft.rfft(frames[first : first + block] * window, n=n_fft, axis=1)) ** 2
        levels[first : first + block] = 10.0 * np.log10(spectrum[:, band].sum(axis=1) + 1e-12)
    return levels


def highpass(
    samples: np.ndarray, sample_rate: int, cutoff_hz: float, *, order: int = 4
) -> np.ndarray:
    """Butterworth high-pass (causal, as ``scipy.signal.sosfilt`` would run it), in numpy.

    Importing scipy.signal costs about half a second, more than this whole module's work on
    a 90 s take. The filter is applied as an FFT convolution with its impulse response, cut
    where the response has decayed below 1e-9; it matches scipy to ~1e-8. The result has the
    input's precision (float32 in, float32 out), which keeps a 15-minute take's copies small.
    """
    x = np.asarray(samples)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    taps, nfft, response = _highpass_response(order, cutoff_hz, sample_rate)
    step = nfft - taps + 1
    out = np.zeros(x.size + nfft, dtype=x.dtype)
    for first in range(0, x.size, step):  # overlap-add keeps memory flat on long takes
        block = np.fft.rfft(x[first : first + step], nfft)
        out[first : first + nfft] += np.fft.irfft(block * response, nfft)
    return out[: x.size]


@functools.lru_cache(maxsize=8)
def _highpass_response(
    order: int, cutoff_hz: float, sample_rate: int
) -> tuple[int, int, np.ndarray]:
    """The filter's length, FFT size and frequency response, worked out once per filter:
    the filler check high-passes a hundred short runs of one take with the same filter, and
    this was half of each call's work."""
    h = _highpass_impulse_response(order, cutoff_hz, sample_rate)
    nfft = 1 << max(15, (4 * h.size - 1).bit_length())
    response = np.fft.rfft(h, nfft)
    response.flags.writeable = False
    return h.size, nfft, response


def _highpass_impulse_response(
    order: int, cutoff_hz: float, sample_rate: int, tol: float = 1e-9
) -> np.ndarray:
    """The digital Butterworth high-pass (bilinear transform, pre-warped) impulse response."""
    k = np.arange(order)
    prototype = np.exp(1j * np.pi * (2 * k + order + 1) / (2 * order))  # analog low-pass poles
    fs2 = 2.0 * sample_rate
    wc = fs2 * np.tan(np.pi * cutoff_hz / sample_rate)
    analog = wc / prototype  # low-pass to high-pass: all zeros move to s = 0
    poles = (fs2 + analog) / (fs2 - analog)
    gain = float(np.real(fs2**order / np.prod(fs2 - analog)))
    # Long enough for the slowest pole to decay below tol; sampling H on a grid that long
    # and inverting it aliases only that tail.
    length = int(np.ceil(np.log(tol) / np.log(np.max(np.abs(poles))))) + 8 * order
    grid = 1 << (length - 1).bit_length()
    z_inv = np.exp(-2j * np.pi * np.fft.rfftfreq(grid))
    response = gain * (1.0 - z_inv) ** order / np.prod(1.0 - poles[:, None] * z_inv, axis=0)
    return np.fft.irfft(response, grid)[:length]


def detect_activity(
    samples: np.ndarray,
    sample_rate: int,
    *,
    settings: ActivitySettings = ActivitySettings(),
    band_passed: np.ndarray | None = None,
) -> Activity:
    """Mark the frames where there is sound above the background, and join them into islands.

    ``band_passed``: :func:`speech_band` of ``samples``, if the caller has it already.
    """
    level = band_level_db(samples, sample_rate, settings=settings, band_passed=band_passed)
    peak = float(np.percentile(level, 99.5))
    inside = _inside_the_recording(level, peak - settings.digital_silence_db)
    floor = float(np.percentile(inside, settings.floor_percentile))
    threshold = max(floor + settings.threshold_db, peak - settings.dynamic_range_db)
    threshold = min(threshold, peak - settings.max_below_peak_db)
    threshold = max(threshold, floor + 3.0)  # a flat, silent signal is not all speech
    active = level > threshold
    islands = _islands(
        active,
        hop_s=settings.hop_s,
        min_gap=round(settings.min_gap_s / settings.hop_s),
        min_len=round(settings.min_island_s / settings.hop_s),
    )
    cleaned = np.zeros_like(active)
    for start_s, end_s in islands:
        cleaned[round(start_s / settings.hop_s) : round(end_s / settings.hop_s)] = True
    return Activity(
        hop_s=settings.hop_s,
        level_db=level,
        active=cleaned,
        threshold_db=threshold,
        islands=tuple(islands),
    )


def _inside_the_recording(level: np.ndarray, silence_db: float) -> np.ndarray:
    """``level`` without the digital silence (frames under ``silence_db``) before and after
    the recording.

    The background is the quietest tenth of the frames. Silence far under anything a
    microphone hears (``ActivitySettings.digital_silence_db`` under the peak) padded before
    or after a take (a recorder started early, a file made with ``sox pad``, a virtual
    microphone) would set it instead: 0.3 s before and 1 s after jfk.wav dropped the
    threshold from 26 to 45 dB under the peak, the room noise between his phrases became
    speech, both 1.1 s pauses were lost and that noise read as a 60 Hz voice. Digital silence
    between the words (clean synthetic speech) is the take's own background and stays.
    """
    heard = np.flatnonzero(level >= silence_db)
    return level[heard[0] : heard[-1] + 1]


def _islands(
    active: np.ndarray, *, hop_s: float, min_gap: int, min_len: int
) -> list[tuple[float, float]]:
    edges = np.diff(np.concatenate(([0], active.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    merged: list[list[int]] = []
    for s, e in zip(starts, ends, strict=True):
        if merged and s - merged[-1][1] < min_gap:
            merged[-1][1] = int(e)
        else:
            merged.append([int(s), int(e)])
    return [(s * hop_s, e * hop_s) for s, e in merged if e - s >= min_len]
