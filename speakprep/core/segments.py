"""Timeline segments: runs of consecutive sentences with the same label.

The absorb rule keeps the timeline readable: an ``other`` sentence with at most
``absorb_max_words`` non-filler words (a stray "Okay." or a filler-only "Um, you know.")
that sits between two sentences of the same label joins their segment instead of splitting
the band in three. Longer "other" sentences always get their own segment.
"""

from __future__ import annotations

from collections.abc import Sequence

from speakprep.core.models import Label, Segment, Sentence, Transcript


def build_segments(
    sentences: Sequence[Sentence], transcript: Transcript, *, absorb_max_words: int = 3
) -> list[Segment]:
    """Merge consecutive same-label sentences into segments (times are None in text mode)."""
    labels: list[Label] = [s.label for s in sentences]
    for i in range(1, len(sentences) - 1):
        if (
            labels[i] == "other"
            and labels[i - 1] == labels[i + 1] != "other"
            and _content_words(sentences[i], transcript) <= absorb_max_words
        ):
            labels[i] = labels[i - 1]
    segments: list[Segment] = []
    run: list[int] = []
    for i, label in enumerate(labels):
        if run and labels[run[-1]] != label:
            segments.append(_segment(run, labels, sentences))
            run = []
        run.append(i)
    if run:
        segments.append(_segment(run, labels, sentences))
    return segments


def _content_words(sentence: Sentence, transcript: Transcript) -> int:
    return sum(1 for i in sentence.word_indexes if not transcript.words[i].filler)


def _segment(run: list[int], labels: list[Label], sentences: Sequence[Sentence]) -> Segment:
    starts = [t for i in run if (t := sentences[i].start_s) is not None]
    ends = [t for i in run if (t := sentences[i].end_s) is not None]
    return Segment(
        label=labels[run[0]],
        start_s=min(starts) if starts else None,
        end_s=max(ends) if ends else None,
        sentence_indexes=tuple(run),
    )
