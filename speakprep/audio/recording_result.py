"""Where a recorded take is, and how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = ["RecorderState", "RecordingResult"]


class RecorderState(StrEnum):
    """Where a take is: ``idle`` (not started), ``recording``, ``stopped`` (by
    :meth:`Recorder.stop`, or at the length limit) or ``device_lost`` (the microphone
    vanished; the take is saved)."""

    IDLE = "idle"
    RECORDING = "recording"
    STOPPED = "stopped"
    DEVICE_LOST = "device_lost"


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
        limit_reached: the take ran to the length limit and the recorder stopped it
            (not an error: ``notice`` says so).
        notice: one line for a person about how the take ended normally, else None.
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
    limit_reached: bool = False
    notice: str | None = None
