"""Timed reports without audio, for view tests that need exact, known times.

``timed_report`` speaks a list of sentences at a steady rate on paper: every word gets a
start and end time, sentences are separated by a gap, and the real delivery and content
analysis run on the result (no model, no audio, a few milliseconds).
"""

from __future__ import annotations

from collections.abc import Sequence

from speakprep.core.content import analyze_content
from speakprep.core.delivery import measure_delivery
from speakprep.core.fillers import filler_spans, load_filler_lexicon, mark_fillers
from speakprep.core.models import Report, Transcript, Voice
from speakprep.core.rubric import load_rubric
from speakprep.core.score import score_answer
from speakprep.core.settings import load_settings
from speakprep.core.text import join_timed_words

GOOD_ANSWER = (
    "Um, in the next two years I want to become the analyst your team relies on for forecasting.",
    "I have already started an advanced Excel course, and I plan to earn my CFA level one "
    "certificate next spring.",
    "In five years, I see myself leading a small analytics team here at Acme.",
    "I really like working with people who care about data.",
)


def timed_report(
    sentences: Sequence[str] = GOOD_ANSWER,
    *,
    words_per_s: float = 2.5,
    gap_s: float = 0.6,
    start_s: float = 0.5,
    tail_s: float = 1.0,
    long_gaps: dict[int, float] | None = None,
    question: str | None = None,
    company: str | None = "Acme",
    role: str | None = "analyst",
) -> Report:
    """A report for ``sentences`` spoken at ``words_per_s`` with ``gap_s`` between them.

    ``long_gaps`` maps a sentence index to a longer silence before it (to make pauses).
    """
    pieces: list[tuple[str, float, float, float]] = []
    t = start_s
    word_s = 1.0 / words_per_s
    for i, sentence in enumerate(sentences):
        if i:
            t += (long_gaps or {}).get(i, gap_s)
        for token in sentence.split():
            pieces.append((" " + token, t, t + word_s * 0.85, 0.9))
            t += word_s
    recording_s = t + tail_s
    raw = join_timed_words(pieces)
    lexicon = load_filler_lexicon()
    transcript = mark_fillers(
        Transcript(text=raw.text, words=raw.words, recording_s=recording_s, language="en"),
        lexicon,
    )
    settings = load_settings()
    steps = int(recording_s * 10)
    envelope = tuple((k / 10, -30.0 + 8.0 * ((k % 7) / 7)) for k in range(steps))
    voice = Voice(loudness_db=envelope, loudness_mean_db=-27.0, loudness_range_db=8.0)
    delivery = measure_delivery(
        transcript,
        filler_spans(transcript),
        recording_s=recording_s,
        settings=settings,
        voice=voice,
    )
    rubric = load_rubric()
    q = rubric.question(question)
    content = analyze_content(
        transcript,
        rubric=rubric,
        question=q,
        company=company,
        role=role,
        pauses=delivery.pauses,
        speaking_s=delivery.speaking_s,
    )
    return Report(
        question=q,
        transcript=transcript,
        delivery=delivery,
        content=content,
        score=score_answer(content, delivery, settings),
        company=company,
        role=role,
        source="synthetic",
        model=None,
    )
