"""The microphones and speakers PortAudio can see, found by the name stored in the settings.

Device indexes change whenever a device is plugged in or out, so the settings keep a device's
name and :func:`find_input_device` turns it back into today's index. Nothing here raises: a
machine without the PortAudio library, or without any sound card, simply has no devices.

``sd_module`` stands for the ``sounddevice`` module; tests pass a fake with the same
``query_devices`` / ``query_hostapis`` / ``default`` interface.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal, TypeVar

__all__ = [
    "AudioDevice",
    "InputDevice",
    "OutputDevice",
    "callback_stop_type",
    "default_input_device",
    "default_output_device",
    "find_input_device",
    "find_output_device",
    "is_missing_device_error",
    "list_input_devices",
    "list_output_devices",
    "load_sounddevice",
]

log = logging.getLogger(__name__)

# PortAudio error codes that mean "that device is not there (any more)".
_PA_INVALID_DEVICE = -9996
_PA_DEVICE_UNAVAILABLE = -9985
_MISSING_DEVICE_TEXTS = (
    "error querying device",  # sounddevice: no default device (-1) or an index that is gone
    "no input device matching",
    "no output device matching",
    "invalid device",
    "device unavailable",
)
# ALSA appends the card and device numbers, which move when another card is plugged in.
_ALSA_SUFFIX = re.compile(r"\s*\((?:hw|plughw):\d+,\d+\)\s*$")


@dataclass(frozen=True, slots=True)
class AudioDevice:
    """One PortAudio device, as seen when the list was made.

    Attributes:
        index: PortAudio's index for the device; valid only until devices change.
        name: the device's name, stable across restarts (store this in settings).
        channels: the most channels the device offers in this direction.
        default_rate_hz: the sample rate the device prefers.
        is_default: whether it is the system's default device for this direction.
        host_api: the audio system it belongs to (ALSA, PulseAudio, WASAPI, Core Audio...).
    """

    index: int
    name: str
    channels: int
    default_rate_hz: float
    is_default: bool
    host_api: str = ""


@dataclass(frozen=True, slots=True)
class InputDevice(AudioDevice):
    """A microphone (a device with input channels)."""


@dataclass(frozen=True, slots=True)
class OutputDevice(AudioDevice):
    """A speaker or headphones (a device with output channels)."""


_D = TypeVar("_D", bound="AudioDevice")


@functools.cache
def load_sounddevice() -> ModuleType | None:
    """The ``sounddevice`` module, or None when the PortAudio library is not installed."""
    try:
        import sounddevice
    except (OSError, ImportError) as err:
        # sounddevice raises OSError at import when libportaudio cannot be loaded. Cached, as
        # each failed attempt runs ldconfig to look for the library.
        log.info("sound devices unavailable: %s", err)
        return None
    return sounddevice


class _CallbackStop(Exception):
    """Stand-in for ``sounddevice.CallbackStop`` when sounddevice cannot be imported."""


def callback_stop_type() -> type[Exception]:
    """The exception a stream callback raises to end the stream after its last buffer."""
    sd = load_sounddevice()
    return sd.CallbackStop if sd is not None else _CallbackStop


def is_missing_device_error(err: BaseException) -> bool:
    """Whether an error from opening or running a stream means the device is not there."""
    args: tuple[Any, ...] = getattr(err, "args", ())
    if len(args) > 1 and args[1] in (_PA_INVALID_DEVICE, _PA_DEVICE_UNAVAILABLE):
        return True
    text = str(err).lower()
    return any(t in text for t in _MISSING_DEVICE_TEXTS)


def rescan_devices(sd_module: Any = None) -> None:
    """Make PortAudio look for devices again (it lists them once, when it starts).

    Only call this while no stream is open: restarting PortAudio closes every stream.
    """
    sd = _module(sd_module)
    terminate, initialize = getattr(sd, "_terminate", None), getattr(sd, "_initialize", None)
    if terminate is None or initialize is None:
        return
    try:
        terminate()
        initialize()
    except Exception as err:  # a sound server restarting; the old list stays
        log.warning("cannot rescan sound devices: %s", err)


def list_input_devices(sd_module: Any = None) -> list[InputDevice]:
    """Every device with input channels, in PortAudio's order; [] if none or no PortAudio."""
    return _list("input", InputDevice, sd_module)


def list_output_devices(sd_module: Any = None) -> list[OutputDevice]:
    """Every device with output channels, in PortAudio's order; [] if none or no PortAudio."""
    return _list("output", OutputDevice, sd_module)


def default_input_device(sd_module: Any = None) -> InputDevice | None:
    """The system's default microphone, else the first one, else None."""
    return _default(list_input_devices(sd_module))


def default_output_device(sd_module: Any = None) -> OutputDevice | None:
    """The system's default speaker, else the first one, else None."""
    return _default(list_output_devices(sd_module))


def find_input_device(name: str | None, sd_module: Any = None) -> InputDevice | None:
    """The microphone called ``name`` (as stored in the settings), or None if it is not here.

    An exact name wins; failing that, the name is compared without case and without ALSA's
    ``(hw:1,0)`` suffix, whose numbers change when other cards come and go. When several
    host APIs offer the same device (Windows lists one per API), the default host API's is
    chosen. ``None`` or an empty name returns None: the caller uses the default device.
    """
    if not name:
        return None
    return _find(name, list_input_devices(sd_module), sd_module)


def find_output_device(name: str | None, sd_module: Any = None) -> OutputDevice | None:
    """The output device called ``name``, matched like :func:`find_input_device`."""
    if not name:
        return None
    return _find(name, list_output_devices(sd_module), sd_module)


def _module(sd_module: Any) -> Any:
    return sd_module if sd_module is not None else load_sounddevice()


def _list(kind: Literal["input", "output"], cls: type[_D], sd_module: Any) -> list[_D]:
    sd = _module(sd_module)
    if sd is None:
        return []
    try:
        raw = [dict(d) for d in sd.query_devices()]
    except Exception as err:  # a broken sound system must not take the app down
        log.warning("cannot list sound devices: %s", err)
        return []
    try:
        default_index: int | None = int(sd.query_devices(kind=kind)["index"])
    except Exception:
        default_index = None  # PortAudio names no default (or has no device at all)
    host_apis = _host_api_names(sd)
    key = "max_input_channels" if kind == "input" else "max_output_channels"
    devices: list[_D] = []
    for position, info in enumerate(raw):
        try:
            channels = int(info.get(key, 0))
            if channels <= 0:
                continue
            index = int(info.get("index", position))
            hostapi = int(info.get("hostapi", -1))
            devices.append(
                cls(
                    index=index,
                    name=str(info.get("name", f"device {index}")),
                    channels=channels,
                    default_rate_hz=float(info.get("default_samplerate", 0.0)),
                    is_default=index == default_index,
                    host_api=host_apis.get(hostapi, ""),
                )
            )
        except (TypeError, ValueError) as err:
            log.warning("skipping a sound device with odd details %r: %s", info, err)
    return devices


def _host_api_names(sd: Any) -> dict[int, str]:
    try:
        return {i: str(api.get("name", "")) for i, api in enumerate(sd.query_hostapis())}
    except Exception:
        return {}


def _default(devices: Sequence[_D]) -> _D | None:
    for d in devices:
        if d.is_default:
            return d
    return devices[0] if devices else None


def _default_host_api(sd: Any) -> str | None:
    try:
        index = int(sd.default.hostapi)
        return str(sd.query_hostapis(index)["name"])
    except Exception:
        return None


def _normalise(name: str) -> str:
    return _ALSA_SUFFIX.sub("", name).strip().casefold()


def _find(name: str, devices: Sequence[_D], sd_module: Any) -> _D | None:
    matches = [d for d in devices if d.name == name]
    if not matches:
        wanted = _normalise(name)
        matches = [d for d in devices if _normalise(d.name) == wanted]
    if not matches:
        return None
    sd = _module(sd_module)
    preferred_api = _default_host_api(sd) if sd is not None else None
    # Stable order: the default host API's device, then the default device, then PortAudio's.
    return min(matches, key=lambda d: (d.host_api != preferred_api, not d.is_default, d.index))
