"""Units every layer shares: the sample rate of analysed audio, how a time and a count read.

One rounding rule for every screen and export: a time is rounded to the nearest whole
second, halves up, so an 89.6 s take reads 1:30 on the scorecard, in History, in the
text report and in the HTML export alike.
"""

from __future__ import annotations

import math

# Analysed audio is mono float32 at this rate, whatever the file or microphone gave.
SAMPLE_RATE = 16_000


def whole_seconds(seconds: float) -> int:
    """``seconds`` rounded to the nearest whole second, halves up, never below 0."""
    if not math.isfinite(seconds):
        return 0
    return max(0, math.floor(seconds + 0.5))


def clock_text(seconds: float | None) -> str:
    """``"m:ss"`` (``"1:30"`` for 89.6 s); ``"-:--"`` when there is no time."""
    if seconds is None:
        return "-:--"
    total = whole_seconds(seconds)
    return f"{total // 60}:{total % 60:02d}"


def seconds_text(seconds: float) -> str:
    """A duration in seconds with one decimal, dropping ``.0`` (``"1.8 s"``, ``"90 s"``)."""
    text = f"{seconds:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + " s"


def counted(n: int, noun: str) -> str:
    """ "1 filler", "4 fillers": a count with its noun in the right number."""
    return f"{n} {noun}{'s' if n != 1 else ''}"
