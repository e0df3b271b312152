"""The words of each step of "Your next take": its title and text from ``coaching.toml``,
filled with the user's own words (their goal sentences, the sentence a pitfall was found
in, the two sentences that repeat) and figures (seconds to add or cut, the filler said
most and where it falls, the pace band of the tile beside it)."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from speakprep.core.coaching_text import Coaching
from speakprep.core.models import Delivery, Report
from speakprep.core.settings import AnalysisSettings
from speakprep.core.units import counted

_TOKEN = re.compile(r"\S+")


class StepWords:
    """What the wording of one report's steps needs, worked out once."""

    def __init__(
        self,
        report: Report,
        settings: AnalysisSettings,
        coaching: Coaching,
        pairs: Sequence[tuple[int, int]],
    ) -> None:
        self.report = report
        self.settings = settings
        self.coaching = coaching
        self.pairs = pairs  # the sentences said twice, by index

    def words(
        self,
        step_id: str,
        evidence: tuple[int, ...],
        quoted: Collection[str] = (),
        parts: Sequence[str] = (),
        above: Collection[str] = (),
        listed: Collection[str] = (),
    ) -> tuple[str, str]:
        """The step's title and text; a text that would quote a sentence in ``quoted``
        (quoted by a step above) gives way to the next one: three steps that each open with
        'You said "In the next two years I want…"' read as one said three times. ``parts``
        are the steps a group does together, listed by their ``part`` as {parts}, or as {part}
        when only one has a part. ``above`` are the steps above this one: a text may start
        with {after_<step id>} (filled with nothing) to be used only below that step ("Say
        about 50 s more: add a short-term goal..." under "Answer the question: say a
        short-term goal..." told a new user the same thing twice). ``listed`` are the other
        steps of the list, above or below: a text may start with {with_<step id>} to be used
        only when that step, or for a group step any step of its group, is listed ("Say
        about 35 s more: add a short-term goal..." above "Open with a short-term goal" asked
        twice)."""
        values = {k: v for k, v in self.values(evidence).items() if v not in quoted}
        values |= {f"after_{step_id}": "" for step_id in above}
        values |= {f"with_{step_id}": "" for step_id in self._covering(listed)}
        named = [self.coaching.steps[p].part for p in parts if self.coaching.steps[p].part]
        if len(named) > 1:  # "One of them alone..." needs two
            values["parts"] = ", ".join(named[:-1]) + " and " + named[-1]
        elif named:
            values["part"] = named[0]
        step = self.coaching.steps[step_id]
        return _first_filled(step.titles, values), _first_filled(step.texts, values)

    def _covering(self, listed: Collection[str]) -> set[str]:
        """``listed`` and every group step one of them belongs to."""
        groups = {k for k, step in self.coaching.steps.items() if set(step.group) & set(listed)}
        return set(listed) | groups

    def values(self, evidence: tuple[int, ...]) -> dict[str, str]:
        r = self.report
        quote = self.quote
        values: dict[str, str] = {}
        faulty = pitfall_sentences(r)
        by_label = {
            s.label: i for i, s in reversed(list(enumerate(r.content.sentences))) if i not in faulty
        }
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
            # The band the pace tile shows: "aim for 130-160" beside "Good: 120-165" (or a
            # band of the user's own) read as two different rules.
            "pace_band": f"{pace.good_min_wpm:g}-{pace.good_max_wpm:g}",
        }
        # Too long: cut back to the target. Too short: add up to two thirds of it, well
        # inside the band, not just over its floor.
        aim_s = d.target_s if d.target_status != "too_short" else d.target_s * 2 / 3
        values["seconds"] = _seconds_to_say(abs(d.speaking_s - aim_s))
        if d.fillers:
            word, times = Counter(f.text.strip("()").lower() for f in d.fillers).most_common(1)[0]
            values["filler"] = word
            values["filler_times"] = _times(times)
            values["other_fillers"] = _others(len(d.fillers) - times)
            if len(d.fillers) == 1:  # "or another filler 1 times" said one filler wrong
                values["single_filler"] = word
            values["where"] = self.coaching.where.get(self._filler_place(), "")
        long = d.long_pauses
        values["pauses"] = _times(len(long))  # "You stopped 1 times" read as a form letter
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


def _seconds_to_say(gap_s: float) -> str:
    """``gap_s`` as advice says it: to the second under 10 s, to 5 s above, never 0 ("Cut
    about 5 s" for a take 0.35 s over its target asked for fourteen times too much)."""
    if gap_s < 9.5:
        return str(max(1, round(gap_s)))
    return str(5 * round(gap_s / 5))


def _times(n: int) -> str:
    """How often, as said aloud: "once", "twice", "4 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _others(n: int) -> str:
    """The fillers other than the one said most, after it: " and 2 other fillers" ("You said
    "um" or another filler 7 times" read as a form letter)."""
    return "" if n == 0 else f" and {counted(n, 'other filler')}"


def pitfall_sentences(report: Report) -> set[int]:
    """The sentences a pitfall was found in: no goal to build on, quote or link as one ("You
    said "I want to earn a lot of money". Say how the analyst role at Acme gets you there"
    coached the pitfall itself)."""
    return {i for c in report.content.checks if c.pitfall and c.found for i in c.evidence}


def _first_filled(templates: Sequence[str], values: Mapping[str, str]) -> str:
    for template in templates:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if names <= values.keys():
            return template.format(**values)
    return templates[-1].format_map(_Blank(values))


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"
