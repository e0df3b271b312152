"""The desktop app's composition root: the only module that wires everything together.

Nothing happens at import. ``main()`` resolves the data folder (``--data-dir`` overrides
it), sets up logging, installs the error dialog, loads the preferences, starts the engine
thread (the speech model loads there while the window is already usable) and shows the
window. ``build()`` does the wiring with injectable hardware, for tests and screenshots.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer
from PySide6.QtWidgets import QApplication

from speakprep import __version__
from speakprep.core.rubric import default_rubric
from speakprep.paths import AppPaths
from speakprep.preferences import Preferences
from speakprep.services.analyze import Engine, check_model
from speakprep.storage.library import Library, LibraryError
from speakprep.storage.talking_points import TalkingPointsStore
from speakprep.ui import theme
from speakprep.ui.controllers.drills import DrillController
from speakprep.ui.controllers.engine import AnalysisClient
from speakprep.ui.controllers.history import HistoryController
from speakprep.ui.controllers.navigator import Navigator
from speakprep.ui.controllers.playback import PlaybackController
from speakprep.ui.controllers.practice import PracticeController
from speakprep.ui.controllers.preferences import PreferencesController
from speakprep.ui.controllers.questions import QuestionPanel
from speakprep.ui.controllers.runner import AnalysisRunner
from speakprep.ui.controllers.takes import TakeController
from speakprep.ui.hardware import Hardware
from speakprep.ui.main_window import MainWindow
from speakprep.ui.startup import (
    app_icon,
    choose_audio_file,
    close_on_interrupt,
    install_excepthook,
    open_folder,
    setup_logging,
    show_about,
    show_start_failure,
)
from speakprep.ui.widgets.model_downloads import ModelDownloads

__all__ = ["APP_ID", "DesktopApp", "Hardware", "app_icon", "install_excepthook", "main"]

APP_ID = "io.github.speakprep.SpeakPrep"
log = logging.getLogger("speakprep")


class DesktopApp(QObject):
    """The running app: builds the window and the controllers and connects them.

    ``paths`` must be prepared (:func:`_prepare_data_folder`): its folders are not created
    here, so that a read-only data folder with a history still opens.
    """

    def __init__(
        self,
        paths: AppPaths,
        *,
        hardware: Hardware | None = None,
        engine_factory: Callable[[str | None], Engine] | None = None,
        load_model: bool = True,
    ) -> None:
        super().__init__()
        self._shut_down = False
        self.paths = paths
        self.hardware = hardware or Hardware()
        self.settings = PreferencesController(paths.preferences, parent=self)
        self.rubric = default_rubric()  # shared with the sentence rules: parsed once
        self.library, library_problem = _open_library(paths)
        theme.apply_appearance(self.prefs.appearance)  # before any widget styles itself
        self.client = AnalysisClient(
            engine_factory or self._default_engine,
            self,
            open_library=(lambda: Library.open(paths)) if self.library is not None else None,
        )
        self.window = window = MainWindow()
        window.setWindowIcon(app_icon())
        view = window.practice
        self.runner = AnalysisRunner(self.client, window, self)
        self.playback = PlaybackController(
            window.results, self.hardware.player, on_error=window.results.show_notice, parent=self
        )
        self.navigator = Navigator(window, leaving=self.playback.stop, parent=self)
        self.practice = PracticeController(
            view,
            self.client,
            self.runner,
            recordings_dir=paths.recordings_dir,
            recorder_factory=self.hardware.recorder,
            list_devices=self._device_names,
            choose_file=self._choose_import,
            parent=self,
        )
        self.takes = TakeController(
            window,
            self.library,
            self.runner,
            self.navigator,
            self.playback,
            before_show=self._remember_context,
            after_save=self._refresh_history,
            choose_export_path=self.hardware.choose_export_path,
            export_folder=lambda: self.folder("export_folder"),
            remember_export=lambda path: self.settings.remember(export_folder=str(path.parent)),
            bands=self.settings.analysis_settings,
            parent=self,
        )
        self.drills = DrillController(
            self.takes,
            self.playback,
            self.runner,
            recorder_factory=self.hardware.recorder,
            device=view.selected_device,
            parent=self,
        )
        self.history = self._build_history()
        self.questions = QuestionPanel(
            view,
            self.rubric,
            self.library,
            current=self.prefs.last_question,
            open_take=self.history.open_take if self.history else lambda _id: None,
            points=TalkingPointsStore(paths.talking_points),
            bands=self.settings.analysis_settings,
            parent=self,
        )
        view.set_interview(self.prefs.company, self.prefs.role)
        self._apply(None, self.prefs)
        self.practice.model_loading()
        for problem, level in ((self.settings.problem, "warning"), (library_problem, "error")):
            if problem:
                view.show_banner(problem, level)
        self._connect()
        if load_model:
            self.client.load_model(self.prefs.model)

    def _connect(self) -> None:
        """The window's menus and the controllers' announcements, to whoever acts on them."""
        window = self.window
        self.settings.changed.connect(self._apply)
        self.practice.recording_changed.connect(window.set_recording)
        window.practice.device_selected.connect(
            lambda name: self.settings.remember(input_device=name)
        )
        window.import_requested.connect(self.practice.import_file)
        window.settings_requested.connect(self.open_settings)
        window.about_requested.connect(self.show_about)
        window.open_logs_requested.connect(self.open_logs)
        window.closing.connect(self.shutdown)

    @property
    def prefs(self) -> Preferences:
        return self.settings.prefs

    def _default_engine(self, model: str | None) -> Engine:
        return Engine(settings=self.settings.analysis_settings(), rubric=self.rubric, model=model)

    # -- hardware --------------------------------------------------------------------------
    def _device_names(self) -> Sequence[str]:
        """The microphones now. PortAudio looks again only while no stream is open, so a
        microphone plugged in after start shows up when nothing records or plays."""
        player = getattr(getattr(self, "playback", None), "player", None)
        recording = getattr(getattr(self, "practice", None), "recording", False)
        idle = not recording and (player is None or not player.stream_open)
        return self.hardware.device_names(rescan=idle)

    def folder(self, key: str) -> Path:
        """The folder a file dialog opens in: the last one used (``import_folder`` or
        ``export_folder``), else the home folder."""
        remembered = getattr(self.prefs, key)
        return Path(remembered) if remembered and Path(remembered).is_dir() else Path.home()

    def _choose_import(self) -> Path | None:
        folder = self.folder("import_folder")
        if self.hardware.choose_file is not None:
            path = self.hardware.choose_file(self.window)
        else:
            path = choose_audio_file(self.window, folder)
        if path is not None:
            self.settings.remember(import_folder=str(Path(path).parent))
        return path

    # -- history -----------------------------------------------------------------------------
    def _build_history(self) -> HistoryController | None:
        window = self.window
        if self.library is None:
            return None
        for page in (window.history, window.compare, window.progress):
            window.add_page(page)
        window.history_nav.setVisible(True)
        history = HistoryController(
            window.history,
            self.library,
            compare_view=window.compare,
            progress_view=window.progress,
            settings=self.settings.analysis_settings(),
            play_recording=self.playback.toggle_file,
            analyse_recording=self.takes.analyse_kept,
            parent=self,
        )
        self.runner.failed.connect(self._failed_on_history)
        self.navigator.history_opened.connect(history.refresh)
        window.compare.open_requested.connect(history.open_take)
        history.compare_ready.connect(self.navigator.show_compare)
        history.progress_ready.connect(self.navigator.show_progress)
        history.take_opened.connect(
            lambda take, report: self.takes.show_take(report, take, audio=take.audio_path)
        )
        return history

    def _failed_on_history(self, message: str, _job: object) -> None:
        """A recording analysed again from the history and still not heard: say so there
        (the practice screen's banner says it too, for when the user goes there)."""
        if self.history is not None and self.navigator.current() is self.window.history:
            self.history.view.show_error(message)

    def show_history(self) -> None:
        if self.history is not None:
            self.navigator.show_history()

    def _refresh_history(self) -> None:
        if self.history is not None:
            self.history.refresh()
        self.questions.show_recent()

    def offer_recovery(self) -> bool:
        return self.takes.offer_recovery()

    # -- menus -------------------------------------------------------------------------------
    def open_settings(self) -> None:
        devices = self.hardware.device_names()
        downloads = ModelDownloads(self.paths)
        self.settings.edit(
            self.window, devices=devices, check_model=check_model, downloads=downloads
        )

    def _apply(self, old: Preferences | None, new: Preferences) -> None:
        """Hand changed preferences to whoever uses them (all of them at start)."""
        settings = self.settings.analysis_settings()
        if old is not None:
            self.client.configure(settings)
        if self.history is not None:
            self.history.set_settings(settings)
        self.window.results.set_settings(settings)
        self.window.practice.set_target_s(new.target_s)
        self.practice.show_caption = new.live_caption
        if old is None or new.input_device != old.input_device:
            self.practice.refresh_devices(new.input_device)
        if old is not None and new.appearance != old.appearance:
            theme.apply_appearance(new.appearance)
        if old is not None and new.model != old.model:
            self.practice.model_loading()
            self.client.load_model(new.model)

    def _save(self, prefs: Preferences) -> None:
        """Save ``prefs`` and apply what changed (as the settings dialog does)."""
        old = self.prefs
        self.settings.save(prefs)
        self._apply(old, prefs)

    def show_about(self) -> None:
        show_about(self.window, self.paths.data_dir)

    def open_logs(self) -> None:
        open_folder(self.paths.logs_dir)

    def shutdown(self) -> None:
        """Stop what the app started and free its Qt objects, once (closing the window
        calls it, and so may whoever closes the app).

        The app is deleted here, on the UI thread. Left to Python's collector (its own
        signal connections keep it alive until then) it would be freed on whichever thread
        collects, the engine thread say, where Qt cannot stop its timers: the UI thread's
        next tick then reaches a freed timer and the app crashes.
        """
        if self._shut_down:
            return
        self._shut_down = True
        if self.practice.recording:
            self.practice.stop_recording()
        self.runner.cancel()
        self.playback.stop()
        self._remember_context()
        self.questions.save_points()
        self.client.shutdown()
        if self.library is not None:
            self.library.close()
        self.deleteLater()

    def _remember_context(self) -> None:
        view = self.window.practice
        company, role = view.interview()
        self.settings.remember(last_question=view.question_id_or_text(), company=company, role=role)


def _open_library(paths: AppPaths) -> tuple[Library | None, str | None]:
    """The library, or None and why (new takes are still kept as recordings then)."""
    try:
        return Library.open(paths), None
    except LibraryError as err:
        log.error("history unavailable: %s", err)
        return None, f"{err} New takes are still saved as recordings in {paths.recordings_dir}."


def _prepare_data_folder(paths: AppPaths) -> str | None:
    """Create the data folders; None if the app can open, else one line saying why not.

    A folder that cannot be written but already holds a history (read-only media, a
    backup) still opens: Library.open shows that history read-only, as the CLI does.
    """
    try:
        paths.ensure()
    except OSError as exc:
        if not (paths.data_dir.is_dir() and paths.database.is_file()):
            return paths.unusable(exc)
    return None


def _claim_data_folder(paths: AppPaths) -> tuple[QLockFile | None, str | None]:
    """Hold the data folder's lock while the app runs: ``(lock, None)``, or ``(None, why)``
    when another speakprep app has it open.

    Two apps on one folder would each offer the other's take in progress as one "a crash
    left unfinished", to analyse or delete mid-recording. A lock whose process has died is
    taken over (Qt checks the process id). A folder where no lock can be written (read-only
    media) opens without one: nothing can be recorded there either.
    """
    lock = QLockFile(str(paths.lock_file))
    lock.setStaleLockTime(0)  # a live holder's lock never expires, however long it runs
    if lock.tryLock(0):
        return lock, None
    if lock.error() != QLockFile.LockError.LockFailedError:
        log.warning("cannot lock %s: %s", paths.lock_file, lock.error())
        return None, None
    pid, _host, _app = lock.getLockInfo()
    return None, (
        f"Another speakprep window is open on {paths.data_dir} (process {pid}): "
        "switch to it, or close it first."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="speakprep", description="speakprep desktop app")
    parser.add_argument("--data-dir", metavar="FOLDER", help="keep takes and settings here")
    args, qt_args = parser.parse_known_args(argv)
    paths = AppPaths.resolve(args.data_dir)
    problem = _prepare_data_folder(paths)
    if problem is not None:
        print(f"speakprep: {problem}", file=sys.stderr)
        show_start_failure(problem, qt_args)
        return 1
    lock, problem = _claim_data_folder(paths)
    if problem is not None:
        print(f"speakprep: {problem}", file=sys.stderr)
        show_start_failure(problem, qt_args)
        return 1
    setup_logging(paths)
    log.info("speakprep %s starting; data in %s", __version__, paths.data_dir)
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("speakprep")
    app.setApplicationDisplayName("speakprep")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    install_excepthook(paths)
    desktop = DesktopApp(paths)
    desktop.window.show()
    close_on_interrupt(desktop.window)
    QTimer.singleShot(0, desktop.offer_recovery)
    try:
        return app.exec()
    finally:
        if lock is not None:
            lock.unlock()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
