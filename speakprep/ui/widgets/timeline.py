"""The timeline of one take: segments, fillers, pauses, loudness and the target on one time axis."""

from __future__ import annotations

import math
import textwrap
from dataclasses import replace

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from speakprep.core.models import FillerItem, Pause, Report, Segment, Sentence
from speakprep.core.units import clock_text, counted, seconds_text
from speakprep.render.text import heard_as
from speakprep.render.timescale import TARGET_HEADROOM, TimeAxis, timeline_scale_s
from speakprep.ui import theme
from speakprep.ui.paint import axis as paint_axis
from speakprep.ui.paint import timeline as paint_timeline
from speakprep.ui.paint.timeline import Lanes, TimelineFrame
from speakprep.ui.widgets.tooltip import show_tooltip_at

DEFAULT_TARGET_S = 90.0
FILLER_HIT_PX = 4.0
PAUSE_HIT_PX = 2.0

_HEADER_PX = 18.0
_FILLER_LANE_PX = 12.0
_BAND_LANE_PX = 28.0
_PAUSE_LANE_PX = 14.0
_ENVELOPE_LANE_PX = 30.0
_AXIS_PX = 24.0
_PAD_PX = 4.0


class TimelineWidget(QWidget):
    """A custom-painted time axis for one report.

    Shows coloured bands for the content segments, filler ticks, pause bars, the loudness
    envelope, the target mark (with the region beyond it shaded) and the playhead. Clicking
    or pressing Enter at the keyboard cursor emits ``seek_requested`` with a time in seconds.
    """

    seek_requested = Signal(float)

    MARGIN_LEFT_PX = 18.0
    MARGIN_RIGHT_PX = 22.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: Report | None = None
        # What is drawn: the report with the target the user's bands set (set_target_s).
        self._drawn: Report | None = None
        self._target_s: float | None = None
        self._scale_s: float | None = None
        self._playhead_s: float | None = None
        self._cursor_s: float | None = None
        self._hover_x: float | None = None
        self._pace_band_wpm: tuple[float, float] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Answer timeline")
        self._update_description()

    # -- public API -------------------------------------------------------------------------

    def set_report(self, report: Report | None) -> None:
        """Show ``report``; ``None`` or a text-mode report shows a short placeholder."""
        self._report = report
        self._drawn = self._with_target(report)
        self._cursor_s = None
        # Nothing to navigate without times: keep the empty view out of the Tab order.
        timed = report is not None and report.delivery is not None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if timed else Qt.FocusPolicy.NoFocus)
        self._update_description()
        self.update()

    def report(self) -> Report | None:
        return self._report

    def set_pace_band(self, band_wpm: tuple[float, float] | None) -> None:
        """The comfortable pace (words a minute, low and high), shaded behind the pace line
        and named in its tooltip; None shows the line alone."""
        self._pace_band_wpm = band_wpm
        self.update()

    def set_target_s(self, target_s: float | None) -> None:
        """The target to mark: the user's own, as the tiles beside the timeline judge
        speaking time by (None: the one the take was analysed with). A target changed in
        Settings left "90 s target" drawn beside a tile reading "0:56 of 0:45"."""
        self._target_s = target_s
        self._drawn = self._with_target(self._report)
        self._update_description()
        self.update()

    def _with_target(self, report: Report | None) -> Report | None:
        if report is None or report.delivery is None or self._target_s is None:
            return report
        return replace(report, delivery=replace(report.delivery, target_s=self._target_s))

    def set_scale_s(self, seconds: float | None) -> None:
        """Fix the axis length (to compare takes on one scale); ``None`` restores the default."""
        self._scale_s = seconds if seconds is None or seconds > 0 else None
        self.update()

    def scale_s(self) -> float:
        """The axis length in seconds: the fixed scale, else max(recording, target × 1.1)."""
        if self._scale_s is not None:
            return self._scale_s
        delivery = self._drawn.delivery if self._drawn else None
        if delivery is None:
            return DEFAULT_TARGET_S * TARGET_HEADROOM
        return timeline_scale_s(delivery.recording_s, delivery.target_s)

    def set_playhead(self, seconds: float | None) -> None:
        self._playhead_s = seconds
        self.update()

    def playhead_s(self) -> float | None:
        return self._playhead_s

    def cursor_s(self) -> float | None:
        """The keyboard cursor (moved with Left/Right, sought with Enter), if any."""
        return self._cursor_s

    def is_timed(self) -> bool:
        return self._report is not None and self._report.delivery is not None

    def time_axis(self) -> TimeAxis:
        """The time axis at the widget's current width."""
        left, right = self.axis_span()
        return TimeAxis(self.scale_s(), left, right)

    def time_to_x(self, t: float) -> float:
        """The x pixel of time ``t`` (seconds), clamped to the axis."""
        return self.time_axis().x_of(t)

    def x_to_time(self, x: float) -> float:
        """The time (seconds) at pixel ``x``, clamped to the axis; inverse of ``time_to_x``."""
        return self.time_axis().t_of(x)

    def frame(self) -> TimelineFrame:
        """Where the painter draws: axis, lanes and width."""
        return TimelineFrame(self.time_axis(), self.lanes(), float(self.width()))

    def lanes(self) -> Lanes:
        top = _PAD_PX
        spans: list[tuple[float, float]] = []
        for height in (_HEADER_PX, _FILLER_LANE_PX, _BAND_LANE_PX, _PAUSE_LANE_PX):
            spans.append((top, top + height))
            top += height
        # Spare height (a stretched layout) goes to the loudness envelope.
        spare = max(0.0, self.height() - self.sizeHint().height())
        envelope = (top, top + _ENVELOPE_LANE_PX + spare)
        header, filler, band, pause = spans
        return Lanes(header, filler, band, pause, envelope=envelope, axis_y=envelope[1] + 2.0)

    def band_rect(self, segment: Segment) -> QRectF:
        """Where ``segment`` is painted (empty for a segment without times)."""
        return self.frame().band_rect(segment)

    def tooltip_at(self, x: float) -> str:
        """What lies under pixel column ``x``: fillers, a pause, the band and its sentence."""
        if not self.is_timed():
            return ""
        t = self.x_to_time(x)
        lines = [self._filler_text(f) for f in self._fillers_near(x)]
        pause = self._pause_at(x)
        if pause is not None:
            lines.append(self._pause_text(pause))
        segment = self._segment_at(t)
        if segment is not None:
            name = theme.label_name(segment.label)
            lines.append(
                f"{name}, {clock_text(segment.start_s or 0.0)}–{clock_text(segment.end_s or 0.0)}"
            )
            assert self._report is not None
            if heard := heard_as(self._report, segment.sentence_indexes):
                lines.append(heard.capitalize())
            sentence = self._sentence_at(t, segment)
            if sentence is not None:
                quoted = textwrap.shorten(sentence.text, 220, placeholder=" …")
                lines.extend(textwrap.wrap(f"“{quoted}”", 60))
                if sentence.reason:
                    lines.extend(textwrap.wrap(f"Why {name.lower()}: {sentence.reason}", 60))
        pace = self._pace_text(t)
        if pace:
            lines.append(pace)
        return "\n".join(lines) if lines else clock_text(t)

    # -- Qt overrides ----------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        height = _PAD_PX + _HEADER_PX + _FILLER_LANE_PX + _BAND_LANE_PX + _PAUSE_LANE_PX
        return QSize(640, math.ceil(height + _ENVELOPE_LANE_PX + _AXIS_PX + _PAD_PX))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        if not self.is_timed():
            self._paint_placeholder(p)
        else:
            assert self._drawn is not None
            pointers = paint_timeline.Pointers(
                hover_x=self._hover_x,
                cursor_s=self._cursor_s if self.hasFocus() else None,
                playhead_s=self._playhead_s,
            )
            paint_timeline.paint_report(
                p,
                self._drawn,
                self.frame(),
                pal=pal,
                font=self.font(),
                dpr=self.devicePixelRatioF(),
                pointers=pointers,
                pace_band_wpm=self._pace_band_wpm,
            )
        if self.hasFocus():
            paint_axis.paint_focus_frame(p, QRectF(self.rect()), pal)
        p.end()

    def event(self, event: QEvent) -> bool:
        if show_tooltip_at(self, event, lambda e: self.tooltip_at(e.pos().x())):
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.is_timed():
            self._seek_at(event.position().x())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover_x = event.position().x()
        if event.buttons() & Qt.MouseButton.LeftButton and self.is_timed():
            self._seek_at(self._hover_x)  # dragging scrubs through the take
        self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover_x = None
        self.update()
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._cursor_s is None and self.is_timed():
            self._cursor_s = self._playhead_s or 0.0
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.is_timed():
            super().keyPressEvent(event)
            return
        key = event.key()
        step = 5.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
        now = self._cursor_s if self._cursor_s is not None else (self._playhead_s or 0.0)
        moves: dict[int, float] = {
            Qt.Key.Key_Left: now - step,
            Qt.Key.Key_Right: now + step,
            Qt.Key.Key_Home: 0.0,
            Qt.Key.Key_End: self.scale_s(),
        }
        if key in moves:
            self._cursor_s = min(max(moves[key], 0.0), self.scale_s())
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.seek_requested.emit(now)
        else:
            super().keyPressEvent(event)

    # -- painting ---------------------------------------------------------------------------

    def _paint_placeholder(self, p: QPainter) -> None:
        if self._report is None:
            text = "Record or open a take to see its timeline."
        else:
            text = "No timeline for a typed transcript: record the answer to see its timing."
        p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        p.drawText(
            QRectF(self.rect()).adjusted(12, 0, -12, 0),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            text,
        )

    # -- hit testing and text -------------------------------------------------------------

    def axis_span(self) -> tuple[float, float]:
        """Left and right pixel of the time axis."""
        left = self.MARGIN_LEFT_PX
        right = max(left + 1.0, self.width() - self.MARGIN_RIGHT_PX)
        return left, right

    def _seek_at(self, x: float) -> None:
        t = self.x_to_time(x)
        self._cursor_s = t
        self.seek_requested.emit(t)
        self.update()

    def _timed_fillers(self) -> list[FillerItem]:
        delivery = self._report.delivery if self._report else None
        if delivery is None:
            return []
        return [f for f in delivery.fillers if f.start_s is not None]

    def _fillers_near(self, x: float) -> list[FillerItem]:
        return [
            f
            for f in self._timed_fillers()
            if abs(self.time_to_x(f.start_s or 0.0) - x) <= FILLER_HIT_PX
        ]

    def _pause_at(self, x: float) -> Pause | None:
        delivery = self._report.delivery if self._report else None
        for pause in delivery.pauses if delivery else ():
            x0, x1 = self.time_to_x(pause.start_s), self.time_to_x(pause.end_s)
            if x0 - PAUSE_HIT_PX <= x <= x1 + PAUSE_HIT_PX:
                return pause
        return None

    def _segment_at(self, t: float) -> Segment | None:
        for segment in self._report.content.segments if self._report else ():
            if (
                segment.start_s is not None
                and segment.end_s is not None
                and (segment.start_s <= t <= segment.end_s)
            ):
                return segment
        return None

    def _sentence_at(self, t: float, segment: Segment) -> Sentence | None:
        assert self._report is not None
        sentences = self._report.content.sentences
        own = [sentences[i] for i in segment.sentence_indexes if 0 <= i < len(sentences)]
        timed = [
            (s.start_s, s.end_s, s) for s in own if s.start_s is not None and s.end_s is not None
        ]
        if not timed:
            return None
        # Inside a sentence, that one; in the gap between two, the nearer.
        return min(timed, key=lambda span: max(span[0] - t, t - span[1], 0.0))[2]

    @staticmethod
    def _filler_text(filler: FillerItem) -> str:
        word = filler.text.strip("()")
        at = clock_text(filler.start_s or 0.0)
        if filler.source == "audio":
            return f"Filler “{word}” at {at} (heard in the audio, not in the transcript)"
        kind = "discourse filler" if filler.kind == "discourse" else "filler"
        return f"“{word}” at {at} ({kind})"

    def _pace_text(self, t: float) -> str:
        """The pace line's value nearest ``t``, against the comfortable pace when known."""
        d = self._report.delivery if self._report else None
        if d is None or len(d.pace_over_time) < 2:
            return ""
        nearest = min(d.pace_over_time, key=lambda pt: abs(pt.time_s - t))
        text = f"Pace here: {nearest.wpm:.0f} words a minute"
        if self._pace_band_wpm is not None:
            low, high = sorted(self._pace_band_wpm)
            text += f" (good: {low:.0f}–{high:.0f})"
        return text

    @staticmethod
    def _pause_text(pause: Pause) -> str:
        where = "mid-sentence" if pause.mid_sentence else "between sentences"
        detail = f"long, {where}" if pause.long else where
        return f"{seconds_text(pause.duration_s)} pause at {clock_text(pause.start_s)} ({detail})"

    def _update_description(self) -> None:
        report = self._drawn
        if report is None or report.delivery is None:
            self.setAccessibleDescription("No timed take to show.")
            return
        d = report.delivery
        bands = "; ".join(
            f"{theme.label_name(s.label)} {clock_text(s.start_s or 0.0)} to "
            f"{clock_text(s.end_s or 0.0)}"
            for s in report.content.segments
            if s.start_s is not None
        )
        self.setAccessibleDescription(
            f"Spoke {seconds_text(d.speaking_s)} of a "
            f"{seconds_text(d.target_s)} target; {counted(len(d.fillers), 'filler')}; "
            f"{counted(len(d.pauses), 'pause')}. {bands}. Left and Right move the cursor by "
            "one second, Enter plays from the cursor."
        )
