"""Painting helpers of the timeline that the legend does not show: axis, envelope, captions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)

from speakprep.core.units import clock_text
from speakprep.render.timescale import tick_step_s, ticks_s
from speakprep.ui import theme
from speakprep.ui.paint.marks import crisp

# Loudness is drawn on a fixed dBFS range so two takes compare at a glance.
ENVELOPE_FLOOR_DB = -60.0
ENVELOPE_CEILING_DB = 0.0


def paint_axis(
    p: QPainter,
    scale_s: float,
    to_x: Callable[[float], float],
    axis_y: float,
    left: float,
    right: float,
    pal: QPalette,
    font: QFont,
    dpr: float,
) -> None:
    """The baseline, minor and major ticks, and m:ss labels under the major ones."""
    text = pal.color(QPalette.ColorRole.WindowText)
    line = QColor(text)
    line.setAlphaF(0.45)
    minor_ink = QColor(text)
    minor_ink.setAlphaF(0.3)
    y = crisp(axis_y, dpr)
    p.save()
    p.setPen(QPen(line, 1.0))
    p.drawLine(QPointF(left, y), QPointF(right, y))
    fm = QFontMetricsF(font)
    step, minor = tick_step_s(scale_s, right - left, fm.horizontalAdvance(clock_text(scale_s)))
    if minor:
        p.setPen(QPen(minor_ink, 1.0))
        for t in ticks_s(scale_s, minor):
            x = crisp(to_x(t), dpr)
            p.drawLine(QPointF(x, y), QPointF(x, y + 3.0))
    p.setFont(font)
    label_ink = QColor(text)
    label_ink.setAlphaF(0.8)
    for t in ticks_s(scale_s, step):
        x = crisp(to_x(t), dpr)
        p.setPen(QPen(line, 1.0))
        p.drawLine(QPointF(x, y), QPointF(x, y + 5.0))
        p.setPen(label_ink)
        p.drawText(
            QRectF(x - 40.0, y + 6.0, 80.0, fm.height()),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            clock_text(t),
        )
    p.restore()


def paint_envelope(
    p: QPainter, points: Sequence[tuple[float, float]], rect: QRectF, ink: QColor, dpr: float
) -> None:
    """The loudness envelope, ``points`` as (x pixel, dBFS), as a soft area with an outline."""
    if len(points) < 2:
        return
    columns = max(1, int(rect.width() * dpr))
    if len(points) > 2 * columns:
        # An hour-long take has ~70,000 points: keep the loudest per device pixel, so paint
        # time stays flat and short peaks still show.
        binned: dict[int, tuple[float, float]] = {}
        for x, db in points:
            key = int(x * dpr)
            if key not in binned or db > binned[key][1]:
                binned[key] = (key / dpr, db)
        points = [binned[k] for k in sorted(binned)]
    span = ENVELOPE_CEILING_DB - ENVELOPE_FLOOR_DB

    def y_of(db: float) -> float:
        share = min(max((db - ENVELOPE_FLOOR_DB) / span, 0.0), 1.0)
        return rect.bottom() - share * rect.height()

    outline = QPainterPath(QPointF(points[0][0], y_of(points[0][1])))
    for x, db in points[1:]:
        outline.lineTo(x, y_of(db))
    area = QPainterPath(outline)
    area.lineTo(points[-1][0], rect.bottom())
    area.lineTo(points[0][0], rect.bottom())
    area.closeSubpath()
    fill, stroke = QColor(ink), QColor(ink)
    fill.setAlphaF(0.14)
    stroke.setAlphaF(0.6)
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(fill)
    p.drawPath(area)
    p.setPen(QPen(stroke, 1.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(outline)
    p.restore()


def paint_track(p: QPainter, rect: QRectF, ink: QColor) -> None:
    """The faint bar behind the bands, so gaps between segments read as time, not layout."""
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_faded(ink, 0.05))
    p.drawRoundedRect(rect, 3.0, 3.0)
    p.restore()


def paint_pace_band(p: QPainter, rect: QRectF, ink: QColor) -> None:
    """The comfortable pace behind the pace line: a faint strip edged by dotted lines."""
    p.save()
    p.fillRect(rect, _faded(ink, 0.10))
    p.setPen(QPen(_faded(ink, 0.45), 1.0, Qt.PenStyle.DotLine))
    p.drawLine(rect.topLeft(), rect.topRight())
    p.drawLine(rect.bottomLeft(), rect.bottomRight())
    p.restore()


def paint_over_target(p: QPainter, rect: QRectF, ink: QColor) -> None:
    """The region past the target: a light wash with a fine hatch."""
    p.save()
    p.fillRect(rect, _faded(ink, 0.045))
    p.fillRect(rect, QBrush(_faded(ink, 0.09), Qt.BrushStyle.BDiagPattern))
    p.restore()


def _faded(ink: QColor, alpha: float) -> QColor:
    """``ink`` at opacity ``alpha`` (0 to 1)."""
    out = QColor(ink)
    out.setAlphaF(alpha)
    return out


def paint_band_name(p: QPainter, rect: QRectF, name: str) -> None:
    """The label name inside its band when it fits, so colour is never the only cue."""
    fm = QFontMetricsF(p.font())
    room = rect.width() - 10.0
    # Full name, else its first word ("Short-term"), else nothing: a clipped "Ot…" is noise,
    # and the tooltip and legend name the band anyway.
    shown = next((t for t in (name, name.split()[0]) if fm.horizontalAdvance(t) <= room), None)
    if shown is None:
        return
    p.save()
    p.setPen(theme.colour("text.on_band"))
    p.drawText(
        rect.adjusted(5.0, 0.0, -5.0, 0.0),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
        shown,
    )
    p.restore()


def paint_header_label(
    p: QPainter,
    x: float,
    header: tuple[float, float],
    text: str,
    font: QFont,
    ink: QColor,
    width: float,
    *,
    bold: bool = False,
) -> None:
    """A caption centred above ``x`` in the header row, kept inside the widget."""
    f = QFont(font)
    f.setBold(bold)
    fm = QFontMetricsF(f)
    w = fm.horizontalAdvance(text)
    x0 = min(max(x - w / 2, 2.0), width - w - 2.0)
    p.save()
    p.setFont(f)
    p.setPen(ink)
    p.drawText(
        QRectF(x0, header[0], w + 1.0, header[1] - header[0] - 2.0),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
        text,
    )
    p.restore()


def paint_cursor(p: QPainter, x: float, top: float, bottom: float, ink: QColor) -> None:
    """The keyboard cursor: a dashed line in the theme's highlight colour."""
    pen = QPen(ink, 1.5, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
    pen.setDashPattern([2.0, 2.0])
    p.save()
    p.setPen(pen)
    p.drawLine(QPointF(x, top), QPointF(x, bottom))
    p.restore()


def paint_focus_frame(p: QPainter, rect: QRectF, pal: QPalette) -> None:
    p.save()
    p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(rect.adjusted(1.0, 1.0, -1.0, -1.0), 4.0, 4.0)
    p.restore()
