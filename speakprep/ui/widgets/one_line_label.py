"""A label kept to one line: a text too long for its width ends in "…", the whole of it on
hover. ``text()`` is the whole text; what is painted is :meth:`OneLineLabel.shown_text`."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class OneLineLabel(QLabel):
    """Found as a new user: a banner at a small window wrapped to 2-3 lines and pushed the
    page down; one line and a tooltip read at a glance and move nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
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
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        super().setText(shown)
        whole = "" if shown == self._full else self._full
        self.setToolTip("\n".join(t for t in (whole, self._detail) if t))
