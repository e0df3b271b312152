"""Painting one report onto the timeline: the widget keeps state and input, this draws."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPalette, QPen

from speakprep import palette
from speakprep.ui import _paint_axis, _paint_marks, theme

if TYPE_CHECKING:
    from speakprep.ui.timeline import TimelineWidget


def paint_report(p: QPainter, w: TimelineWidget, *, hover_x: float | None) -> None:
    """Lanes back to front: over-target wash, bands, pauses, loudness, axis, marks, playhead."""
    report = w.report()
    assert report is not None and report.delivery is not None
    delivery = report.delivery
    fillers = [f for f in delivery.fillers if f.start_s is not None]
    pal = w.palette()
    base = pal.color(QPalette.ColorRole.Base)
    lanes = w.lanes()
    left, right = w.axis_span()
    dpr = w.devicePixelRatioF()
    caption = theme.caption_font(w.font())
    target_ink = theme.ink(pal, palette.TARGET_COLOR)

    target_x = w.time_to_x(delivery.target_s)
    if delivery.target_s < w.scale_s():
        over = QRectF(target_x, lanes.filler[0], right - target_x, lanes.axis_y - lanes.filler[0])
        _paint_axis.paint_over_target(p, over, target_ink)
    band_top, band_bottom = lanes.band
    track = QRectF(left, band_top, right - left, band_bottom - band_top)
    _paint_axis.paint_track(p, track, target_ink)

    p.setFont(caption)
    for segment in report.content.segments:
        rect = w.band_rect(segment)
        if rect.isEmpty():
            continue
        _paint_marks.paint_band(p, rect, segment.label)
        _paint_axis.paint_band_name(p, rect, theme.label_name(segment.label))

    pause_y = sum(lanes.pause) / 2
    for pause in delivery.pauses:
        x0, x1 = w.time_to_x(pause.start_s), w.time_to_x(pause.end_s)
        _paint_marks.paint_pause(p, x0, x1, pause_y, long=pause.long)

    if delivery.voice is not None and delivery.voice.loudness_db:
        env_top, env_bottom = lanes.envelope
        _paint_axis.paint_envelope(
            p,
            [(w.time_to_x(t), db) for t, db in delivery.voice.loudness_db if t <= w.scale_s()],
            QRectF(left, env_top + 2.0, right - left, env_bottom - env_top - 2.0),
            theme.ink(pal, palette.LOUDNESS_COLOR),
            dpr,
        )

    _paint_axis.paint_axis(
        p, w.scale_s(), w.time_to_x, lanes.axis_y, left, right, pal, caption, dpr
    )

    if delivery.target_s <= w.scale_s():
        x = _paint_marks.crisp(target_x, dpr)
        _paint_marks.paint_target(p, x, lanes.header[1] - 4.0, lanes.axis_y, target_ink)
        label = f"{theme.format_seconds(delivery.target_s)} target"
        _paint_axis.paint_header_label(
            p, x, lanes.header, label, caption, target_ink, w.width(), bold=True
        )

    cap_y = sum(lanes.filler) / 2
    for filler in fillers:
        x = w.time_to_x(filler.start_s or 0.0)
        _paint_marks.paint_filler(
            p, x, cap_y, band_bottom, kind=filler.kind, source=filler.source, halo=base
        )

    top, bottom = lanes.filler[0], lanes.axis_y
    if hover_x is not None and left <= hover_x <= right:
        hover = pal.color(QPalette.ColorRole.WindowText)
        hover.setAlphaF(0.3)
        p.setPen(QPen(hover, 1.0))
        x = _paint_marks.crisp(hover_x, dpr)
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
    cursor_s = w.cursor_s()
    if w.hasFocus() and cursor_s is not None:
        x = _paint_marks.crisp(w.time_to_x(cursor_s), dpr)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        _paint_axis.paint_cursor(p, x, top, bottom, highlight)
        _paint_axis.paint_header_label(
            p,
            x,
            lanes.header,
            theme.format_clock(cursor_s),
            caption,
            highlight,
            w.width(),
        )
    playhead_s = w.playhead_s()
    if playhead_s is not None:
        x = w.time_to_x(playhead_s)
        _paint_marks.paint_playhead(p, x, lanes.filler[0] - 2.0, lanes.axis_y)
