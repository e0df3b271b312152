"""The elapsed-time clock drawn against the target: calm, then amber, then red."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from speakprep import palette
from speakprep.core.units import clock_text
from speakprep.ui import theme


def clock_state(elapsed_s: float, target_s: float) -> str:
    """ "calm" until 75 s of a 90 s target (the same share of any target), "near", "over"."""
    if elapsed_s > target_s:
        return "over"
    if elapsed_s >= target_s * palette.CLOCK_NEAR_SHARE:
        return "near"
    return "calm"


class TargetClock(QWidget):
    """Big ``m:ss`` with a bar filling towards the target mark; the bar runs on past it."""

    def __init__(self, target_s: float = 90.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._elapsed_s = 0.0
        self._target_s = target_s
        self._active = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Elapsed time")
        self._update_accessible()

    # -- state -----------------------------------------------------------------------------
    @property
    def elapsed_s(self) -> float:
        return self._elapsed_s

    @property
    def target_s(self) -> float:
        return self._target_s

    @property
    def state(self) -> str:
        return clock_state(self._elapsed_s, self._target_s)

    def set_target_s(self, target_s: float) -> None:
        self._target_s = target_s
        self._update_accessible()
        self.update()

    def set_elapsed_s(self, seconds: float, *, active: bool = True) -> None:
        self._elapsed_s, self._active = seconds, active
        self._update_accessible()
        self.update()

    def reset(self) -> None:
        self.set_elapsed_s(0.0, active=False)

    def color(self) -> QColor:
        return theme.colour(f"clock.{self.state}")

    def _update_accessible(self) -> None:
        self.setAccessibleDescription(
            f"{clock_text(self._elapsed_s)} of a {clock_text(self._target_s)} target"
        )
        self.setToolTip(
            f"Aim to finish within {clock_text(self._target_s)}. The clock turns amber at "
            f"{clock_text(self._target_s * palette.CLOCK_NEAR_SHARE)} and red past the target."
        )

    # -- painting --------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(420, 96)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        state = self.state

        font = QFont(self.font())
        font.setPixelSize(int(rect.height() * 0.52))
        font.setWeight(QFont.Weight.DemiBold)
        p.setFont(font)
        p.setPen(theme.colour(f"clock.{state}" if self._active else "clock.idle"))
        text_rect = QRectF(rect.left(), rect.top(), rect.width(), rect.height() * 0.62)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, clock_text(self._elapsed_s))

        # The bar spans 0 .. 1.25 x target so "over" is visible and the mark sits at 80 %.
        span_s = self._target_s * 1.25
        bar = QRectF(rect.left() + 8, rect.bottom() - 18, rect.width() - 16, 8)
        track = QPainterPath()
        track.addRoundedRect(bar, 4, 4)
        p.fillPath(track, theme.colour("clock.track"))
        share = min(1.0, self._elapsed_s / span_s) if span_s > 0 else 0.0
        if share > 0:
            fill = QPainterPath()
            fill.addRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * share, 8), 4, 4)
            p.fillPath(fill, theme.colour("clock.bar" if state == "calm" else f"clock.{state}"))
        mark_x = bar.left() + bar.width() * (self._target_s / span_s)
        p.setPen(theme.colour("timeline.target"))
        p.drawLine(int(mark_x), int(bar.top() - 4), int(mark_x), int(bar.bottom() + 4))
        small = QFont(self.font())
        small.setPixelSize(11)
        p.setFont(small)
        p.setPen(theme.colour("clock.tick"))
        p.drawText(
            QRectF(mark_x - 40, bar.top() - 20, 80, 14),
            Qt.AlignmentFlag.AlignCenter,
            f"{clock_text(self._target_s)} target",
        )
        p.end()
