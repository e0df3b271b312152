"""Time expressions in a sentence, read as a goal horizon in years (labelling.md rules 2, 10).

"within eighteen months" is 1.5 years, "over the next five years or so" 5, "four or five
years" 5 (the far end), "by 2030" the years until then, "long term" and "eventually" are far
off, "right now" and "first year" near. Durations that describe the past or an age ("two years
ago", "five-year-olds", "twenty years of experience", "five minutes", "last month", "this
November") are not horizons. The vocabularies are in the ``[horizon]`` table of rubric.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from speakprep.core.cues import CueSet, HorizonCues

HorizonKind = Literal["short", "long", "years"]

_YEAR = re.compile(r"(?<![\w$])(?:by|in|before|until) (?:the end of )?(?P<year>(?:19|20)\d\d)\b")
# The context before a duration is read back only to the start of its clause.
_CLAUSE_CUT = re.compile(r"[,;:]|\band\b|\bbut\b|\bso\b")
_AFTER = re.compile(r"\bafter\b")
# A duration said as a heading, opening the sentence before a colon or a dash ("Two years: run
# small claims myself", "five years - senior associate"): the horizon of what follows, as
# "next year:" is.
_HEADING_BEFORE = re.compile(r"^\W*(?:(?:and|so|then|um|uh|okay|ok)\W+)*(?:in\W+)?$")
_HEADING_AFTER = re.compile(r"^\s*(?:[:\u2013\u2014]|-\s)")
# The far end of a vague span from now: within short_term (labelling.md rule 2).
_NEAR_SPAN_YEARS = 3.0


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One horizon-setting time expression found in a text."""

    start: int
    end: int
    kind: HorizonKind
    years: float | None = None  # for kind "years"
    vague: bool = False  # "a few years": a horizon, but no SMART timeframe
    text: str = ""

    def is_short(self, short_max_years: float) -> bool:
        if self.kind == "years":
            return self.years is not None and self.years <= short_max_years
        return self.kind == "short"


def find_time_exprs(text: str, cues: HorizonCues, *, current_year: int | None) -> list[TimeExpr]:
    """All horizon-setting expressions in normalised ``text``, in reading order."""
    blocked = [(m.start(), m.end()) for m in cues.misleading.finditer(text)]
    found: list[TimeExpr] = []

    for m in cues.duration.finditer(text):
        if _inside(m.start(), m.end(), blocked):
            continue
        expr = _duration(text, m, cues)
        if expr is not None:
            found.append(expr)
    if current_year is not None:
        for m in _YEAR.finditer(text):
            years = int(m.group("year")) - current_year
            if 0 <= years <= 60:
                found.append(
                    TimeExpr(m.start(), m.end(), "years", float(max(years, 0.5)), False, m.group(0))
                )

    taken = [(e.start, e.end) for e in found]
    phrases: tuple[tuple[HorizonKind, CueSet], ...] = (("short", cues.short), ("long", cues.long))
    for kind, cue_set in phrases:
        for m in cue_set.finditer(text):
            # A phrase wholly inside a misleading span ("last year") is no horizon; one that
            # extends past it ("first 90 days" around "90 days") still is.
            if _inside(m.start(), m.end(), blocked) or _overlaps(m.start(), m.end(), taken):
                continue
            found.append(TimeExpr(m.start(), m.end(), kind, None, False, m.group(0)))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda e: e.start)
    return found or _later(text, cues)


def _later(text: str, cues: HorizonCues) -> list[TimeExpr]:
    """The sentence's opening step after the one before ("after that, district manager, then
    regional"), a far-off horizon: a goal set after an earlier goal is further out than it
    (rule 2). Only for a sentence with no time expression of its own: "after that, team lead
    by the end of my second year" is dated by its year."""
    m = cues.later.search(text) if cues.later else None
    return [TimeExpr(m.start(), m.end(), "long", None, False, m.group(0))] if m else []


def _duration(text: str, m: re.Match[str], cues: HorizonCues) -> TimeExpr | None:
    before = text[: m.start()]
    clause_before = _clause_before(before)
    after = text[m.end() :]
    if cues.past_duration_before and cues.past_duration_before.search(clause_before):
        return None
    heading = bool(_HEADING_BEFORE.match(before) and _HEADING_AFTER.match(after))
    future = (
        heading
        or bool(cues.future_before and cues.future_before.search(before))
        or bool(cues.future_after and cues.future_after.search(after))
    )
    if not future:
        return None
    return duration_expr(text, m, cues)


def duration_expr(text: str, m: re.Match[str], cues: HorizonCues) -> TimeExpr | None:
    """The span of years a duration match of ``cues.duration`` in ``text`` names, read as a
    horizon whatever words surround it (None when its count is no number): "um, five years"
    said on its own, an answer echoing its question, names the question's horizon."""
    before = text[: m.start()]
    values = [cues.number(g) for g in (m.group("n1"), m.group("n2")) if g]
    numbers = [v for v in values if v is not None]
    if not numbers:
        return None
    years = max(numbers) * cues.unit(m.group("unit"))
    vague = any(g and g.strip() in cues.vague_numbers for g in (m.group("n1"), m.group("n2")))
    if vague and cues.span_from_now and cues.span_from_now.search(before):
        years = min(years, _NEAR_SPAN_YEARS * cues.unit(m.group("unit")))
    if _AFTER.search(_clause_before(before)):  # "after (working here for) two years": beyond it
        years += cues.after_offset_years
    return TimeExpr(m.start(), m.end(), "years", years, vague, m.group(0))


def _clause_before(before: str) -> str:
    """The clause ``before`` (the text before a duration) ends with."""
    cut = [c.end() for c in _CLAUSE_CUT.finditer(before)]
    return before[cut[-1] :] if cut else before


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)
