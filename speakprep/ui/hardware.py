"""What touches the machine's devices: microphones, the speaker, file choosers.

The app builds its recorders and players through a :class:`Hardware`; tests and the
screenshot script pass fake sound cards and choosers instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from speakprep.audio.capture import Recorder
from speakprep.audio.devices import list_input_devices, rescan_devices
from speakprep.audio.playback import Player


@dataclass
class Hardware:
    """What touches the machine's devices; tests pass fakes."""

    input_stream_factory: Callable[..., Any] | None = None  # None: sounddevice.InputStream
    output_stream_factory: Callable[..., Any] | None = None  # None: sounddevice.OutputStream
    list_devices: Callable[[], Sequence[str]] | None = None
    choose_file: Callable[[QWidget], Path | None] | None = None
    choose_export_path: Callable[[Path], Path | None] | None = None

    def device_names(self, *, rescan: bool = False) -> Sequence[str]:
        """Input device names; ``rescan`` asks PortAudio to look again (only safe while no
        stream is open)."""
        if self.list_devices is not None:
            return self.list_devices()
        if rescan:
            rescan_devices()
        return [d.name for d in list_input_devices()]

    def recorder(self, path: Path, device: str | None) -> Recorder:
        kwargs: dict[str, Any] = {"device": device}
        if self.input_stream_factory is not None:
            kwargs["stream_factory"] = self.input_stream_factory
        return Recorder(path, **kwargs)

    def player(self) -> Player:
        if self.output_stream_factory is not None:
            return Player(stream_factory=self.output_stream_factory)
        return Player()
