"""Closing the window frees the app on the UI thread, even while a take is analysed.

Found by running tests/ui/test_app_library.py and tests/ui/test_take_thread.py in one
process: a closed app stayed alive (its own signal connections, held by Qt, kept it from
Python's collector) with its microphone timer still ticking, until the collector freed it
on whichever thread happened to run it. On the engine thread, Qt cannot stop a timer
("Timers cannot be stopped from another thread"), so the UI thread's next tick went to a
freed timer: a segfault.
"""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QtMsgType

from speakprep.app import DesktopApp
from tests.conftest import AUDIO
from tests.ui.desktop import desktop_app

pytestmark = pytest.mark.model


def _analysing(qtbot, data_dir: Path, engine) -> DesktopApp:
    """The app, its window shown, with an imported take being analysed."""
    app, _ = desktop_app(
        qtbot, data_dir, lambda model: engine, choose_file=lambda parent: AUDIO / "jfk.wav"
    )
    app.window.show()
    qtbot.waitUntil(lambda: app.client.model_label is not None, timeout=30_000)
    app.window.import_requested.emit()
    assert app.runner.busy
    return app


def test_closing_the_window_during_an_analysis_frees_the_app_on_the_ui_thread(
    qtbot, qtlog, tmp_path, engine
) -> None:
    app = _analysing(qtbot, tmp_path / "data", engine)
    parts = [app.practice, app.runner, app.client, app.takes]
    freed = weakref.ref(app)

    window = app.window
    window.close()  # as the user does; the analysis is cancelled or finishes first
    QCoreApplication.processEvents()  # the engine's last answers, queued as it stopped
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(part) for part in parts)

    # With the window gone too, nothing is left for the collector to free on another thread.
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del app, window, parts
    collector = threading.Thread(target=gc.collect)  # as the engine thread may collect
    collector.start()
    collector.join()
    assert freed() is None
    assert not [
        m.message for m in qtlog.records if m.type != QtMsgType.QtDebugMsg and "thread" in m.message
    ]
