"""Decides what the practice screen does: record a take, import a file, hand it over.

The recorder's PortAudio callback only queues frames; this controller polls the recorder's
clock and level with a QTimer (never a Qt signal from the audio thread). A finished take
goes to the :class:`AnalysisRunner` (the one job slot, with its progress dialog), which
analyses and saves it off the UI thread. A take is on disk from its first second, so every
failure path keeps it and says where it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from speakprep.audio.capture import Recorder, RecorderError, RecordingResult
from speakprep.core.units import clock_text
from speakprep.services.live import LiveSession
from speakprep.services.takes import TakeJob
from speakprep.storage.recordings import new_take_path
from speakprep.ui.controllers.engine import (
    NO_SPEECH_IN_TAKE,
    UNCLEAR_SPEECH_IN_TAKE,
    AnalysisClient,
)
from speakprep.ui.controllers.runner import AnalysisRunner
from speakprep.ui.pages.practice import PracticeView

log = logging.getLogger(__name__)

RecorderFactory = Callable[[Path, str | None], Recorder]

POLL_MS = 40
MIN_TAKE_S = 1.0
# While idle, the microphone list is looked at this often, so a microphone plugged in after
# start shows up (and one pulled out goes) without a restart.
DEVICE_POLL_MS = 3000
NO_MIC = "No microphone found. Plug one in, or import a recording instead."


class PracticeController(QObject):
    """Drives ``PracticeView``: records and imports takes and hands them to the runner."""

    recording_changed = Signal(bool)

    def __init__(
        self,
        view: PracticeView,
        client: AnalysisClient,
        runner: AnalysisRunner,
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
        self.runner = runner
        self.recordings_dir = recordings_dir
        self._recorder_factory = recorder_factory
        self._list_devices = list_devices
        self._choose_file = choose_file
        self.recorder: Recorder | None = None
        self.live: LiveSession | None = None
        self.live_enabled = True
        self.show_caption = False

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._devices: list[str] | None = None
        self._device_timer = QTimer(self)
        self._device_timer.setInterval(DEVICE_POLL_MS)
        self._device_timer.timeout.connect(self.check_devices)
        self._device_timer.start()

        view.record_toggled.connect(self.toggle_recording)
        view.import_requested.connect(self.import_file)
        runner.busy_changed.connect(self._on_busy)
        runner.failed.connect(self._on_failed)
        runner.cancelled.connect(self._on_cancelled)
        client.model_ready.connect(self._on_model_ready)
        client.model_failed.connect(self._on_model_failed)

    # -- microphones -----------------------------------------------------------------------
    def refresh_devices(self, current: str | None) -> None:
        names = self._device_names()
        self._devices = names
        self.view.set_devices(names, current)
        if names:
            self.view.set_microphone_available(True)
        else:
            self.view.set_microphone_available(False, NO_MIC)
            self.view.show_banner(NO_MIC, "warning")

    def check_devices(self) -> None:
        """Refresh the picker when the microphones changed (never during a take)."""
        if self.recording or self._devices is None:
            return
        names = self._device_names()
        if names == self._devices:
            return
        added = [n for n in names if n not in self._devices]
        had_none = not self._devices
        current = self.view.selected_device()
        self.refresh_devices(current)
        if names and (had_none or added):
            self.view.show_banner(f"Microphone found: {(added or names)[0]}. Ready to record.")

    def _device_names(self) -> list[str]:
        try:
            return list(self._list_devices())
        except Exception as err:  # PortAudio can fail mid-enumeration while a device changes
            log.warning("cannot list microphones: %s", err)
            return list(self._devices or [])

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
        if self.runner.busy:
            return
        path = new_take_path(self.recordings_dir)
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
        self.view.set_time_cue(
            elapsed, self.view.clock.target_s, limit_notice=recorder.limit_notice
        )
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
            self.view.clear_last_take()  # not analysed: the clock does not keep its "0:01"
            self.view.show_banner(
                "That take was under a second long; press Record and answer the question.",
                "info",
            )
            return
        audio = result.path if result.path and result.path.exists() else None
        self.runner.submit(
            TakeJob(
                "recorded",
                self.view.context(),
                audio=audio,
                samples=recorder.samples(),
                live=live,
                notice=notice,
            )
        )

    # -- importing -------------------------------------------------------------------------
    def import_file(self, path: Path | None = None) -> None:
        if self.recording or self.runner.busy:
            return
        path = path or self._choose_file()
        if path is None:
            return
        self.runner.submit(TakeJob("imported", self.view.context(), audio=Path(path)))

    # -- the runner's answers ----------------------------------------------------------------
    def cancel(self) -> None:
        self.runner.cancel()

    def _on_busy(self, busy: bool) -> None:
        self.view.set_busy(busy)
        if busy:
            self.view.clear_banner()

    def _on_failed(self, message: str, job: TakeJob) -> None:
        if job.kind in ("corrected", "reanalysed", "practised"):
            return  # asked from the results screen, which says it there
        # The take was not scored: the clock does not go on showing its length as if it were.
        self.view.clear_last_take()
        if self._is_take(job):
            # File messages end without a stop ("take.wav: no sound in this file (it is
            # silent)"); the sentence about the recording follows.
            ended = message if message.endswith((".", "!", "?")) else f"{message}."
            message = f"{ended} {_where_kept(message, job)}"
        self.view.show_banner(
            message,
            "error",
            tooltip=str(job.audio) if self._is_take(job) else "",
            about_take=True,
        )

    def _on_cancelled(self, job: TakeJob) -> None:
        self.view.clear_last_take()  # nor a cancelled one
        kept = f" The recording is kept at {job.audio}." if self._is_take(job) else ""
        self.view.show_banner(f"Analysis cancelled.{kept}", "info", about_take=True)

    def _is_take(self, job: TakeJob) -> bool:
        return job.audio is not None and job.audio.parent == self.recordings_dir

    # -- the speech model ------------------------------------------------------------------
    def model_loading(self) -> None:
        """The speech model is (re)loading: say so under the record card."""
        self.view.status.setText("Loading the speech model…")

    def _on_model_ready(self, label: str) -> None:
        self.view.status.setText(f"Speech model: {label} · runs on this computer")

    def _on_model_failed(self, message: str) -> None:
        self.view.status.setText("Speech model not loaded")
        self.view.show_banner(
            f"{message} Choose another model folder in Settings, or leave it empty to use the "
            "bundled model.",
            "error",
        )


def _where_kept(message: str, job: TakeJob) -> str:
    """Where the user finds a take that was not scored. One with no speech is listed in
    History (a folder path told a new user where the file was, not how to play or delete
    it); any other is offered again at the next start, so its file is named."""
    if message in (NO_SPEECH_IN_TAKE, UNCLEAR_SPEECH_IN_TAKE):
        return "Kept in History."
    return f"Your recording is kept at {job.audio}."
