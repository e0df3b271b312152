"""Tooltips that depend on where the pointer is (the timeline's marks, the trend's points)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip, QWidget


def show_tooltip_at(widget: QWidget, event: QEvent, text_at: Callable[[QHelpEvent], str]) -> bool:
    """Answer a tooltip request on ``widget`` with ``text_at(event)``; True when ``event``
    was one (the caller's ``event()`` returns True), False for any other event.

    Where there is no text, any tooltip shown is hidden and the event ignored, so Qt offers
    it to the parent widget.
    """
    if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
        return False
    text = text_at(event)
    if text:
        QToolTip.showText(event.globalPos(), text, widget)
    else:
        QToolTip.hideText()
        event.ignore()
    return True
