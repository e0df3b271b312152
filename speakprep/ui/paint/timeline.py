"""Painting one report onto the timeline: the widget keeps state and input, this draws.

The painter gets the report and a :class:`TimelineFrame` (where the lanes and the time axis
are), never the widget, so it cannot reach back into it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QPainter, QPalette, QPen

from speakprep.core.checks import employer_link_sentences
from speakprep.core.models import Report, Segment
from speakprep.core.units import clock_text
from speakprep.render.timescale import TimeAxis
from speakprep.ui import theme
from speakprep.ui.paint import axis as paint_axis
from speakprep.ui.paint import marks as paint_marks


@dataclass(frozen=True, slots=True)
class Lanes:
    """Vertical extents (pixels) of the horizontal lanes, top to bottom."""

    header: tuple[float, float]
    filler: tuple[float, float]
    band: tuple[float, float]
    pause: tuple[float, float]
    envelope: tuple[float, float]
    axis_y: float


@dataclass(frozen=True, slots=True)
class TimelineFrame:
    """Where one timeline is drawn: its time axis, its lanes and its width in pixels."""

    axis: TimeAxis
    lanes: Lanes
    width_px: float

    def band_rect(self, segment: Segment) -> QRectF:
        """Where ``segment`` is painted (empty for a segment without times)."""
        if segment.start_s is None or segment.end_s is None:
            return QRectF()
        top, bottom = self.lanes.band
        x0, x1 = self.axis.x_of(segment.start_s), self.axis.x_of(segment.end_s)
        return QRectF(x0, top, max(x1 - x0, 2.0), bottom - top)


@dataclass(frozen=True, slots=True)
class Pointers:
    """The moving marks: mouse hover column, keyboard cursor (when focused), playhead."""

    hover_x: float | None = None
    cursor_s: float | None = None
    playhead_s: float | None = None


def paint_report(
    p: QPainter,
    report: Report,
    frame: TimelineFrame,
    *,
    pal: QPalette,
    font: QFont,
    dpr: float,
    pointers: Pointers,
    pace_band_wpm: tuple[float, float] | None = None,
) -> None:
    """Lanes back to front: over-target wash, bands, pauses, loudness, axis, marks, playhead.

    ``pace_band_wpm`` (the comfortable pace, low and high) is shaded behind the pace line so
    the line can be read against it."""
    assert report.delivery is not None
    delivery = report.delivery
    fillers = [f for f in delivery.fillers if f.start_s is not None]
    base = pal.color(QPalette.ColorRole.Base)
    lanes = frame.lanes
    left, right = frame.axis.left_px, frame.axis.right_px
    scale_s = frame.axis.scale_s
    x_of = frame.axis.x_of
    caption = theme.caption_font(font)
    target_ink = theme.colour("timeline.target", pal=pal)

    target_x = x_of(delivery.target_s)
    if delivery.target_s < scale_s:
        over = QRectF(target_x, lanes.filler[0], right - target_x, lanes.axis_y - lanes.filler[0])
        paint_axis.paint_over_target(p, over, target_ink)
    band_top, band_bottom = lanes.band
    track = QRectF(left, band_top, right - left, band_bottom - band_top)
    paint_axis.paint_track(p, track, target_ink)

    p.setFont(caption)
    for segment in report.content.segments:
        rect = frame.band_rect(segment)
        if rect.isEmpty():
            continue
        paint_marks.paint_band(p, rect, segment.label)
        paint_axis.paint_band_name(p, rect, theme.label_name(segment.label))

    pause_y = sum(lanes.pause) / 2
    for pause in delivery.pauses:
        x0, x1 = x_of(pause.start_s), x_of(pause.end_s)
        paint_marks.paint_pause(p, x0, x1, pause_y, long=pause.long)

    if delivery.voice is not None and delivery.voice.loudness_db:
        env_top, env_bottom = lanes.envelope
        paint_axis.paint_envelope(
            p,
            [(x_of(t), db) for t, db in delivery.voice.loudness_db if t <= scale_s],
            QRectF(left, env_top + 2.0, right - left, env_bottom - env_top - 2.0),
            theme.colour("timeline.loudness", pal=pal),
            dpr,
        )

    paint_axis.paint_axis(p, scale_s, x_of, lanes.axis_y, left, right, pal, caption, dpr)

    if delivery.target_s <= scale_s:
        x = paint_marks.crisp(target_x, dpr)
        paint_marks.paint_target(p, x, lanes.header[1] - 4.0, lanes.axis_y, target_ink)
        label = f"{clock_text(delivery.target_s)} target"
        paint_axis.paint_header_label(
            p, x, lanes.header, label, caption, target_ink, frame.width_px, bold=True
        )

    for x0, x1 in employer_spans(report, frame):
        paint_marks.paint_employer(p, x0, x1, band_bottom + 1.0)
    band = pace_band_rect(report, frame, pace_band_wpm) if pace_band_wpm else None
    if band is not None:
        paint_axis.paint_pace_band(p, band, theme.colour("timeline.pace", pal=pal))
    paint_marks.paint_pace(p, pace_points(report, frame))

    # Pins stop at the band's top edge: the band's name stays readable under them.
    cap_y = sum(lanes.filler) / 2
    for filler in fillers:
        x = x_of(filler.start_s or 0.0)
        paint_marks.paint_filler(
            p, x, cap_y, band_top + 3.0, kind=filler.kind, source=filler.source, halo=base
        )

    _paint_pointers(p, frame, pal, caption, dpr, pointers)


PACE_TOP_WPM = 220.0  # the top of the pace lane, unless the take was faster


def pace_points(report: Report, frame: TimelineFrame) -> list[QPointF]:
    """Where the pace line runs: words per minute over time, drawn in the loudness lane."""
    d = report.delivery
    if d is None or len(d.pace_over_time) < 2:
        return []
    y_of = _pace_y(report, frame)
    return [
        QPointF(frame.axis.x_of(pt.time_s), y_of(pt.wpm))
        for pt in d.pace_over_time
        if pt.time_s <= frame.axis.scale_s
    ]


def pace_band_rect(
    report: Report, frame: TimelineFrame, band_wpm: tuple[float, float]
) -> QRectF | None:
    """Where the comfortable pace (``band_wpm``, low and high) lies on the pace line's scale,
    under the recording's span; None when the take has no pace line."""
    d = report.delivery
    if d is None or len(d.pace_over_time) < 2:
        return None
    y_of = _pace_y(report, frame)
    low, high = sorted(band_wpm)
    left, right = frame.axis.x_of(0.0), frame.axis.x_of(d.recording_s)
    return QRectF(QPointF(left, y_of(high)), QPointF(right, y_of(low)))


def _pace_y(report: Report, frame: TimelineFrame) -> Callable[[float], float]:
    """The y pixel of a pace (wpm): 0 at the lane's bottom, the fastest of PACE_TOP_WPM and
    the take's own fastest at its top."""
    assert report.delivery is not None
    top, bottom = frame.lanes.envelope
    top += 3.0
    highest = max(PACE_TOP_WPM, max(pt.wpm for pt in report.delivery.pace_over_time))
    return lambda wpm: bottom - (bottom - top) * min(max(wpm, 0.0), highest) / highest


def employer_spans(report: Report, frame: TimelineFrame) -> list[tuple[float, float]]:
    """The x ranges of the employer-link sentences."""
    sentences = report.content.sentences
    out: list[tuple[float, float]] = []
    for i in employer_link_sentences(report.content.checks):
        if 0 <= i < len(sentences):
            s = sentences[i]
            if s.start_s is not None and s.end_s is not None:
                out.append((frame.axis.x_of(s.start_s), frame.axis.x_of(s.end_s)))
    return out


def _paint_pointers(
    p: QPainter, frame: TimelineFrame, pal: QPalette, caption: QFont, dpr: float, pointers: Pointers
) -> None:
    """The hover line, the keyboard cursor with its time, and the playhead."""
    lanes = frame.lanes
    left, right = frame.axis.left_px, frame.axis.right_px
    x_of = frame.axis.x_of
    top, bottom = lanes.filler[0], lanes.axis_y
    hover_x = pointers.hover_x
    if hover_x is not None and left <= hover_x <= right:
        hover = pal.color(QPalette.ColorRole.WindowText)
        hover.setAlphaF(0.3)
        p.setPen(QPen(hover, 1.0))
        x = paint_marks.crisp(hover_x, dpr)
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
    cursor_s = pointers.cursor_s
    if cursor_s is not None:
        x = paint_marks.crisp(x_of(cursor_s), dpr)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        paint_axis.paint_cursor(p, x, top, bottom, highlight)
        paint_axis.paint_header_label(
            p,
            x,
            lanes.header,
            clock_text(cursor_s),
            caption,
            highlight,
            frame.width_px,
        )
    playhead_s = pointers.playhead_s
    if playhead_s is not None:
        x = x_of(playhead_s)
        paint_marks.paint_playhead(p, x, lanes.filler[0] - 2.0, lanes.axis_y)
