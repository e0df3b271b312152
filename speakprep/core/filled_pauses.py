"""Filled pauses ("um", "uh", "hmm") that the speech model heard but did not print.

tiny.en leaves many fillers out of its text, and when it does it usually stretches a
neighbouring word over the filler ("one" timed 16.95-18.17 s over "one ... uh" in the MFA
cold clip). So a filler hides in a run of sound no word needs, or glued inside a word far
longer than its letters. This module finds those runs and windows
(:func:`filler_candidates`) and turns the ones the model judged to be fillers into
``source="audio"`` words (:func:`accept_fillers`). The model (``Transcriber.filler_evidence``)
hears each one on its own and says how likely it is to start with "um"/"uh"/"hmm" rather
than anything else; breaths, clicks and typing are not periodic, hum repeats at the
mains period, music holds its notes' pitch and a voice moving on from sound to sound (a
short word's own sounds, speech in the background) holds no one vowel or nasal, checked
first at no model call (a window of a word must be periodic too: the steadiest stretch of a
word can hold no voice); a run holding one sound very steadily needs less of the model
(speech in the background pulls it away from "uh"). A word stretched over a filler still
needs sound of its own, so of two runs under one word only one can be a filler. Pure: words
and sound in, candidates out; evidence (and the sound) in, words out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from speakprep.core.activity import Activity, highpass
from speakprep.core.alignment import periodicity
from speakprep.core.filler_spectrum import (
    background_spectrum,
    held_harmonics,
    low_share,
    mains_periodicity,
    voicing,
)
from speakprep.core.models import Word
from speakprep.core.steadiness import change_within_db, steadiest

# Mains hum (50/60 Hz and its first harmonics) is periodic too, at a period longer than a
# voice's: taken out before judging whether a run is voiced.
_HUM_CUT_HZ = 120.0


@dataclass(frozen=True, slots=True)
class FilledPauseSettings:
    """Which runs of sound are worth asking the model about, and what it must say."""

    # A run of sound (an island between silences of the activity detector) this long...
    min_s: float = 0.15
    max_s: float = 2.0
    # ...and this periodic (a held vowel or hum; breaths, clicks and typing are not; so must
    # a window of a stretched word be, though not pulsed: reverb smears a voice's pulses)...
    min_periodicity: float = 0.15
    # ...though a creaky "uh" (irregular periods) is as weakly periodic as a breath: below
    # this the run must last longer and the model be surer (``weak_min_*``).
    clear_periodicity: float = 0.3
    weak_min_s: float = 0.25
    # ...and a train of pulses (speakprep.core.pulses), not noise like a breath (3.0).
    weak_min_pulses: float = 5.0
    # ...but not repeating at the mains period (50/60 Hz) this much better than at a
    # voice's: hum switched on between sentences is periodic and low (a hum stretch: +0.48;
    # a creaky "uh" under the hum condition's hum at most -0.08 on the tune part).
    max_mains_over_voice: float = 0.2
    # ...with this share of its speech-band energy below 500 Hz, where a voice's first
    # harmonics lie (notification tones and chimes start far above)...
    min_low_share: float = 0.015
    # ...whose harmonics do not hold still like an instrument's notes
    # (:func:`~speakprep.core.filler_spectrum.held_harmonics`): a chord run between phrases
    # is periodic and low, and the model hears music alone as "um" (log-odds -2.6 and -2.8
    # on two 1.5-1.8 s runs of held draw 9313). The spliced fillers' runs measured at most
    # 0.45 (0.56 under reverberation, which smears a voice), music 0.82 at the least.
    max_held_harmonics: float = 0.7
    # ...and that holds one sound, as a filler's vowel or nasal does: its mean spectral
    # change (:func:`~speakprep.core.steadiness.change_within_db`) at most this. Even the
    # steadiest stretch of a short word Whisper drew out moves through the word's own
    # sounds ("I" /ai/, "and"), and TV speech in a gap moves on all the time. Measured on
    # the seen draws (default, 9302, 9313, 9331, 9341): the real fillers' whole tokens in
    # the MFA clips 2.1-2.8; a word's window that alone found a spliced filler at most
    # 3.92, the six false fillers from windows ("I", "and") 4.33-5.06...
    max_change_db: float = 4.1
    # ...and a run between silences, measured whole with the edge of the word it was cut
    # from, at most this: a run that alone found a spliced filler at most 4.16, the TV
    # speech that made a false filler in a gap 4.54.
    max_run_change_db: float = 4.35
    # ...that no word needs: every word reaching into it keeps at least this share of its
    # expected length outside it (the speaker's median seconds per letter times its
    # letters), so a word split by a stop closure ("a|coustic") is not a candidate.
    word_elsewhere_share: float = 0.7
    min_expected_word_s: float = 0.08
    # A run a word reaches into is often that word's own syllable: heard alone for less than
    # this the model cannot tell it from "uh" (tune part: 5 of the 6 such runs it judged
    # fillers were syllables of words; the real clips' fillers are all longer).
    under_min_s: float = 0.25
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
    # Two words drawn over one filler between them touch: with a pause between them (the
    # model printed "examples" and "Still" 3.4 s apart around a mid-sentence pause), their
    # steadiest stretch is the pause's noise or a syllable of either word, heard alone. Seen
    # draws (default) and synthetic voices (slt, kal): every pair window that held a spliced
    # filler had words 0.000 s apart; pairs with a gap (0.076-3.40 s) held none, and one of
    # them (3.40 s, slt under pink noise) made a false filler.
    pair_max_gap_s: float = 0.05
    steady_min_s: float = 0.2
    steady_max_s: float = 0.6
    steady_lengths_s: tuple[float, ...] = (0.25, 0.4)
    # ...and is sound for at least this share of its frames: the steadiest stretch of a
    # word drawn over a pause ("for you ... ask") can be the pause itself.
    steady_min_active: float = 0.3
    # ...and is not a sound the word was drawn over that runs on this long before or after
    # it with no word there: tiny.en stretches a word back over music before it ("Over"
    # over the last second of a 3 s chord run), and the window is then the music. A filler
    # glued to a word lies in that word's run of sound or in speech (tune draws 9301, 9302:
    # the one window this leaves out was a false filler; no window of a spliced filler had
    # even 0.3 s of such sound beside its word).
    other_sound_s: float = 1.0
    # A run no word reaches into is a filler when the model's log-odds of a filler opening
    # it reach this (its rivals there are mostly "[", "(" and the end of the text).
    gap_min_log_odds: float = -3.0
    weak_min_log_odds: float = -2.0
    # A clearly periodic run between silences that holds one sound as steadily as this (its
    # spectral change, see ``max_run_change_db``) needs less of the model, with or without
    # words reaching into it: speech in the background (a TV) moves the model away from
    # "uh" (seen draws: 115 of 279 TV fillers missed, most as runs the model gave -5 to -3).
    # The eight seen draws (default, 9302, 9313, 9331, 9341, 9367, 9377, 9383): 27 more
    # fillers found (2655 -> 2682 of 3026), 19 of them under a TV (164 -> 183 of 279), no
    # false one; the nearest run that would be one (TV speech, log-odds -3.1) measured 3.04.
    # Held draw 9421 (made first, scored once after): 301 -> 302 of 346, TV 17 -> 18 of 32,
    # false 2 -> 2.
    steady_run_max_change_db: float = 2.9
    steady_run_min_log_odds: float = -5.0
    # ...but a steady run a word reaches into that the model hears only weakly as a filler
    # (under ``gap_min_log_odds``) is often that word's own vowel drawn out (a synthetic
    # "has" under noise: log-odds -4.6, a filler over the word by only 1.18): it must then
    # sound like a filler more than like the word by this much. Tune draws (default, 9473):
    # the spliced fillers taken that way were 2.16-7.06 over their words.
    steady_run_weak_min_versus_words: float = 1.5
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
    # Every word a filler was heard under keeps sound of its own (active frames outside all
    # fillers heard) of at least this share of its expected length: a word stretched over a
    # filler and its own syllable leaves two runs, and only one of them can be the filler
    # (tune part: words left 0.0-0.04 s when both were taken; real fillers left >= 0.4).
    word_sound_share: float = 0.3


@dataclass(frozen=True, slots=True)
class FillerEvidence:
    """What the speech model says about one candidate run, in natural-log odds.

    ``filler_log_odds``: a filler opening the run against anything else the model could
    write there. ``versus_words``: a filler against the words stretched over the run
    (``inf`` when there are none). ``upper_bound``: both are at most these values (worked
    out from the model's first step alone), given for a candidate they already reject
    (see :data:`Settled`).
    """

    filler_log_odds: float
    versus_words: float
    upper_bound: bool = False


@dataclass(frozen=True, slots=True)
class WordNeed:
    """A printed word a candidate lies under, and the sound it must keep outside fillers."""

    start_s: float
    end_s: float
    sound_s: float


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
    # Of a run between silences, its mean spectral change
    # (:func:`~speakprep.core.steadiness.change_within_db`; inf for other candidates).
    change_db: float = math.inf
    # The stretched word(s) this is a window of (at most one window of a span becomes a
    # filler); ``fixed_length``: one of ``steady_lengths_s``, not the word's excess time.
    span_s: tuple[float, float] | None = None
    fixed_length: bool = False
    # The words of ``under`` with their times and the sound each must keep (see
    # ``FilledPauseSettings.word_sound_share``); not part of what the model hears.
    needs: tuple[WordNeed, ...] = ()


# Whether evidence that is an upper bound settles a candidate (rejects it whatever the
# exact figures are). The model then skips its costlier part for that candidate
# (``Transcriber.filler_evidence``): on the real clips 49 of 60 candidates are settled so.
Settled = Callable[[FillerCandidate, FillerEvidence], bool]


def rejected(candidate: FillerCandidate, upper: FillerEvidence) -> bool:
    """The :data:`Settled` of :func:`accept_fillers`: ``upper`` rejects ``candidate`` (its
    decision margin only grows with the evidence)."""
    return not is_filler(candidate, upper)


def answers(
    evidence: FillerEvidence | None, candidate: FillerCandidate, settled: Settled | None
) -> bool:
    """Whether kept ``evidence`` answers a request for ``candidate``: exact evidence always,
    an upper bound when ``settled`` says it settles the candidate."""
    if evidence is None:
        return False
    return not evidence.upper_bound or (settled is not None and settled(candidate, evidence))


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
    anywhere else, when no word reaches into it but it lies before the first word or
    after the last (usually noise or a breath), and when the words over it would keep too
    little sound (``word_sound_share``) even if it were the only filler: the model's time
    is spent on stretches that can be taken.
    """
    timed = [_Timed.of(w) for w in words if w.start_s is not None and w.end_s is not None]
    if not timed:
        return []
    first_s, last_s = timed[0].start_s, max(w.end_s for w in timed)
    per_letter_s = _seconds_per_letter(timed)
    printed = [w for w in timed if w.hard]
    found: list[FillerCandidate] = []
    background = background_spectrum(samples, activity, sample_rate, _HUM_CUT_HZ)

    def band(start_s: float, end_s: float) -> np.ndarray:
        a, b = int(start_s * sample_rate), int(end_s * sample_rate)
        return highpass(samples[a:b], sample_rate, _HUM_CUT_HZ)

    for s, e in activity.islands:
        if not settings.min_s <= e - s <= settings.max_s:
            continue
        if any(w.printed_near(s, e, settings) for w in printed):
            continue
        reaching = [w for w in timed if w.near(s, e)]
        if reaching and e - s < settings.under_min_s:
            continue
        if not reaching and (s < first_s - settings.opening_within_s or e > last_s):
            continue
        if not all(w.has_time_outside(s, e, per_letter_s, settings) for w in reaching):
            continue
        clip = band(s, e)
        voiced = _voicing(clip, sample_rate, settings)
        if voiced is None or (voiced < settings.clear_periodicity and e - s < settings.weak_min_s):
            continue
        if mains_periodicity(clip, sample_rate) - voiced > settings.max_mains_over_voice:
            continue
        if low_share(clip, sample_rate, background) < settings.min_low_share:
            continue
        if held_harmonics(clip, sample_rate) > settings.max_held_harmonics:
            continue
        change = change_within_db(samples, sample_rate, s, e)
        if change > settings.max_run_change_db:
            continue
        found.append(
            FillerCandidate(
                s,
                e,
                tuple(w.text for w in reaching),
                periodicity=round(voiced, 3),
                change_db=round(change, 3),
                needs=_needs(reaching, per_letter_s, settings),
            )
        )
    windows = _stretched_candidates(timed, samples, sample_rate, per_letter_s, settings)
    # A span with a window over a run asked about already is that run's (asked once).
    asked = {
        w.span_s for w in windows if any(c.start_s < w.end_s and c.end_s > w.start_s for c in found)
    }
    for candidate in windows:
        if (
            candidate.span_s not in asked
            and not any(
                w.printed_near(candidate.start_s, candidate.end_s, settings) for w in printed
            )
            and activity.active_fraction(candidate.start_s, candidate.end_s)
            >= settings.steady_min_active
            and periodicity(band(candidate.start_s, candidate.end_s), sample_rate)
            >= settings.min_periodicity
            and not _in_other_sound(candidate, activity, timed, settings)
            and change_within_db(samples, sample_rate, candidate.start_s, candidate.end_s)
            <= settings.max_change_db
        ):
            found.append(candidate)
    # A stretch whose words would keep too little sound even were it the only filler heard
    # can never be taken (accept_fillers), whatever the model says: it is not asked about.
    alive = [c for c in found if _words_keep_sound(c, [(c.start_s, c.end_s)], activity)]
    return sorted(alive, key=lambda c: c.start_s)


def _in_other_sound(
    window: FillerCandidate,
    activity: Activity,
    timed: Sequence[_Timed],
    settings: FilledPauseSettings,
) -> bool:
    """Whether the run of sound holding ``window`` runs on ``other_sound_s`` or more beyond
    the stretched word(s) it is a window of (``span_s``) with no word in that part: the
    word was drawn over another sound (music, a chime), which is what the window hears."""
    assert window.span_s is not None
    span_start, span_end = window.span_s
    islands = [(s, e) for s, e in activity.islands if s < window.end_s and e > window.start_s]
    if not islands:
        return False
    start_s, end_s = max(islands, key=lambda i: min(i[1], window.end_s) - max(i[0], window.start_s))
    beyond = ((start_s, span_start), (span_end, end_s))
    return any(
        b - a >= settings.other_sound_s and not any(w.near(a, b) for w in timed) for a, b in beyond
    )


def _needs(
    words: Sequence[_Timed], per_letter_s: float, settings: FilledPauseSettings
) -> tuple[WordNeed, ...]:
    share = settings.word_sound_share
    return tuple(
        WordNeed(w.start_s, w.end_s, round(share * w.expected_s(per_letter_s, settings), 3))
        for w in words
        if w.printed and not w.hard
    )


def voiceless_sound(
    samples: np.ndarray,
    sample_rate: int,
    activity: Activity,
    start_s: float,
    end_s: float,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> bool:
    """Whether ``start_s``-``end_s`` holds sound and none of it is a voice.

    The sound is the take's islands of activity clipped to the span, each at least
    ``min_s`` long; each is judged as a run between words is (periodic, or pulsed when only
    weakly periodic). A span with no such sound is not voiceless: there is nothing to judge.
    tiny.en writes "Uhh" over an out-breath: a filler it printed over breath, typing or hiss
    is heard again by the model (:func:`~speakprep.core.printed_fillers.doubtful_printed`).
    """
    pieces = [(max(s, start_s), min(e, end_s)) for s, e in activity.islands]
    pieces = [(a, b) for a, b in pieces if b - a >= settings.min_s]
    rate = sample_rate
    clips = [highpass(samples[int(a * rate) : int(b * rate)], rate, _HUM_CUT_HZ) for a, b in pieces]
    return bool(clips) and all(_voicing(clip, rate, settings) is None for clip in clips)


def _words_keep_sound(
    candidate: FillerCandidate, heard: Sequence[tuple[float, float]], activity: Activity
) -> bool:
    """Whether every word ``candidate`` lies under keeps the sound it needs (``needs``)
    outside the ``heard`` filler spans."""
    return all(
        activity.sound_s(need.start_s, need.end_s, outside=heard) >= need.sound_s
        for need in candidate.needs
    )


def _voicing(clip: np.ndarray, sample_rate: int, s: FilledPauseSettings) -> float | None:
    """The periodicity of a run or window, None when it is no voice (see the settings)."""
    return voicing(
        clip, sample_rate, s.min_periodicity, clear=s.clear_periodicity, pulses=s.weak_min_pulses
    )


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
            and printed[i + 1].start_s - printed[i].end_s <= settings.pair_max_gap_s
        ):
            spans.append((i, i + 1))
    found = []
    hard = [w for w in timed if w.hard]
    for first, last in spans:
        start_s, end_s = printed[first].start_s, printed[last].end_s
        if any(w.printed_near(start_s, end_s, settings) for w in hard):
            continue  # the model printed this filler, next to the word it stretched
        later = [w.start_s for w in timed if w.start_s >= end_s - 1e-6 and w is not printed[last]]
        pause = min(later, default=math.inf) - end_s >= settings.pause_after_s
        length = min(
            settings.steady_max_s, max(settings.steady_min_s, sum(excess[first : last + 1]))
        )
        words = tuple(w.text for w in printed[first : last + 1])
        needs = _needs(printed[first : last + 1], per_letter_s, settings)
        windows: dict[tuple[float, float], bool] = {}
        # Before a pause a short window finds the drawn-out vowel ("you know..."): one try.
        tries = (length,) if pause else (length, *settings.steady_lengths_s)
        for k, seconds in enumerate(tries):
            steady = steadiest(samples, sample_rate, start_s, end_s, seconds)
            if steady is not None and steady not in windows:
                windows[steady] = k > 0
        found += [
            FillerCandidate(
                *w, words, pause, span_s=(start_s, end_s), fixed_length=fixed, needs=needs
            )
            for w, fixed in windows.items()
        ]
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

    def expected_s(self, per_letter_s: float, settings: FilledPauseSettings) -> float:
        """How long its letters take at the speaker's pace."""
        return max(settings.min_expected_word_s, per_letter_s * spoken_letters(self.text))

    def excess_s(self, per_letter_s: float, settings: FilledPauseSettings) -> float:
        """How much longer than its letters at the speaker's pace this word lasts."""
        return (self.end_s - self.start_s) - self.expected_s(per_letter_s, settings)

    def near(self, start_s: float, end_s: float, within_s: float = 0.0) -> bool:
        """Whether this word overlaps ``start_s``-``end_s`` widened by ``within_s``."""
        return self.start_s < end_s + within_s and self.end_s > start_s - within_s

    def printed_near(self, start_s: float, end_s: float, settings: FilledPauseSettings) -> bool:
        """Whether this printed filler is the one in ``start_s``-``end_s``: close to it, or in
        it when the model gave it no time of its own (``unplaced_max_s``; it then timed the
        filler after the word it stretched over it, which is asked about, see
        :func:`~speakprep.core.printed_fillers.unplaced_duplicates`)."""
        placed = self.end_s - self.start_s >= settings.unplaced_max_s
        return self.near(start_s, end_s, settings.printed_nearby_s if placed else 0.0)

    def has_time_outside(
        self, start_s: float, end_s: float, per_letter_s: float, settings: FilledPauseSettings
    ) -> bool:
        """Whether enough of this word's span lies outside ``start_s``-``end_s`` to say it."""
        if not self.printed or (self.start_s >= start_s and self.end_s <= end_s):
            return False
        inside = min(self.end_s, end_s) - max(self.start_s, start_s)
        expected = self.expected_s(per_letter_s, settings)
        return (self.end_s - self.start_s) - inside >= settings.word_elsewhere_share * expected


# A digit is said as a word of about this many letters ("one" to "seven": 4.0 on average).
_LETTERS_PER_DIGIT = 4


def spoken_letters(text: str) -> int:
    """How many letters ``text`` is said with: its characters, each digit counted as its
    spoken name. tiny.en prints numbers as digits, and "1" timed 0.36 s over "one" is no
    word drawn out (held-seed draws 9331 and 9367: the window of that "1" in noise was a
    false filler in both)."""
    digits = sum(ch.isdigit() for ch in text)
    return len(text) + (_LETTERS_PER_DIGIT - 1) * digits


def _seconds_per_letter(words: Sequence[_Timed]) -> float:
    """The speaker's median time per letter, over printed words of three letters or more."""
    rates = [
        (w.end_s - w.start_s) / spoken_letters(w.text)
        for w in words
        if w.printed and spoken_letters(w.text) >= 3 and w.end_s > w.start_s
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
    elif candidate.change_db <= settings.steady_run_max_change_db:
        least = settings.steady_run_min_log_odds
        if evidence.filler_log_odds < settings.gap_min_log_odds:  # the bar only falls as
            versus = settings.steady_run_weak_min_versus_words  # the evidence grows
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
    activity: Activity | None = None,
    *,
    settings: FilledPauseSettings = FilledPauseSettings(),
) -> list[Word]:
    """The candidates the model judged fillers, as ``"(um)"`` words heard in the audio.

    Taken surest first: of the windows of one stretched span (``span_s``) only one can be
    a filler, and with ``activity`` (the take's) a candidate is left out when a word it lies
    under would keep too little sound outside the fillers taken (see ``word_sound_share``).
    Fillers closer than ``heard_apart_s`` are one.
    """
    if len(candidates) != len(evidence):
        raise ValueError("one piece of evidence per candidate")
    margins = [decision_margin(c, e, settings) for c, e in zip(candidates, evidence, strict=True)]
    taken: list[FillerCandidate] = []
    spans: set[tuple[float, float]] = set()
    for i in sorted(range(len(candidates)), key=lambda i: (-margins[i], i)):
        c = candidates[i]
        if margins[i] < 0.0 or c.span_s in spans:
            continue
        spans_heard = [(f.start_s, f.end_s) for f in (*taken, c)]
        if activity is not None and not _words_keep_sound(c, spans_heard, activity):
            continue
        taken.append(c)
        if c.span_s is not None:
            spans.add(c.span_s)
    merged: list[tuple[float, float]] = []
    for start_s, end_s in sorted((float(c.start_s), float(c.end_s)) for c in taken):
        if merged and start_s - merged[-1][1] < settings.heard_apart_s:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end_s))
        else:
            merged.append((start_s, end_s))
    return [
        Word("(um)", round(a, 3), round(b, 3), filler=True, filler_kind="hard", source="audio")
        for a, b in merged
    ]
