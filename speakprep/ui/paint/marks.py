"""The marks of the timeline, drawn by one set of functions for the timeline and its legend.

The legend calls exactly these functions with a small rectangle, so a change of shape or
colour here shows up in both places at once and the two can never drift apart.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from speakprep.render.marks import (
    FILLER_CAP_RADIUS_PX,
    FILLER_DASH_PX,
    FILLER_DOT_LINE_PX,
    FILLER_DOT_PX,
    FILLER_LINE_PX,
    FILLER_RING_LINE_PX,
    FILLER_RING_PX,
)
from speakprep.ui import theme

BAND_RADIUS_PX = 3.0
PAUSE_THICKNESS_PX = 4.0
LONG_PAUSE_THICKNESS_PX = 6.0
PLAYHEAD_LINE_PX = 2.0


EMPLOYER_MARK_PX = 4.0


def paint_band(painter: QPainter, rect: QRectF, label: str) -> None:
    """One segment band: a rounded bar in the label colour."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.label_color(label))
    radius = min(BAND_RADIUS_PX, rect.width() / 2, rect.height() / 2)
    painter.drawRoundedRect(rect, radius, radius)
    painter.restore()


def paint_filler(
    painter: QPainter,
    x: float,
    cap_y: float,
    bottom: float,
    *,
    kind: str,
    source: str,
    halo: QColor,
) -> None:
    """A filler: a tick from ``cap_y`` down to ``bottom`` with a cap.

    Hard fillers (um, uh) have a filled cap, discourse fillers (like, you know) a hollow
    one; a filler heard only in the audio ("(um)") has a dot in a ring for a cap and a
    dashed tick. ``halo`` (the background) is drawn under the tick so it stays
    visible where it crosses a band of similar colour.
    """
    orange = theme.colour("timeline.filler")
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(halo, FILLER_LINE_PX + 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawLine(QPointF(x, cap_y), QPointF(x, bottom))
    style = Qt.PenStyle.DashLine if source == "audio" else Qt.PenStyle.SolidLine
    pen = QPen(orange, FILLER_LINE_PX, style, Qt.PenCapStyle.FlatCap)
    if source == "audio":
        pen.setDashPattern(list(FILLER_DASH_PX))
    painter.setPen(pen)
    painter.drawLine(QPointF(x, cap_y), QPointF(x, bottom))
    r, line = FILLER_CAP_RADIUS_PX, FILLER_LINE_PX
    if source == "audio":
        painter.setPen(QPen(orange, FILLER_RING_LINE_PX))
        painter.setBrush(halo)
        painter.drawEllipse(QPointF(x, cap_y), FILLER_RING_PX, FILLER_RING_PX)
        r, line = FILLER_DOT_PX, FILLER_DOT_LINE_PX
    painter.setPen(QPen(orange, line))
    painter.setBrush(orange if kind == "hard" else halo)
    painter.drawEllipse(QPointF(x, cap_y), r, r)
    painter.restore()


def paint_pause(painter: QPainter, x0: float, x1: float, y: float, *, long: bool) -> None:
    """A pause: a bar from ``x0`` to ``x1`` centred on ``y``; long ones thicker, vermillion."""
    thickness = LONG_PAUSE_THICKNESS_PX if long else PAUSE_THICKNESS_PX
    role = "timeline.long_pause" if long else "timeline.pause"
    width = max(x1 - x0, thickness)  # a pause never vanishes at a coarse scale
    rect = QRectF(x0, y - thickness / 2, width, thickness)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.colour(role))
    painter.drawRoundedRect(rect, thickness / 2, thickness / 2)
    painter.restore()


def paint_target(painter: QPainter, x: float, top: float, bottom: float, ink: QColor) -> None:
    """The target mark: a dashed vertical line."""
    painter.save()
    pen = QPen(ink, 1.2, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
    pen.setDashPattern([3.0, 2.0])
    painter.setPen(pen)
    painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    painter.restore()


def paint_playhead(painter: QPainter, x: float, top: float, bottom: float) -> None:
    """The playhead: a red line with a small downward triangle on top."""
    red = theme.colour("timeline.playhead")
    painter.save()
    painter.setPen(QPen(red, PLAYHEAD_LINE_PX, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawLine(QPointF(x, top + 4.0), QPointF(x, bottom))
    head = QPainterPath()
    head.moveTo(x - 5.0, top)
    head.lineTo(x + 5.0, top)
    head.lineTo(x, top + 6.0)
    head.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(red)
    painter.drawPath(head)
    painter.restore()


def crisp(value: float, dpr: float) -> float:
    """``value`` moved to the centre of a device pixel, so a 1 px line is not smeared."""
    return (int(value * dpr) + 0.5) / dpr


def paint_pace(painter: QPainter, points: list[QPointF]) -> None:
    """The pace over time: a line through (x, y) points in the pace colour."""
    if len(points) < 2:
        return
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(theme.colour("timeline.pace"), 2.0)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPolyline(points)
    painter.restore()


def paint_employer(painter: QPainter, x0: float, x1: float, y: float) -> None:
    """The employer-link mark under a sentence that ties the answer to the employer."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.colour("timeline.employer"))
    painter.drawRoundedRect(QRectF(x0, y, max(x1 - x0, 4.0), EMPLOYER_MARK_PX), 1.5, 1.5)
    painter.restore()
