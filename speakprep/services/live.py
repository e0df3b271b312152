"""Analyse a take while it is recorded, so the report is ready moments after stop.

A :class:`LiveSession` runs one plain worker thread next to the recorder. Every
``poll_s`` it pulls the new audio from a source (``Recorder.read_new``), hands it to a
:class:`~speakprep.transcription.live.LiveTranscriber`, and transcribes every piece that
has ended in a pause, then scores the filler candidates of the take so far
(:meth:`Engine.prepare_fillers`). At stop, :meth:`LiveSession.finish` transcribes only the
last piece (measuring the take's sound on another thread meanwhile) and runs the rest of the
pipeline (:meth:`Engine.analyze_transcribed`) on the joined words and the whole take's audio,
exactly as a whole-file analysis would after transcription; the model is asked only about
filler candidates it has not scored yet, and its answers are the same, so the report is too.

Usage::

    session = LiveSession(engine, context)
    session.start(recorder.read_new)
    ...                                  # recording; session.caption() for a running caption
    recorder.stop()
    report = session.finish(recorder.samples(), source=str(path))
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from speakprep.core.models import Report, Transcript
from speakprep.core.units import SAMPLE_RATE
from speakprep.services.analyze import Context, Engine, TranscriptionCancelled
from speakprep.transcription.live import LiveTranscriber

__all__ = ["LiveSession", "LiveStats", "TranscriptionCancelled"]

log = logging.getLogger(__name__)


AudioSource = Callable[[], np.ndarray]


@dataclass(frozen=True, slots=True)
class LiveStats:
    """How the live work went, for benchmarks and logs."""

    audio_s: float  # audio fed to the transcriber
    done_at_stop_s: float  # audio already transcribed when stop came (up to the last cut)
    pieces: int  # pieces transcribed, the last one included once finished
    worker_busy_s: float  # wall time the worker spent transcribing during the take
    worker_fillers_s: float  # wall time the worker spent scoring filler candidates
    finish_transcribe_s: float  # at stop: waiting for the worker, then the last piece
    finish_analyse_s: float  # at stop: everything after transcription
    fell_back: bool  # the live work failed and the take was analysed whole


class LiveSession:
    """Transcribe a take on a worker thread while it is recorded; report at stop.

    Args:
        engine: the analysis engine; its speech model is used (loaded if need be).
        context: what the user told us about the interview.
        poll_s: how often the worker pulls new audio when it has nothing to transcribe.

    ``start``, ``finish`` and ``cancel`` may be called from any thread, ``caption`` too.
    """

    def __init__(
        self,
        engine: Engine,
        context: Context = Context(),
        *,
        poll_s: float = 0.5,
    ) -> None:
        self.engine = engine
        self.context = context
        self.poll_s = poll_s
        # Cut where the transcriber cuts a whole file, so the words are the ones a
        # whole-file analysis of the take gives.
        self.live = LiveTranscriber(engine.transcriber)
        self._source: AudioSource | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._fed = 0  # samples fed to the transcriber; only the worker or finish() feed
        self._error: BaseException | None = None
        self._busy_s = 0.0
        self._fillers_s = 0.0
        # The take as fed so far (the transcriber keeps only what it has not cut yet).
        self._fed_audio: list[np.ndarray] = []
        self._finish_transcribe_s = 0.0
        self._finish_analyse_s = 0.0
        self._fell_back = False
        self._done_at_stop_s = 0.0

    # ----------------------------------------------------------------- any thread

    def start(self, source: AudioSource) -> None:
        """Start the worker; ``source()`` returns the 16 kHz samples since its last call."""
        if self._thread is not None:
            raise RuntimeError("this live session was already started")
        self._source = source
        self._thread = threading.Thread(target=self._run, name="speakprep-live", daemon=True)
        self._thread.start()

    def caption(self) -> str:
        """The words transcribed so far (whole pieces only), for a running caption."""
        return self.live.partial_text()

    @property
    def running(self) -> bool:
        """Whether the worker thread is still going."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def error(self) -> BaseException | None:
        """Why the worker stopped early, if it failed (finish() then analyses the take whole)."""
        return self._error

    def cancel(self) -> None:
        """Stop all work; a running or later ``finish`` raises ``TranscriptionCancelled``."""
        self._stop.set()
        self.live.cancel()

    def stats(self) -> LiveStats:
        return LiveStats(
            audio_s=self.live.audio_s,
            done_at_stop_s=self._done_at_stop_s,
            pieces=len(self.live.pieces),
            worker_busy_s=self._busy_s,
            worker_fillers_s=self._fillers_s,
            finish_transcribe_s=self._finish_transcribe_s,
            finish_analyse_s=self._finish_analyse_s,
            fell_back=self._fell_back,
        )

    def finish(
        self,
        samples: np.ndarray,
        *,
        source: str | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        """The report on the whole take, once recording has stopped.

        ``samples`` is the whole take as 16 kHz mono float32 (``Recorder.samples()`` after
        ``stop``); what the worker has not pulled yet is taken from it. Only the audio after
        the last cut is transcribed now.

        Raises:
            TranscriptionCancelled: :meth:`cancel` was called, or ``cancel`` was set.
        """
        t0 = time.perf_counter()
        self._stop.set()
        samples = np.asarray(samples, np.float32).reshape(-1)
        # What the analysis measures in the sound alone (activity, voice) is measured on
        # another thread while the last piece is transcribed.
        with ThreadPoolExecutor(1, thread_name_prefix="speakprep-measure") as pool:
            measured = pool.submit(self.engine.measure_sound, samples)
            raw = self._last_words(samples, cancel)
            sound = measured.result()
        if raw is None:
            # Something went wrong while recording: fall back to the whole take, which
            # costs the full transcription time but loses nothing.
            self._fell_back = True
            self._finish_transcribe_s = time.perf_counter() - t0
            return self.engine.analyze_samples(samples, self.context, source=source, cancel=cancel)
        t1 = time.perf_counter()
        self._finish_transcribe_s = t1 - t0
        report = self.engine.analyze_transcribed(
            samples,
            raw,
            self.context,
            source=source,
            model=self.engine.transcriber.label,
            sound=sound,
        )
        self._finish_analyse_s = time.perf_counter() - t1
        return report

    def _last_words(self, samples: np.ndarray, cancel: threading.Event | None) -> Transcript | None:
        """Wait for the worker, transcribe the rest of the take; all its raw words, or None
        if the live work failed (the take is then analysed whole)."""
        if self._thread is not None:
            self._thread.join()  # at most the piece it is transcribing now
        self._done_at_stop_s = self.live.transcribed_s
        self._raise_if_cancelled(cancel)
        raw: Transcript | None = None
        if self._error is None:
            try:
                if samples.size > self._fed:
                    self.live.feed(samples[self._fed :])
                    self._fed = samples.size
                raw = self.live.finish()
            except TranscriptionCancelled:
                raise
            except Exception as err:  # the take must still get its report
                log.exception("live transcription failed at stop")
                self._error = err
        self._raise_if_cancelled(cancel)
        return raw if self._error is None else None

    # ----------------------------------------------------------------- the worker

    def _run(self) -> None:
        assert self._source is not None
        try:
            while not self._stop.is_set():
                new = self._source()
                if new.size:
                    self.live.feed(new)
                    self._fed += new.size
                    self._fed_audio.append(np.asarray(new, np.float32).reshape(-1))
                # Every piece that is ready, then back to pulling audio; stop() waits for
                # at most the piece in progress.
                pieces = 0
                while not self._stop.is_set():
                    t = time.perf_counter()
                    done = self.live.step()
                    if not done:
                        break
                    pieces += 1
                    self._busy_s += time.perf_counter() - t
                if pieces and not self._stop.is_set():
                    self._prepare_fillers()
                self._stop.wait(self.poll_s)
        except TranscriptionCancelled:
            return
        except Exception as err:  # finish() analyses the take whole instead
            log.exception("live transcription failed while recording")
            self._error = err

    def _prepare_fillers(self) -> None:
        """Score the filler candidates of the take up to the last cut now, not at stop.

        The analysis at stop runs on the whole take and asks the model about every
        candidate stretch (a few seconds for a 90 s take); those it was asked about here
        are answered from what it said then (``Engine.prepare_fillers``). Stop interrupts it.
        """
        t = time.perf_counter()
        raw = self.live.transcript_so_far()
        cut = round((raw.recording_s or 0.0) * SAMPLE_RATE)
        if len(self._fed_audio) > 1:
            self._fed_audio = [np.concatenate(self._fed_audio)]
        if not self._fed_audio or self._fed_audio[0].size < cut:
            return
        try:
            self.engine.prepare_fillers(self._fed_audio[0][:cut], raw, stop=self._stop)
        except TranscriptionCancelled:
            raise
        except Exception:  # only a head start: the analysis at stop does it all again
            log.exception("scoring filler candidates while recording failed")
        self._fillers_s += time.perf_counter() - t

    def _raise_if_cancelled(self, cancel: threading.Event | None) -> None:
        if (cancel is not None and cancel.is_set()) or self.live.cancelled:
            self.live.cancel()
            raise TranscriptionCancelled()
