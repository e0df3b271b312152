"""Loudness and pitch variation of the voice: RMS, and YIN pitch over voiced speech, in numpy.

Both were librosa calls. Importing librosa (and scipy under it) and compiling its numba
kernels on the first ``yin`` call cost about a second per process, a quarter of the whole
transcription of a 90 s take on two cores; this module does the same arithmetic in numpy.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from speakprep.core.activity import Activity, speech_band
from speakprep.core.models import Voice
from speakprep.core.settings import VoiceSettings

# Pitch frames: a 32 ms integration window (two periods of a 60 Hz voice), every 10 ms.
PITCH_WINDOW_S = 0.032
PITCH_HOP_S = 0.01
# A frame is voiced when YIN's cumulative mean normalised difference dips below this (the YIN
# paper's absolute threshold is 0.1-0.15; pYIN's prior spreads it over 0-0.3); breath, hiss
# and clicks stay near 1. Frames next to voiced ones may pass under the looser threshold when
# they continue their pitch (_grow_voicing). Measured against librosa's pYIN on the clips in
# tests/data/audio: under 3 % of the frames both call voiced differ by more than a semitone;
# the 10-90 % spread is within 0.2 semitone of pYIN's on four of six clips, 6.7 vs 7.8 on
# jfk.wav (pYIN keeps more of his low phrase ends) and 3.5 vs 2.1 on mfa_cold_corpus.wav.
VOICING_THRESHOLD = 0.3
VOICING_THRESHOLD_NEAR = 0.45
# The chosen dip is the first one within this of the deepest (de Cheveigné's "absolute
# threshold" alone picks any dip under it).
DIP_MARGIN = 0.1
# Pitch is read from the speech band: the activity detector's high-pass (core.activity.speech_band,
# at 0.8 x its 150 Hz band edge). Mains hum (50/60 Hz) sits in a low male voice's range and handling
# rumble can be 20 dB louder than the voice (mfa_cold_corpus.wav); both wreck the
# difference function. The harmonics above the cut-off keep the voice's period, so a
# 65 Hz voice is still measured at 65 Hz.
# A frame an octave off the median of its neighbours (within this many semitones of 12) is
# an octave error, folded back: a real leap of an octave that soon does not happen in speech.
OCTAVE_TOLERANCE_ST = 2.5
OCTAVE_CONTEXT_S = 0.5
_ENVELOPE_CHUNK = 1 << 20  # samples squared at a time by rms_envelope


def measure_voice(
    samples: np.ndarray,
    sample_rate: int,
    activity: Activity,
    *,
    settings: VoiceSettings = VoiceSettings(),
    band_passed: np.ndarray | None = None,
) -> Voice:
    """Loudness envelope and spread, and pitch spread over the voiced speech.

    The pitch spread is the distance in semitones between the 10th and 90th percentiles of
    the pitch of voiced frames inside speech (``activity``), after octave errors are folded
    back; under ``settings.monotone_below_semitones`` the voice is called monotone.
    ``band_passed``: ``speech_band`` of ``samples`` if the caller has it already.
    """
    if samples.size < sample_rate // 2:
        return Voice()
    samples = np.asarray(samples, dtype=np.float32)
    step = settings.envelope_step_s
    # A DC offset (some USB microphones and sound cards) is not loudness: measured around
    # zero, +0.3 of it read jfk.wav as 15 dB louder and its loudness range as 0.4 dB.
    dc = float(np.mean(samples, dtype=np.float64))
    envelope_rms = rms_envelope(samples, round(step * sample_rate), offset=dc)
    db = 20.0 * np.log10(np.maximum(envelope_rms, 1e-6))
    envelope = tuple((round(i * step, 2), round(float(v), 1)) for i, v in enumerate(db))
    speaking = _active_at(activity, np.arange(db.size) * step)
    loud = db[speaking] if speaking.any() else db
    mean_db = float(np.mean(loud))
    range_db = float(np.percentile(loud, 90) - np.percentile(loud, 10))

    f0 = pitch_track(
        samples,
        sample_rate,
        fmin=settings.pitch_min_hz,
        fmax=settings.pitch_max_hz,
        active=activity,
        band_passed=band_passed,
    )
    pitch = f0[f0 > 0]
    if pitch.size * PITCH_HOP_S < settings.min_voiced_s:
        return Voice(envelope, round(mean_db, 1), round(range_db, 1))
    lo, med, hi = np.percentile(pitch, [10, 50, 90])
    spread = 12.0 * np.log2(hi / lo)
    return Voice(
        loudness_db=envelope,
        loudness_mean_db=round(mean_db, 1),
        loudness_range_db=round(range_db, 1),
        pitch_median_hz=round(float(med), 1),
        pitch_range_semitones=round(float(spread), 1),
        monotone=bool(spread < settings.monotone_below_semitones),
    )


def rms_envelope(samples: np.ndarray, hop: int, *, offset: float = 0.0) -> np.ndarray:
    """RMS over ``2 * hop`` samples centred on every ``hop``-th sample (zero-padded ends),
    of the samples minus ``offset`` (their DC level).

    The same frames as ``librosa.feature.rms(frame_length=2 * hop, hop_length=hop)``.
    """
    x = np.asarray(samples).reshape(-1)
    n_frames = 1 + x.size // hop
    # Frame i spans hop-blocks i - 1 and i of the signal (block -1 is the zero padding).
    # Sums of squares per block, in float64 and a few seconds at a time: a float64 copy of
    # a 15-minute take (and its running sum) cost 450 MB.
    blocks = np.zeros(n_frames + 1)
    step = hop * max(1, _ENVELOPE_CHUNK // hop)
    for start in range(0, x.size, step):
        chunk = np.square(x[start : start + step] - offset, dtype=np.float64)
        if chunk.size % hop:
            chunk = np.concatenate((chunk, np.zeros(hop - chunk.size % hop)))
        first = 1 + start // hop
        sums = chunk.reshape(-1, hop).sum(axis=1)
        blocks[first : first + sums.size] = sums
    return np.sqrt((blocks[:-1] + blocks[1:]) / (2 * hop))


def pitch_track(
    samples: np.ndarray,
    sample_rate: int,
    *,
    fmin: float,
    fmax: float,
    active: Activity | None = None,
    band_passed: np.ndarray | None = None,
) -> np.ndarray:
    """Pitch in Hz every ``PITCH_HOP_S`` (frame ``i`` centred near ``i * PITCH_HOP_S``), 0 where
    unvoiced.

    YIN (de Cheveigné and Kawahara, 2002) on the speech-band signal: the first dip of the
    cumulative mean normalised difference below ``VOICING_THRESHOLD`` within
    [1/fmax, 1/fmin], refined by a parabola. Frames with no such dip are unvoiced, not given
    a guess, unless they continue a voiced neighbour's pitch under the looser
    ``VOICING_THRESHOLD_NEAR``; then octave errors are folded back. Only frames inside
    ``active`` speech are computed when it is given. ``band_passed`` is ``speech_band`` of
    ``samples`` if the caller has it already.
    """
    hop = round(PITCH_HOP_S * sample_rate)
    window = round(PITCH_WINDOW_S * sample_rate)
    lag_min = max(2, int(np.floor(sample_rate / fmax)))
    lag_max = int(np.ceil(sample_rate / fmin))
    span = window + lag_max + 1
    x = (
        speech_band(np.asarray(samples, dtype=np.float32), sample_rate)
        if band_passed is None
        else band_passed
    )
    n_frames = 1 + x.size // hop
    x = np.concatenate((np.zeros(window // 2, np.float32), x, np.zeros(span, np.float32)))
    frames = sliding_window_view(x, span)[::hop]
    sure = np.zeros(n_frames)
    maybe = np.zeros(n_frames)
    todo = np.arange(n_frames)
    if active is not None:
        todo = todo[_active_at(active, todo * PITCH_HOP_S)]
    nfft = 1 << (span - 1).bit_length()
    lags = np.arange(lag_max + 2)
    for first in range(0, todo.size, 1024):  # blocks keep memory flat on long takes
        index = todo[first : first + 1024]
        # Window energies at every lag, from a running sum of squares over the block's span
        # (in float64: differences of a long float32 sum lose the quiet frames).
        lo = index[0] * hop
        power = np.cumsum(np.square(x[lo : index[-1] * hop + span], dtype=np.float64))
        runs = sliding_window_view(np.concatenate(([0.0], power)), lags.size)
        starts = (index - index[0]) * hop
        energy = runs[starts + window] - runs[starts]
        cmnd = _cmnd(frames[index], energy, window, lags, nfft)
        sure[index], maybe[index] = _first_dips(
            cmnd, (VOICING_THRESHOLD, VOICING_THRESHOLD_NEAR), lag_min, sample_rate
        )
    return _fold_octave_errors(_grow_voicing(sure, maybe))


def _cmnd(
    frames: np.ndarray, energy: np.ndarray, window: int, lags: np.ndarray, nfft: int
) -> np.ndarray:
    """YIN's cumulative mean normalised difference of each frame, for lags 0..lags[-1].

    The difference d(t) = sum_j (x_j - x_{j+t})^2 over the window is e_0 + e_t - 2 r(t):
    ``energy`` holds e_t, and the cross term r comes from FFTs (float32 is plenty: d is read
    against a threshold of 0.3 of its running mean).
    """
    # In place where it can be: a block's arrays are megabytes (the same figures as
    # without, 8 % less CPU on a 90 s take).
    spectrum = np.fft.rfft(frames, nfft, axis=1)
    cross = np.conj(np.fft.rfft(frames[:, :window], nfft, axis=1))
    cross *= spectrum
    r = np.fft.irfft(cross, nfft, axis=1)[:, : lags.size]
    diff = energy[:, :1] + energy
    diff -= 2.0 * r
    np.maximum(diff, 0.0, out=diff)
    # d'(t) = d(t) t / sum_{k<=t} d(k), d'(0) = 1.
    running = np.cumsum(diff[:, 1:], axis=1)
    np.maximum(running, 1e-12, out=running)
    cmnd = np.ones_like(diff)
    np.multiply(diff[:, 1:], lags[1:], out=cmnd[:, 1:])
    cmnd[:, 1:] /= running
    return cmnd


def _first_dips(
    cmnd: np.ndarray, thresholds: tuple[float, ...], lag_min: int, sample_rate: int
) -> list[np.ndarray]:
    """Per threshold, the pitch of each frame's first dip under it (its bottom, refined by a
    parabola), 0 where there is none. The last column of ``cmnd`` is only a neighbour for
    the parabola. What does not depend on the threshold is worked out once for all."""
    search = cmnd[:, lag_min:-1]
    # Under the threshold and near the deepest dip: a shallower dip at two thirds or half the
    # period (a strong third or second harmonic) read jfk.wav's 248 Hz as 372 Hz.
    near_deepest = search.min(axis=1, keepdims=True) + DIP_MARGIN
    rising = np.diff(search, axis=1, append=np.inf) >= 0
    cols = np.arange(search.shape[1])
    rows = np.arange(cmnd.shape[0])
    out = []
    for threshold in thresholds:
        below = search < np.minimum(threshold, near_deepest)
        voiced = below.any(axis=1)
        start = np.argmax(below, axis=1)
        tau = np.argmax(rising & (cols >= start[:, None]), axis=1) + lag_min
        left, mid, right = cmnd[rows, tau - 1], cmnd[rows, tau], cmnd[rows, tau + 1]
        curve = left - 2.0 * mid + right
        safe = np.where(curve > 1e-12, curve, 1.0)
        shift = np.where(curve > 1e-12, 0.5 * (left - right) / safe, 0.0)
        period = tau + np.clip(shift, -1.0, 1.0)
        out.append(np.where(voiced, sample_rate / period, 0.0))
    return out


def _grow_voicing(sure: np.ndarray, maybe: np.ndarray) -> np.ndarray:
    """Extend voiced runs into neighbouring frames that are nearly periodic at a close pitch.

    The edges of a vowel and creaky stretches are periodic but less cleanly than the strict
    threshold asks; pYIN keeps them through its voicing model. Here a frame under the looser
    threshold is kept when a chain of frames, each within a semitone of the next, joins it
    to a frame under the strict one.
    """
    pitch = np.where(sure > 0, sure, maybe)
    has = pitch > 0
    log_pitch = np.log2(np.where(has, pitch, 1.0))
    linked = has[:-1] & has[1:] & (np.abs(np.diff(log_pitch)) * 12.0 <= 1.0)
    chain = np.concatenate(([0], np.cumsum(~linked)))  # frames sharing a number are joined
    anchored = np.bincount(chain, weights=(sure > 0).astype(float)) > 0
    return np.where(has & anchored[chain], pitch, 0.0)


def _fold_octave_errors(f0: np.ndarray) -> np.ndarray:
    """Halve or double frames about an octave away from the median of their neighbours."""
    voiced = np.flatnonzero(f0 > 0)
    if voiced.size < 3:
        return f0
    semis = 12.0 * np.log2(f0[voiced])
    # The neighbourhood: the voiced frames around each one, about a second of voicing.
    reach = min(round(OCTAVE_CONTEXT_S / PITCH_HOP_S), voiced.size - 1)
    padded = np.pad(semis, reach, mode="reflect")
    local = np.median(sliding_window_view(padded, 2 * reach + 1), axis=1)
    off = semis - local
    out = f0.copy()
    out[voiced[np.abs(off - 12.0) <= OCTAVE_TOLERANCE_ST]] /= 2.0
    out[voiced[np.abs(off + 12.0) <= OCTAVE_TOLERANCE_ST]] *= 2.0
    return out


def _active_at(activity: Activity, times_s: np.ndarray) -> np.ndarray:
    index = (np.asarray(times_s) / activity.hop_s).astype(int)
    inside = (index >= 0) & (index < activity.active.size)
    out = np.zeros(index.shape, dtype=bool)
    out[inside] = activity.active[index[inside]]
    return out
