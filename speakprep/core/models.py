"""The data that flows through the analysis: words in, a report out.

Times are seconds from the start of the recording (``*_s``); character offsets index into
the transcript the content checks ran on. In text mode (a transcript with no audio) every
time is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol, TypeGuard

from speakprep.core.talking_points import PointMatch

Label = Literal["short_term", "long_term", "plan", "other"]
LABELS: tuple[Label, ...] = ("short_term", "long_term", "plan", "other")

FillerKind = Literal["hard", "discourse"]
WordSource = Literal["asr", "audio"]
# How a delivery figure sits against its bands (core/settings.py decides, assets/analysis.toml
# holds the numbers); every screen and export words these the same way.
TargetStatus = Literal["too_short", "on_target", "a_little_long", "too_long"]
PaceStatus = Literal["slow", "a_little_slow", "good", "a_little_fast", "fast"]
FillerStatus = Literal["good", "fair", "high"]


@dataclass(frozen=True, slots=True)
class Word:
    """One transcribed word, or a filler heard in the audio that the model did not print.

    ``text`` is the word as it appears in the transcript, with its punctuation stripped
    (``"goals"`` for ``"goals,"``). A word with ``source="audio"`` has a text such as
    ``"(um)"`` and no character offsets.
    """

    text: str
    start_s: float | None = None
    end_s: float | None = None
    probability: float | None = None
    filler: bool = False
    filler_kind: FillerKind | None = None
    source: WordSource = "asr"
    char_start: int | None = None
    char_end: int | None = None

    @property
    def duration_s(self) -> float | None:
        if self.start_s is None or self.end_s is None:
            return None
        return self.end_s - self.start_s


class TimedWord(Protocol):
    """A :class:`Word` known to have both times: what timing analysis works on.

    The type tells a timed word from a :class:`Word` whose times may be missing (a typed
    transcript); :func:`timed_words` is where one becomes the other.
    """

    @property
    def text(self) -> str: ...
    @property
    def start_s(self) -> float: ...
    @property
    def end_s(self) -> float: ...
    @property
    def probability(self) -> float | None: ...
    @property
    def filler(self) -> bool: ...
    @property
    def filler_kind(self) -> FillerKind | None: ...
    @property
    def source(self) -> WordSource: ...
    @property
    def char_start(self) -> int | None: ...
    @property
    def char_end(self) -> int | None: ...


def is_timed(word: Word) -> TypeGuard[TimedWord]:
    """Whether ``word`` has a start and an end time."""
    return word.start_s is not None and word.end_s is not None


def timed_words(words: Iterable[Word]) -> list[TimedWord]:
    """The words that have both times, in order."""
    return [w for w in words if is_timed(w)]


def retime(
    word: TimedWord, *, start_s: float | None = None, end_s: float | None = None
) -> TimedWord:
    """``word`` with a new start and/or end time."""
    assert isinstance(word, Word)
    moved = replace(
        word,
        start_s=word.start_s if start_s is None else start_s,
        end_s=word.end_s if end_s is None else end_s,
    )
    assert is_timed(moved)
    return moved


def as_words(words: Iterable[TimedWord]) -> tuple[Word, ...]:
    """Timed words as the plain :class:`Word` s a transcript holds (they are the same objects)."""
    out = tuple(words)
    if not _are_words(out):
        raise TypeError("a timed word must be a Word")
    return out


def _are_words(items: tuple[object, ...]) -> TypeGuard[tuple[Word, ...]]:
    return all(isinstance(w, Word) for w in items)


@dataclass(frozen=True, slots=True)
class SpeechEvidence:
    """What the speech model's own scores say about its words: were they English speech?

    ``words`` counts the words of segments whose text did not loop ("I don't know, I don't
    know, ..."), ``logprob_sum`` adds each such word's segment average log-probability.
    """

    words: int = 0
    logprob_sum: float = 0.0

    def __add__(self, other: SpeechEvidence) -> SpeechEvidence:
        return SpeechEvidence(self.words + other.words, self.logprob_sum + other.logprob_sum)

    @property
    def mean_logprob(self) -> float | None:
        """Word-weighted mean of the segments' average log-probability; None with no word."""
        return self.logprob_sum / self.words if self.words else None


@dataclass(frozen=True, slots=True)
class Transcript:
    """The transcript text and its words, each word pointing into the text."""

    text: str
    words: tuple[Word, ...]
    recording_s: float | None = None
    language: str | None = None
    # How sure the speech model was of its words (speakprep.transcription.transcribe); None
    # when not measured (typed text, a report read back from JSON). Evidence for the
    # analysis, not part of the report.
    evidence: SpeechEvidence | None = field(default=None, compare=False)

    @property
    def timed(self) -> bool:
        return any(w.start_s is not None for w in self.words)


@dataclass(frozen=True, slots=True)
class Pause:
    start_s: float
    end_s: float
    mid_sentence: bool = False
    long: bool = False

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class FillerItem:
    text: str
    kind: FillerKind
    start_s: float | None
    end_s: float | None
    source: WordSource = "asr"


@dataclass(frozen=True, slots=True)
class PacePoint:
    """Words per minute over a window centred on ``time_s``."""

    time_s: float
    wpm: float


@dataclass(frozen=True, slots=True)
class Voice:
    """Loudness and pitch variation; ``None`` fields could not be measured."""

    loudness_db: tuple[tuple[float, float], ...] = ()  # (time_s, dBFS) envelope for the timeline
    loudness_mean_db: float | None = None
    loudness_range_db: float | None = None
    pitch_median_hz: float | None = None
    pitch_range_semitones: float | None = None
    monotone: bool | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    recording_s: float
    speaking_s: float
    target_s: float
    target_status: TargetStatus
    word_count: int
    wpm: float
    pace_status: PaceStatus
    pace_over_time: tuple[PacePoint, ...]
    fillers: tuple[FillerItem, ...]
    fillers_per_minute: float
    filler_status: FillerStatus
    pauses: tuple[Pause, ...]
    repetitions: tuple[tuple[str, int], ...] = ()
    voice: Voice | None = None
    # Spoken too briefly for ``wpm`` and ``fillers_per_minute`` to be shown as rates or to
    # count in the score (SpeakingTimeBands.rates_from_s); the figures are kept.
    too_short_to_rate: bool = False

    @property
    def long_pauses(self) -> tuple[Pause, ...]:
        """The pauses flagged long (mid-sentence, over the long threshold): what the score,
        the pauses tile, the reports and the coaching count."""
        return tuple(p for p in self.pauses if p.long)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    char_start: int
    char_end: int
    start_s: float | None = None
    end_s: float | None = None
    label: Label = "other"
    word_indexes: tuple[int, ...] = ()
    reason: str = ""  # why the label: the rule cue or the closest labelled examples


@dataclass(frozen=True, slots=True)
class Segment:
    """Consecutive sentences with the same label: one coloured band of the timeline."""

    label: Label
    start_s: float | None
    end_s: float | None
    sentence_indexes: tuple[int, ...]


CheckStatus = Literal["pass", "warn", "fail"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One rubric check.

    ``found`` says whether the thing is in the answer (for a pitfall: the pitfall is
    there); ``ok`` says whether that is good. ``evidence`` holds sentence indexes.
    """

    id: str
    title: str
    found: bool
    ok: bool
    evidence: tuple[int, ...]
    advice: str
    pitfall: bool = False
    status: CheckStatus = "pass"
    weight: float = 0.0
    applies: bool = True  # False: reported for completeness, but the question does not ask for it
    reason: str = ""  # why it was set so: the cue, the sentence or the measure behind it
    # within_target: the speaking-time status it judged ("too_short" ...), estimated from the
    # word count in text mode, where the report has no delivery to say it ("" otherwise).
    speaking_status: str = ""


@dataclass(frozen=True, slots=True)
class ContentResult:
    sentences: tuple[Sentence, ...]
    segments: tuple[Segment, ...]
    checks: tuple[CheckResult, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """The 0-100 score, its parts and its one-word verdict (see ``core.score``).

    ``penalties`` holds the points taken off the total by name ("too_long", "monotone",
    "repetition"); ``verdict`` is "excellent", "good", "fair" or "weak" ("" in reports saved
    before verdicts were part of the score).
    """

    total: int
    content: float
    delivery: float | None
    parts: dict[str, float] = field(default_factory=dict)
    penalties: dict[str, float] = field(default_factory=dict)
    verdict: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    checks: tuple[str, ...]
    focus: tuple[str, ...] = ()
    custom: bool = False
    # The horizon ("short" / "long") a goal with none of its own takes in an answer to this
    # question (labelling.md rule 11), when the question's wording sets one that its time
    # words do not say ("What direction ...": a direction is the long view, rule 2).
    frame: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one analysis found; ``warnings`` are one-line notes a person should see
    (a truncated file, clipping, a very quiet take, a stretch the model could not hear)."""

    question: Question
    transcript: Transcript
    delivery: Delivery | None
    content: ContentResult
    score: Score
    company: str | None = None
    role: str | None = None
    source: str | None = None
    model: str | None = None
    # The transcript as the model heard it, when the user corrected the words since.
    heard_text: str | None = None
    # The user's talking points for the question and whether the take said each one.
    talking_points: tuple[PointMatch, ...] = ()
    warnings: tuple[str, ...] = ()
