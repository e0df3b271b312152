"""Errors the user can see: no speaker when Play is pressed, a microphone plugged in after
start, and the folders the import and export dialogs open in."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from PySide6.QtCore import Qt

from speakprep.audio.playback import NO_OUTPUT_MESSAGE
from tests.fakes import fake_output_factory
from tests.reports import timed_report
from tests.ui.desktop import desktop_app


def _take_wav(path, seconds: float = 3.0):
    t = np.arange(int(16_000 * seconds)) / 16_000
    sf.write(path, (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000)
    return path


def test_play_without_a_speaker_says_so_on_screen(qtbot, tmp_path) -> None:
    app, _ = desktop_app(
        qtbot, tmp_path / "data", load_model=False, speaker=fake_output_factory(missing=True)
    )
    app.window.show()
    results = app.window.results
    app.takes.show_take(timed_report(), None, audio=_take_wav(tmp_path / "a.wav"))
    assert app.window.pages.currentWidget() is results
    if results.play_button.isEnabled():
        qtbot.mouseClick(results.play_button, Qt.MouseButton.LeftButton)
    assert results.notice.isVisible()  # seen, not set on a hidden label
    assert NO_OUTPUT_MESSAGE.split(".")[0] in results.notice.text()
    app.shutdown()


def test_a_microphone_plugged_in_after_start_is_noticed(qtbot, tmp_path) -> None:
    plugged: list[str] = []
    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False, devices=plugged)
    view = app.window.practice
    app.window.show()
    assert not view.record_button.isEnabled()
    assert "No microphone" in view.banner.text()

    plugged.append("USB headset")
    app.practice.check_devices()  # what the idle timer does every few seconds
    assert view.record_button.isEnabled()
    assert view.device_box.findData("USB headset") >= 0
    assert "USB headset" in view.banner.text() and view.banner.isVisible()

    plugged.clear()  # pulled out again while idle
    app.practice.check_devices()
    assert not view.record_button.isEnabled()
    app.shutdown()


def test_the_device_timer_runs_while_idle(qtbot, tmp_path) -> None:
    plugged: list[str] = []
    app, _ = desktop_app(qtbot, tmp_path / "data", load_model=False, devices=plugged)
    app.window.show()
    plugged.append("Desk mic")
    qtbot.waitUntil(app.window.practice.record_button.isEnabled, timeout=10_000)
    app.shutdown()


def test_file_dialogs_open_in_the_last_folder_used(qtbot, tmp_path) -> None:
    recordings, exports = tmp_path / "my recordings", tmp_path / "reports"
    recordings.mkdir()
    exports.mkdir()
    offered: list = []

    def choose_export(default):
        offered.append(default)
        return exports / default.name

    data = tmp_path / "data"
    app, _ = desktop_app(
        qtbot,
        data,
        load_model=False,
        choose_file=lambda parent: recordings / "answer.m4a",
        choose_export_path=choose_export,
    )
    assert app.folder("import_folder") == app.folder("export_folder")  # home at first
    assert app._choose_import() == recordings / "answer.m4a"
    report = timed_report()
    take = app.library.add(report, None, source="imported")
    app.takes.show_take(report, take, audio=None)
    app.takes.export_current("html")
    assert (exports / offered[0].name).read_text(encoding="utf-8").startswith("<!DOCTYPE")
    app.takes.export_current("md")
    assert offered[1].parent == exports and offered[1].suffix == ".md"
    app.shutdown()

    again, _ = desktop_app(qtbot, data, load_model=False)  # kept in preferences.json
    assert again.folder("import_folder") == recordings
    assert again.folder("export_folder") == exports
    again.shutdown()


def test_an_export_named_without_an_ending_gets_its_formats(qtbot, tmp_path) -> None:
    """A save dialog may hand back the name as typed ("notes"): the export takes the chosen
    format's ending rather than being refused for a name that is no export's."""
    chosen = tmp_path / "notes"
    app, _ = desktop_app(
        qtbot, tmp_path / "data", load_model=False, choose_export_path=lambda default: chosen
    )
    try:
        report = timed_report()
        take = app.library.add(report, None, source="imported")
        app.takes.show_take(report, take, audio=None)
        app.takes.export_current("md")
        assert (tmp_path / "notes.md").read_text(encoding="utf-8").startswith("# ")
        assert not chosen.exists()
    finally:
        app.shutdown()


def test_an_export_to_a_refused_name_is_refused_before_the_take_is_rendered(
    qtbot, tmp_path
) -> None:
    """The app rendered the take, then refused the name: a name that may not be written is
    now refused first, so the user hears about the name, whatever rendering would say
    (here the take was deleted behind the results screen)."""
    app, _ = desktop_app(
        qtbot,
        tmp_path / "data",
        load_model=False,
        choose_export_path=lambda default: tmp_path / "answer.flac",
    )
    try:
        report = timed_report()
        take = app.library.add(report, None, source="imported")
        app.takes.show_take(report, take, audio=None)
        app.library.delete(take.id)
        app.takes.export_current("html")
        notice = app.window.results.notice.text()
        assert "answer.flac is a recording" in notice, notice
        assert "no take" not in notice.lower()
        assert not (tmp_path / "answer.flac").exists()
    finally:
        app.shutdown()
