"""Record one take from a microphone to a WAV file, crash-safe, with live access to the audio.

Three threads touch a take, and each does one thing:

- PortAudio's audio thread runs :meth:`Recorder._on_audio`, which only copies the block
  into a queue. No locks, no disk, no Qt: a slow callback makes the sound card drop audio.
- The recorder's writer thread drains the queue: it appends the audio to the WAV (flushed
  to disk at least every 0.5 s, see :mod:`speakprep.audio.wavfile`), keeps the take in
  memory, resamples it to 16 kHz mono for live transcription and measures the level. It
  also notices a microphone that vanished.
- The caller's thread (the UI, through a worker, or a test) starts and stops the take and
  polls ``level``, ``elapsed_s`` and ``read_new()``; all of them are safe from any thread.

The stream is injected (``stream_factory``, by default ``sounddevice.InputStream``), so
tests drive the recorder with ``tests.fakes.FakeInputStream`` and need no sound card.
"""

from __future__ import annotations

import errno
import logging
import math
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import soxr

from speakprep.audio.devices import (
    InputDevice,
    find_input_device,
    is_missing_device_error,
    load_sounddevice,
)
from speakprep.audio.files import SAMPLE_RATE
from speakprep.audio.wavfile import WavWriter, to_int16

__all__ = [
    "LEVEL_FLOOR_DBFS",
    "LIVE_RATE_HZ",
    "NO_MICROPHONE_MESSAGE",
    "Level",
    "NoMicrophoneError",
    "Recorder",
    "RecorderError",
    "RecorderState",
    "RecordingResult",
]

log = logging.getLogger(__name__)

LIVE_RATE_HZ = SAMPLE_RATE
"""Rate of the audio :meth:`Recorder.samples` returns: what the speech model expects."""

LEVEL_FLOOR_DBFS = -100.0
"""The level reported for digital silence (instead of minus infinity)."""

NO_MICROPHONE_MESSAGE = "No microphone found. Plug one in, or import a recording instead."

_LEVEL_WINDOW_S = 0.05
_POLL_S = 0.05  # how often the writer thread wakes up when no audio arrives
_STOP_TIMEOUT_S = 10.0
_STOP = object()
_FINISHED = object()
_LOST_FINISHED = "The microphone stopped (was it unplugged?). The take so far was kept."
_LOST_SILENT = "The microphone stopped sending sound (was it unplugged?). The take so far was kept."


class RecorderError(RuntimeError):
    """Recording cannot start or go on; ``str(err)`` is one line a person can act on."""


class NoMicrophoneError(RecorderError):
    """There is no microphone to record from (none plugged in, or the chosen one is gone)."""


class RecorderState(StrEnum):
    """Where a take is: ``idle`` (not started), ``recording``, ``stopped`` (by
    :meth:`Recorder.stop`) or ``device_lost`` (the microphone vanished; the take is saved)."""

    IDLE = "idle"
    RECORDING = "recording"
    STOPPED = "stopped"
    DEVICE_LOST = "device_lost"


@dataclass(frozen=True, slots=True)
class Level:
    """Loudness of the last ~50 ms, in dB relative to full scale (0 dBFS is the loudest)."""

    peak_dbfs: float
    rms_dbfs: float


_SILENT = Level(LEVEL_FLOOR_DBFS, LEVEL_FLOOR_DBFS)


@dataclass(frozen=True, slots=True)
class RecordingResult:
    """How a take ended.

    Attributes:
        path: the WAV file of the take.
        duration_s: length of the audio captured.
        sample_rate_hz: the microphone's rate, which is also the WAV's.
        channels: channels in the WAV.
        frames: frames captured.
        dropped_frames: frames the sound card lost because the computer fell behind
            (an estimate; 0 in a clean take).
        overflows: how many times the sound card reported losing audio.
        device_lost: the microphone vanished and ended the take early.
        error: one line for a person when something went wrong, else None.
        saved: whether the WAV at ``path`` holds the whole take. When false (disk full),
            the audio is still in memory: see :meth:`Recorder.save_copy`.
    """

    path: Path
    duration_s: float
    sample_rate_hz: int
    channels: int
    frames: int
    dropped_frames: int
    overflows: int
    device_lost: bool
    error: str | None
    saved: bool


StreamFactory = Callable[..., Any]
WriterFactory = Callable[[Path, int, int], WavWriter]


class Recorder:
    """Record one take from a microphone into a 16-bit WAV, keeping it in memory too.

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
        self._writer: WavWriter | None = None
        self._resampler: soxr.ResampleStream | None = None
        self._live = np.zeros(0, np.float32)
        self._live_len = 0
        self._read_cursor = 0
        self._raw: list[np.ndarray] = []  # ~0.5 s pieces at the device rate, all channels
        self._raw_pending: list[np.ndarray] = []  # blocks since the last flush
        self._frames = 0
        self._overflows = 0
        self._dropped = 0
        self._next_adc_s: float | None = None
        self._level = _SILENT
        self._tail = np.zeros(0, np.float32)
        self._disk_error: str | None = None
        self._lost_message: str | None = None

    # ----------------------------------------------------------------- the caller's thread

    @property
    def state(self) -> RecorderState:
        with self._lock:
            return self._state

    @property
    def elapsed_s(self) -> float:
        """Seconds of audio captured so far (the microphone's clock, not the wall clock)."""
        with self._lock:
            return self._frames / self.rate_hz if self.rate_hz else 0.0

    @property
    def level(self) -> Level:
        """Peak and RMS level of the last ~50 ms; the floor when idle or stopped."""
        return self._level

    @property
    def level_db(self) -> float:
        """Peak level of the last ~50 ms in dBFS: the one number a level meter needs."""
        return self._level.peak_dbfs

    @property
    def device_lost(self) -> bool:
        """Whether the microphone vanished and ended the take (call :meth:`stop` next)."""
        return self.state is RecorderState.DEVICE_LOST

    @property
    def dropped_frames(self) -> int:
        with self._lock:
            return self._dropped

    @property
    def disk_error(self) -> str | None:
        """Why the take is no longer being written to disk, or None while all is well."""
        with self._lock:
            return self._disk_error

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
                self._writer = self._writer_factory(self.path, self.rate_hz, self.channels)
            except OSError as err:
                _close_quietly(stream, abort=True)
                raise RecorderError(_disk_message(err, self.path)) from None
            if self.rate_hz != LIVE_RATE_HZ:
                self._resampler = soxr.ResampleStream(self.rate_hz, LIVE_RATE_HZ, 1, "float32")
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
                    raise NoMicrophoneError(self._no_microphone_message()) from None
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
        with self._lock:
            return self._live[: self._live_len].copy()

    def read_from(self, start: int) -> np.ndarray:
        """16 kHz samples from index ``start`` to now: a cursor for any number of readers."""
        with self._lock:
            return self._live[max(start, 0) : self._live_len].copy()

    def read_new(self) -> np.ndarray:
        """16 kHz samples since the previous ``read_new`` (for the one live transcriber)."""
        with self._lock:
            out = self._live[self._read_cursor : self._live_len].copy()
            self._read_cursor = self._live_len
            return out

    @property
    def live_sample_count(self) -> int:
        """How many 16 kHz samples :meth:`samples` would return now."""
        with self._lock:
            return self._live_len

    def save_copy(self, path: str | os.PathLike[str]) -> Path:
        """Write the take held in memory to a new WAV (after a disk error, to elsewhere).

        Raises:
            RecorderError: the file cannot be written.
        """
        with self._lock:
            pieces = [*self._raw, *self._raw_pending]
        target = Path(path)
        try:
            with WavWriter(target, self.rate_hz or LIVE_RATE_HZ, self.channels or 1) as w:
                for piece in pieces:
                    w.write(piece)
        except OSError as err:
            raise RecorderError(_disk_message(err, target)) from None
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
                    self._process(*item)
                    got_block = True
                    last_block = time.monotonic()
                now = time.monotonic()
                if now - last_flush >= self._flush_interval_s:
                    self._flush_to_disk()
                    last_flush = now
                limit = self._stall_timeout_s if got_block else self._first_block_timeout_s
                if not self._stopping and now - last_block > limit:
                    lost = _LOST_SILENT
                    break
        except Exception as err:  # a bug here must not cost the take: finish what we have
            log.exception("recording failed")
            lost = f"Recording failed ({err}). The take so far was kept."
        self._finish(lost)
        if lost is not None:
            self._close_stream(abort=True)

    def _process(self, block: np.ndarray, overflow: bool, adc_s: float) -> None:
        block = to_int16(block).reshape(len(block), -1)
        n = len(block)
        if overflow:
            # PortAudio only says "some input was lost"; the capture clock tells how much.
            gap = (
                round((adc_s - self._next_adc_s) * self.rate_hz)
                if adc_s and self._next_adc_s
                else None
            )
            self._overflows += 1
            lost_frames = max(gap, 0) if gap is not None else n
        else:
            lost_frames = 0
        self._next_adc_s = adc_s + n / self.rate_hz if adc_s else None

        if self._writer is not None and self._disk_error is None:
            try:
                self._writer.write(block)
            except OSError as err:
                self._disk_failed(err)
        mono = block[:, 0] if block.shape[1] == 1 else block.mean(axis=1, dtype=np.float32)
        mono = mono.astype(np.float32) / np.float32(32768.0)
        live = self._resampler.resample_chunk(mono) if self._resampler is not None else mono
        window = max(1, round(_LEVEL_WINDOW_S * self.rate_hz))
        self._tail = np.concatenate((self._tail, mono))[-window:]
        self._level = _measure(self._tail)
        with self._lock:
            self._append_live(live)
            self._raw_pending.append(block)
            self._frames += n
            self._dropped += lost_frames

    def _append_live(self, x: np.ndarray) -> None:
        # Called with the lock held. Grow by half so appends stay cheap for long takes.
        need = self._live_len + x.size
        if need > self._live.size:
            grown = np.empty(max(need, int(self._live.size * 1.5), LIVE_RATE_HZ * 10), np.float32)
            grown[: self._live_len] = self._live[: self._live_len]
            self._live = grown
        self._live[self._live_len : need] = x
        self._live_len = need

    def _flush_to_disk(self) -> None:
        with self._lock:
            if self._raw_pending:
                # Consolidate the small callback blocks, so a long take is not 100k arrays.
                self._raw.append(np.concatenate(self._raw_pending))
                self._raw_pending = []
        if self._writer is None or self._disk_error is not None:
            return
        try:
            self._writer.flush()
        except OSError as err:
            self._disk_failed(err)

    def _disk_failed(self, err: OSError) -> None:
        log.error("cannot write %s: %s", self.path, err)
        with self._lock:
            self._disk_error = _disk_message(err, self.path) + " The take is kept in memory."
        if self._writer is not None:
            self._writer.abandon()

    def _finish(self, lost: str | None) -> None:
        try:
            if self._resampler is not None:
                tail = self._resampler.resample_chunk(np.zeros(0, np.float32), last=True)
                with self._lock:
                    self._append_live(tail)
            self._flush_to_disk()
            if self._writer is not None and self._disk_error is None:
                self._writer.close()
        except OSError as err:
            self._disk_failed(err)
        except Exception as err:  # the result must be set whatever happens, or stop() hangs
            log.exception("finishing the take failed")
            lost = lost or f"Recording failed ({err}). The take so far was kept."
        lost = lost or self._lost_message
        with self._lock:
            errors = [m for m in (lost, self._disk_error) if m]
            self._result = RecordingResult(
                path=self.path,
                duration_s=self._frames / self.rate_hz if self.rate_hz else 0.0,
                sample_rate_hz=self.rate_hz,
                channels=self.channels,
                frames=self._frames,
                dropped_frames=self._dropped,
                overflows=self._overflows,
                device_lost=lost is not None,
                error=" ".join(errors) or None,
                saved=self._disk_error is None,
            )
            self._state = RecorderState.DEVICE_LOST if lost else RecorderState.STOPPED
        self._level = _SILENT
        self._ended.set()

    # ----------------------------------------------------------------- helpers

    def _open_stream(self) -> Any:
        factory = self._stream_factory or _default_stream_factory()
        device = self._device
        if isinstance(device, str) and self._stream_factory is None:
            # sounddevice matches names by substring and refuses one listed under several
            # host APIs; find the exact device, else let sounddevice try (and explain).
            found = find_input_device(device)
            device = found.index if found is not None else device
        channel_choices = [self._requested_channels]
        if self._requested_channels == 1:
            channel_choices.append(2)  # some sound cards only record in stereo
        last: Exception | None = None
        for channels in channel_choices:
            # None asks for the device's own default rate, which it always accepts.
            for rate in (self._requested_rate_hz, None):
                try:
                    return factory(
                        samplerate=rate,
                        channels=channels,
                        dtype="int16",  # what the microphone delivers: lossless to the WAV
                        blocksize=self._blocksize,
                        device=device,
                        callback=self._on_audio,
                        finished_callback=self._on_finished,
                    )
                except Exception as err:
                    if is_missing_device_error(err):
                        raise NoMicrophoneError(self._no_microphone_message()) from None
                    last = err
        raise RecorderError(
            f"The microphone could not be opened ({last}). "
            "Choose another microphone in Settings, or import a recording instead."
        )

    def _no_microphone_message(self) -> str:
        if isinstance(self._device, str):
            return (
                f'The microphone "{self._device}" was not found. Plug it in or choose '
                "another one in Settings, or import a recording instead."
            )
        return NO_MICROPHONE_MESSAGE

    def _close_stream(self, *, abort: bool) -> Exception | None:
        with self._stream_lock:
            stream, self._stream = self._stream, None
        return _close_quietly(stream, abort=abort) if stream is not None else None

    def _abandon_start(self) -> None:
        """Undo a start whose stream would not run: no take, and no empty file left behind."""
        self._stopping = True
        self._close_stream(abort=True)
        self._queue.put(_STOP)
        self._ended.wait(_STOP_TIMEOUT_S)
        try:
            if self._frames == 0:
                self.path.unlink(missing_ok=True)
        except OSError:
            pass


def _default_stream_factory() -> StreamFactory:
    sd = load_sounddevice()
    if sd is None:
        raise NoMicrophoneError(
            "Sound input is not available: the PortAudio library is missing "
            "(install libportaudio2). You can import a recording instead."
        )
    return sd.InputStream  # type: ignore[no-any-return]


def _close_quietly(stream: Any, *, abort: bool) -> Exception | None:
    """Stop and close a stream; return the error from stopping it (a vanished device)."""
    error: Exception | None = None
    try:
        stream.abort() if abort else stream.stop()
    except Exception as err:
        error = err
    try:
        stream.close()
    except Exception as err:
        error = error or err
    return error


def _measure(x: np.ndarray) -> Level:
    if x.size == 0:
        return _SILENT
    peak = float(np.max(np.abs(x)))
    rms = math.sqrt(float(np.mean(np.square(x, dtype=np.float64))))
    return Level(_dbfs(peak), _dbfs(rms))


def _dbfs(value: float) -> float:
    return max(LEVEL_FLOOR_DBFS, 20.0 * math.log10(value)) if value > 0 else LEVEL_FLOOR_DBFS


def _disk_message(err: OSError, path: Path) -> str:
    where = path.parent
    if err.errno == errno.ENOSPC:
        return f"The disk is full: cannot save the recording in {where}. Free some space."
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Cannot save the recording in {where}: the folder is not writable."
    if err.errno == errno.EEXIST:
        return f"Cannot save the recording: {path.name} already exists in {where}."
    if err.errno == errno.ENOENT:
        return f"Cannot save the recording: the folder {where} does not exist."
    if err.errno == errno.ENOTDIR:
        return f"Cannot save the recording: {where} is not a folder."
    reason = (err.strerror or str(err) or type(err).__name__).lower()
    return f"Cannot save the recording in {where} ({reason})."
