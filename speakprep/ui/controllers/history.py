"""The history screen's controller: owns the library, answers the view's requests and fills
the compare and progress views. The view never sees the library."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from speakprep.core.models import Report
from speakprep.core.settings import AnalysisSettings
from speakprep.services.library import newest_report
from speakprep.storage.library import LibraryError
from speakprep.ui.pages.history import HistoryView
from speakprep.ui.pages.history_model import format_take_when, take_name
from speakprep.ui.widgets.no_speech import recording_text

if TYPE_CHECKING:
    from speakprep.storage.library import KeptRecording, Take
    from speakprep.ui.pages.compare import CompareView
    from speakprep.ui.pages.progress import ProgressView

log = logging.getLogger(__name__)


class LibraryLike(Protocol):
    """The part of ``speakprep.storage.library.Library`` the history screens use."""

    def takes(self, *, question_id: str | None = None, search: str | None = None) -> list[Take]: ...
    def take(self, take_id: int) -> Take: ...
    def report(self, take_id: int) -> Report: ...
    def rename(self, take_id: int, title: str | None) -> Take: ...
    def set_note(self, take_id: int, note: str) -> Take: ...
    def delete(self, take_id: int) -> None: ...
    def questions(self) -> list[tuple[str, str, int]]: ...
    def no_speech_recordings(self) -> list[KeptRecording]: ...
    def discard(self, path: Path) -> None: ...


class HistoryController(QObject):
    """Connects a ``HistoryView`` to the library.

    Rename, note and delete ask the user first through ``ask_title``, ``ask_note`` and
    ``confirm_delete`` (the dialogs below unless injected: tests answer without a modal
    dialog). A failing library call is shown on the view, never raised into Qt.

    ``take_opened(Take, Report)`` asks the window to show a take's results;
    ``compare_ready`` and ``progress_ready`` follow filling the compare / progress view.

    Recordings kept with no speech recognised are listed apart: ``play_recording`` plays
    or stops one (returns why it cannot, or None), ``analyse_recording`` starts its
    analysis, ``confirm_discard`` asks before one is deleted.
    """

    take_opened = Signal(object, object)
    compare_ready = Signal()
    progress_ready = Signal()

    def __init__(
        self,
        view: HistoryView,
        library: LibraryLike,
        *,
        compare_view: CompareView | None = None,
        progress_view: ProgressView | None = None,
        settings: AnalysisSettings | None = None,
        confirm_delete: Callable[[Sequence[Take]], bool] | None = None,
        ask_title: Callable[[Take], str | None] | None = None,
        ask_note: Callable[[Take], str | None] | None = None,
        play_recording: Callable[[Path], str | None] = lambda _path: None,
        analyse_recording: Callable[[Path], object] = lambda _path: None,
        confirm_discard: Callable[[KeptRecording], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.library = library
        self.compare_view = compare_view
        self.progress_view = progress_view
        self.settings = settings or AnalysisSettings()
        # The question the progress view plots, to plot it again when the bands change.
        self._progress_question: str | None = None
        self._confirm_delete = confirm_delete or (lambda takes: confirm_delete_dialog(view, takes))
        self._ask_title = ask_title or (lambda take: ask_title_dialog(view, take))
        self._ask_note = ask_note or (lambda take: ask_note_dialog(view, take))
        self._play_recording = play_recording
        self._confirm_discard = confirm_discard or (
            lambda recording: confirm_discard_dialog(view, recording)
        )
        self._recordings: dict[Path, KeptRecording] = {}
        view.model.set_settings(self.settings)
        # Kept in step by set_settings from here on: compare() only sets the pair (setting
        # the bands there too redrew the pair on show before drawing the new one).
        if compare_view is not None:
            compare_view.set_settings(self.settings)

        view.filter_changed.connect(lambda _question_id: self.show_takes())
        view.search_changed.connect(lambda _text: self.show_takes())
        view.open_requested.connect(self.open_take)
        view.rename_requested.connect(self.rename)
        view.note_requested.connect(self.edit_note)
        view.delete_requested.connect(self.delete)
        view.compare_requested.connect(self.compare)
        view.progress_requested.connect(self.show_progress)
        view.no_speech.play_requested.connect(self.play_recording)
        view.no_speech.analyse_requested.connect(analyse_recording)
        view.no_speech.delete_requested.connect(self.discard_recording)

    # -- listing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the library: the takes (:meth:`show_takes`) and the recordings kept with no
        speech recognised."""
        if not self.show_takes():
            return
        try:
            recordings = self.library.no_speech_recordings()
        except LibraryError as err:
            self._fail("Could not read your takes", err)
            return
        self._recordings = {r.path: r for r in recordings}
        self.view.no_speech.set_recordings(recordings)

    def show_takes(self) -> bool:
        """The filter's questions and the takes it and the search allow; all a filter or search
        change needs (the no-speech recordings, a folder scan, do not depend on them)."""
        try:
            self.view.set_questions(self.library.questions())
            takes = self.library.takes(
                question_id=self.view.question_filter(), search=self.view.search_text() or None
            )
        except LibraryError as err:
            self._fail("Could not read your takes", err)
            return False
        self.view.show_error("")
        self.view.set_takes(takes)
        return True

    def set_settings(self, settings: AnalysisSettings) -> None:
        """The user's bands changed: recolour the table and the compare view, and plot the
        progress view again against the new bands (it may be on screen)."""
        self.settings = settings
        self.view.model.set_settings(settings)
        if self.compare_view is not None:
            self.compare_view.set_settings(settings)
        if self._progress_question is not None:
            self._plot_progress(self._progress_question)

    # -- edits -------------------------------------------------------------------------------
    def rename(self, take_id: int) -> None:
        take = self._take(take_id)
        if take is None:
            return
        title = self._ask_title(take)
        if title is None:
            return
        self._edit("Could not rename the take", self.library.rename, take_id, title or None)

    def edit_note(self, take_id: int) -> None:
        take = self._take(take_id)
        if take is None:
            return
        note = self._ask_note(take)
        if note is None:
            return
        self._edit("Could not save the note", self.library.set_note, take_id, note)

    def delete(self, take_ids: Sequence[int]) -> None:
        takes = [t for t in (self._take(i) for i in take_ids) if t is not None]
        if not takes or not self._confirm_delete(takes):
            return
        for take in takes:
            try:
                self.library.delete(take.id)
            except LibraryError as err:
                self._fail("Could not delete the take", err)
                self._refresh_keeping_notice()
                return
        self.refresh()

    def play_recording(self, path: Path) -> None:
        problem = self._play_recording(path)
        if problem:
            self.view.show_error(problem)

    def discard_recording(self, path: Path) -> None:
        recording = self._recordings.get(path)
        if recording is None or not self._confirm_discard(recording):
            return
        try:
            self.library.discard(path)
        except LibraryError as err:
            self._fail("Could not delete the recording", err)
            self._refresh_keeping_notice()
            return
        self.refresh()

    def _edit(self, what: str, call: Callable[..., object], *args: object) -> None:
        try:
            call(*args)
        except LibraryError as err:
            self._fail(what, err)
            return
        self.refresh()

    # -- other screens -----------------------------------------------------------------------
    def open_take(self, take_id: int) -> None:
        try:
            take, report = self.library.take(take_id), self.library.report(take_id)
        except LibraryError as err:
            self._fail("Could not open the take", err)
            return
        self.take_opened.emit(take, report)

    def compare(self, first_id: int, second_id: int) -> None:
        if self.compare_view is None:
            return
        try:
            pair = sorted(
                (self.library.take(first_id), self.library.take(second_id)),
                key=lambda t: t.created_at,
            )
            reports = [self.library.report(t.id) for t in pair]
        except LibraryError as err:
            self._fail("Could not compare the takes", err)
            return
        self.compare_view.set_takes(pair[0], reports[0], pair[1], reports[1])
        self.compare_ready.emit()

    def show_progress(self, question_id: str) -> None:
        if self._plot_progress(question_id):
            self.progress_ready.emit()

    def _plot_progress(self, question_id: str) -> bool:
        """Fill the progress view with ``question_id``'s takes; False if it could not be."""
        if self.progress_view is None:
            return False
        try:
            takes = self.library.takes(question_id=question_id)
        except LibraryError as err:
            self._fail("Could not read the takes of this question", err)
            return False
        self._progress_question = question_id
        text = takes[0].question_text if takes else self._question_text(question_id)
        s = self.settings
        self.progress_view.set_series(
            text,
            sorted(takes, key=lambda t: t.created_at),
            s.speaking_time.target_s,
            pace_band=(s.pace.good_min_wpm, s.pace.good_max_wpm),
            filler_good_max=s.fillers.good_max_per_minute,
        )
        self.progress_view.set_last_report(newest_report(self.library.report, takes), s)
        return True

    # -- helpers -----------------------------------------------------------------------------
    def _take(self, take_id: int) -> Take | None:
        try:
            return self.library.take(take_id)
        except LibraryError as err:
            self._fail("That take is no longer in your history", err)
            self._refresh_keeping_notice()
            return None

    def _question_text(self, question_id: str) -> str:
        try:
            known = {qid: text for qid, text, _n in self.library.questions()}
        except LibraryError:
            known = {}
        return known.get(question_id, question_id)

    def _refresh_keeping_notice(self) -> None:
        notice = self.view.notice.text()
        self.refresh()
        self.view.show_error(notice)

    def _fail(self, what: str, err: Exception) -> None:
        log.warning("%s: %s", what, err)
        # LibraryError messages are already one line for a person ("Could not save the
        # note: the disk is full."); ``what`` only stands in for an empty one.
        self.view.show_error(str(err) or f"{what}.")


# -- the questions to the user (modal dialogs; tests inject answers instead) ------------------


def delete_message(takes: Sequence[Take]) -> tuple[str, str]:
    """The confirmation's question and detail: the recording goes with the take."""
    if len(takes) == 1:
        take = takes[0]
        return "Delete this take?", (
            f"“{take_name(take)}”, {format_take_when(take.created_at)}.\n\n"
            "Its recording is deleted too. This cannot be undone."
        )
    return (
        f"Delete {len(takes)} takes?",
        "Their recordings are deleted too. This cannot be undone.",
    )


def confirm_delete_dialog(parent: QWidget, takes: Sequence[Take]) -> bool:
    text, detail = delete_message(takes)
    title = "Delete take" if len(takes) == 1 else "Delete takes"
    return _warn_before_delete(parent, title, text, detail)


def confirm_discard_dialog(parent: QWidget, recording: KeptRecording) -> bool:
    detail = f"{recording_text(recording)}.\n\nThis cannot be undone."
    return _warn_before_delete(parent, "Delete recording", "Delete this recording?", detail)


def _warn_before_delete(parent: QWidget, title: str, text: str, detail: str) -> bool:
    """A warning with Delete and Cancel; Cancel is the default, so Enter must not delete."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setInformativeText(detail)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete


def ask_title_dialog(parent: QWidget, take: Take) -> str | None:
    """The new name, "" to go back to the question, or None when cancelled."""
    text, ok = QInputDialog.getText(
        parent,
        "Rename take",
        "Name (leave empty to show the question):",
        QLineEdit.EchoMode.Normal,
        take.title or "",
    )
    return text.strip() if ok else None


def ask_note_dialog(parent: QWidget, take: Take) -> str | None:
    """The note, "" to remove it, or None when cancelled."""
    text, ok = QInputDialog.getMultiLineText(
        parent, "Note", f"A note about “{take_name(take)}”:", take.note
    )
    return text.strip() if ok else None
