"""The take in memory, once: 16 kHz mono float32, what live and final analysis read.

The recorder streams the device's own audio (any rate, any channels) to the WAV on disk and
keeps only this copy in memory: 3.8 MB a minute, 58 MB for a 15-minute take. It is stored
in fixed blocks, so a long take grows without ever copying what it already holds.
"""

from __future__ import annotations

import threading

import numpy as np

from speakprep.core.units import SAMPLE_RATE

__all__ = ["TakeBuffer"]

_BLOCK_SAMPLES = SAMPLE_RATE * 10  # 10 s: 640 KB of float32


class TakeBuffer:
    """A growing mono float32 signal, safe to append to from one thread and read from any."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._blocks: list[np.ndarray] = []
        self._length = 0
        self._cursor = 0

    def __len__(self) -> int:
        with self._lock:
            return self._length

    def append(self, x: np.ndarray) -> None:
        """Add samples at the end."""
        x = np.asarray(x, np.float32).reshape(-1)
        with self._lock:
            done = 0
            while done < x.size:
                used = self._length % _BLOCK_SAMPLES
                if used == 0:
                    self._blocks.append(np.empty(_BLOCK_SAMPLES, np.float32))
                n = min(_BLOCK_SAMPLES - used, x.size - done)
                self._blocks[-1][used : used + n] = x[done : done + n]
                self._length += n
                done += n

    def read_from(self, start: int) -> np.ndarray:
        """A copy of the samples from index ``start`` to the end."""
        with self._lock:
            return self._slice(max(start, 0), self._length)

    def samples(self) -> np.ndarray:
        """A copy of the whole signal."""
        return self.read_from(0)

    def read_new(self) -> np.ndarray:
        """The samples since the previous ``read_new`` (one reader's cursor)."""
        with self._lock:
            out = self._slice(self._cursor, self._length)
            self._cursor = self._length
            return out

    def _slice(self, start: int, end: int) -> np.ndarray:
        out = np.empty(max(0, end - start), np.float32)
        at = start
        while at < end:
            block, offset = divmod(at, _BLOCK_SAMPLES)
            n = min(_BLOCK_SAMPLES - offset, end - at)
            out[at - start : at - start + n] = self._blocks[block][offset : offset + n]
            at += n
        return out
