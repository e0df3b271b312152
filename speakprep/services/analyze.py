"""Audio or text in, the full practice report out: the one pipeline the CLI and app share.

load audio -> transcribe -> check words against the audio -> fillers
           -> delivery + voice -> content (sentences, labels, checks) -> score
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np

from speakprep.core.activity import Activity, detect_activity, speech_band
from speakprep.core.alignment import align_words
from speakprep.core.content import analyze_content
from speakprep.core.correction import correct_transcript
from speakprep.core.delivery import measure_delivery
from speakprep.core.filled_pauses import FillerCandidate, FillerEvidence, Settled
from speakprep.core.filler_nuclei import (
    confirms_repeat,
    doubled_fillers,
    repeated_fillers,
    split_doubled,
)
from speakprep.core.fillers import FillerLexicon, default_lexicon, filler_spans, mark_fillers
from speakprep.core.foreground import foreground
from speakprep.core.models import Delivery, Question, Report, Transcript, Voice
from speakprep.core.quality import recording_warnings
from speakprep.core.rubric import Rubric, default_rubric
from speakprep.core.score import score_answer
from speakprep.core.sentences import mend_cut_stops
from speakprep.core.settings import AnalysisSettings, load_settings
from speakprep.core.talking_points import Similarity, TalkingPoints, match_points
from speakprep.core.text import drop_words, transcript_from_text
from speakprep.core.units import SAMPLE_RATE
from speakprep.core.voice import measure_voice
from speakprep.fsutil import display_name, path_text
from speakprep.services.ahead import CheckAhead
from speakprep.services.encoder import default_judge, encoder_similarity
from speakprep.services.filler_check import Judge, check_fillers, printed_in_doubt
from speakprep.services.pause_check import check_long_pauses
from speakprep.transcription.model import ModelLoadError, resolve_model
from speakprep.transcription.pieces import PieceOptions
from speakprep.transcription.transcribe import (
    Transcriber,
    TranscriptionCancelled,
    cut_stretches,
)

__all__ = [
    "Context",
    "Engine",
    "ModelLoadError",
    "NoSpeechError",
    "Sound",
    "TextInputError",
    "TranscriptionCancelled",
    "check_model",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_DURATION_S = 15 * 60.0

# progress(stage, fraction): stage is "loading", "transcribing" or "analysing".
Progress = Callable[[str, float], None]


# A take is an answer only if the speech model was sure enough of its words: their
# segments' average log-probability, word-weighted over the take, at least this, from at
# least MIN_HEARD_WORDS words, and at most half the words from looping segments
# (transcription.transcribe). Measured on 70 takes: English answers -0.56 at worst when
# clean or at -30 dBFS, -0.63 at worst under pink noise or music at 10 dB, another voice
# at 12 dB or white noise at 5 dB; German, French, Spanish, Italian, Portuguese, Dutch,
# Polish and Swedish speech -0.81 at best, music, drums and tones -1.06 at best. Short
# fragments under strong noise fall between (the 5-9 s MFA clips under another voice at
# 12 dB: -0.73 to -0.88) and are refused.
MIN_MEAN_LOGPROB = -0.70
MIN_HEARD_WORDS = 2
MIN_HEARD_SHARE = 0.5
# Accented English under reverb or another voice can fall below that bar (espeak-ng's Welsh
# English voice: -0.73 in a reverberant room, -0.72 under a TV) while its words follow the
# sound to text the model would never have guessed. How likely the model finds the words
# with no sound (Transcriber.text_prior, mean log-probability per token) tells the two
# apart: English answers -4.5 to -7.7 (eight espeak-ng voices clean, in reverb, under a TV
# or noise; the held filler takes), what it writes for German, French, Spanish, Polish and
# Italian -0.8 to -4.7. Below PRIOR_FLUENT the bar drops PRIOR_SLOPE per unit, to
# MIN_MEAN_LOGPROB_FLOOR at most (reached at a prior of -5.8). At a slope of 0.1 a third
# Welsh take under a TV (tests/data/unsure_english, -0.82 at a prior of -5.9 at int8) was
# refused by 0.03 at int8 and heard by 0.03 at float32; at 0.25 the three Welsh takes pass
# 0.08 to 0.18 above their bar (1 and 4 threads, int8 and float32). Other languages never
# write words that unlikely: the nearest, French at -0.78 (prior -4.1) and German at -0.81
# (prior -4.7), would need a prior of -5.3 and -5.5 (at 0.1: -5.8 and -6.1).
# benchmarks/no_speech.py prints it all. The prior of a few words says little: it counts
# from PRIOR_MIN_WORDS heard words.
PRIOR_FLUENT = -5.0
PRIOR_SLOPE = 0.25
MIN_MEAN_LOGPROB_FLOOR = -0.90
PRIOR_MIN_WORDS = 10
# A take refused on those bars is heard again with the sound under its loud parts turned
# down (speakprep.core.foreground): a TV or people behind the speaker had made the model
# unsure of the speaker's words. That second reading is a second chance for any take, so
# its confidence must clear the same bars by this much. Measured (session 20): the JFK clip
# under a TV 12 dB down (benchmarks/tv_real_host.py) 0.14 to 0.38 above its bar in the
# foreground at int8; of the 35 other takes of benchmarks/no_speech.py (13 languages, some
# under a TV, noise, a room or music) espeak-ng French came nearest, 0.03 above it at int8
# (refused then only as a loop), Dutch 0.09 under it at float32.
FOREGROUND_MARGIN = 0.10


# Filler candidates scored at a time by Engine.prepare_fillers, between looks at its stop
# (stop waits for the group in progress, a fraction of a second).
_PREPARE_GROUP = 4


# Takes up to this long have their sound measured beside the first decodes (on the clips it
# was the last of the three start-up steps, alone on a core while the model waited); a
# longer take's sound is measured before the model decodes: beside the decoding its arrays
# had added 142 MB to the peak of a 15-minute file (benchmarks/memory.py), at most a
# third of that here.
_SOUND_BESIDE_DECODING_S = 5 * 60.0


# The words before the stretches not checked yet that Engine._check_ahead gives with them:
# a candidate near the join is asked about with the words around it.
_AHEAD_CONTEXT_S = 10.0


class _Stopped(Exception):
    """Engine.prepare_fillers was told to stop."""


class TextInputError(ValueError):
    """A transcript file that cannot be used; ``str()`` is one line for a person."""


class NoSpeechError(ValueError):
    """A recording with no recognisable English speech (music, noise, tones, silence,
    another language): not an answer, so there is no report and nothing to save.

    ``str()`` is one line for a person that starts with the file's name, as an
    ``AudioLoadError`` does, and says what to do: ``"song.wav: no English speech
    recognised; ..."``.
    """

    def __init__(
        self, source: str | None, *, file_problem: str = "", unclear: bool = False
    ) -> None:
        self.source = source
        self.file_problem = file_problem
        # Words enough were heard, none clearly (a TV or a busy room over the answer, or
        # another language): the microphone works; the room or the language is the thing
        # to change, and the message says so.
        self.unclear = unclear
        what = (
            f"{display_name(source)}: no English speech recognised"
            if source
            else "No English speech recognised in this recording"
        )
        if unclear:
            what += " (speech heard, but unclear: a noisy room or another language)"
        self.what = what
        # What the file told as it was read (it ends early, parts could not be decoded) is
        # the likelier cause then, and the thing to fix.
        tail = (
            f", and {file_problem}" if file_problem else "; import a recording of a spoken answer"
        )
        super().__init__(f"{what}{tail}")


def check_model(model: str | None) -> str | None:
    """Why ``model`` (a folder or name; None for the bundled one) cannot be used, or None.

    A quick look at the folder, for settings forms; loading can still fail later.
    """
    try:
        resolve_model(model)
    except ModelLoadError as err:
        return str(err)
    return None


@dataclass(frozen=True, slots=True)
class Sound:
    """What the analysis measures in a take's audio alone: where the sound is, the voice."""

    activity: Activity
    voice: Voice


@dataclass(frozen=True, slots=True)
class Context:
    """What the user told us about the interview."""

    question: str | None = None
    company: str | None = None
    role: str | None = None
    talking_points: TalkingPoints | None = None


@dataclass
class Engine:
    """The analysis engine: data files loaded once, the speech model loaded on first use."""

    settings: AnalysisSettings = field(default_factory=load_settings)
    # The packaged rubric and lexicon are the ones the sentence and alignment rules fall
    # back on (default_rubric, default_lexicon): loading them again here parsed their TOML
    # twice per process (0.1 CPU s of a 90 s take's analysis).
    rubric: Rubric = field(default_factory=default_rubric)
    lexicon: FillerLexicon = field(default_factory=default_lexicon)
    model: str | None = None
    max_duration_s: float = DEFAULT_MAX_DURATION_S
    # Matches talking points by meaning (the packaged sentence encoder); None: by words only.
    similarity: Similarity | None = encoder_similarity
    # The cores the model may use, shared out over its replicas (transcribe.replica_layout);
    # 0: those this process may run on (speakprep.cpu.usable_cores). A batch of N worker
    # processes gives each a share of the cores (speakprep.services.batch).
    cpu_threads: int = 0
    # Where the loaded model cuts a take into the stretches it decodes.
    pieces: PieceOptions = PieceOptions()
    _transcriber: Transcriber | None = field(default=None, repr=False)
    _loading: Future[Transcriber] | None = field(default=None, repr=False)

    @property
    def transcriber(self) -> Transcriber:
        """The Whisper model, loaded once (it takes a second or two).

        Raises:
            ModelLoadError: it cannot be loaded (asked again, it is tried again).
        """
        if self._transcriber is None:
            loading = self._start_loading()
            try:
                self._transcriber = loading.result()
            finally:
                self._loading = None
        return self._transcriber

    def _start_loading(self) -> Future[Transcriber]:
        """The model loading on a thread of its own (started here if it is not loading).

        A first analysis cuts the take with Silero and measures its sound while the model
        loads (CTranslate2 loads without holding Python's lock; Silero had waited for it).
        """
        if self._loading is None:
            pool = ThreadPoolExecutor(1, thread_name_prefix="speakprep-load")
            self._loading = pool.submit(
                Transcriber, self.model, cores=self.cpu_threads, pieces=self.pieces
            )
            pool.shutdown(wait=False)
        return self._loading

    def question(self, context: Context) -> Question:
        return self.rubric.question(context.question)

    def analyze_text(
        self, text: str, context: Context = Context(), *, source: str | None = None
    ) -> Report:
        """Analyse a written transcript: content checks, no delivery figures."""
        if not text.strip():
            raise TextInputError(f"{source or 'the transcript'}: it is empty")
        transcript = mark_fillers(transcript_from_text(text), self.lexicon)
        return self._report(transcript, None, context, source=source, model=None)

    def analyze_file(
        self,
        path: str | Path,
        context: Context = Context(),
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        """Analyse a recording in any format ``load_audio`` reads."""
        from speakprep.audio.files import check_audio_file, load_audio

        # A missing file is told before "reading audio...", not after it.
        check_audio_file(Path(path))
        if progress:
            progress("loading", 0.0)
        # The model loads while the file is read (on a first analysis: reading and Silero's
        # cut were otherwise alone on a core while the load ran beside the sound).
        if self._transcriber is None:
            self._start_loading()
        audio = load_audio(path, max_duration_s=self.max_duration_s)
        try:
            report = self.analyze_samples(
                audio.samples, context, source=str(path), progress=progress, cancel=cancel
            )
        except NoSpeechError as err:
            if not audio.warnings:
                raise
            raise NoSpeechError(
                str(path), file_problem="; ".join(audio.warnings), unclear=err.unclear
            ) from err
        # What the file itself told us (it ended early, parts could not be decoded) first,
        # as sentences like the notes after it: a new user read "! the file ends early
        # (truncated); analysed the 31.2 s ..." over "! The take is very quiet ... level.".
        file_notes = tuple(f"{w[:1].upper()}{w[1:]}." for w in audio.warnings)
        return replace(report, warnings=(*file_notes, *report.warnings))

    def analyze_samples(
        self,
        samples: np.ndarray,
        context: Context = Context(),
        *,
        source: str | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        """Analyse 16 kHz mono float32 samples."""
        # The sound alone (activity, voice) needs no words: measured on another thread while
        # the model loads (on its own, Engine._start_loading) and Silero cuts the take, and
        # for a long take done before the model decodes (_SOUND_BESIDE_DECODING_S). The
        # words of each window are checked with the model while the next one is transcribed.
        with ThreadPoolExecutor(1, thread_name_prefix="speakprep-measure") as pool:
            measured = pool.submit(self.measure_sound, samples)
            if self._transcriber is None:
                self._start_loading()
            if progress:
                progress("transcribing", 0.0)
            loaded = self._transcriber
            stretches = cut_stretches(samples, loaded.pieces if loaded else self.pieces)
            transcriber = self.transcriber
            if samples.size > _SOUND_BESIDE_DECODING_S * SAMPLE_RATE:
                measured.result()
            with CheckAhead(partial(self._check_ahead, samples, measured)) as ahead:
                raw = transcriber.transcribe(
                    samples,
                    progress=(lambda f: progress("transcribing", f)) if progress else None,
                    cancel=cancel,
                    heard=ahead.offer,
                    stretches=stretches,
                )
            sound = measured.result()
        if progress:
            progress("analysing", 0.0)
        return self.analyze_transcribed(
            samples, raw, context, source=source, model=transcriber.label, sound=sound
        )

    def measure_sound(self, samples: np.ndarray) -> Sound:
        """What the analysis measures in the audio alone, before or while it is transcribed."""
        # Both measures read the speech band: high-passed once (0.02 CPU s of a 90 s take).
        samples = np.asarray(samples, np.float32)
        band = speech_band(samples, SAMPLE_RATE)
        activity = detect_activity(samples, SAMPLE_RATE, band_passed=band)
        voice = measure_voice(
            samples, SAMPLE_RATE, activity, settings=self.settings.voice, band_passed=band
        )
        return Sound(activity, voice)

    def analyze_transcribed(
        self,
        samples: np.ndarray,
        raw: Transcript,
        context: Context = Context(),
        *,
        source: str | None = None,
        model: str | None = None,
        sound: Sound | None = None,
    ) -> Report:
        """Everything after transcription; also used by live analysis on joined chunks.

        ``sound`` is :meth:`measure_sound` of ``samples`` if it was measured already.

        Raises:
            NoSpeechError: the take holds no recognisable English speech.
        """
        recording_s = samples.size / SAMPLE_RATE
        if sound is None:
            sound = self.measure_sound(samples)
        activity, voice = sound.activity, sound.voice
        transcript = self._marked(samples, raw, activity)
        heard = _heard(transcript, raw, self.transcriber.text_prior)
        if heard != "english" and raw.words:
            # Words heard, too few or none clearly: maybe a voice behind the speaker (a TV)
            # that the model wrote into theirs. It hears the take again with the quieter
            # sound turned down (core.foreground), and the same rule, FOREGROUND_MARGIN
            # stricter, judges that reading.
            again = self.transcriber.transcribe(foreground(samples, SAMPLE_RATE))
            marked = self._marked(samples, again, activity)
            prior = self.transcriber.text_prior
            if _heard(marked, again, prior, margin=FOREGROUND_MARGIN) == "english":
                transcript, heard = marked, "english"
        if heard != "english":
            raise NoSpeechError(source, unclear=heard == "unclear")
        judge = self.transcriber.filler_evidence
        check_pauses = partial(
            check_long_pauses,
            samples=samples,
            read_joined=self.transcriber.read_joined,
            min_gap_s=self.transcriber.pieces.group_break_s,
            rubric=self.rubric,
        )
        # The long pauses are heard again (Transcriber.read_joined keeps each reading) on the
        # words before the filler check, beside it on the model's other replica: the check
        # below then finds the readings of the pauses the fillers left as they were. The
        # printed fillers the check hears again, and the repeats and nuclei _recheck_printed
        # hears after it (those of the words before the check: the same ones unless the
        # check changed those fillers), are heard on the other replica while it looks for
        # candidates, and the sentence encoder the report needs loads beside it: the model
        # keeps the evidence, and the analysis' own calls find it (they had run one at a
        # time, on one core, after the candidates').
        _, in_doubt = printed_in_doubt(transcript, activity, samples, SAMPLE_RATE)
        with ThreadPoolExecutor(4, thread_name_prefix="speakprep-beside") as pool:
            pool.submit(_head_start, check_pauses, transcript)
            if in_doubt:
                pool.submit(_head_start, judge, samples, in_doubt)
            pool.submit(_head_start, _recheck_printed, transcript, activity, samples, judge)
            pool.submit(default_judge)
            transcript = check_fillers(transcript, activity, samples, SAMPLE_RATE, judge)
            transcript = _recheck_printed(transcript, activity, samples, judge)
        transcript = check_pauses(transcript)
        delivery = measure_delivery(
            transcript,
            filler_spans(transcript),
            recording_s=recording_s,
            settings=self.settings,
            voice=voice,
        )
        report = self._report(transcript, delivery, context, source=source, model=model)
        warnings = recording_warnings(
            samples, SAMPLE_RATE, transcript.words, activity, voice, self.settings.warnings
        )
        return replace(report, warnings=warnings)

    def prepare_fillers(
        self,
        samples: np.ndarray,
        raw: Transcript,
        *,
        stop: threading.Event | None = None,
        activity: Activity | None = None,
    ) -> None:
        """Score the filler candidates of the take so far, while it is still recorded.

        Live analysis calls this with the audio and words up to the last cut; the model's
        evidence is kept (``Transcriber.filler_evidence``), so at stop
        :meth:`analyze_transcribed` scores only the stretches it has not seen: the same
        evidence, and the same report, as without this call. Setting ``stop`` ends it early.
        A whole-file analysis calls it with the whole take, its ``activity`` and the words
        transcribed so far (no candidate lies after the last word).
        """
        if not raw.words:
            return
        if activity is None:
            activity = detect_activity(samples, SAMPLE_RATE)
        transcript = self._marked(samples, raw, activity)
        judge = self.transcriber.filler_evidence

        def judge_until_stopped(
            audio: np.ndarray,
            candidates: Sequence[FillerCandidate],
            settled: Settled | None = None,
        ) -> list[FillerEvidence]:
            out: list[FillerEvidence] = []
            for first in range(0, len(candidates), _PREPARE_GROUP):
                if stop is not None and stop.is_set():
                    raise _Stopped()
                out += judge(audio, candidates[first : first + _PREPARE_GROUP], settled)
            return out

        with contextlib.suppress(_Stopped):
            checked = check_fillers(transcript, activity, samples, SAMPLE_RATE, judge_until_stopped)
            _recheck_printed(checked, activity, samples, judge_until_stopped)

    def _check_ahead(
        self,
        samples: np.ndarray,
        sound: Future[Sound],
        raw: Transcript,
        checked_s: float,
        stop: threading.Event,
    ) -> None:
        """:meth:`prepare_fillers` of the words so far, ``raw``, with the take's own
        ``sound`` (its candidates are then the ones the whole take's analysis asks about;
        waited for, if it is still measured).

        Only the words after ``checked_s`` (checked by an earlier call) and the
        ``_AHEAD_CONTEXT_S`` before it: each call costs the new stretch, not the take so far.
        """
        keep_from_s = checked_s - _AHEAD_CONTEXT_S
        older = [i for i, w in enumerate(raw.words) if (w.end_s or 0.0) < keep_from_s]
        recent = drop_words(raw, older)
        self.prepare_fillers(samples, recent, stop=stop, activity=sound.result().activity)

    def _marked(self, samples: np.ndarray, raw: Transcript, activity: Activity) -> Transcript:
        """The raw words checked against the audio (its ``activity``), fillers marked."""
        aligned = align_words(raw.words, activity)
        transcript = drop_words(
            Transcript(
                text=raw.text,
                words=aligned.words,
                recording_s=samples.size / SAMPLE_RATE,
                language=raw.language,
            ),
            aligned.dropped,
        )
        return mend_cut_stops(mark_fillers(transcript, self.lexicon), rubric=self.rubric)

    def _report(
        self,
        transcript: Transcript,
        delivery: Delivery | None,
        context: Context,
        *,
        source: str | None,
        model: str | None,
    ) -> Report:
        question = self.question(context)
        content = analyze_content(
            transcript,
            rubric=self.rubric,
            question=question,
            company=context.company,
            role=context.role,
            pauses=delivery.pauses if delivery else (),
            speaking_s=delivery.speaking_s if delivery else None,
            judge=default_judge(),
            speaking_status=delivery.target_status if delivery else None,
            speaking_bands=self.settings.speaking_time,
        )
        score = score_answer(content, delivery, self.settings)
        points = context.talking_points
        matches = (
            match_points(points, [s.text for s in content.sentences], similarity=self.similarity)
            if points is not None
            else ()
        )
        return Report(
            question=question,
            transcript=transcript,
            delivery=delivery,
            content=content,
            score=score,
            company=context.company,
            role=context.role,
            # Every sink the report goes to (SQLite, JSON, CSV, exports) is UTF-8.
            source=path_text(source) if source is not None else None,
            model=model,
            talking_points=matches,
        )

    def analyze_corrected(self, report: Report, text: str, context: Context) -> Report:
        """``report`` scored again on the user's corrected words, the audio's timings kept.

        Raises ``CorrectionError`` for a text with no words.
        """
        transcript = mark_fillers(correct_transcript(report.transcript, text), self.lexicon)
        delivery = None
        if report.delivery is not None:
            delivery = measure_delivery(
                transcript,
                filler_spans(transcript),
                recording_s=report.delivery.recording_s,
                settings=self.settings,
                voice=report.delivery.voice,
            )
        fresh = self._report(
            transcript, delivery, context, source=report.source, model=report.model
        )
        heard = report.heard_text if report.heard_text is not None else report.transcript.text
        return replace(fresh, heard_text=heard, warnings=report.warnings)


def _head_start(check: Callable[..., object], *args: object) -> None:
    """``check(*args)`` for what the model keeps of it (the long pauses' readings, the
    filler evidence): the analysis asks the same again and finds it."""
    try:
        check(*args)
    except Exception:  # only a head start: the analysis does it all again
        log.exception("a check ahead failed")


def _recheck_printed(
    transcript: Transcript, activity: Activity, samples: np.ndarray, judge: Judge
) -> Transcript:
    """``transcript`` without the printed fillers the model wrote twice and with each
    printed filler drawn over two said ones split in two
    (:mod:`speakprep.core.filler_nuclei`); ``judge`` hears each repeat and nucleus."""
    repeats = repeated_fillers(transcript.words)
    if repeats:
        heard = judge(
            samples,
            [
                FillerCandidate(
                    transcript.words[i].start_s or 0.0, transcript.words[i].end_s or 0.0
                )
                for i in repeats
            ],
        )
        gone = [i for i, e in zip(repeats, heard, strict=True) if not confirms_repeat(e)]
        transcript = drop_words(transcript, gone)
    doubled = doubled_fillers(transcript.words, activity)
    if not doubled:
        return transcript
    nuclei = [n for d in doubled for n in d.nuclei]
    return split_doubled(transcript, doubled, judge(samples, nuclei))


def _heard(
    transcript: Transcript,
    raw: Transcript,
    text_prior: Callable[[str], float | None],
    *,
    margin: float = 0.0,
) -> Literal["english", "unclear", "none"]:
    """Whether a take holds English speech ("english"): a word that is no filler once
    checked against the audio, and enough of the raw words heard as speech (not measured:
    None), with the model sure enough of them (:func:`_logprob_bar`, raised by ``margin``).
    "unclear": as many words heard as the prior needs (PRIOR_MIN_WORDS), the model not sure
    enough of them (English under a TV or in a busy room, or another language); "none"
    otherwise."""
    if not any(not w.filler for w in transcript.words):
        return "none"
    evidence = raw.evidence
    if evidence is None:
        return "english"
    mean = evidence.mean_logprob
    if (
        mean is None
        or evidence.words < MIN_HEARD_WORDS
        or evidence.words < MIN_HEARD_SHARE * len(raw.words)
    ):
        return "none"
    if mean >= MIN_MEAN_LOGPROB + margin:
        return "english"
    if evidence.words < PRIOR_MIN_WORDS:
        return "none"
    if mean >= MIN_MEAN_LOGPROB_FLOOR + margin and mean >= margin + _logprob_bar(
        text_prior(" ".join(w.text for w in raw.words))
    ):
        return "english"
    return "unclear"


def _logprob_bar(prior: float | None) -> float:
    """The model's confidence English words need, given how likely it finds them with no
    sound (``prior``, see PRIOR_FLUENT): lower for text it would not have guessed."""
    if prior is None:
        return MIN_MEAN_LOGPROB
    lowered = MIN_MEAN_LOGPROB + PRIOR_SLOPE * min(prior - PRIOR_FLUENT, 0.0)
    return max(lowered, MIN_MEAN_LOGPROB_FLOOR)
