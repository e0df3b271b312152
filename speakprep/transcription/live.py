"""Transcribe a take while it is being recorded, one finished piece at a time.

The recorder hands over 16 kHz audio as it arrives (:meth:`LiveTranscriber.feed`). A worker
calls :meth:`LiveTranscriber.step` over and over: the audio goes through the
:class:`~speakprep.transcription.pieces.PieceCutter`, consecutive pieces it completes (cut at
pauses) are joined by :class:`~speakprep.transcription.pieces.PieceGroups`, and each stretch
so closed is transcribed with ``offset_s`` at its start, so every word is on the take's clock.
A stretch is never revisited, so its words are final. At stop, :meth:`LiveTranscriber.finish`
transcribes what is left (the open group and the audio after the last cut) and returns the
joined words, the same kind of
raw :class:`~speakprep.core.models.Transcript` that ``Transcriber.transcribe`` gives for a
whole file; checking words against the audio (the guard against invented words) and the rest
of the analysis then run on the whole take (``Engine.analyze_transcribed``).

The cutter decides every cut from the audio up to it, the groups every stretch from the
pieces up to it, and ``Transcriber.transcribe`` cuts and groups a whole file the same way and
decodes the same stretches, so a take analysed live
and the same take analysed again later get the same words.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Protocol

import numpy as np

from speakprep.core.models import Transcript
from speakprep.core.text import join_transcripts
from speakprep.core.units import SAMPLE_RATE
from speakprep.transcription.pieces import Piece, PieceCutter, PieceGroups, PieceOptions
from speakprep.transcription.transcribe import Transcriber, TranscriptionCancelled

__all__ = [
    "LiveTranscriber",
    "PieceDecode",
    "TranscriptionCancelled",
    "join_transcripts",
]


class PieceDecode(Protocol):
    """Transcribe one piece; times shifted by ``offset_s`` (``Transcriber.decode``)."""

    def __call__(
        self, samples: np.ndarray, *, offset_s: float, cancel: threading.Event | None = None
    ) -> Transcript: ...


class LiveTranscriber:
    """Cut a growing take at pauses and transcribe each piece as soon as it is complete.

    ``feed`` may be called from any thread; ``step``, ``finish`` and ``cancel`` from any
    thread too (the work is serialised), typically ``step`` on one worker thread and
    ``finish`` on whichever thread wants the result. The cut pieces are the transcriber's
    own (``transcriber.pieces``) unless ``options`` says otherwise.
    """

    def __init__(
        self,
        transcriber: Transcriber | None,
        *,
        options: PieceOptions | None = None,
        decode: PieceDecode | None = None,
    ) -> None:
        if decode is None:
            if transcriber is None:
                raise ValueError("give a transcriber, or a decode function")
            decode = transcriber.decode
        if options is None:
            options = transcriber.pieces if transcriber is not None else PieceOptions()
        self.options = options
        self._decode = decode
        # The take from sample ``_base`` to ``_total``: audio before the last cut is done
        # with and dropped, so a long take is not held twice (the recorder keeps it).
        self._audio = np.zeros(SAMPLE_RATE * 30, np.float32)
        self._base = 0
        self._total = 0
        self._unread = 0  # samples fed but not yet given to the cutter
        self._feed_lock = threading.Lock()  # guards the audio buffer
        self._work_lock = threading.Lock()  # one step or finish at a time
        self._text_lock = threading.Lock()  # guards the pieces done, for partial_text
        self._cancel = threading.Event()
        self._cutter = PieceCutter(options)
        self._groups = PieceGroups(options)
        self._ready: deque[Piece] = deque()  # cut, not given to the groups yet
        self._cut = 0  # sample where the audio not transcribed yet starts
        self._pieces: list[Transcript] = []
        self._piece_bounds: list[tuple[float, float]] = []
        self._finished: Transcript | None = None

    # ----------------------------------------------------------------- any thread

    def feed(self, samples: np.ndarray) -> None:
        """Append 16 kHz mono float32 samples to the take."""
        x = np.asarray(samples, np.float32).reshape(-1)
        if x.size == 0:
            return
        with self._feed_lock:
            held = self._total - self._base
            need = held + x.size
            if need > self._audio.size:
                grown = np.empty(max(need, self._audio.size * 2), np.float32)
                grown[:held] = self._audio[:held]
                self._audio = grown
            self._audio[held:need] = x
            self._total += x.size

    def cancel(self) -> None:
        """Refuse more work; a piece being transcribed is finished, then discarded."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def audio_s(self) -> float:
        """Seconds of audio fed so far."""
        with self._feed_lock:
            return self._total / SAMPLE_RATE

    @property
    def transcribed_s(self) -> float:
        """Seconds from the start of the take to the end of the last stretch transcribed
        (or skipped as silence): the audio already done."""
        return self._cut / SAMPLE_RATE

    @property
    def pieces(self) -> tuple[tuple[float, float], ...]:
        """``(start_s, end_s)`` of every piece cut and taken so far, on the take's clock."""
        with self._text_lock:
            return tuple(self._piece_bounds)

    def transcript_so_far(self) -> Transcript:
        """The raw words of the pieces transcribed so far, joined as :meth:`finish` joins
        them, with ``recording_s`` up to :attr:`transcribed_s`."""
        with self._text_lock:
            pieces = list(self._pieces)
            cut = self._cut
        return join_transcripts(pieces, recording_s=cut / SAMPLE_RATE)

    def partial_text(self) -> str:
        """The words transcribed so far, for a running caption (final pieces only)."""
        with self._text_lock:
            return " ".join(t.text for t in self._pieces if t.text)

    # ----------------------------------------------------------------- the worker

    def step(self) -> bool:
        """Take the next complete piece, if there is one, and transcribe the stretch it
        completes (:class:`~speakprep.transcription.pieces.PieceGroups`); True if a piece
        was taken.

        Raises:
            TranscriptionCancelled: :meth:`cancel` was called.
        """
        with self._work_lock:
            self._check_cancel()
            if self._finished is not None:
                return False
            if not self._ready:
                self._ready.extend(self._cutter.feed(self._take_unread()))
            if not self._ready:
                return False
            self._take(self._ready.popleft())
            return True

    def transcribe_ready(self) -> int:
        """Transcribe every complete piece; returns how many were done."""
        done = 0
        while self.step():
            done += 1
        return done

    def finish(self) -> Transcript:
        """Transcribe the rest of the take and return all its words, on the take's clock.

        Call once the take has ended and all of it was fed; later calls return the same
        transcript. Words are raw (as ``Transcriber.transcribe`` returns them): not yet
        checked against the audio.

        Raises:
            TranscriptionCancelled: :meth:`cancel` was called.
        """
        with self._work_lock:
            self._check_cancel()
            if self._finished is None:
                self._ready.extend(self._cutter.feed(self._take_unread()))
                self._ready.extend(self._cutter.finish())
                while self._ready:
                    self._take(self._ready.popleft())
                    self._check_cancel()
                for stretch in self._groups.finish():
                    self._transcribe(stretch)
                with self._text_lock:
                    pieces = list(self._pieces)
                with self._feed_lock:
                    total = self._total
                self._finished = join_transcripts(pieces, recording_s=total / SAMPLE_RATE)
            return self._finished

    # ----------------------------------------------------------------- inside

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise TranscriptionCancelled()

    def _take_unread(self) -> np.ndarray:
        """The audio fed since the cutter last saw it."""
        with self._feed_lock:
            start = self._unread
            self._unread = self._total
        return self._read(start, self._unread)

    def _take(self, piece: Piece) -> None:
        """Give a cut piece to the groups; transcribe the stretches it completes."""
        with self._text_lock:
            self._piece_bounds.append((piece.start_s, piece.end_s))
        for stretch in self._groups.add(piece):
            self._transcribe(stretch)

    def _transcribe(self, stretch: Piece) -> None:
        transcript: Transcript | None = None
        if stretch.speech:
            # Silence alone is not sent: Whisper invents words in it, and it costs a pass.
            audio = self._read(stretch.start, stretch.end)
            transcript = self._decode(audio, offset_s=stretch.start_s, cancel=self._cancel)
        with self._text_lock:
            if transcript is not None:
                self._pieces.append(transcript)
            self._cut = stretch.end
        self._forget_before(stretch.end)

    def _read(self, start: int, end: int) -> np.ndarray:
        """A copy of the take from sample ``start`` to ``end`` (both still held)."""
        with self._feed_lock:
            assert start >= self._base
            return self._audio[start - self._base : end - self._base].copy()

    def _forget_before(self, sample: int) -> None:
        """Drop the audio before ``sample`` once there is enough of it to be worth a copy."""
        with self._feed_lock:
            drop = sample - self._base
            if drop < SAMPLE_RATE * 30:
                return
            held = self._total - self._base
            self._audio[: held - drop] = self._audio[drop:held]
            self._base = sample
