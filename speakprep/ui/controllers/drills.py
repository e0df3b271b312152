"""Drives the drills of the take on the results screen: plays each filler or long pause with
its context through the one playback controller, and records a sentence again through the
same recorder and analysis runner a take uses (a "practised" job: analysed, never saved)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from speakprep.audio.capture import Recorder, RecorderError
from speakprep.core.drills import whole_take_as_sentence
from speakprep.services.takes import SavedTake, TakeJob, context_of
from speakprep.storage.recordings import new_take_path
from speakprep.ui.controllers.playback import PlaybackController
from speakprep.ui.controllers.runner import AnalysisRunner
from speakprep.ui.controllers.takes import TakeController
from speakprep.ui.pages.drills import DrillsView

RecorderFactory = Callable[[Path, str | None], Recorder]
MIN_PRACTICE_S = 0.5


class DrillController(QObject):
    """Opens the drills for the take shown, plays ranges and runs practice recordings."""

    def __init__(
        self,
        takes: TakeController,
        playback: PlaybackController,
        runner: AnalysisRunner,
        *,
        recorder_factory: RecorderFactory,
        device: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.takes = takes
        self.playback = playback
        self.runner = runner
        self._recorder_factory = recorder_factory
        self._device = device
        self.view = DrillsView(takes.window)
        self.recorder: Recorder | None = None
        self.sentence_index: int | None = None
        self._folder: Path | None = None
        takes.window.results.drills_requested.connect(self.open)
        self.view.play_requested.connect(self.playback.play_range)
        self.view.practise_toggled.connect(self.toggle_practice)
        self.view.finished.connect(self._closed)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    def open(self) -> None:
        """Show the drills of the report on the results screen."""
        report = self.takes.current_report
        if report is None or report.delivery is None:
            return
        self.view.set_report(report)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()

    def toggle_practice(self, index: int) -> None:
        """Start recording sentence ``index`` again, or stop and analyse the recording."""
        if self.recorder is None:
            self._start(index)
        else:
            self._stop()

    def _start(self, index: int) -> None:
        if self.runner.busy:
            return
        self.playback.stop()
        self._folder = Path(tempfile.mkdtemp(prefix="speakprep-drill-"))
        try:
            recorder = self._recorder_factory(new_take_path(self._folder), self._device())
            recorder.start()
        except RecorderError as err:
            self.view.practise_note.setText(str(err))
            self._clean()
            return
        self.recorder, self.sentence_index = recorder, index
        self.view.set_recording(True)

    def _stop(self) -> None:
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return
        result = recorder.stop()
        self.view.set_recording(False)
        report = self.takes.current_report
        if result.duration_s < MIN_PRACTICE_S or report is None:
            self.view.practise_note.setText("That was too short; record the sentence again.")
            self._clean()
            return
        context = context_of(self.takes.current_take, report)
        self.runner.submit(TakeJob("practised", context, samples=recorder.samples()))

    def _on_finished(self, saved: SavedTake, job: TakeJob) -> None:
        if job.kind != "practised":
            return
        self._clean()
        if self.sentence_index is not None:
            self.view.show_comparison(self.sentence_index, whole_take_as_sentence(saved.report))

    def _on_failed(self, message: str, job: TakeJob) -> None:
        if job.kind == "practised":
            self._clean()
            self.view.practise_note.setText(message)

    def _closed(self) -> None:
        if self.recorder is not None:
            self.recorder.stop()
            self.recorder = None
            self.view.set_recording(False)
        self.playback.stop()
        self._clean()

    def _clean(self) -> None:
        # The practice recording is no take: nothing of it is kept.
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
