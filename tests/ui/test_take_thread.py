"""Every take goes through one job runner and one save path, off the UI thread.

A recorded, an imported, a re-analysed and a recovered take are each analysed and saved
while spies note the thread of every database open, save and audio write: none may run
on the UI thread, and each kind of take must have gone through them (so the spies saw
the real path, not nothing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt

from speakprep.app import DesktopApp
from speakprep.audio import wavfile
from speakprep.paths import AppPaths
from speakprep.storage import library as library_module
from speakprep.storage import recordings
from speakprep.storage.library import Library
from tests.conftest import AUDIO
from tests.fakes import fake_input_factory
from tests.ui.desktop import desktop_app

pytestmark = pytest.mark.model

CLIP = AUDIO / "jfk.wav"
IMPORT = AUDIO / "mfa_crossword.flac"


class ThreadSpy:
    """Wraps functions and records (name, thread) for each call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, threading.Thread]] = []
        self._monkeypatch = monkeypatch

    def wrap(self, owner: Any, name: str, label: str) -> None:
        real: Callable[..., Any] = getattr(owner, name)

        def spy(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((label, threading.current_thread()))
            return real(*args, **kwargs)

        self._monkeypatch.setattr(owner, name, spy)

    def on_ui_thread(self) -> list[str]:
        main = threading.main_thread()
        return [label for label, thread in self.calls if thread is main]

    def labels(self) -> set[str]:
        return {label for label, _ in self.calls}


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadSpy]:
    yield ThreadSpy(monkeypatch)


def _watch(spy: ThreadSpy) -> None:
    real_open = Library.open.__func__  # type: ignore[attr-defined]

    def open_spy(cls: type[Library], *args: Any, **kwargs: Any) -> Library:
        spy.calls.append(("open the database", threading.current_thread()))
        return real_open(cls, *args, **kwargs)

    spy._monkeypatch.setattr(Library, "open", classmethod(open_spy))
    spy.wrap(Library, "add", "add a take")
    spy.wrap(Library, "replace_report", "replace a report")
    spy.wrap(recordings, "import_audio", "copy audio in")
    spy.wrap(library_module, "import_audio", "copy audio in")
    spy.wrap(wavfile, "recover_wav", "repair a wav")
    spy.wrap(sf, "write", "write audio")


def _finish(qtbot, app: DesktopApp) -> None:
    window = app.window
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=60_000)
    assert window.pages.currentWidget() is window.results
    assert app.takes.current_take is not None


def test_no_take_is_saved_or_written_on_the_ui_thread(qtbot, tmp_path, engine, spy) -> None:
    clip, _ = sf.read(CLIP, dtype="float32")
    paths = AppPaths(tmp_path / "data").ensure()
    unfinished = paths.recordings_dir / "take-20261121-184512-000001.wav"
    writer = wavfile.WavWriter(unfinished, 16_000)
    writer.write(np.asarray(clip[: 16_000 * 3]))
    writer.flush()
    writer.abandon()

    app, handle = desktop_app(
        qtbot,
        paths.data_dir,
        lambda model: engine,
        mic=fake_input_factory(clip),
        choose_file=lambda parent: IMPORT,
    )
    app.window.show()
    qtbot.waitUntil(lambda: app.client.model_label is not None, timeout=30_000)
    _watch(spy)
    try:
        assert app.takes.offer_recovery(ask=lambda found: "recover")
        _finish(qtbot, app)
        assert "repair a wav" in spy.labels() and "add a take" in spy.labels()

        app.window.results.back_button.click()  # recorded
        qtbot.keyClick(app.window, Qt.Key.Key_Space)
        handle.stream.feed(handle.config.audio)
        app.practice.recorder.sync()
        qtbot.keyClick(app.window, Qt.Key.Key_Space)
        _finish(qtbot, app)
        recorded = app.takes.current_take

        app.window.import_requested.emit()  # imported: its audio is copied in as FLAC
        _finish(qtbot, app)
        imported = app.takes.current_take
        assert imported is not None and imported.source == "imported"
        assert imported.audio_path is not None and imported.audio_path.suffix == ".flac"
        assert "copy audio in" in spy.labels()

        app.window.results.reanalyse_button.click()  # re-analysed
        _finish(qtbot, app)
        assert "replace a report" in spy.labels()

        assert recorded is not None
        assert len(app.library.takes()) == 3
        assert spy.labels() >= {"open the database", "add a take"}
        assert spy.on_ui_thread() == []
    finally:
        app.shutdown()


def test_the_spy_sees_a_save_on_the_ui_thread(tmp_path: Path, spy: ThreadSpy) -> None:
    # The check above is only worth something if a save on this thread would be caught.
    _watch(spy)
    with Library.open(AppPaths(tmp_path)) as library:
        assert library.takes() == []
    assert spy.on_ui_thread() == ["open the database"]
