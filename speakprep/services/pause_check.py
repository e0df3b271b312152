"""Long pauses checked with the speech model: a stop the model printed only because the pause
ended what it heard is taken out.

The words around a pause decide first (:mod:`speakprep.core.pause_context`, applied by
``whisper_stops.mend_cut_stops``). Across a pause long enough that the model decoded the two
sides apart, a stop the words leave standing is put to the model once more: it hears the
words around the pause with the pause shortened (``Transcriber.read_joined``), and where it
then gives a stop after the words before it less than even odds, the stop goes. The
transcript then says the sentence goes on, so the pause is flagged mid-sentence
(``delivery.find_pauses``) and the sentence stays whole on the timeline, by the same text a
corrected or reloaded report is judged by.

When the clause after the pause is opened by its subject ("I", "we", "my", ...: rubric.toml
``subject_words``; or "Later, I want ...": ``_opened_by_subject``) the model must be surer:
after a silence that long, such a clause starts a sentence, and the model, hearing two such
clauses without the silence, read them as one ("... people asking why | I moved the longer
treatments ...": 7 of the 40 between-sentence pauses of the tune part of
benchmarks/voice_grid.py called mid-sentence when such pauses were read as any other; "on
weekends. | Later I want to ...": 0.15-0.33 on benchmarks/pause_set.py). Such pauses were
once not put to the model at all, and a subject word the first decode invented across the
join kept a sentence split ("talking really slow and slightly lower. | We're in
intensity": the model, hearing it joined, gives a stop there 0.007).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

import numpy as np

from speakprep.core.cues import SentenceCues, is_hard_filler, normalize
from speakprep.core.models import Transcript, Word
from speakprep.core.pause_context import sentence_ends_between
from speakprep.core.rubric import Rubric
from speakprep.core.whisper_stops import stop_between, take_out_stops
from speakprep.transcription.joined_pause import CONTEXT_AFTER_S, CONTEXT_BEFORE_S, JoinedReading

# Transcriber.read_joined: samples, start_s, pause_start_s, pause_end_s, end_s.
ReadJoined = Callable[..., JoinedReading | None]
# The model's probability of a stop at the join below which the stop goes; before a clause
# opened by its subject word (see the module docstring).
_STOP_PROBABILITY = 0.5
_STOP_PROBABILITY_BEFORE_SUBJECT = 0.1
# Words after the pause within which a subject word opens a clause of its own.
_SUBJECT_WITHIN_WORDS = 3
# A comma and the word after it (see _comma_splices_stopped).
_COMMA_WORD = re.compile(r",(?P<space>\s+)(?P<word>[\w'’]+)")


def check_long_pauses(
    transcript: Transcript,
    samples: np.ndarray,
    read_joined: ReadJoined,
    *,
    min_gap_s: float,
    rubric: Rubric,
) -> Transcript:
    """``transcript`` without the stops before pauses of ``min_gap_s`` or more at which the
    model, hearing the two sides without the pause, ends no sentence. ``read_joined`` is
    called once per such pause that the words around it do not already decide; takes
    without one cost nothing."""
    cues = rubric.sentences
    assert cues is not None
    words = transcript.words
    located = [i for i, w in enumerate(words) if _placed(w)]
    joins: list[tuple[int, int]] = []
    lower: set[int] = set()
    for i, j in itertools.pairwise(located):
        a, b = words[i], words[j]
        gap = (b.start_s or 0.0) - (a.end_s or 0.0)
        if gap < min_gap_s or not stop_between(transcript, i, j):
            continue
        text = transcript.text
        if not sentence_ends_between(text, a.char_end, b.char_start, gap, cues):
            continue
        context = [k for k in located if _near(words[k], a, b)]
        first = min(context, key=lambda k: words[k].start_s or 0.0)
        before = text[words[first].char_start or 0 : a.char_end]
        readings = [
            read_joined(
                samples,
                start_s=words[first].start_s or 0.0,
                pause_start_s=a.end_s,
                pause_end_s=b.start_s,
                end_s=max(words[k].end_s or 0.0 for k in context),
                before_text=spelled,
                next_word=b.text,
            )
            for spelled in dict.fromkeys((before, _comma_splices_stopped(before, cues)))
        ]
        reading = readings[0]
        # "... asking why. | I moved ...": a clause opened by its subject
        bar = (
            _STOP_PROBABILITY_BEFORE_SUBJECT
            if _opened_by_subject(words, j, cues)
            else _STOP_PROBABILITY
        )
        if reading is None or max(r.stop_probability for r in readings if r) >= bar:
            continue
        joins.append((i, j))
        if _written_lower(reading.next_word, b.text):
            lower.add(j)
    return take_out_stops(transcript, joins, lower)


def _comma_splices_stopped(text: str, cues: SentenceCues) -> str:
    """``text`` with each comma before a subject word after its last stop a full stop
    ("simple, I want" -> "simple. I want"). The model's reading follows its own punctuation
    of the words it is given: "My first goal is simple, I want to lead ... for the sales
    floor. | The planning team ..." read a stop 0.39 where "simple. I want ..." read 0.90
    (pause_end_awb_hum, float32; the two differ only in the first decode's comma). A pause
    is read both ways and the stop stays if either reading keeps it. Only in the sentence
    the pause ends: a splice sentences before it ("you know, there's some speech errors,
    but it cares. Umm, this is me talking really slow and slightly lower | in intensity")
    raised the reading of an inside pause over the bar."""

    def stopped(match: re.Match[str]) -> str:
        word = match.group("word")
        if normalize(word) not in cues.subject_words:
            return match.group(0)
        return "." + match.group("space") + word[:1].upper() + word[1:]

    last_stop = max(text.rfind(mark) for mark in ".!?") + 1
    return text[:last_stop] + _COMMA_WORD.sub(stopped, text[last_stop:])


def _opened_by_subject(words: Sequence[Word], j: int, cues: SentenceCues) -> bool:
    """Whether the clause from word ``j`` is opened by its subject: a subject word among its
    first ``_SUBJECT_WITHIN_WORDS`` words, fillers aside ("uh, I have a cold" as "I have a
    cold", as every pause rule reads the words), with no word before it that ties the clause
    to the one before the pause (rubric.toml ``split_blockers``: "while I work", "so that I
    can"): "Later, I want to ...", "One day I hope to ..."."""
    spoken = (normalize(w.text) for w in words[j:])
    heard = (t for t in spoken if not is_hard_filler(t, cues.hard_fillers))
    for token in itertools.islice(heard, _SUBJECT_WITHIN_WORDS):
        if token in cues.subject_words:
            return True
        if token in cues.split_blockers:
            return False
    return False


def _written_lower(heard: str, word: str) -> bool:
    """Whether the model wrote ``word`` in lower case when it heard it without the pause
    (``heard`` is its spelling there, punctuation and all: the same word, lower case)."""
    spelled = heard.strip(".,!?;:\"'()")
    return spelled[:1].islower() and spelled.lower() == word.lower()


def _placed(word: Word) -> bool:
    """A word printed by the model, in the text and timed."""
    return (
        word.source != "audio"
        and word.char_start is not None
        and word.start_s is not None
        and word.end_s is not None
    )


def _near(word: Word, before: Word, after: Word) -> bool:
    """A word of the context heard around the pause between ``before`` and ``after``."""
    start, end = word.start_s or 0.0, word.end_s or 0.0
    return (before.end_s or 0.0) - CONTEXT_BEFORE_S <= start and end <= (
        after.start_s or 0.0
    ) + CONTEXT_AFTER_S
