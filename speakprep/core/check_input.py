"""What a rubric check reads (:class:`CheckInput`) and what it finds (:class:`Finding`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from speakprep.core.cues import CueSet
from speakprep.core.judge import PitfallFinding
from speakprep.core.labels import SentenceFeatures
from speakprep.core.models import Sentence
from speakprep.core.rubric import Rubric
from speakprep.core.settings import SpeakingTimeBands


@dataclass(frozen=True, slots=True)
class CheckInput:
    """Everything a check may look at."""

    sentences: Sequence[Sentence]
    features: Sequence[SentenceFeatures]
    rubric: Rubric
    company: str | None = None
    role: str | None = None
    speaking_s: float | None = None
    word_count: int = 0
    # The delivery's speaking-time status ("too_short", "on_target", ...), when measured.
    speaking_status: str | None = None
    # The speaking-time bands the delivery is judged by (the user's target); None: the
    # packaged bands with the rubric's target (the command line's text mode).
    speaking_bands: SpeakingTimeBands | None = None
    # Pitfalls the learned judgement found (speakprep.core.judge), by check id.
    learned_pitfalls: Mapping[str, PitfallFinding] = field(default_factory=dict)

    def indexes(self, predicate: Callable[[int], bool]) -> tuple[int, ...]:
        return tuple(i for i in range(len(self.features)) if predicate(i))

    def positive(self, cues: CueSet, i: int) -> list[re.Match[str]]:
        lang = self.rubric.language
        assert lang is not None
        return lang.negation.positive_matches(cues, self.features[i].text)


@dataclass(frozen=True, slots=True)
class Finding:
    found: bool
    evidence: tuple[int, ...] = ()
    note: str = ""  # appended to the advice
    reason: str = ""  # the cue, sentence or measure behind the finding
    advice: str = ""  # replaces advice_not_ok when set
    # Values for the {placeholders} of the check's title and advice ({target} of
    # within_target: the target the verdict used, so "Within 60 seconds" for a 60 s target).
    fill: Mapping[str, str] = field(default_factory=dict)


def cue_reason(inp: CheckInput, evidence: Sequence[int], *cue_sets: CueSet) -> str:
    """The cue words matched in the evidence sentences, quoted: why a cue check fired."""
    words: list[str] = []
    for i in evidence:
        for cues in cue_sets:
            words.extend(m.group(0) for m in inp.positive(cues, i))
    return quoted(words, limit=4)


def quoted(words: Sequence[str], *, limit: int) -> str:
    """The first ``limit`` distinct words, quoted: a reason names "five years" once however
    many sentences said it."""
    unique = list(dict.fromkeys(words))[:limit]
    return "; ".join(f'"{w}"' for w in unique)


def personal_goal(inp: CheckInput, i: int) -> bool:
    """Whether sentence ``i`` is a goal about personal life (labelling.md rules 8 and 13):
    labelled a goal, yet the rules saw personal life in it ("get my golf handicap under ten",
    "my buddies ... be jealous") and no career target, and it names no work (see
    :func:`names_work`)."""
    feat = inp.features[i]
    lang = inp.rubric.language
    assert lang is not None
    return (
        feat.goal
        and feat.reason == "personal"
        and bool(inp.positive(lang.personal, i))
        and not names_work(inp, i)
    )


def names_work(inp: CheckInput, i: int) -> bool:
    """Whether sentence ``i`` names the employer, pay or the work itself: then a family or
    leisure word in it is in passing ("learn your booking software, after five years at home
    with my kids", "organise the travel for your sales team"), and pay as the reason is
    money_focus's, not personal life."""
    rubric = inp.rubric
    cue_sets = (
        rubric.check("employer_link").cue("cues"),
        rubric.check("money_focus").cue("cues"),
        rubric.check("off_topic_personal").cue("work_words"),
    )
    return any(cues.search(inp.features[i].text) for cues in cue_sets)
