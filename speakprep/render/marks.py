"""Which marks a report's timeline draws, so the app's legend and the export's list only
those (a legend keying marks the take does not have sends the eye looking for them)."""

from __future__ import annotations

from speakprep import palette
from speakprep.core.checks import employer_link_sentences
from speakprep.core.models import Report

__all__ = ["MARK_NAMES", "present_marks"]

# What the legends (the app's and the export's) call each mark, in their order: the
# sentence labels as the palette orders them, then the delivery marks. One table, so the
# two legends cannot name a mark two ways.
MARK_NAMES: dict[str, str] = {
    **{label: palette.LABEL_NAMES[label] for label in palette.LABEL_ORDER},
    "filler_hard": "Filler (um, uh)",
    "filler_discourse": "Filler (like, you know)",
    "filler_audio": "(um): filler heard, not transcribed",
    "pause": "Pause",
    "long_pause": "Long pause",
    "target": "Target",
    "pace": "Pace (wpm), good band",
    "employer": "Tied to the employer",
}


def present_marks(report: Report) -> set[str]:
    """The legend keys (of :data:`MARK_NAMES`) of the marks ``report``'s timeline draws: its
    segments' labels, "target", "pace", "employer", "filler_hard" / "filler_discourse" /
    "filler_audio", "pause" and "long_pause"."""
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
