"""Fillers checked against the audio with the speech model: found where it left them out,
dropped where it wrote one over something that is not a voice.

The decisions are in :mod:`speakprep.core.filled_pauses`; the model's side is
``Transcriber.filler_evidence``. Whole-file and live analysis both run this on the whole take.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.filled_pauses import (
    FillerCandidate,
    FillerEvidence,
    Settled,
    accept_fillers,
    filler_candidates,
    rejected,
)
from speakprep.core.models import Transcript
from speakprep.core.printed_fillers import (
    beside_heard,
    confirms_printed,
    doubtful_printed,
    unplaced_duplicates,
)
from speakprep.core.text import drop_words


class Judge(Protocol):
    """The loaded model's ``Transcriber.filler_evidence``: evidence per candidate, an upper
    bound of it where that is enough for ``settled``."""

    def __call__(
        self,
        samples: np.ndarray,
        candidates: Sequence[FillerCandidate],
        settled: Settled | None = None,
        /,
    ) -> list[FillerEvidence]: ...


def check_fillers(
    transcript: Transcript, activity: Activity, samples: np.ndarray, sample_rate: int, judge: Judge
) -> Transcript:
    """``transcript`` (fillers marked) with unprinted fillers added and doubtful ones dropped.

    ``judge`` is the loaded model's ``filler_evidence``; it is not called when nothing is
    in doubt. A candidate needs exact evidence only if it may be accepted (``rejected``
    settles the others from an upper bound: the same fillers, for less model time).
    """
    candidates = filler_candidates(transcript.words, activity, samples, sample_rate)
    doubtful, recheck = printed_in_doubt(transcript, activity, samples, sample_rate)
    if not candidates and not recheck:
        return transcript
    evidence = judge(samples, candidates, rejected) if candidates else []
    heard = accept_fillers(candidates, evidence, activity)
    confirmed = judge(samples, recheck) if recheck else []
    gone = [i for i, e in zip(doubtful, confirmed, strict=True) if not confirms_printed(e)]
    gone += [i for i in unplaced_duplicates(transcript.words, heard) if i not in gone]
    # A printed filler with time of its own beside a filler heard may be that one written
    # early, over other words: heard again on its own.
    beside = [i for i in beside_heard(transcript.words, heard) if i not in gone + doubtful]
    if beside:
        again = judge(samples, [_printed_stretch(transcript, i) for i in beside])
        gone += [i for i, e in zip(beside, again, strict=True) if not confirms_printed(e)]
    kept = drop_words(transcript, gone)
    if not heard:
        return kept
    words = sorted((*kept.words, *heard), key=lambda w: (w.start_s or 0.0, w.end_s or 0.0))
    return Transcript(
        text=kept.text, words=tuple(words), recording_s=kept.recording_s, language=kept.language
    )


def printed_in_doubt(
    transcript: Transcript, activity: Activity, samples: np.ndarray, sample_rate: int
) -> tuple[list[int], list[FillerCandidate]]:
    """The printed fillers of ``transcript`` that :func:`check_fillers` has the model hear
    again (:func:`~speakprep.core.printed_fillers.doubtful_printed`): their indices, and
    their stretches as the judge is asked about them."""
    doubtful = doubtful_printed(transcript.words, samples, sample_rate, activity)
    return doubtful, [_printed_stretch(transcript, i) for i in doubtful]


def _printed_stretch(transcript: Transcript, index: int) -> FillerCandidate:
    """The printed word ``index`` as a stretch for the model to hear again on its own."""
    word = transcript.words[index]
    return FillerCandidate(word.start_s or 0.0, word.end_s or 0.0)
