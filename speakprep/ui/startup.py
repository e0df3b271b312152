"""The desktop app's ties to the machine: logging, the error dialog, the icon, the file
chooser for imports, the About box and opening a folder."""

from __future__ import annotations

import logging
import logging.handlers
import signal
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from speakprep import __version__
from speakprep.audio.suffixes import SUPPORTED_SUFFIXES
from speakprep.fsutil import os_reason
from speakprep.paths import AppPaths

log = logging.getLogger("speakprep")


def choose_audio_file(parent: QWidget, folder: Path | None = None) -> Path | None:
    """Ask for a recording to import, starting in ``folder`` (the home folder if None)."""
    patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
    start = folder if folder is not None and folder.is_dir() else Path.home()
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a recording", str(start), f"Recordings ({patterns});;All files (*)"
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
    """Log to the data folder's log file, or to stderr when it cannot be written (a
    read-only data folder still opens, to show its history)."""
    handler: logging.Handler
    try:
        handler = logging.handlers.RotatingFileHandler(
            paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        handler = logging.StreamHandler()
        reason = os_reason(exc)
        print(f"speakprep: cannot write the log {paths.log_file} ({reason})", file=sys.stderr)
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


def close_on_interrupt(window: QWidget) -> None:
    """Ctrl-C in the terminal that started the app (SIGINT), or a polite kill (SIGTERM),
    closes the window as its close button does: a take being recorded is stopped and kept,
    the history closed, the data folder's lock freed.

    Before, Ctrl-C raised KeyboardInterrupt inside whichever slot ran next: a traceback on
    the terminal, that slot cut short (the model's "ready" once), and the app went on.
    Python runs a signal handler only between its own bytecodes, and Qt's event loop is
    C++: the timer wakes Python twice a second so the handler runs while the app is idle.
    The same signal a second time ends the app at once (its default): closing can stall (a
    modal dialog open), and Ctrl-C must still be able to force the app to quit.
    """

    def close(signum: int, _frame: object) -> None:
        signal.signal(signum, signal.SIG_DFL)
        QTimer.singleShot(0, window.close)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, close)
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)  # nothing to do: waking Python is the point
    wake.start(500)


def show_start_failure(message: str, qt_args: list[str]) -> None:
    """Show why the app cannot open in a dialog: started from a menu, nobody sees stderr."""
    if QApplication.instance() is None:
        QApplication([sys.argv[0], *qt_args])
    QMessageBox.critical(None, "speakprep cannot open", message)


def _error_dialog(message: str) -> None:
    if QApplication.instance() is None:
        print(message, file=sys.stderr)
        return
    QMessageBox.critical(None, "Something went wrong", message)


def show_about(parent: QWidget, data_dir: Path) -> None:
    QMessageBox.about(
        parent,
        "About speakprep",
        f"<h3>speakprep {__version__}</h3>"
        "<p>Rehearse spoken interview answers. Your recordings are transcribed and "
        "analysed on this computer; nothing is sent anywhere.</p>"
        f"<p>Your takes are kept in<br><code>{data_dir}</code></p>",
    )


def open_folder(folder: Path) -> None:
    """Show ``folder`` in the desktop's file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
