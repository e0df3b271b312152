"""Whisper's punctuation on timed words, mended before and while sentences are split.

Speech is decoded in pieces cut at pauses and Whisper's full stops follow its own reading of
the words, not the speaker's silences. Three habits are mended here, each decided by the
silence between two words and, where a sentence may go on across it, by the words around it
(:mod:`speakprep.core.pause_context`):

* a full stop at a piece cut inside a sentence is taken out (:func:`mend_cut_stops`);
* a capitalised word after a pause with no stop before it opens a sentence
  (:func:`capital_breaks`);
* a verbless fragment Whisper stopped off where the speaker ran on joins its neighbour
  (:func:`join_fragments`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from speakprep.core.cues import SentenceCues, is_hard_filler, normalize
from speakprep.core.models import Sentence, Transcript, Word
from speakprep.core.pause_context import holds_clause, open_before, sentence_goes_on
from speakprep.core.rubric import Rubric, default_rubric

# A silence between two words this long or longer is where a speaker may end a sentence; a
# full stop Whisper prints with less silence after it is no evidence of a sentence end by
# itself. (Spoken answers read sentence by sentence: 277 of 289 true sentence ends had at
# least 0.3 s, 67 of 69 stops Whisper printed inside a sentence had less.)
SENTENCE_GAP_S = 0.3
# A full stop (or an ellipsis) and nothing but spaces between two words.
_STOP_BETWEEN = re.compile(r"^(?P<stop>[.…]+)\s+$")
_KEEP_CAPITAL = frozenset({"i", "i'm", "i'd", "i'll", "i've"})


def is_filler(word: Word, cues: SentenceCues) -> bool:
    """A filler, marked or hard ("um", "uh")."""
    return word.filler or is_hard_filler(word.text, cues.hard_fillers)


def capital_breaks(
    located: list[int], words: Sequence[Word], text: str, cues: SentenceCues
) -> list[int]:
    """Where Whisper opened a sentence with a capital after a pause but printed no stop.

    Not where the words say the sentence goes on (:mod:`~speakprep.core.pause_context`):
    there :func:`mend_cut_stops` took out the stop of a thinking pause ("a small team of |
    Support engineers at a growing company"); and not over a long pause
    (``split_pause_s``), which cuts a run-on anyway. The capitals measured at real sentence
    ends came after 0.3-1.0 s.
    """
    cuts = []
    for i, j in itertools.pairwise(located):
        a, b = words[i], words[j]
        if a.end_s is None or b.start_s is None:
            continue
        gap = b.start_s - a.end_s
        if not SENTENCE_GAP_S <= gap < cues.split_pause_s or sentence_goes_on(
            text, a.char_end or 0, b.char_start, gap, cues
        ):
            continue
        if text[a.char_end or 0 : b.char_start or 0].strip() or not b.text[:1].isupper():
            continue
        if normalize(b.text) not in _KEEP_CAPITAL:  # "I" is capital wherever it stands
            cuts.append(b.char_start or 0)
    return cuts


def join_fragments(
    sentences: list[Sentence], transcript: Transcript, cues: SentenceCues
) -> list[Sentence]:
    """Join each verbless fragment to the neighbour it was spoken into without a pause.

    A fragment has at least two words and no clause (:func:`~speakprep.core.pause_context.
    holds_clause`: no subject word, no finite verb, no noun phrase with its -s verb; "The
    last six on a mixed ICU.", "Mostly in the evenings."): labelled alone it has no frame of
    its own. "Your company helps clinics use their data." is a clause and stands. It
    joins the sentence before or after it across the shorter silence, when that silence is
    shorter than :data:`SENTENCE_GAP_S` (Whisper's stop there was not backed by a pause).
    """
    out = list(sentences)
    k = 0
    while k < len(out):
        side = _fragment_side(out, k, transcript, cues)
        if side is None:
            k += 1
            continue
        first, second = (k - 1, k) if side < 0 else (k, k + 1)
        out[first : second + 1] = [_joined(out[first], out[second], transcript)]
        k = first
    return out


def _fragment_side(
    sentences: list[Sentence], k: int, transcript: Transcript, cues: SentenceCues
) -> int | None:
    """-1 / +1: fragment ``k`` joins the sentence before / after it; None: it stands."""
    tokens = [
        normalize(transcript.words[i].text)
        for i in sentences[k].word_indexes
        if transcript.words[i].char_start is not None and not is_filler(transcript.words[i], cues)
    ]
    if len(tokens) < 2 or holds_clause(tokens, cues):
        return None
    gaps = {}
    for side in (-1, 1):
        if 0 <= k + side < len(sentences):
            a, b = sorted((sentences[k], sentences[k + side]), key=lambda s: s.char_start)
            if a.end_s is not None and b.start_s is not None:
                gaps[side] = b.start_s - a.end_s
    if not gaps:
        return None
    side = min(gaps, key=lambda s: gaps[s])
    return side if gaps[side] < SENTENCE_GAP_S else None


def _joined(a: Sentence, b: Sentence, transcript: Transcript) -> Sentence:
    """Sentences ``a`` and ``b`` (adjacent, in order) as one."""
    starts = [t for t in (a.start_s, b.start_s) if t is not None]
    ends = [t for t in (a.end_s, b.end_s) if t is not None]
    return Sentence(
        text=transcript.text[a.char_start : b.char_end],
        char_start=a.char_start,
        char_end=b.char_end,
        start_s=min(starts) if starts else None,
        end_s=max(ends) if ends else None,
        word_indexes=tuple(sorted({*a.word_indexes, *b.word_indexes})),
    )


def mend_cut_stops(
    transcript: Transcript, *, rubric: Rubric | None = None, min_gap_s: float = SENTENCE_GAP_S
) -> Transcript:
    """Take out the full stops Whisper put at a pause inside a sentence.

    A take is decoded in pieces cut at pauses (speakprep.transcription.pieces) and Whisper
    ends every piece with a full stop, so a thinking pause splits a sentence in two: "... a
    small team of. Support engineers at a growing company." A stop (or an ellipsis) before a
    pause of at least ``min_gap_s`` is taken out when the words around it say the sentence
    goes on (:func:`~speakprep.core.pause_context.sentence_goes_on`: the same decision
    flags the pause mid-sentence), so the sentence stays whole in the transcript and on the
    timeline. Before a shorter silence only a stop after a word no sentence ends on
    (``open_endings``: "I took the forklift course because. I want to run ...") is taken
    out: Whisper heard both sides, but no reading of the words ends a sentence there. Only
    the text changes (and a following "The"/"And" becomes lower case); words keep their
    times.
    """
    cues = (rubric or default_rubric()).sentences
    assert cues is not None
    text, words = transcript.text, transcript.words
    located = [
        i
        for i, w in enumerate(words)
        if w.source != "audio" and w.char_start is not None and w.char_end is not None
    ]
    joins: list[tuple[int, int]] = []
    lower: set[int] = set()
    for i, j in itertools.pairwise(located):
        a, b = words[i], words[j]
        if not stop_between(transcript, i, j) or a.end_s is None or b.start_s is None:
            continue
        gap = b.start_s - a.end_s
        if (
            open_before(text, a.char_end or 0, cues, long=False)
            if gap < min_gap_s
            else sentence_goes_on(text, a.char_end or 0, b.char_start, gap, cues)
        ):
            joins.append((i, j))
            name = normalize(b.text)
            if name in cues.open_endings | cues.rare_endings and name not in _KEEP_CAPITAL:
                lower.add(j)
    return take_out_stops(transcript, joins, lower)


def stop_between(transcript: Transcript, i: int, j: int) -> bool:
    """Whether a full stop (or an ellipsis) and nothing but spaces lie between words ``i``
    and ``j``: what :func:`take_out_stops` can take out."""
    a, b = transcript.words[i], transcript.words[j]
    if a.char_end is None or b.char_start is None:
        return False
    return _STOP_BETWEEN.match(transcript.text[a.char_end : b.char_start]) is not None


def take_out_stops(
    transcript: Transcript, joins: Sequence[tuple[int, int]], lower: Collection[int] = ()
) -> Transcript:
    """``transcript`` without the stop between each pair of words ``joins`` (see
    :func:`stop_between`; pairs without one are left alone), the words ``lower`` starting in
    lower case. Only the text changes; words keep their times."""
    cuts = []
    for i, j in sorted(joins):
        if stop_between(transcript, i, j):
            end = transcript.words[i].char_end or 0
            stop = _STOP_BETWEEN.match(transcript.text[end : transcript.words[j].char_start or 0])
            assert stop is not None
            cuts.append((end, end + len(stop.group("stop"))))
    return _without(transcript, cuts, lower) if cuts else transcript


def _without(
    transcript: Transcript, cuts: list[tuple[int, int]], lower: Collection[int]
) -> Transcript:
    """``transcript`` with the character spans ``cuts`` deleted, offsets moved to match."""
    text = transcript.text
    parts, last = [], 0
    for start, end in cuts:
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    starts = [start for start, _ in cuts]
    removed = list(itertools.accumulate(end - start for start, end in cuts))

    def moved(offset: int | None) -> int | None:
        if offset is None:
            return None
        k = bisect.bisect_right(starts, offset - 1)
        return offset - (removed[k - 1] if k else 0)

    new_text = "".join(parts)
    words = []
    for i, w in enumerate(transcript.words):
        at, until = moved(w.char_start), moved(w.char_end)
        if i in lower and at is not None and until is not None:
            new_text = new_text[:at] + new_text[at].lower() + new_text[at + 1 :]
            w = replace(w, text=w.text[:1].lower() + w.text[1:])
        words.append(replace(w, char_start=at, char_end=until))
    return replace(transcript, text=new_text, words=tuple(words))
