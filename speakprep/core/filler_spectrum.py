"""Where a run's sound lies in frequency, once the steady background is taken out.

A voice's first harmonics lie below 500 Hz; a notification chime starts far above. Mains
hum, a fan or a fridge put steady energy down there too, so a chime over hum would look
voiced. The background's spectrum is measured in the take's quiet frames (no activity)
and subtracted from a run's before its low-frequency share is judged. Music is periodic
and low too, but its notes hold their pitch exactly: :func:`held_harmonics` tells them
from a voice.
"""

from __future__ import annotations

import numpy as np

from speakprep.core.activity import Activity, highpass
from speakprep.core.alignment import periodicity
from speakprep.core.pulses import pulse_kurtosis

_FRAME = 512  # 32 ms at 16 kHz: 31 Hz bins, fine enough for hum's lines
_BAND_HZ = (150.0, 7000.0)
_LOW_HZ = 500.0
# Quiet audio measured for the background: plenty for a steady hum, cheap on a long take.
_MAX_BACKGROUND_S = 10.0
_MAINS_HZ = (50.0, 60.0)
_MAINS_FRAME_S = 0.04


def power_spectrum(clip: np.ndarray) -> np.ndarray:
    """Mean power per bin over Hann frames of 512 samples (half overlapping)."""
    x = np.asarray(clip, np.float64)
    if x.size < _FRAME:
        x = np.pad(x, (0, _FRAME - x.size))
    frames = np.lib.stride_tricks.sliding_window_view(x, _FRAME)[:: _FRAME // 2]
    return np.mean(np.abs(np.fft.rfft(frames * np.hanning(_FRAME), axis=1)) ** 2, axis=0)


def background_spectrum(
    samples: np.ndarray, activity: Activity, sample_rate: int, highpass_hz: float
) -> np.ndarray:
    """The power spectrum of the take's inactive stretches, high-passed as the runs it is
    compared with are (zeros when there are none)."""
    hop = round(activity.hop_s * sample_rate)
    quiet = ~np.asarray(activity.active, bool)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], quiet.astype(np.int8), [0]))))
    runs, budget = [], round(_MAX_BACKGROUND_S * sample_rate)
    for first, last in zip(edges[::2], edges[1::2], strict=True):
        run = samples[first * hop : last * hop][:budget]
        if run.size >= _FRAME:
            runs.append(run)
            budget -= run.size
        if budget < _FRAME:
            break
    if not runs:
        return np.zeros(_FRAME // 2 + 1)
    # One filter pass over the runs joined (a join in a steady background is no event).
    return power_spectrum(highpass(np.concatenate(runs), sample_rate, highpass_hz))


def low_share(clip: np.ndarray, sample_rate: int, background: np.ndarray) -> float:
    """The share of the run's 150 Hz - 7 kHz power above the background that lies below
    500 Hz (``background`` from :func:`background_spectrum`)."""
    power = np.maximum(power_spectrum(clip) - background, 0.0)
    freqs = np.fft.rfftfreq(_FRAME, 1.0 / sample_rate)
    in_band = (freqs >= _BAND_HZ[0]) & (freqs < _BAND_HZ[1])
    band = power[in_band].sum()
    low = power[in_band & (freqs < _LOW_HZ)].sum()
    return float(low / band) if band > 0 else 0.0


def mains_periodicity(clip: np.ndarray, sample_rate: int) -> float:
    """How well the clip repeats after one period of mains hum (50 or 60 Hz).

    The median over 40 ms frames (hop 20 ms) of the better normalised correlation between
    a frame and the same frame 20 ms or 16.7 ms later. A hum's lines repeat exactly there;
    a voice repeats best at its own, shorter period (compare
    :func:`speakprep.core.alignment.periodicity`).
    """
    x = np.asarray(clip, np.float64)
    frame = round(_MAINS_FRAME_S * sample_rate)
    lags = [round(sample_rate / hz) for hz in _MAINS_HZ]
    starts = np.arange(0, x.size - frame - max(lags), frame // 2)
    if starts.size == 0:
        return 0.0
    index = starts[:, None] + np.arange(frame)[None, :]
    head = x[index] - x[index].mean(axis=1, keepdims=True)
    best = np.zeros(starts.size)
    for lag in lags:
        later = x[index + lag] - x[index + lag].mean(axis=1, keepdims=True)
        denom = np.sqrt(np.sum(head**2, axis=1) * np.sum(later**2, axis=1))
        corr = np.sum(head * later, axis=1) / np.where(denom > 0, denom, 1.0)
        best = np.maximum(best, np.where(denom > 0, corr, 0.0))
    return float(np.median(best))


def voicing(
    clip: np.ndarray, sample_rate: int, least: float, *, clear: float, pulses: float
) -> float | None:
    """The clip's periodicity (:func:`speakprep.core.alignment.periodicity`), or None when
    it is no voice: below ``least``, or below ``clear`` without a train of glottal pulses
    (:func:`speakprep.core.pulses.pulse_kurtosis` under ``pulses``: a breath, a hiss,
    typing). A creaky "uh" is weakly periodic but pulsed."""
    voiced = periodicity(clip, sample_rate)
    if voiced < least or (voiced < clear and pulse_kurtosis(clip, sample_rate) < pulses):
        return None
    return voiced


# held_harmonics: 64 ms frames (15.6 Hz bins, zero-padded to 7.8 Hz) every 20 ms, compared
# 100 ms apart, over 300 Hz - 3 kHz (hum's strong lines lie below; a voice's harmonics
# there are its 2nd to 40th, where a drift of its pitch moves them most).
_HELD_FRAME = 1024
_HELD_NFFT = 2048
_HELD_HOP_S = 0.02
_HELD_LAG_S = 0.1
_HELD_BAND_HZ = (300.0, 3000.0)
# Narrower than the closest harmonics of a voice (70 Hz apart at the lowest pitch): the
# spectrum less its moving average over this width is its harmonic peaks alone.
_HELD_SMOOTH_HZ = 70.0
# Frames this far under the loudest are left out (a decaying note's tail, the silence at a
# run's edges)...
_HELD_FLOOR_DB = 20.0
# ...and in each frame the bins this far under its loudest are raised to that level: the
# noise between a few notes' harmonics is no peak to compare.
_HELD_DEPTH_DB = 30.0


def held_harmonics(clip: np.ndarray, sample_rate: int) -> float:
    """How exactly the clip's harmonic peaks repeat 100 ms later: near 1 for an instrument's
    notes, near 0 for a voice.

    An instrument (or a synthesiser) holds each note's pitch exactly and its partials are
    pure, so its spectrum's peaks stay put from frame to frame. A voice's pitch wanders,
    which moves its upper harmonics most, and breath noise fills the spectrum between them.
    The median, over pairs of loud frames 100 ms apart, of the correlation of their peaks
    (each frame's dB spectrum, bins more than 30 dB under its loudest raised to that level,
    less its moving average over 70 Hz). Measured: the runs holding the spliced filler set's
    fillers (tune, held and two more draws) at most 0.45 (0.56 over a whole token under
    reverberation, which smears a voice), every run of sound in the real clips at most 0.37;
    the set's music events at least 0.97, 400 chord runs and pieces drawn as the fresh held
    draws draw them (``make_event(..., varied=True)``) at least 0.82. 0.0 when the clip is
    too short to compare.
    """
    hop = round(_HELD_HOP_S * sample_rate)
    lag = round(_HELD_LAG_S / _HELD_HOP_S)
    x = np.asarray(clip, np.float64)
    if x.size < _HELD_FRAME + lag * hop:
        return 0.0
    frames = np.lib.stride_tricks.sliding_window_view(x, _HELD_FRAME)[::hop]
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(_HELD_FRAME), _HELD_NFFT, axis=1))
    freqs = np.fft.rfftfreq(_HELD_NFFT, 1.0 / sample_rate)
    band = (freqs >= _HELD_BAND_HZ[0]) & (freqs < _HELD_BAND_HZ[1])
    level = 20.0 * np.log10(spectrum[:, band] + 1e-9)
    level = np.maximum(level, level.max(axis=1, keepdims=True) - _HELD_DEPTH_DB)
    width = round(_HELD_SMOOTH_HZ / (sample_rate / _HELD_NFFT))
    peaks = level - _moving_average(level, width)
    peaks -= peaks.mean(axis=1, keepdims=True)
    peaks /= np.linalg.norm(peaks, axis=1, keepdims=True) + 1e-12
    energy = np.sum(spectrum[:, band] ** 2, axis=1)
    loud = energy > energy.max() * 10 ** (-_HELD_FLOOR_DB / 10)
    pairs = loud[:-lag] & loud[lag:]
    if not np.any(pairs):
        return 0.0
    return float(np.median(np.sum(peaks[:-lag] * peaks[lag:], axis=1)[pairs]))


def _moving_average(rows: np.ndarray, width: int) -> np.ndarray:
    """Each row's centred moving average over ``width`` bins (shorter at the ends)."""
    padded = np.concatenate((np.zeros((rows.shape[0], 1)), np.cumsum(rows, axis=1)), axis=1)
    n = rows.shape[1]
    lo = np.clip(np.arange(n) - width // 2, 0, n)
    hi = np.clip(np.arange(n) + (width - width // 2), 0, n)
    return (padded[:, hi] - padded[:, lo]) / (hi - lo)
