"""Loudness and pitch variation of the voice (librosa RMS and YIN)."""

from __future__ import annotations

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.models import Voice
from speakprep.core.settings import VoiceSettings


def measure_voice(
    samples: np.ndarray,
    sample_rate: int,
    activity: Activity,
    *,
    settings: VoiceSettings = VoiceSettings(),
) -> Voice:
    """Loudness envelope and spread, and pitch spread over the voiced speech.

    Pitch uses YIN, not pYIN: pYIN costs seconds on a 90 s take (measured ~4 s on two
    cores), more than the whole analysis budget. YIN's octave errors are kept out by
    reading the spread between the 10th and 90th percentiles, over frames with sound only.
    """
    import librosa  # imported here: it takes a second to import, and text mode never needs it

    if samples.size < sample_rate // 2:
        return Voice()
    hop = int(settings.envelope_step_s * sample_rate)
    rms = librosa.feature.rms(y=samples, frame_length=2 * hop, hop_length=hop, center=True)[0]
    db = 20.0 * np.log10(np.maximum(rms, 1e-6))
    envelope = tuple(
        (round(i * settings.envelope_step_s, 2), round(float(v), 1)) for i, v in enumerate(db)
    )
    times = np.arange(db.size) * settings.envelope_step_s
    speaking = np.array([_active_at(activity, t) for t in times], dtype=bool)
    loud = db[speaking] if speaking.any() else db
    mean_db = float(np.mean(loud))
    range_db = float(np.percentile(loud, 90) - np.percentile(loud, 10))

    frame = 1024
    f0 = librosa.yin(
        samples,
        fmin=settings.pitch_min_hz,
        fmax=settings.pitch_max_hz,
        sr=sample_rate,
        frame_length=frame,
        hop_length=frame // 4,
    )
    f0_times = np.arange(f0.size) * (frame // 4) / sample_rate
    rms_f0 = librosa.feature.rms(y=samples, frame_length=frame, hop_length=frame // 4)[0]
    rms_f0 = rms_f0[: f0.size]
    strong = rms_f0 > np.percentile(rms_f0, 50)
    voiced = np.array([_active_at(activity, t) for t in f0_times]) & strong
    voiced &= (f0 > settings.pitch_min_hz * 1.05) & (f0 < settings.pitch_max_hz * 0.95)
    voiced_s = voiced.sum() * (frame // 4) / sample_rate
    if voiced_s < settings.min_voiced_s:
        return Voice(envelope, round(mean_db, 1), round(range_db, 1))
    pitch = f0[voiced]
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


def _active_at(activity: Activity, time_s: float) -> bool:
    i = int(time_s / activity.hop_s)
    return 0 <= i < activity.active.size and bool(activity.active[i])
