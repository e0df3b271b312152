"""Which marks a report's timeline draws, so the app's legend and the export's list only
those (a legend keying marks the take does not have sends the eye looking for them), and
the filler pin's measures both the app and the export draw it by."""

from __future__ import annotations

from speakprep import palette
from speakprep.core.checks import employer_link_sentences
from speakprep.core.models import Report

# A filler's pin, drawn by the app (ui/paint/marks) and the export's SVG (render/svg) alike:
# a cap on a tick; a filler heard only in the audio has a ringed head, a dot of
# FILLER_DOT_PX in a ring of FILLER_RING_PX with a gap of background between, on a dashed
# tick. The dashed stem alone, two pixels of dash, was the only difference from a
# transcribed "um" and did not show; a diamond of the round cap's size still read as round
# at 1x.
FILLER_CAP_RADIUS_PX = 3.6
FILLER_LINE_PX = 1.6
FILLER_DOT_PX = 2.0
FILLER_DOT_LINE_PX = 0.8
FILLER_RING_PX = FILLER_CAP_RADIUS_PX + 1.2
FILLER_RING_LINE_PX = 1.2
FILLER_DASH_PX = (2.0, 1.5)

__all__ = [
    "FILLER_CAP_RADIUS_PX",
    "FILLER_DASH_PX",
    "FILLER_DOT_LINE_PX",
    "FILLER_DOT_PX",
    "FILLER_LINE_PX",
    "FILLER_RING_LINE_PX",
    "FILLER_RING_PX",
    "MARK_NAMES",
    "present_marks",
]

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
