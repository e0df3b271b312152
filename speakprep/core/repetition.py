"""Sentences that say the same thing again: the content repeated, not a word reused."""

from __future__ import annotations

import re
from collections.abc import Sequence

from speakprep.core.settings import RepetitionSettings

_WORD = re.compile(r"[a-z0-9][a-z0-9'’]*")


def content_words(text: str, settings: RepetitionSettings) -> frozenset[str]:
    """The content words of ``text``, lower case, plural ``-s`` folded."""
    out = set()
    for token in _WORD.findall(text.lower().replace("’", "'")):
        if len(token) < 3 or token in settings.ignore or token in settings.function_words:
            continue
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        out.add(token)
    return frozenset(out)


def repeated_sentences(
    sentences: Sequence[str], settings: RepetitionSettings
) -> list[tuple[int, int]]:
    """Pairs ``(earlier, later)`` of sentence indexes whose content is said twice.

    Each later sentence is paired with at most one earlier one, the one it overlaps most.
    """
    bags = [content_words(s, settings) for s in sentences]
    pairs: list[tuple[int, int]] = []
    for j, later in enumerate(bags):
        best: tuple[float, int] | None = None
        for i in range(j):
            earlier = bags[i]
            shared = len(earlier & later)
            smaller = min(len(earlier), len(later))
            if shared < settings.sentence_min_shared or smaller == 0:
                continue
            overlap = shared / smaller
            if overlap >= settings.sentence_overlap and (best is None or overlap > best[0]):
                best = (overlap, i)
        if best is not None:
            pairs.append((best[1], j))
    return pairs
