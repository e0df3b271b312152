"""Record one take from a microphone to a WAV file, crash-safe, with live access to the audio.

Three threads touch a take, and each does one thing:

- PortAudio's audio thread runs :meth:`Recorder._on_audio`, which only copies the block
  into a queue. No locks, no disk, no Qt: a slow callback makes the sound card drop audio.
- The recorder's writer thread drains the queue: it streams the audio to the WAV (flushed
  to disk at least every 0.5 s, see :mod:`speakprep.audio.wavfile`), keeps one copy in
  memory at 16 kHz mono (:class:`~speakprep.audio.take_buffer.TakeBuffer`, what live and
  final analysis read) and measures the level. It also notices a microphone that vanished,
  and stops the take at the length limit (``assets/recording.toml``).
- The caller's thread (the UI, through a worker, or a test) starts and stops the take and
  polls ``level``, ``elapsed_s`` and ``read_new()``; all of them are safe from any thread.

The stream is injected (``stream_factory``, by default ``sounddevice.InputStream``), so
tests drive the recorder with ``tests.fakes.FakeInputStream`` and need no sound card.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from speakprep.audio._input_stream import (
    NO_MICROPHONE_MESSAGE,
    NoMicrophoneError,
    RecorderError,
    StreamFactory,
    close_quietly,
    disk_message,
    no_microphone_message,
    open_input_stream,
)
from speakprep.audio.devices import InputDevice, is_missing_device_error
from speakprep.audio.files import SAMPLE_RATE
from speakprep.audio.level import LEVEL_FLOOR_DBFS, SILENT, Level
from speakprep.audio.recording_limits import RecordingLimits, limit_notice, load_recording_limits
from speakprep.audio.recording_result import RecorderState, RecordingResult
from speakprep.audio.take_sink import TakeSink
from speakprep.audio.wavfile import WavWriter

__all__ = [
    "LEVEL_FLOOR_DBFS",
    "LIVE_RATE_HZ",
    "NO_MICROPHONE_MESSAGE",
    "Level",
    "NoMicrophoneError",
    "Recorder",
    "RecorderError",
    "RecorderState",
    "RecordingLimits",
    "RecordingResult",
]

log = logging.getLogger(__name__)

LIVE_RATE_HZ = SAMPLE_RATE
"""Rate of the audio :meth:`Recorder.samples` returns: what the speech model expects."""

_POLL_S = 0.05  # how often the writer thread wakes up when no audio arrives
_STOP_TIMEOUT_S = 10.0
_STOP = object()
_FINISHED = object()
_LOST_FINISHED = "The microphone stopped (was it unplugged?). The take so far was kept."
_LOST_SILENT = "The microphone stopped sending sound (was it unplugged?). The take so far was kept."


WriterFactory = Callable[[Path, int, int], WavWriter]


class Recorder:
    """Record one take from a microphone into a 16-bit WAV, with a 16 kHz copy in memory.

    Args:
        path: the WAV file to create (it must not exist; its folder must).
        device: the microphone: a PortAudio index, an :class:`InputDevice`, a name (matched
            by sounddevice; resolve a stored name with ``find_input_device`` first) or None
            for the system default.
        sample_rate_hz: the rate to ask for. A device that refuses it records at its own
            default rate instead; the live audio is resampled to 16 kHz either way.
        channels: channels to record (a mono-only request falls back to 2 if refused).
        stream_factory: makes the input stream, with ``sounddevice.InputStream``'s keywords.
        blocksize: frames per callback; 0 lets PortAudio choose (most robust).
        flush_interval_s: longest time audio waits in memory before it is on disk.
        stall_timeout_s: a microphone silent for longer than this is taken as gone.
        first_block_timeout_s: the same, before the first block (devices take a moment
            to start).
        writer_factory: makes the WAV writer from (path, rate_hz, channels).
        limits: the longest take and when to warn (default: ``assets/recording.toml``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        device: int | str | InputDevice | None = None,
        *,
        sample_rate_hz: int = LIVE_RATE_HZ,
        channels: int = 1,
        stream_factory: StreamFactory | None = None,
        blocksize: int = 0,
        flush_interval_s: float = 0.5,
        stall_timeout_s: float = 1.0,
        first_block_timeout_s: float = 3.0,
        writer_factory: WriterFactory = WavWriter,
        limits: RecordingLimits | None = None,
    ) -> None:
        self.path = Path(path)
        self._device = device.index if isinstance(device, InputDevice) else device
        self._requested_rate_hz = int(sample_rate_hz)
        self._requested_channels = int(channels)
        self._stream_factory = stream_factory
        self._blocksize = blocksize
        self._flush_interval_s = flush_interval_s
        self._stall_timeout_s = stall_timeout_s
        self._first_block_timeout_s = first_block_timeout_s
        self._writer_factory = writer_factory
        self.limits = limits or load_recording_limits()

        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.Lock()  # guards the fields the caller's thread reads
        self._control = threading.Lock()  # serialises start() and stop()
        self._ended = threading.Event()
        self._state = RecorderState.IDLE
        self._stopping = False
        self._stream: Any = None
        self._stream_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._result: RecordingResult | None = None

        self.rate_hz = 0
        self.channels = 0
        # Made at start(), when the microphone's rate is known; an idle recorder reads an
        # empty sink.
        self._sink = TakeSink(
            None, self.path, rate_hz=LIVE_RATE_HZ, live_rate_hz=LIVE_RATE_HZ, limit_frames=1
        )
        self._lost_message: str | None = None

    # ----------------------------------------------------------------- the caller's thread

    @property
    def state(self) -> RecorderState:
        with self._lock:
            return self._state

    @property
    def elapsed_s(self) -> float:
        """Seconds of audio captured so far (the microphone's clock, not the wall clock)."""
        return self._sink.frames / self.rate_hz if self.rate_hz else 0.0

    @property
    def level(self) -> Level:
        """Peak and RMS level of the last ~50 ms; the floor when idle or stopped."""
        return self._sink.meter.level if self.state is RecorderState.RECORDING else SILENT

    @property
    def level_db(self) -> float:
        """Peak level of the last ~50 ms in dBFS: the one number a level meter needs."""
        return self.level.peak_dbfs

    @property
    def time_left_s(self) -> float:
        """Seconds until the take reaches its length limit and stops by itself."""
        return max(0.0, self.limits.max_s - self.elapsed_s)

    @property
    def limit_notice(self) -> str | None:
        """From a minute before the limit, one line saying how long is left (the UI shows
        it while recording); once the limit stopped the take, that it did; else None."""
        return limit_notice(self.limits, self.elapsed_s)

    @property
    def limit_reached(self) -> bool:
        """Whether the take ran to its length limit and was stopped (call :meth:`stop`)."""
        return self._sink.limit_reached

    @property
    def device_lost(self) -> bool:
        """Whether the microphone vanished and ended the take (call :meth:`stop` next)."""
        return self.state is RecorderState.DEVICE_LOST

    @property
    def dropped_frames(self) -> int:
        return self._sink.dropped_frames

    @property
    def disk_error(self) -> str | None:
        """Why the take is no longer being written to disk, or None while all is well."""
        return self._sink.disk_error

    @property
    def result(self) -> RecordingResult | None:
        """How the take ended, once it has (by :meth:`stop` or a lost microphone)."""
        with self._lock:
            return self._result

    def start(self) -> None:
        """Open the microphone and the WAV file and start recording.

        Raises:
            NoMicrophoneError: there is no microphone (or the chosen one is gone).
            RecorderError: the microphone cannot be opened, the file cannot be created, or
                this recorder was already used (make one per take).
        """
        with self._control:
            if self._state is not RecorderState.IDLE:
                raise RecorderError("This take has already been recorded; start a new one.")
            stream = self._open_stream()
            self.rate_hz = round(float(stream.samplerate))
            self.channels = int(stream.channels)
            try:
                writer = self._writer_factory(self.path, self.rate_hz, self.channels)
            except OSError as err:
                close_quietly(stream, abort=True)
                raise RecorderError(disk_message(err, self.path)) from None
            self._sink = TakeSink(
                writer,
                self.path,
                rate_hz=self.rate_hz,
                live_rate_hz=LIVE_RATE_HZ,
                limit_frames=round(self.limits.max_s * self.rate_hz),
            )
            self._stream = stream
            with self._lock:
                self._state = RecorderState.RECORDING
            self._thread = threading.Thread(
                target=self._run, name="speakprep-recorder", daemon=True
            )
            self._thread.start()
            try:
                stream.start()
            except Exception as err:
                self._abandon_start()
                if is_missing_device_error(err):
                    raise NoMicrophoneError(no_microphone_message(self._device)) from None
                raise RecorderError(f"The microphone could not be started ({err}).") from None

    def stop(self) -> RecordingResult:
        """End the take, finish the WAV file and say how it went.

        Safe to call after the microphone vanished (it returns that result) and more than
        once.

        Raises:
            RecorderError: the take was never started, or saving it hangs (a failing disk);
                the audio is then still in memory (:meth:`samples`, :meth:`save_copy`).
        """
        with self._control:
            if self._state is RecorderState.IDLE:
                raise RecorderError("Recording has not started.")
            self._stopping = True
            stream_error = self._close_stream(abort=False)
            if stream_error is not None and self._lost_message is None:
                self._lost_message = (
                    f"The microphone failed while stopping ({stream_error}). "
                    "The take so far was kept."
                )
            self._queue.put(_STOP)
            if not self._ended.wait(_STOP_TIMEOUT_S):
                raise RecorderError(
                    "Saving the recording is taking too long (is the disk failing?). "
                    "The take is kept in memory."
                )
            assert self._result is not None
            return self._result

    def wait_ended(self, timeout_s: float | None = None) -> bool:
        """Wait until the take has ended (stopped, or the microphone vanished)."""
        return self._ended.wait(timeout_s)

    def sync(self, timeout_s: float = 5.0) -> bool:
        """Wait until every block delivered so far has been processed.

        For a final read and for tests; returns False on timeout.
        """
        if self._ended.is_set() or self._thread is None:
            return True
        done = threading.Event()
        self._queue.put(done)
        while not done.wait(_POLL_S):
            if self._ended.is_set():
                return True
            timeout_s -= _POLL_S
            if timeout_s <= 0:
                return False
        return True

    def samples(self) -> np.ndarray:
        """The whole take so far as 16 kHz mono float32 (a copy)."""
        return self._sink.take.samples()

    def read_from(self, start: int) -> np.ndarray:
        """16 kHz samples from index ``start`` to now: a cursor for any number of readers."""
        return self._sink.take.read_from(start)

    def read_new(self) -> np.ndarray:
        """16 kHz samples since the previous ``read_new`` (for the one live transcriber)."""
        return self._sink.take.read_new()

    @property
    def live_sample_count(self) -> int:
        """How many 16 kHz samples :meth:`samples` would return now."""
        return len(self._sink.take)

    def save_copy(self, path: str | os.PathLike[str]) -> Path:
        """Write the take held in memory to a new WAV (after a disk error, to elsewhere).

        The copy is the 16 kHz mono audio the analysis uses: the take is streamed to disk
        at the device's own rate and channels and held in memory only once, at 16 kHz.

        Raises:
            RecorderError: the file cannot be written.
        """
        target = Path(path)
        try:
            with WavWriter(target, LIVE_RATE_HZ, 1) as w:
                w.write(self._sink.take.samples())
        except OSError as err:
            raise RecorderError(disk_message(err, target)) from None
        return target

    # ----------------------------------------------------------------- PortAudio's thread

    def _on_audio(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        # Copy (PortAudio reuses the buffer) and hand over; anything slower here drops audio.
        self._queue.put(
            (
                indata.copy(),
                bool(getattr(status, "input_overflow", False)),
                float(getattr(time_info, "inputBufferAdcTime", 0.0) or 0.0),
            )
        )

    def _on_finished(self) -> None:
        # PortAudio calls this whenever the stream goes inactive, our own stop() included;
        # whether we were stopping is read now, while it is still true.
        self._queue.put((_FINISHED, self._stopping))

    # ----------------------------------------------------------------- the writer thread

    def _run(self) -> None:
        lost: str | None = None
        try:
            last_flush = last_block = time.monotonic()
            got_block = False
            while True:
                try:
                    item = self._queue.get(timeout=_POLL_S)
                except queue.Empty:
                    item = None
                if item is _STOP:
                    break
                if isinstance(item, threading.Event):
                    item.set()
                elif isinstance(item, tuple) and item[0] is _FINISHED:
                    if not item[1]:
                        lost = _LOST_FINISHED
                        break
                elif item is not None:
                    self._sink.process(*item)
                    got_block = True
                    last_block = time.monotonic()
                    if self._sink.limit_reached:
                        break
                now = time.monotonic()
                if now - last_flush >= self._flush_interval_s:
                    self._sink.flush()
                    last_flush = now
                limit = self._stall_timeout_s if got_block else self._first_block_timeout_s
                if not self._stopping and now - last_block > limit:
                    lost = _LOST_SILENT
                    break
        except Exception as err:  # a bug here must not cost the take: finish what we have
            log.exception("recording failed")
            lost = f"Recording failed ({err}). The take so far was kept."
        self._finish(lost)
        if lost is not None or self._sink.limit_reached:
            self._close_stream(abort=True)

    def _finish(self, lost: str | None) -> None:
        sink = self._sink
        try:
            sink.finish()
        except Exception as err:  # the result must be set whatever happens, or stop() hangs
            log.exception("finishing the take failed")
            lost = lost or f"Recording failed ({err}). The take so far was kept."
        lost = lost or self._lost_message
        errors = [m for m in (lost, sink.disk_error) if m]
        frames = sink.frames
        result = RecordingResult(
            path=self.path,
            duration_s=frames / self.rate_hz if self.rate_hz else 0.0,
            sample_rate_hz=self.rate_hz,
            channels=self.channels,
            frames=frames,
            dropped_frames=sink.dropped_frames,
            overflows=sink.overflows,
            device_lost=lost is not None,
            error=" ".join(errors) or None,
            saved=sink.disk_error is None,
            limit_reached=sink.limit_reached,
            notice=limit_notice(self.limits, self.limits.max_s) if sink.limit_reached else None,
        )
        with self._lock:
            self._result = result
            self._state = RecorderState.DEVICE_LOST if lost else RecorderState.STOPPED
        self._ended.set()

    # ----------------------------------------------------------------- helpers

    def _open_stream(self) -> Any:
        return open_input_stream(
            self._stream_factory,
            self._device,
            rate_hz=self._requested_rate_hz,
            channels=self._requested_channels,
            blocksize=self._blocksize,
            callback=self._on_audio,
            finished_callback=self._on_finished,
        )

    def _close_stream(self, *, abort: bool) -> Exception | None:
        with self._stream_lock:
            stream, self._stream = self._stream, None
        return close_quietly(stream, abort=abort) if stream is not None else None

    def _abandon_start(self) -> None:
        """Undo a start whose stream would not run: no take, and no empty file left behind."""
        self._stopping = True
        self._close_stream(abort=True)
        self._queue.put(_STOP)
        self._ended.wait(_STOP_TIMEOUT_S)
        try:
            if self._sink.frames == 0:
                self.path.unlink(missing_ok=True)
        except OSError:
            pass
