"""The app with its recordings library: takes are saved, listed, reopened, replayed,
exported, analysed again, recovered after a crash, and kept across restarts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from speakprep.app import DesktopApp
from speakprep.audio.wavfile import WavWriter
from speakprep.paths import AppPaths
from speakprep.storage.library import Library
from speakprep.ui.controllers.takes import recovery_question
from tests.conftest import AUDIO
from tests.fakes import fake_input_factory
from tests.reports import timed_report
from tests.ui.desktop import desktop_app

pytestmark = pytest.mark.model

CLIP = AUDIO / "jfk.wav"


@pytest.fixture(scope="module")
def clip() -> np.ndarray:
    samples, _ = sf.read(CLIP, dtype="float32")
    return samples


def _start(qtbot, data_dir: Path, engine, clip, exports: list[Path] | None = None):
    app, handle = desktop_app(
        qtbot,
        data_dir,
        lambda model: engine,
        mic=fake_input_factory(clip),
        choose_export_path=lambda default: exports.pop(0) if exports else None,
    )
    app.window.show()
    qtbot.waitUntil(lambda: app.client.model_label is not None, timeout=30_000)
    return app, handle


def _record_take(qtbot, app: DesktopApp, handle) -> None:
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    handle.stream.feed(handle.config.audio)
    app.practice.recorder.sync()
    qtbot.keyClick(app.window, Qt.Key.Key_Space)
    window = app.window
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.results, timeout=60_000)


def test_takes_are_saved_listed_reopened_and_kept_across_restarts(
    qtbot, tmp_path, engine, clip
) -> None:
    data = tmp_path / "data"
    # Eight earlier takes of two questions, then two recorded now: ten in all.
    with Library.open(AppPaths(data)) as library:
        for day in range(8):
            question = "career_goals" if day % 2 else "five_years"
            library.add(
                timed_report(question=question),
                None,
                source="imported",
                created_at=datetime(2026, 11, 10 + day, 9, 30).astimezone(),
            )

    app, handle = _start(qtbot, data, engine, clip)
    try:
        _record_take(qtbot, app, handle)
        first = app.takes.current_take
        assert first is not None and first.source == "recorded"
        assert app.window.results.export_button.isEnabled()
        handle.stream.config.audio = clip  # the fake microphone hears the clip again
        app.window.results.back_button.click()
        _record_take(qtbot, app, handle)
        second = app.takes.current_take
        assert second is not None and second.id != first.id

        # The practice screen lists the latest takes of its question, newest first.
        recent = app.window.practice.recent
        assert recent.count() == 5
        assert recent.item(0).data(Qt.ItemDataRole.UserRole) == second.id

        app.show_history()
        history = app.window.history
        assert app.window.pages.currentWidget() is history
        takes = app.library.takes()
        assert len(takes) == 10
        assert [t.id for t in takes[:2]] == [second.id, first.id]  # newest first
        assert history.model.rowCount() == 10
    finally:
        app.shutdown()

    again, _ = _start(qtbot, data, engine, clip)
    try:
        assert len(again.library.takes()) == 10
        assert len(again.library.takes(question_id="five_years")) == 4
        again.history.open_take(second.id)
        results = again.window.results
        assert again.window.pages.currentWidget() is results
        assert results.report is not None
        assert results.report.transcript.text == again.library.report(second.id).transcript.text
        assert results.play_button.isEnabled()  # its recording is still there
        assert results.back_button.text() == "Back to history"
        results.back_button.click()
        assert again.window.pages.currentWidget() is again.window.history
    finally:
        again.shutdown()


def test_export_and_analyse_again(qtbot, tmp_path, engine, clip) -> None:
    out = tmp_path / "exported.html"
    app, handle = _start(qtbot, tmp_path / "data", engine, clip, exports=[out])
    try:
        _record_take(qtbot, app, handle)
        take = app.takes.current_take
        assert take is not None
        app.window.results.export_requested.emit("html")
        page = out.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<svg" in page

        before = app.library.report_dict(take.id)
        app.window.results.reanalyse_button.click()
        qtbot.waitUntil(lambda: not app.runner.busy, timeout=60_000)
        assert len(app.library.takes()) == 1  # replaced, not added
        assert app.library.previous_report(take.id) is not None
        assert app.library.report_dict(take.id)["transcript"] == before["transcript"]
        assert app.takes.current_take is not None and app.takes.current_take.id == take.id
    finally:
        app.shutdown()


def test_an_unfinished_take_is_recovered_and_analysed_at_start(
    qtbot, tmp_path, engine, clip
) -> None:
    paths = AppPaths(tmp_path / "data").ensure()
    wav = paths.recordings_dir / "take-20261121-184512-000001.wav"
    # A recorder that died: data flushed, header never finalised.
    writer = WavWriter(wav, 16_000)
    writer.write(clip)
    writer.flush()
    writer.abandon()

    app, _ = _start(qtbot, paths.data_dir, engine, clip)
    try:
        asked: list[list[Path]] = []
        started = app.takes.offer_recovery(ask=lambda found: asked.append(found) or "recover")
        assert started and asked == [[wav]]
        window = app.window
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.results, timeout=60_000)
        assert "recovered" in window.results.notice.text()
        (take,) = app.library.takes()
        assert take.audio_path == wav
        assert take.created_at.replace(tzinfo=None) == datetime(2026, 11, 21, 18, 45, 12, 1)
        recovered, _ = sf.read(wav, dtype="float32")
        assert recovered.size == clip.size
        assert app.library.unfinished_takes() == []
    finally:
        app.shutdown()


def test_a_kept_take_that_cannot_be_analysed_is_offered_honestly_and_said_in_sentences(
    qtbot, tmp_path, engine, clip
) -> None:
    """Found as a new user: a silent take (its analysis failed, its WAV kept) came back at
    the next start as "not finished: speakprep closed while it was recorded or analysed",
    and recovering it said "... (it is silent) Your recording is kept at ..." (no stop)."""
    paths = AppPaths(tmp_path / "data").ensure()
    wav = paths.recordings_dir / "take-20261206-170336-314153.wav"
    sf.write(wav, np.zeros(3 * 16_000, np.float32), 16_000, subtype="PCM_16")
    question = recovery_question(wav)
    assert question.startswith("A take from Sunday 6 December 2026, 17:03 is not in your history")
    assert "analysis did not finish" in question and "closed while" not in question
    assert question.endswith("Analyse it now, or delete the recording?")

    app, _ = _start(qtbot, paths.data_dir, engine, clip)
    try:
        assert app.takes.offer_recovery(ask=lambda found: "recover" if found == [wav] else "")
        view = app.window.practice
        qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=30_000)
        assert view.banner.text() == (
            f"{wav.name}: no sound in this file (it is silent). Your recording is kept at {wav}."
        )
        assert wav.exists()
        qtbot.waitUntil(lambda: not app.runner.busy, timeout=10_000)
        # "Not now" keeps it and asks again; "Delete it" deletes it and asks no more.
        buttons: list[str] = []

        def answer_not_now() -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            buttons.extend(b.text() for b in box.buttons())
            next(b for b in box.buttons() if b.text() == "Not now").click()

        QTimer.singleShot(200, answer_not_now)
        assert not app.takes.offer_recovery()  # the real question, answered "Not now"
        assert sorted(buttons) == ["Analyse it", "Delete it", "Not now"]
        assert app.library.unfinished_takes() == [wav]
        assert not app.takes.offer_recovery(ask=lambda found: "delete")
        assert not wav.exists() and app.library.unfinished_takes() == []
        asked: list[list[Path]] = []
        assert not app.takes.offer_recovery(ask=lambda found: asked.append(found) or "recover")
        assert asked == []
    finally:
        app.shutdown()


def test_a_damaged_history_is_backed_up_and_reported_and_recording_still_works(
    qtbot, tmp_path, engine, clip
) -> None:
    paths = AppPaths(tmp_path / "data").ensure()
    paths.database.write_bytes(b"this is not a database" * 100)
    app, handle = _start(qtbot, paths.data_dir, engine, clip)
    try:
        banner = app.window.practice.banner.text()
        assert "history" in banner.lower() or "database" in banner.lower()
        assert str(paths.recordings_dir) in banner
        assert not app.window.history_nav.isVisible()
        assert any(paths.backups_dir.iterdir())
        assert paths.database.read_bytes() == b"this is not a database" * 100
        _record_take(qtbot, app, handle)
        assert app.window.results.report is not None
        assert list(paths.recordings_dir.glob("take-*.wav"))
    finally:
        app.shutdown()
