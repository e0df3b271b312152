"""The unrealistic_ambition check (labelling.md, Checks): executive or "your job" targets,
the top of this workplace soon, and goals that mean leaving the employer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from speakprep.core.check_input import CheckInput, Finding, cue_reason
from speakprep.core.cues import normalize
from speakprep.core.judge import LEANING, PitfallFinding, stated_horizon
from speakprep.core.labels import SentenceFeatures
from speakprep.core.rubric import CheckSpec


def unrealistic(inp: CheckInput, spec: CheckSpec) -> Finding:
    """Executive or "your job" targets in a goal, the top of this workplace as a near-term
    goal, a leaving cue anywhere, one's own business with no commitment to stay first."""
    senior = _senior(inp, spec)
    evidence: set[int] = set()
    for i, feat in enumerate(inp.features):
        execs = [m for m in inp.own_view(spec.cue("cues"), i) if not _someone_else(feat.text, m)]
        aimed = (
            feat.goal
            or feat.reason == "growth_talk"
            or _chair_fragment(feat, execs)
            or _chair_wanted(feat.text, execs)
        )
        if execs and aimed and not (senior and _executive_only(execs)):
            evidence.add(i)
        if feat.label == "short_term" and not senior and inp.positive(spec.cue("top_soon"), i):
            evidence.add(i)
        if inp.meant(spec.cue("leaving"), i):
            evidence.add(i)
    own = inp.indexes(lambda i: bool(inp.meant(spec.cue("own_business"), i)))
    if not _committed_to_stay(inp, spec):
        evidence.update(own)
    evidence.update(too_big_too_soon(inp, spec, senior=senior))
    ordered = tuple(sorted(evidence))
    reason = cue_reason(inp, ordered, *(spec.cue(c) for c in (*_CUE_SETS, *_SOON_CUE_SETS)))
    return Finding(bool(evidence), ordered, reason=reason)


def _committed_to_stay(inp: CheckInput, spec: CheckSpec) -> bool:
    """Whether the answer commits to staying first ("but I'm committed to being here and
    learning first"): then one's own business or practice is a long-term goal, not a way out
    (labelling.md, Checks)."""
    return bool(spec.cue("stay_commitment").search(" ".join(f.text for f in inp.features)))


def _own_business_after_staying(inp: CheckInput, spec: CheckSpec, i: int) -> bool:
    """Whether sentence ``i`` names one's own business in an answer that commits to staying
    first: what the rules set aside (:func:`unrealistic`) is no evidence for the learned model
    either, which was sure (0.96) of "maybe one day, a long way down the road, I'll have my
    own small business, but I'm committed to being here and learning first" (a strong dev9
    answer)."""
    return bool(inp.meant(spec.cue("own_business"), i)) and _committed_to_stay(inp, spec)


# The rules' cue lists of an unrealistic ambition.
_CUE_SETS = ("cues", "top_soon", "leaving", "own_business")
# ... and of a goal too big for its horizon (:func:`too_big_too_soon`), which needs the horizon
# too: a senior rank named far off is no sign on its own.
_SOON_CUE_SETS = ("senior_ranks", "renown")


def too_big_too_soon(inp: CheckInput, spec: CheckSpec, *, senior: bool) -> tuple[int, ...]:
    """The goals that aim at a rank far above the next step, or at renown, within a short
    stated horizon (labelling.md, Checks: unrealistic ambition): "managing director within
    three years" from an intern, "a national prize within two years", "the face of fitness
    | I want to hit that by the end of next year". The horizon is the time arithmetic's
    (judge.stated_horizon): the goal's own, or that of the next sentence when it only dates
    this one ("hit that by ..."). A speaker who concedes the speed or the height ("I know
    that sounds quick", "I like to aim high") in the goal's sentence or one beside it dates it
    as soon, whatever the words say; a concession elsewhere is about another goal. A senior
    candidate's senior rank is plausible (:func:`_senior`); renown is not."""
    short_max = inp.rubric.settings.short_term_max_years
    features = inp.features

    def horizon(i: int) -> str:
        return stated_horizon(features[i], short_max)

    def conceded(i: int) -> bool:
        beside = range(max(i - 1, 0), min(i + 2, len(features)))
        return any(inp.positive(spec.cue("speed_concession"), j) for j in beside)

    def soon(i: int) -> bool:
        if conceded(i) or horizon(i) == "short":
            return True
        nxt = i + 1
        return (
            horizon(i) == "none"
            and nxt < len(features)
            and horizon(nxt) == "short"
            and bool(inp.positive(spec.cue("dates_the_last"), nxt))
        )

    def aims_high(i: int) -> bool:
        if not features[i].goal:
            return False
        # "present our carbon plan to the chief executive": someone the goal works with.
        text = features[i].text
        ranks = (
            []
            if senior
            else [
                m for m in inp.positive(spec.cue("senior_ranks"), i) if not _someone_else(text, m)
            ]
        )
        return bool(ranks or inp.positive(spec.cue("renown"), i))

    return inp.indexes(lambda i: aims_high(i) and soon(i))


def _cue_anywhere(inp: CheckInput, spec: CheckSpec, set_aside: tuple[int, ...]) -> bool:
    """Whether any sentence says an ambition cue (the top of this workplace, an executive, a
    way out), even where the rules did not take it for the goal: a second sign, independent
    of the model's words, that the answer is about such a target ("the general manager of
    this hotel ... i could get there in like three years": the top named in a long-term
    goal, its near horizon in the next clause). Not in the sentences ``set_aside``: one's own
    business after a commitment to stay (:func:`corroborated`)."""
    said = [i for i in range(len(inp.features)) if i not in set_aside]
    return any(inp.meant(spec.cue(c), i) for c in _CUE_SETS for i in said)


def corroborated(
    inp: CheckInput, spec: CheckSpec, learned: PitfallFinding
) -> PitfallFinding | None:
    """The learned unrealistic finding when it has a second piece of evidence (like the title
    model's, checks._dwells_on_titles): a sentence the model is sure of, a second sentence
    leaning towards the pitfall, or an ambition cue the rules hear somewhere in the answer
    (:func:`_cue_anywhere`). Strong answers' goals about the work here ("pick up more of your
    small business clients as I go", "sit for my master's license ... running the service
    calls on my own") scored just over the threshold (0.921-0.924) with none of the three;
    every answer the model alone rightly found had one. Then a senior candidate's executive
    target is taken out (:func:`plausible_for_senior`)."""
    set_aside = inp.indexes(
        lambda i: _own_business_after_staying(inp, spec, i) or _someone_elses_post(inp, i)
    )
    kept = tuple(i for i in learned.evidence if i not in set_aside)
    if not kept:
        return None
    learned = replace(learned, evidence=kept)
    # The sentences set aside are no second sign: neither their score nor their cue.
    leaning = sum(score >= LEANING for i, score in enumerate(learned.scores) if i not in set_aside)
    if leaning < 2 and not learned.sure() and not _cue_anywhere(inp, spec, set_aside):
        return None
    senior = plausible_for_senior(inp, spec, learned)
    return None if senior is None else plausible_next_step(inp, spec, senior)


def _someone_elses_post(inp: CheckInput, i: int) -> bool:
    """Whether sentence ``i`` states no goal and names a post only as someone else's
    (unrealistic_ambition ``others_post``): "I've already sat in on a dozen appointments with
    Priya, who runs the lending desk" is a step taken beside the person who holds the post,
    not a wish for it (a strong dev10 answer the ambition model was sure of, 0.94). A
    sentence with the speaker's wish (the rubric's ``goal_verbs``) or the speaker in that
    post later (``speaker_later``: "in three years that's me", "so I can take his chair")
    wants the post."""
    feat = inp.features[i]
    lang = inp.rubric.language
    assert lang is not None
    spec = inp.rubric.check("unrealistic_ambition")
    text = feat.text.lower()
    return (
        not feat.goal
        and bool(spec.cue("others_post").search(text))
        and not lang.goal_verbs.search(text)
        and not spec.cue("speaker_later").search(text)
    )


def plausible_next_step(
    inp: CheckInput, spec: CheckSpec, learned: PitfallFinding
) -> PitfallFinding | None:
    """The learned finding without the goals that name a first-line role and no ambition cue
    (rubric.toml ``next_step_roles``): "i'd like to be a front end supervisor by then" from a
    cashier is the next step up, not the interviewer's chair, though the model (0.95, a
    strong dev7 answer) hears it like "the one doing the hiring in this shop"."""
    roles = spec.cue("next_step_roles")

    def next_step(i: int) -> bool:
        return bool(inp.positive(roles, i)) and not any(
            inp.positive(spec.cue(c), i) for c in _CUE_SETS
        )

    kept = tuple(i for i in learned.evidence if not next_step(i))
    return replace(learned, evidence=kept) if kept else None


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


def _chair_wanted(text: str, execs: Sequence[re.Match[str]]) -> bool:
    """Whether the speaker says outright they want the interviewer's own job ("what i want to
    accomplish uh honestly i want your job"), however the judgement labelled the sentence:
    the wish is the aim, with or without a horizon."""
    return any(
        _WANTED.search(normalize(text[: m.start()])) for m in execs if not _executive_only([m])
    )


# A wish just before the target: "i want", "i wanna", "i'd like", "i would love" (+ "to have").
_WANTED = re.compile(
    r"\bi(?:\s+(?:really|honestly|just))?"
    r"(?:\s+want|\s+wanna|'d like|\s+would like|'d love|\s+would love)"
    r"(?:\s+to\s+(?:have|get|take))?\s*$"
)


# Rule reasons of sentences that aim at nothing, whatever job they name.
_NO_AIM = frozenset({"question", "summary", "track_record", "past_step", "non_career"})


def _executive_only(execs: Sequence[re.Match[str]]) -> bool:
    """Whether a sentence's executive cues (``inp.positive`` matches) name a senior role and
    never the interviewer's own ("your job", "your chair"): plausible for a senior candidate."""
    return bool(execs) and not any(_CHAIR.search(m.group(0)) for m in execs)


# An executive the goal works with, not one the candidate would be: "the person the CFO calls
# before any big decision", "reporting to our COO" (after "be", "become", "as" or before "job",
# "role", "seat" ... the same words are the target: "become the CFO", "the CEO job").
_OTHERS_EXEC = re.compile(r"\b(?:the|my|our|their|his|her)\s+$")
_BECOMING = re.compile(
    r"\b(?:be|become|becoming|became|as|made|named|"
    r"(?:promoted|up|rise|rising|get|getting|make it|making it) to)"
    r"\s+(?:the|my|our|their|his|her)\s+$"
)
_AS_A_POST = re.compile(
    r"^\s*(?:[\w'-]+\s+)?(?:job|role|position|post|seat|chair|title|spot|track|level|office)\b"
)


def _someone_else(text: str, cue: re.Match[str]) -> bool:
    """Whether the executive cue ``cue`` in ``text`` names someone the candidate works with
    (the interviewer's own job, "the role you're in now", is always the target)."""
    before, after = text[: cue.start()], text[cue.end() :]
    return (
        not _CHAIR.search(cue.group(0))
        and bool(_OTHERS_EXEC.search(before))
        and not _BECOMING.search(before)
        and not _AS_A_POST.match(after)
    )


# The interviewer in an executive cue: "your job", a hurried "ur job", "where you're sitting",
# "the person interviewing me".
_CHAIR = re.compile(r"\b(?:you\w*|ur|interviewing me)\b")
