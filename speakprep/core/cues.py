"""Cue lists from the rubric, compiled, and the text helpers that match them.

A cue list is a list of regular-expression fragments from ``assets/rubric.toml``. It is
compiled once, wrapped in word boundaries, and matched against *normalised* text: lower
case, straight apostrophes, single spaces (see :func:`normalize`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"'})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case ``text``, straighten quotes and collapse white space."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES).lower()).strip()


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
        for item in items:
            try:
                re.compile(item)
            except re.error as exc:
                raise re.error(f"bad pattern {item!r} in {name}: {exc}") from exc
        if not items:
            return cls(name, items, None)
        joined = "|".join(f"(?:{p})" for p in items)
        return cls(name, items, re.compile(rf"(?<![\w'])(?:{joined})(?![\w'])"))

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.regex else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.regex else iter(())

    def __bool__(self) -> bool:
        return self.regex is not None


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
            return re.compile(rf"(?<![\w'])(?:{joined})\s*$")
        return re.compile(rf"^\s*(?:{joined})(?![\w'])")
    except re.error as exc:
        raise re.error(f"bad pattern in {name}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Negation:
    """Negation scope: which cue matches a "not", "never", "rather than"... governs."""

    before: CueSet
    after: CueSet
    clause_breaks: re.Pattern[str]
    window_words: int

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

    def negated(self, text: str, start: int, end: int) -> bool:
        """Whether the cue at ``text[start:end]`` is negated within its clause."""
        c_start, c_end = self.clause_span(text, start)
        before = text[c_start:start]
        words_before = before.split()
        window = " ".join(words_before[-self.window_words :]) if words_before else ""
        if window and self.before.search(window + " "):
            return True
        after = " ".join(text[end:c_end].split()[:4])
        return bool(after and self.after.search(after))

    def positive_matches(self, cues: CueSet, text: str) -> list[re.Match[str]]:
        """The matches of ``cues`` in ``text`` that are not negated."""
        return [m for m in cues.finditer(text) if not self.negated(text, m.start(), m.end())]
