"""A learned sentence-boundary model for long stretches of text with no sentence punctuation.

Spoken-style typed answers ("so what i want is um my own shop and i'm hoping to sign a lease
by spring honestly so this would be ...") have no full stops, and the rule cues of
:mod:`speakprep.core.sentences` find few of their boundaries (dev, 73 unpunctuated answers:
boundary F1 0.318), so each merged run-on got a single label. This model reads each word gap
of such a stretch: hashed lexical features of the words either side, the bigram across the
gap, whether the next word is a subject pronoun or a discourse opener, whether a filler or a
comma sits in the gap, how many words since the last cut, and a part-of-speech guess from
small closed word classes: whether a clause (a pronoun or a determiner's noun phrase for
subject, then a finite verb) starts after the gap, whether the word before it leaves its
phrase open (an article, a preposition, a copula), whether a noun phrase with no verb yet
ends before a pronoun clause (its relative clause: "the direction | i want to go"), and
whether the words since the last cut hold a finite verb. A logistic regression
(``assets/boundary_head.npz``, trained on the train split by packaging/train_boundaries.py)
gives each gap a boundary probability; the splitter cuts left to right where it passes the
shipped threshold.

Hashing uses CRC-32, not ``hash()``: Python salts string hashes per process, and the weights
must index the same features on every run and machine.
"""

from __future__ import annotations

import bisect
import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from speakprep.core.cues import END_ANCHOR

HEAD_FILE = "boundary_head.npz"
N_FEATURES = 1 << 15
_WINDOW = 3
# Words that open a new statement in speech ("so", "and then", "honestly"): one shared
# feature lets rare openers borrow strength from common ones.
OPENERS = frozenset(
    {
        "so", "and", "but", "then", "also", "plus", "well", "honestly", "basically",
        "anyway", "eventually", "ultimately", "after", "once", "right", "now", "because",
        "which", "like", "actually", "longer", "long", "short", "in", "over", "within",
    }
)  # fmt: skip
# Subject words, for the features and for the "that" + subject rule below. Not the rubric's
# ``subject_words`` (the rule splitter's knob): these names are hashed into the shipped
# weights, so the list is part of the asset's format; a change means retraining.
SUBJECTS = frozenset(
    {
        "i", "i'm", "i'd", "i've", "i'll", "we", "we're", "we'd", "we'll", "my", "it", "it's",
        "that's", "there's", "they", "you", "this", "that", "he", "she", "our",
    }
)  # fmt: skip
# Small closed word classes, a part-of-speech guess for the clause features (hashed into the
# shipped weights like SUBJECTS: a change means retraining). A new sentence starts where a new
# clause's subject and finite verb start ("| the members are ...", "| i want ..."), and a
# noun phrase opened by a determiner with no verb after it is not done yet ("the direction |
# i want to go is ...": the pronoun opens a relative clause, not a sentence).
_PRONOUNS = frozenset(
    {"i", "we", "they", "he", "she", "you", "it", "that", "this", "there", "everybody",
     "everyone", "nobody", "people"}
)  # fmt: skip
# A pronoun with its verb in one word.
_PRONOUN_VERBS = frozenset(
    {"i'm", "i'd", "i've", "i'll", "we're", "we'd", "we'll", "we've", "it's", "it'd",
     "it'll", "that's", "there's", "they're", "they'd", "they'll", "they've", "you're",
     "you'd", "you'll", "he's", "she's", "here's", "what's"}
)  # fmt: skip
DETERMINERS = frozenset(
    {"the", "a", "an", "my", "our", "your", "their", "his", "her", "its", "this", "that",
     "these", "those", "every", "each", "some", "which", "what", "whatever"}
)  # fmt: skip
# Finite verbs a speaker's clause most often starts with: auxiliaries, copulas, modals, and
# the handful of verbs of wanting and thinking spoken answers are made of.
_FINITE = frozenset(
    {"am", "is", "are", "was", "were", "have", "has", "had", "do", "does", "did", "don't",
     "doesn't", "didn't", "will", "would", "can", "could", "should", "might", "may", "must",
     "won't", "can't", "wouldn't", "isn't", "wasn't", "aren't", "want", "wanted", "wanna",
     "gonna", "need", "hope", "think", "know", "guess", "feel", "plan", "see", "love",
     "like", "mean", "got", "started", "figured", "learned", "picked", "go", "went"}
)  # fmt: skip
# Adverbs that sit between a subject and its verb ("i really want", "we just started").
_MID_ADVERBS = frozenset(
    {"just", "really", "also", "still", "already", "definitely", "actually", "honestly",
     "probably", "kind", "kinda", "sort", "of", "never", "always", "eventually", "then"}
)  # fmt: skip
# Words no clause ends on: an article, possessive, preposition, copula or auxiliary leaves
# its phrase open ("the clients are | honestly what i like best").
_DANGLING = frozenset(
    {"a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "every", "of", "to",
     "in", "on", "at", "for", "with", "from", "about", "into", "by", "as", "than", "if",
     "because", "whose", "is", "are", "was", "were", "am", "be", "been", "being", "would",
     "will", "can", "could", "should", "have", "has", "had", "very", "what", "which", "who",
     "and", "or", "but"}
)  # fmt: skip
_CLAUSE_LOOK = 4
# A cut never falls just before these: they finish a duration ("two | years", "five years |
# from now", "a year | or so").
_TIME_TAIL = frozenset(
    {"years", "year", "months", "month", "weeks", "week", "days", "decade", "term", "ago"}
)
_LEADING_CONJUNCTIONS = re.compile(r"(?:(?:and|so|but|then) )*")
# A spoken clause often opens with a conjunction and a particle or two before its subject
# ("... to make the switch | and uh now my goal is", "... the pay bump | like i wanna get
# certified"): no sentence ends on them, a cut after them goes before them.
_CLAUSE_CONJUNCTIONS = frozenset({"and", "but", "so", "cause", "because"})
_CLAUSE_PARTICLES = frozenset({"then", "like", "now", "yeah", "honestly"})
# A particle alone opens the clause ("... made sense | yeah i don't"), "like" unless it is
# the verb ("what i'd like | ...", "it feels like | ...").
_LONE_OPENERS = frozenset({"like", "yeah"})
_LIKE_VERB_BEFORE = frozenset(
    {"i'd", "would", "you'd", "we'd", "feel", "feels", "felt", "look", "looks", "looked",
     "sound", "sounds", "something", "just", "really", "i", "you", "we", "they", "also"}
)  # fmt: skip
_DISTANCE_EDGES = (2, 4, 6, 8, 11, 15, 20, 28, 40)


@dataclass(frozen=True, slots=True)
class Gap:
    """The word gap before token ``k`` of a stretch, as the features see it."""

    tokens: Sequence[str]  # lower-case non-filler words of the stretch
    k: int
    filler_before: bool  # a filler word sits in the gap ("... spring um so this")
    punct: str  # punctuation printed in the gap ("," ";" or "")
    since_cut: int  # non-filler words since the last cut (or the stretch start)


def gap_features(gap: Gap) -> list[int]:
    """Hashed feature indexes of ``gap`` (duplicates allowed; each counts once per name)."""
    t, k = gap.tokens, gap.k

    def word(j: int) -> str:
        return t[j] if 0 <= j < len(t) else "<edge>"

    nxt, prev = word(k), word(k - 1)
    names = [f"p{d}={word(k - d)}" for d in range(1, _WINDOW + 1)]
    names += [f"n{d}={word(k + d)}" for d in range(_WINDOW)]
    names += [
        f"across={prev}|{nxt}",
        f"open={nxt}|{word(k + 1)}",
        f"close={word(k - 2)}|{prev}",
        f"nsubj={nxt in SUBJECTS}",
        f"n1subj={word(k + 1) in SUBJECTS}",
        f"nopen={nxt in OPENERS}",
        f"opensubj={nxt in OPENERS and word(k + 1) in SUBJECTS}",
        f"filler={gap.filler_before}",
        f"punct={gap.punct}",
        f"punct={gap.punct}|{nxt}",
    ]
    start = clause_start(t, k)
    names += [
        f"clause={start}",
        f"clause={start}|dangle={prev in _DANGLING}",
        f"dangle={prev in _DANGLING}",
        f"relative={start == 'pronoun' and _open_noun_phrase(t, k)}",
        f"leftverb={_has_finite(t[max(0, k - gap.since_cut) : k])}",
    ]
    dist = _bucket(gap.since_cut)
    names += [f"dist={dist}", f"dist={dist}|subj={nxt in SUBJECTS}"]
    names.append(f"left={_bucket(len(t) - k)}")
    return [zlib.crc32(n.encode("utf-8")) % N_FEATURES for n in names]


def clause_start(tokens: Sequence[str], k: int) -> str:
    """What opens at token ``k``, after any openers ("and so | ..."): a clause with a pronoun
    subject and its finite verb ("pronoun": "i want", "we just started", "i'm"), one with a
    determiner's noun phrase for subject ("phrase": "the members are", "my goal is"), or
    neither ("none")."""
    j = k
    while j < len(tokens) and j - k < 2 and tokens[j] in OPENERS and tokens[j] not in _PRONOUNS:
        j += 1
    if j >= len(tokens):
        return "none"
    word = tokens[j]
    if word in _PRONOUN_VERBS:
        return "pronoun"
    if word in _PRONOUNS and _verb_follows(tokens, j + 1):
        return "pronoun"
    if word in DETERMINERS:
        for m in range(j + 1, min(len(tokens), j + _CLAUSE_LOOK)):
            if tokens[m] in _FINITE and m > j + 1:
                return "phrase"
            if tokens[m] in _DANGLING or tokens[m] in _PRONOUNS or tokens[m] in _PRONOUN_VERBS:
                break
    return "none"


def _verb_follows(tokens: Sequence[str], j: int) -> bool:
    """Whether a finite verb comes at ``j``, after any mid-clause adverbs."""
    while j < len(tokens) and tokens[j] in _MID_ADVERBS and tokens[j] not in _FINITE:
        j += 1
    return j < len(tokens) and tokens[j] in _FINITE


def _open_noun_phrase(tokens: Sequence[str], k: int) -> bool:
    """Whether the words just before ``k`` are a determiner's noun phrase with no verb after
    it ("the direction", "which boxes", "the last thing"): a pronoun clause after one is more
    often its relative clause ("the direction | i want to go") than a new sentence."""
    for j in range(k - 2, max(-1, k - _CLAUSE_LOOK - 1), -1):
        if tokens[j] in DETERMINERS:
            return not any(t in _FINITE or t in _DANGLING for t in tokens[j + 1 : k])
        if tokens[j] in _FINITE or tokens[j] in _PRONOUNS:
            return False
    return False


def _has_finite(words: Sequence[str]) -> bool:
    """Whether ``words`` hold a finite verb (a pronoun-verb contraction counts)."""
    return any(w in _FINITE or w in _PRONOUN_VERBS for w in words)


def _bucket(n: int) -> int:
    """A word count as a coarse bucket: the weights learn a shape, not each count."""
    return sum(1 for edge in _DISTANCE_EDGES if n >= edge)


@dataclass(frozen=True)
class BoundaryModel:
    """The shipped weights and the cut threshold chosen with them.

    Which stretches the model reads is the splitter's decision, not the model's:
    ``unpunctuated_min_words`` in rubric.toml (:func:`speakprep.core.sentences.split_sentences`).
    """

    weights: np.ndarray  # (N_FEATURES,) float32
    bias: float
    threshold: float  # cut where the boundary probability passes this

    def probability(self, gap: Gap) -> float:
        z = self.bias + float(self.weights[sorted(set(gap_features(gap)))].sum())
        return 1.0 / (1.0 + float(np.exp(-z)))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            weights=self.weights.astype(np.float32),
            bias=np.float32(self.bias),
            threshold=np.float32(self.threshold),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> BoundaryModel:
        with np.load(io.BytesIO(data)) as z:
            return cls(
                weights=z["weights"].astype(np.float32),
                bias=float(z["bias"]),
                threshold=float(z["threshold"]),
            )


@cache
def default_boundary_model() -> BoundaryModel:
    """The packaged model (``assets/boundary_head.npz``), read once."""
    data = resources.files("speakprep.assets").joinpath(HEAD_FILE).read_bytes()
    return BoundaryModel.from_bytes(data)


def learned_cuts(
    tokens: Sequence[str],
    filler_before: Sequence[bool],
    punct: Sequence[str],
    blocked: Sequence[bool],
    min_piece: int,
    model: BoundaryModel,
) -> list[int]:
    """Token indexes (of non-filler ``tokens``) where a new sentence starts, left to right.

    ``blocked[k]`` forbids a cut before token ``k`` (inside a time expression). A cut leaves
    at least ``min_piece`` words on both sides, so no filler-only or one-word fragment is cut
    off.
    """
    cuts: list[int] = []
    last = 0
    for k in range(min_piece, len(tokens) - min_piece + 1):
        if k - last < min_piece or blocked[k] or tokens[k] in _TIME_TAIL:
            continue
        if _dependent_clause(tokens, k) or inside_clause(tokens, k):
            continue
        gap = Gap(tokens, k, filler_before[k], punct[k], k - last)
        if model.probability(gap) > model.threshold:
            cut = clause_opening(tokens, k, last)
            if cut - last < min_piece:
                cut = k
            cuts.append(cut)
            last = cut
    return cuts


def clause_opening(tokens: Sequence[str], k: int, floor: int = 0) -> int:
    """Where the clause whose subject starts at token ``k`` opens: before the conjunction
    and particles that lead into it ("... the switch | and uh now my goal is", fillers are
    not in ``tokens``), or before a lone "like"/"yeah" ("... the pay bump | like i wanna").
    Never at or before ``floor``; ``k`` when nothing leads into the clause.
    """
    j = k
    while j - 1 > floor and tokens[j - 1] in _CLAUSE_PARTICLES:
        j -= 1
    if j - 1 > floor and tokens[j - 1] in _CLAUSE_CONJUNCTIONS:
        return j - 1
    if j == k - 1 and tokens[j] in _LONE_OPENERS:
        before = tokens[j - 1] if j - 1 >= 0 else ""
        if tokens[j] != "like" or before not in _LIKE_VERB_BEFORE:
            return j
    return k


def _dependent_clause(tokens: Sequence[str], k: int) -> bool:
    """Whether the words from ``k`` (after "and"/"but"/"so") open a clause that hangs on the
    one before: "that" before its subject.

    A "that" + subject complement hangs on the clause before it ("they'd say i was the nurse
    ... | and that i never rushed a family"); "that was my first job" opens a sentence, so
    "that" only before a subject. (Speakers do open sentences with "which is why ...": no
    rule for relatives.)
    """
    while k < len(tokens) and tokens[k] in ("and", "but", "so", "then"):
        k += 1
    if k >= len(tokens):
        return False
    follows = tokens[k + 1] if k + 1 < len(tokens) else ""
    return tokens[k] == "that" and follows in SUBJECTS


# Words that open a clause inside a sentence: no sentence ends on one ("the hard part,
# which | i know is ...", "honestly where | i figured out i like backend").
_CLAUSE_INSIDE_OPENERS = frozenset(
    {"which", "where", "what", "whatever", "wherever", "who", "whom", "whose", "how"}
)
# The main verb a relative clause hands the sentence back to ("the direction | i want to go
# is backend", "the part | i loved was the people stuff").
_MAIN_COPULAS = frozenset({"is", "was"})
# How many words after its subject a relative clause may run before that verb.
_RELATIVE_REACH = 6


def inside_clause(tokens: Sequence[str], k: int) -> bool:
    """Whether a cut before token ``k`` (of lower-case ``tokens``, fillers out) falls inside
    a clause: right after a word that opens a clause inside the sentence, or before a
    relative clause ("the direction | i want to go is backend and infrastructure").

    The relative clause: a pronoun subject at ``k``, a determiner's noun phrase just before
    it, and "is"/"was" within :data:`_RELATIVE_REACH` words with no new subject before it
    (a pronoun, or a determiner right after the pronoun's verb: :func:`_new_subject_after_verb`):
    the verb of the noun phrase, which the pronoun clause only describes. Spoken answers
    name their goal this way ("the part i loved was", "the direction i'm hoping for is"),
    and the boundary model, reading a pronoun after a noun, cut there.
    """
    if k < 1 or k >= len(tokens):
        return False
    if tokens[k - 1] in _CLAUSE_INSIDE_OPENERS or _like_phrase(tokens, k):
        return True
    if tokens[k] not in _PRONOUNS and tokens[k] not in _PRONOUN_VERBS:
        return False
    if not any(t in DETERMINERS for t in tokens[max(0, k - 3) : k - 1]):
        return False
    if _new_subject_after_verb(tokens, k):
        return False
    for t in tokens[k + 1 : k + 1 + _RELATIVE_REACH]:
        if t in _MAIN_COPULAS:
            return True
        if t in _PRONOUNS or t in _PRONOUN_VERBS:
            return False
    return False


def _new_subject_after_verb(tokens: Sequence[str], k: int) -> bool:
    """Whether the pronoun at ``k`` and its verb have a determiner's noun phrase right after
    them: "| i guess the site was", "| i feel the classroom is", "| i realised the nursing
    side was" open a sentence whose "is"/"was" is that noun's, not the pronoun clause's
    (:func:`inside_clause`); "the direction | i want to go is" has none, and a pronoun's own
    "is"/"was" ("a weird path, | i was a librarian") is the copula that test reads."""
    j = k + 1
    while j < len(tokens) and tokens[j] in _MID_ADVERBS:
        j += 1
    return j + 1 < len(tokens) and tokens[j] not in _MAIN_COPULAS and tokens[j + 1] in DETERMINERS


# What "like" compares with when it is a preposition, not a clause's opener: "a place like
# this", "thought about it like that".
_LIKE_OBJECTS = frozenset(
    {"this", "that", "these", "those", "yours", "mine", "him", "her", "them", "us", "me"}
)


def _like_phrase(tokens: Sequence[str], k: int) -> bool:
    """Whether a cut before token ``k`` falls before or inside a "like this" phrase: "like"
    and what it compares with, no verb after them ("a roastery | like this one", "i never
    thought about it like | that i just like helping")."""
    for at in (k, k - 1):  # "like" after the cut, or just before it
        if at >= 0 and at + 1 < len(tokens) and tokens[at] == "like":
            after = tokens[at + 2] if at + 2 < len(tokens) else ""
            if tokens[at + 1] in _LIKE_OBJECTS and after not in _FINITE:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Stretch:
    """The non-filler words of a stretch of text and what lies in each gap before them."""

    tokens: tuple[str, ...]  # lower-case
    positions: tuple[int, ...]  # index of each token in the caller's word list
    filler_before: tuple[bool, ...]
    punct: tuple[str, ...]


def read_stretch(text: str, spans: Sequence[tuple[int, int]], filler: Sequence[bool]) -> Stretch:
    """The :class:`Stretch` of words at character ``spans`` of ``text`` (fillers marked).

    Shared by the splitter and the training script so both read a gap the same way.
    """
    tokens: list[str] = []
    positions: list[int] = []
    before: list[bool] = []
    punct: list[str] = []
    seen_filler = False
    prev_end: int | None = None
    for i, ((start, end), is_f) in enumerate(zip(spans, filler, strict=True)):
        if is_f:
            seen_filler = True
            continue
        between = text[prev_end:start] if prev_end is not None else ""
        tokens.append(text[start:end].lower().replace("’", "'"))
        positions.append(i)
        before.append(seen_filler)
        punct.append("".join(c for c in between if c in ",;:-—"))
        seen_filler = False
        prev_end = end
    return Stretch(tuple(tokens), tuple(positions), tuple(before), tuple(punct))


def blocked_gaps(tokens: Sequence[str], time_phrases: re.Pattern[str]) -> list[bool]:
    """Whether each gap (before token ``k``) lies inside a time phrase ("within | the next
    two years", "down the | road"): a horizon is never cut from its goal's words.

    ``time_phrases`` is the rubric's ``fronted_time``, anchored at the end of a text for the
    rule splitter: here every phrase of the stretch counts, not only one that ends it."""
    offsets: list[int] = []
    at = 0
    for token in tokens:
        offsets.append(at)
        at += len(token) + 1
    joined = " ".join(tokens)
    blocked = [False] * len(tokens)
    for m in _anywhere(time_phrases).finditer(joined):
        opening = _LEADING_CONJUNCTIONS.match(m.group(0))
        start = m.start() + (len(opening.group(0)) if opening else 0)
        # Tokens starting strictly inside the phrase (bisect: a long text stays linear).
        for k in range(bisect.bisect_right(offsets, start), bisect.bisect_left(offsets, m.end())):
            blocked[k] = True
    return blocked


@cache
def _anywhere(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without the end anchor :func:`speakprep.core.cues.compile_anchored` gives
    it, so that ``finditer`` finds its every match."""
    return re.compile(pattern.pattern.removesuffix(END_ANCHOR), pattern.flags)
