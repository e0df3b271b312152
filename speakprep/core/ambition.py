"""The unrealistic_ambition check (labelling.md, Checks): executive or "your job" targets,
the top of this workplace soon, and goals that mean leaving the employer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from speakprep.core.check_input import CheckInput, Finding, cue_reason
from speakprep.core.cues import normalize
from speakprep.core.judge import PitfallFinding
from speakprep.core.labels import SentenceFeatures
from speakprep.core.rubric import CheckSpec


def unrealistic(inp: CheckInput, spec: CheckSpec) -> Finding:
    """Executive or "your job" targets in a goal, the top of this workplace as a near-term
    goal, a leaving cue anywhere, one's own business with no commitment to stay first."""
    texts = [f.text for f in inp.features]
    whole = " ".join(texts)
    senior = _senior(inp, spec)
    evidence: set[int] = set()
    for i, feat in enumerate(inp.features):
        execs = inp.positive(spec.cue("cues"), i)
        aimed = feat.goal or feat.reason == "growth_talk" or _chair_fragment(feat, execs)
        if execs and aimed and not (senior and _executive_only(execs)):
            evidence.add(i)
        if feat.label == "short_term" and not senior and inp.positive(spec.cue("top_soon"), i):
            evidence.add(i)
        if inp.positive(spec.cue("leaving"), i):
            evidence.add(i)
    own = inp.indexes(lambda i: bool(inp.positive(spec.cue("own_business"), i)))
    if own and not spec.cue("stay_commitment").search(whole):
        evidence.update(own)
    ordered = tuple(sorted(evidence))
    cue_sets = ("cues", "top_soon", "leaving", "own_business")
    reason = cue_reason(inp, ordered, *(spec.cue(c) for c in cue_sets))
    return Finding(bool(evidence), ordered, reason=reason)


def plausible_for_senior(
    inp: CheckInput, spec: CheckSpec, learned: PitfallFinding
) -> PitfallFinding | None:
    """The learned finding without the executive targets the rules know are plausible: a
    senior candidate's VP or COO goal (never "your job") is not unrealistic, whatever a model
    trained mostly on juniors' answers thinks of the words."""
    if not _senior(inp, spec):
        return learned
    execs = spec.cue("cues")
    kept = tuple(i for i in learned.evidence if not _executive_only(inp.positive(execs, i)))
    return replace(learned, evidence=kept) if kept else None


def _senior(inp: CheckInput, spec: CheckSpec) -> bool:
    """Whether the candidate is already senior: an executive target is plausible for them.
    They say so ("I've been a director for six years"), or the role they are interviewing
    for is itself senior (a VP of finance aiming to be a CFO some day)."""
    if inp.role and spec.cue("senior_role").search(normalize(inp.role)):
        return True
    return bool(spec.cue("senior_candidate").search(" ".join(f.text for f in inp.features)))


def _chair_fragment(feat: SentenceFeatures, execs: Sequence[re.Match[str]]) -> bool:
    """Whether a sentence the judgement left unlabelled still aims at the interviewer's own
    job: a verbless answer that names it with a horizon ("Honestly, your job, within a couple
    of years."; "long term: ur job lol"). Said of the interviewer with no horizon ("your job
    looks hard") or as past ("I did a job like yours") it aims at nothing."""
    chair = [m for m in execs if not _executive_only([m])]
    return bool(chair) and bool(feat.times) and feat.reason not in _NO_AIM


# Rule reasons of sentences that aim at nothing, whatever job they name.
_NO_AIM = frozenset({"question", "summary", "track_record", "past_step", "non_career"})


def _executive_only(execs: Sequence[re.Match[str]]) -> bool:
    """Whether a sentence's executive cues (``inp.positive`` matches) name a senior role and
    never the interviewer's own ("your job", "your chair"): plausible for a senior candidate."""
    return bool(execs) and not any(_CHAIR.search(m.group(0)) for m in execs)


# The interviewer in an executive cue: "your job", a hurried "ur job", "where you're sitting".
_CHAIR = re.compile(r"\b(?:you\w*|ur)\b")
