"""Two fillers the model printed as one: a single "uh" drawn over "um ... uh".

tiny.en sometimes writes one "uh" or "hmm" over two fillers said one after the other with
no silence between (mfa_uhum in tests/data/audio, decoded with the pieces grouped by 12 s:
one "uh" from 2.34 to 4.24 s over an "um" and an "uh" with only a dip in loudness between
them), and counting printed words then counts one. So a printed hard filler's span is
looked at for voiced nuclei (:func:`doubled_fillers`): stretches that rise at least
``dip_db`` above a valley and fall as far again, both within the span give or take
``reach_s`` (the model's timing error); a stretch whose sound runs on past the span is a
neighbour's. A span with two or more nuclei has each one heard again by the model on its
own, with the bar a doubtful printed filler must clear
(:func:`~speakprep.core.printed_fillers.confirms_printed`), and a printed filler with two or
more confirmed nuclei becomes one filler per nucleus (:func:`split_doubled`).

The reverse happens too: tiny.en writes a filler it has just written again at the next
word's onset ("Umm um for a stilliner" for "um forced aligner" in mfa_uhum, the second "um"
given 20 ms of the word "forced"). A printed hard filler straight after another one
(:func:`repeated_fillers`) is heard again on its own and kept only if it still sounds like
a filler (:func:`confirms_repeat`). Pure: words and sound in, candidates out; evidence in,
words out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from speakprep.core.activity import Activity
from speakprep.core.filled_pauses import FillerCandidate, FillerEvidence
from speakprep.core.models import Transcript, Word
from speakprep.core.printed_fillers import confirms_printed, printed_hard

__all__ = [
    "Doubled",
    "NucleusSettings",
    "RepeatSettings",
    "confirms_repeat",
    "doubled_fillers",
    "repeated_fillers",
    "split_doubled",
]


@dataclass(frozen=True, slots=True)
class NucleusSettings:
    """What makes a stretch of a printed filler's span a filler of its own."""

    # Only spans this long can hold two fillers (two of ``min_s``).
    min_span_s: float = 0.6
    # A nucleus rises this far above the valley before it and falls as far below its peak
    # after it (speech-band level, smoothed over ``smooth_s``). In mfa_uhum the "um" and
    # the "uh" under one printed "uh" are 21 and 25 dB above the valley between them; the
    # loudness inside one held "uh" (mfa_uh) moves by 5 dB or less.
    dip_db: float = 10.0
    smooth_s: float = 0.05
    # From valley to valley at least this long: a consonant's burst next to a filler (0.26 s
    # in mfa_uh) is not a filler of its own.
    min_s: float = 0.3
    # The valleys may lie this far outside the span (word times are off by tens of ms).
    reach_s: float = 0.1


@dataclass(frozen=True, slots=True)
class RepeatSettings:
    """When a printed filler is another printed filler written again."""

    # No more than this between the two (word times after alignment; the repeat in
    # mfa_uhum starts where the first ends).
    within_s: float = 0.15
    # Heard on its own it must reach this log-odds of a filler. Real clips at 1/2/4 threads,
    # int8 and float32: the repeat on "forced" -6.7; every filler said after another one
    # (mfa_uhum's "uh hm hm um") -1.8 or more, and every printed filler -3.0 or more. Seen
    # spliced draws: an "Erm" written again 0.3 s after a filler, over music, -3.9.
    min_log_odds: float = -3.5


@dataclass(frozen=True, slots=True)
class Doubled:
    """A printed filler (``index`` into the words) and its voiced nuclei, in time order."""

    index: int
    nuclei: tuple[FillerCandidate, ...]


def doubled_fillers(
    words: Sequence[Word], activity: Activity, settings: NucleusSettings = NucleusSettings()
) -> list[Doubled]:
    """The printed hard fillers whose span holds two or more voiced nuclei."""
    out = []
    for i, w in enumerate(words):
        if not printed_hard(w):
            continue
        assert w.start_s is not None and w.end_s is not None
        if w.end_s - w.start_s < settings.min_span_s:
            continue
        nuclei = _nuclei(activity, w.start_s, w.end_s, settings)
        if len(nuclei) >= 2:
            out.append(Doubled(i, tuple(FillerCandidate(a, b) for a, b in nuclei)))
    return out


def repeated_fillers(
    words: Sequence[Word], settings: RepeatSettings = RepeatSettings()
) -> list[int]:
    """Indexes of printed hard fillers that follow another printed hard filler, with no
    word between and at most ``within_s`` after it."""
    out = []
    for i, (before, w) in enumerate(pairwise(words), start=1):
        if not (printed_hard(before) and printed_hard(w)):
            continue
        assert before.end_s is not None and w.start_s is not None
        if w.start_s - before.end_s <= settings.within_s:
            out.append(i)
    return out


def confirms_repeat(evidence: FillerEvidence, settings: RepeatSettings = RepeatSettings()) -> bool:
    """Whether a repeated printed filler, heard again on its own, still sounds like one."""
    return evidence.filler_log_odds >= settings.min_log_odds


def split_doubled(
    transcript: Transcript,
    doubled: Sequence[Doubled],
    evidence: Sequence[FillerEvidence],
) -> Transcript:
    """``transcript`` with each printed filler of ``doubled`` whose nuclei the model confirms
    (two or more; ``evidence``: one per nucleus, in order) split into one filler per
    confirmed nucleus.

    The printed word keeps its text and start and ends where the next confirmed nucleus
    starts; each further nucleus is a ``"(um)"`` heard in the audio, up to the next one or
    the printed word's end. No time is added or lost.
    """
    if sum(len(d.nuclei) for d in doubled) != len(evidence):
        raise ValueError("one piece of evidence per nucleus")
    parts: dict[int, list[Word]] = {}
    heard = iter(evidence)
    for d in doubled:
        confirmed = [n for n in d.nuclei if confirms_printed(next(heard))]
        if len(confirmed) < 2:
            continue
        word = transcript.words[d.index]
        assert word.start_s is not None and word.end_s is not None
        cuts = [word.start_s, *(round(n.start_s, 3) for n in confirmed[1:]), word.end_s]
        pieces = [replace(word, end_s=cuts[1])]
        pieces += [
            Word("(um)", a, b, filler=True, filler_kind="hard", source="audio")
            for a, b in pairwise(cuts[1:])
        ]
        parts[d.index] = pieces
    if not parts:
        return transcript
    words = [p for i, w in enumerate(transcript.words) for p in parts.get(i, [w])]
    return replace(transcript, words=tuple(words))


def _nuclei(
    activity: Activity, start_s: float, end_s: float, settings: NucleusSettings
) -> list[tuple[float, float]]:
    """(valley before, valley after) in seconds of each nucleus within the span."""
    hop = activity.hop_s
    first = max(0, round((start_s - settings.reach_s) / hop))
    last = min(len(activity.level_db), round((end_s + settings.reach_s) / hop))
    width = max(1, round(settings.smooth_s / hop))
    level = np.asarray(activity.level_db[first:last], np.float64)
    if level.size < width:
        return []
    level = np.convolve(level, np.ones(width) / width, mode="valid")
    offset = first + (width - 1) / 2  # frame of level[0]'s centre
    found: list[tuple[int, int]] = []
    low, low_at, high = float(level[0]), 0, -np.inf
    start: int | None = None  # the valley before the nucleus being climbed or left
    rising = False
    for k, x in enumerate(level.tolist()):
        if rising:
            high = max(high, x)
            if x <= high - settings.dip_db:
                rising, low, low_at = False, x, k
        else:
            if x < low:
                low, low_at = x, k
            if x >= low + settings.dip_db:
                if start is not None:
                    found.append((start, low_at))
                rising, high, start = True, x, low_at
    if start is not None and not rising:
        found.append((start, low_at))
    return [
        ((offset + a) * hop, (offset + b) * hop)
        for a, b in found
        if (b - a) * hop >= settings.min_s - 1e-9
    ]
