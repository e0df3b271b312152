"""View tests: the timeline, legend and transcript rendered offscreen from exactly-timed reports.

``rich_report`` adds what ``timed_report`` alone does not make: a discourse filler, a long
mid-sentence pause and a filler heard only in the audio (re-running the real delivery and
content analysis on the result, so every time and index stays consistent).
"""

from __future__ import annotations

from dataclasses import replace

from speakprep.core.content import analyze_content
from speakprep.core.delivery import measure_delivery
from speakprep.core.fillers import filler_spans
from speakprep.core.models import Report, Word
from speakprep.core.rubric import load_rubric
from speakprep.core.settings import load_settings
from tests.reports import timed_report

RICH_ANSWER = (
    "Um, in the next two years I want to become the analyst your team relies on for forecasting.",
    "I have already started an advanced Excel course, and I plan to",
    "earn my CFA level one certificate next spring.",
    "So, like, in five years, I see myself leading a small analytics team here at Acme.",
    "I really like working with people who care about data.",
)
# Sentence index 2 continues sentence 1 after a 3 s silence: a long mid-sentence pause.
RICH_GAPS = {2: 3.0, 3: 2.2}


def with_audio_filler(report: Report, start_s: float, end_s: float) -> Report:
    """``report`` with an "(um)" heard in the audio at ``start_s``, analysis re-run."""
    heard = Word(
        text="(um)",
        start_s=start_s,
        end_s=end_s,
        filler=True,
        filler_kind="hard",
        source="audio",
    )
    words = sorted((*report.transcript.words, heard), key=lambda w: (w.start_s, w.end_s))
    transcript = replace(report.transcript, words=tuple(words))
    assert report.delivery is not None
    delivery = measure_delivery(
        transcript,
        filler_spans(transcript),
        recording_s=report.delivery.recording_s,
        settings=load_settings(),
        voice=report.delivery.voice,
    )
    content = analyze_content(
        transcript,
        rubric=load_rubric(),
        question=report.question,
        company=report.company,
        role=report.role,
        pauses=delivery.pauses,
        speaking_s=delivery.speaking_s,
    )
    return replace(report, transcript=transcript, delivery=delivery, content=content)


def rich_report() -> Report:
    """A take with hard, discourse and audio fillers, a long pause and all four labels."""
    report = timed_report(RICH_ANSWER, long_gaps=RICH_GAPS)
    # The 2.2 s gap before sentence 3 ends at the start of its first word ("So,").
    so = next(w for w in report.transcript.words if w.text == "So")
    assert so.start_s is not None
    return with_audio_filler(report, so.start_s - 1.4, so.start_s - 0.9)
