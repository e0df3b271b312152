"""The timeline's time axis, shared by the app's painter and the HTML export's SVG.

How long the axis runs for a take, which ticks it carries and where a time lands on it:
one rule, so a take drawn in the app and in an exported page reads the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The default axis runs a little past the target so the target mark and the "over" region
# are visible even for a short answer (design.md: the 90 s mark is on the same axis).
TARGET_HEADROOM = 1.1
# Candidate tick steps (seconds) and the unlabelled minor step drawn between two of them.
TICK_STEPS_S: tuple[tuple[float, float | None], ...] = (
    (1, None),
    (2, 1),
    (5, 1),
    (10, 5),
    (15, 5),
    (30, 10),
    (60, 15),
    (120, 30),
    (300, 60),
    (600, 120),
    (900, 300),
    (1800, 600),
    (3600, 900),
)
# Room between two tick labels, beyond twice a label's width.
LABEL_GAP_PX = 12.0


def timeline_scale_s(recording_s: float | None, target_s: float) -> float:
    """The axis length in seconds: the longer of the recording and the target plus 10 %."""
    return max(recording_s or 0.0, target_s * TARGET_HEADROOM, 1.0)


def tick_step_s(scale_s: float, axis_px: float, label_px: float) -> tuple[float, float | None]:
    """The smallest (major, minor) step whose labels, ``label_px`` wide, do not crowd."""
    px_per_s = axis_px / max(scale_s, 1e-9)
    for step, minor in TICK_STEPS_S:
        if step * px_per_s >= 2.0 * label_px + LABEL_GAP_PX:
            return step, minor
    return TICK_STEPS_S[-1]


def ticks_s(scale_s: float, step_s: float) -> list[float]:
    """The times of the ticks every ``step_s`` from 0 up to ``scale_s``."""
    return [k * step_s for k in range(math.floor(scale_s / step_s + 1e-9) + 1)]


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """``scale_s`` seconds laid from ``left_px`` to ``right_px``; times outside are clamped."""

    scale_s: float
    left_px: float
    right_px: float

    def x_of(self, t: float) -> float:
        """The x pixel of time ``t`` (seconds), clamped to the axis."""
        share = min(max(t / self.scale_s, 0.0), 1.0)
        return self.left_px + share * (self.right_px - self.left_px)

    def t_of(self, x: float) -> float:
        """The time (seconds) at pixel ``x``, clamped to the axis; inverse of ``x_of``."""
        width = max(self.right_px - self.left_px, 1e-9)
        share = min(max((x - self.left_px) / width, 0.0), 1.0)
        return share * self.scale_s
