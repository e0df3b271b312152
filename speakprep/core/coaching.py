""" "Your next take": the changes that would raise an answer's score most.

Each candidate change is tried on the report (a missing check met, a pitfall gone, the
speaking time on target, fillers down to the good band ...) and scored again with the same
formula as the real score (:mod:`speakprep.core.score`), the hold below "Excellent" and the
floor at 0 included. The steps are chosen one by one: each is the change worth most real
points with the steps above it done, so every step says the score it truly leads to. A
change that gives nothing takes no top slot: on an answer so far off that its content
score sits at the floor, no one content change moves it (a short-term goal alone still
leaves "no goal at all" cancelling it), so the content changes are offered together as
one step, "Answer the question", with the points they give together. After the few best
comes every change that mends a delivery figure the scorecard shows as needing work: a
red fillers tile with no word on what to do about it left a new user guessing.
Their wording is data (``assets/coaching.toml``, :mod:`speakprep.core.coaching_text`)
filled with the user's own words (:mod:`speakprep.core.coaching_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from speakprep.core.coaching_text import GROUP_STEP, Coaching, default_coaching
from speakprep.core.coaching_words import StepWords, pitfall_sentences
from speakprep.core.models import CheckResult, Delivery, Report, Voice
from speakprep.core.repetition import repeated_sentences
from speakprep.core.score import (
    DELIVERY_CHECKS,
    content_score,
    excellent_allowed,
    overall_score,
    raw_total,
)
from speakprep.core.settings import AnalysisSettings, packaged_settings
from speakprep.core.units import counted


@dataclass(frozen=True, slots=True)
class NextStep:
    """One change for the next take.

    ``score_after`` is the score the take would get with this step and every step above it
    done, and the steps of ``with_steps``, by the real formula (held below "Excellent",
    floored at 0, rounded); ``gain`` is how far this step moves it (points, 0 when the hold
    or the floor absorbs it). Steps that gain come first: a step that gains nothing alone
    comes below them, and ``for_excellent`` says the points above wait on it (the hold
    lifts only when it is done too); ``with_steps`` numbers (from 1) those below a step
    that its points wait on. ``figure`` names what the step mends on the scorecard: a tile
    ("time", "pace", "fillers", "pauses", "voice") or the points taken off for sentences
    said twice ("repeats"); None for a content step.
    """

    id: str
    title: str
    text: str
    gain: float
    sentence_indexes: tuple[int, ...] = ()
    score_after: int = 0
    figure: str | None = None
    for_excellent: bool = False
    with_steps: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class _Change:
    """One change to try, as what it replaces: checks by index, delivery fields, the count
    of repeated pairs. Changes combine (the steps above a step are done with it)."""

    step_id: str
    evidence: tuple[int, ...] = ()
    checks: tuple[tuple[int, CheckResult], ...] = ()
    delivery: tuple[tuple[str, Any], ...] = ()
    repeated: int | None = None
    figure: str | None = None
    parts: tuple[str, ...] = ()  # the steps a GROUP_STEP does together

    @property
    def mends_pitfall(self) -> bool:
        """Whether the change takes away a pitfall the answer commits (not adds what it
        lacks): between changes worth the same points, fixing what is wrong comes first."""
        return any(fixed.pitfall for _, fixed in self.checks)


def next_steps(
    report: Report,
    settings: AnalysisSettings | None = None,
    coaching: Coaching | None = None,
) -> tuple[NextStep, ...]:
    """The changes worth most to this answer's score, best first: the ``max_steps`` best,
    each the one worth most real points with the steps above it done (content changes
    together when none moves a floored score alone), then any other that mends a scorecard
    figure (a tile amber or red, or points taken off for repeats), so nothing the scorecard
    flags goes without a step."""
    settings = settings or packaged_settings()
    coaching = coaching or default_coaching()
    facts = _Facts(report, settings, coaching)
    words = StepWords(report, settings, coaching, facts.pairs)
    pool = [c for c in facts.changes() if c.step_id in coaching.steps]
    chosen: list[_Change] = []
    while len(chosen) < coaching.max_steps and pool:
        best = facts.next_best(chosen, pool)
        if best is None:
            break
        chosen.append(best)
        pool = [c for c in pool if c.step_id not in (best.step_id, *best.parts)]
    chosen += [c for c in facts.ranked(chosen, pool) if c.figure]
    # The score along the chosen path; a step the hold or the floor absorbs moves below the
    # steps that gain ("Cut about 5 s · score stays 84" above "+16" read as a step back).
    path = [facts.score(chosen[:n]) for n in range(len(chosen) + 1)]
    gains = [path[n + 1] - path[n] for n in range(len(chosen))]
    order = [n for n, g in enumerate(gains) if g > 0] + [n for n, g in enumerate(gains) if g <= 0]
    waited_on = {n for n in order if gains[n] <= 0 and facts.waits_on(chosen, n)}
    steps: list[NextStep] = []
    quoted: set[str] = set()  # a sentence quoted once is not quoted again below it
    for place, n in enumerate(order):
        change = chosen[n]
        above = [chosen[m].step_id for m in order[:place]]
        listed = above + [chosen[m].step_id for m in order[place + 1 :]]
        title, text = words.words(
            change.step_id, change.evidence, quoted, change.parts, above, listed
        )
        quoted |= {q for q in words.values(change.evidence).values() if f'"{q}"' in text}
        gained = gains[n] > 0
        steps.append(
            NextStep(
                change.step_id,
                title,
                text,
                float(gains[n]),
                change.evidence,
                # A step that gains nothing leaves the score where the steps above took it.
                score_after=path[n + 1] if gained else path[-1],
                figure=change.figure,
                for_excellent=n in waited_on,
                with_steps=tuple(order.index(m) + 1 for m in sorted(waited_on) if gained and m < n),
            )
        )
    return tuple(steps)


class _Facts:
    """What the what-if scoring of one report needs, worked out once."""

    def __init__(self, report: Report, settings: AnalysisSettings, coaching: Coaching) -> None:
        self.report = report
        self.settings = settings
        self.coaching = coaching
        sentences = [s.text for s in report.content.sentences]
        self.pairs = repeated_sentences(sentences, settings.repetition)
        self.repeated = len(self.pairs) if report.delivery is not None else 0

    def _applied(
        self, changes: Sequence[_Change]
    ) -> tuple[list[CheckResult], Delivery | None, int]:
        checks = list(self.report.content.checks)
        delivery, repeated = self.report.delivery, self.repeated
        for change in changes:
            for i, fixed in change.checks:
                checks[i] = fixed
            if delivery is not None and change.delivery:
                delivery = replace(delivery, **dict(change.delivery))
            if change.repeated is not None:
                repeated = change.repeated
        return checks, delivery, repeated

    def ranked(self, chosen: Sequence[_Change], pool: Sequence[_Change]) -> list[_Change]:
        """``pool`` best first, each tried with ``chosen`` done: by the real points it gives
        (the hold and the floor included), then by what it is worth with neither (so the
        change that would count most, once the floor is left, comes first among changes
        the floor absorbs), then a pitfall the answer commits before an addition worth the
        same (on "I want to earn a lot of money" with no word on the employer, "Leave the
        pay out" tied with "Tie it to Acme" and fell off the card by file order), then in
        the file's order."""
        real, worth = self.real_total(chosen), self.ranking_total(chosen)
        order = {c.step_id: n for n, c in enumerate(pool)}
        return sorted(
            pool,
            key=lambda c: (
                -round(self.real_total([*chosen, c]) - real, 6),
                -round(self.ranking_total([*chosen, c]) - worth, 6),
                not c.mends_pitfall,
                order[c.step_id],
            ),
        )

    def next_best(self, chosen: Sequence[_Change], pool: Sequence[_Change]) -> _Change | None:
        """The step to add below ``chosen``: the change worth most real points, or, when the
        content sits at the floor, the content changes together (:meth:`group`) if they
        give more that way than one by one and more than the best single change; failing
        both (the hold below Excellent needs two changes to lift), the change worth most
        once the hold is lifted, as a step that gains nothing alone (shown below the steps
        that gain); None when nothing helps.

        At the floor the content changes help each other: with a pitfall taking 20 points
        off, a short-term goal alone lifts the content from -20 to 5, and the plan after it
        gives the full 25. One by one they read "Say about 50 s more (+27)", "Open with a
        short-term goal (+12)", "Make a goal measurable (+16)": steps out of the order of
        the points they give. Below the hold at Excellent they can still be out of it: the
        step that completes the answer lifts the hold and gives more than the one above it
        ("Tie it to Acme +14 → 84", then "Make a goal measurable +16 → 100"); swapping the
        two would only move the hold onto the other."""
        ranked = self.ranked(chosen, pool)
        best = ranked[0] if self.gives(chosen, ranked[0]) else None
        joined = self.group(chosen, ranked) if self.floored(chosen) else None
        if (
            joined is not None
            and self._together(chosen, joined, pool)
            and (
                best is None
                or self.real_total([*chosen, joined]) > self.real_total([*chosen, best])
            )
        ):
            return joined
        if best is not None:
            return best
        worth = self.ranking_total([*chosen, ranked[0]]) - self.ranking_total(chosen)
        return ranked[0] if worth > 0.05 else None

    def _together(
        self, chosen: Sequence[_Change], joined: _Change, pool: Sequence[_Change]
    ) -> bool:
        """Whether the group's changes give more done together than one by one (by more
        than a point of rounding): only then is "Answer the question" one step."""
        start = self.real_total(chosen)
        alone = sum(
            self.real_total([*chosen, c]) - start for c in pool if c.step_id in joined.parts
        )
        return self.real_total([*chosen, joined]) - start > alone + 1.0

    def floored(self, chosen: Sequence[_Change]) -> bool:
        """Whether the content score, with ``chosen`` done, sits at the floor (0): only
        there does "Answer the question" fit; a held strong answer gets its own steps."""
        checks, _, _ = self._applied(chosen)
        return content_score(checks, clamp=False) <= 0

    def gives(self, chosen: Sequence[_Change], change: _Change) -> bool:
        """Whether ``change`` raises the score as shown (rounded) with ``chosen`` done."""
        return self.score([*chosen, change]) > self.score(chosen)

    def group(self, chosen: Sequence[_Change], ranked: Sequence[_Change]) -> _Change | None:
        """The content changes done together, when none alone moves the score: the steps
        of the answer itself (a short-term goal, a long-term goal, a plan, no more "no goal
        at all": the rubric's core), then the other content changes worth most, until the
        score moves (None when even all of them leave it where it is)."""
        content = [c for c in ranked if c.figure is None]
        if GROUP_STEP not in self.coaching.steps or not content:
            return None
        core = self.coaching.steps[GROUP_STEP].group
        members = sorted(
            (c for c in content if c.step_id in core), key=lambda c: core.index(c.step_id)
        )
        rest = [c for c in content if c.step_id not in core]
        while True:
            joined = _Change(
                GROUP_STEP,
                checks=tuple(fix for c in members for fix in c.checks),
                parts=tuple(c.step_id for c in members),
            )
            if len(members) > 1 and self.gives(chosen, joined):
                return joined
            if not rest:
                return None
            members.append(rest.pop(0))

    def waits_on(self, chosen: Sequence[_Change], n: int) -> bool:
        """Whether the steps' score waits on ``chosen[n]`` for the hold below Excellent to
        lift: with every step done the answer may be Excellent, without this one not, and
        the score is higher for it (a hold that lifts off a score under the cap gives nothing)."""
        without = [c for m, c in enumerate(chosen) if m != n]
        lifts = self.excellent(chosen) and not self.excellent(without)
        return lifts and self.score(without) < self.score(chosen)

    def excellent(self, changes: Sequence[_Change]) -> bool:
        """Whether the take, with ``changes`` done, may be called Excellent (not held)."""
        checks, delivery, repeated = self._applied(changes)
        return excellent_allowed(checks, delivery, repeated_pairs=repeated)

    def real_total(self, changes: Sequence[_Change]) -> float:
        """The unrounded score with ``changes`` done, the hold and the floor included."""
        checks, delivery, repeated = self._applied(changes)
        return raw_total(checks, delivery, self.settings.score, repeated_pairs=repeated)

    def ranking_total(self, changes: Sequence[_Change]) -> float:
        """What the changes are worth by the formula, with no hold and no floor: it ranks
        changes the floor or the hold absorbs, even on an answer whose score sits at 0."""
        checks, delivery, repeated = self._applied(changes)
        return raw_total(
            checks, delivery, self.settings.score, repeated_pairs=repeated, for_ranking=True
        )

    def score(self, changes: Sequence[_Change]) -> int:
        """The score the take would get with ``changes`` done: the real score's own code."""
        checks, delivery, repeated = self._applied(changes)
        return overall_score(checks, delivery, self.settings.score, repeated_pairs=repeated).total

    # -- the changes to try -------------------------------------------------------------
    def changes(self) -> list[_Change]:
        checks = self.report.content.checks
        faulty = pitfall_sentences(self.report)
        out: list[_Change] = []
        for i, c in enumerate(checks):
            if c.ok or not c.applies or c.id in DELIVERY_CHECKS:
                continue
            fixed = replace(c, ok=True, found=not c.pitfall)
            # A goal step links to no pitfall sentence: "Open with a short-term goal" pointed
            # at "I want to earn a lot of money", the sentence its check had come closest to.
            evidence = c.evidence if c.pitfall else tuple(e for e in c.evidence if e not in faulty)
            out.append(_Change(c.id, evidence, checks=((i, fixed),)))
        d = self.report.delivery
        if d is None:
            return out
        if d.target_status in ("too_long", "a_little_long"):
            # Cut back to the target, the sentences said twice go first.
            on_target = (("target_status", "on_target"),)
            out.append(_Change("cut_time", delivery=on_target, repeated=0, figure="time"))
        else:
            if d.target_status == "too_short":
                on_target = (("target_status", "on_target"),)
                out.append(_Change("add_time", delivery=on_target, figure="time"))
            if self.repeated:  # "−10 said twice" under the score
                out.append(_Change("repetition", self.pairs[0], repeated=0, figure="repeats"))
        rated = not d.too_short_to_rate  # no advice on a rate the take is too short to give
        if rated and d.filler_status != "good":
            out.append(_Change("fillers", delivery=(("filler_status", "good"),), figure="fillers"))
        if rated and d.pace_status in ("fast", "a_little_fast", "slow", "a_little_slow"):
            kind = "pace_fast" if "fast" in d.pace_status else "pace_slow"
            out.append(_Change(kind, delivery=(("pace_status", "good"),), figure="pace"))
        if d.long_pauses:
            calm = tuple(replace(p, long=False) for p in d.pauses)
            out.append(_Change("long_pauses", delivery=(("pauses", calm),), figure="pauses"))
        if d.voice is not None and d.voice.monotone:
            lively: Voice = replace(d.voice, monotone=False)
            out.append(_Change("monotone", delivery=(("voice", lively),), figure="voice"))
        return out


def explain_gain(step: NextStep) -> str:
    """A short phrase for a step's gain and the score it leads to, e.g. "+12 points → 76",
    "+16 points → 100 with step 2" when its points wait on a step below. A step that gains
    nothing reads as advice: "needed for Excellent" when the points above wait on it,
    "no points; still worth it" otherwise ("score stays 84" read as a step back)."""
    points = round(step.gain)
    if points <= 0:
        return "needed for Excellent" if step.for_excellent else "no points; still worth it"
    gain = f"+{counted(points, 'point')} → {step.score_after}"
    if step.with_steps:
        numbers = " and ".join(str(n) for n in step.with_steps)
        gain += f" with step{'s' if len(step.with_steps) > 1 else ''} {numbers}"
    return gain
