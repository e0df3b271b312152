"""The level meter: how loud the last ~50 ms of a take were, in dB relative to full scale."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["LEVEL_FLOOR_DBFS", "SILENT", "Level", "LevelMeter", "measure_level"]

LEVEL_FLOOR_DBFS = -100.0
"""The level reported for digital silence (instead of minus infinity)."""

_WINDOW_S = 0.05


@dataclass(frozen=True, slots=True)
class Level:
    """Loudness of the last ~50 ms, in dB relative to full scale (0 dBFS is the loudest)."""

    peak_dbfs: float
    rms_dbfs: float


SILENT = Level(LEVEL_FLOOR_DBFS, LEVEL_FLOOR_DBFS)
"""The level of digital silence, and of a meter with no audio."""


class LevelMeter:
    """Keeps the newest ``window_s`` of mono audio and measures it.

    Used from one thread (the recorder's writer); reading :attr:`level` from another
    thread is safe, as it is replaced whole.
    """

    def __init__(self, rate_hz: int, window_s: float = _WINDOW_S) -> None:
        self._window = max(1, round(window_s * rate_hz))
        self._tail = np.zeros(0, np.float32)
        self.level = SILENT

    def update(self, mono: np.ndarray) -> Level:
        """Add mono samples in [-1, 1] and return the level of the newest window."""
        self._tail = np.concatenate((self._tail, mono))[-self._window :]
        self.level = measure_level(self._tail)
        return self.level

    def reset(self) -> None:
        """Back to silence (the take ended)."""
        self._tail = np.zeros(0, np.float32)
        self.level = SILENT


def measure_level(x: np.ndarray) -> Level:
    """Peak and RMS level of samples in [-1, 1]."""
    if x.size == 0:
        return SILENT
    peak = float(np.max(np.abs(x)))
    rms = math.sqrt(float(np.mean(np.square(x, dtype=np.float64))))
    return Level(_dbfs(peak), _dbfs(rms))


def _dbfs(value: float) -> float:
    return max(LEVEL_FLOOR_DBFS, 20.0 * math.log10(value)) if value > 0 else LEVEL_FLOOR_DBFS
