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
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from speakprep import __version__
from speakprep.audio.capture import Recorder
from speakprep.audio.devices import list_input_devices
from speakprep.audio.files import SUPPORTED_SUFFIXES
from speakprep.audio.playback import Player
from speakprep.core.models import Report
from speakprep.core.rubric import load_rubric
from speakprep.core.settings import AnalysisSettings, load_settings
from speakprep.paths import AppPaths
from speakprep.preferences import Preferences, PreferencesStore
from speakprep.services.analyze import Engine, check_model
from speakprep.storage.library import Library, LibraryError, Take
from speakprep.ui.history_controller import HistoryController
from speakprep.ui.main_window import MainWindow
from speakprep.ui.playback_controller import PlaybackController
from speakprep.ui.practice_controller import PracticeController
from speakprep.ui.take_controller import TakeController
from speakprep.ui.workers import AnalysisClient

APP_ID = "io.github.speakprep.SpeakPrep"
RECENT_TAKES = 5
log = logging.getLogger("speakprep")


@dataclass
class Hardware:
    """What touches the machine's devices; tests pass fakes."""

    input_stream_factory: Callable[..., Any] | None = None  # None: sounddevice.InputStream
    output_stream_factory: Callable[..., Any] | None = None  # None: sounddevice.OutputStream
    list_devices: Callable[[], Sequence[str]] | None = None
    choose_file: Callable[[QWidget], Path | None] | None = None
    choose_export_path: Callable[[Path], Path | None] | None = None


class DesktopApp(QObject):
    """The running app: window, controllers, engine client and preferences."""

    def __init__(
        self,
        paths: AppPaths,
        *,
        hardware: Hardware | None = None,
        engine_factory: Callable[[str | None], Engine] | None = None,
        load_model: bool = True,
    ) -> None:
        super().__init__()
        self.paths = paths.ensure()
        self.hardware = hardware or Hardware()
        self.store = PreferencesStore(paths.preferences)
        self.prefs = self.store.load()
        self.base_settings = load_settings()
        rubric = load_rubric()

        def default_engine(model: str | None) -> Engine:
            return Engine(
                settings=self.analysis_settings(),
                rubric=rubric,
                model=model,
            )

        self.library: Library | None = None
        self.library_problem: str | None = None
        try:
            self.library = Library.open(paths)
        except LibraryError as err:
            self.library_problem = (
                f"{err} New takes are still saved as recordings in {paths.recordings_dir}."
            )
            log.error("history unavailable: %s", err)

        self.client = AnalysisClient(engine_factory or default_engine, self)
        self.window = MainWindow()
        self.window.setWindowIcon(app_icon())
        self.practice = PracticeController(
            self.window.practice,
            self.client,
            recordings_dir=paths.recordings_dir,
            recorder_factory=self._new_recorder,
            list_devices=self._device_names,
            choose_file=lambda: (self.hardware.choose_file or choose_audio_file)(self.window),
            parent=self,
        )
        self.playback = PlaybackController(
            self.window.results,
            self._new_player,
            on_error=lambda message: self.window.results.notice.setText(message),
            parent=self,
        )
        self.practice.show_caption = self.prefs.live_caption
        view = self.window.practice
        self.rubric = rubric
        view.set_questions(rubric.questions, self.prefs.last_question)
        view.question_changed.connect(self._show_guidance)
        self._show_guidance()
        view.company.setText(self.prefs.company)
        view.role.setText(self.prefs.role)
        view.clock.set_target_s(self.prefs.target_s)
        self.window.results.scorecard.set_settings(self.analysis_settings())
        view.status.setText("Loading the speech model…")
        self.practice.refresh_devices(self.prefs.input_device)
        if self.store.problem:
            view.show_banner(self.store.problem, "warning")
        if self.library_problem:
            view.show_banner(self.library_problem, "error")

        self.practice.recording_changed.connect(self.window.set_recording)
        view.device_selected.connect(lambda name: self._remember(input_device=name))
        self.window.import_requested.connect(self.practice.import_file)
        self.window.settings_requested.connect(self.open_settings)
        self.window.about_requested.connect(self.show_about)
        self.window.open_logs_requested.connect(self.open_logs)
        self.window.closing.connect(self.shutdown)
        self.takes = TakeController(
            self.window,
            self.library,
            self.practice,
            self.playback,
            before_show=self._remember_context,
            after_save=self._refresh_history,
            choose_export_path=self.hardware.choose_export_path,
            parent=self,
        )
        self._build_history()
        if load_model:
            self.client.load_model(self.prefs.model)

    # -- hardware --------------------------------------------------------------------------
    def _device_names(self) -> Sequence[str]:
        if self.hardware.list_devices is not None:
            return self.hardware.list_devices()
        return [d.name for d in list_input_devices()]

    def _new_recorder(self, path: Path, device: str | None) -> Recorder:
        kwargs: dict[str, Any] = {"device": device}
        if self.hardware.input_stream_factory is not None:
            kwargs["stream_factory"] = self.hardware.input_stream_factory
        return Recorder(path, **kwargs)

    def _new_player(self) -> Player:
        if self.hardware.output_stream_factory is not None:
            return Player(stream_factory=self.hardware.output_stream_factory)
        return Player()

    # -- flows -----------------------------------------------------------------------------
    # -- history -----------------------------------------------------------------------------
    def _build_history(self) -> None:
        window = self.window
        self.history: HistoryController | None = None
        if self.library is None:
            return
        window.add_page(window.history)
        window.add_page(window.compare)
        window.add_page(window.progress)
        window.history_nav.setVisible(True)
        self.history = HistoryController(
            window.history,
            self.library,
            compare_view=window.compare,
            progress_view=window.progress,
            settings=self.analysis_settings(),
            parent=self,
        )
        window.history_requested.connect(self.show_history)
        window.history.practice_requested.connect(window.show_practice)
        window.compare.back_requested.connect(self.show_history)
        window.progress.back_requested.connect(self.show_history)
        window.compare.open_requested.connect(self.history.open_take)
        self.history.compare_ready.connect(
            lambda: window.show_page(window.compare, "Compare", history=True)
        )
        self.history.progress_ready.connect(
            lambda: window.show_page(window.progress, "Progress", history=True)
        )
        self.history.take_opened.connect(self._open_stored_take)
        window.practice.recent_take_activated.connect(self._open_recent)
        window.practice.question_changed.connect(self._show_recent)
        self._show_recent()
        window.results.back_requested.disconnect(window.show_practice)
        window.results.back_requested.connect(self._results_back)

    def show_history(self) -> None:
        if self.history is None:
            return
        self.playback.stop()
        self.history.refresh()
        self.window.show_page(self.window.history, "History", history=True)

    def _refresh_history(self) -> None:
        if self.history is not None:
            self.history.refresh()
        self._show_recent()

    def _show_recent(self) -> None:
        """The practice screen lists the last takes of the chosen question."""
        if self.library is None:
            return
        question = self.rubric.question(self.window.practice.question_id_or_text())
        try:
            takes = self.library.takes(question_id=question.id)[:RECENT_TAKES]
        except LibraryError as err:
            log.warning("cannot list recent takes: %s", err)
            return
        if question.custom:
            takes = [t for t in takes if t.question_text == question.text]
        self.window.practice.set_recent_takes([(t.id, recent_line(t)) for t in takes])

    def _open_recent(self, take_id: int) -> None:
        if self.history is not None:
            self.history.open_take(take_id)

    def _open_stored_take(self, take: Take, report: Report) -> None:
        self.takes.from_history = True
        self.takes.show_take(report, take, audio=take.audio_path)

    def _results_back(self) -> None:
        self.playback.stop()
        if self.takes.from_history:
            self.takes.from_history = False
            self.show_history()
        else:
            self.window.show_practice()

    def offer_recovery(self) -> bool:
        return self.takes.offer_recovery()

    def _show_guidance(self) -> None:
        """Under the record card: what the chosen question asks for, from the rubric."""
        question = self.rubric.question(self.window.practice.question_id_or_text())
        specs = [self.rubric.check(c) for c in question.checks]
        wanted = [s.title for s in specs if not s.pitfall and s.id != "within_target"]
        avoid = [s.title.lower() for s in specs if s.pitfall]
        self.window.practice.set_listen_for(wanted, avoid)

    def open_settings(self) -> None:
        from speakprep.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.prefs,
            devices=list(self._device_names()),
            check_model=check_model,
            parent=self.window,
        )
        if not dialog.exec():
            return
        old, new = self.prefs, dialog.preferences()
        self._save(new)
        self.client.configure(self.analysis_settings())
        if self.history is not None:
            self.history.set_settings(self.analysis_settings())
        self.window.results.scorecard.set_settings(self.analysis_settings())
        self.window.practice.clock.set_target_s(new.target_s)
        self.practice.show_caption = new.live_caption
        if new.input_device != old.input_device:
            self.practice.refresh_devices(new.input_device)
        if new.model != old.model:
            self.window.practice.status.setText("Loading the speech model…")
            self.client.load_model(new.model)

    def show_about(self) -> None:
        QMessageBox.about(
            self.window,
            "About speakprep",
            f"<h3>speakprep {__version__}</h3>"
            "<p>Rehearse spoken interview answers. Your recordings are transcribed and "
            "analysed on this computer; nothing is sent anywhere.</p>"
            f"<p>Your takes are kept in<br><code>{self.paths.data_dir}</code></p>",
        )

    def open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.logs_dir)))

    def shutdown(self) -> None:
        if self.practice.recording:
            self.practice.stop_recording()
        self.practice.cancel()
        self.playback.stop()
        self._remember_context()
        self.client.shutdown()
        if self.library is not None:
            self.library.close()

    # -- preferences -----------------------------------------------------------------------
    def analysis_settings(self) -> AnalysisSettings:
        return self.prefs.analysis_settings(self.base_settings)

    def _remember_context(self) -> None:
        view = self.window.practice
        self._remember(
            last_question=view.question_id_or_text(),
            company=view.company.text().strip(),
            role=view.role.text().strip(),
        )

    def _remember(self, **changes: Any) -> None:
        self._save(replace(self.prefs, **changes))

    def _save(self, prefs: Preferences) -> None:
        self.prefs = prefs
        try:
            self.store.save(prefs)
        except (OSError, ValueError) as err:
            log.warning("could not save preferences: %s", err)


def recent_line(take: Take) -> str:
    """One line for a take in the practice screen's recent list."""
    from speakprep.ui.target_clock import clock_text

    parts = [f"{take.created_at:%d %b, %H:%M}".lstrip("0")]
    if take.title:
        parts.append(take.title)
    if take.speaking_s is not None:
        parts.append(f"{clock_text(take.speaking_s)} spoken")
    parts.append(f"score {take.score}")
    if take.fillers_per_minute is not None:
        parts.append(f"{take.fillers_per_minute:.1f} fillers/min")
    parts.append(f"{take.checks_passed} of {take.checks_total} checks")
    return "   ·   ".join(parts)


def choose_audio_file(parent: QWidget) -> Path | None:
    patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a recording", str(Path.home()), f"Recordings ({patterns});;All files (*)"
    )
    return Path(name) if name else None


def app_icon() -> QIcon:
    icon = QIcon()
    assets = resources.files("speakprep.assets")
    svg = assets / "speakprep.svg"
    if svg.is_file():
        with resources.as_file(svg) as path:
            icon.addFile(str(path))
    return icon


def setup_logging(paths: AppPaths) -> None:
    handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def install_excepthook(paths: AppPaths, show: Callable[[str], None] | None = None) -> None:
    """Unexpected errors are logged and shown in a dialog with the log's location.

    No traceback reaches the user; it is in the log file the dialog names.
    """

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error", exc_info=(kind, value, tb))
        message = (
            "speakprep ran into an unexpected problem. Your recordings are safe.\n\n"
            f"{kind.__name__}: {value}\n\n"
            f"The details are in the log file:\n{paths.log_file}"
        )
        (show or _error_dialog)(message)

    sys.excepthook = hook


def _error_dialog(message: str) -> None:
    if QApplication.instance() is None:
        print(message, file=sys.stderr)
        return
    QMessageBox.critical(None, "Something went wrong", message)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="speakprep", description="speakprep desktop app")
    parser.add_argument("--data-dir", metavar="FOLDER", help="keep takes and settings here")
    args, qt_args = parser.parse_known_args(argv)
    paths = AppPaths.resolve(args.data_dir).ensure()
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
    QTimer.singleShot(0, desktop.offer_recovery)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
