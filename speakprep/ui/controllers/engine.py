"""The analysis engine on a long-lived worker thread, and the UI-side handle to it.

The Whisper model loads once, on that thread, when the app starts; the window is usable at
once. Jobs (a take to analyse and save) queue on the same thread, so a job asked for while
the model is still loading simply runs after it. Each job runs
:func:`speakprep.services.takes.analyse_and_save`, which opens the worker's own library to
save the take: the UI thread never decodes, transcodes or writes one. Each job has a cancel
token the UI can set at any time; the transcriber checks it between segments.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from speakprep.core.settings import AnalysisSettings
from speakprep.services.analyze import (
    Context,
    Engine,
    ModelLoadError,
    NoSpeechError,
    TextInputError,
    TranscriptionCancelled,
)
from speakprep.services.live import LiveSession
from speakprep.services.takes import OpenLibrary, TakeJob, analyse_and_save

if TYPE_CHECKING:
    from speakprep.audio.files import AudioLoadError

log = logging.getLogger(__name__)

_job_ids = itertools.count(1)


@dataclass(eq=False)
class Job:
    """One take to analyse and save. ``cancel`` may be set from any thread."""

    take: TakeJob
    id: int = field(default_factory=lambda: next(_job_ids))
    cancel: threading.Event = field(default_factory=threading.Event)


# A take just recorded with no words in it: the file's name means nothing to the user, and
# the likely cause is the microphone, not the file. Short enough that the advice shows on
# the practice page's one-line banner at the smallest window (760 px), not only on hover.
NO_SPEECH_IN_TAKE = (
    "No English speech heard: check the Microphone and its level bar, then record again."
)
# Words were heard, none clearly (a TV or a busy room, or another language): the microphone
# works, so the advice is the room, not the Microphone setting.
UNCLEAR_SPEECH_IN_TAKE = (
    "Speech heard but unclear (noise or not English): record again somewhere quieter."
)


# Files the user chose that cannot be read as a recording: the message said what was wrong
# ("answer.mp3: cannot be read as audio (corrupt or not an audio file)") and stopped there.
# An unsupported type already names the ones to use; a too long one says how long it may be,
# and the app (with no --max-minutes) says to import a shorter one.
CHOOSE_ANOTHER = "import another recording"
_UNREADABLE = frozenset(
    {"not_found", "empty", "corrupt", "truncated", "silent", "no_audio_stream", "unreadable"}
)


def _file_message(err: AudioLoadError, take: TakeJob) -> str:
    """The one line for a file that could not be read, with what to do when it was chosen
    to import (a take of the app's own is kept and said so by the practice screen)."""
    if take.kind == "imported" and err.kind in _UNREADABLE:
        return f"{err}; {CHOOSE_ANOTHER}"
    if take.kind == "imported" and err.kind == "too_long":
        return f"{err}; import a shorter recording (one answer)"
    return str(err)


class EngineWorker(QObject):
    """Lives on the worker thread; every slot runs there."""

    model_ready = Signal(str)
    model_failed = Signal(str)
    progress = Signal(int, str, float)  # job id, stage, fraction
    finished = Signal(int, object)  # job id, SavedTake
    failed = Signal(int, str)  # job id, one line for a person
    cancelled = Signal(int)

    def __init__(
        self,
        engine_factory: Callable[[str | None], Engine],
        open_library: OpenLibrary | None = None,
    ) -> None:
        super().__init__()
        self._engine_factory = engine_factory
        self._open_library = open_library
        self._engine: Engine | None = None
        self._model_error: str | None = None

    @Slot(object)
    def load_model(self, model: str | None) -> None:
        """Load (or switch to) ``model``; None is the bundled tiny.en."""
        settings = self._engine.settings if self._engine else None
        try:
            engine = self._engine_factory(model)
            if settings is not None:
                engine.settings = settings
            label = engine.transcriber.label  # loads the model now, not on the first take
        except ModelLoadError as err:
            self._model_error = str(err)
            self.model_failed.emit(str(err))
            return
        except Exception as err:  # a broken model folder can fail in many ways
            log.exception("loading the speech model failed")
            self._model_error = f"The speech model could not be loaded: {err}"
            self.model_failed.emit(self._model_error)
            return
        self._engine, self._model_error = engine, None
        self.model_ready.emit(label)

    @property
    def engine(self) -> Engine | None:
        """The loaded engine (None until the model is ready); live sessions share it."""
        return self._engine

    @Slot(object)
    def configure(self, settings: AnalysisSettings) -> None:
        if self._engine is not None:
            self._engine.settings = settings

    @Slot(object)
    def run(self, job: Job) -> None:
        from speakprep.audio.files import AudioLoadError
        from speakprep.core.correction import CorrectionError
        from speakprep.storage.library import LibraryError

        if job.cancel.is_set():
            self.cancelled.emit(job.id)
            return
        if self._engine is None:
            self.failed.emit(
                job.id, self._model_error or "The speech model is not loaded yet; try again."
            )
            return

        def progress(stage: str, fraction: float) -> None:
            self.progress.emit(job.id, stage, fraction)

        try:
            saved = analyse_and_save(
                self._engine, job.take, self._open_library, progress=progress, cancel=job.cancel
            )
        except TranscriptionCancelled:
            self.cancelled.emit(job.id)
        except NoSpeechError as err:
            if job.take.kind != "recorded":
                self.failed.emit(job.id, str(err))
            else:
                self.failed.emit(
                    job.id, UNCLEAR_SPEECH_IN_TAKE if err.unclear else NO_SPEECH_IN_TAKE
                )
        except AudioLoadError as err:
            self.failed.emit(job.id, _file_message(err, job.take))
        except (TextInputError, LibraryError, CorrectionError) as err:
            self.failed.emit(job.id, str(err))
        except MemoryError:
            self.failed.emit(job.id, "Not enough memory to analyse this recording.")
        except Exception as err:
            log.exception("analysis failed")
            self.failed.emit(job.id, f"The analysis failed unexpectedly: {err}")
        else:
            self.finished.emit(job.id, saved)  # saved: a late cancel changes nothing now


class AnalysisClient(QObject):
    """The UI thread's handle: starts the worker thread, submits jobs, forwards results."""

    model_ready = Signal(str)
    model_failed = Signal(str)
    progress = Signal(int, str, float)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)

    _load = Signal(object)
    _configure = Signal(object)
    _run = Signal(object)

    def __init__(
        self,
        engine_factory: Callable[[str | None], Engine],
        parent: QObject | None = None,
        *,
        open_library: OpenLibrary | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("speakprep-engine")
        self._worker = EngineWorker(engine_factory, open_library)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._load.connect(self._worker.load_model)
        self._configure.connect(self._worker.configure)
        self._run.connect(self._worker.run)
        for name in ("model_ready", "model_failed", "progress", "finished", "failed", "cancelled"):
            getattr(self._worker, name).connect(getattr(self, name))
        self.model_ready.connect(self._on_ready)
        self.model_failed.connect(self._on_failed)
        self.model_label: str | None = None
        self.model_error: str | None = None
        self.loading = False
        self._thread.start()

    def load_model(self, model: str | None) -> None:
        self.loading = True
        self._load.emit(model)

    def configure(self, settings: AnalysisSettings) -> None:
        self._configure.emit(settings)

    def submit(self, take: TakeJob) -> Job:
        """Queue ``take`` on the engine thread; the returned job's id tags its signals."""
        job = Job(take)
        self._run.emit(job)
        return job

    def start_live(self, context: Context, source: Callable[[], np.ndarray]) -> LiveSession | None:
        """Start transcribing a take while it is recorded; None while the model loads."""
        engine = self._worker.engine
        if engine is None:
            return None
        session = LiveSession(engine, context)
        session.start(source)
        return session

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop the thread; a running job is left to finish (it cannot be interrupted)."""
        self._thread.quit()
        self._thread.wait(timeout_ms)

    @Slot(str)
    def _on_ready(self, label: str) -> None:
        self.loading, self.model_label, self.model_error = False, label, None

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.loading, self.model_label, self.model_error = False, None, message
