"""Fake sound hardware with sounddevice's interface, for tests and benchmarks.

- :class:`FakeInputStream` stands in for ``sounddevice.InputStream``. A test drives it
  deterministically with :meth:`FakeInputStream.feed`, which calls the stream callback
  synchronously, block by block, as PortAudio's thread would. With ``realtime=True`` it
  feeds its audio on its own thread at the real pace instead (for live tests, benchmarks
  and the crash test). It can refuse sample rates, have no device at all, lose frames, and
  vanish mid-take in the three ways a real microphone does.
- :class:`FakeOutputStream` stands in for ``sounddevice.OutputStream``; :meth:`pull` asks
  the callback for the next block, as the sound card would.
- :class:`FakeSoundDevice` stands in for the ``sounddevice`` module's device queries.

Usage::

    factory, mic = fake_input_factory(audio, rate_hz=16000)
    rec = Recorder(path, stream_factory=factory)
    rec.start()
    mic.stream.feed()          # the whole clip, in blocks, through the callback
    result = rec.stop()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Literal

import numpy as np

from speakprep.audio.devices import callback_stop_type, load_sounddevice
from speakprep.audio.wavfile import to_int16

_sd = load_sounddevice()


class _FakePortAudioError(Exception):
    def __str__(self) -> str:
        text = self.args[0] if self.args else ""
        return f"{text} [PaErrorCode {self.args[1]}]" if len(self.args) > 1 else str(text)


# The real class when sounddevice can be imported, so code under test sees what it would see.
PortAudioError: type[Exception] = _sd.PortAudioError if _sd is not None else _FakePortAudioError

PA_INVALID_SAMPLE_RATE = -9997
PA_INVALID_CHANNEL_COUNT = -9998
PA_DEVICE_UNAVAILABLE = -9985

VanishMode = Literal["finished", "silent", "raise"]


def no_device_error() -> Exception:
    """What sounddevice raises when there is no default device."""
    return PortAudioError("Error querying device -1")


@dataclass
class FakeCallbackFlags:
    """Like ``sounddevice.CallbackFlags``: true if any flag is set."""

    input_overflow: bool = False
    input_underflow: bool = False
    output_overflow: bool = False
    output_underflow: bool = False
    priming_output: bool = False

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass
class FakeInputConfig:
    """What the fake microphone is like. Shared by every stream a factory makes.

    Attributes:
        audio: what the microphone hears (float in [-1, 1] or int16, mono or (n, ch)), at
            the stream's rate: the fake never resamples.
        default_rate_hz: the rate used when the stream is opened with ``samplerate=None``.
        refuse_rates: rates that fail to open like PortAudio's "Invalid sample rate".
        refuse_channels: channel counts that fail to open.
        missing: no microphone at all: opening fails like sounddevice with no device.
        realtime: start() feeds ``audio`` on a thread at the real pace.
        speed: realtime pace multiplier (2.0 feeds twice as fast as real time).
        after_audio: in realtime mode, what happens when ``audio`` runs out: keep sending
            silence (a real microphone does), or vanish like ``vanish_mode``.
        vanish_after_frames: in realtime mode, vanish after this many frames.
        vanish_mode: how it vanishes (see :meth:`FakeInputStream.vanish`).
        default_block_s: block length when the stream is opened with blocksize 0.
        on_block: called on the feeding thread after each block with the total frames fed.
    """

    audio: np.ndarray | None = None
    default_rate_hz: int = 16_000
    refuse_rates: frozenset[int] = frozenset()
    refuse_channels: frozenset[int] = frozenset()
    missing: bool = False
    realtime: bool = False
    speed: float = 1.0
    after_audio: Literal["silence", "vanish"] = "silence"
    vanish_after_frames: int | None = None
    vanish_mode: VanishMode = "finished"
    default_block_s: float = 0.01
    on_block: Callable[[int], None] | None = None


class _FakeStream:
    """What the fake input and output streams share: opening (or refusing to open) as
    PortAudio does for the device their config describes, and the block size."""

    config: FakeInputConfig | FakeOutputConfig
    kind = "Stream"  # PortAudio's name of the stream in its errors: "InputStream"

    def __init__(
        self,
        samplerate: float | None = None,
        blocksize: int | None = None,
        device: Any = None,
        channels: int | None = None,
        dtype: str | None = None,
        latency: Any = None,
        extra_settings: Any = None,
        callback: Callable[..., None] | None = None,
        finished_callback: Callable[[], None] | None = None,
        *,
        config: FakeInputConfig | FakeOutputConfig,
        **_other: Any,
    ) -> None:
        self.config = config
        if config.missing:
            raise no_device_error()
        rate = config.default_rate_hz if samplerate is None else round(samplerate)
        if rate in config.refuse_rates:
            raise PortAudioError(
                f"Error opening {self.kind}: Invalid sample rate", PA_INVALID_SAMPLE_RATE
            )
        self.channels = channels or 1
        if self.channels in config.refuse_channels:
            raise PortAudioError(
                f"Error opening {self.kind}: Invalid number of channels",
                PA_INVALID_CHANNEL_COUNT,
            )
        self.samplerate = float(rate)
        self.blocksize = blocksize or 0
        self.device = device
        self.dtype = dtype or "float32"
        self.callback = callback
        self.finished_callback = finished_callback
        self.active = False
        self.stopped = True
        self.closed = False

    @property
    def block_frames(self) -> int:
        return self.blocksize or max(1, round(self.config.default_block_s * self.samplerate))


class FakeInputStream(_FakeStream):
    """A fake ``sounddevice.InputStream`` (same keywords; extra ones are accepted)."""

    config: FakeInputConfig
    kind = "InputStream"

    def __init__(self, *args: Any, config: FakeInputConfig | None = None, **kwargs: Any) -> None:
        super().__init__(*args, config=config or FakeInputConfig(), **kwargs)
        self.vanished: VanishMode | None = None
        self.frames_fed = 0
        self._adc_frames = 0  # the capture clock: counts dropped frames too
        self._pending_overflow = False
        self._cursor = 0  # next frame of config.audio to feed
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one feeder at a time

    # ----------------------------------------------------------------- stream interface

    def start(self) -> None:
        if self.vanished == "raise":
            raise PortAudioError("Error starting stream: Device unavailable", PA_DEVICE_UNAVAILABLE)
        if not self.stopped:
            return  # like PortAudio: starting a stream that was not stopped does nothing
        self.active, self.stopped = True, False
        if self.config.realtime and self.vanished is None:
            self._halt.clear()
            self._thread = threading.Thread(target=self._run_realtime, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._end("stop")

    def abort(self) -> None:
        self._end("abort")

    def close(self) -> None:
        if self.vanished != "raise":
            self._end("close")
        self._halt.set()
        self.active = False
        self.closed = True

    def __enter__(self) -> FakeInputStream:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.close()

    # ----------------------------------------------------------------- driving it

    def feed(self, frames: np.ndarray | None = None, *, overflow: bool = False) -> int:
        """Deliver ``frames`` (default: the rest of ``config.audio``) through the callback.

        The audio is cut into blocks of the stream's blocksize and each goes to the callback
        synchronously, in this thread. A stream that is not running or has vanished delivers
        nothing. Returns the frames delivered.
        """
        if frames is None:
            audio = self.config.audio
            if audio is None:
                raise ValueError("no frames given and the fake has no audio")
            frames = audio[self._cursor :]
            self._cursor = len(audio)
        data = self._shape(frames)
        step = self.block_frames
        fed = 0
        for start in range(0, len(data), step):
            if not self._deliver(data[start : start + step], overflow=overflow and start == 0):
                break
            fed += min(step, len(data) - start)
        return fed

    def drop(self, frames: int) -> None:
        """Lose ``frames`` as an overloaded computer would: the next block reports an input
        overflow, and its capture time is that many frames late."""
        self._adc_frames += frames
        self._pending_overflow = True

    def vanish(self, mode: VanishMode = "finished") -> None:
        """Unplug the microphone.

        - ``"finished"``: no more blocks, and PortAudio ends the stream (calls
          ``finished_callback``), as ALSA does for a pulled USB microphone.
        - ``"silent"``: no more blocks, nothing else (a hung driver).
        - ``"raise"``: no more blocks, and stop/abort/start raise PortAudioError.
        """
        self.vanished = mode
        self._halt.set()
        if mode == "finished" and self.active:
            self.active = False
            if self.finished_callback is not None:
                self.finished_callback()

    def wait_fed(self, frames: int, timeout_s: float = 10.0) -> bool:
        """Realtime mode: wait until at least ``frames`` frames have been fed."""
        deadline = time.monotonic() + timeout_s
        while self.frames_fed < frames:
            if time.monotonic() > deadline or (self._thread and not self._thread.is_alive()):
                return self.frames_fed >= frames
            time.sleep(0.005)
        return True

    # ----------------------------------------------------------------- inside

    def _end(self, how: str) -> None:
        if self.vanished == "raise" and how != "close":
            raise PortAudioError(
                f"Error {how}ing stream: Device unavailable", PA_DEVICE_UNAVAILABLE
            )
        self._halt.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        was_active = self.active
        self.active, self.stopped = False, True
        # sounddevice calls finished_callback whenever the stream goes inactive, also after
        # stop() and abort(): code under test must tell that apart from a lost device.
        if was_active and self.finished_callback is not None:
            self.finished_callback()

    def _shape(self, frames: np.ndarray) -> np.ndarray:
        a = np.asarray(frames)
        if a.ndim == 1:
            a = a[:, np.newaxis]
        if a.shape[1] != self.channels:
            a = np.repeat(a[:, :1], self.channels, axis=1)
        if self.dtype == "int16":
            return to_int16(a)
        if a.dtype == np.int16:
            return a.astype(np.float32) / np.float32(32768.0)
        return a.astype(self.dtype)

    def _deliver(self, block: np.ndarray, *, overflow: bool = False) -> bool:
        with self._lock:
            if not self.active or self.vanished is not None or self.callback is None:
                return False
            n = len(block)
            flags = FakeCallbackFlags(input_overflow=overflow or self._pending_overflow)
            self._pending_overflow = False
            adc_s = 1.0 + self._adc_frames / self.samplerate  # PortAudio's clock is never 0
            time_info = SimpleNamespace(
                inputBufferAdcTime=adc_s, currentTime=adc_s, outputBufferDacTime=0.0
            )
            # A fresh array each time, which the callback must copy: PortAudio reuses it.
            self.callback(np.array(block), n, time_info, flags)
            self._adc_frames += n
            self.frames_fed += n
        if self.config.on_block is not None:
            self.config.on_block(self.frames_fed)
        return True

    def _run_realtime(self) -> None:
        cfg = self.config
        audio = self._shape(cfg.audio) if cfg.audio is not None else self._shape(np.zeros(0))
        step = self.block_frames
        period_s = step / self.samplerate / cfg.speed
        t0 = time.monotonic()
        k = 0
        while not self._halt.is_set():
            if cfg.vanish_after_frames is not None and self.frames_fed >= cfg.vanish_after_frames:
                self.vanish(cfg.vanish_mode)
                return
            block = audio[self._cursor : self._cursor + step]
            self._cursor += len(block)
            if len(block) < step:
                if cfg.after_audio == "vanish":
                    if len(block):
                        self._deliver(block)
                    self.vanish(cfg.vanish_mode)
                    return
                block = np.concatenate(
                    (block, np.zeros((step - len(block), self.channels), block.dtype))
                )
            if not self._deliver(block):
                return
            k += 1
            delay = t0 + k * period_s - time.monotonic()
            if delay > 0:
                self._halt.wait(delay)


@dataclass
class FakeInputHandle:
    """What a :func:`fake_input_factory` made: its config, every open attempt and stream."""

    config: FakeInputConfig
    attempts: list[dict[str, Any]] = field(default_factory=list)
    streams: list[FakeInputStream] = field(default_factory=list)

    @property
    def stream(self) -> FakeInputStream:
        """The last stream opened."""
        if not self.streams:
            raise AssertionError("no stream was opened")
        return self.streams[-1]


def fake_input_factory(
    audio: np.ndarray | None = None, **config: Any
) -> tuple[Callable[..., FakeInputStream], FakeInputHandle]:
    """A stream factory for ``Recorder(stream_factory=...)`` and a handle to what it makes.

    ``config`` takes the fields of :class:`FakeInputConfig` (``default_rate_hz``,
    ``refuse_rates``, ``missing``, ``realtime``, ...).
    """
    if "refuse_rates" in config:
        config["refuse_rates"] = frozenset(config["refuse_rates"])
    if "refuse_channels" in config:
        config["refuse_channels"] = frozenset(config["refuse_channels"])
    handle = FakeInputHandle(FakeInputConfig(audio=audio, **config))

    def factory(**kwargs: Any) -> FakeInputStream:
        handle.attempts.append(dict(kwargs))
        stream = FakeInputStream(config=handle.config, **kwargs)
        handle.streams.append(stream)
        return stream

    return factory, handle


# --------------------------------------------------------------------------- output


@dataclass
class FakeOutputConfig:
    """What the fake speaker is like (see :class:`FakeInputConfig` for the fields)."""

    default_rate_hz: int = 48_000
    refuse_rates: frozenset[int] = frozenset()
    refuse_channels: frozenset[int] = frozenset()
    missing: bool = False
    default_block_s: float = 0.01


class FakeOutputStream(_FakeStream):
    """A fake ``sounddevice.OutputStream``; :meth:`pull` runs the callback for one block."""

    config: FakeOutputConfig
    kind = "OutputStream"

    def __init__(self, *args: Any, config: FakeOutputConfig | None = None, **kwargs: Any) -> None:
        super().__init__(*args, config=config or FakeOutputConfig(), **kwargs)
        self.completed = False  # the callback raised CallbackStop
        self.vanished = False
        self.played: list[np.ndarray] = []
        self.starts = 0

    def start(self) -> None:
        if self.vanished:
            raise PortAudioError("Error starting stream: Device unavailable", PA_DEVICE_UNAVAILABLE)
        if not self.stopped:
            return  # like PortAudio: starting a stream that was not stopped does nothing
        self.active, self.stopped, self.completed = True, False, False
        self.starts += 1

    def stop(self) -> None:
        self._end()

    def abort(self) -> None:
        self._end()

    def close(self) -> None:
        self._end()
        self.closed = True

    def pull(self, frames: int | None = None) -> np.ndarray | None:
        """Run the callback for one block, as the sound card does; None if not running.

        Returns what the callback wrote, (frames, channels). Unwritten samples are NaN so a
        callback that forgets part of its buffer is caught.
        """
        if not self.active or self.completed or self.callback is None:
            return None
        n = frames or self.block_frames
        out = np.full((n, self.channels), np.nan, np.float32)
        try:
            self.callback(out, n, SimpleNamespace(outputBufferDacTime=0.0), FakeCallbackFlags())
        except callback_stop_type():
            self.completed = True
        self.played.append(out.copy())
        if self.completed:
            # The last block has "played out": PortAudio ends the stream by itself.
            self.active = False
            if self.finished_callback is not None:
                self.finished_callback()
        return out

    def pull_seconds(self, seconds: float) -> np.ndarray:
        """Pull blocks covering about ``seconds``; stops early if the stream ends."""
        blocks = []
        for _ in range(max(1, round(seconds * self.samplerate / self.block_frames))):
            block = self.pull()
            if block is None:
                break
            blocks.append(block)
        return np.concatenate(blocks) if blocks else np.zeros((0, self.channels), np.float32)

    def played_audio(self) -> np.ndarray:
        """Everything the callback wrote so far, (frames, channels)."""
        if not self.played:
            return np.zeros((0, self.channels), np.float32)
        return np.concatenate(self.played)

    def vanish(self) -> None:
        """Unplug the speaker: the stream ends and will not start again."""
        self.vanished = True
        if self.active:
            self.active = False
            if self.finished_callback is not None:
                self.finished_callback()

    def _end(self) -> None:
        was_active = self.active
        self.active, self.stopped = False, True
        if was_active and self.finished_callback is not None:
            self.finished_callback()


@dataclass
class FakeOutputHandle:
    """What a :func:`fake_output_factory` made."""

    config: FakeOutputConfig
    attempts: list[dict[str, Any]] = field(default_factory=list)
    streams: list[FakeOutputStream] = field(default_factory=list)

    @property
    def stream(self) -> FakeOutputStream:
        if not self.streams:
            raise AssertionError("no stream was opened")
        return self.streams[-1]


def fake_output_factory(**config: Any) -> tuple[Callable[..., FakeOutputStream], FakeOutputHandle]:
    """A stream factory for ``Player(stream_factory=...)`` and a handle to what it makes."""
    for key in ("refuse_rates", "refuse_channels"):
        if key in config:
            config[key] = frozenset(config[key])
    handle = FakeOutputHandle(FakeOutputConfig(**config))

    def factory(**kwargs: Any) -> FakeOutputStream:
        handle.attempts.append(dict(kwargs))
        stream = FakeOutputStream(config=handle.config, **kwargs)
        handle.streams.append(stream)
        return stream

    return factory, handle


# --------------------------------------------------------------------------- device list


def fake_device_info(
    name: str,
    *,
    inputs: int = 0,
    outputs: int = 0,
    rate_hz: float = 48_000.0,
    hostapi: int = 0,
) -> dict[str, Any]:
    """One entry of ``sounddevice.query_devices()``."""
    return {
        "name": name,
        "hostapi": hostapi,
        "max_input_channels": inputs,
        "max_output_channels": outputs,
        "default_samplerate": rate_hz,
        "default_low_input_latency": 0.01,
        "default_high_input_latency": 0.1,
        "default_low_output_latency": 0.01,
        "default_high_output_latency": 0.1,
    }


class FakeSoundDevice:
    """The device queries of the ``sounddevice`` module, over a fixed list of devices.

    Args:
        devices: entries like :func:`fake_device_info` makes; their index is their position.
        default_input: index of the default microphone, None for none.
        default_output: index of the default speaker, None for none.
        hostapis: host API names, by index.
        default_hostapi: index of the default host API.
        broken: every query raises PortAudioError (a sound system in a bad state).
    """

    def __init__(
        self,
        devices: list[dict[str, Any]] | None = None,
        *,
        default_input: int | None = None,
        default_output: int | None = None,
        hostapis: tuple[str, ...] = ("ALSA",),
        default_hostapi: int = 0,
        broken: bool = False,
    ) -> None:
        self._devices = [dict(d, index=i) for i, d in enumerate(devices or [])]
        self._defaults = {"input": default_input, "output": default_output}
        self._hostapis = hostapis
        self._broken = broken
        self.default = SimpleNamespace(
            hostapi=default_hostapi,
            device=[
                -1 if default_input is None else default_input,
                -1 if default_output is None else default_output,
            ],
        )
        self.PortAudioError = PortAudioError

    def query_devices(self, device: int | None = None, kind: str | None = None) -> Any:
        if self._broken:
            raise PortAudioError("Error querying host API", -9999)
        if kind is not None:
            index = self._defaults[kind]
            if index is None:
                raise no_device_error()
            return dict(self._devices[index])
        if device is not None:
            if not 0 <= device < len(self._devices):
                raise PortAudioError(f"Error querying device {device}")
            return dict(self._devices[device])
        return [dict(d) for d in self._devices]

    def query_hostapis(self, index: int | None = None) -> Any:
        if self._broken:
            raise PortAudioError("Error querying host API", -9999)
        apis = [{"name": n, "devices": [], "default_input_device": -1} for n in self._hostapis]
        return apis if index is None else apis[index]
