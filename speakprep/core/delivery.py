"""Delivery metrics: speaking time, pace, fillers, pauses and repetition (design.md §2)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from speakprep.core.models import (
    Delivery,
    FillerItem,
    PacePoint,
    Pause,
    Report,
    TimedWord,
    Transcript,
    Voice,
    Word,
    timed_words,
)
from speakprep.core.pause_context import sentence_ends_between
from speakprep.core.settings import AnalysisSettings


def measure_delivery(
    transcript: Transcript,
    filler_spans: Sequence[tuple[int, int]],
    *,
    recording_s: float,
    settings: AnalysisSettings,
    voice: Voice | None = None,
) -> Delivery:
    """Compute the delivery figures of a timed transcript.

    ``filler_spans`` are ``(first, last)`` word indexes, one per filler occurrence, so a
    two-word "you know" counts once. Speaking time runs from the first word's start to the
    last word's end, fillers included; pace counts only the words that are not fillers.
    """
    words = timed_words(transcript.words)
    if words:
        first_s = min(w.start_s for w in words)
        last_s = max(w.end_s for w in words)
        speaking_s = max(0.0, last_s - first_s)
    else:
        first_s = last_s = speaking_s = 0.0
    content_words = [w for w in words if not w.filler]
    wpm = len(content_words) / speaking_s * 60.0 if speaking_s > 0 else 0.0

    fillers = _filler_items(transcript.words, filler_spans)
    per_minute = len(fillers) / speaking_s * 60.0 if speaking_s > 0 else 0.0

    st = settings.speaking_time
    return Delivery(
        recording_s=round(recording_s, 3),
        speaking_s=round(speaking_s, 3),
        target_s=st.target_s,
        target_status=st.status(speaking_s) if words else "too_short",
        word_count=len(content_words),
        wpm=round(wpm, 1),
        pace_status=settings.pace.status(wpm) if words else "slow",
        pace_over_time=pace_over_time(content_words, first_s, last_s, settings),
        fillers=tuple(fillers),
        fillers_per_minute=round(per_minute, 2),
        filler_status=settings.fillers.status(per_minute),
        pauses=tuple(find_pauses(transcript, settings)),
        repetitions=tuple(find_repetitions(content_words, settings)),
        voice=voice,
        too_short_to_rate=st.too_short_to_rate(speaking_s),
    )


def judge_delivery(delivery: Delivery, settings: AnalysisSettings) -> Delivery:
    """``delivery`` with its speaking time, pace and filler statuses judged by ``settings``.

    A report keeps the statuses of the bands it was analysed with; after the user changes a
    band (Settings) every screen and export judges the stored figures by the bands in force
    now, through this one function, so a take reads "good" or "fair" alike everywhere (the
    History and Progress screens judge the same figures by the same ``status`` methods).
    """
    return replace(
        delivery,
        target_s=settings.speaking_time.target_s,
        target_status=settings.speaking_time.status(delivery.speaking_s),
        pace_status=settings.pace.status(delivery.wpm),
        filler_status=settings.fillers.status(delivery.fillers_per_minute),
        too_short_to_rate=settings.speaking_time.too_short_to_rate(delivery.speaking_s),
    )


def judge_report(report: Report, settings: AnalysisSettings) -> Report:
    """``report`` with its delivery judged by ``settings`` (:func:`judge_delivery`), for what
    is worked out from the statuses: the next steps of the results page and of an export
    follow the tiles beside them. A report without a recording is returned as it is."""
    if report.delivery is None:
        return report
    return replace(report, delivery=judge_delivery(report.delivery, settings))


def _filler_items(words: Sequence[Word], spans: Sequence[tuple[int, int]]) -> list[FillerItem]:
    items = []
    for first, last in spans:
        group = words[first : last + 1]
        head, tail = group[0], group[-1]
        items.append(
            FillerItem(
                text=" ".join(w.text for w in group),
                kind=head.filler_kind or "hard",
                start_s=head.start_s,
                end_s=tail.end_s,
                source=head.source,
            )
        )
    return sorted(items, key=lambda f: (f.start_s is None, f.start_s or 0.0))


def pace_over_time(
    words: Sequence[TimedWord], first_s: float, last_s: float, settings: AnalysisSettings
) -> tuple[PacePoint, ...]:
    """Rolling words per minute over a window (10 s by default), one point per step.

    The window is clipped to the speaking span, so the first and last points are not
    dragged down by the silence before and after the answer.
    """
    window, step = settings.pace.window_s, settings.pace.step_s
    span = last_s - first_s
    if not words or span <= 0:
        return ()
    mids = sorted((w.start_s + w.end_s) / 2 for w in words)
    half = min(window, span) / 2
    centres = list(np.arange(first_s + half, last_s - half + 1e-9, step))
    if not centres or centres[-1] < last_s - half - 1e-9:
        centres.append(last_s - half)  # the last window always ends with the last word
    points = []
    for t in centres:
        lo = max(first_s, t - window / 2)
        hi = min(last_s, t + window / 2)
        count = sum(1 for m in mids if lo <= m < hi)
        points.append(PacePoint(time_s=round(float(t), 2), wpm=round(count / (hi - lo) * 60.0, 1)))
    return tuple(points)


def find_pauses(transcript: Transcript, settings: AnalysisSettings) -> list[Pause]:
    """Silences of at least ``min_pause_s`` between consecutive words.

    A pause is mid-sentence when no sentence ends at it: no . ! ? after the word before
    it, or only the stop Whisper puts at every piece cut with the sentence going on after
    the pause (:func:`~speakprep.core.pause_context.sentence_ends_between`). Such a pause
    over ``long_mid_sentence_s`` is flagged long.
    """
    timed = sorted(timed_words(transcript.words), key=lambda w: w.start_s)
    pauses = []
    cfg = settings.pauses
    for before, after in itertools.pairwise(timed):
        gap = after.start_s - before.end_s
        if gap < cfg.min_pause_s:
            continue
        mid = not sentence_ends_between(transcript.text, before.char_end, after.char_start, gap)
        pauses.append(
            Pause(
                start_s=round(before.end_s, 3),
                end_s=round(after.start_s, 3),
                mid_sentence=mid,
                long=mid and gap > cfg.long_mid_sentence_s,
            )
        )
    return pauses


def find_repetitions(
    words: Sequence[TimedWord] | Sequence[Word], settings: AnalysisSettings
) -> list[tuple[str, int]]:
    """Content words used at least ``min_count`` times, most repeated first."""
    cfg = settings.repetition
    counts = Counter(
        norm
        for w in words
        if len(norm := w.text.lower().strip("'’")) >= cfg.min_word_length
        and norm not in cfg.ignore
        and not norm.isdigit()
    )
    repeated = [(word, n) for word, n in counts.most_common() if n >= cfg.min_count]
    return repeated[: cfg.max_items]
