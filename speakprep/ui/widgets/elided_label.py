"""A label kept to a few lines: a text too long for them ends in "…", the whole of it on
hover. ``text()`` is the whole text; what is painted is :meth:`ElidedLabel.shown_text`."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """At most ``lines`` lines, wrapped at words. Found as a new user: a banner at a small
    window wrapped to 2-3 lines and pushed the page down, and a long take name made the
    results title 3 lines; a line or two and a tooltip read at a glance and move nothing."""

    def __init__(self, parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(lines > 1)
        self._lines = lines
        self._full = ""
        self._detail = ""

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def text(self) -> str:
        return self._full

    def clear(self) -> None:
        self._full = self._detail = ""
        self._fit()

    def set_detail(self, detail: str) -> None:
        """A line the tooltip gives below the text (a file's path), or "" for none."""
        self._detail = detail
        self._fit()

    def shown_text(self) -> str:
        return super().text()

    def minimumSizeHint(self) -> QSize:
        # Any width: the text shortens to fit instead of widening the window.
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self._elided(self.contentsRect().width())
        if shown != super().text():
            super().setText(shown)
        whole = "" if shown == self._full else self._full
        self.setToolTip("\n".join(t for t in (whole, self._detail) if t))

    def _elided(self, width: int) -> str:
        text, metrics = self._full, self.fontMetrics()
        if width <= 0:
            return text
        starts = self._line_starts(width) if self._lines > 1 else [0]
        if len(starts) <= self._lines and metrics.horizontalAdvance(text[starts[-1] :]) <= width:
            return text
        last = starts[self._lines - 1] if len(starts) >= self._lines else starts[-1]
        kept = text[:last].rstrip()
        tail = metrics.elidedText(text[last:], Qt.TextElideMode.ElideRight, width)
        return f"{kept}\n{tail}" if kept else tail

    def _line_starts(self, width: int) -> list[int]:
        """Where each line of ``text`` starts, wrapped at words to ``width``."""
        layout = QTextLayout(self._full, self.font())
        layout.beginLayout()
        starts = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        return starts or [0]
