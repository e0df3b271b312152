"""The one analysis slot: every take (recorded, imported, re-analysed, recovered) runs here.

The runner holds at most one job at a time and shows its progress in one dialog the user
can cancel. The job itself (analyse, then save with the worker's own library) runs on the
engine thread; the runner only forwards what came of it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from speakprep.services.takes import SavedTake, TakeJob
from speakprep.ui.controllers.engine import AnalysisClient, Job

# What the user reads while a stage runs.
STAGES = {
    "loading": "Reading the recording…",
    # Not "Listening…": shown after Stop, it read as if the microphone were still on.
    "transcribing": "Transcribing what you said, on this computer…",
    "analysing": "Checking timing, fillers and content…",
}
# Transcription is most of the work: shown as 5-90 %, the rest around it (start %, span %).
_STAGE_SPANS = {"loading": (0, 5), "transcribing": (5, 85), "analysing": (90, 10)}


class AnalysisRunner(QObject):
    """Owns the job slot and its progress dialog; says when a take is done, failed or cancelled.

    ``finished`` carries the :class:`SavedTake` and the :class:`TakeJob` it came from;
    ``failed`` a one-line reason and the job; ``cancelled`` the job.
    """

    busy_changed = Signal(bool)
    finished = Signal(object, object)  # SavedTake, TakeJob
    failed = Signal(str, object)  # message, TakeJob
    cancelled = Signal(object)  # TakeJob

    def __init__(
        self, client: AnalysisClient, dialog_parent: QWidget, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.client = client
        self._dialog_parent = dialog_parent
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        client.progress.connect(self._on_progress)
        client.finished.connect(self._on_finished)
        client.failed.connect(self._on_failed)
        client.cancelled.connect(self._on_cancelled)

    @property
    def busy(self) -> bool:
        """Whether a take is being analysed (the slot is taken)."""
        return self.job is not None

    def submit(self, take: TakeJob) -> bool:
        """Start analysing ``take``; False (and nothing happens) while another one runs."""
        if self.job is not None:
            return False
        # The dialog first: the worker may answer at once, and its answer needs the dialog.
        self._open_dialog()
        self.job = self.client.submit(take)
        self.busy_changed.emit(True)
        return True

    def cancel(self) -> None:
        """Ask the running job to stop; ``cancelled`` follows once it has."""
        if self.job is not None:
            self.job.cancel.set()

    # -- the dialog ------------------------------------------------------------------------
    def _open_dialog(self) -> None:
        dialog = QProgressDialog(
            STAGES["transcribing"], "Cancel", 0, 100, self._dialog_parent.window()
        )
        dialog.setWindowTitle("Analysing your answer")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        # The bar is moved directly: a modal QProgressDialog.setValue() runs the event loop,
        # and a job finishing inside it would delete the dialog under its own feet.
        bar = QProgressBar(dialog)
        bar.setRange(0, 100)
        bar.setValue(0)
        dialog.setBar(bar)
        # Space stops a take and this dialog opens at once: its focused Cancel took a second
        # Space (or Enter) as "throw the analysis away". Esc or a click cancels.
        for button in dialog.findChildren(QPushButton):  # Cancel, its only one
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
        dialog.canceled.connect(self.cancel)
        if self.client.loading:
            dialog.setLabelText("Loading the speech model…")
        dialog.show()
        self.progress, self._bar = dialog, bar

    def _finish(self) -> TakeJob | None:
        job, self.job = self.job, None
        self._bar = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
            # Give the keyboard back to the window (Space records) once the dialog is gone.
            self._dialog_parent.window().activateWindow()
        self.busy_changed.emit(False)
        return job.take if job is not None else None

    def _mine(self, job_id: int) -> bool:
        return self.job is not None and job_id == self.job.id

    # -- the worker's answers ----------------------------------------------------------------
    def _on_progress(self, job_id: int, stage: str, fraction: float) -> None:
        if not self._mine(job_id) or self.progress is None or self._bar is None:
            return
        base, span = _STAGE_SPANS.get(stage, (0, 100))
        self.progress.setLabelText(STAGES.get(stage, stage))
        self._bar.setValue(int(base + span * max(0.0, min(1.0, fraction))))

    def _on_finished(self, job_id: int, saved: object) -> None:
        if not self._mine(job_id):
            return
        take = self._finish()
        assert isinstance(saved, SavedTake)
        self.finished.emit(saved, take)

    def _on_failed(self, job_id: int, message: str) -> None:
        if self._mine(job_id):
            self.failed.emit(message, self._finish())

    def _on_cancelled(self, job_id: int) -> None:
        if self._mine(job_id):
            self.cancelled.emit(self._finish())
