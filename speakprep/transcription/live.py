"""Transcribe a take while it is being recorded, one finished piece at a time.

The recorder hands over 16 kHz audio as it arrives (:meth:`LiveTranscriber.feed`). A worker
calls :meth:`LiveTranscriber.step` over and over: it runs Silero voice-activity detection
(shipped inside faster-whisper, no download) over the new audio, and once a piece of speech
ends in a pause it transcribes that piece, from the previous cut to the middle of the pause,
with ``offset_s`` so every word is on the take's clock. A piece is cut only in silence and is
never revisited, so its words are final. At stop, :meth:`LiveTranscriber.finish` transcribes
what is left after the last cut and returns the joined words, the same kind of raw
:class:`~speakprep.core.models.Transcript` that ``Transcriber.transcribe`` gives for a whole
file; checking words against the audio (the guard against invented words) and the rest of the
analysis then run on the whole take (``Engine.analyze_transcribed``).

We cut the audio ourselves rather than use faster-whisper's ``vad_filter``: that filter
glues speech together across a whole file after the fact, while here each piece must be
complete the moment it is cut.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from speakprep.core.models import Transcript, Word
from speakprep.core.text import join_timed_words
from speakprep.transcription.transcribe import Transcriber, TranscriptionCancelled

__all__ = [
    "LiveOptions",
    "LiveTranscriber",
    "PieceDecode",
    "PieceDecoder",
    "StreamingVad",
    "TranscriptionCancelled",
    "join_transcripts",
]

SAMPLE_RATE = 16_000
_WINDOW = 512  # Silero's window at 16 kHz (32 ms)
_CONTEXT = 64  # samples of the previous window Silero sees before each window
# Whisper's decoder holds 448 tokens, the prompt included.
_MAX_NEW_TOKENS = 360


@dataclass(frozen=True, slots=True)
class LiveOptions:
    """Where a take is cut into pieces; times in seconds.

    Measured on five takes joined from the real clips in tests/data/audio (577 reference
    words): live and whole-file transcripts differed in 46 words with 4 s pieces and 51 with
    6 s; cutting unbroken speech at 12 s instead of 20 s doubled that (a cut with no pause
    to fall in splits a word). Shorter pieces also leave less to transcribe at stop.
    """

    # A piece ends at a pause at least ``min_pause_s`` long once it holds this much audio:
    # Whisper needs a few seconds of context to spell and punctuate as it does on the file.
    min_piece_s: float = 4.0
    min_pause_s: float = 0.4
    # A pause this long ends a piece of any length: the speaker has stopped, and what they
    # said should not wait until stop to be transcribed.
    long_pause_s: float = 1.0
    # Past ``late_piece_s`` a shorter pause will do: a long piece is what would be left to
    # transcribe if the user stopped now. (0.2 s gaps after 10 s cost agreement: 66 words
    # differed instead of 62 on six joined takes; 0.3 s after 12 s, 60.)
    late_piece_s: float = 12.0
    late_pause_s: float = 0.3
    # Longer speech without a pause is cut at its quietest point: keeps one piece within
    # one 30 s Whisper window and bounds the work left at stop.
    max_piece_s: float = 20.0
    # Silero thresholds (its defaults): speech starts at ``vad_threshold`` and lasts until
    # the probability falls below ``vad_neg_threshold``.
    vad_threshold: float = 0.5
    vad_neg_threshold: float = 0.35

    def __post_init__(self) -> None:
        if not 0 < self.min_piece_s < self.max_piece_s <= 30.0:
            raise ValueError("need 0 < min_piece_s < max_piece_s <= 30 (one Whisper window)")


class StreamingVad:
    """Silero speech probabilities for audio that arrives in pieces.

    faster-whisper's ``SileroVADModel`` restarts its LSTM state on every call, and a fresh
    state reads the first seconds differently (on the real clips, 8 % of windows flipped
    between speech and silence when a 95 s take was scored in 32 s calls). Carrying the state
    and the 64-sample context across calls gives exactly the probabilities of one call over
    the whole take.
    """

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        # One ONNX session per process (lru_cache), 1 thread: it costs ~2 ms per second of
        # audio, so it never competes with the speech model.
        self._session = get_vad_model().session
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._context = np.zeros(_CONTEXT, np.float32)

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        """Speech probability of each 512-sample window; ``samples.size`` must be a multiple."""
        if samples.size == 0:
            return np.zeros(0, np.float32)
        windows = np.ascontiguousarray(samples, np.float32).reshape(-1, _WINDOW)
        context = np.concatenate((self._context[np.newaxis], windows[:-1, -_CONTEXT:]))
        batch = np.concatenate((context, windows), axis=1)
        probs, self._h, self._c = self._session.run(
            None, {"input": batch, "h": self._h, "c": self._c}
        )
        self._context = windows[-1, -_CONTEXT:].copy()
        return np.asarray(probs, np.float32).reshape(-1)


class PieceDecode(Protocol):
    """Transcribe one piece; times shifted by ``offset_s`` (see :class:`PieceDecoder`)."""

    def __call__(
        self, samples: np.ndarray, *, offset_s: float, cancel: threading.Event | None = None
    ) -> Transcript: ...


class LiveTranscriber:
    """Cut a growing take at pauses and transcribe each piece as soon as it is complete.

    ``feed`` may be called from any thread; ``step``, ``finish`` and ``cancel`` from any
    thread too (the work is serialised), typically ``step`` on one worker thread and
    ``finish`` on whichever thread wants the result.
    """

    def __init__(
        self,
        transcriber: Transcriber | None,
        *,
        options: LiveOptions = LiveOptions(),
        decode: PieceDecode | None = None,
    ) -> None:
        if transcriber is None and decode is None:
            raise ValueError("give a transcriber, or a decode function")
        self.transcriber = transcriber
        self.options = options
        # The take from sample ``_base`` to ``_total``: audio before the last cut is done
        # with and dropped, so a long take is not held twice (the recorder keeps it).
        self._audio = np.zeros(SAMPLE_RATE * 30, np.float32)
        self._base = 0
        self._total = 0
        self._feed_lock = threading.Lock()  # guards the audio buffer
        self._work_lock = threading.Lock()  # one step or finish at a time
        self._text_lock = threading.Lock()  # guards the pieces done, for partial_text
        self._cancel = threading.Event()
        self._vad: StreamingVad | None = None
        self._decode = decode  # made on first use: it wraps the loaded model
        self._probs = np.zeros(0, np.float32)
        self._speech = np.zeros(0, bool)  # per window, after Silero's hysteresis
        self._triggered = False
        self._cut = 0  # sample where the next piece starts
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
        """Seconds from the start of the take up to the last cut: the audio already done."""
        return self._cut / SAMPLE_RATE

    @property
    def pieces(self) -> tuple[tuple[float, float], ...]:
        """``(start_s, end_s)`` of every piece transcribed so far, on the take's clock."""
        with self._text_lock:
            return tuple(self._piece_bounds)

    def partial_text(self) -> str:
        """The words transcribed so far, for a running caption (final pieces only)."""
        with self._text_lock:
            return " ".join(t.text for t in self._pieces if t.text)

    # ----------------------------------------------------------------- the worker

    def step(self) -> bool:
        """Transcribe the next complete piece, if there is one; True if one was done.

        Raises:
            TranscriptionCancelled: :meth:`cancel` was called.
        """
        with self._work_lock:
            self._check_cancel()
            if self._finished is not None:
                return False
            self._update_vad(final=False)
            cut = self._next_cut()
            if cut is None:
                return False
            self._transcribe_to(cut)
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
                self._update_vad(final=True)
                with self._feed_lock:
                    end = self._total
                # The worker may have fallen behind: cut what is left as it would have, so
                # no piece outgrows one Whisper window, and finish in as few passes as that.
                while (end - self._cut) / SAMPLE_RATE > self.options.max_piece_s:
                    cut = self._next_cut()
                    if cut is None or cut >= end:
                        break
                    self._transcribe_to(cut)
                    self._check_cancel()
                if end > self._cut:
                    self._transcribe_to(end)
                with self._text_lock:
                    pieces = list(self._pieces)
                self._finished = join_transcripts(pieces, recording_s=end / SAMPLE_RATE)
            return self._finished

    # ----------------------------------------------------------------- inside

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise TranscriptionCancelled()

    def _update_vad(self, *, final: bool) -> None:
        """Score the whole windows that arrived since last time (and, at the end, the rest)."""
        done = self._probs.size * _WINDOW
        with self._feed_lock:
            end = self._total
        new = self._read(done, end)
        whole = new.size - new.size % _WINDOW
        if final and whole < new.size:
            new = np.pad(new, (0, _WINDOW - new.size % _WINDOW))
            whole = new.size
        if whole == 0:
            return
        if self._vad is None:
            self._vad = StreamingVad()
        probs = self._vad(new[:whole])
        speech = np.empty(probs.size, bool)
        triggered = self._triggered
        opts = self.options
        for i, p in enumerate(probs):  # Silero's hysteresis; ~30 windows a second
            if p >= opts.vad_threshold:
                triggered = True
            elif p < opts.vad_neg_threshold:
                triggered = False
            speech[i] = triggered
        self._triggered = triggered
        self._probs = np.concatenate((self._probs, probs))
        self._speech = np.concatenate((self._speech, speech))

    def _next_cut(self) -> int | None:
        """The sample where the current piece should end, or None to wait for more audio."""
        opts = self.options
        w0 = self._cut // _WINDOW
        speech = self._speech[w0:]
        n = speech.size
        if n == 0 or not speech.any():
            return None  # nothing said yet since the last cut: no piece to make
        win_s = _WINDOW / SAMPLE_RATE
        first_speech = int(np.argmax(speech))
        best: int | None = None
        for start, end in _runs(~speech):
            if start <= first_speech:
                continue  # leading silence: no speech before it in this piece
            length_s = (end - start) * win_s
            middle = (start + end) // 2
            at_s = middle * win_s
            if at_s > opts.max_piece_s:
                break
            if (
                (length_s >= opts.min_pause_s and at_s >= opts.min_piece_s)
                or (length_s >= opts.late_pause_s and at_s >= opts.late_piece_s)
                or length_s >= opts.long_pause_s
            ):
                best = middle  # keep the latest: fewer, longer pieces when we fell behind
        if best is None and n * win_s >= opts.max_piece_s:
            # No pause in time: cut where the speech is least likely, past the shortest
            # useful piece, so no word is split if it can be helped.
            lo = int(opts.min_piece_s / win_s)
            hi = int(opts.max_piece_s / win_s)
            best = lo + int(np.argmin(self._probs[w0 + lo : w0 + hi]))
        return None if best is None else (w0 + best) * _WINDOW

    def _transcribe_to(self, end: int) -> None:
        start = self._cut
        piece = self._read(start, end)
        w0, w1 = start // _WINDOW, -(-end // _WINDOW)
        transcript: Transcript | None = None
        if self._speech[w0:w1].any():
            # Silence alone is not sent: Whisper invents words in it, and it costs a pass.
            if self._decode is None:
                assert self.transcriber is not None
                self._decode = PieceDecoder(self.transcriber)
            transcript = self._decode(piece, offset_s=start / SAMPLE_RATE, cancel=self._cancel)
        with self._text_lock:
            if transcript is not None:
                self._pieces.append(transcript)
            self._piece_bounds.append((start / SAMPLE_RATE, end / SAMPLE_RATE))
        self._cut = end
        self._forget_before(min(end, self._probs.size * _WINDOW))

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


class PieceDecoder:
    """Transcribe one piece of at most 30 s in a single Whisper pass.

    faster-whisper's sequential loop (``WhisperModel.transcribe``) seeks back to the last
    word of a window and decodes what follows again. A live piece ends in a pause, so that
    second pass is over silence, where the verbatim prompt makes tiny.en write "Okay, so,
    uh, hmm" and fall back through every temperature: on the real clips it cost two thirds
    of the time (22 s of CPU for a 95 s take against 7.4 s) and left invented words behind.
    ``Transcriber.transcribe`` now skips silent tails, but per piece it still agreed less
    with the whole-file transcript (55 words differed on five joined takes, against 46
    here). faster-whisper's batched pipeline decodes a given clip once, with the same
    model, prompt and word timestamps, which is what a piece cut at a pause needs.
    """

    def __init__(self, transcriber: Transcriber) -> None:
        from faster_whisper import BatchedInferencePipeline

        self.transcriber = transcriber
        # The loaded model and its lock are the Transcriber's own: the speech model is
        # loaded once and never decodes two things at a time.
        self._pipeline = BatchedInferencePipeline(model=transcriber._model)
        self._lock: threading.Lock = transcriber._lock

    def __call__(
        self, samples: np.ndarray, *, offset_s: float, cancel: threading.Event | None = None
    ) -> Transcript:
        duration_s = samples.size / SAMPLE_RATE
        opts = self.transcriber.options
        pieces: list[tuple[str, float, float, float]] = []
        if duration_s > 0:
            if cancel is not None and cancel.is_set():
                raise TranscriptionCancelled()
            with self._lock:
                segments, _info = self._pipeline.transcribe(
                    samples,
                    language=opts.language,
                    beam_size=opts.beam_size,
                    hotwords=opts.prompt,
                    word_timestamps=True,
                    clip_timestamps=[{"start": 0.0, "end": duration_s}],
                    batch_size=1,
                    # A loop ("hmm, hmm, hmm, ...") stops here instead of at 448 tokens;
                    # fast speech is about 6 tokens a second.
                    max_new_tokens=min(_MAX_NEW_TOKENS, int(12 * duration_s) + 24),
                    log_progress=False,
                )
                for segment in segments:
                    for w in segment.words or ():
                        # The pipeline aligns words over the piece rounded up to whole
                        # seconds, so a last word can reach past the piece into audio that
                        # belongs to the next one.
                        start = min(max(w.start, 0.0), duration_s)
                        end = min(max(w.end, start), duration_s)
                        pieces.append(
                            (w.word, offset_s + start, offset_s + end, float(w.probability))
                        )
            if cancel is not None and cancel.is_set():
                raise TranscriptionCancelled()
        joined = join_timed_words(pieces)
        return Transcript(
            text=joined.text, words=joined.words, recording_s=duration_s, language=opts.language
        )


def join_transcripts(pieces: list[Transcript], *, recording_s: float) -> Transcript:
    """One transcript from consecutive pieces: texts joined by a space, offsets shifted.

    The result is what ``join_timed_words`` would give for all the pieces' words at once.
    """
    parts: list[str] = []
    words: list[Word] = []
    cursor = 0
    for piece in pieces:
        text = piece.text.strip()
        if not text:
            continue
        if parts:
            parts.append(" ")
            cursor += 1
        lead = len(piece.text) - len(piece.text.lstrip())  # offsets point into piece.text
        shift = cursor - lead
        words.extend(
            replace(w, char_start=w.char_start + shift, char_end=w.char_end + shift)
            if w.char_start is not None and w.char_end is not None
            else w
            for w in piece.words
        )
        parts.append(text)
        cursor += len(text)
    language = pieces[0].language if pieces else None
    return Transcript(
        text="".join(parts), words=tuple(words), recording_s=recording_s, language=language
    )


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(start, end)`` index pairs of the runs of True in ``mask``."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(
        zip(
            np.flatnonzero(edges == 1).tolist(),
            np.flatnonzero(edges == -1).tolist(),
            strict=True,
        )
    )
