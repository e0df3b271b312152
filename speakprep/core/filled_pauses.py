"""Filled pauses ("um", "uh", "hmm") that the speech model heard but did not print.

tiny.en leaves many fillers out of its text, and when it does it usually stretches a
neighbouring word over the filler ("one" timed 16.95-18.17 s over "one ... uh" in the MFA
cold clip). So a filler hides in a run of sound no word needs, or glued inside a word far
longer than its letters. This module finds those runs and windows
(:func:`filler_candidates`) and turns the ones the model judged to be fillers into
``source="audio"`` words (:func:`accept_fillers`). The model (``Transcriber.filler_evidence``)
hears each one on its own and says how likely it is to start with "um"/"uh"/"hmm" rather
than anything else; breaths, clicks and typing are not periodic, checked first at no model
call. Pure: words and sound in, candidates out; evidence in, words out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from speakprep.core.activity import Activity, highpass
from speakprep.core.alignment import periodicity
from speakprep.core.filler_spectrum import background_spectrum, low_share
from speakprep.core.models import Word
from speakprep.core.pulses import pulse_kurtosis
from speakprep.core.steadiness import HOP_S as STEADY_HOP_S
from speakprep.core.steadiness import spectral_change_db

# Mains hum (50/60 Hz and its first harmonics) is periodic too, at a period longer than a
# voice's: taken out before judging whether a run is voiced.
_HUM_CUT_HZ = 120.0
_EDGE = 2  # frames at a span's ends, where the change is measured against silence


@dataclass(frozen=True, slots=True)
class FilledPauseSettings:
    """Which runs of sound are worth asking the model about, and what it must say."""

    # A run of sound (an island between silences of the activity detector) this long...
    min_s: float = 0.15
    max_s: float = 2.0
    # ...and this periodic (a held vowel or hum; breaths, clicks and typing are not)...
    min_periodicity: float = 0.15
    # ...though a creaky "uh" (irregular periods) is as weakly periodic as a breath: below
    # this the run must last longer and the model be surer (``weak_min_*``).
    clear_periodicity: float = 0.3
    weak_min_s: float = 0.25
    # ...and a train of pulses (speakprep.core.pulses), not noise like a breath (3.0).
    weak_min_pulses: float = 5.0
    # ...with this share of its speech-band energy below 500 Hz, where a voice's first
    # harmonics lie (notification tones and chimes start far above)...
    min_low_share: float = 0.015
    # ...that no word needs: every word reaching into it keeps at least this share of its
    # expected length outside it (the speaker's median seconds per letter times its
    # letters), so a word split by a stop closure ("a|coustic") is not a candidate.
    word_elsewhere_share: float = 0.7
    min_expected_word_s: float = 0.08
    # A printed filler this close to a run is the same filler, placed badly by the model...
    printed_nearby_s: float = 0.3
    # ...unless the model gave it no time of its own (shorter than this): then it timed the
    # filler at the next word's onset ("me" stretched over "uh", then "Uh" at "I"), and the
    # run it left is asked about like any other; a run heard as a filler this close to such
    # a printed one, with no word wholly between, is that filler (the printed one goes).
    unplaced_max_s: float = 0.2
    unplaced_reach_s: float = 1.0
    # Sound no word reaches into, before the first word: a filler opening the answer if it
    # is this close to the first word (farther is usually a breath or handling noise).
    opening_within_s: float = 1.0
    # Fillers heard this close together are one (a long "um" two words were drawn over).
    heard_apart_s: float = 0.15
    # A word (or two neighbouring words together) this much longer than the speaker's
    # pace gives it may hold a filler glued to it with no silence between ("a um small"):
    # its steadiest stretches (speakprep.core.steadiness) as long as its excess time and as
    # ``steady_lengths_s`` are candidates: a window taking in part of the word makes the
    # model hear the word (tune part: 175 of 206 such fillers found, 147 with one window).
    stretched_excess_s: float = 0.25
    pair_excess_s: float = 0.35
    steady_min_s: float = 0.2
    steady_max_s: float = 0.6
    steady_lengths_s: tuple[float, ...] = (0.25, 0.4)
    # ...and is sound for at least this share of its frames: the steadiest stretch of a
    # word drawn over a pause ("for you ... ask") can be the pause itself.
    steady_min_active: float = 0.3
    # A run no word reaches into is a filler when the model's log-odds of a filler opening
    # it reach this (its rivals there are mostly "[", "(" and the end of the text).
    gap_min_log_odds: float = -3.0
    weak_min_log_odds: float = -2.0
    # A run a word was stretched over must sound like a filler, more than like that word.
    stretched_min_log_odds: float = -2.25
    stretched_min_versus_words: float = 1.0
    # A fixed-length window is another try at the same span: it must clear higher bars.
    window_min_log_odds: float = -1.5
    window_min_versus_words: float = 1.5
    # ...and surer still inside a word drawn out before a pause this long.
    pause_after_s: float = 0.3
    before_pause_min_log_odds: float = -1.0
    # A printed hard filler this long is heard again on its own (tiny.en writes "Umm" over
    # seconds of music); below this log-odds it goes.
    doubt_printed_min_s: float = 1.0
    printed_min_log_odds: float = -2.0


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
    # Inside words that end before a pause (or the end of the take): speakers draw out the
    # last word of a phrase ("words...", "you know..."), so the model must be surer.
    before_pause: bool = False
    # Of a run no word reaches into (1.0 for other candidates: not measured).
    periodicity: float = 1.0
    # The stretched word(s) this is a window of (at most one window of a span becomes a
    # filler); ``fixed_length``: one of ``steady_lengths_s``, not the word's excess time.
    span_s: tuple[float, float] | None = None
    fixed_length: bool = False


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
    placed = [w for w in printed if w.end_s - w.start_s >= settings.unplaced_max_s]
    found: list[FillerCandidate] = []
    background = background_spectrum(samples, activity, sample_rate, _HUM_CUT_HZ)
    for s, e in activity.islands:
        if not settings.min_s <= e - s <= settings.max_s:
            continue
        if any(w.start_s < e + near and w.end_s > s - near for w in placed) or any(
            w.start_s < e and w.end_s > s for w in printed
        ):
            continue
        reaching = [w for w in timed if min(w.end_s, e) - max(w.start_s, s) > 0.0]
        if not reaching and (s < first_s - settings.opening_within_s or e > last_s):
            continue
        if not all(w.has_time_outside(s, e, per_letter_s, settings) for w in reaching):
            continue
        clip = highpass(
            samples[int(s * sample_rate) : int(e * sample_rate)], sample_rate, _HUM_CUT_HZ
        )
        voiced = periodicity(clip, sample_rate)
        weak = voiced < settings.clear_periodicity
        if voiced < settings.min_periodicity or (weak and e - s < settings.weak_min_s):
            continue
        if weak and pulse_kurtosis(clip, sample_rate) < settings.weak_min_pulses:
            continue
        if low_share(clip, sample_rate, background) < settings.min_low_share:
            continue
        found.append(
            FillerCandidate(s, e, tuple(w.text for w in reaching), periodicity=round(voiced, 3))
        )
    windows = _stretched_candidates(timed, samples, sample_rate, per_letter_s, settings)
    # A span with a window over a run asked about already is that run's (asked once).
    asked = {
        w.span_s
        for w in windows
        if any(min(c.end_s, w.end_s) > max(c.start_s, w.start_s) for c in found)
    }
    for candidate in windows:
        if (
            candidate.span_s not in asked
            and not any(
                w.start_s < candidate.end_s + near and w.end_s > candidate.start_s - near
                for w in printed
            )
            and _active_share(activity, candidate) >= settings.steady_min_active
        ):
            found.append(candidate)
    return sorted(found, key=lambda c: c.start_s)


def _active_share(activity: Activity, candidate: FillerCandidate) -> float:
    """The share of the candidate's frames the activity detector heard as sound."""
    first = round(candidate.start_s / activity.hop_s)
    last = max(first + 1, round(candidate.end_s / activity.hop_s))
    return float(np.mean(np.asarray(activity.active[first:last], bool))) if last > first else 0.0


def doubtful_printed(
    words: Sequence[Word], *, settings: FilledPauseSettings = FilledPauseSettings()
) -> list[int]:
    """Indexes of printed hard fillers long enough to be heard again (see the settings)."""
    return [
        i
        for i, w in enumerate(words)
        if w.source == "asr"
        and w.filler_kind == "hard"
        and w.start_s is not None
        and w.end_s is not None
        and w.end_s - w.start_s >= settings.doubt_printed_min_s
    ]


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
    out = []
    for i, w in enumerate(words):
        if w.source != "asr" or w.filler_kind != "hard" or w.start_s is None or w.end_s is None:
            continue
        if w.end_s - w.start_s >= settings.unplaced_max_s:
            continue
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


def confirms_printed(
    evidence: FillerEvidence, settings: FilledPauseSettings = FilledPauseSettings()
) -> bool:
    """Whether a doubtful printed filler, heard again on its own, still sounds like one."""
    return evidence.filler_log_odds >= settings.printed_min_log_odds


def _stretched_candidates(
    timed: Sequence[_Timed],
    samples: np.ndarray,
    sample_rate: int,
    per_letter_s: float,
    settings: FilledPauseSettings,
) -> list[FillerCandidate]:
    """The steadiest stretch of each word, or pair of words, far longer than its letters."""
    printed = [w for w in timed if w.printed and not w.hard]
    excess = [w.excess_s(per_letter_s, settings) for w in printed]
    spans: list[tuple[int, int]] = []
    for i, extra in enumerate(excess):
        if extra >= settings.stretched_excess_s:
            spans.append((i, i))
        elif (
            i + 1 < len(printed)
            and min(extra, excess[i + 1]) > 0
            and extra + excess[i + 1] >= settings.pair_excess_s
            and excess[i + 1] < settings.stretched_excess_s
        ):
            spans.append((i, i + 1))
    found = []
    hard = [w for w in timed if w.hard]
    near = settings.printed_nearby_s
    for first, last in spans:
        start_s, end_s = printed[first].start_s, printed[last].end_s
        if any(w.start_s < end_s + near and w.end_s > start_s - near for w in hard):
            continue  # the model printed this filler, next to the word it stretched
        later = [w.start_s for w in timed if w.start_s >= end_s - 1e-6 and w is not printed[last]]
        pause = min(later, default=math.inf) - end_s >= settings.pause_after_s
        length = min(
            settings.steady_max_s, max(settings.steady_min_s, sum(excess[first : last + 1]))
        )
        words = tuple(w.text for w in printed[first : last + 1])
        windows: dict[tuple[float, float], bool] = {}
        # Before a pause a short window finds the drawn-out vowel ("you know..."): one try.
        tries = (length,) if pause else (length, *settings.steady_lengths_s)
        for k, seconds in enumerate(tries):
            steady = _steadiest(samples, sample_rate, start_s, end_s, seconds)
            if steady is not None and steady not in windows:
                windows[steady] = k > 0
        found += [
            FillerCandidate(*w, words, pause, span_s=(start_s, end_s), fixed_length=fixed)
            for w, fixed in windows.items()
        ]
    return found


def _steadiest(
    samples: np.ndarray, sample_rate: int, start_s: float, end_s: float, length_s: float
) -> tuple[float, float] | None:
    """The ``length_s`` stretch of ``start_s``-``end_s`` whose spectrum changes least."""
    a, b = int(start_s * sample_rate), int(end_s * sample_rate)
    change = spectral_change_db(samples[a:b], sample_rate)[_EDGE:-_EDGE]
    frames = round(length_s / STEADY_HOP_S)
    if change.size < frames:
        return None
    mean = np.convolve(change, np.ones(frames) / frames, mode="valid")
    at = int(np.argmin(mean)) + _EDGE
    first = start_s + at * STEADY_HOP_S
    return round(first, 3), round(first + frames * STEADY_HOP_S, 3)


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

    def excess_s(self, per_letter_s: float, settings: FilledPauseSettings) -> float:
        """How much longer than its letters at the speaker's pace this word lasts."""
        expected = max(settings.min_expected_word_s, per_letter_s * len(self.text))
        return (self.end_s - self.start_s) - expected

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
    return decision_margin(candidate, evidence, settings) >= 0.0


def decision_margin(
    candidate: FillerCandidate,
    evidence: FillerEvidence,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> float:
    """How far (log-odds) the evidence is from flipping the decision on ``candidate``.

    The least of each required figure minus its threshold: ``>= 0`` is a filler. Its
    size is the margin a decision has against another CPU, thread count or compute type.
    """
    versus = settings.stretched_min_versus_words
    if candidate.periodicity < settings.clear_periodicity:
        least = settings.weak_min_log_odds
    elif not candidate.under:
        least = settings.gap_min_log_odds
    elif candidate.before_pause:
        least = settings.before_pause_min_log_odds
    elif candidate.fixed_length:
        least, versus = settings.window_min_log_odds, settings.window_min_versus_words
    else:
        least = settings.stretched_min_log_odds
    margin = evidence.filler_log_odds - least
    if candidate.under:
        margin = min(margin, evidence.versus_words - versus)
    return float(margin)


def accept_fillers(
    candidates: Sequence[FillerCandidate],
    evidence: Sequence[FillerEvidence],
    *,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> list[Word]:
    """The candidates the model judged fillers, as ``"(um)"`` words heard in the audio.

    Of the windows of one stretched span (``span_s``) only the one with the widest margin
    can be a filler (the first of equals); fillers closer than ``heard_apart_s`` are one.
    """
    if len(candidates) != len(evidence):
        raise ValueError("one piece of evidence per candidate")
    margins = [decision_margin(c, e, settings) for c, e in zip(candidates, evidence, strict=True)]
    best: dict[tuple[float, float], int] = {}
    for i, c in enumerate(candidates):
        if c.span_s is not None and margins[i] > margins[best.setdefault(c.span_s, i)]:
            best[c.span_s] = i
    merged: list[tuple[float, float]] = []
    for start_s, end_s in sorted(
        (float(c.start_s), float(c.end_s))
        for i, c in enumerate(candidates)
        if margins[i] >= 0.0 and (c.span_s is None or best[c.span_s] == i)
    ):
        if merged and start_s - merged[-1][1] < settings.heard_apart_s:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end_s))
        else:
            merged.append((start_s, end_s))
    return [
        Word("(um)", round(a, 3), round(b, 3), filler=True, filler_kind="hard", source="audio")
        for a, b in merged
    ]
