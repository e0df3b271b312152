"""Whether a sentence ends at a pause, judged by the words around it.

Speech is decoded in pieces cut at pauses and Whisper closes every piece with a full stop, so
the stop printed before a pause says only that a piece ended there. ``mend_cut_stops`` takes
out such a stop after a word no sentence ends on ("a small team of. Support engineers");
after a content word ("I want to lead a small. Team of analysts who build ...") the stop
stays in the text, and the pause must still count as mid-sentence. Two signs say the
sentence goes on across the pause:

* Whisper printed an ellipsis: the speaker trailed off, the thought is not finished;
* the words after the pause, up to the first comma or stop, are a fragment: at least
  ``min_fragment_words`` words, none a subject word or a finite verb, and not opened by a
  word that opens sentences ("In five years, ...", "After that ...") nor followed by a
  subject after its comma ("Further out, I'd like ..."), e.g. "Team of
  analysts | who build clear dashboards." (a relative word or "and" ends the fragment too).
"""

from __future__ import annotations

import re

from speakprep.core.cues import normalize
from speakprep.core.rubric import default_rubric
from speakprep.core.settings import PauseSettings
from speakprep.core.whisper_stops import FINITE

_STOP_AFTER = re.compile(r"^\s*[\"')\]]*(?P<stop>\.\.\.|…|[.!?])")
_TOKEN = re.compile(r"[\w'’-]+")
_CLAUSE_END = re.compile(r"[,;:.!?…]")


def sentence_ends_between(
    text: str, before_end: int | None, after_start: int | None, cfg: PauseSettings
) -> bool:
    """Whether a sentence ends between the word ending at ``before_end`` (a char offset in
    ``text``) and the word starting at ``after_start``; None offsets (a filler heard in the
    audio) end no sentence."""
    if before_end is None:
        return False
    stop = _STOP_AFTER.match(text[before_end : before_end + 4])
    if stop is None:
        return False
    if stop.group("stop") in ("...", "…"):
        return False  # trailed off: the thought goes on after the pause
    return after_start is None or not _fragment(text, after_start, cfg)


def _fragment(text: str, start: int, cfg: PauseSettings) -> bool:
    """Whether the words from ``start`` to the first comma or stop cannot stand as a clause."""
    cues = default_rubric().sentences
    subjects = frozenset(cues.subject_words) if cues is not None else frozenset()
    end = _CLAUSE_END.search(text, start)
    tokens = [normalize(t) for t in _TOKEN.findall(text[start : end.start() if end else None])]
    cut = next((k for k, t in enumerate(tokens) if t in cfg.fragment_stops), len(tokens))
    tokens = tokens[:cut]
    if len(tokens) < cfg.min_fragment_words or tokens[0] in cfg.sentence_openers:
        return False
    if end is not None and end.group() == ",":
        following = _TOKEN.search(text, end.end())
        if following is not None and normalize(following.group()) in subjects:
            return False  # an opening phrase: "Further out, I'd like to ..."
    return not any(t in subjects or t in FINITE for t in tokens)
