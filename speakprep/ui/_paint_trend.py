"""How a ``TrendPlot`` is painted (private to ``ui``): grid, band, series, labels, dates.

Functions of the plot's public geometry (``plot_rect``, ``value_to_y``, ``point_pos``,
``band_rect``), so what is painted is exactly what the plot's tests measure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPalette, QPen

from speakprep import palette
from speakprep.ui import theme
from speakprep.ui.history_model import local_naive

if TYPE_CHECKING:
    from speakprep.ui.trend_plot import TrendPlot

LINE_COLOR = palette.LOUDNESS_COLOR
NEUTRAL_POINT = "#4B5563"  # a point with no band to judge it by
GRID_COLOR = "#EEF0F3"
AXIS_COLOR = "#D1D5DB"
MUTED = "#6B7280"
POINT_RADIUS_PX = 4.5


def paint_plot(p: QPainter, plot: TrendPlot) -> None:
    """Grid, band, reference, the series, the labels and the dates, in that order."""
    _paint_grid(p, plot)
    _paint_band(p, plot)
    _paint_reference(p, plot)
    _paint_series(p, plot)
    _paint_labels(p, plot)
    _paint_dates(p, plot)


def _paint_grid(p: QPainter, plot: TrendPlot) -> None:
    rect = plot.plot_rect()
    fm = QFontMetricsF(p.font())
    for value in plot.ticks():
        y = plot.value_to_y(value)
        p.setPen(QPen(theme.color(GRID_COLOR), 1.0))
        p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        p.setPen(theme.color(MUTED))
        box = QRectF(0.0, y - fm.height() / 2, rect.left() - 8.0, fm.height())
        p.drawText(
            box,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            plot.format_value(value),
        )
    p.setPen(QPen(theme.color(AXIS_COLOR), 1.0))
    p.drawLine(rect.bottomLeft(), rect.bottomRight())


def _paint_band(p: QPainter, plot: TrendPlot) -> None:
    band, spec = plot.band_rect(), plot.band()
    if band is None or spec is None or band.height() <= 0:
        return
    good = palette.STATUS_COLORS["pass"]
    p.fillRect(band, theme.color(good, 0.09))
    p.setPen(QPen(theme.color(good, 0.35), 1.0, Qt.PenStyle.DashLine))
    low, high, _label = spec
    rect = plot.plot_rect()
    for edge in (low, high):
        if edge is not None and rect.top() <= plot.value_to_y(edge) <= rect.bottom():
            y = plot.value_to_y(edge)
            p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))


def _paint_reference(p: QPainter, plot: TrendPlot) -> None:
    reference = plot.reference()
    if reference is None:
        return
    value = reference[0]
    rect = plot.plot_rect()
    y = plot.value_to_y(value)
    if not rect.top() - 0.5 <= y <= rect.bottom() + 0.5:
        return
    ink = theme.ink(plot.palette(), palette.TARGET_COLOR)
    p.setPen(QPen(ink, 1.2, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))


def _paint_series(p: QPainter, plot: TrendPlot) -> None:
    positions = [plot.point_pos(i) for i in range(len(plot.points()))]
    if len(positions) > 1:
        path = QPainterPath(positions[0])
        for pos in positions[1:]:
            path.lineTo(pos)
        pen = QPen(theme.color(LINE_COLOR, 0.75), 2.0)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    for i, (point, pos) in enumerate(zip(plot.points(), positions, strict=True)):
        color = palette.STATUS_COLORS.get(point.status or "", NEUTRAL_POINT)
        radius = POINT_RADIUS_PX + (1.5 if i == plot.hovered() else 0.0)
        p.setPen(QPen(plot.palette().color(QPalette.ColorRole.Base), 2.0))
        p.setBrush(theme.color(color))
        p.drawEllipse(pos, radius, radius)


def _paint_labels(p: QPainter, plot: TrendPlot) -> None:
    """The band's and the reference's names, each in a corner the series leaves free."""
    fm = QFontMetricsF(p.font())
    taken = _series_shape(plot)
    band, spec = plot.band_rect(), plot.band()
    if spec is not None and spec[2] and band is not None and band.height() > 0:
        text = spec[2]
        size = QSizeF(fm.horizontalAdvance(text) + 4.0, fm.height())
        spot = _free(_corners(band.adjusted(6.0, 2.0, -6.0, -2.0), size, True), taken)
        _draw_label(p, plot, text, spot, palette.STATUS_COLORS["pass"])
        taken.addRect(spot)
    rect = plot.plot_rect()
    reference = plot.reference()
    if reference is not None and reference[1]:
        value, text = reference
        y = plot.value_to_y(value)
        if rect.top() - 0.5 <= y <= rect.bottom() + 0.5:
            size = QSizeF(fm.horizontalAdvance(text) + 4.0, fm.height())
            # Just above the line, else just below it.
            strip = QRectF(
                rect.left() + 6.0,
                y - size.height() - 1.0,
                rect.width() - 12.0,
                2.0 * size.height() + 3.0,
            )
            ink = theme.ink(plot.palette(), palette.TARGET_COLOR).name()
            _draw_label(p, plot, text, _free(_corners(strip, size, False), taken), ink)


def _draw_label(p: QPainter, plot: TrendPlot, text: str, box: QRectF, color: str) -> None:
    # A soft backing keeps the text readable when no corner is entirely free.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(theme.color(plot.palette().color(QPalette.ColorRole.Base).name(), 0.8))
    p.drawRoundedRect(box, 3.0, 3.0)
    p.setPen(theme.color(color))
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _series_shape(plot: TrendPlot) -> QPainterPath:
    """The area the line and the points cover, with a little room around them."""
    positions = [plot.point_pos(i) for i in range(len(plot.points()))]
    shape = QPainterPath()
    if len(positions) > 1:
        line = QPainterPath(positions[0])
        for pos in positions[1:]:
            line.lineTo(pos)
        stroker = QPainterPathStroker()
        stroker.setWidth(6.0)
        shape = stroker.createStroke(line)
    for pos in positions:
        shape.addEllipse(pos, POINT_RADIUS_PX + 3.0, POINT_RADIUS_PX + 3.0)
    return shape


def _paint_dates(p: QPainter, plot: TrendPlot) -> None:
    rect = plot.plot_rect()
    fm = QFontMetricsF(p.font())
    labels = [day_label(pt.when) for pt in plot.points()]
    widest = max(fm.horizontalAdvance(t) for t in labels) + 10.0
    n = len(labels)
    spacing = (plot.index_to_x(1) - plot.index_to_x(0)) if n > 1 else widest
    stride = max(1, math.ceil(widest / max(spacing, 1.0)))
    shown = set(range(0, n, stride))
    if (n - 1) not in shown:
        shown.discard(max(shown))  # keep the latest date, drop its crowded neighbour
        shown.add(n - 1)
    p.setPen(theme.color(MUTED))
    for i in sorted(shown):
        x = plot.index_to_x(i)
        box = QRectF(x - widest / 2, rect.bottom() + 5.0, widest, fm.height())
        p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, labels[i])


def _corners(area: QRectF, size: QSizeF, right_first: bool) -> list[QRectF]:
    """Boxes of ``size`` in the corners of ``area``: top ones first."""
    left, right = area.left(), area.right() - size.width()
    top, bottom = area.top(), area.bottom() - size.height()
    xs = (right, left) if right_first else (left, right)
    return [QRectF(QPointF(x, y), size) for y in (top, bottom) for x in xs]


def _free(spots: Sequence[QRectF], taken: QPainterPath) -> QRectF:
    """The first spot clear of ``taken``, else the first."""
    return next((r for r in spots if not taken.intersects(r)), spots[0])


def day_label(when: datetime) -> str:
    """ "9 Nov": the date under a point."""
    when = local_naive(when)
    return f"{when.day} {when:%b}"
