"""Settings -> Speech model: the models a user may download, with progress and cancel.

A self-contained widget over the Qt-free :func:`~speakprep.services.hub_download.
download_model`: one row per catalog model (size, time per minute of speech here, word
errors against tiny.en, whether it is here), a Download button per row, one download at a
time on a background thread with a progress bar and Cancel, and when it is done a "Use it"
button. Choosing a model only emits :attr:`ModelDownloads.model_chosen` with its folder;
the dialog that holds this widget decides what to do with it (select that folder).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from speakprep.paths import AppPaths
from speakprep.services.hub_download import DownloadCancelled, DownloadError, download_model
from speakprep.services.models import (
    MISTAKES_COLUMN,
    TIME_COLUMN,
    Catalog,
    ModelEntry,
    installed_path,
    load_catalog,
    mistakes_text,
    time_text,
)

# (title, what it means): the measures' words are the ones ``models list`` prints.
_COLUMNS = (
    ("Model", ""),
    ("Size", "The download and the space it takes in your data folder"),
    TIME_COLUMN,
    MISTAKES_COLUMN,
    ("", ""),
)


class ModelDownloads(QWidget):
    """The catalog with Download buttons; emits ``model_chosen(folder)`` on "Use it"."""

    model_chosen = Signal(str)
    # From the download thread; Qt queues them to this widget's thread.
    _progressed = Signal(int, int)
    _ended = Signal(str, str, str)  # model name, folder or "", error or ""

    def __init__(
        self, paths: AppPaths, catalog: Catalog | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._catalog = catalog or load_catalog()
        self._buttons: dict[str, QPushButton] = {}
        self._states: dict[str, QLabel] = {}
        self._cancel: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready: Path | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_table())
        layout.addLayout(self._build_progress())
        note = QLabel(
            "Nothing is downloaded unless you press Download. Models come from the "
            "Hugging Face Hub and are kept in your data folder."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self._progressed.connect(self._show_progress)
        self._ended.connect(self._on_ended)
        self._refresh()

    def _build_table(self) -> QGridLayout:
        grid = QGridLayout()
        # The style's spacing left "distil-small.en" touching "335 MB" in the next column.
        grid.setHorizontalSpacing(max(grid.horizontalSpacing(), 14))
        self.headers: list[QLabel] = []
        for column, (title, meaning) in enumerate(_COLUMNS):
            header = QLabel(f"<b>{title}</b>")
            header.setToolTip(meaning)
            grid.addWidget(header, 0, column)
            self.headers.append(header)
        for row, entry in enumerate(self._catalog.models, start=1):
            name = QLabel(entry.name)
            name.setToolTip(entry.summary)
            grid.addWidget(name, row, 0)
            grid.addWidget(QLabel(f"{entry.size_mb:.0f} MB"), row, 1)
            seconds = self._catalog.seconds_per_minute(entry)
            grid.addWidget(QLabel(time_text(seconds)), row, 2)
            grid.addWidget(QLabel(mistakes_text(entry.word_errors)), row, 3)
            state = QLabel()
            button = QPushButton("Download")
            button.clicked.connect(lambda _=False, e=entry: self._row_clicked(e))
            cell = QHBoxLayout()
            cell.addWidget(state)
            cell.addWidget(button)
            grid.addLayout(cell, row, 4)
            self._buttons[entry.name] = button
            self._states[entry.name] = state
        return grid

    def _build_progress(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton("Use it")
        self.use_button.setVisible(False)
        self.use_button.clicked.connect(self._use)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.use_button)
        return row

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def button(self, name: str) -> QPushButton:
        """The Download button of one model (for tests and keyboard focus)."""
        return self._buttons[name]

    def start(self, entry: ModelEntry) -> None:
        """Download ``entry`` on a background thread (ignored while one is running)."""
        if self.busy or entry.bundled:
            return
        self._cancel = threading.Event()
        self._ready = None
        self.use_button.setVisible(False)
        self.progress.setRange(0, 0)  # busy until the first figures arrive
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.setText(f"Downloading {entry.name}…")
        for button in self._buttons.values():
            button.setEnabled(False)
        cancel = self._cancel
        self._thread = threading.Thread(
            target=self._run, args=(entry, cancel), name="model-download", daemon=True
        )
        self._thread.start()

    def _run(self, entry: ModelEntry, cancel: threading.Event) -> None:
        try:
            folder = download_model(
                entry, self._paths, progress=self._progressed.emit, cancel=cancel
            )
        except DownloadCancelled:
            self._ended.emit(entry.name, "", "cancelled")
        except DownloadError as exc:
            self._ended.emit(entry.name, "", str(exc))
        except Exception as exc:  # never let a thread die silently
            self._ended.emit(entry.name, "", f"{type(exc).__name__}: {exc}")
        else:
            self._ended.emit(entry.name, str(folder), "")

    @Slot()
    def cancel(self) -> None:
        """Stop the download; what was fetched is kept to resume next time."""
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling…")

    def wait(self, timeout_s: float = 10.0) -> None:
        """Cancel any download and wait for its thread (call before the widget goes)."""
        self.cancel()
        if self._thread is not None:
            self._thread.join(timeout_s)

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        # QProgressBar holds an int: count in kilobytes so 500 MB fits.
        self.progress.setRange(0, max(1, total // 1000))
        self.progress.setValue(done // 1000)

    @Slot(str, str, str)
    def _on_ended(self, name: str, folder: str, error: str) -> None:
        if self._thread is not None:
            self._thread.join(5.0)  # it emitted this as its last act
            self._thread = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.cancel_button.setEnabled(True)
        if folder:
            self._ready = Path(folder)
            self.status.setText(f"{name} is ready.")
            self.use_button.setText(f"Use {name}")
            self.use_button.setVisible(True)
        elif error == "cancelled":
            self.status.setText(f"{name}: download cancelled; Download again resumes it.")
        else:
            self.status.setText(f"{name}: {error}")
        self._refresh()

    def _use(self) -> None:
        if self._ready is not None:
            self.model_chosen.emit(str(self._ready))

    def _row_clicked(self, entry: ModelEntry) -> None:
        here = installed_path(entry, self._paths)
        if here is not None:
            self.model_chosen.emit(str(here))
        else:
            self.start(entry)

    def _refresh(self) -> None:
        for entry in self._catalog.models:
            here = entry.bundled or installed_path(entry, self._paths) is not None
            self._states[entry.name].setText(
                "bundled" if entry.bundled else ("downloaded" if here else "")
            )
            button = self._buttons[entry.name]
            button.setText("Use" if here else "Download")
            button.setAccessibleName(f"{button.text()} {entry.name}")
            button.setVisible(not entry.bundled)
            button.setEnabled(not self.busy)
