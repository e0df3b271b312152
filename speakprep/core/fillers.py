"""Deciding which words of a transcript are fillers.

Hard fillers (um, uh, hmm, ...) are fillers wherever they stand. Discourse fillers (like,
you know, so, ...) are fillers only where they are used as one; each is judged from the
punctuation next to it in the transcript text, the pauses around it when words are timed,
and the words on either side. Which words, which rule and which context words are data in
``assets/fillers.toml``; this module is the mechanism. The rules are explained there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from speakprep.core.datafile import DataFileError, load_toml
from speakprep.core.models import FillerKind, Transcript, Word

Rule = Literal["unless_content", "set_off", "opener"]
_RULES: tuple[str, ...] = get_args(Rule)

Phrase = tuple[str, ...]

# Marks in the text between two words. An ellipsis is a trailing-off pause, not a full
# stop, so it only separates clauses.
_SENTENCE_MARKS = ".?!"
_CLAUSE_MARKS = ',;:…-–—()[]{}"“”'
_EDGE_CHARS = "\"'“”‘’.,;:!?()[]{}<>…–—-*_/\\| \t\n"
# Float subtraction turns a 0.3 s gap into 0.2999...; it must still count as 0.3 s.
_TIME_EPS_S = 1e-6
_DISCOURSE_KEYS = frozenset(
    (
        "name",
        "spellings",
        "rule",
        "content_before",
        "content_after",
        "content_if_name_after",
        "content_if_gerund_after",
    )
)
# "I" is capitalised but is no name: "like I said" is handled by the word lists.
_NOT_NAMES = frozenset({"i", "i'm", "i'd", "i'll", "i've"})


# Forms of "be": "like" after one of them, before an -ing form, is the hedge, not "such as".
_BE = frozenset({"am", "is", "are", "was", "were", "be", "been", "being"})
# "It's like having a second family": a thing compared, not a person hedging.
_IMPERSONAL = frozenset({"it", "that", "this", "which", "there", "what"})

# The filler lexicon file is malformed; the message names the file and the problem.
FillerLexiconError = DataFileError


@dataclass(frozen=True, slots=True)
class DiscourseFiller:
    """One discourse filler ("you know") with its spellings and the rule that judges it."""

    name: str
    spellings: tuple[Phrase, ...]
    rule: Rule
    content_before: tuple[Phrase, ...] = ()
    content_after: tuple[Phrase, ...] = ()
    content_if_name_after: bool = False
    content_if_gerund_after: bool = False


@dataclass(frozen=True, slots=True)
class FillerLexicon:
    """Everything that decides what is a filler, as loaded from ``fillers.toml``."""

    hard_words: frozenset[str]
    hard_patterns: tuple[re.Pattern[str], ...]
    case_sensitive_exceptions: frozenset[str]
    discourse: tuple[DiscourseFiller, ...]
    pause_as_comma_s: float = 0.3
    sentence_pause_s: float = 1.0


# --- loading -------------------------------------------------------------------------


def load_filler_lexicon(path: Path | None = None) -> FillerLexicon:
    """Load the filler lexicon from ``path``, by default the bundled ``fillers.toml``.

    Raises :class:`FillerLexiconError` (a ``ValueError``) with a one-line message when the
    file is not valid TOML or does not have the expected shape; ``OSError`` if it cannot
    be read.
    """
    data, label = load_toml(path, "fillers.toml")
    return _parse_lexicon(data, label)


class _Reader:
    """Typed access to the lexicon's tables, each problem a one-line error naming its place."""

    def __init__(self, label: str) -> None:
        self.label = label

    def fail(self, where: str, problem: str) -> FillerLexiconError:
        return FillerLexiconError(f"{self.label}: {where}: {problem}")

    def check_keys(self, table: Mapping[str, Any], where: str, allowed: frozenset[str]) -> None:
        # Unknown keys are usually typos ("content_befor") that would silently drop a rule.
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(where, f"unknown key {unknown[0]!r}")

    def table(self, parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = parent.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(where, f"[{key}] must be a table")
        return value

    def strings(self, parent: Mapping[str, Any], key: str, where: str) -> list[str]:
        value = parent.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(where, f"{key} must be a list of non-empty strings")
        return value

    def phrases(self, parent: Mapping[str, Any], key: str, where: str) -> tuple[Phrase, ...]:
        words = self.strings(parent, key, where)
        out = tuple(tuple(_normalize(t) for t in s.split()) for s in words)
        if any(not p or not all(p) for p in out):
            raise self.fail(where, f"{key} has an entry with no word in it")
        return out


def _parse_lexicon(data: Mapping[str, Any], label: str) -> FillerLexicon:
    read = _Reader(label)
    read.check_keys(
        data, "top level", frozenset({"schema_version", "settings", "hard", "discourse"})
    )
    if data.get("schema_version", 1) != 1:
        raise read.fail("schema_version", f"unsupported version {data['schema_version']!r}")

    settings = read.table(data, "settings", "top level")
    read.check_keys(settings, "[settings]", frozenset({"pause_as_comma_s", "sentence_pause_s"}))
    times: dict[str, float] = {}
    for key, default in (("pause_as_comma_s", 0.3), ("sentence_pause_s", 1.0)):
        value = settings.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise read.fail("[settings]", f"{key} must be a positive number of seconds")
        times[key] = float(value)

    hard = read.table(data, "hard", "top level")
    read.check_keys(hard, "[hard]", frozenset({"words", "patterns", "case_sensitive_exceptions"}))
    patterns: list[re.Pattern[str]] = []
    for pattern in read.strings(hard, "patterns", "[hard]"):
        try:
            patterns.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise read.fail("[hard]", f"bad pattern {pattern!r}: {exc}") from None

    return FillerLexicon(
        hard_words=frozenset(_normalize(w) for w in read.strings(hard, "words", "[hard]")),
        hard_patterns=tuple(patterns),
        case_sensitive_exceptions=frozenset(
            read.strings(hard, "case_sensitive_exceptions", "[hard]")
        ),
        discourse=_discourse_fillers(data, read),
        pause_as_comma_s=times["pause_as_comma_s"],
        sentence_pause_s=times["sentence_pause_s"],
    )


def _discourse_fillers(data: Mapping[str, Any], read: _Reader) -> tuple[DiscourseFiller, ...]:
    entries = data.get("discourse", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise read.fail("top level", "discourse must be an array of tables ([[discourse]])")
    discourse: list[DiscourseFiller] = []
    for n, entry in enumerate(entries):
        where = f"discourse[{n}]"
        read.check_keys(entry, where, _DISCOURSE_KEYS)
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise read.fail(where, "name must be a non-empty string")
        where = f"discourse[{n}] ({name})"
        rule = entry.get("rule")
        if rule not in _RULES:
            raise read.fail(where, f"rule must be one of {', '.join(_RULES)}, not {rule!r}")
        spellings = read.phrases(entry, "spellings", where)
        name_after = entry.get("content_if_name_after", False)
        if not isinstance(name_after, bool):
            raise read.fail(where, "content_if_name_after must be true or false")
        gerund_after = entry.get("content_if_gerund_after", False)
        if not isinstance(gerund_after, bool):
            raise read.fail(where, "content_if_gerund_after must be true or false")
        if not spellings:
            raise read.fail(where, "spellings must not be empty")
        discourse.append(
            DiscourseFiller(
                name=name,
                spellings=spellings,
                rule=rule,
                content_before=read.phrases(entry, "content_before", where),
                content_after=read.phrases(entry, "content_after", where),
                content_if_name_after=name_after,
                content_if_gerund_after=gerund_after,
            )
        )
    return tuple(discourse)


@cache
def default_lexicon() -> FillerLexicon:
    """The bundled lexicon, loaded on first use (never at import time) and kept."""
    return load_filler_lexicon()


# --- judging -------------------------------------------------------------------------


def _normalize(token: str) -> str:
    # Whisper prints curly apostrophes now and then ("I’d"); audio fillers read "(um)".
    return token.replace("’", "'").replace("‘", "'").strip(_EDGE_CHARS).lower()


def is_hard_filler(token: str, lexicon: FillerLexicon) -> bool:
    """Whether ``token`` is a hard filler such as "um", "Uhh", "Hmm", "erm" or "mm-hmm".

    Case-insensitive and tolerant of surrounding punctuation ("Um,"). Spelling variants
    are matched by the lexicon's patterns; exact-case exceptions ("ER") are not fillers.
    """
    bare = token.replace("’", "'").strip(_EDGE_CHARS)
    if not bare or bare in lexicon.case_sensitive_exceptions:
        return False
    word = bare.lower()
    return word in lexicon.hard_words or any(p.fullmatch(word) for p in lexicon.hard_patterns)


@dataclass(frozen=True, slots=True)
class _Candidate:
    first: int
    last: int
    filler: DiscourseFiller


class _Judge:
    """The words of one transcript and what is known so far about which are fillers."""

    def __init__(self, transcript: Transcript, lexicon: FillerLexicon) -> None:
        self.text = transcript.text
        self.words = transcript.words
        self.norms = [_normalize(w.text) for w in self.words]
        self.lexicon = lexicon
        self.kinds: list[FillerKind | None] = [
            (w.filler_kind or "hard")
            if w.source == "audio"
            else ("hard" if is_hard_filler(w.text, lexicon) else None)
            for w in self.words
        ]

    def is_filler(self, k: int) -> bool:
        return self.kinds[k] is not None

    def _gap_marks(self, k: int) -> tuple[bool, bool]:
        """(clause mark, sentence mark) in the text between word ``k - 1`` and word ``k``."""
        # Fillers heard only in the audio have no place in the text: read the text between
        # the nearest printed words instead ("goal. (um) So, ...").
        i, j = k - 1, k
        while i > 0 and self.words[i].char_end is None:
            i -= 1
        while j < len(self.words) - 1 and self.words[j].char_start is None:
            j += 1
        a, b = self.words[i].char_end, self.words[j].char_start
        if a is None or b is None or b < a:
            return False, False
        gap = self.text[a:b].replace("...", "…")
        sentence = any(c in _SENTENCE_MARKS for c in gap)
        return sentence or any(c in _CLAUSE_MARKS for c in gap), sentence

    def _silence_s(self, k: int) -> float | None:
        end, start = self.words[k - 1].end_s, self.words[k].start_s
        if end is None or start is None:
            return None
        return start - end + _TIME_EPS_S

    def separated(self, k: int) -> bool:
        """A comma-like mark or a comma-long pause between word ``k - 1`` and word ``k``."""
        silence = self._silence_s(k)
        return self._gap_marks(k)[0] or (
            silence is not None and silence >= self.lexicon.pause_as_comma_s
        )

    def sentence_break(self, k: int) -> bool:
        silence = self._silence_s(k)
        return self._gap_marks(k)[1] or (
            silence is not None and silence >= self.lexicon.sentence_pause_s
        )

    def boundary_before(self, k: int) -> bool:
        return k == 0 or self.is_filler(k - 1) or self.separated(k)

    def boundary_after(self, k: int) -> bool:
        return k == len(self.words) - 1 or self.is_filler(k + 1) or self.separated(k + 1)

    def opens_sentence(self, k: int) -> bool:
        # Only fillers may stand between the sentence start and word k ("Um, so, ...").
        while k > 0:
            if self.sentence_break(k):
                return True
            if not self.is_filler(k - 1):
                return False
            k -= 1
        return True

    def _matches(self, at: int, phrase: Phrase) -> bool:
        end = at + len(phrase)
        return (
            at >= 0
            and end <= len(self.words)
            and all(self.words[k].source == "asr" for k in range(at, end))
            and tuple(self.norms[at:end]) == phrase
        )

    def content_context(self, c: _Candidate) -> bool:
        """A content word directly before or after the candidate, with nothing between."""
        before = c.first
        if (
            before > 0
            and not self.separated(before)
            and not self.is_filler(before - 1)
            and any(self._matches(before - len(p), p) for p in c.filler.content_before)
        ):
            return True
        after = c.last + 1
        if after >= len(self.words) or self.separated(after) or self.is_filler(after):
            return False
        if any(self._matches(after, p) for p in c.filler.content_after):
            return True
        if c.filler.content_if_gerund_after and self._is_gerund(after) and not self._after_be(c):
            return True
        return c.filler.content_if_name_after and self._is_name(after)

    def _after_be(self, c: _Candidate) -> bool:
        # "I was like thinking", "I'm like going": after a person and a form of "be" it is
        # the hedge; after a thing ("it's like having", "that was like being") a comparison.
        before = c.first - 1
        if before < 0:
            return False
        word = self.norms[before]
        if word in _BE:
            return before == 0 or self.norms[before - 1] not in _IMPERSONAL
        stem, _, ending = word.rpartition("'")
        return ending in ("m", "s", "re") and stem not in _IMPERSONAL

    def _is_gerund(self, k: int) -> bool:
        # "like splitting a bill", "like planning the week": an -ing form straight after it
        # is its object ("such as"); "like, going" is cut off by the comma before we get here.
        word = self.norms[k]
        return self.words[k].source == "asr" and word.endswith("ing") and len(word) >= 5

    def _is_name(self, k: int) -> bool:
        # Whisper capitalises names and sentence starts; only the first marks a name.
        word = self.words[k].text
        return (
            word[:1].isupper()
            and self.words[k].source == "asr"
            and self.norms[k] not in _NOT_NAMES
            and not self.sentence_break(k)
        )

    def decide(self, c: _Candidate) -> bool:
        if self.content_context(c):
            return False
        if c.filler.rule == "unless_content":
            return True
        if c.filler.rule == "set_off":
            return self.boundary_before(c.first) and self.boundary_after(c.last)
        return self.opens_sentence(c.first) and self.boundary_after(c.last)

    def candidates(self) -> list[_Candidate]:
        """Discourse phrase occurrences, leftmost-longest, not overlapping."""
        spellings = sorted(
            ((p, d) for d in self.lexicon.discourse for p in d.spellings),
            key=lambda item: -len(item[0]),
        )
        found: list[_Candidate] = []
        k = 0
        while k < len(self.words):
            for phrase, filler in spellings:
                last = k + len(phrase) - 1
                if (
                    self._matches(k, phrase)
                    and not any(self.is_filler(i) for i in range(k, last + 1))
                    # "you, know" or "kind. Of" are not the phrase.
                    and not any(self._gap_marks(i)[0] for i in range(k + 1, last + 1))
                ):
                    found.append(_Candidate(k, last, filler))
                    k = last
                    break
            k += 1
        return found


def mark_fillers(transcript: Transcript, lexicon: FillerLexicon) -> Transcript:
    """Return a copy of ``transcript`` with its filler words marked.

    Each filler word gets ``filler=True`` and ``filler_kind`` "hard" or "discourse"; every
    word of a multi-word filler ("you know") is marked. Other ASR words get
    ``filler=False``, so marking twice gives the same result. Words with
    ``source="audio"`` are fillers heard in the audio and are kept as they are.
    """
    judge = _Judge(transcript, lexicon)
    pending = judge.candidates()
    # A filler next to a word is a boundary for it ("so um I want"), so accepting one
    # filler can make its neighbour one. Marking only ever adds boundaries, so repeating
    # until nothing changes ends after at most len(pending) rounds.
    changed = True
    while changed:
        changed = False
        for candidate in list(pending):
            if judge.decide(candidate):
                for k in range(candidate.first, candidate.last + 1):
                    judge.kinds[k] = "discourse"
                pending.remove(candidate)
                changed = True

    words: list[Word] = []
    for word, kind in zip(transcript.words, judge.kinds, strict=True):
        if word.source == "audio":
            words.append(word)
        else:
            words.append(replace(word, filler=kind is not None, filler_kind=kind))
    return replace(transcript, words=tuple(words))


def filler_spans(
    transcript: Transcript, lexicon: FillerLexicon | None = None
) -> list[tuple[int, int]]:
    """One ``(first_word_index, last_word_index)`` pair, inclusive, per filler occurrence.

    Reads the marks set by :func:`mark_fillers`. Consecutive discourse words that spell one
    multi-word filler of the lexicon ("you know") form one span; every hard filler is its
    own span, so "uh um" counts two. Without ``lexicon`` the bundled one is used.
    """
    lexicon = lexicon or default_lexicon()
    multi = sorted(
        {p for d in lexicon.discourse for p in d.spellings if len(p) > 1},
        key=lambda p: -len(p),
    )
    words = transcript.words
    norms = [_normalize(w.text) for w in words]
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(words):
        if not words[k].filler:
            k += 1
            continue
        length = 1
        if words[k].filler_kind == "discourse" and words[k].source == "asr":
            length = next((len(p) for p in multi if _spells(words, norms, k, p)), 1)
        spans.append((k, k + length - 1))
        k += length
    return spans


def _spells(words: Sequence[Word], norms: Sequence[str], at: int, phrase: Phrase) -> bool:
    end = at + len(phrase)
    return (
        end <= len(words)
        and tuple(norms[at:end]) == phrase
        and all(w.filler and w.filler_kind == "discourse" for w in words[at:end])
    )
