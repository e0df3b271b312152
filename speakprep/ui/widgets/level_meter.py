"""The microphone input level: a bar in dBFS with a peak hold, fed by a UI timer."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from speakprep.ui import theme

FLOOR_DB = -60.0
# Speech near -30..-12 dBFS is healthy; above -3 dBFS it is close to clipping.
_QUIET_DB = -45.0
_HOT_DB = -3.0


class LevelMeter(QWidget):
    """Shows the last level handed to ``set_level_db``; falls back smoothly to silence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level_db = FLOOR_DB
        self._peak_db = FLOOR_DB
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Microphone level")
        self.setToolTip("Microphone level. Speak at your interview voice; keep it out of the red.")

    @property
    def level_db(self) -> float:
        return self._level_db

    def set_level_db(self, level_db: float | None) -> None:
        value = FLOOR_DB if level_db is None or math.isnan(level_db) else level_db
        value = max(FLOOR_DB, min(0.0, value))
        # Fast attack, gentle release: the bar follows speech without flicker.
        self._level_db = value if value > self._level_db else max(value, self._level_db - 3.0)
        self._peak_db = max(value, self._peak_db - 0.6)
        self.setAccessibleDescription(f"{self._level_db:.0f} dBFS")
        self.update()

    def reset(self) -> None:
        self._level_db = self._peak_db = FLOOR_DB
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 2, -1, -2)
        track = QPainterPath()
        track.addRoundedRect(r, r.height() / 2, r.height() / 2)
        p.fillPath(track, theme.colour("meter.track"))
        share = (self._level_db - FLOOR_DB) / -FLOOR_DB
        if share > 0:
            role = "meter.ok"
            if self._level_db < _QUIET_DB:
                role = "meter.quiet"
            elif self._level_db > _HOT_DB:
                role = "meter.loud"
            bar = QPainterPath()
            bar.addRoundedRect(
                QRectF(r.left(), r.top(), max(r.height(), r.width() * share), r.height()),
                r.height() / 2,
                r.height() / 2,
            )
            p.fillPath(bar.intersected(track), theme.colour(role))
        peak_x = r.left() + r.width() * (self._peak_db - FLOOR_DB) / -FLOOR_DB
        if self._peak_db > FLOOR_DB:
            p.fillRect(QRectF(peak_x - 1, r.top(), 2, r.height()), theme.colour("meter.peak"))
        p.end()
