""" "Your next take": the few changes that would raise an answer's score most.

Each candidate change is tried on the report (a missing check met, a pitfall gone, the
speaking time on target, fillers down to the good band ...) and scored again with the same
formula as the real score (:mod:`speakprep.core.score`); the changes that add most come
first. Their wording is data (``assets/coaching.toml``) filled with the user's own words:
their goal sentences, the sentence a pitfall was found in, the two sentences that repeat.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from speakprep.core.datafile import DataFileError, load_toml
from speakprep.core.models import CheckResult, Delivery, Report, Voice
from speakprep.core.repetition import repeated_sentences
from speakprep.core.score import DELIVERY_CHECKS, raw_total
from speakprep.core.settings import AnalysisSettings, load_settings

_TOKEN = re.compile(r"\S+")


CoachingError = DataFileError  # coaching.toml missing, not TOML, or not shaped as documented


@dataclass(frozen=True, slots=True)
class StepText:
    titles: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coaching:
    steps: Mapping[str, StepText]  # in the file's order: it breaks ties between equal gains
    where: Mapping[str, str]
    max_steps: int = 3
    quote_words: int = 12


@dataclass(frozen=True, slots=True)
class NextStep:
    """One change for the next take: ``gain`` is the points it would add to the score."""

    id: str
    title: str
    text: str
    gain: float
    sentence_indexes: tuple[int, ...] = ()


def load_coaching(path: Path | None = None) -> Coaching:
    """Read the coaching texts; the packaged ``coaching.toml`` when ``path`` is None."""
    data, name = load_toml(path, "coaching.toml")
    steps: dict[str, StepText] = {}
    for step_id, table in _table(data, "steps", name).items():
        where = f"{name}: [steps.{step_id}]"
        titles = table.get("titles", [table.get("title")])
        texts = table.get("texts")
        if not _strings(titles) or not _strings(texts):
            raise CoachingError(f"{where} needs a title (or titles) and a list of texts")
        steps[step_id] = StepText(tuple(titles), tuple(texts))
    where_words = _table(data, "where", name)
    if not _strings(list(where_words.values())):
        raise CoachingError(f"{name}: [where] must map names to texts")
    return Coaching(
        steps=steps,
        where=dict(where_words),
        max_steps=int(data.get("max_steps", 3)),
        quote_words=int(data.get("quote_words", 12)),
    )


@lru_cache(maxsize=1)
def default_coaching() -> Coaching:
    return load_coaching()


@lru_cache(maxsize=1)
def _default_settings() -> AnalysisSettings:
    return load_settings()


def _table(data: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise CoachingError(f"{name}: [{key}] is missing or not a table")
    return value


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def next_steps(
    report: Report,
    settings: AnalysisSettings | None = None,
    coaching: Coaching | None = None,
) -> tuple[NextStep, ...]:
    """The one to ``max_steps`` changes that would raise this answer's score most, best first."""
    settings = settings or _default_settings()
    coaching = coaching or default_coaching()
    facts = _Facts(report, settings, coaching)
    now = facts.total(report.content.checks, report.delivery, facts.repeated)
    found: list[tuple[float, int, str, tuple[int, ...]]] = []
    for order, (step_id, change) in enumerate(facts.changes()):
        checks, delivery, repeated, evidence = change
        gain = facts.total(checks, delivery, repeated) - now
        if gain <= 0.05 or step_id not in coaching.steps:
            continue
        found.append((-gain, order, step_id, evidence))
    found.sort(key=lambda item: (item[0], item[1]))
    steps: list[NextStep] = []
    quoted: set[str] = set()  # a sentence quoted once is not quoted again below it
    for minus_gain, _, step_id, evidence in found[: coaching.max_steps]:
        title, text = facts.words(step_id, evidence, quoted)
        quoted |= {q for q in facts.values(evidence).values() if f'"{q}"' in text}
        steps.append(NextStep(step_id, title, text, round(-minus_gain, 1), evidence))
    return tuple(steps)


_Change = tuple[Sequence[CheckResult], Delivery | None, int, tuple[int, ...]]


class _Facts:
    """What the wording and the what-if scoring of one report need, worked out once."""

    def __init__(self, report: Report, settings: AnalysisSettings, coaching: Coaching) -> None:
        self.report = report
        self.settings = settings
        self.coaching = coaching
        self.sentences = [s.text for s in report.content.sentences]
        self.pairs = repeated_sentences(self.sentences, settings.repetition)
        self.repeated = len(self.pairs) if report.delivery is not None else 0

    def total(self, checks: Sequence[CheckResult], delivery: Delivery | None, rep: int) -> float:
        score = self.settings.score
        return raw_total(checks, delivery, score, repeated_pairs=rep, for_ranking=True)

    # -- the changes to try -------------------------------------------------------------
    def changes(self) -> list[tuple[str, _Change]]:
        checks = self.report.content.checks
        out: list[tuple[str, _Change]] = []
        for i, c in enumerate(checks):
            if c.ok or not c.applies or c.id in DELIVERY_CHECKS:
                continue
            fixed = replace(c, ok=True, found=not c.pitfall)
            mended = [*checks[:i], fixed, *checks[i + 1 :]]
            out.append((c.id, (mended, self.report.delivery, self.repeated, c.evidence)))
        d = self.report.delivery
        if d is None:
            return out
        keep = (checks, self.repeated, ())
        if d.target_status in ("too_long", "a_little_long"):
            out.append(("cut_time", (checks, replace(d, target_status="on_target"), 0, ())))
        elif d.target_status == "too_short":
            out.append(("add_time", (checks, replace(d, target_status="on_target"), *keep[1:])))
        elif self.repeated:
            out.append(("repetition", (checks, d, 0, self.pairs[0])))
        if d.filler_status != "good":
            out.append(("fillers", (checks, replace(d, filler_status="good"), *keep[1:])))
        if d.pace_status in ("fast", "a_little_fast", "slow", "a_little_slow"):
            kind = "pace_fast" if "fast" in d.pace_status else "pace_slow"
            out.append((kind, (checks, replace(d, pace_status="good"), *keep[1:])))
        if d.long_pauses:
            calm = tuple(replace(p, long=False) for p in d.pauses)
            out.append(("long_pauses", (checks, replace(d, pauses=calm), *keep[1:])))
        if d.voice is not None and d.voice.monotone:
            lively: Voice = replace(d.voice, monotone=False)
            out.append(("monotone", (checks, replace(d, voice=lively), *keep[1:])))
        return out

    # -- the words -----------------------------------------------------------------------
    def words(
        self, step_id: str, evidence: tuple[int, ...], quoted: Collection[str] = ()
    ) -> tuple[str, str]:
        """The step's title and text; a text that would quote a sentence in ``quoted``
        (quoted by a step above) gives way to the next one: three steps that each open with
        'You said "In the next two years I want…"' read as one said three times."""
        values = {k: v for k, v in self.values(evidence).items() if v not in quoted}
        step = self.coaching.steps[step_id]
        return _first_filled(step.titles, values), _first_filled(step.texts, values)

    def values(self, evidence: tuple[int, ...]) -> dict[str, str]:
        r = self.report
        quote = self.quote
        values: dict[str, str] = {}
        by_label = {s.label: i for i, s in reversed(list(enumerate(r.content.sentences)))}
        for label in ("long_term", "short_term", "plan"):
            if label in by_label:
                values[label] = quote(by_label[label])
        goal = values.get("long_term") or values.get("short_term")
        if goal:
            values["goal"] = goal
        if evidence:
            values["evidence"] = quote(evidence[0])
        if r.company:
            values["company"] = r.company
        if r.role:
            values["role"] = r.role
        if self.pairs:
            values["first"], values["second"] = (quote(i) for i in self.pairs[0])
        cut = self._longest_aside()
        if cut is not None:
            values["cut"] = quote(cut)
        if r.delivery is not None:
            values.update(self._delivery_values(r.delivery))
        return values

    def quote(self, index: int) -> str:
        """The sentence as said, fillers left out, shortened to ``quote_words`` words."""
        sentence = self.report.content.sentences[index]
        words = self.report.transcript.words
        filler_spans = [
            (w.char_start, w.char_end)
            for i in sentence.word_indexes
            if i < len(words)
            and (w := words[i]).filler
            and w.char_start is not None
            and w.char_end is not None
        ]
        kept: list[str] = []
        for token in _TOKEN.finditer(sentence.text):
            at = sentence.char_start + token.start()
            if any(
                start <= at < end or at <= start < at + len(token[0]) for start, end in filler_spans
            ):
                if kept and not token[0][-1:].isalnum():
                    kept[-1] = kept[-1].rstrip(",")  # "I, um, want" -> "I want"
                continue
            kept.append(token[0])
        limit = self.coaching.quote_words
        text = " ".join(kept[:limit]).rstrip(".!?,;:")
        text = text[:1].upper() + text[1:]
        return text + ("…" if len(kept) > limit else "")

    def _longest_aside(self) -> int | None:
        asides = [
            (len(s.text.split()), i)
            for i, s in enumerate(self.report.content.sentences)
            if s.label == "other"
        ]
        return max(asides)[1] if asides else None

    def _delivery_values(self, d: Delivery) -> dict[str, str]:
        pace = self.settings.pace
        values = {
            "wpm": f"{d.wpm:.0f}",
            "count": str(len(d.fillers)),
            # The band the pace tile shows: "aim for 130-160" beside "Good: 120-165" (or a
            # band of the user's own) read as two different rules.
            "pace_band": f"{pace.good_min_wpm:g}-{pace.good_max_wpm:g}",
        }
        # Too long: cut back to the target. Too short: add up to two thirds of it, well
        # inside the band, not just over its floor.
        aim_s = d.target_s if d.target_status != "too_short" else d.target_s * 2 / 3
        values["seconds"] = str(max(5, 5 * round(abs(d.speaking_s - aim_s) / 5)))
        if d.fillers:
            common = Counter(f.text.strip("()").lower() for f in d.fillers).most_common(1)
            values["filler"] = common[0][0]
            if len(d.fillers) == 1:  # "or another filler 1 times" said one filler wrong
                values["single_filler"] = common[0][0]
            values["where"] = self.coaching.where.get(self._filler_place(), "")
        long = d.long_pauses
        values["pauses"] = str(len(long))
        if long:
            longest = max(long, key=lambda p: p.duration_s)
            after = [
                w.text
                for w in self.report.transcript.words
                if w.start_s is not None and w.start_s >= longest.end_s - 0.05 and not w.filler
            ]
            if after:
                values["before"] = after[0]
        if d.voice is not None and d.voice.pitch_range_semitones is not None:
            values["semitones"] = f"{d.voice.pitch_range_semitones:.1f}"
        return values

    def _filler_place(self) -> str:
        """Where most fillers fall: opening a sentence, or in its middle."""
        d = self.report.delivery
        assert d is not None
        openings = []
        for s in self.report.content.sentences:
            spoken = [self.report.transcript.words[i] for i in s.word_indexes]
            first = next(
                (w.start_s for w in spoken if not w.filler and w.start_s is not None), None
            )
            if first is not None:
                openings.append((s.start_s if s.start_s is not None else first, first))
        at_start = sum(
            1
            for f in d.fillers
            if f.start_s is not None
            and any(begin - 1.0 <= f.start_s <= first for begin, first in openings)
        )
        middle = len(d.fillers) - at_start
        if at_start >= 2 * max(middle, 1) or (at_start and not middle):
            return "start"
        if middle >= 2 * max(at_start, 1) or (middle and not at_start):
            return "middle"
        return "spread"


def _first_filled(templates: Sequence[str], values: Mapping[str, str]) -> str:
    for template in templates:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if names <= values.keys():
            return template.format(**values)
    return templates[-1].format_map(_Blank(values))


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def explain_gain(step: NextStep) -> str:
    """A short phrase for a step's gain, e.g. "+12 points"."""
    points = max(1, round(step.gain))
    return f"+{points} point{'s' if points != 1 else ''}"
