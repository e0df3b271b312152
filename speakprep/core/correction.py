"""A transcript the user corrected: their words, the audio's timings.

tiny.en mishears ("meditation data" for "messy patient data"); the user types the right
words and every figure is worked out again from them. Words the correction leaves alone
keep their times, a stretch of replaced words shares the time the misheard words took,
and an inserted word sits at the boundary where it was added (zero length). Fillers heard
only in the audio (``source="audio"``) are not in the text and stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from speakprep.core.models import Transcript, Word
from speakprep.core.text import transcript_from_text


class CorrectionError(ValueError):
    """The corrected text cannot replace the transcript (for example, it is empty)."""


def _key(text: str) -> str:
    return text.lower().strip("'’")


def correct_transcript(transcript: Transcript, corrected_text: str) -> Transcript:
    """``transcript`` with the words of ``corrected_text``, timed from the original words."""
    text = corrected_text.strip()
    if not any(ch.isalnum() for ch in text):
        raise CorrectionError("the corrected transcript has no words")
    heard = [w for w in transcript.words if w.char_start is not None]
    audio_only = [w for w in transcript.words if w.char_start is None]
    typed = list(transcript_from_text(text).words)
    matcher = SequenceMatcher(
        a=[_key(w.text) for w in heard], b=[_key(w.text) for w in typed], autojunk=False
    )
    timed: list[Word] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            timed.extend(
                replace(old, text=new.text, char_start=new.char_start, char_end=new.char_end)
                for old, new in zip(heard[a0:a1], typed[b0:b1], strict=True)
            )
        elif op in ("replace", "insert"):
            timed.extend(_spread(heard[a0:a1], typed[b0:b1], timed, heard[a1:]))
    merged = sorted([*timed, *audio_only], key=_order)
    return replace(transcript, text=text, words=tuple(merged))


def _spread(
    old: Sequence[Word], new: Sequence[Word], before: Sequence[Word], after: Sequence[Word]
) -> list[Word]:
    """New words over the time the old ones took (or at the boundary, if none)."""
    starts = [w.start_s for w in old if w.start_s is not None]
    ends = [w.end_s for w in old if w.end_s is not None]
    if starts and ends:
        t0, t1 = min(starts), max(ends)
    else:
        prev = next((w.end_s for w in reversed(before) if w.end_s is not None), None)
        nxt = next((w.start_s for w in after if w.start_s is not None), None)
        edge = prev if prev is not None else nxt
        if edge is None:  # text mode: nothing is timed
            return [replace(w, probability=None) for w in new]
        t0 = t1 = edge
    step = (t1 - t0) / len(new)
    return [
        replace(
            w,
            start_s=round(t0 + k * step, 3),
            end_s=round(t0 + (k + 1) * step, 3),
            probability=None,  # typed by the user, not heard
        )
        for k, w in enumerate(new)
    ]


def _order(word: Word) -> tuple[float, int]:
    return (word.start_s if word.start_s is not None else 0.0, word.char_start or 0)
