"""Filled pauses ("um", "uh", "hmm") that the speech model heard but did not print.

tiny.en leaves many fillers out of its text, and when it does it usually stretches a
neighbouring word over the filler ("one" timed 16.95-18.17 s over "one ... uh" in the MFA
cold clip). So a filler hides either in a run of sound with no word at all, or in a run of
sound that a word only reaches into while the word itself has time enough elsewhere. This
module finds those runs (:func:`filler_candidates`) and turns the ones the model judged to
be fillers into ``source="audio"`` words (:func:`accept_fillers`). The judging is done by
the caller with the speech model (``Transcriber.filler_log_odds``): the model listens to the
run on its own and says how likely it is to start with "um"/"uh"/"hmm" rather than anything
else. That keeps tones, music, typing and breaths out: the model does not call them fillers,
and breaths, clicks and typing are not periodic, which is checked first and costs no model
call.

Pure: words and an :class:`~speakprep.core.activity.Activity` in, candidates out; scores in,
words out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.alignment import periodicity
from speakprep.core.models import Word


@dataclass(frozen=True, slots=True)
class FilledPauseSettings:
    """Which runs of sound are worth asking the model about, and what it must say."""

    # A run of sound (an island between silences of the activity detector) this long...
    min_s: float = 0.15
    max_s: float = 2.0
    # ...and this periodic (a held vowel or hum; breaths, clicks and typing are not)...
    min_periodicity: float = 0.3
    # ...that no word needs: every word reaching into it keeps at least this share of its
    # expected length outside it (the speaker's median seconds per letter times its
    # letters), so a word split by a stop closure ("a|coustic") is not a candidate.
    word_elsewhere_share: float = 0.7
    min_expected_word_s: float = 0.08
    # A printed filler this close to a run is the same filler, placed badly by the model.
    printed_nearby_s: float = 0.3
    # A run no word reaches into is a filler when the model's log-odds of a filler opening
    # it reach this: the model printed nothing there, so the rivals are mostly "[", "(" and
    # the end of the text, not words.
    gap_min_log_odds: float = -3.0
    # A run a word was stretched over must sound more like a filler than like that word,
    # and more like a filler than most other things.
    stretched_min_log_odds: float = -1.5
    stretched_min_versus_words: float = 1.0


@dataclass(frozen=True, slots=True)
class FillerEvidence:
    """What the speech model says about one candidate run, in natural-log odds.

    ``filler_log_odds``: a filler opening the run against anything else the model could
    write there. ``versus_words``: a filler against the words stretched over the run
    (``inf`` when there are none).
    """

    filler_log_odds: float
    versus_words: float


@dataclass(frozen=True, slots=True)
class FillerCandidate:
    """A run of sound that may be a filler; ``under`` are the words stretched over it."""

    start_s: float
    end_s: float
    under: tuple[str, ...] = ()


def filler_candidates(
    words: Sequence[Word],
    activity: Activity,
    samples: np.ndarray,
    sample_rate: int,
    *,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> list[FillerCandidate]:
    """Runs of voiced sound that no printed word accounts for, in time order.

    ``words`` are the transcript's words after :func:`~speakprep.core.alignment.align_words`
    and filler marking. A run is left out when a printed hard filler lies in or next to it,
    when a word lies wholly inside it, when a word reaching into it has no time for itself
    anywhere else, and when no word reaches into it but it lies before the first word or
    after the last (usually noise or a breath).
    """
    timed = [_Timed.of(w) for w in words if w.start_s is not None and w.end_s is not None]
    if not timed:
        return []
    first_s, last_s = timed[0].start_s, max(w.end_s for w in timed)
    per_letter_s = _seconds_per_letter(timed)
    near = settings.printed_nearby_s
    printed = [w for w in timed if w.hard]
    found: list[FillerCandidate] = []
    for s, e in activity.islands:
        if not settings.min_s <= e - s <= settings.max_s:
            continue
        if any(w.start_s < e + near and w.end_s > s - near for w in printed):
            continue
        reaching = [w for w in timed if min(w.end_s, e) - max(w.start_s, s) > 0.0]
        if not reaching and (s < first_s or e > last_s):
            continue
        if not all(w.has_time_outside(s, e, per_letter_s, settings) for w in reaching):
            continue
        clip = samples[int(s * sample_rate) : int(e * sample_rate)]
        if periodicity(clip, sample_rate) < settings.min_periodicity:
            continue
        found.append(FillerCandidate(s, e, tuple(w.text for w in reaching)))
    return found


@dataclass(frozen=True, slots=True)
class _Timed:
    text: str
    start_s: float
    end_s: float
    printed: bool  # by the model, not heard in the audio by this module
    hard: bool

    @classmethod
    def of(cls, word: Word) -> _Timed:
        assert word.start_s is not None and word.end_s is not None
        return cls(
            word.text,
            float(word.start_s),
            float(word.end_s),
            word.source == "asr",
            word.filler_kind == "hard",
        )

    def has_time_outside(
        self, start_s: float, end_s: float, per_letter_s: float, settings: FilledPauseSettings
    ) -> bool:
        """Whether enough of this word's span lies outside ``start_s``-``end_s`` to say it."""
        if not self.printed or (self.start_s >= start_s and self.end_s <= end_s):
            return False
        inside = min(self.end_s, end_s) - max(self.start_s, start_s)
        expected = max(settings.min_expected_word_s, per_letter_s * len(self.text))
        return (self.end_s - self.start_s) - inside >= settings.word_elsewhere_share * expected


def _seconds_per_letter(words: Sequence[_Timed]) -> float:
    """The speaker's median time per letter, over printed words of three letters or more."""
    rates = [
        (w.end_s - w.start_s) / len(w.text)
        for w in words
        if w.printed and len(w.text) >= 3 and w.end_s > w.start_s
    ]
    # 65 ms a letter is a moderate pace; used only when the take has too few words.
    return float(np.median(rates)) if len(rates) >= 3 else 0.065


def is_filler(
    candidate: FillerCandidate,
    evidence: FillerEvidence,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> bool:
    """Whether the model's evidence makes ``candidate`` a filler (see the settings)."""
    if not candidate.under:
        return evidence.filler_log_odds >= settings.gap_min_log_odds
    return (
        evidence.filler_log_odds >= settings.stretched_min_log_odds
        and evidence.versus_words >= settings.stretched_min_versus_words
    )


def accept_fillers(
    candidates: Sequence[FillerCandidate],
    evidence: Sequence[FillerEvidence],
    *,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> list[Word]:
    """The candidates the model judged fillers, as ``"(um)"`` words heard in the audio."""
    if len(candidates) != len(evidence):
        raise ValueError("one piece of evidence per candidate")
    return [
        Word(
            text="(um)",
            start_s=round(float(c.start_s), 3),
            end_s=round(float(c.end_s), 3),
            probability=None,
            filler=True,
            filler_kind="hard",
            source="audio",
        )
        for c, found in zip(candidates, evidence, strict=True)
        if is_filler(c, found, settings)
    ]
