"""Content analysis of an answer: sentences, labels, timeline segments and rubric checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from speakprep.core.checks import CheckInput, evaluate_checks
from speakprep.core.cues import is_hard_filler
from speakprep.core.labels import label_sentences
from speakprep.core.models import ContentResult, Pause, Question, Transcript
from speakprep.core.rubric import Rubric
from speakprep.core.segments import build_segments
from speakprep.core.sentences import split_sentences


def analyze_content(
    transcript: Transcript,
    *,
    rubric: Rubric,
    question: Question,
    company: str | None = None,
    role: str | None = None,
    pauses: Sequence[Pause] = (),
    speaking_s: float | None = None,
) -> ContentResult:
    """Split, label and check an answer against the rubric.

    ``company`` / ``role`` let employer_link recognise the employer by name. ``speaking_s``
    is the measured speaking time; in text mode (``None``) within_target estimates it from
    the number of non-filler words.
    """
    sentences = split_sentences(transcript, pauses, rubric=rubric)
    labelled, features = label_sentences(
        sentences, transcript, rubric=rubric, current_year=date.today().year
    )
    assert rubric.sentences is not None
    fillers = rubric.sentences.hard_fillers
    word_count = sum(
        1
        for w in transcript.words
        if not w.filler and w.source != "audio" and not is_hard_filler(w.text, fillers)
    )
    checks = evaluate_checks(
        CheckInput(
            sentences=labelled,
            features=features,
            rubric=rubric,
            company=company,
            role=role,
            speaking_s=speaking_s,
            word_count=word_count,
        ),
        question,
    )
    segments = build_segments(
        labelled, transcript, absorb_max_words=rubric.settings.absorb_other_max_words
    )
    return ContentResult(tuple(labelled), tuple(segments), tuple(checks))
