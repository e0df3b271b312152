"""Ctrl-C in the terminal that started the app, or SIGTERM, closes it as its close button
does (before: a KeyboardInterrupt traceback from whichever slot ran next, and the app went
on)."""

from __future__ import annotations

import signal

import pytest
from PySide6.QtWidgets import QMainWindow

from speakprep.ui.startup import close_on_interrupt


@pytest.fixture
def handlers():
    """Put pytest's own handlers back whatever the test does."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_closes_the_window_through_its_close_event(qtbot, handlers, sig) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    closed: list[bool] = []
    window.closeEvent = lambda event: closed.append(True) or event.accept()
    close_on_interrupt(window)

    signal.raise_signal(sig)  # no KeyboardInterrupt, no exit: the window is asked to close

    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert closed == [True]
