"""Whether a sentence goes on across a pause, judged by the words around it.

Speech is decoded in pieces cut at pauses and Whisper closes every piece with a full stop, so
the stop printed before a pause says only that a piece ended there. This module is the one
place that decides whether the sentence goes on across such a break; the same decision takes
the stop out of the text (``whisper_stops.mend_cut_stops``), keeps a capital after a pause
from opening a sentence (``whisper_stops.capital_breaks``), keeps a run-on from being cut
at the pause (``sentences``) and flags the pause mid-sentence (``delivery.find_pauses``), so
the transcript, the sentences, the timeline and the pause flags agree. Three signs say the
sentence goes on:

* the last word before the break (fillers aside) is one no sentence ends on
  (``open_endings`` in rubric.toml: "a small | team"), or across a long pause one a
  sentence seldom ends on (``rare_endings``: "a small team of | Support engineers");
* Whisper printed an ellipsis: the speaker trailed off, the thought is not finished;
* the words after the break, fillers aside, up to the first comma or stop, are a fragment:
  at least ``min_fragment_words`` words (rubric.toml ``[sentences]``, like every list here),
  none a subject word or a finite verb, and not opened by a word that opens sentences ("In
  five years, ...", "After that ...") nor followed by a subject after its comma ("Further
  out, I'd like ..."), e.g. "Team of analysts | who build clear dashboards." (a relative
  word or "and" ends the fragment too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from speakprep.core.boundaries import DETERMINERS
from speakprep.core.cues import SentenceCues, is_hard_filler, normalize
from speakprep.core.rubric import default_rubric

# Words that make a clause finite without a subject word of their own ("The point is ...",
# "There's ..."): a run of words with one of these is no fragment.
FINITE = frozenset(
    {
        "is", "are", "was", "were", "am", "will", "would", "can", "could", "should", "may",
        "might", "must", "has", "have", "had", "do", "does", "did", "it's", "that's",
        "there's", "here's", "what's", "isn't", "wasn't", "don't", "doesn't", "didn't",
        "won't", "can't",
    }
)  # fmt: skip
# What opens a noun phrase that can be a third person's subject ("Your company helps clinics
# ..."): a determiner (boundaries.DETERMINERS) but the speaker's "my" (a subject word of its
# own) and the question words, whose "what matters" opens no statement about anyone.
_NOUN_DETERMINERS = DETERMINERS - {"my", "which", "what", "whatever"}
# Words after a plural noun that show it is one ("the next few months in training", "the
# first steps toward a licence"): after them an -s word is no verb.
_NOUN_FOLLOWERS = frozenset(
    {"of", "in", "at", "on", "for", "from", "to", "toward", "towards", "with", "and", "or", "as"}
)
# The subject's noun phrase has at most this many words after its determiner.
_SUBJECT_NOUN_WORDS = 3


def holds_clause(tokens: Sequence[str], cues: SentenceCues) -> bool:
    """Whether the normalised ``tokens`` hold a clause: a subject word, a finite verb, or a
    noun phrase subject with a third-person verb after it (:func:`noun_phrase_clause`)."""
    return any(t in cues.subject_words or t in FINITE for t in tokens) or noun_phrase_clause(tokens)


def noun_phrase_clause(tokens: Sequence[str]) -> bool:
    """Whether ``tokens`` open with a noun phrase and a third-person -s verb with words after
    it: "your company helps clinics use their data", "the team runs the night audits".

    The verb is no subject or finite word of the rubric's lists, so such a sentence read as
    a verbless fragment ("The last six on a mixed ICU.") and joined the goal before it. The
    -s word must follow at least one noun word and be followed by a word that is no
    preposition: "the evenings", "the next few months in training" stay fragments. A plural
    noun (an -s word) or a count ("two", "six") is no subject of an -s verb: "the last two
    years nights on a mixed ICU", "the first six months mostly shadowing" stay fragments.
    """
    return noun_phrase_verb(tokens) is not None


def noun_phrase_verb(tokens: Sequence[str]) -> int | None:
    """The index of the -s verb of :func:`noun_phrase_clause`'s noun phrase subject (its
    subject is ``tokens[:index]``), or None when ``tokens`` open with no such clause."""
    if len(tokens) < 4 or tokens[0] not in _NOUN_DETERMINERS:
        return None
    for k in range(2, min(len(tokens) - 1, 2 + _SUBJECT_NOUN_WORDS)):
        if _third_person_verb(tokens[k]) and tokens[k + 1] not in _NOUN_FOLLOWERS:
            return None if _plural(tokens[k - 1]) else k
        if tokens[k] in _NOUN_FOLLOWERS:
            return None  # "the last six on ...": the phrase went on past its noun
    return None


def _plural(word: str) -> bool:
    """Whether ``word`` makes its noun phrase plural: an -s noun ("years") or a count ("two",
    the rubric's horizon ``number_words`` bar "a"/"an")."""
    return _third_person_verb(word) or word in _counts()


@cache
def _counts() -> frozenset[str]:
    horizon = default_rubric().horizon
    assert horizon is not None
    return frozenset(name for name, value in horizon.number_words if value > 1)


def _third_person_verb(word: str) -> bool:
    """An -s word that may be a verb ("helps", "runs", "does"); not "'s", "-ss", "-us"."""
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "'s", "’s"))
        and word.isalpha()
    )


_STOP_AFTER = re.compile(r"^\s*[\"')\]]*(?P<stop>\.\.\.|…|[.!?])")
_TOKEN = re.compile(r"[\w'’-]+")
# A word and the punctuation up to the next word.
_WORD_AND_GAP = re.compile(r"(?P<word>[\w'’-]+)(?P<gap>[^\w'’-]*)")
_CLAUSE_END = re.compile(r"[,;:.!?…]")
_SENTENCE_END = re.compile(r"[.!?…]")
_LOOKBACK_CHARS = 80
_TIME_EPS_S = 1e-6


def sentence_ends_between(
    text: str,
    before_end: int | None,
    after_start: int | None,
    gap_s: float,
    cues: SentenceCues | None = None,
) -> bool:
    """Whether a sentence ends between the word ending at ``before_end`` (a char offset in
    ``text``) and the word starting ``gap_s`` later at ``after_start``: a stop is printed
    there and the words do not say the sentence goes on. None offsets (a filler heard in
    the audio) end no sentence."""
    if before_end is None or _STOP_AFTER.match(text[before_end : before_end + 4]) is None:
        return False
    return not sentence_goes_on(text, before_end, after_start, gap_s, cues)


def sentence_goes_on(
    text: str,
    before_end: int,
    after_start: int | None,
    gap_s: float,
    cues: SentenceCues | None = None,
) -> bool:
    """Whether the words around a silence of ``gap_s`` say the sentence goes on across it,
    whatever Whisper printed there (see the module docstring); ``cues`` default to the
    rubric's.

    The fragment sign and the rare endings count only across a long pause
    (``split_pause_s``, where the take is cut into pieces and Whisper must close one):
    across a shorter one Whisper heard both sides in one window and its stop is its own
    reading ("... senior in two years. | Manager in five and then ...", "Rank matters in
    this job and I want ...", "which I'd be proud of. | I'm doing ..." joined sentences the
    speaker ended).
    """
    cues = cues or default_rubric().sentences
    assert cues is not None
    stop = _STOP_AFTER.match(text[before_end : before_end + 4])
    if stop is not None and stop.group("stop") in ("...", "…"):
        return True  # trailed off: the thought goes on after the pause
    long = gap_s >= cues.split_pause_s - _TIME_EPS_S
    if open_before(text, before_end, cues, long=long):
        return True
    return long and after_start is not None and _fragment(text, after_start, cues)


def open_before(text: str, before_end: int, cues: SentenceCues, *, long: bool) -> bool:
    """Whether the last word before ``before_end`` (fillers aside) ends no sentence: one of
    ``open_endings``, or across a ``long`` pause one of ``rare_endings``. A capital "A" is a
    letter, no article: "... the first exam with an A.", "plan A.", "Part A." end sentences."""
    head = text[max(0, before_end - _LOOKBACK_CHARS) : before_end]
    for token in reversed(_TOKEN.findall(head)):
        if token == "A":
            return False
        if not is_hard_filler(token, cues.hard_fillers):
            return ends_no_sentence(normalize(token), cues, long=long)
    return False


def ends_no_sentence(word: str, cues: SentenceCues, *, long: bool = False) -> bool:
    """Whether no sentence ends on the normalised ``word``: one of ``open_endings`` ("a new
    badge every year or | so", "my | ..."), or across a ``long`` pause one of
    ``rare_endings``. The one rule for Whisper's stops and the learned cuts alike."""
    return word in cues.open_endings or (long and word in cues.rare_endings)


def _fragment(text: str, start: int, cues: SentenceCues) -> bool:
    """Whether the words from ``start`` (fillers aside) cannot stand as a sentence: up to
    the first comma or stop they hold no subject word and no finite verb, or up to the
    next stop no subject word (a finite verb Whisper misheard, "Support engineers have a
    glowing company", or a noun that is the subject after all)."""
    tokens, closed, following = _words_until(_CLAUSE_END, text, start, cues)
    if not _opens_fragment(tokens, cues):
        return False
    cut = next((k for k, t in enumerate(tokens) if t in cues.fragment_stops), len(tokens))
    clause = tokens[:cut]
    if closed == "," and following in cues.subject_words:
        return False  # an opening phrase: "Further out, I'd like to ..."
    if len(clause) >= cues.min_fragment_words and not holds_clause(clause, cues):
        return True
    sentence, _, _ = _words_until(_SENTENCE_END, text, start, cues)
    return not any(t in cues.subject_words for t in sentence)


def _opens_fragment(tokens: list[str], cues: SentenceCues) -> bool:
    """Long enough, and not opened by a word that opens sentences."""
    return len(tokens) >= cues.min_fragment_words and tokens[0] not in cues.sentence_openers


def _words_until(
    marks: re.Pattern[str], text: str, start: int, cues: SentenceCues
) -> tuple[list[str], str, str | None]:
    """The words from ``start`` to the first of ``marks``, fillers aside; that mark ("" at
    the end of the text); the word after a comma."""
    tokens: list[str] = []
    closed = ""
    for m in _WORD_AND_GAP.finditer(text, start):
        if is_hard_filler(m.group("word"), cues.hard_fillers):
            continue
        if closed:
            return tokens, closed, normalize(m.group("word"))
        tokens.append(normalize(m.group("word")))
        mark = marks.search(m.group("gap"))
        closed = mark.group() if mark else ""
        if closed and closed != ",":
            break
    return tokens, closed, None
