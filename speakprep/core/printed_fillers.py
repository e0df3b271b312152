"""Fillers the model printed, checked again: heard on their own when long or over sound with
no voice, dropped when a filler heard in the audio is the same one.

tiny.en writes "Umm" over seconds of music and "Uhh" over an out-breath, and sometimes
prints a filler with no time of its own at the next word's onset while the sound it left is
heard as a filler too. Pure: words, sound and evidence in, indexes of the printed fillers to
drop out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.filled_pauses import FilledPauseSettings, FillerEvidence, voiceless_sound
from speakprep.core.models import Word


def printed_hard(word: Word) -> bool:
    """Whether ``word`` is a hard filler ("um", "uh") the model printed, with its times."""
    return (
        word.source == "asr"
        and word.filler_kind == "hard"
        and word.start_s is not None
        and word.end_s is not None
    )


def doubtful_printed(
    words: Sequence[Word],
    samples: np.ndarray,
    sample_rate: int,
    activity: Activity,
    *,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> list[int]:
    """Indexes of printed hard fillers to be heard again: long ones (see the settings), and
    those whose sound holds no voice (:func:`~speakprep.core.filled_pauses.voiceless_sound`:
    a breath, typing; a reverberant "uh" can look as unvoiced, so the model decides)."""
    out = []
    for i, w in enumerate(words):
        if printed_hard(w):
            assert w.start_s is not None and w.end_s is not None
            if w.end_s - w.start_s >= settings.doubt_printed_min_s or voiceless_sound(
                samples, sample_rate, activity, w.start_s, w.end_s, settings
            ):
                out.append(i)
    return out


def unplaced_duplicates(
    words: Sequence[Word],
    heard: Sequence[Word],
    *,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> list[int]:
    """Indexes of printed hard fillers with no time of their own next to a filler heard.

    The model printed the filler but timed it at the next word's onset; the run heard as a
    filler close by (see ``unplaced_reach_s``), with no printed word wholly between, is it.
    """
    return [
        i
        for i in beside_heard(words, heard, settings=settings)
        if _span_s(words[i]) < settings.unplaced_max_s
    ]


def beside_heard(
    words: Sequence[Word],
    heard: Sequence[Word],
    *,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> list[int]:
    """Indexes of printed hard fillers within ``unplaced_reach_s`` of a filler heard in the
    audio with no printed word wholly between.

    Such a pair is often one filler written twice: the model printed it a second early, over
    words it did not make out ("but who cares" written "but um", the "um" said a second
    later heard under "this": seen tune draws 9473 and four reverb draws, 3 false fillers).
    Those with time of their own are heard again on their own (:func:`confirms_printed`).
    """
    out = []
    for i, w in enumerate(words):
        if not printed_hard(w):
            continue
        assert w.start_s is not None and w.end_s is not None
        for h in heard:
            assert h.start_s is not None and h.end_s is not None
            lo, hi = min(h.end_s, w.end_s), max(h.start_s, w.start_s)
            if hi - lo > settings.unplaced_reach_s:
                continue
            between = [
                v
                for v in words
                if v.source == "asr"
                and v.filler_kind != "hard"
                and v.start_s is not None
                and v.end_s is not None
                and v.start_s >= lo
                and v.end_s <= hi
            ]
            if not between:
                out.append(i)
                break
    return out


def _span_s(word: Word) -> float:
    assert word.start_s is not None and word.end_s is not None
    return word.end_s - word.start_s


def confirms_printed(
    evidence: FillerEvidence, settings: FilledPauseSettings = FilledPauseSettings()
) -> bool:
    """Whether a doubtful printed filler, heard again on its own, still sounds like one."""
    return evidence.filler_log_odds >= settings.printed_min_log_odds
