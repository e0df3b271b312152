"""A small line plot of one figure over a series of takes, with its good band shaded."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from speakprep.render.dates import local_naive, take_labels
from speakprep.ui import theme
from speakprep.ui.paint import trend as paint_trend
from speakprep.ui.widgets.tooltip import show_tooltip_at

HIT_PX = 9.0
# Candidate tick steps: "nice" numbers; durations pass their own (15 s, 30 s, 1 min, ...).
NICE_STEPS: tuple[float, ...] = tuple(
    m * 10.0**k for k in range(-2, 5) for m in (1.0, 2.0, 2.5, 5.0)
)
INTEGER_STEPS: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)  # counts
MAX_TICKS = 5


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One take's value; ``status`` ("pass" / "warn" / "fail") colours the point."""

    when: datetime
    value: float
    status: str | None = None
    note: str = ""  # added to the tooltip, e.g. "on target"


class TrendPlot(QWidget):
    """Points joined by lines, one per take in time order, spaced evenly.

    A shaded band marks the good range (either edge may be open), an optional dashed line
    a reference such as the target. The y axis fits the points, the band and the
    reference, unless ``set_value_range`` fixes an end. Hovering a point shows its date
    and value.
    """

    MARGIN_LEFT_PX = 46.0
    MARGIN_RIGHT_PX = 16.0
    MARGIN_TOP_PX = 14.0
    MARGIN_BOTTOM_PX = 26.0
    INSET_PX = 14.0  # keeps the first and last point off the axes

    def __init__(
        self,
        name: str = "",
        parent: QWidget | None = None,
        *,
        value_format: Callable[[float], str] = lambda v: f"{v:g}",
        tick_steps: Sequence[float] = NICE_STEPS,
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._format = value_format
        self._tick_steps = tuple(tick_steps)
        self._points: list[TrendPoint] = []
        self._band: tuple[float | None, float | None, str] | None = None
        self._reference: tuple[float, str] | None = None
        self._fixed: tuple[float | None, float | None] = (None, None)
        self._empty_text = "No takes yet."
        self._hover: int | None = None
        # date_labels() for a (width, font) key: plot_rect() needs them, and every point's
        # position and hit test asks for plot_rect().
        self._dates: tuple[tuple[int, str], list[str]] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(f"{name} over time" if name else "Trend")

    # -- contents ----------------------------------------------------------------------------
    def set_points(self, points: Sequence[TrendPoint]) -> None:
        """The series in time order (sorted here, oldest first)."""
        self._points = sorted(points, key=lambda p: local_naive(p.when))
        self._dates = None
        self._hover = None
        self._describe()
        self.update()

    def points(self) -> list[TrendPoint]:
        return list(self._points)

    def set_band(self, low: float | None, high: float | None, label: str = "") -> None:
        """Shade ``low``..``high`` (None: open to the axis end); both None removes it."""
        self._band = None if low is None and high is None else (low, high, label)
        self.update()

    def set_reference(self, value: float | None, label: str = "") -> None:
        self._reference = None if value is None else (value, label)
        self.update()

    def set_value_range(self, low: float | None = None, high: float | None = None) -> None:
        """Fix either end of the y axis (e.g. 0); None lets the data decide."""
        self._fixed = (low, high)
        self.update()

    def band(self) -> tuple[float | None, float | None, str] | None:
        """(low, high, label) of the shaded band, if any."""
        return self._band

    def reference(self) -> tuple[float, str] | None:
        """(value, label) of the dashed reference line, if any."""
        return self._reference

    def hovered(self) -> int | None:
        """The index of the point under the mouse."""
        return self._hover

    def format_value(self, value: float) -> str:
        """``value`` as the axis writes it ("1:30", "142", "2.5")."""
        return self._format(value)

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    # -- geometry ----------------------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        """The area inside the axes; the dates under it take one line or two."""
        lines = max((t.count("\n") + 1 for t in self.date_labels()), default=1)
        bottom = self.MARGIN_BOTTOM_PX + (lines - 1) * self._caption_metrics().height()
        return QRectF(
            self.MARGIN_LEFT_PX,
            self.MARGIN_TOP_PX,
            max(1.0, self.width() - self.MARGIN_LEFT_PX - self.MARGIN_RIGHT_PX),
            max(1.0, self.height() - self.MARGIN_TOP_PX - bottom),
        )

    def date_labels(self) -> list[str]:
        """The label under each take, oldest first, as the painter writes it: "Take 2 ·
        22:37", or "Take 2" over "22:37" when the plot is too narrow for one line each."""
        key = (self.width(), self.font().key())
        if self._dates is None or self._dates[0] != key:
            labels = take_labels([pt.when for pt in self._points])
            n = len(labels)
            inner = self.width() - self.MARGIN_LEFT_PX - self.MARGIN_RIGHT_PX - 2 * self.INSET_PX
            spacing = inner / (n - 1) if n > 1 else float(self.width())
            self._dates = (key, paint_trend.date_texts(labels, self._caption_metrics(), spacing))
        return list(self._dates[1])

    def _caption_metrics(self) -> QFontMetricsF:
        return QFontMetricsF(theme.caption_font(self.font()))

    def tick_step(self) -> float:
        """The tick spacing: the smallest candidate step giving at most ``MAX_TICKS`` gaps."""
        low, high = self._padded_span()
        span = max(high - low, 1e-9)
        return next((s for s in self._tick_steps if span / s <= MAX_TICKS), self._tick_steps[-1])

    def y_range(self) -> tuple[float, float]:
        """The values at the bottom and top of the plot: the data padded to whole ticks."""
        low, high = self._padded_span()
        step = self.tick_step()
        fixed_low, fixed_high = self._fixed
        if fixed_low is None:
            low = math.floor(low / step + 1e-9) * step
            if self._all_non_negative():
                low = max(0.0, low)  # no figure here can go below zero
        if fixed_high is None:
            high = math.ceil(high / step - 1e-9) * step
        if high <= low:
            high = low + step
        return low, high

    def ticks(self) -> list[float]:
        low, high = self.y_range()
        step = self.tick_step()
        first = math.ceil(low / step - 1e-9) * step
        count = math.floor((high - first) / step + 1e-9) + 1
        return [first + k * step for k in range(max(count, 0))]

    def value_to_y(self, value: float) -> float:
        """The y pixel of ``value`` (not clamped: a band edge may lie beyond the axis)."""
        rect = self.plot_rect()
        low, high = self.y_range()
        return rect.bottom() - (value - low) / (high - low) * rect.height()

    def index_to_x(self, index: int) -> float:
        """The x pixel of the ``index``-th take: evenly spaced; a lone take sits centred."""
        rect = self.plot_rect()
        n = len(self._points)
        if n <= 1:
            return rect.center().x()
        left, right = rect.left() + self.INSET_PX, rect.right() - self.INSET_PX
        return left + index * (right - left) / (n - 1)

    def point_pos(self, index: int) -> QPointF:
        return QPointF(self.index_to_x(index), self.value_to_y(self._points[index].value))

    def band_rect(self) -> QRectF | None:
        """The shaded band, clipped to the plot; None without a band."""
        if self._band is None:
            return None
        rect = self.plot_rect()
        low, high, _label = self._band
        top = rect.top() if high is None else max(rect.top(), self.value_to_y(high))
        bottom = rect.bottom() if low is None else min(rect.bottom(), self.value_to_y(low))
        return QRectF(rect.left(), top, rect.width(), max(0.0, bottom - top))

    def point_at(self, x: float, y: float) -> int | None:
        """The nearest point within reach of (x, y), by index."""
        best, best_d = None, HIT_PX
        for i in range(len(self._points)):
            pos = self.point_pos(i)
            d = math.hypot(pos.x() - x, pos.y() - y)
            if d <= best_d:
                best, best_d = i, d
        return best

    def tooltip_at(self, x: float, y: float) -> str:
        i = self.point_at(x, y)
        if i is None:
            return ""
        p = self._points[i]
        when = local_naive(p.when)
        value = self._format(p.value) + (f" ({p.note})" if p.note else "")
        return f"{when:%a} {when.day} {when:%b %Y, %H:%M}\n{self._name}: {value}".strip()

    # -- Qt overrides ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(380, 190)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 140)

    def event(self, event: QEvent) -> bool:
        if show_tooltip_at(self, event, lambda e: self.tooltip_at(e.pos().x(), e.pos().y())):
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self.point_at(event.position().x(), event.position().y())
        if hover != self._hover:
            self._hover = hover
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(theme.caption_font(self.font()))
        if not self._points:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            p.end()
            return
        paint_trend.paint_plot(p, self.scene())
        p.end()

    def scene(self) -> paint_trend.TrendScene:
        """What the painter draws, in pixels at the widget's current size."""
        band = self._band
        edges = [self.value_to_y(v) for v in band[:2] if v is not None] if band else []
        reference = self._reference
        return paint_trend.TrendScene(
            plot_rect=self.plot_rect(),
            ticks=[(self.value_to_y(v), self._format(v)) for v in self.ticks()],
            points=[
                paint_trend.ScenePoint(self.point_pos(i), pt.status, pt.when)
                for i, pt in enumerate(self._points)
            ],
            xs=[self.index_to_x(i) for i in range(len(self._points))],
            hovered=self._hover,
            band_rect=self.band_rect(),
            band_edges_y=edges,
            band_label=band[2] if band else "",
            reference=(self.value_to_y(reference[0]), reference[1]) if reference else None,
            base=self.palette().color(QPalette.ColorRole.Base),
            dates=self.date_labels(),
        )

    # -- helpers -----------------------------------------------------------------------------
    def _data_span(self) -> tuple[float, float]:
        values = [pt.value for pt in self._points]
        if self._band is not None:
            values += [v for v in self._band[:2] if v is not None]
        if self._reference is not None:
            values.append(self._reference[0])
        fixed_low, fixed_high = self._fixed
        values += [v for v in (fixed_low, fixed_high) if v is not None]
        low = fixed_low if fixed_low is not None else min(values, default=0.0)
        high = fixed_high if fixed_high is not None else max(values, default=1.0)
        if high - low < 1e-9:
            high = low + max(abs(low) * 0.5, 1.0)
        return low, high

    def _padded_span(self) -> tuple[float, float]:
        """The data span with a little air at each end the data decides (not a fixed one)."""
        low, high = self._data_span()
        pad = 0.08 * (high - low)
        fixed_low, fixed_high = self._fixed
        return (low - pad if fixed_low is None else low, high + pad if fixed_high is None else high)

    def _all_non_negative(self) -> bool:
        return all(pt.value >= 0 for pt in self._points)

    def _describe(self) -> None:
        values = ", ".join(self._format(pt.value) for pt in self._points)
        self.setAccessibleDescription(
            f"{len(self._points)} takes, oldest first: {values}" if values else self._empty_text
        )
