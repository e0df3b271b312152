"""Which marks a report's timeline draws, so the app's legend and the export's list only
those (a legend keying marks the take does not have sends the eye looking for them)."""

from __future__ import annotations

from speakprep.core.checks import employer_link_sentences
from speakprep.core.models import Report

__all__ = ["present_marks"]


def present_marks(report: Report) -> set[str]:
    """The legend keys of the marks ``report``'s timeline draws: its segments' labels,
    "target", "pace", "employer", "filler_hard" / "filler_discourse" / "filler_audio",
    "pause" and "long_pause"."""
    keys: set[str] = {seg.label for seg in report.content.segments}
    d = report.delivery
    if d is None:
        return keys
    keys.add("target")
    if len(d.pace_over_time) > 1:
        keys.add("pace")
    if employer_link_sentences(report.content.checks):
        keys.add("employer")
    for f in d.fillers:
        if f.start_s is None:
            continue
        keys.add("filler_audio" if f.source == "audio" else f"filler_{f.kind}")
    for pause in d.pauses:
        keys.add("long_pause" if pause.long else "pause")
    return keys
