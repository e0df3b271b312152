"""Cue lists from the rubric, compiled, and the text helpers that match them.

A cue list is a list of regular-expression fragments from ``assets/rubric.toml``. It is
compiled once, wrapped in word boundaries, and matched against *normalised* text: lower
case, straight apostrophes, single spaces (see :func:`normalize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case ``text``, straighten quotes and collapse white space."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES).lower()).strip()


@lru_cache(maxsize=8192)
def is_hard_filler(word: str, hard_fillers: CueSet) -> bool:
    """Whether ``word`` is, as a whole, one of the hard fillers (um, uh, hmm...).

    Remembered by word: the content analysis asks of each word of an answer four times (the
    word count, each view's sentence texts, the run-on cuts), ~1,000 calls a 250-word
    answer, and an answer's words are mostly the words of the one before."""
    norm = normalize(word)
    hit = hard_fillers.search(norm)
    return hit is not None and hit.group(0) == norm


@dataclass(frozen=True, slots=True)
class CueSet:
    """A named list of regex fragments, compiled into one word-bounded pattern."""

    name: str
    patterns: tuple[str, ...]
    regex: re.Pattern[str] | None

    @classmethod
    def compile(cls, name: str, patterns: Iterable[str]) -> CueSet:
        """Compile ``patterns``; raises ``re.error`` naming the bad fragment."""
        items = tuple(patterns)
        if not items:
            return cls(name, items, None)
        joined = "|".join(f"(?:{p})" for p in items)
        try:
            return cls(name, items, re.compile(rf"(?<![\w'])(?:{joined})(?![\w'])"))
        except re.error as joined_error:
            # Only now each fragment on its own, to name the bad one: compiling all of
            # them up front doubled the rubric's load time (~0.1 s of every process).
            for item in items:
                try:
                    re.compile(item)
                except re.error as exc:
                    raise re.error(f"bad pattern {item!r} in {name}: {exc}") from exc
            raise re.error(f"bad pattern in {name}: {joined_error}") from joined_error

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match in ``text[pos:endpos]``, with the word bounds read across the cut."""
        if not self.regex:
            return None
        return self.regex.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.regex else iter(())

    def __bool__(self) -> bool:
        return self.regex is not None

    def __hash__(self) -> int:
        # The regex is compiled from the patterns: hashing it (its compiled code, on every
        # call) made a set the slowest part of a cached look-up (:func:`is_hard_filler`).
        return hash((self.name, self.patterns))


# How :func:`compile_anchored` ends a pattern anchored at the end (the boundary model takes it
# off to find every match of the rubric's ``fronted_time``).
END_ANCHOR = r"\s*$"


def compile_anchored(name: str, patterns: Iterable[str], *, at: str) -> re.Pattern[str] | None:
    """Compile ``patterns`` anchored at the end (``at="end"``) or start (``"start"``) of a string.

    Used for context windows: "is the text just before this duration a future marker?".
    """
    items = tuple(patterns)
    if not items:
        return None
    joined = "|".join(f"(?:{p})" for p in items)
    try:
        if at == "end":
            return re.compile(rf"(?<![\w'])(?:{joined}){END_ANCHOR}")
        # A leading conjunction or comma does not hide an opener ("and that's the plan").
        return re.compile(
            rf"^\s*(?:(?:and|so|but|also|well|okay|ok)\b[\s,]*|,\s*)*(?:{joined})(?![\w'])"
        )
    except re.error as exc:
        raise re.error(f"bad pattern in {name}: {exc}") from exc


# What may follow a negation that closes its clause: whom it is said for and softeners.
_CLOSING = re.compile(
    r"(?:\s+(?:to|for) me)?(?:\s+(?:really|honestly|much|at all|though|anyway|now|in the end))*"
    r"\s*[.!?,]?\s*"
)


@dataclass(frozen=True, slots=True)
class Negation:
    """Negation scope: which cue matches a "not", "never", "rather than"... governs."""

    before: CueSet
    after: CueSet
    clause_breaks: re.Pattern[str]
    window_words: int
    # "Maybe someday, but not any time soon": what a cue names, put off to a later it may
    # never reach (``negation_put_off`` in rubric.toml).
    put_offs: CueSet | None = None
    # Words that open a subject clause ("whether", "what"): a negation after it that closes
    # its clause governs the whole subject (``negation_subject`` in rubric.toml).
    subject_openers: CueSet | None = None
    # A past choice of the speaker's that declines what a cue names ("I turned down a place
    # at law school", "... and I deferred it"): it negates the cues in its window like
    # :attr:`before` and :attr:`after`, but is no sentence-wide denial, so it is kept out of
    # them (``negation_declined_before``/``_after`` in rubric.toml).
    declined_before: CueSet | None = None
    declined_after: CueSet | None = None
    # ... unless the sentence takes the choice back after it ("I turned down a place at law
    # school, but I'm going next autumn after all"): ``negation_declined_undone``.
    declined_undone: CueSet | None = None

    def clause_span(self, text: str, pos: int) -> tuple[int, int]:
        """The span of the clause of ``text`` that contains character ``pos``."""
        start, end = 0, len(text)
        for m in self.clause_breaks.finditer(text):
            if m.end() <= pos:
                start = m.end()
            elif m.start() >= pos:
                end = m.start()
                break
        return start, end

    def negated(self, text: str, start: int, end: int, *, declined: bool = True) -> bool:
        """Whether the cue at ``text[start:end]`` is negated within its clause; with
        ``declined`` False, a past choice that declined it (:attr:`declined_before`) is no
        negation: what a sentence is about, not what the speaker wants."""
        c_start, c_end = self.clause_span(text, start)
        before = text[c_start:start]
        words_before = before.split()
        window = " ".join(words_before[-self.window_words :]) if words_before else ""
        undone = self.declined_undone and self.declined_undone.search(text, end)
        past_choice = self.declined_before if declined and not undone else None
        if window and (
            self.before.search(window + " ") or (past_choice and past_choice.search(window + " "))
        ):
            return True
        # After the cue, the negation must follow it (one word may come between: "money
        # really isn't"): further on, in a run-on, it is a new clause's ("go full freelance
        # agency life isn't really for me").
        words = text[end:c_end].split()[:4]
        for after in (self.after, self.declined_after if declined and not undone else None):
            found = after.search(" ".join(words)) if words and after else None
            if found is not None and found.start() <= len(words[0]) + 1:
                return True
        return self._dismissed_subject(text, (c_start, c_end), start, end)

    def _dismissed_subject(self, text: str, clause: tuple[int, int], start: int, end: int) -> bool:
        """Whether the cue at ``text[start:end]`` is in a subject clause that a negation
        closing the clause dismisses as a whole: "whether the badge says manager or principal
        is secondary", "what they call the role doesn't matter to me". The subject opens the
        clause with one of :attr:`subject_openers` (two words may come first: "and honestly
        whether ..."), and only :data:`_CLOSING` words follow the negation ("to me", "for me
        really"): the negation is the clause's own predicate, not an aside on a goal ("a
        manager job, doesn't matter where")."""
        c_start, c_end = clause
        if not self.subject_openers or not self.after:
            return False
        opener = self.subject_openers.search(text, c_start, start)
        if opener is None or len(text[c_start : opener.start()].split()) > 2:
            return False
        denial = self.after.search(text, end, c_end)
        return denial is not None and bool(_CLOSING.fullmatch(text, denial.end(), c_end))

    def denies(self, text: str, goals: CueSet) -> bool:
        """Whether sentence ``text`` holds a denial as a whole (the judge and the asides read
        it as one): a negation word of :attr:`before`, or the speaker's own past choice that
        declined something (:attr:`declined_before`: "I turned down a much bigger salary")
        when no goal follows it ("... because I want my own company") and nothing takes it
        back ("... but I'm going after all"). Someone else's refusal denies nothing of the
        speaker's ("they declined my raise, so my real goal is a bigger salary")."""
        if self.before.search(text):
            return True
        refusal = self.declined_before.search(text) if self.declined_before else None
        if refusal is None:
            return False
        undone = self.declined_undone and self.declined_undone.search(text, refusal.end())
        return not undone and not goals.search(text, refusal.end())

    def put_off(self, text: str, start: int) -> bool:
        """Whether ``text`` from ``start`` (a cue's clause) puts what the cue names off ("maybe
        one day a practice of my own", "law school, maybe someday, but not any time soon"):
        the put-off may follow the cue across a "but", where a negation's scope (its own
        clause) never reaches back to it."""
        return bool(self.put_offs and self.put_offs.search(text, start))

    def positive_matches(
        self, cues: CueSet, text: str, *, declined: bool = True
    ) -> list[re.Match[str]]:
        """The matches of ``cues`` in ``text`` that are not negated (:meth:`negated`)."""
        return [
            m
            for m in cues.finditer(text)
            if not self.negated(text, m.start(), m.end(), declined=declined)
        ]


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """How run-on sentences are detected and cut (``[sentences]`` in rubric.toml)."""

    language: str
    runon_min_words: int
    unpunctuated_min_words: int
    timed_runon_min_words: int
    min_piece_words: int
    split_pause_s: float
    abbreviations: CueSet
    hard_fillers: CueSet
    split_cues: re.Pattern[str] | None
    split_blockers: frozenset[str]
    subject_words: frozenset[str] = frozenset()
    fronted_time: re.Pattern[str] | None = None
    lowercase_abbreviations: frozenset[str] = frozenset()
    company_suffixes: frozenset[str] = frozenset()
    open_endings: frozenset[str] = frozenset()  # no sentence ends on these
    rare_endings: frozenset[str] = frozenset()  # ... nor on these, across a long pause
    # A fragment after a pause (speakprep/core/pause_context.py): at least this many words,
    # not opened by a sentence opener, ended early by a fragment stop ("who", "and").
    min_fragment_words: int = 2
    sentence_openers: frozenset[str] = frozenset()
    fragment_stops: frozenset[str] = frozenset()
    # Words that state a wish or aim, a goal's clause (sentences.horizon_with_goal).
    goal_words: frozenset[str] = frozenset()
    # Words that state a wish only after one of ``wish_after`` ("i'd like", "would love").
    wish_words: frozenset[str] = frozenset()
    wish_after: frozenset[str] = frozenset()


# Speech recognition often prints a question with a full stop ("How does Bramble support people
# studying for the CPA."), so a question is also known by how it opens: a question word with
# do-support ("how does", "what kind of training do"), a question word, an auxiliary and its
# subject ("what would the team"), or an auxiliary before "you" / "there" ("do you", "is
# there"). "Should I get the chance, ..." and "What I'd like is ..." are statements and do not
# match, nor does "what drives me is the bonus" (the question word is the subject of a clause
# with the speaker as its object). Used when the rubric has no ``question_openers`` of its own.
_NOT_ASKED = r"(?!(?:i|we|they|you|he|she|me|us)\b)"
DEFAULT_QUESTION_OPENERS: tuple[str, ...] = (
    rf"(?:how|what|when|where|which|why|who)(?: {_NOT_ASKED}\w+){{0,3}}? "
    r"(?:do|does|did)(?:n't)? (?!i\b)\w+",
    rf"(?:how|what|when|where|which|why|who)(?: {_NOT_ASKED}\w+){{0,3}}? "
    r"(?:is|are|was|were|can|could|would|will|has|have)(?:n't)? "
    r"(?:you|your|the|this|that|it|there|we|they|people|someone|anyone)\b",
    r"(?:do|does|did|is|are|can|could|would|will|have|has)(?:n't)? "
    r"(?:you|your|there|anyone|someone|people|the (?:team|company|firm|role|position|job))\b",
)


_DEFAULT_QUESTION_OPENERS_RE = compile_anchored(
    "language.question_openers", DEFAULT_QUESTION_OPENERS, at="start"
)


@dataclass(frozen=True, slots=True)
class LanguageCues:
    """The labeller's cue lists (``[language]`` in rubric.toml)."""

    negation: Negation
    question_end: re.Pattern[str]
    summary_openers: re.Pattern[str] | None
    elaboration_openers: re.Pattern[str] | None
    past_tense: CueSet
    past_steps: CueSet
    goal_verbs: CueSet
    plan_markers: CueSet
    means: CueSet
    credentials: CueSet
    career_targets: CueSet
    role_itself: CueSet
    career_direction: CueSet
    also_markers: CueSet
    personal: CueSet
    non_career: CueSet
    growth_talk_words: frozenset[str]
    stop_words: frozenset[str]
    meta: CueSet | None = None
    means_exclusions: CueSet | None = None
    plan_context: CueSet | None = None
    # A sentence opening like a question is one even without its "?" (rule 9).
    question_openers: re.Pattern[str] | None = _DEFAULT_QUESTION_OPENERS_RE
    # Words of a spoken answer's opening echo of its question ("um, five years.", "what do I
    # want to accomplish."): a short sentence of these and the question's own words is other.
    echo_words: frozenset[str] = frozenset()
    echo_max_words: int = 0
    # A clause that turns from a hedge to what the speaker wants ("..., but I'd like to").
    hedge_turns: re.Pattern[str] | None = None
    # A goal object that opens by enrolling ("start the ... certificate"): a programme, so plan.
    enrol: CueSet | None = None
    # "i wanted to": a past-tense verb before "to", with groups ``verb`` and ``stem``.
    past_wish: CueSet | None = None
    # What a cue names, told as a past fact right before it ("when I started law school"):
    # behind the speaker (``past_facts``, CheckInput.meant).
    past_facts: CueSet | None = None
    # A condition clause a goal waits for ("once i've proven myself").
    condition: CueSet | None = None
    # A "that" clause with its own subject ("and that i trained the seasonal crews"): right
    # after a goal it goes on with what the goal says (labels.label_sentences).
    more_of_the_goal: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class HorizonCues:
    """Time expressions and how they map to a horizon (``[horizon]`` in rubric.toml)."""

    number_words: tuple[tuple[str, float], ...]
    vague_numbers: frozenset[str]
    unit_years: tuple[tuple[str, float], ...]
    duration: re.Pattern[str]
    future_before: re.Pattern[str] | None
    future_after: re.Pattern[str] | None
    past_duration_before: re.Pattern[str] | None
    after_offset_years: float
    misleading: CueSet
    short: CueSet
    long: CueSet
    # A sentence opening with a step after the one before ("After that, district manager"):
    # far off when the sentence has no horizon of its own (find_time_exprs).
    later: re.Pattern[str] | None = None
    # ... and one opening with the next step in time ("then", "later"), far off only right
    # after a goal or a plan (labels.label_sentences).
    next_step: re.Pattern[str] | None = None
    # Words that may open a time phrase before its number or name (sentences.horizon_with_goal).
    time_lead: frozenset[str] = frozenset()
    # Right before a vague count, the span from now ("for the next few years"): near term.
    span_from_now: re.Pattern[str] | None = None
    # An activity still going on ("i've been riding along"): labels._past_step.
    ongoing: CueSet | None = None
    # How long an ongoing activity has lasted (labels._lasted): just before a duration after
    # it ("for about"), a span just before it ("for three years"), "ever since".
    lasted_before_duration: re.Pattern[str] | None = None
    lasted_fronted: re.Pattern[str] | None = None
    lasted_since: CueSet | None = None

    def number(self, word: str) -> float | None:
        """The value of a number word or numeral ("eighteen" -> 18.0, "3.5" -> 3.5)."""
        word = word.strip()
        for name, value in self.number_words:
            if name == word:
                return value
        try:
            return float(word)
        except ValueError:
            return None

    def unit(self, word: str) -> float:
        base = word.rstrip("s") or word
        for name, value in self.unit_years:
            if name == base:
                return value
        return 0.0


def duration_pattern(number_words: Iterable[str], units: Iterable[str]) -> re.Pattern[str]:
    """A regex for "<number> [to|or <number>] <unit>" built from the rubric's vocabularies."""
    words = sorted({re.escape(w) for w in number_words}, key=len, reverse=True)
    num = "|".join([*words, r"\d+(?:\.\d+)?"])
    unit = "|".join(sorted((re.escape(u) for u in units), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w'])(?P<n1>{num})\+?(?:\s*(?:to|or|-|–)\s*(?P<n2>{num}))?"
        rf"(?:\s|-)(?:and a half\s)?(?P<unit>{unit})s?(?![\w])"
    )
