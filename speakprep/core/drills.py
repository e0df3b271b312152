"""Drills: step through a take's fillers and long pauses; practise one sentence again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from speakprep.core.models import Report, Sentence

DrillKind = Literal["filler", "pause"]


@dataclass(frozen=True, slots=True)
class DrillItem:
    """One moment to hear again: a filler or a long pause, played with some context."""

    kind: DrillKind
    text: str  # "um", or "3.1 s pause"
    start_s: float
    end_s: float
    play_from_s: float
    play_to_s: float
    sentence_index: int | None


def drill_items(
    report: Report, *, context_s: float = 1.0, long_s: float = 2.5
) -> tuple[DrillItem, ...]:
    """Every filler and long pause of a timed take, in time order, with ``context_s`` around.

    A pause is long when the analysis flagged it (mid-sentence) or it lasted ``long_s`` or
    more anywhere: a listener notices a silence that long between sentences too.
    """
    d = report.delivery
    if d is None:
        return ()
    end = d.recording_s

    def moment(kind: DrillKind, text: str, start_s: float, end_s: float) -> DrillItem:
        """A filler or pause, played with ``context_s`` around it within the recording."""
        sentence = _sentence_at(report.content.sentences, start_s)
        around = max(0.0, start_s - context_s), min(end, end_s + context_s)
        return DrillItem(kind, text, start_s, end_s, *around, sentence)

    items = [
        moment("filler", f.text.strip("()").lower(), f.start_s, f.end_s)
        for f in d.fillers
        if f.start_s is not None and f.end_s is not None
    ]
    items += [
        moment("pause", f"{p.duration_s:.1f} s pause", p.start_s, p.end_s)
        for p in d.pauses
        if p.long or p.duration_s >= long_s
    ]
    return tuple(sorted(items, key=lambda item: (item.start_s, item.kind)))


def _sentence_at(sentences: tuple[Sentence, ...], time_s: float) -> int | None:
    best: tuple[float, int] | None = None
    for i, s in enumerate(sentences):
        if s.start_s is None or s.end_s is None:
            continue
        distance = max(s.start_s - time_s, time_s - s.end_s, 0.0)
        if best is None or distance < best[0]:
            best = (distance, i)
    return None if best is None else best[1]


@dataclass(frozen=True, slots=True)
class SentenceDelivery:
    """How one sentence was spoken: its length, pace and fillers."""

    text: str
    speaking_s: float
    wpm: float
    fillers: int


def sentence_delivery(report: Report, index: int) -> SentenceDelivery:
    """The delivery of sentence ``index`` of a timed take."""
    sentence = report.content.sentences[index]
    words = [report.transcript.words[i] for i in sentence.word_indexes]
    timed = [w for w in words if w.start_s is not None and w.end_s is not None]
    fillers = sum(1 for w in words if w.filler)
    start = sentence.start_s
    end = sentence.end_s
    if report.delivery is not None and start is not None and end is not None:
        fillers += sum(
            1
            for f in report.delivery.fillers
            if f.source == "audio" and f.start_s is not None and start <= f.start_s <= end
        )
    if not timed or start is None or end is None or end <= start:
        return SentenceDelivery(sentence.text, 0.0, 0.0, fillers)
    spoken = sum(1 for w in timed if not w.filler)
    return SentenceDelivery(
        sentence.text, round(end - start, 2), round(spoken / (end - start) * 60, 1), fillers
    )


def whole_take_as_sentence(report: Report) -> SentenceDelivery:
    """A re-recorded sentence (a short take of its own) summed up like one sentence."""
    d = report.delivery
    if d is None:
        return SentenceDelivery(report.transcript.text, 0.0, 0.0, 0)
    return SentenceDelivery(report.transcript.text, d.speaking_s, d.wpm, len(d.fillers))
