"""The history's list of recordings kept though no speech was recognised in them.

Such a take is not scored, so it is no row of the takes table (nor of any trend), yet it is
the user's recording: here it can be played, analysed again (another microphone setting or
model may hear it) or deleted. A view: it reports what the user wants by path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from speakprep.core.units import clock_text
from speakprep.render.dates import format_take_date, format_take_when
from speakprep.ui import theme

if TYPE_CHECKING:
    from speakprep.storage.library import KeptRecording

NO_SPEECH = "no speech recognised"
EXPLANATION = (
    "Kept so no recording is lost; not scored and not counted in your progress. "
    "Play one to check what was heard, analyse it again, or delete it."
)
_ROWS_SHOWN = 3


def recording_text(recording: KeptRecording, now: datetime | None = None) -> str:
    """One row: "Today 17:03 · 0:12 · no speech recognised", dated as the takes table
    above it dates its rows (a full date here beside "Today" there read as another day).
    Without ``now``, the full date, as the confirmation to delete a take gives it."""
    at = recording.recorded_at
    if at is None:
        when = recording.path.name
    else:
        when = format_take_when(at) if now is None else format_take_date(at, now)
    length = clock_text(recording.duration_s) if recording.duration_s is not None else "length ?"
    return f"{when} · {length} · {NO_SPEECH}"


def _tooltip(recording: KeptRecording) -> str:
    """The full date (as the takes table's date tooltip gives it) and where the file is."""
    if recording.recorded_at is None:
        return str(recording.path)
    return f"Recorded {format_take_when(recording.recorded_at)}\n{recording.path}"


class NoSpeechList(QFrame):
    """A card under the takes table; hidden while there is no such recording."""

    play_requested = Signal(object)  # Path
    analyse_requested = Signal(object)  # Path
    delete_requested = Signal(object)  # Path

    def __init__(
        self, parent: QWidget | None = None, *, now: Callable[[], datetime] = datetime.now
    ) -> None:
        super().__init__(parent)
        self._now = now
        theme.card(self, "noSpeechCard")
        self.heading = QLabel()
        theme.style(self.heading, lambda: theme.text_style("text.ink", "font-weight: 600;"))
        self.explanation = QLabel(EXPLANATION)
        self.explanation.setWordWrap(True)
        theme.style(self.explanation, lambda: theme.text_style("text.muted"))
        self.list = QListWidget()
        self.list.setAccessibleName("Recordings with no speech recognised")
        self.list.setObjectName("noSpeechList")
        theme.style(self.list, lambda: theme.stylesheet("list", "QListWidget#noSpeechList"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.play_button = QPushButton("Play / stop")
        self.play_button.setToolTip("Play the recording; press again to stop")
        self.analyse_button = QPushButton("Analyse again")
        self.analyse_button.setToolTip("Analyse the recording again with the current settings")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the recording")
        theme.style(self.delete_button, lambda: theme.stylesheet("danger_button"))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.play_button, self.analyse_button):
            button.setMinimumHeight(30)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.delete_button.setMinimumHeight(30)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(lambda _item: self._emit(self.play_requested))
        self.play_button.clicked.connect(lambda: self._emit(self.play_requested))
        self.analyse_button.clicked.connect(lambda: self._emit(self.analyse_requested))
        self.delete_button.clicked.connect(lambda: self._emit(self.delete_requested))
        self.set_recordings([])

    def set_recordings(self, recordings: Sequence[KeptRecording]) -> None:
        """List ``recordings`` (newest first), keeping the selected one if still listed."""
        chosen = self.selected()
        self.list.clear()
        now = self._now()
        for recording in recordings:
            item = QListWidgetItem(recording_text(recording, now))
            item.setData(Qt.ItemDataRole.UserRole, recording.path)
            item.setToolTip(_tooltip(recording))
            self.list.addItem(item)
            if recording.path == chosen:
                item.setSelected(True)
        if recordings and not self.list.selectedItems():
            self.list.item(0).setSelected(True)
        count = len(recordings)
        noun = "recording" if count == 1 else "recordings"
        self.heading.setText(f"{count} {noun} with {NO_SPEECH}")
        if count:
            rows = min(count, _ROWS_SHOWN)
            # The frame and the stylesheet's 4 px padding above and below the rows.
            frame = 2 * self.list.frameWidth() + 8
            self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + frame)
        self.setVisible(count > 0)
        self._update_buttons()

    def selected(self) -> Path | None:
        items = self.list.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _emit(self, signal: SignalInstance) -> None:
        path = self.selected()
        if path is not None:
            signal.emit(path)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for button in (self.play_button, self.analyse_button, self.delete_button):
            button.setEnabled(chosen)
