"""Opening and closing the microphone's input stream, and disk errors in plain words.

Helpers of :mod:`speakprep.audio.capture`, kept apart so the recorder itself is only the
threads and the take.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

from speakprep.audio.devices import find_input_device, is_missing_device_error, load_sounddevice

NO_MICROPHONE_MESSAGE = "No microphone found. Plug one in, or import a recording instead."

StreamFactory = Callable[..., Any]


class RecorderError(RuntimeError):
    """Recording cannot start or go on; ``str(err)`` is one line a person can act on."""


class NoMicrophoneError(RecorderError):
    """There is no microphone to record from (none plugged in, or the chosen one is gone)."""


def open_input_stream(
    factory: StreamFactory | None,
    device: int | str | None,
    *,
    rate_hz: int,
    channels: int,
    blocksize: int,
    callback: Callable[..., None],
    finished_callback: Callable[[], None],
) -> Any:
    """Open the stream, falling back to the device's own rate and to stereo if refused.

    Raises:
        NoMicrophoneError: there is no such device.
        RecorderError: the device refused every setting.
    """
    injected = factory is not None
    factory = factory or default_stream_factory()
    asked = device
    if isinstance(device, str) and not injected:
        # sounddevice matches names by substring and refuses one listed under several
        # host APIs; find the exact device, else let sounddevice try (and explain).
        found = find_input_device(device)
        device = found.index if found is not None else device
    channel_choices = [channels]
    if channels == 1:
        channel_choices.append(2)  # some sound cards only record in stereo
    last: Exception | None = None
    for n_channels in channel_choices:
        # None asks for the device's own default rate, which it always accepts.
        for rate in (rate_hz, None):
            try:
                return factory(
                    samplerate=rate,
                    channels=n_channels,
                    dtype="int16",  # what the microphone delivers: lossless to the WAV
                    blocksize=blocksize,
                    device=device,
                    callback=callback,
                    finished_callback=finished_callback,
                )
            except Exception as err:
                if is_missing_device_error(err):
                    raise NoMicrophoneError(no_microphone_message(asked)) from None
                last = err
    raise RecorderError(
        f"The microphone could not be opened ({last}). "
        "Choose another microphone in Settings, or import a recording instead."
    )


def no_microphone_message(device: int | str | None) -> str:
    if isinstance(device, str):
        return (
            f'The microphone "{device}" was not found. Plug it in or choose '
            "another one in Settings, or import a recording instead."
        )
    return NO_MICROPHONE_MESSAGE


def default_stream_factory() -> StreamFactory:
    sd = load_sounddevice()
    if sd is None:
        raise NoMicrophoneError(
            "Sound input is not available: the PortAudio library is missing "
            "(install libportaudio2). You can import a recording instead."
        )
    return sd.InputStream  # type: ignore[no-any-return]


def close_quietly(stream: Any, *, abort: bool) -> Exception | None:
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


def disk_message(err: OSError, path: Path) -> str:
    """Why a take cannot be written to ``path``, in one line."""
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
