"""Qt objects of one test are destroyed before the next test starts.

Without this, the widgets and threads of a test's app (closed with ``deleteLater``) are
freed whenever Python's cyclic garbage collector next runs, which can be in the middle of
another test's event loop, after their C++ side is gone. Deleting them here, at teardown,
in a known order, keeps one test's leftovers out of the next.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent


@pytest.fixture(autouse=True)
def _collect_qt_leftovers(qapp) -> Iterator[None]:
    yield
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()
