"""Speech to timed words with faster-whisper, keeping the fillers people actually say."""

from __future__ import annotations

import contextlib
import hashlib
import queue
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from speakprep.core.activity import detect_activity
from speakprep.core.filled_pauses import FillerCandidate, FillerEvidence, Settled, answers
from speakprep.core.models import SpeechEvidence, Transcript
from speakprep.core.text import join_timed_words, join_transcripts
from speakprep.core.units import SAMPLE_RATE
from speakprep.cpu import usable_cores
from speakprep.transcription.filler_odds import FillerOdds, heard_stretch
from speakprep.transcription.joined_pause import JoinedReading, StopOdds, joined_stretch
from speakprep.transcription.model import ModelSpec, load_whisper, resolve_model
from speakprep.transcription.pieces import (
    WINDOW,
    WINDOW_S,
    Piece,
    PieceGroups,
    PieceOptions,
    StreamingVad,
    cut_pieces,
)
from speakprep.transcription.single_pass import SinglePass, input_frames, piece_features
from speakprep.transcription.text_prior import TextPrior

# Without a prompt tiny.en writes "So in the near term" for a spoken "Um, so in the near
# term": it cleans fillers away. A short verbatim prompt keeps them (design.md, and
# benchmarks/real_clips.py on the MFA clips). It is passed as ``hotwords``, which
# faster-whisper puts before every piece.
VERBATIM_PROMPT = "Umm, uh, hmm. Okay, so, like, you know."

# Whisper's decoder holds 448 tokens, the prompt included.
_MAX_NEW_TOKENS = 360
# A single pass sometimes ends early and leaves out a sentence it heard: one of twelve test
# takes (tests/data/spoken/electrician_master) lost "I am, um, studying for the master
# electrician exam with a prep class on Saturdays", 4.8 s of sound with no word. A stretch
# of a piece holding this much sound and no word is decoded again on its own. At 1 s
# breaths, hums and clicks on the real clips came back as "Uh.", "Mmm, uh." or "Okay.";
# at 2 s only the lost sentence did (word errors on the twelve takes: 178 -> 167).
RECOVER_SOUND_S = 2.0
# Each re-decode costs a pass of the model, and most such stretches on real takes are
# breaths, hums or a filler Silero does not call speech: only a stretch holding this much
# Silero speech is decoded again (the lost sentence above held 4.8 s of it).
RECOVER_SPEECH_S = 1.0

# Level before decoding: a piece whose loud end (the 99.9th percentile of |sample|) is
# below _QUIET_LEVEL is raised to _TARGET_LEVEL, at most by _MAX_GAIN. Whisper's input
# features are not level-free, and a laptop microphone at -30 dBFS gave other words than the
# same answer at -3 dBFS (speaking time off by 1.3 s, pace by 26 %). Per piece, so live
# analysis (which decodes each piece as it is cut) and whole-file analysis stay the same.
_QUIET_LEVEL = 0.05
_TARGET_LEVEL = 0.3
_MAX_GAIN = 100.0
# The verbatim prompt can make tiny.en write only fillers for a piece of real speech ("Um,
# Um, um" for a whole sentence that ended in a long "umm"). Such a piece with this much
# Silero speech is decoded again without the prompt.
_FILLERS_ONLY_SPEECH_S = 1.0
_PROMPT_FILLER = re.compile(r"^(?:u+h*m*|h*m+|hm+|a+h+|e+r+m*|m+h*m*)$")

# A segment whose text compresses this well loops ("I don't know, I don't know, ..."): what
# tiny.en writes for speech it cannot follow (French and Spanish answers: 2.5-10.5; English
# answers, clean or under noise, at most 1.6). Its words are no evidence of English speech.
# Session 14, 1 and 4 threads at int8 and float32: English at most 1.56 (every English
# audio file under tests/data, the noise/music/voice conditions of tests/test_no_speech.py,
# benchmarks/no_speech.py's 32 takes); at float32 the German synth answer is one 60-word
# segment at 2.26 (French 2.07, Spanish 2.02) whose confidence, -0.717, was 0.017 from its
# bar. At 2.4 it counted.
_LOOP_COMPRESSION = 1.9

# Filler evidence kept by Transcriber.filler_evidence: a 15-minute take has a few hundred
# candidate stretches.
_EVIDENCE_KEPT = 2048


class TranscriptionCancelled(Exception):
    """Raised when the caller's cancel event is set mid-transcription."""


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """How faster-whisper decodes each piece; chosen for fillers, then timed.

    A take is cut at pauses into pieces of at most 20 s (:mod:`speakprep.transcription.pieces`),
    consecutive pieces are joined into stretches of about 12 s (``PieceOptions.group_s``),
    and each stretch is decoded once, on its own, in faster-whisper's batched pipeline.
    faster-whisper's sequential loop instead moves its 30 s window to the last word it
    heard and decodes what follows again: after a piece's last word that is silence, where
    the verbatim prompt made tiny.en write "Okay, so, uh, hmm" and fall back through every
    temperature (two thirds of the decoding time on the real clips, and invented words).
    Its own 30 s windows also start mid-phrase; with the prompt tiny.en then skipped 30-41 s
    of benchmarks/analysis_speed.py's 92 s answer and looped in its last 30 s.

    * ``beam_size`` 5 (faster-whisper's default) is kept. Fillers no longer depend on
      Whisper printing them (FillerOdds), but words do: word errors on
      benchmarks/word_errors.py's twelve takes (1378 words) were 164 at beam 5, 170 at 3,
      172 at 2 and 194 at 1; beam 3 also gave a false hard filler on the real clips
      (benchmarks/real_clips.py: 18/18 and 1 false, the limit; beam 5: none) and saved
      only 2-5 % of the transcription CPU time (1 thread, the 92 s answer and the real clips):
      the 30 s encoder pass per piece, not the search, is most of the cost.
    * There is no conditioning on earlier text (each piece starts from the prompt) and no
      temperature fallback: a piece that loops stops at ``max_new_tokens``, about twice
      what the fastest speech needs, and speakprep.core.alignment drops words that the
      audio does not hold.
    """

    beam_size: int = 5
    prompt: str | None = VERBATIM_PROMPT
    language: str = "en"
    # The encoder hears the piece and ``input_pad_s`` of silence after it, at least
    # ``min_input_s`` and at most Whisper's 30 s window (transcription.single_pass). Shorter
    # inputs cost the encoder less, but tiny.en then loops and mishears more (word errors on
    # benchmarks/word_errors.py's twelve takes, 1378 words; encoder frames): the full 30 s
    # 164, 237000; at least 20 s 174, 158256 (and 3 false hard fillers on the real clips
    # instead of 1); piece + 10 s 190, 138672; piece + 2 s 411, 76270. Kept at 30 s.
    input_pad_s: float = 2.0
    min_input_s: float = 30.0


# Replicas of the model (they share its weights), each with a lane of its own (a pass:
# SinglePass keeps state between calls), held by one caller at a time (Transcriber._free_lane
# is the only way to a lane). A whole-file analysis decodes two stretches at once, one per
# lane, and checks the words of the stretches done (the filler evidence, a long pause heard
# again) on whichever lane is free between them (Engine.analyze_samples): on a small model
# one decode keeps about one and a half cores busy. Each stretch is decoded on its own, so
# the words are the same whichever lane decodes it, and in whatever order.
_REPLICAS = 2
# CTranslate2's own default threads per replica: more buy a small model little.
_MAX_THREADS_PER_REPLICA = 4
# Long-pause readings kept by Transcriber.read_joined (a take has a few such pauses).
_READINGS_KEPT = 64
# Encoder outputs of joined stretches kept by Transcriber.read_joined (2.3 MB each): a pause
# is read in two spellings of the words before it (services.pause_check), and read again
# after the filler check when its words changed, over the same sound.
_JOINED_ENCODINGS_KEPT = 4


def replica_layout(cores: int = 0, replicas: int = 0) -> tuple[int, int]:
    """How many replicas of the model, and CTranslate2 threads each, for ``cores`` cores
    (0: those this process may run on, :func:`~speakprep.cpu.usable_cores`): ``replicas``
    (0: two once there are two cores) sharing them out, at most ``_MAX_THREADS_PER_REPLICA``
    threads each. Two replicas of 4 threads (CTranslate2's default) on 2 cores made their
    OpenMP threads wait on each other."""
    cores = cores or usable_cores()
    replicas = replicas or (_REPLICAS if cores >= _REPLICAS else 1)
    return replicas, max(1, min(_MAX_THREADS_PER_REPLICA, cores // replicas))


class _Lane:
    """One replica's way in: its pass, made on first use."""

    def __init__(self, transcriber: Transcriber) -> None:
        self._transcriber = transcriber
        self._pass: SinglePass | None = None

    def single_pass(self) -> SinglePass:
        """The lane's pass; call it only holding the lane (``Transcriber._free_lane``)."""
        if self._pass is None:
            opts = self._transcriber.options
            self._pass = SinglePass(
                self._transcriber._model, beam_size=opts.beam_size, language=opts.language
            )
        return self._pass


class Transcriber:
    """Holds one loaded model in ``replicas`` replicas (see ``_REPLICAS``) of
    ``cpu_threads`` threads each (either 0: as :func:`replica_layout` lays out ``cores``,
    0: the cores this process may run on); a call holds a free replica (one decode at a
    time on each). The layout is worked out here only: the Engine passes its cores."""

    def __init__(
        self,
        model: str | None = None,
        *,
        compute_type: str = "int8",
        cpu_threads: int = 0,
        replicas: int = 0,
        cores: int = 0,
        options: DecodeOptions = DecodeOptions(),
        pieces: PieceOptions = PieceOptions(),
    ) -> None:
        self.spec: ModelSpec = resolve_model(model)
        self.options = options
        self.pieces = pieces
        replicas, laid_out_threads = replica_layout(cores, replicas)
        cpu_threads = cpu_threads or laid_out_threads
        self._model = load_whisper(
            self.spec, compute_type=compute_type, cpu_threads=cpu_threads, workers=replicas
        )
        self._lanes = [_Lane(self) for _ in range(replicas)]
        self._free = queue.SimpleQueue[_Lane]()
        for lane in self._lanes:
            self._free.put(lane)
        self._readings: OrderedDict[tuple[bytes, str, str], JoinedReading | None] = OrderedDict()
        self._joined_encodings: OrderedDict[bytes, tuple[object, int]] = OrderedDict()
        self._filler_odds: FillerOdds | None = None
        self._stop_odds: StopOdds | None = None
        self._text_prior: TextPrior | None = None
        self._evidence: OrderedDict[tuple[bytes, tuple[str, ...]], FillerEvidence] = OrderedDict()
        self._evidence_lock = threading.Lock()

    @property
    def label(self) -> str:
        return self.spec.label

    def filler_evidence(
        self,
        samples: np.ndarray,
        candidates: Sequence[FillerCandidate],
        settled: Settled | None = None,
    ) -> list[FillerEvidence]:
        """How sure the model is that each candidate stretch of ``samples`` is a filler.

        The model hears each stretch on its own (:mod:`speakprep.transcription.filler_odds`);
        :func:`speakprep.core.filled_pauses.accept_fillers` decides from the evidence.
        With ``settled`` a candidate it settles from an upper bound of its evidence gets the
        bound (cheaper to work out). Evidence depends on the stretch's samples and the words
        over it alone (the same input however candidates are batched), so it is kept for
        the last ``_EVIDENCE_KEPT`` stretches: live analysis asks for the take so far while
        it is recorded, and at stop only the stretches not seen yet are scored.
        """
        keys = [evidence_key(samples, c) for c in candidates]
        # Candidates that share a key (the same stretch and words) need not share what a
        # bound settles: one the bound kept for another does not settle is asked again for
        # the exact evidence, which answers every request.
        for asking in (settled, None):
            with self._evidence_lock:
                missing = {
                    k: c
                    for k, c in zip(keys, candidates, strict=True)
                    if not answers(self._evidence.get(k), c, settled)
                }
            if not missing:
                break
            if self._filler_odds is None:
                self._filler_odds = FillerOdds(
                    self._model, self._free_lane, self.options.prompt, lanes=len(self._lanes)
                )
            fresh = self._filler_odds.evidence(samples, list(missing.values()), asking)
            with self._evidence_lock:
                _keep(self._evidence, zip(missing, fresh, strict=True), _EVIDENCE_KEPT)
        with self._evidence_lock:
            return [self._evidence[k] for k in keys]

    def text_prior(self, text: str) -> float | None:
        """Mean log-probability per token the model gives ``text`` with no sound (None for
        no token): how much of it the model would write from its English alone
        (:mod:`speakprep.transcription.text_prior`)."""
        if self._text_prior is None:
            self._text_prior = TextPrior(self._model, self._free_lane)
        return self._text_prior.mean_logprob(text)

    def read_joined(
        self,
        samples: np.ndarray,
        *,
        start_s: float,
        pause_start_s: float,
        pause_end_s: float,
        end_s: float,
        before_text: str,
        next_word: str,
    ) -> JoinedReading | None:
        """Whether the model ends a sentence at the pause from ``pause_start_s`` to
        ``pause_end_s`` after the words ``before_text`` when it hears ``start_s`` to
        ``end_s`` of ``samples`` with the pause shortened, and how it would spell
        ``next_word`` after them (:class:`~speakprep.transcription.joined_pause.StopOdds`);
        None without a word before the pause. One encoder pass and one forced decoder step,
        on a free lane; the reading is kept for the last ``_READINGS_KEPT`` questions (an
        analysis may ask ahead, on the words before the fillers are checked, while the
        filler check runs: the same question later is the same reading), the encoder's
        output for the last ``_JOINED_ENCODINGS_KEPT`` stretches (another question about
        the same sound is the same encoding, one encoder pass less)."""
        stretch, _join_s = joined_stretch(
            samples,
            start_s=start_s,
            pause_start_s=pause_start_s,
            pause_end_s=pause_end_s,
            end_s=end_s,
        )
        digest = _stretch_digest(stretch)
        key = (digest, before_text, next_word)
        with self._evidence_lock:
            if key in self._readings:
                return self._readings[key]
            known = self._joined_encodings.get(digest)
        if self._stop_odds is None:
            self._stop_odds = StopOdds(
                self._model, prompt=self.options.prompt, language=self.options.language
            )
        with self._free_lane():
            if known is None:
                features, frames = self._features(_levelled(stretch))
                known = self._model.model.encode(features, to_cpu=True), frames
            encoded, frames = known
            reading = self._stop_odds.reading(
                encoded, frames, before_text=before_text, next_word=next_word
            )
        with self._evidence_lock:
            _keep(self._readings, [(key, reading)], _READINGS_KEPT)
            _keep(self._joined_encodings, [(digest, known)], _JOINED_ENCODINGS_KEPT)
        return reading

    def _features(self, samples: np.ndarray) -> tuple[object, int]:
        """The encoder's input for ``samples`` as a piece is decoded (``SinglePass``: the
        same frames, padded alike), a ``ctranslate2.StorageView``, and its frames."""
        import ctranslate2

        opts = self.options
        frames = input_frames(
            samples.size / SAMPLE_RATE, pad_s=opts.input_pad_s, min_s=opts.min_input_s
        )
        features = piece_features(self._model, samples, frames)
        view = ctranslate2.StorageView.from_array(np.ascontiguousarray(features[np.newaxis]))
        return view, frames

    def forget_filler_evidence(self) -> None:
        """Drop the kept filler evidence (benchmarks and tests that score a take afresh)."""
        with self._evidence_lock:
            self._evidence.clear()

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        offset_s: float = 0.0,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
        heard: Callable[[Transcript], None] | None = None,
        stretches: Sequence[Piece] | None = None,
    ) -> Transcript:
        """Transcribe 16 kHz mono float32 samples into timed words.

        The recording is cut into :meth:`stretches` and each stretch that may hold speech is
        decoded on its own (``stretches``: those of ``samples``, if the caller cut them
        already). ``offset_s`` shifts every time (for a chunk cut from a longer take).
        ``progress`` gets the share of audio done, 0 to 1. ``heard`` gets the words so far
        after each decoded stretch, their ``recording_s`` the end of that stretch (as live
        analysis has them while recording). Setting ``cancel`` stops between pieces.

        Raises:
            TranscriptionCancelled: ``cancel`` was set.
        """
        samples = np.asarray(samples, np.float32).reshape(-1)
        duration = samples.size / SAMPLE_RATE
        parts: list[Transcript] = []
        if stretches is None:
            stretches = self.stretches(samples)

        def decode_stretch(stretch: Piece) -> Transcript:
            return self.decode(
                samples[stretch.start : stretch.end],
                offset_s=offset_s + stretch.start_s,
                cancel=cancel,
            )

        pool = ThreadPoolExecutor(len(self._lanes), thread_name_prefix="speakprep-decode")
        try:
            decoded = [pool.submit(decode_stretch, s) if s.speech else None for s in stretches]
            for stretch, part in zip(stretches, decoded, strict=True):
                if part is not None:
                    parts.append(part.result())
                    if heard is not None:
                        heard(join_transcripts(parts, recording_s=stretch.end_s))
                if progress is not None and duration > 0:
                    progress(min(1.0, stretch.end_s / duration))
        finally:
            pool.shutdown(cancel_futures=True)
        joined = join_transcripts(parts, recording_s=duration)
        return replace(joined, language=self.options.language)

    def stretches(self, samples: np.ndarray) -> list[Piece]:
        """The stretches :meth:`transcribe` decodes (:func:`cut_stretches` by its pieces)."""
        return cut_stretches(samples, self.pieces)

    @contextlib.contextmanager
    def _free_lane(self) -> Iterator[_Lane]:
        """A lane no other caller holds (waiting for one): decodes, live or whole-file, and
        the model's checks share the replicas this way, and only this way."""
        lane = self._free.get()
        try:
            yield lane
        finally:
            self._free.put(lane)

    def decode(
        self,
        samples: np.ndarray,
        *,
        offset_s: float = 0.0,
        cancel: threading.Event | None = None,
    ) -> Transcript:
        """Decode one piece of at most 30 s in a single pass; times shifted by ``offset_s``.

        Live analysis calls this for each stretch of pieces as soon as it is closed;
        ``transcribe`` calls it for each stretch of a whole recording. Every word
        stays inside the stretch. A part of it that holds ``RECOVER_SOUND_S`` of sound but
        got no word is decoded again on its own (see there). It runs on a free lane, held
        for this decode: a caller cannot name one it does not hold.

        Raises:
            TranscriptionCancelled: ``cancel`` was set.
        """
        with self._free_lane() as lane:
            samples = _levelled(np.asarray(samples, np.float32).reshape(-1))
            duration = samples.size / SAMPLE_RATE
            if cancel is not None and cancel.is_set():
                raise TranscriptionCancelled()
            words, evidence = self._decode_once(samples, lane=lane)
            if (
                words
                and all(_is_prompt_filler(w) for w, *_ in words)
                and _speech_s(samples) >= (_FILLERS_ONLY_SPEECH_S)
            ):
                plain, plain_evidence = self._decode_once(samples, use_prompt=False, lane=lane)
                if not all(_is_prompt_filler(w) for w, *_ in plain):
                    words, evidence = _with_fillers(plain, words), plain_evidence
            if words:
                for start_s, end_s in _unheard(words, samples):
                    if cancel is not None and cancel.is_set():
                        raise TranscriptionCancelled()
                    first, last = round(start_s * SAMPLE_RATE), round(end_s * SAMPLE_RATE)
                    again, more = self._decode_once(samples[first:last], lane=lane)
                    words += [(w, start_s + a, start_s + b, p) for w, a, b, p in again]
                    evidence += more
                words.sort(key=lambda w: w[1])
            if cancel is not None and cancel.is_set():
                raise TranscriptionCancelled()
            joined = join_timed_words((w, offset_s + a, offset_s + b, p) for w, a, b, p in words)
            return Transcript(
                text=joined.text,
                words=joined.words,
                recording_s=duration,
                language=self.options.language,
                evidence=evidence,
            )

    def _decode_once(
        self, samples: np.ndarray, *, lane: _Lane, use_prompt: bool = True
    ) -> tuple[list[tuple[str, float, float, float]], SpeechEvidence]:
        """One single-pass decode, piece times.

        Returns ``(raw word, start_s, end_s, probability)`` per word and the model's own
        scores of its segments (:class:`~speakprep.core.models.SpeechEvidence`). Without
        ``use_prompt`` the options' prompt is left out. ``lane`` is the replica it runs on,
        held by the caller (see ``_REPLICAS``): the same decode, the same words.
        """
        if samples.size == 0:
            return [], SpeechEvidence()
        duration = samples.size / SAMPLE_RATE
        opts = self.options
        frames = input_frames(duration, pad_s=opts.input_pad_s, min_s=opts.min_input_s)
        segments = lane.single_pass()(
            samples,
            frames=frames,
            prompt=opts.prompt if use_prompt else None,
            # A loop ("hmm, hmm, hmm, ...") stops here instead of at 448 tokens; fast
            # speech is about 6 tokens a second.
            max_new_tokens=min(_MAX_NEW_TOKENS, int(12 * duration) + 24),
        )
        words: list[tuple[str, float, float, float]] = []
        evidence = SpeechEvidence()
        for segment in segments:
            count = len(segment.words)
            if count and segment.compression_ratio <= _LOOP_COMPRESSION:
                evidence += SpeechEvidence(count, count * segment.avg_logprob)
            for w in segment.words:
                # Words are aligned over the piece rounded up to whole seconds, so a last
                # word can reach past the piece into the next one's audio.
                start = min(max(w.start_s, 0.0), duration)
                end = min(max(w.end_s, start), duration)
                words.append((w.text, start, end, w.probability))
        return words, evidence


def _unheard(
    words: list[tuple[str, float, float, float]], samples: np.ndarray
) -> list[tuple[float, float]]:
    """Stretches between (or after, or before) the words with ``RECOVER_SOUND_S`` of sound
    of which Silero calls at least ``RECOVER_SPEECH_S`` speech (see there)."""
    duration = samples.size / SAMPLE_RATE
    edges = [0.0] + [t for _w, start, end, _p in words for t in (start, end)] + [duration]
    gaps = [
        (a, b) for a, b in zip(edges[0::2], edges[1::2], strict=True) if b - a >= RECOVER_SOUND_S
    ]
    if not gaps:
        return []
    activity = detect_activity(samples, SAMPLE_RATE)
    gaps = [(a, b) for a, b in gaps if activity.active_fraction(a, b) * (b - a) >= RECOVER_SOUND_S]
    if not gaps:
        return []
    speech = _speech_windows(samples)
    return [
        (a, b)
        for a, b in gaps
        if np.count_nonzero(speech[int(a / WINDOW_S) : int(b / WINDOW_S)]) * WINDOW_S
        >= RECOVER_SPEECH_S
    ]


def cut_stretches(samples: np.ndarray, pieces: PieceOptions) -> list[Piece]:
    """The stretches a :class:`Transcriber` cutting by ``pieces`` decodes: the recording cut
    at pauses exactly as live analysis cuts it while recording
    (:func:`~speakprep.transcription.pieces.cut_pieces`, Silero's pass over the take),
    consecutive pieces joined as live analysis joins them
    (:class:`~speakprep.transcription.pieces.PieceGroups`). Silero alone, not the model:
    ``Engine.analyze_samples`` cuts them while the model loads and the sound is measured."""
    samples = np.asarray(samples, np.float32).reshape(-1)
    groups = PieceGroups(pieces)
    stretches = [s for piece in cut_pieces(samples, pieces) for s in groups.add(piece)]
    return stretches + groups.finish()


def evidence_key(samples: np.ndarray, candidate: FillerCandidate) -> tuple[bytes, tuple[str, ...]]:
    """What filler evidence depends on: the samples the model hears and the words it
    stretched over them (FillerOdds hears the stretch alone, between silences).

    The transcriber keeps recent evidence under this key; benchmarks/filler_set.py keeps
    it across runs under the same key.
    """
    return _stretch_digest(heard_stretch(samples, candidate)), tuple(candidate.under)


def _stretch_digest(stretch: np.ndarray) -> bytes:
    """The key of the samples of ``stretch`` (16 bytes) for what the model made of them."""
    return hashlib.blake2b(stretch.tobytes(), digest_size=16).digest()


def _levelled(samples: np.ndarray) -> np.ndarray:
    """A quiet piece raised to a speaking level (see ``_QUIET_LEVEL``); others as they are."""
    if samples.size == 0:
        return samples
    level = float(np.percentile(np.abs(samples), 99.9))
    if level <= 0.0 or level >= _QUIET_LEVEL:
        return samples
    gain = min(_TARGET_LEVEL / level, _MAX_GAIN)
    return np.clip(samples * np.float32(gain), -1.0, 1.0).astype(np.float32)


def _is_prompt_filler(raw: str) -> bool:
    return _PROMPT_FILLER.match(raw.strip(" ,.?!…-").lower()) is not None


def _speech_windows(samples: np.ndarray) -> np.ndarray:
    """Per 32 ms window of the piece, whether Silero calls it speech."""
    whole = samples.size - samples.size % WINDOW
    return StreamingVad()(samples[:whole]) >= 0.5


def _speech_s(samples: np.ndarray) -> float:
    """Seconds of the piece that Silero calls speech."""
    return float(np.count_nonzero(_speech_windows(samples))) * WINDOW_S


def _with_fillers(
    words: list[tuple[str, float, float, float]], fillers: list[tuple[str, float, float, float]]
) -> list[tuple[str, float, float, float]]:
    """``words`` and those of ``fillers`` that overlap none of them, in time order."""
    kept = [f for f in fillers if not any(f[1] < w[2] and w[1] < f[2] for w in words)]
    return sorted(words + kept, key=lambda w: w[1])


K = TypeVar("K")
V = TypeVar("V")


def _keep(cache: OrderedDict[K, V], items: Iterable[tuple[K, V]], most: int) -> None:
    """Add ``items`` to ``cache`` and forget its oldest entries beyond ``most``."""
    cache.update(items)
    while len(cache) > most:
        cache.popitem(last=False)
