"""Guards against a broken Qt binding: PySide6 6.12.0 leaks references to None.

On Python 3.11 None is an ordinary object with a reference count; 6.12.0 decremented it on
each call to a Qt method returning nothing, and the app aborted ("none_dealloc") after a
few thousand repaints. pyproject.toml excludes that release; this test catches a new one.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

CALLS = 2000


def _none_refs() -> int:
    return sys.getrefcount(None)


def test_void_qt_calls_do_not_drop_references_to_none(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = _none_refs()
    for _ in range(CALLS):
        widget.update()
        widget.setObjectName("probe")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
    lost = before - _none_refs()
    # Other code may hold or release a few references meanwhile; a leak loses thousands.
    assert lost < CALLS // 4, f"{lost} references to None lost over {CALLS} Qt calls"
