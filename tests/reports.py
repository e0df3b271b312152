"""Timed reports without audio, for view tests that need exact, known times.

``timed_report`` speaks a list of sentences at a steady rate on paper: every word gets a
start and end time, sentences are separated by a gap, and the real delivery and content
analysis run on the result (no model, no audio, a few milliseconds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

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


# A strong answer of about 75 s at 2.2 words a second: every part once, nothing repeated.
STRONG_80S = (
    "Thanks for asking, I have thought about this a lot since I finished my accounting degree.",
    "In the next two years I want to become the analyst your team relies on for monthly "
    "forecasting and variance reports.",
    "I already finished an advanced Excel and SQL course, and I am preparing for the CFA "
    "level one exam, which I plan to sit next spring.",
    "I would also love to learn from the senior analysts here through your mentoring program.",
    "In five years I see myself leading a small analytics team at Acme and training new "
    "hires on our planning models.",
    "That is why this role appeals to me so much: the work is close to decisions, and the "
    "people I met today clearly care about doing it well.",
    "Outside of work I keep my skills sharp by volunteering as a treasurer for a local food "
    "bank, where I built their first budget.",
)


def lively(report: Report) -> Report:
    """``report`` with a lively voice (7.5 semitones), scored again."""
    assert report.delivery is not None and report.delivery.voice is not None
    voice = replace(report.delivery.voice, pitch_range_semitones=7.5, monotone=False)
    return rescored(report, voice=voice)


def rescored(report: Report, **delivery_changes: object) -> Report:
    """``report`` with these delivery fields changed and scored again, as analysis scores."""
    assert report.delivery is not None
    delivery = replace(report.delivery, **delivery_changes)  # type: ignore[arg-type]
    score = score_answer(report.content, delivery, load_settings())
    return replace(report, delivery=delivery, score=score)


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
