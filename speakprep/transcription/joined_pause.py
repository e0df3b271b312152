"""What the model writes across a long pause when it hears the two sides without the pause.

A take is decoded in pieces cut at pauses, and a long pause closes the stretch decoded in one
window (``PieceOptions.group_break_s``): the model hears the words before the pause with
nothing after them and ends them with a full stop, wherever the speaker was in the sentence
("... they needed them on their phones. | Before the first meeting of the day ..."). A
piece ending in silence also invites it to add a word or drop the last ones ("a clear plan
for it. | I think ..." for "a clear plan for | developing its junior staff. I think ...").

So the words around such a pause are heard again with the pause shortened: the stretch from
about ``CONTEXT_BEFORE_S`` before the pause to ``CONTEXT_AFTER_S`` after it, the silence
between cut to ``JOINED_PAUSE_S``, decoded as any piece is. Whether the model then ends a
sentence at the join is its reading of the words (and the voice) around the pause without
the pause: the punctuation it would have printed had the speaker not stopped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from speakprep.core.units import SAMPLE_RATE

# The words the model hears on either side of the pause (whole words, from the transcript).
# About one sentence before and the phrase after: the model punctuates by what follows too.
CONTEXT_BEFORE_S = 8.0
CONTEXT_AFTER_S = 5.0
# The pause as the model hears it: a breath between two words, too short to end a sentence
# by itself (whisper_stops.SENTENCE_GAP_S), half of it kept on each side of the cut.
JOINED_PAUSE_S = 0.3
# Sound kept around the context's first and last words (word times are approximate).
_EDGE_S = 0.1
# Share of each side's time the model's words must span for its reading of the join to count.
_MIN_HEARD_SHARE = 0.5
_STOP = re.compile(r"[.!?][\"')\]]*$")


@dataclass(frozen=True, slots=True)
class JoinedReading:
    """How the model read a pause shortened to ``JOINED_PAUSE_S``: whether it ended a
    sentence there, and the word it wrote after the join (as it spelled it)."""

    stop: bool
    next_word: str


def joined_stretch(
    samples: np.ndarray, *, start_s: float, pause_start_s: float, pause_end_s: float, end_s: float
) -> tuple[np.ndarray, float]:
    """The samples from ``start_s`` to ``end_s`` with the pause between ``pause_start_s`` and
    ``pause_end_s`` shortened to ``JOINED_PAUSE_S``, and the time of the join in them."""
    half = JOINED_PAUSE_S / 2
    first = max(0, round((start_s - _EDGE_S) * SAMPLE_RATE))
    cut = max(first, round((pause_start_s + half) * SAMPLE_RATE))
    resume = max(cut, round((pause_end_s - half) * SAMPLE_RATE))
    last = max(resume, round((end_s + _EDGE_S) * SAMPLE_RATE))
    stretch = np.concatenate((samples[first:cut], samples[resume:last]))
    return stretch, (cut - first) / SAMPLE_RATE


def reading_at(
    words: Sequence[tuple[str, float, float, float]], join_s: float, duration_s: float
) -> JoinedReading | None:
    """The model's reading of the join at ``join_s`` from its words (raw text, start, end,
    probability; times in the stretch of ``duration_s``), or None when its words leave out
    much of one side: tiny.en sometimes skips the first seconds of what it hears and wrote
    "I moved the longer treatment ..." for eight seconds and the words after the pause,
    the skipped sentence's last word drawn just before the join."""
    before = [w for w in words if (w[1] + w[2]) / 2 < join_s]
    after = [w for w in words if (w[1] + w[2]) / 2 >= join_s]
    if not before or not after:
        return None
    heard_before = (join_s - before[0][1]) / join_s if join_s > 0 else 0.0
    heard_after = (after[-1][2] - join_s) / max(duration_s - join_s, 1e-9)
    if min(heard_before, heard_after) < _MIN_HEARD_SHARE:
        return None
    return JoinedReading(
        stop=_STOP.search(before[-1][0].strip()) is not None, next_word=after[0][0].strip()
    )
