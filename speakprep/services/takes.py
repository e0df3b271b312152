"""A take from audio to the history: analyse it and save it, as one job.

The one path every take goes through, whether it was just recorded, imported, analysed
again or recovered after a crash, and whether the command line or the app asked: the app
runs :func:`analyse_and_save` on its engine thread, which opens its own
:class:`~speakprep.storage.library.Library` (a connection belongs to one thread), so the
window never decodes, transcodes or writes a take.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import numpy as np

from speakprep.core.models import Report
from speakprep.services.analyze import (
    Context,
    Engine,
    NoSpeechError,
    Progress,
    TranscriptionCancelled,
)
from speakprep.services.live import LiveSession
from speakprep.storage.library import Library, LibraryError, Take

__all__ = [
    "RECOVERED_NOTICE",
    "SavedTake",
    "TakeJob",
    "analyse_and_save",
    "analyse_take",
    "context_of",
    "save_take",
]

TakeKind = Literal["recorded", "imported", "reanalysed", "recovered", "corrected", "practised"]
OpenLibrary = Callable[[], Library]

log = logging.getLogger(__name__)

RECOVERED_NOTICE = "This take was recovered after speakprep closed unexpectedly."


@dataclass(frozen=True, slots=True, eq=False)
class TakeJob:
    """What to analyse and how to keep it.

    ``kind`` says where the take came from: "recorded" (``samples`` in memory, its WAV
    already in the recordings folder at ``audio``), "imported" (a file anywhere, copied in
    as FLAC when saved), "reanalysed" (stored take ``take_id``: its report is replaced) or
    "recovered" (a WAV a crash left: its header is repaired first). ``live`` is the live
    transcription of a recorded take, when there was one.
    """

    kind: TakeKind
    context: Context
    audio: Path | None = None
    samples: np.ndarray | None = None
    live: LiveSession | None = None
    take_id: int | None = None
    created_at: datetime | None = None
    notice: str = ""
    report: Report | None = None
    text: str = ""

    @property
    def source(self) -> Literal["recorded", "imported"]:
        """How the history files it: a recovered or recorded take was recorded here."""
        return "imported" if self.kind == "imported" else "recorded"


@dataclass(frozen=True, slots=True)
class SavedTake:
    """A finished take: its report, the stored take (None if not saved), what to tell."""

    report: Report
    take: Take | None
    audio: Path | None
    notice: str = ""


def analyse_and_save(
    engine: Engine,
    job: TakeJob,
    open_library: OpenLibrary | None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> SavedTake:
    """Analyse ``job``'s audio and save the take in a library ``open_library`` opens.

    Without ``open_library`` (the history cannot be used) the report is returned unsaved.
    A save that fails keeps the report and says why in ``notice``; the take's audio is
    never deleted.

    Raises:
        TranscriptionCancelled: ``cancel`` was set before the take was saved (once it is
            saved, the job is done and says so).
        AudioLoadError, TextInputError, LibraryError (a recovery that cannot repair the
        file), MemoryError: the take could not be analysed.
    """
    if job.kind == "recovered" and job.audio is not None and open_library is not None:
        try:
            with open_library() as library:
                library.recover(job.audio)
        except (LibraryError, ValueError, OSError) as err:
            raise LibraryError(f"Could not recover {job.audio.name}: {err}") from None
    try:
        report = analyse_take(engine, job, progress=progress, cancel=cancel)
    except NoSpeechError:
        _keep_without_speech(job, open_library)
        raise
    if cancel is not None and cancel.is_set():
        raise TranscriptionCancelled()  # the last moment to stop: nothing is saved
    if open_library is None or job.kind == "practised":
        return SavedTake(report, None, job.audio, job.notice)
    try:
        with open_library() as library:
            take = save_take(library, job, report)
    except LibraryError as err:
        notice = f"{job.notice} This take could not be saved to your history: {err}".strip()
        return SavedTake(report, None, job.audio, notice)
    return SavedTake(report, take, take.audio_path or job.audio, job.notice)


def _keep_without_speech(job: TakeJob, open_library: OpenLibrary | None) -> None:
    """A recorded take that holds no speech stays on disk (nothing is lost) but is noted as
    analysed, so the next start does not offer it as a take a crash left unfinished."""
    if job.kind not in ("recorded", "recovered") or job.audio is None or open_library is None:
        return
    try:
        with open_library() as library:
            library.keep_without_speech(job.audio)
    except LibraryError as err:
        log.warning("%s", err)  # it is offered again at the next start: nothing is lost


def context_of(take: Take | None, report: Report) -> Context:
    """The interview context a take was analysed with, to analyse it (or a drill) again.

    Without a stored take (a report not saved) the report's own company and role are used.
    """
    question = report.question
    return Context(
        question=question.text if question.custom else question.id,
        company=take.company if take is not None else report.company,
        role=take.role if take is not None else report.role,
    )


def analyse_take(
    engine: Engine,
    job: TakeJob,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Report:
    """The report on ``job``'s take: its live transcript finished, its samples or its file."""
    if job.kind == "corrected":
        if job.report is None:
            raise ValueError("a correction names the report it corrects")
        return engine.analyze_corrected(job.report, job.text, job.context)
    source = str(job.audio) if job.audio is not None else None
    if job.live is not None and job.samples is not None:
        if progress:
            progress("transcribing", 0.5)
        return job.live.finish(job.samples, source=source, cancel=cancel)
    if job.samples is not None:
        return engine.analyze_samples(
            job.samples, job.context, source=source, progress=progress, cancel=cancel
        )
    if job.audio is None:
        raise ValueError("a take job needs samples or an audio file")
    return engine.analyze_file(job.audio, job.context, progress=progress, cancel=cancel)


def save_take(library: Library, job: TakeJob, report: Report) -> Take:
    """Add the take to ``library``, or replace the report of the take it re-analysed or
    corrected.

    Raises:
        LibraryError: the take could not be saved (nothing was changed).
    """
    if job.kind in ("reanalysed", "corrected"):
        if job.take_id is None:
            raise ValueError("a re-analysis names the take it replaces")
        return library.replace_report(job.take_id, report)
    audio = job.audio if job.audio is not None and job.audio.exists() else None
    return library.add(report, audio, source=job.source, created_at=job.created_at)
