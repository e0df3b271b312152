"""Play a take from any second, pause it and seek in it: for "click a word, hear it".

The output stream is injected (``stream_factory``, by default ``sounddevice.OutputStream``),
so tests use ``tests.fakes.FakeOutputStream``. Its callback runs on PortAudio's thread and
only copies samples from the loaded array at the current position, under a short lock; the
caller's thread moves the position and polls ``position_s`` and ``playing``.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import soxr

from speakprep.audio.devices import (
    OutputDevice,
    callback_stop_type,
    is_missing_device_error,
    load_sounddevice,
)
from speakprep.audio.files import load_audio

__all__ = ["NO_OUTPUT_MESSAGE", "PlaybackError", "Player"]

NO_OUTPUT_MESSAGE = "No speakers or headphones found. Plug them in to listen to your takes."


class PlaybackError(RuntimeError):
    """A recording cannot be played; ``str(err)`` is one line a person can act on."""


class Player:
    """Plays one loaded recording (mono) through an output device.

    Args:
        stream_factory: makes the output stream, with ``sounddevice.OutputStream``'s
            keywords.
        device: the output device (index, :class:`OutputDevice`, name) or None for the
            default.
        blocksize: frames per callback; 0 lets PortAudio choose.

    The position is that of the next sample handed to the sound card, which is ahead of
    what is heard by the output latency (tens of milliseconds).
    """

    def __init__(
        self,
        stream_factory: Callable[..., Any] | None = None,
        *,
        device: int | str | OutputDevice | None = None,
        blocksize: int = 0,
    ) -> None:
        self._stream_factory = stream_factory
        self._device = device.index if isinstance(device, OutputDevice) else device
        self._blocksize = blocksize
        self._callback_stop = callback_stop_type()
        self._lock = threading.Lock()  # guards _data and _pos, shared with the callback
        self._control = threading.RLock()  # serialises the caller's commands
        self._source = np.zeros(0, np.float32)
        self._source_rate_hz = 0
        self._data = self._source  # _source resampled to the stream's rate
        self._rate_hz = 0
        self._pos = 0
        self._playing = False
        self._completed = False  # the callback ended the stream at the end of the audio
        self._stream: Any = None

    # ----------------------------------------------------------------- loading

    def load(self, samples: np.ndarray, rate_hz: int) -> None:
        """Load audio to play (mono, or (n, channels), which is averaged to mono)."""
        if rate_hz <= 0:
            raise ValueError(f"rate_hz must be positive, got {rate_hz!r}")
        a = np.asarray(samples)
        if a.dtype == np.int16:
            a = a.astype(np.float32) / np.float32(32768.0)
        a = a.astype(np.float32, copy=False)
        if a.ndim == 2:
            a = a.mean(axis=1, dtype=np.float32)
        elif a.ndim != 1:
            raise ValueError(f"expected mono samples, got an array of shape {a.shape}")
        with self._control:
            self._halt()
            if self._stream is not None and self._source_rate_hz != rate_hz:
                self._drop_stream()  # reopened at the new rate by the next play()
            with self._lock:
                self._source = np.ascontiguousarray(a)
                self._source_rate_hz = int(rate_hz)
                self._data, self._rate_hz = self._source, self._source_rate_hz
                self._pos = 0
            if self._stream is not None:
                self._fit_to_stream(self._stream)

    def load_file(self, path: str | os.PathLike[str]) -> None:
        """Load an audio file (any format :func:`load_audio` reads, as 16 kHz mono).

        Raises:
            AudioLoadError: the file cannot be read; its message names the file and why.
        """
        loaded = load_audio(path, max_duration_s=math.inf, allow_silent=True)
        self.load(loaded.samples, loaded.sample_rate)

    # ----------------------------------------------------------------- the caller's commands

    @property
    def duration_s(self) -> float:
        with self._lock:
            return self._source.size / self._source_rate_hz if self._source_rate_hz else 0.0

    @property
    def position_s(self) -> float:
        with self._lock:
            return self._pos / self._rate_hz if self._rate_hz else 0.0

    @property
    def stream_open(self) -> bool:
        """Whether an output stream is open (PortAudio must not be restarted then)."""
        return self._stream is not None

    @property
    def playing(self) -> bool:
        return self._playing

    def play(self, from_s: float | None = None) -> None:
        """Play from ``from_s`` seconds (clamped to the recording), else from the position.

        At the end of the recording, play() without ``from_s`` starts again from the top.
        Calling it while playing jumps to ``from_s``.

        Raises:
            PlaybackError: nothing is loaded, or there is no output device.
        """
        with self._control:
            if self._source.size == 0:
                raise PlaybackError("Nothing to play: the recording is empty.")
            stream = self._open_stream()
            with self._lock:
                if from_s is not None:
                    self._pos = self._index(from_s)
                elif self._pos >= self._data.size:
                    self._pos = 0
            if self._playing and not self._completed and getattr(stream, "active", False):
                return  # already running: the callback picks up the new position
            # PortAudio needs a stopped stream before start(); one that ended by itself
            # (end of audio, lost device) is inactive but not stopped.
            self._halt()
            stream = self._open_stream()  # again: halting may have found the device gone
            self._completed = False
            self._playing = True
            try:
                stream.start()
            except Exception as err:
                self._playing = False
                self._drop_stream()
                raise _playback_error(err) from None

    def pause(self) -> None:
        """Stop the sound and keep the position."""
        with self._control:
            self._halt()

    def stop(self) -> None:
        """Stop the sound and go back to the start."""
        with self._control:
            self._halt()
            with self._lock:
                self._pos = 0

    def seek(self, s: float) -> None:
        """Move to ``s`` seconds (clamped); playback, if running, goes on from there."""
        with self._lock:
            self._pos = self._index(s)

    def close(self) -> None:
        """Stop and release the output device."""
        with self._control:
            self._halt()
            self._drop_stream()

    # ----------------------------------------------------------------- PortAudio's thread

    def _on_output(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        with self._lock:
            pos = self._pos
            n = max(0, min(frames, self._data.size - pos))
            outdata[:n] = self._data[pos : pos + n, np.newaxis]
            self._pos = pos + n
            at_end = self._pos >= self._data.size
        outdata[n:] = 0
        if at_end:
            # This block still plays out; then PortAudio ends the stream and calls
            # _on_finished.
            self._completed = True
            raise self._callback_stop

    def _on_finished(self) -> None:
        # Also called after our own pause() and when the device vanishes.
        self._playing = False

    # ----------------------------------------------------------------- helpers

    def _index(self, s: float) -> int:
        # Called with the lock held.
        if not math.isfinite(s):
            s = 0.0
        return min(max(round(s * self._rate_hz), 0), self._data.size)

    def _halt(self) -> None:
        self._playing = False
        stream = self._stream
        if stream is not None:
            try:
                stream.abort()  # not stop(): that would play out the buffered audio first
            except Exception:
                self._drop_stream()  # the device is gone; reopen on the next play()

    def _open_stream(self) -> Any:
        if self._stream is not None:
            return self._stream
        factory = self._stream_factory or _default_stream_factory()
        last: Exception | None = None
        for channels in (1, 2):  # some sound cards only play stereo
            for rate in (self._source_rate_hz, None):  # None: the device's own rate
                try:
                    stream = factory(
                        samplerate=rate,
                        channels=channels,
                        dtype="float32",
                        blocksize=self._blocksize,
                        device=self._device,
                        callback=self._on_output,
                        finished_callback=self._on_finished,
                    )
                except Exception as err:
                    if is_missing_device_error(err):
                        raise PlaybackError(NO_OUTPUT_MESSAGE) from None
                    last = err
                    continue
                self._fit_to_stream(stream)
                self._stream = stream
                return stream
        raise PlaybackError(f"The recording cannot be played ({last}).")

    def _fit_to_stream(self, stream: Any) -> None:
        """Resample the loaded audio once if the device plays at another rate."""
        rate = round(float(stream.samplerate))
        with self._lock:
            if rate == self._rate_hz:
                return
            if rate == self._source_rate_hz:
                data = self._source
            else:
                data = soxr.resample(self._source, self._source_rate_hz, rate).astype(np.float32)
            self._pos = round(self._pos * rate / self._rate_hz) if self._rate_hz else 0
            self._data, self._rate_hz = data, rate

    def _drop_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        # A vanished device may refuse both; there is nothing left to release then.
        for method in (stream.abort, stream.close):
            with contextlib.suppress(Exception):
                method()


def _default_stream_factory() -> Callable[..., Any]:
    sd = load_sounddevice()
    if sd is None:
        raise PlaybackError(
            "Sound output is not available: the PortAudio library is missing "
            "(install libportaudio2)."
        )
    return sd.OutputStream  # type: ignore[no-any-return]


def _playback_error(err: Exception) -> PlaybackError:
    if is_missing_device_error(err):
        return PlaybackError(NO_OUTPUT_MESSAGE)
    return PlaybackError(f"The recording cannot be played ({err}).")
