"""Where a take's audio goes, block by block: the WAV on disk and one copy in memory.

The recorder's writer thread hands every block from the microphone to a :class:`TakeSink`,
which streams it to the WAV (the device's own rate and channels, lossless), adds it at
16 kHz mono to the in-memory :class:`~speakprep.audio.take_buffer.TakeBuffer`, updates the
level meter, counts lost audio, and cuts the take at its length limit. Only the writer
thread calls its methods; its counters may be read from any thread.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np
import soxr

from speakprep.audio._input_stream import disk_message
from speakprep.audio.level import LevelMeter
from speakprep.audio.take_buffer import TakeBuffer
from speakprep.audio.wavfile import WavWriter, to_int16

__all__ = ["TakeSink"]

log = logging.getLogger(__name__)


class TakeSink:
    """One take's destination; see the module docstring.

    Args:
        writer: the open WAV writer (None records to memory only).
        path: the WAV's path, for messages.
        rate_hz: the microphone's rate.
        live_rate_hz: the rate of the in-memory copy.
        limit_frames: frames after which the take is cut.
    """

    def __init__(
        self,
        writer: WavWriter | None,
        path: Path,
        *,
        rate_hz: int,
        live_rate_hz: int,
        limit_frames: int,
    ) -> None:
        self.path = path
        self.rate_hz = rate_hz
        self.take = TakeBuffer()
        self.meter = LevelMeter(rate_hz)
        self._writer = writer
        self._resampler = (
            soxr.ResampleStream(rate_hz, live_rate_hz, 1, "float32")
            if rate_hz != live_rate_hz
            else None
        )
        self._limit_frames = limit_frames
        self._lock = threading.Lock()
        self._frames = 0
        self._dropped = 0
        self._overflows = 0
        self._next_adc_s: float | None = None
        self._disk_error: str | None = None
        self._limit_reached = False

    @property
    def frames(self) -> int:
        with self._lock:
            return self._frames

    @property
    def dropped_frames(self) -> int:
        with self._lock:
            return self._dropped

    @property
    def overflows(self) -> int:
        with self._lock:
            return self._overflows

    @property
    def disk_error(self) -> str | None:
        with self._lock:
            return self._disk_error

    @property
    def limit_reached(self) -> bool:
        with self._lock:
            return self._limit_reached

    def process(self, block: np.ndarray, overflow: bool, adc_s: float) -> None:
        """Take one block from the microphone (frames x channels)."""
        block = to_int16(block).reshape(len(block), -1)
        if self._frames + len(block) >= self._limit_frames:
            block = block[: max(0, self._limit_frames - self._frames)]
            with self._lock:
                self._limit_reached = True
        n = len(block)
        lost_frames = 0
        if overflow:
            # PortAudio only says "some input was lost"; the capture clock tells how much.
            gap = (
                round((adc_s - self._next_adc_s) * self.rate_hz)
                if adc_s and self._next_adc_s
                else None
            )
            lost_frames = max(gap, 0) if gap is not None else n
        self._next_adc_s = adc_s + n / self.rate_hz if adc_s else None

        if self._writer is not None and self._disk_error is None:
            try:
                self._writer.write(block)
            except OSError as err:
                self._disk_failed(err)
        mono = block[:, 0] if block.shape[1] == 1 else block.mean(axis=1, dtype=np.float32)
        mono = mono.astype(np.float32) / np.float32(32768.0)
        self.meter.update(mono)
        self.take.append(self._resampler.resample_chunk(mono) if self._resampler else mono)
        with self._lock:
            self._frames += n
            self._dropped += lost_frames
            self._overflows += int(overflow)

    def flush(self) -> None:
        """Put what was written so far on the disk (a disk error is recorded, not raised)."""
        if self._writer is None or self._disk_error is not None:
            return
        try:
            self._writer.flush()
        except OSError as err:
            self._disk_failed(err)

    def finish(self) -> None:
        """The take ended: the resampler's tail into memory, and the WAV completed.

        Raises:
            Exception: anything unexpected (a disk error is recorded instead).
        """
        try:
            if self._resampler is not None:
                self.take.append(self._resampler.resample_chunk(np.zeros(0, np.float32), last=True))
            self.flush()
            if self._writer is not None and self._disk_error is None:
                self._writer.close()
        except OSError as err:
            self._disk_failed(err)
        finally:
            self.meter.reset()

    def _disk_failed(self, err: OSError) -> None:
        log.error("cannot write %s: %s", self.path, err)
        with self._lock:
            self._disk_error = disk_message(err, self.path) + " The take is kept in memory."
        if self._writer is not None:
            self._writer.abandon()
