"""The speaker in front of the microphone, with quieter sound behind them turned down.

A TV or other people in the room reach the microphone well under the speaker (12 dB under
in benchmarks/tv_real_host.py) and fill the speaker's pauses and the gaps between words;
tiny.en then writes the two voices as one and is unsure of the result. Turning down every
stretch much quieter than the take's loud parts leaves the speaker's words for the model.
"""

from __future__ import annotations

import numpy as np

__all__ = ["foreground"]

_FRAME_S = 0.02
# A frame this far under the take's loud level (the LOUD_PERCENTILE of its frame levels) is
# sound behind the speaker, turned down by _TURN_DOWN_DB; the gain is smoothed over
# _SMOOTH_FRAMES frames (100 ms) so that words do not click in and out.
_LOUD_PERCENTILE = 95.0
_BELOW_LOUD_DB = 8.0
_TURN_DOWN_DB = 25.0
_SMOOTH_FRAMES = 5


def foreground(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` (mono float32) with each stretch more than ``_BELOW_LOUD_DB`` under the
    take's loud parts turned down: the same length, the loud parts as they were."""
    x = np.asarray(samples, np.float32).reshape(-1)
    size = max(1, round(_FRAME_S * rate))
    count = x.size // size
    out = x.copy()
    if count == 0:
        return out
    frames = x[: count * size].reshape(count, size)
    level_db = 10.0 * np.log10(np.mean(np.square(frames, dtype=np.float64), axis=1) + 1e-12)
    loud_db = float(np.percentile(level_db, _LOUD_PERCENTILE))
    gain = np.where(level_db < loud_db - _BELOW_LOUD_DB, 10.0 ** (-_TURN_DOWN_DB / 20.0), 1.0)
    gain = np.convolve(gain, np.full(_SMOOTH_FRAMES, 1.0 / _SMOOTH_FRAMES), mode="same")
    out[: count * size] = (frames * gain[:, np.newaxis].astype(np.float32)).reshape(-1)
    return out
