"""How long one recorded take may run, and the notice before it is stopped.

The values are data, in ``assets/recording.toml``; :class:`~speakprep.audio.capture.Recorder`
stops a take at the limit by itself and reports the time left before that.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from importlib import resources

__all__ = ["RecordingLimits", "limit_notice", "load_recording_limits"]


@dataclass(frozen=True, slots=True)
class RecordingLimits:
    """``max_s``: longest take; ``notice_before_s``: when to start saying time is short."""

    max_s: float = 15 * 60.0
    notice_before_s: float = 60.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.max_s) and self.max_s > 0):
            raise ValueError(f"max_s must be a positive number of seconds, got {self.max_s!r}")
        if not (math.isfinite(self.notice_before_s) and self.notice_before_s >= 0):
            raise ValueError(f"notice_before_s must be 0 or more, got {self.notice_before_s!r}")


def load_recording_limits() -> RecordingLimits:
    """The limits in the packaged ``recording.toml``."""
    raw = resources.files("speakprep.assets").joinpath("recording.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return RecordingLimits(
        max_s=float(data["max_minutes"]) * 60.0, notice_before_s=float(data["notice_before_s"])
    )


def limit_notice(limits: RecordingLimits, elapsed_s: float) -> str | None:
    """One line saying the take will stop soon, or None while there is time enough."""
    left_s = limits.max_s - elapsed_s
    if left_s > limits.notice_before_s:
        return None
    if left_s <= 0:
        return f"The take reached the {_minutes(limits.max_s)} limit and was stopped there."
    return f"{math.ceil(left_s)} s left: the take stops at the {_minutes(limits.max_s)} limit."


def _minutes(seconds: float) -> str:
    minutes = seconds / 60
    text = f"{minutes:.0f}" if abs(minutes - round(minutes)) < 1e-9 else f"{minutes:.1f}"
    return f"{text}-minute" if minutes >= 1 else f"{seconds:.0f}-second"
