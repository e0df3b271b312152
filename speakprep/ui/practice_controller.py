"""Decides what the practice screen does: record a take, import a file, analyse, hand over.

The recorder's PortAudio callback only queues frames; this controller polls the recorder's
clock and level with a QTimer (never a Qt signal from the audio thread). Analysis runs on
the engine worker; the user sees progress and can cancel. A take is on disk from its first
second, so every failure path keeps it and says where it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog

from speakprep.audio.capture import Recorder, RecorderError, RecordingResult
from speakprep.core.models import Report
from speakprep.services.analyze import Context
from speakprep.services.live import LiveSession
from speakprep.ui.practice_view import PracticeView
from speakprep.ui.target_clock import clock_text
from speakprep.ui.workers import AnalysisClient, Job

log = logging.getLogger(__name__)

RecorderFactory = Callable[[Path, str | None], Recorder]

POLL_MS = 40
MIN_TAKE_S = 1.0

_STAGES = {
    "loading": "Reading the recording…",
    "transcribing": "Listening to your answer…",
    "analysing": "Checking timing, fillers and content…",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """A finished analysis, where its audio is, and what it was for.

    ``source`` is "recorded" or "imported"; ``take_id`` is set when a stored take was
    analysed again (its report is to be replaced, not a new take added); ``created_at`` is
    when a recovered take was really recorded.
    """

    report: Report
    audio_path: Path | None
    notice: str = ""
    source: str = "recorded"
    take_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class _Pending:
    audio_path: Path | None
    notice: str = ""
    source: str = "recorded"
    take_id: int | None = None
    created_at: datetime | None = None


class PracticeController(QObject):
    """Drives ``PracticeView``; emits ``analysed`` with an ``Outcome`` for the results screen."""

    analysed = Signal(object)
    recording_changed = Signal(bool)

    def __init__(
        self,
        view: PracticeView,
        client: AnalysisClient,
        *,
        recordings_dir: Path,
        recorder_factory: RecorderFactory,
        list_devices: Callable[[], Sequence[str]],
        choose_file: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.client = client
        self.recordings_dir = recordings_dir
        self._recorder_factory = recorder_factory
        self._list_devices = list_devices
        self._choose_file = choose_file
        self.recorder: Recorder | None = None
        self.live: LiveSession | None = None
        self.live_enabled = True
        self.show_caption = False
        self.job: Job | None = None
        self._pending = _Pending(None)
        self.progress: QProgressDialog | None = None

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

        view.record_toggled.connect(self.toggle_recording)
        view.import_requested.connect(self.import_file)
        client.progress.connect(self._on_progress)
        client.finished.connect(self._on_finished)
        client.failed.connect(self._on_failed)
        client.cancelled.connect(self._on_cancelled)
        client.model_ready.connect(self._on_model_ready)
        client.model_failed.connect(self._on_model_failed)

    # -- microphones -----------------------------------------------------------------------
    def refresh_devices(self, current: str | None) -> None:
        names = list(self._list_devices())
        self.view.set_devices(names, current)
        if names:
            self.view.set_microphone_available(True)
        else:
            message = "No microphone found. Plug one in and restart, or import a recording instead."
            self.view.set_microphone_available(False, message)
            self.view.show_banner(message, "warning")

    # -- recording -------------------------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self.recorder is not None

    def toggle_recording(self) -> None:
        if self.recorder is None:
            self.start_recording()
        else:
            self.stop_recording()

    def start_recording(self) -> None:
        if self.job is not None:
            return
        self.recordings_dir.mkdir(parents=True, exist_ok=True)
        path = self.recordings_dir / f"take-{datetime.now():%Y%m%d-%H%M%S-%f}.wav"
        try:
            recorder = self._recorder_factory(path, self.view.selected_device())
            recorder.start()
        except RecorderError as err:
            self.view.show_banner(str(err), "error")
            return
        self.recorder = recorder
        self.live = None
        if self.live_enabled:
            # Transcribe while the user speaks, so the report is ready moments after stop.
            self.live = self.client.start_live(self.view.context(), recorder.read_new)
        self.view.set_caption("", visible=self.show_caption and self.live is not None)
        self.view.clear_banner()
        self.view.level.reset()
        self.view.set_recording(True)
        self.view.clock.set_elapsed_s(0.0)
        self._timer.start()
        self.recording_changed.emit(True)

    def stop_recording(self, notice: str = "") -> None:
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return
        self._timer.stop()
        result = recorder.stop()
        self.view.set_recording(False)
        self.view.clock.set_elapsed_s(result.duration_s, active=False)
        self.view.level.reset()
        self.recording_changed.emit(False)
        self._analyse_take(recorder, result, notice)

    def _poll(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        elapsed = recorder.elapsed_s
        self.view.clock.set_elapsed_s(elapsed)
        self.view.level.set_level_db(recorder.level_db)
        self.view.set_time_cue(elapsed, self.view.clock.target_s)
        if self.live is not None and self.show_caption:
            self.view.set_caption(self.live.caption(), visible=True)
        if recorder.limit_reached:  # the recorder stopped the take at its length limit
            self.stop_recording(notice=recorder.limit_notice or "")
        elif recorder.device_lost:
            at = clock_text(recorder.elapsed_s)
            self.stop_recording(
                notice=f"The microphone disconnected at {at}. The take up to there was kept "
                "and analysed."
            )

    def _analyse_take(self, recorder: Recorder, result: RecordingResult, notice: str) -> None:
        if result.error and not result.device_lost:
            notice = f"{notice} {result.error}".strip()
        live, self.live = self.live, None
        self.view.set_caption("", visible=False)
        if result.duration_s < MIN_TAKE_S:
            if live is not None:
                live.cancel()
            self.view.show_banner(
                "That take was under a second long; press Record and answer the question.",
                "info",
            )
            return
        samples = recorder.samples()
        audio = result.path if result.path and result.path.exists() else None
        self._pending = _Pending(audio, notice, "recorded")
        context, source = self.view.context(), str(result.path)
        if live is not None:
            self._submit(self.client.finish_live(live, samples, context, source))
        else:
            self._submit(self.client.analyze_samples(samples, context, source=source))

    # -- importing -------------------------------------------------------------------------
    def import_file(self, path: Path | None = None) -> None:
        if self.recording or self.job is not None:
            return
        path = path or self._choose_file()
        if path is None:
            return
        self._pending = _Pending(Path(path), "", "imported")
        self._submit(self.client.analyze_file(Path(path), self.view.context()))

    def reanalyse(self, take_id: int, audio: Path, context: Context) -> bool:
        """Analyse a stored take again with the current model and rubric."""
        if self.recording or self.job is not None:
            return False
        self._pending = _Pending(audio, "", "recorded", take_id=take_id)
        self._submit(self.client.analyze_file(audio, context))
        return True

    def analyse_recovered(self, audio: Path, created_at: datetime | None) -> bool:
        """Analyse a take recovered after a crash; it is saved as recorded then."""
        if self.recording or self.job is not None:
            return False
        self._pending = _Pending(
            audio,
            "This take was recovered after speakprep closed unexpectedly.",
            "recorded",
            created_at=created_at,
        )
        self._submit(self.client.analyze_file(audio, self.view.context()))
        return True

    # -- analysis --------------------------------------------------------------------------
    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()

    def _submit(self, job: Job) -> None:
        self.job = job
        self.view.set_busy(True)
        self.view.clear_banner()
        dialog = QProgressDialog(
            _STAGES["transcribing"], "Cancel", 0, 100, self.view.window() or self.view
        )
        dialog.setWindowTitle("Analysing your answer")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        if self.client.loading:
            dialog.setLabelText("Loading the speech model…")
        dialog.setValue(0)
        self.progress = dialog

    def _finish_job(self) -> None:
        self.job = None
        self.view.set_busy(False)
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
            # Give the keyboard back to the window (Space records) once the dialog is gone.
            self.view.window().activateWindow()

    def _on_progress(self, job_id: int, stage: str, fraction: float) -> None:
        if self.job is None or job_id != self.job.id or self.progress is None:
            return
        # Transcription is most of the work: show it as 5-90 %, the rest around it.
        base, span = {"loading": (0, 5), "transcribing": (5, 85), "analysing": (90, 10)}.get(
            stage, (0, 100)
        )
        self.progress.setLabelText(_STAGES.get(stage, stage))
        self.progress.setValue(int(base + span * max(0.0, min(1.0, fraction))))

    def _on_finished(self, job_id: int, report: object) -> None:
        if self.job is None or job_id != self.job.id:
            return
        self._finish_job()
        assert isinstance(report, Report)
        p = self._pending
        self.analysed.emit(
            Outcome(report, p.audio_path, p.notice, p.source, p.take_id, p.created_at)
        )

    def _on_failed(self, job_id: int, message: str) -> None:
        if self.job is None or job_id != self.job.id:
            return
        self._finish_job()
        kept = f" Your recording is kept at {self._pending.audio_path}." if self._is_take() else ""
        self.view.show_banner(f"{message}{kept}", "error")

    def _on_cancelled(self, job_id: int) -> None:
        if self.job is None or job_id != self.job.id:
            return
        self._finish_job()
        kept = f" The recording is kept at {self._pending.audio_path}." if self._is_take() else ""
        self.view.show_banner(f"Analysis cancelled.{kept}", "info")

    def _is_take(self) -> bool:
        audio = self._pending.audio_path
        return audio is not None and audio.parent == self.recordings_dir

    # -- the speech model ------------------------------------------------------------------
    def _on_model_ready(self, label: str) -> None:
        self.view.status.setText(f"Speech model: {label} · runs on this computer")

    def _on_model_failed(self, message: str) -> None:
        self.view.status.setText("Speech model not loaded")
        self.view.show_banner(
            f"{message} Choose another model folder in Settings, or leave it empty to use the "
            "bundled model.",
            "error",
        )
