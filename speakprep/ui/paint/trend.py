"""How a trend plot is painted: grid, band, series, labels, dates.

The painter gets a :class:`TrendScene`, the plot's geometry already worked out (the widget's
``plot_rect``, ``value_to_y``, ``point_pos`` and ``band_rect``), so what is painted is
exactly what the plot's tests measure, and the painter never sees the widget.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen

from speakprep.ui import theme

POINT_RADIUS_PX = 4.5


@dataclass(frozen=True, slots=True)
class ScenePoint:
    """One take on the plot: where it is, its status (colours it) and its date."""

    pos: QPointF
    status: str | None
    when: datetime


@dataclass(frozen=True, slots=True)
class TrendScene:
    """Everything a trend plot paints, in pixels: the widget works it out, this draws it."""

    plot_rect: QRectF
    ticks: Sequence[tuple[float, str]]  # (y pixel, label) of each grid line
    points: Sequence[ScenePoint]
    xs: Sequence[float]  # x pixel of each point, for the dates
    hovered: int | None = None
    band_rect: QRectF | None = None
    band_edges_y: Sequence[float] = ()
    band_label: str = ""
    reference: tuple[float, str] | None = None  # (y pixel, label)
    base: QColor | None = None  # the widget's background, behind labels and around points
    dates: Sequence[str] = ()  # the label under each point (see date_texts)


REFERENCE_GAP_PX = 3.0  # between the reference line and its name
DATE_GAP_PX = 10.0  # the least room between two dates under the axis
_DATE_BREAK = " · "


def text_width(text: str, fm: QFontMetricsF) -> float:
    """The width of ``text``'s widest line."""
    return max(fm.horizontalAdvance(line) for line in text.split("\n"))


def date_texts(labels: Sequence[str], fm: QFontMetricsF, spacing_px: float) -> list[str]:
    """The labels under the points, ``spacing_px`` apart: on one line when they fit side
    by side, else each broken after its number ("Take 2" over "22:37").

    At a 760 px window a progress chart is about 230 px wide: "Take 1 · 22:37" on one line
    left room for every other date only, and the middle take had none.
    """
    widest = max((text_width(t, fm) for t in labels), default=0.0)
    if widest + DATE_GAP_PX <= spacing_px:
        return list(labels)
    return [t.replace(_DATE_BREAK, "\n", 1) for t in labels]


def paint_plot(p: QPainter, scene: TrendScene) -> None:
    """Grid, band, reference, the series, the labels and the dates, in that order."""
    _paint_grid(p, scene)
    _paint_band(p, scene)
    _paint_reference(p, scene)
    _paint_series(p, scene)
    _paint_labels(p, scene)
    _paint_dates(p, scene)


def _paint_grid(p: QPainter, scene: TrendScene) -> None:
    rect = scene.plot_rect
    fm = QFontMetricsF(p.font())
    for y, text in scene.ticks:
        p.setPen(QPen(theme.colour("plot.grid"), 1.0))
        p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        p.setPen(theme.colour("text.muted"))
        box = QRectF(0.0, y - fm.height() / 2, rect.left() - 8.0, fm.height())
        p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
    p.setPen(QPen(theme.colour("plot.axis"), 1.0))
    p.drawLine(rect.bottomLeft(), rect.bottomRight())


def _paint_band(p: QPainter, scene: TrendScene) -> None:
    band = scene.band_rect
    if band is None or band.height() <= 0:
        return
    p.fillRect(band, theme.colour("status.pass", 0.09))
    p.setPen(QPen(theme.colour("status.pass", 0.35), 1.0, Qt.PenStyle.DashLine))
    rect = scene.plot_rect
    for y in scene.band_edges_y:
        if rect.top() <= y <= rect.bottom():
            p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))


def _paint_reference(p: QPainter, scene: TrendScene) -> None:
    if scene.reference is None:
        return
    y = scene.reference[0]
    rect = scene.plot_rect
    if not rect.top() - 0.5 <= y <= rect.bottom() + 0.5:
        return
    ink = theme.colour("timeline.target")
    p.setPen(QPen(ink, 1.2, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))


def _paint_series(p: QPainter, scene: TrendScene) -> None:
    positions = [pt.pos for pt in scene.points]
    if len(positions) > 1:
        path = QPainterPath(positions[0])
        for pos in positions[1:]:
            path.lineTo(pos)
        pen = QPen(theme.colour("plot.line", 0.75), 2.0)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    for i, point in enumerate(scene.points):
        key = f"status.{point.status}" if point.status else "plot.point"
        radius = POINT_RADIUS_PX + (1.5 if i == scene.hovered else 0.0)
        p.setPen(QPen(_base(scene), 2.0))
        p.setBrush(theme.colour(key))
        pos = point.pos
        p.drawEllipse(pos, radius, radius)


def _paint_labels(p: QPainter, scene: TrendScene) -> None:
    """The band's and the reference's names, each where the series leaves room."""
    for text, box, role in label_boxes(scene, QFontMetricsF(p.font())):
        _draw_label(p, scene, text, box, theme.colour(role))


def label_boxes(scene: TrendScene, fm: QFontMetricsF) -> list[tuple[str, QRectF, str]]:
    """(text, box, colour role) of the band's name and the reference's: in a corner the
    series leaves free, else in one only the line crosses. Found as a new user: takes of
    0:33, 0:28 and 0:32 against a 0:30 target crossed all four corners by the target line,
    and "0:30 target" was written over the first take's point."""
    out: list[tuple[str, QRectF, str]] = []
    # Clear of the line and the points if it can be, else of the points: text across the
    # line reads on its backing, a point under text is lost.
    taken, dots = _series_shape(scene), _series_shape(scene, with_line=False)
    band = scene.band_rect
    if scene.band_label and band is not None and band.height() > 0:
        text = scene.band_label
        size = QSizeF(fm.horizontalAdvance(text) + 4.0, fm.height())
        area = band.adjusted(6.0, 2.0, -6.0, -2.0)
        spot = _free(_corners(area, size, True), taken, dots)
        out.append((text, spot, "status.pass"))
        taken.addRect(spot)
        dots.addRect(spot)
    rect = scene.plot_rect
    reference = scene.reference
    if reference is not None and reference[1]:
        y, text = reference
        if rect.top() - 0.5 <= y <= rect.bottom() + 0.5:
            size = QSizeF(fm.horizontalAdvance(text) + 4.0, fm.height())
            # Just above the line, else just below it, a gap from it: found as a new user,
            # the pitfalls chart's "none" sat on its 0 axis, its backing over the line.
            gap = REFERENCE_GAP_PX
            strip = QRectF(
                rect.left() + 6.0,
                y - size.height() - gap,
                rect.width() - 12.0,
                2.0 * (size.height() + gap),
            )
            spots = _corners(strip, size, False)
            if y >= rect.bottom() - 0.5:  # on the axis: below it are the dates
                spots = spots[:2]
            spot = _free(spots, taken, dots)
            out.append((text, spot, "timeline.target"))
    return out


def _base(scene: TrendScene) -> QColor:
    return QColor(scene.base) if scene.base is not None else theme.colour("surface.card")


def _draw_label(p: QPainter, scene: TrendScene, text: str, box: QRectF, ink: QColor) -> None:
    # A soft backing keeps the text readable when no corner is entirely free.
    backing = _base(scene)
    backing.setAlphaF(0.8)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(backing)
    p.drawRoundedRect(box, 3.0, 3.0)
    p.setPen(ink)
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _series_shape(scene: TrendScene, *, with_line: bool = True) -> QPainterPath:
    """The area the points (and the line between them, ``with_line``) cover, with a little
    room around them."""
    positions = [pt.pos for pt in scene.points]
    shape = QPainterPath()
    if with_line and len(positions) > 1:
        line = QPainterPath(positions[0])
        for pos in positions[1:]:
            line.lineTo(pos)
        stroker = QPainterPathStroker()
        stroker.setWidth(6.0)
        shape = stroker.createStroke(line)
    for pos in positions:
        shape.addEllipse(pos, POINT_RADIUS_PX + 3.0, POINT_RADIUS_PX + 3.0)
    return shape


def _paint_dates(p: QPainter, scene: TrendScene) -> None:
    fm = QFontMetricsF(p.font())
    p.setPen(theme.colour("text.muted"))
    for i, box in date_boxes(scene, fm, p.device().width()):
        p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, scene.dates[i])


def date_boxes(scene: TrendScene, fm: QFontMetricsF, width_px: float) -> list[tuple[int, QRectF]]:
    """Where each date that is written goes, by point index: every one when they fit,
    else every second or third (always the latest), each kept inside ``width_px``."""
    labels = scene.dates
    if not labels:
        return []
    widest = max(text_width(t, fm) for t in labels) + DATE_GAP_PX
    lines = max(t.count("\n") + 1 for t in labels)
    n = len(labels)
    spacing = (scene.xs[1] - scene.xs[0]) if n > 1 else widest
    stride = max(1, math.ceil(widest / max(spacing, 1.0)))
    shown = set(range(0, n, stride))
    if (n - 1) not in shown:
        shown.discard(max(shown))  # keep the latest date, drop its crowded neighbour
        shown.add(n - 1)
    top = scene.plot_rect.bottom() + 5.0
    boxes = []
    for i in sorted(shown):
        # Kept inside the widget: the first and last labels would hang off its edges.
        left = min(max(scene.xs[i] - widest / 2, 0.0), width_px - widest)
        boxes.append((i, QRectF(left, top, widest, lines * fm.height())))
    return boxes


def _corners(area: QRectF, size: QSizeF, right_first: bool) -> list[QRectF]:
    """Boxes of ``size`` in the corners of ``area``: top ones first."""
    left, right = area.left(), area.right() - size.width()
    top, bottom = area.top(), area.bottom() - size.height()
    xs = (right, left) if right_first else (left, right)
    return [QRectF(QPointF(x, y), size) for y in (top, bottom) for x in xs]


def _free(spots: Sequence[QRectF], *taken: QPainterPath) -> QRectF:
    """The first spot clear of the first of ``taken``, else of the next, ..., else the first."""
    for shape in taken:
        spot = next((r for r in spots if not shape.intersects(r)), None)
        if spot is not None:
            return spot
    return spots[0]
