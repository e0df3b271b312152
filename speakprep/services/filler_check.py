"""Fillers checked against the audio with the speech model: found where it left them out,
dropped where it wrote one over something that is not a voice.

The decisions are in :mod:`speakprep.core.filled_pauses`; the model's side is
``Transcriber.filler_evidence``. Whole-file and live analysis both run this on the whole take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.filled_pauses import (
    FillerCandidate,
    FillerEvidence,
    accept_fillers,
    filler_candidates,
)
from speakprep.core.models import Transcript
from speakprep.core.printed_fillers import confirms_printed, doubtful_printed, unplaced_duplicates
from speakprep.core.text import drop_words

Judge = Callable[[np.ndarray, Sequence[FillerCandidate]], list[FillerEvidence]]


def check_fillers(
    transcript: Transcript, activity: Activity, samples: np.ndarray, sample_rate: int, judge: Judge
) -> Transcript:
    """``transcript`` (fillers marked) with unprinted fillers added and doubtful ones dropped.

    ``judge`` is the loaded model's ``filler_evidence``; it is called once, and not at all
    when nothing is in doubt.
    """
    candidates = filler_candidates(transcript.words, activity, samples, sample_rate)
    doubtful = doubtful_printed(transcript.words, samples, sample_rate, activity)
    recheck = [
        FillerCandidate(transcript.words[i].start_s or 0.0, transcript.words[i].end_s or 0.0)
        for i in doubtful
    ]
    if not candidates and not recheck:
        return transcript
    evidence = judge(samples, [*candidates, *recheck])
    heard = accept_fillers(candidates, evidence[: len(candidates)], activity)
    gone = [
        i
        for i, e in zip(doubtful, evidence[len(candidates) :], strict=True)
        if not confirms_printed(e)
    ]
    gone += [i for i in unplaced_duplicates(transcript.words, heard) if i not in gone]
    kept = drop_words(transcript, gone)
    if not heard:
        return kept
    words = sorted((*kept.words, *heard), key=lambda w: (w.start_s or 0.0, w.end_s or 0.0))
    return Transcript(
        text=kept.text, words=tuple(words), recording_s=kept.recording_s, language=kept.language
    )
