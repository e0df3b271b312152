"""Check ASR words against the audio: fix their times and drop invented ones.

Three Whisper habits, measured on the bundled tiny.en model (design.md):

* the first word after a silence starts early, stretched over the silence before it;
* words are invented in trailing silence ("Thank you." after the last real word), with zero
  duration and a probability near 0;
* fillers are dropped, or printed with a zero duration far from where they were said
  (the dropped ones are found by :mod:`speakprep.core.filled_pauses`).

Every function here takes and returns plain ``Word`` tuples, so it runs the same on a whole
file and on a live chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.fillers import default_lexicon, is_hard_filler
from speakprep.core.models import TimedWord, Word, as_words, retime, timed_words


@dataclass(frozen=True, slots=True)
class AlignmentSettings:
    # A word keeps at least this much time after its start moves to the first sound.
    min_word_s: float = 0.05
    # How far past Whisper's end a word may grow into sound that continues after it.
    max_end_extension_s: float = 0.35
    # A word with less sound than this share of its span (plus a little slack) is silent.
    silent_fraction: float = 0.1
    slack_s: float = 0.05
    # A silent word in the middle of the answer is dropped only if the model doubted it.
    invented_max_probability: float = 0.5
    # Words at the very end the model was nearly sure it did not hear ("Thank" at p=0.00
    # after the last real word) are invented even when a breath lies under them.
    tail_max_probability: float = 0.1
    # A word whose start Whisper put late may reach back this far over the sound it began in.
    max_start_extension_s: float = 0.6
    # A misplaced word (silent, or under a zero-length timestamp) may move to unclaimed
    # sound this close to where Whisper put it.
    relocate_within_s: float = 1.0


@dataclass(frozen=True, slots=True)
class AlignedWords:
    """The input words, in order, with corrected times; ``dropped`` indexes invented ones."""

    words: tuple[Word, ...]
    dropped: tuple[int, ...]

    @property
    def kept(self) -> tuple[Word, ...]:
        gone = set(self.dropped)
        return tuple(w for i, w in enumerate(self.words) if i not in gone)


def align_words(
    words: Sequence[Word],
    activity: Activity,
    *,
    settings: AlignmentSettings = AlignmentSettings(),
) -> AlignedWords:
    """Snap word times to the sound, move misplaced fillers, and find invented words."""
    timed = timed_words(words)
    if not words or len(timed) != len(words):
        return AlignedWords(tuple(words), ())
    refined = [_trim_to_sound(w, activity, settings) for w in timed]
    refined = _relocate_silent_words(refined, activity, settings)
    last_sound = _last_claimed_sound(refined, activity, settings)
    dropped: list[int] = []
    for i, word in enumerate(refined):
        silent = _sound_fraction(word, activity, settings) < settings.silent_fraction
        trailing = last_sound is not None and word.start_s >= last_sound - 1e-6
        doubtful = (word.probability or 0.0) < settings.invented_max_probability
        if silent and (trailing or doubtful or last_sound is None):
            dropped.append(i)
    kept = [i for i in range(len(refined)) if i not in set(dropped)]
    while kept and (refined[kept[-1]].probability or 0.0) < settings.tail_max_probability:
        dropped.append(kept.pop())
    retimed = _extend_ends(
        _extend_starts([refined[i] for i in kept], activity, settings), activity, settings
    )
    for i, word in zip(kept, retimed, strict=True):
        refined[i] = word
    return AlignedWords(as_words(refined), tuple(sorted(dropped)))


def _seconds(value: float) -> float:
    """A plain float rounded to the millisecond (numpy scalars do not serialise to JSON)."""
    return round(float(value), 3)


def _sound_fraction(word: TimedWord, activity: Activity, settings: AlignmentSettings) -> float:
    return activity.active_fraction(word.start_s - settings.slack_s, word.end_s + settings.slack_s)


def _trim_to_sound(word: TimedWord, activity: Activity, settings: AlignmentSettings) -> TimedWord:
    start, end = word.start_s, word.end_s
    if end - start < settings.min_word_s:
        return word
    first = activity.first_active(start, end)
    if first is None:
        return word
    if first > start and end - first >= settings.min_word_s:
        start = first
    last = activity.last_active(start, end)
    if last is not None and last < end:
        # A word whose sound stops just after Whisper's start keeps ``min_word_s``, not the
        # silence after it: "of" timed 5.44-6.22 s over 0.04 s of sound and then 0.7 s of a
        # 3 s pause under pink noise (float32) made the pause 2.3 s, too short to be long.
        end = max(last, start + settings.min_word_s)
    return retime(word, start_s=_seconds(start), end_s=_seconds(end))


def _claimed_mask(words: Sequence[TimedWord], activity: Activity) -> np.ndarray:
    claimed = np.zeros_like(activity.active)
    for w in words:
        sl = activity._frames(w.start_s, w.end_s)
        claimed[sl] = True
    return claimed & activity.active


def _unclaimed_islands(
    words: Sequence[TimedWord], activity: Activity, min_s: float
) -> list[tuple[float, float]]:
    """Runs of sound that no word covers, at least ``min_s`` long."""
    free = activity.active & ~_claimed_mask(words, activity)
    edges = np.diff(np.concatenate(([0], free.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    hop = activity.hop_s
    return [
        (float(s * hop), float(e * hop))
        for s, e in zip(starts, ends, strict=True)
        if (e - s) * hop >= min_s
    ]


def _relocate_silent_words(
    words: list[TimedWord], activity: Activity, settings: AlignmentSettings
) -> list[TimedWord]:
    """Move words that sit on silence (often zero-length fillers) onto nearby free sound."""
    out = list(words)
    for i, word in enumerate(out):
        zero_length = word.end_s - word.start_s < settings.min_word_s
        if (
            not zero_length
            and _sound_fraction(word, activity, settings) >= settings.silent_fraction
        ):
            continue
        lo = out[i - 1].end_s if i > 0 else 0.0
        hi = out[i + 1].start_s if i + 1 < len(out) else activity.duration_s
        others = out[:i] + out[i + 1 :]
        # Free sound running without a break into the next word's start is that word's
        # onset, timed late (see _extend_starts), not a misplaced filler: put there, the
        # filler leaves the run it was said in (its own, or under a stretched word)
        # unjudged. A word ("Right" before "now") may well be that onset.
        onset = (
            i + 1 < len(out)
            and _is_active_at(activity, hi)
            and is_hard_filler(word.text, default_lexicon())
        )
        candidates = [
            (s, e)
            for s, e in _unclaimed_islands(others, activity, settings.min_word_s)
            if s >= lo - 1e-6
            and e <= hi + 1e-6
            and not (onset and e >= hi - activity.hop_s)
            and abs((s + e) / 2 - word.start_s) <= settings.relocate_within_s
        ]
        if candidates:
            s, e = min(candidates, key=lambda c: abs((c[0] + c[1]) / 2 - word.start_s))
            out[i] = retime(word, start_s=_seconds(s), end_s=_seconds(e))
    return out


def _last_claimed_sound(
    words: Sequence[TimedWord], activity: Activity, settings: AlignmentSettings
) -> float | None:
    """The end of the last word that has sound under it: the speaker's last real word."""
    for word in reversed(words):
        if _sound_fraction(word, activity, settings) >= settings.silent_fraction:
            return word.end_s
    return None


def _extend_ends(
    words: list[TimedWord], activity: Activity, settings: AlignmentSettings
) -> list[TimedWord]:
    """Let a word before a pause keep the sound that continues after Whisper's end.

    Whisper tends to end a word early when a pause follows (the final "s" of "thanks").
    """
    out = list(words)
    for i, word in enumerate(out):
        limit = out[i + 1].start_s if i + 1 < len(out) else activity.duration_s
        horizon = min(limit, word.end_s + settings.max_end_extension_s)
        if horizon <= word.end_s or not _is_active_at(activity, word.end_s - activity.hop_s):
            continue
        sl = activity._frames(word.end_s, horizon)
        run = activity.active[sl]
        stop = np.flatnonzero(~run)
        grow = (stop[0] if stop.size else run.size) * activity.hop_s
        if grow > 0:
            out[i] = retime(word, end_s=_seconds(word.end_s + grow))
    return out


def _extend_starts(
    words: list[TimedWord], activity: Activity, settings: AlignmentSettings
) -> list[TimedWord]:
    """Give a word the sound it began in when Whisper put its start late.

    Sound running without a break into a word's start belongs to that word (the "And" at
    18.4 s of the MFA acoustic clip was placed at 18.9 s); counting it as a missed filler
    would be wrong.
    """
    out = list(words)
    for i, word in enumerate(out):
        if not _is_active_at(activity, word.start_s):
            continue
        floor = out[i - 1].end_s if i > 0 else 0.0
        horizon = max(floor, word.start_s - settings.max_start_extension_s)
        sl = activity._frames(horizon, word.start_s)
        run = activity.active[sl][::-1]
        stop = np.flatnonzero(~run)
        grow = (stop[0] if stop.size else run.size) * activity.hop_s
        if grow > 0:
            out[i] = retime(word, start_s=_seconds(max(horizon, word.start_s - grow)))
    return out


def _is_active_at(activity: Activity, time_s: float) -> bool:
    i = int(time_s / activity.hop_s)
    return 0 <= i < len(activity.active) and bool(activity.active[i])


def periodicity(
    clip: np.ndarray, sample_rate: int, *, f0_range_hz: tuple[float, float] = (70.0, 400.0)
) -> float:
    """Median normalised autocorrelation peak over 40 ms frames: near 1 for a held vowel.

    For each frame (hop 20 ms) the best normalised correlation between the frame and the
    same length ``lag`` samples later, over the lags of ``f0_range_hz``; all frames and lags
    at once with FFTs (a loop over lags took ~30 ms per second of sound).
    """
    frame = int(0.04 * sample_rate)
    hop = frame // 2
    lag_lo = int(sample_rate / f0_range_hz[1])
    lag_hi = int(sample_rate / f0_range_hz[0])
    span = frame + lag_hi
    n_frames = len(range(0, max(0, clip.size - span), hop))
    if n_frames == 0:
        return 0.0
    x = np.asarray(clip, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(x, span)[::hop][:n_frames]
    windows = windows - windows.mean(axis=1, keepdims=True)
    lags = np.arange(lag_lo, lag_hi)
    nfft = 1 << (span - 1).bit_length()
    head = np.fft.rfft(windows[:, :frame], nfft, axis=1)
    cross = np.fft.irfft(np.conj(head) * np.fft.rfft(windows, nfft, axis=1), nfft, axis=1)
    cross = cross[:, lag_lo:lag_hi]
    power = np.concatenate((np.zeros((n_frames, 1)), np.cumsum(windows**2, axis=1)), axis=1)
    energy = power[:, frame : frame + 1]
    shifted = power[:, lags + frame] - power[:, lags]
    denom = np.sqrt(np.maximum(energy * shifted, 0.0))
    corr = np.where(denom > 0, cross / np.where(denom > 0, denom, 1.0), 0.0)
    peaks = np.maximum(corr.max(axis=1), 0.0)[energy[:, 0] > 1e-10]
    return float(np.median(peaks)) if peaks.size else 0.0
