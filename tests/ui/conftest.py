"""Qt objects of one test are destroyed before the next test starts.

Without this, the widgets and threads of a test's app (closed with ``deleteLater``) are
freed whenever Python's cyclic garbage collector next runs, which can be in the middle of
another test's event loop, after their C++ side is gone. Deleting them here, at teardown,
in a known order, keeps one test's leftovers out of the next.

A full collection looks at every object of the run (imports, the loaded models, earlier
files' data: about 0.15-0.2 s of CPU each in the whole suite, two per test, a sixth of the
suite's time). Nothing made before a test file started can be that file's leftover, so it
is frozen (``gc.freeze``) while the file runs: each test's collection then looks at what
the file made, and the objects of the rest of the run are collected, all of them, once the
file is done.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent


def _delete_and_collect() -> None:
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()


@pytest.fixture(scope="module", autouse=True)
def _freeze_what_came_before(qapp) -> Iterator[None]:
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        _delete_and_collect()


@pytest.fixture(autouse=True)
def _collect_qt_leftovers(qapp) -> Iterator[None]:
    yield
    _delete_and_collect()


@pytest.fixture
def app_font_scaled(qapp) -> Iterator[Callable[[float], None]]:
    """Set the application's font to ``scale`` times its size, as a user's large-font setting
    does; the font is put back after the test."""
    font = qapp.font()

    def scale(factor: float) -> None:
        big = qapp.font()
        big.setPointSizeF(font.pointSizeF() * factor)
        qapp.setFont(big)

    yield scale
    qapp.setFont(font)
