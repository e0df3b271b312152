"""The key to the timeline: label colours and the filler, pause and target marks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from speakprep import palette
from speakprep.core.models import Report
from speakprep.render.marks import MARK_NAMES, present_marks
from speakprep.ui import theme
from speakprep.ui.paint import axis as paint_axis
from speakprep.ui.paint import marks as paint_marks

_SWATCH_W_PX = 22.0
_SWATCH_H_PX = 16.0
_GAP_PX = 6.0
_ITEM_SPACING_PX = 20.0
_ROW_SPACING_PX = 6.0
_PAD_PX = 4.0

# The swatch painters, keyed like the entries; each calls the timeline's own drawing code.
_Swatch = Callable[[QPainter, QRectF, QColor], None]


def _band(label: str) -> _Swatch:
    def paint(p: QPainter, r: QRectF, _halo: QColor) -> None:
        paint_marks.paint_band(p, r.adjusted(0.0, 2.0, 0.0, -2.0), label)

    return paint


def _filler(kind: str, source: str) -> _Swatch:
    def paint(p: QPainter, r: QRectF, halo: QColor) -> None:
        cap_y = r.top() + paint_marks.FILLER_CAP_RADIUS_PX + 1.0
        paint_marks.paint_filler(
            p, r.center().x(), cap_y, r.bottom(), kind=kind, source=source, halo=halo
        )

    return paint


def _pause(long: bool) -> _Swatch:
    def paint(p: QPainter, r: QRectF, _halo: QColor) -> None:
        paint_marks.paint_pause(p, r.left(), r.right(), r.center().y(), long=long)

    return paint


def _target(p: QPainter, r: QRectF, _halo: QColor) -> None:
    paint_marks.paint_target(
        p, r.center().x(), r.top(), r.bottom(), theme.colour("timeline.target")
    )


def _pace(p: QPainter, r: QRectF, _halo: QColor) -> None:
    y = r.center().y()
    band = QRectF(r.left(), y - 2.5, r.width(), 5.0)
    paint_axis.paint_pace_band(p, band, theme.colour("timeline.pace"))
    points = [QPointF(r.left(), y + 4.0), QPointF(r.center().x(), y - 3.0), QPointF(r.right(), y)]
    paint_marks.paint_pace(p, points)


def _employer(p: QPainter, r: QRectF, _halo: QColor) -> None:
    paint_marks.paint_employer(p, r.left(), r.right(), r.center().y() - 2.0)


@dataclass(frozen=True, slots=True)
class LegendEntry:
    key: str
    text: str
    paint: _Swatch


def _entries() -> tuple[LegendEntry, ...]:
    painters = {label: _band(label) for label in palette.LABEL_ORDER} | {
        "filler_hard": _filler("hard", "asr"),
        "filler_discourse": _filler("discourse", "asr"),
        "filler_audio": _filler("hard", "audio"),
        "pause": _pause(False),
        "long_pause": _pause(True),
        "target": _target,
        "pace": _pace,
        "employer": _employer,
    }
    return tuple(LegendEntry(key, MARK_NAMES[key], painters[key]) for key in MARK_NAMES)


AUDIO_FILLER_NOTE = (
    "(um) in brackets: a filler heard in the audio that the speech model left out of its "
    "text. It counts as a filler; it is shown where it was spoken, its pin with a ringed head."
)


class LegendWidget(QWidget):
    """The legend of the timeline, wrapping onto more rows when narrow.

    Every swatch is drawn by the timeline's own mark painters (``paint_marks``), so the
    legend always matches what the timeline shows.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all = _entries()
        self._entries = self._all
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.setAccessibleName("Timeline legend")
        self._describe()

    def set_report(self, report: Report | None) -> None:
        """List only the marks ``report``'s timeline has (all of them for ``None``)."""
        self.set_reports(() if report is None else (report,))

    def set_reports(self, reports: Sequence[Report]) -> None:
        """List only the marks the timelines of ``reports`` have, in any of them (all of
        them for none): the compare screen keys two timelines with one legend."""
        keys = set().union(*map(present_marks, reports)) if reports else None
        self._entries = tuple(e for e in self._all if keys is None or e.key in keys)
        self._describe()
        self._fit_height()
        self.updateGeometry()
        self.update()

    def _describe(self) -> None:
        self.setAccessibleDescription("; ".join(e.text for e in self._entries))
        audio = any(e.key == "filler_audio" for e in self._entries)
        self.setToolTip(AUDIO_FILLER_NOTE if audio else "")

    def entries(self) -> list[tuple[str, str]]:
        """``(key, text)`` of every entry in order: the four labels first."""
        return [(e.key, e.text) for e in self._entries]

    def swatch_rect(self, key: str) -> QRectF:
        """Where the swatch of entry ``key`` is painted at the current width."""
        for entry, swatch, _text in self._layout(self.width()):
            if entry.key == key:
                return swatch
        raise KeyError(key)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Hold the minimum height at the rows the current width needs.

        In a scroll area the page is laid out at its minimum height, which would otherwise
        be the legend's height at its narrowest (many rows): a blank band under one row.
        The width does not depend on the height, so this settles after one relayout.
        """
        self.setMinimumHeight(self.heightForWidth(max(self.width(), 1)))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        boxes = self._layout(width)
        bottom = max((text.bottom() for _e, _s, text in boxes), default=0.0)
        return int(bottom + _PAD_PX + 0.999)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self._font())
        one_row = sum(
            _SWATCH_W_PX + _GAP_PX + fm.horizontalAdvance(e.text) + _ITEM_SPACING_PX
            for e in self._entries
        )
        width = int(min(one_row, 720))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.heightForWidth(160))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        pal = self.palette()
        halo = pal.color(QPalette.ColorRole.Window)
        p.setFont(self._font())
        text_ink = pal.color(QPalette.ColorRole.WindowText)
        for entry, swatch, text in self._layout(self.width()):
            entry.paint(p, swatch, halo)
            p.setPen(text_ink)
            p.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, entry.text)
        p.end()

    def _font(self) -> QFont:
        return theme.caption_font(self.font())

    def _layout(self, width: int) -> list[tuple[LegendEntry, QRectF, QRectF]]:
        """Flow the entries left to right, wrapping before one would cross ``width``."""
        fm = QFontMetricsF(self._font())
        row_h = max(fm.height(), _SWATCH_H_PX)
        x, y = _PAD_PX, _PAD_PX
        boxes = []
        for entry in self._entries:
            text_w = fm.horizontalAdvance(entry.text) + 1.0
            item_w = _SWATCH_W_PX + _GAP_PX + text_w
            if x > _PAD_PX and x + item_w > width - _PAD_PX:
                x, y = _PAD_PX, y + row_h + _ROW_SPACING_PX
            swatch = QRectF(x, y + (row_h - _SWATCH_H_PX) / 2, _SWATCH_W_PX, _SWATCH_H_PX)
            text = QRectF(x + _SWATCH_W_PX + _GAP_PX, y, text_w, row_h)
            boxes.append((entry, swatch, text))
            x += item_w + _ITEM_SPACING_PX
        return boxes
