"""Where a take is cut into pieces for Whisper: at pauses, decided as the audio arrives.

Whisper hears at most 30 s at a time, so a take is decoded in pieces. The cut points come
from Silero voice activity (shipped inside faster-whisper, no download), and every cut is
decided from the audio up to the moment it is made, never from what follows. So cutting a
take that arrives half a second at a time while it is recorded (live analysis) and cutting
the finished file in one go give exactly the same pieces, and the same pieces decoded the
same way give the same words: a take analysed live and the same take analysed again later
agree.

Usage::

    cutter = PieceCutter()
    for chunk in chunks:
        for piece in cutter.feed(chunk):
            ...                      # a finished piece: transcribe it now
    for piece in cutter.finish():
        ...                          # the rest, up to the end of the take

or, for a whole recording, ``cut_pieces(samples)``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from speakprep.core.units import SAMPLE_RATE

__all__ = ["Piece", "PieceCutter", "PieceGroups", "PieceOptions", "StreamingVad", "cut_pieces"]

WINDOW = 512  # Silero's window at 16 kHz (32 ms)
WINDOW_S = WINDOW / SAMPLE_RATE
_CONTEXT = 64  # samples of the previous window Silero sees before each window
# A piece Silero heard no speech in is still transcribed if it peaks above this level
# (dB below full scale) and this far above its own quietest tenth. A quiet microphone moves
# the level down: it is enough to come within _SOUND_BELOW_LOUDEST_DB of the loudest window
# of the take so far (a hoarse voice at -30 dBFS peaks near -60 dBFS in its soft part), but
# never below _SOUND_FLOOR_DBFS.
_SOUND_DBFS = -50.0
_SOUND_RANGE_DB = 15.0
_SOUND_BELOW_LOUDEST_DB = 25.0
_SOUND_FLOOR_DBFS = -70.0
# Windows of a pause this close to its quietest one are silence; louder ones may be a filler.
_QUIET_DB = 6.0


@dataclass(frozen=True, slots=True)
class PieceOptions:
    """Where a take is cut; times in seconds.

    Measured on 12 takes (three orders of the real clips in tests/data/audio, the eight
    spoken answers in tests/data/spoken and benchmarks/analysis_speed.py's 92 s answer;
    1407 reference words), word errors: pieces of at least 8 s 178, 6 s 183, 4 s 188;
    ``max_piece_s`` 15 instead of 20, 190. The pieces of 15-30 s cut at the longest pause
    that whole-file transcription used before, decoded with faster-whisper's sequential
    loop, gave 181. Shorter pieces leave less to transcribe when the user stops; longer
    ones give Whisper more context to spell and punctuate by.

    Fewer, longer pieces cost the encoder less (one 30 s pass each) but move the filler
    decisions (benchmarks/word_errors.py, real_clips.py, filler_margins.py): pieces of 12 s,
    16 s late, 24 s at most gave 163 word errors from 72 encoder passes instead of 164 from
    79 (the 92 s answer 5 passes instead of 7) and 18/18 hard fillers, but a filler of the
    cold-voice clip came within 0.01 of the threshold with int8 and int8 and float32
    disagreed on three decisions instead of one; ``long_pause_s`` 1.5 gave 156 errors from
    66 passes but a false hard filler on the real clips, and both together lost one (17/18).
    """

    # A piece ends at a pause at least ``min_pause_s`` long once it holds this much audio.
    min_piece_s: float = 8.0
    min_pause_s: float = 0.4
    # A pause this long ends a piece of any length, ``long_pause_s / 2`` into the pause:
    # the speaker has stopped, and what they said should not wait to be transcribed.
    long_pause_s: float = 1.0
    # Past ``late_piece_s`` a shorter pause will do: a long piece is what would be left to
    # transcribe if the user stopped now.
    late_piece_s: float = 12.0
    late_pause_s: float = 0.3
    # Longer speech without a pause is cut at its quietest point: keeps one piece within
    # one 30 s Whisper window and bounds the work left at stop.
    max_piece_s: float = 20.0
    # Silero thresholds (its defaults): speech starts at ``vad_threshold`` and lasts until
    # the probability falls below ``vad_neg_threshold``.
    vad_threshold: float = 0.5
    vad_neg_threshold: float = 0.35
    # Consecutive pieces are decoded together, in one Whisper window, until they hold this
    # much audio (:class:`PieceGroups`); 0 decodes every piece on its own. Word errors and
    # encoder passes on the twelve takes of benchmarks/word_errors.py: 0 s 164 / 79; 12 s
    # 138 / 45 (20 s 145 / 33, 24 s 144 / 30) with no break, 155 / 51 with the break below.
    # Groups that fill the window, with the break: 20 s 156 / 42, 24 s 155 / 41, 28 s
    # 156 / 40. At 24 s the real clips keep 18/18 hard fillers with none false (1/2/4 threads
    # x int8/float32), the tune part of the filler set 315/352 (one false filler fewer), and
    # CPU against bare faster-whisper (benchmarks/analysis_cpu.py --group 24) goes 1.14x ->
    # 1.00x on its 92 s answer (4 windows, bare 5) and 2.29x -> 2.06x on the clips (7, bare
    # 4: the break keeps the last four apart). Not taken: from 18 s electrician_master is one
    # window, where int8 hears "I am studying for the" as "I'm up to a different from" (0.845
    # of its words, float32 0.897; test_transcription asks 0.85), and the open group left at
    # stop grows: the 92 s answer analysed live (benchmarks/live_latency.py --file) cost
    # 2.10 CPU s from stop to report instead of 1.30 (64.8 s instead of 83.9 s decoded before).
    group_s: float = 12.0
    # ...but a pause this long (Silero's, across the cut) closes the group: in one window
    # Whisper drew the word before a 3 s pause 0.6 s into it (tests/test_mid_sentence_pauses).
    group_break_s: float = 2.0

    def __post_init__(self) -> None:
        if not 0 < self.min_piece_s < self.max_piece_s <= 30.0:
            raise ValueError("need 0 < min_piece_s < max_piece_s <= 30 (one Whisper window)")
        if not 0 < self.late_pause_s <= self.min_pause_s < self.long_pause_s:
            raise ValueError("need 0 < late_pause_s <= min_pause_s < long_pause_s")
        if not 0 <= self.group_s <= _GROUP_MAX_S:
            raise ValueError("need 0 <= group_s <= 30 (one Whisper window)")


@dataclass(frozen=True, slots=True)
class Piece:
    """Samples ``start`` to ``end`` of the take; ``speech`` is False for silence alone.

    ``lead_s`` and ``tail_s``: how long the piece starts and ends with no speech Silero
    heard (the pause it was cut in is split between two pieces).
    """

    start: int
    end: int
    speech: bool
    lead_s: float = 0.0
    tail_s: float = 0.0

    @property
    def start_s(self) -> float:
        return self.start / SAMPLE_RATE

    @property
    def end_s(self) -> float:
        return self.end / SAMPLE_RATE


_GROUP_MAX_S = 30.0  # Whisper's window
_FEED_SAMPLES = WINDOW * 1000  # 32 s at a time through cut_pieces


def disable_onnx_telemetry() -> None:
    """Keep onnxruntime's usage telemetry off: call before any onnxruntime session.

    onnxruntime (1.2x) sends usage events to Microsoft from a background thread and keeps a
    device id in ~/.cache/Microsoft unless ``ORT_DISABLE_TELEMETRY`` is set before the first
    session of the process; speakprep promises that nothing leaves the machine. Silero VAD
    (here) and the sentence encoder (``services.encoder``) both open sessions.
    """
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")


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

        disable_onnx_telemetry()
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
        windows = np.ascontiguousarray(samples, np.float32).reshape(-1, WINDOW)
        context = np.concatenate((self._context[np.newaxis], windows[:-1, -_CONTEXT:]))
        batch = np.concatenate((context, windows), axis=1)
        probs, self._h, self._c = self._session.run(
            None, {"input": batch, "h": self._h, "c": self._c}
        )
        self._context = windows[-1, -_CONTEXT:].copy()
        return np.asarray(probs, np.float32).reshape(-1)


class PieceCutter:
    """Cut a take that arrives in chunks into pieces, each decided as soon as it can be.

    A cut goes in a pause (after the piece's first speech) and is decided by the audio up to
    the moment it is made:

    * a pause of ``long_pause_s`` is cut as soon as it has lasted that long;
    * a shorter pause is cut when speech resumes, if it is at least
      ``min_pause_s`` long and the piece then holds ``min_piece_s`` (or ``late_pause_s``
      long and ``late_piece_s``);
    * a piece that reaches ``max_piece_s`` with no such pause is cut in its longest pause
      past ``min_piece_s``, however short, or failing that where speech is least likely.

    Within a pause the cut goes in its quietest 32 ms. Silence before a piece's first speech
    is never a cut: Silero misses some speech, and a piece with no speech it heard is sent
    to Whisper only when its loudness rises well above its quietest part (``Piece.speech``).

    Not thread-safe: one caller feeds it.
    """

    def __init__(self, options: PieceOptions = PieceOptions()) -> None:
        self.options = options
        self._vad: StreamingVad | None = None
        self._pending = np.zeros(0, np.float32)  # under one window, not scored yet
        self._total = 0  # samples fed
        self._start = 0  # window where the current piece starts
        # Per window from the piece start on: Silero's speech probability, speech after its
        # hysteresis, and the loudness in dB below full scale.
        self._probs = np.zeros(0, np.float32)
        self._speech = np.zeros(0, bool)
        self._level = np.zeros(0, np.float32)
        self._triggered = False
        self._finished = False
        self._loudest = -np.inf  # the loudest window of the pieces already cut
        self._long_w = math.ceil(options.long_pause_s / WINDOW_S - 1e-9)
        self._max_w = round(options.max_piece_s / WINDOW_S)

    def feed(self, samples: np.ndarray) -> list[Piece]:
        """Add 16 kHz mono float32 samples; returns the pieces this completed (often none)."""
        if self._finished:
            raise RuntimeError("this take has finished")
        x = np.asarray(samples, np.float32).reshape(-1)
        self._total += x.size
        x = np.concatenate((self._pending, x)) if self._pending.size else x
        whole = x.size - x.size % WINDOW
        self._pending = x[whole:].copy()
        self._score(x[:whole])
        return list(self._cuts())

    def finish(self) -> list[Piece]:
        """The take has ended: the pieces left, the last one up to its last sample."""
        if self._finished:
            return []
        if self._pending.size:
            self._score(np.pad(self._pending, (0, WINDOW - self._pending.size)))
            self._pending = np.zeros(0, np.float32)
        pieces = list(self._cuts())
        start = self._start * WINDOW
        if self._total > start:
            pieces.append(self._piece(self._total, self._speech.size))
        self._finished = True
        return pieces

    # ----------------------------------------------------------------- inside

    def _score(self, windows: np.ndarray) -> None:
        if windows.size == 0:
            return
        if self._vad is None:
            self._vad = StreamingVad()
        probs = self._vad(windows)
        speech = np.empty(probs.size, bool)
        triggered = self._triggered
        on, off = self.options.vad_threshold, self.options.vad_neg_threshold
        for i, p in enumerate(probs.tolist()):  # Silero's hysteresis; ~30 windows a second
            if p >= on:
                triggered = True
            elif p < off:
                triggered = False
            speech[i] = triggered
        self._triggered = triggered
        power = np.mean(np.square(windows.reshape(-1, WINDOW), dtype=np.float64), axis=1)
        level = (10.0 * np.log10(power + 1e-12)).astype(np.float32)
        self._probs = np.concatenate((self._probs, probs))
        self._speech = np.concatenate((self._speech, speech))
        self._level = np.concatenate((self._level, level))

    def _cuts(self) -> Iterator[Piece]:
        while (cut := self._next_cut()) is not None:
            piece = self._piece((self._start + cut) * WINDOW, cut)
            if cut:
                self._loudest = max(self._loudest, float(self._level[:cut].max()))
            self._probs = self._probs[cut:]
            self._speech = self._speech[cut:]
            self._level = self._level[cut:]
            self._start += cut
            yield piece

    def _piece(self, end_sample: int, end: int) -> Piece:
        """The current piece up to ``end_sample`` (its first ``end`` windows scored)."""
        heard = np.flatnonzero(self._speech[:end])
        lead = int(heard[0]) if heard.size else end
        tail = end - 1 - int(heard[-1]) if heard.size else end
        return Piece(
            self._start * WINDOW,
            end_sample,
            self._worth_sending(end),
            lead_s=round(lead * WINDOW_S, 3),
            tail_s=round(tail * WINDOW_S, 3),
        )

    def _worth_sending(self, end: int) -> bool:
        """Whether the first ``end`` windows of the piece may hold speech.

        Yes if Silero heard speech; if not, yes still if the piece gets loud, well above its
        own quietest part: Silero missed most of a low, hoarse voice (the cold-voice clip in
        tests/data/audio), while room noise stays within a few dB of itself.
        """
        if self._speech[:end].any():
            return True
        level = self._level[:end]
        if level.size == 0:
            return False
        peak = float(level.max())
        loud_enough = max(
            _SOUND_FLOOR_DBFS, min(_SOUND_DBFS, max(self._loudest, peak) - _SOUND_BELOW_LOUDEST_DB)
        )
        return peak >= loud_enough and peak - float(np.percentile(level, 10)) >= _SOUND_RANGE_DB

    def _next_cut(self) -> int | None:
        """The window where the current piece ends, if the audio so far decides it."""
        speech = self._speech
        n = speech.size
        if n == 0:
            return None
        # Every candidate comes with the number of windows needed to decide it; the one
        # decided first wins, so the cut never depends on audio that came after it.
        best: tuple[int, int] | None = None  # (windows needed, cut window)
        if n >= self._max_w:
            best = (self._max_w, self._forced_cut())
        for start, end in _runs(~speech):
            needed, cut = self._pause_cut(start, end, n)
            if needed is not None and (best is None or needed < best[0]):
                best = (needed, cut)
            if best is not None and end >= best[0]:
                break  # later pauses are decided later still
        return None if best is None else best[1]

    def _pause_cut(self, start: int, end: int, n: int) -> tuple[int | None, int]:
        """(windows needed to decide a cut in this pause, or None; the cut) for one pause.

        ``start`` and ``end`` are windows from the piece start; ``end == n`` is a pause still
        going on.
        """
        opts = self.options
        if start == 0:
            return None, 0  # silence before the piece's first speech
        length = end - start
        if length >= self._long_w:
            return start + self._long_w, self._quietest(start, start + self._long_w)
        if end == n:
            return None, 0  # still going on: its length is not known yet
        length_s, at_s = length * WINDOW_S, (start + end) / 2 * WINDOW_S
        if (length_s >= opts.min_pause_s - 1e-9 and at_s >= opts.min_piece_s) or (
            length_s >= opts.late_pause_s - 1e-9 and at_s >= opts.late_piece_s
        ):
            return end + 1, self._quietest(start, end)
        return None, 0

    def _forced_cut(self) -> int:
        """Where a piece with no pause long enough is cut, past ``min_piece_s``.

        In its longest pause, however short; failing that, where Silero hears speech least
        and, among those windows, where the audio is quietest (Silero may hear no speech at
        all in a voice it misses; the quietest moment is then the best guess at a gap).
        """
        lo, hi = round(self.options.min_piece_s / WINDOW_S), self._max_w
        pauses = [
            (end - start, start, end)
            for start, end in _runs(~self._speech[:hi])
            if start > 0 and lo <= (start + end) // 2 < hi
        ]
        if pauses:
            _length, start, end = max(pauses)
            return self._quietest(start, end)
        # Probabilities in steps of 0.1, then loudness (a few dozen dB) within a step.
        key = np.round(self._probs[lo:hi] * 10.0) * 1000.0 + self._level[lo:hi]
        return lo + int(np.argmin(key))

    def _quietest(self, start: int, end: int) -> int:
        """Where to cut in the pause from window ``start`` to ``end``: in its quiet part.

        Silero hears no speech in most "uh"s and "um"s, nor in some soft or low speech (16 s
        of the cold-voice clip in tests/data/audio), so its pauses often hold a filler. The
        cut goes in the middle of the longest stretch of the pause within a few dB of its
        quietest window: the middle of a silent pause, beside a filler rather than through
        it. (Cutting through the fillers of the cold-voice clip lost two of its five.)
        """
        level = self._level[start:end]
        quiet = _runs(level <= level.min() + _QUIET_DB)
        middle = (end - start) / 2
        a, b = max(quiet, key=lambda run: (run[1] - run[0], -abs((run[0] + run[1]) / 2 - middle)))
        return start + (a + b) // 2


class PieceGroups:
    """Join consecutive pieces into the stretches decoded together, as the pieces arrive.

    A piece with speech joins the open group; the group is closed (to be decoded) once it
    holds ``group_s`` of audio, before a piece that would take it past Whisper's 30 s
    window, before a piece with no speech (passed on alone: it is not decoded), before a
    piece after a pause of ``group_break_s`` (see there), and at the end of the take. Each
    decision depends on the pieces so far only, so live analysis and whole-file analysis
    decode the same stretches.
    """

    def __init__(self, options: PieceOptions = PieceOptions()) -> None:
        self.group_s = options.group_s
        self.break_s = options.group_break_s
        self._open: Piece | None = None

    def add(self, piece: Piece) -> list[Piece]:
        """The stretches ``piece`` completes, in order (often none)."""
        if not piece.speech:
            return [*self.finish(), piece]
        done: list[Piece] = []
        if self._open is not None and (
            (piece.end - self._open.start) / SAMPLE_RATE > _GROUP_MAX_S
            or self._open.tail_s + piece.lead_s >= self.break_s - 1e-9
        ):
            done = self.finish()
        first = piece if self._open is None else self._open
        self._open = Piece(first.start, piece.end, True, first.lead_s, piece.tail_s)
        if (piece.end - first.start) / SAMPLE_RATE >= self.group_s:
            done += self.finish()
        return done

    def finish(self) -> list[Piece]:
        """The open group, closed (the take has ended, or a closing piece came)."""
        done = [] if self._open is None else [self._open]
        self._open = None
        return done


def cut_pieces(samples: np.ndarray, options: PieceOptions = PieceOptions()) -> list[Piece]:
    """The pieces of a whole recording, exactly as :class:`PieceCutter` cuts it live."""
    cutter = PieceCutter(options)
    x = np.asarray(samples, np.float32).reshape(-1)
    pieces: list[Piece] = []
    # Fed as live audio arrives, a chunk at a time: the cuts are the same (the cutter and
    # Silero's state carry across feeds), and Silero over a whole 15-minute take in one
    # call held hundreds of MB.
    for start in range(0, x.size, _FEED_SAMPLES):
        pieces += cutter.feed(x[start : start + _FEED_SAMPLES])
    return pieces + cutter.finish()


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
