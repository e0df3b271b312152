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
    # A second one is not caught: if closing stalls (a modal dialog), it ends the app.
    assert signal.getsignal(sig) is signal.SIG_DFL


@pytest.mark.model
def test_ctrl_c_mid_take_keeps_the_recording(qtbot, tmp_path, engine, handlers) -> None:
    import numpy as np
    import soundfile as sf
    from PySide6.QtCore import Qt

    from tests.conftest import AUDIO
    from tests.fakes import fake_input_factory
    from tests.ui.desktop import desktop_app

    clip = sf.read(AUDIO / "jfk.wav", dtype="float32")[0][: 2 * 16_000]  # "And so, my fellow"
    app, handle = desktop_app(
        qtbot, tmp_path / "data", lambda model: engine, mic=fake_input_factory(clip)
    )
    app.window.show()
    close_on_interrupt(app.window)
    qtbot.waitUntil(lambda: app.client.model_label is not None, timeout=30_000)
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    assert app.practice.recording
    handle.stream.feed(None)
    assert app.practice.recorder.sync()

    signal.raise_signal(signal.SIGINT)

    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=10_000)
    (take,) = (tmp_path / "data" / "recordings").glob("take-*.wav")
    kept, rate = sf.read(take, dtype="float32")
    assert rate == 16_000 and kept.size == pytest.approx(clip.size, abs=1_600)
    assert np.max(np.abs(kept)) > 0.1  # the speech, not an empty header
