"""The rubric checks of design.md section 3, set as labelling.md's "Checks" section says.

Each check reads the labelled sentences and their features (``labels.py``) plus its own cue
lists from rubric.toml. Cue matches are negation-aware everywhere: "it's not about the money"
never trips money_focus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from speakprep.core.ambition import corroborated, unrealistic
from speakprep.core.check_input import (
    YOURS_OR_MINE,
    CheckInput,
    Finding,
    cue_reason,
    employer_names,
    in_passing,
    names_the_business,
    names_work,
    own_personal,
    owned_by_others,
    personal_goal,
    quoted,
    within,
)
from speakprep.core.cues import CueSet, is_hard_filler
from speakprep.core.judge import LEANING, PitfallFinding, background
from speakprep.core.models import CheckResult, CheckStatus, Question
from speakprep.core.rubric import CheckSpec, Rubric, default_rubric
from speakprep.core.score import toned
from speakprep.core.settings import SpeakingTimeBands, packaged_settings
from speakprep.palette import LABEL_NAMES

# Goal checks that are not praised when their goals are all a found pitfall's evidence, and
# the pitfalls whose evidence is a goal (labelling.md: money and title goals ARE goals).
_GOAL_CHECKS = ("short_term_goal", "long_term_goal")
_GOAL_PITFALLS = ("money_focus", "title_focus", "unrealistic_ambition")


def employer_link_sentences(checks: Sequence[CheckResult]) -> tuple[int, ...]:
    """The sentences that tie the answer to the employer: the employer_link check's evidence."""
    for check in checks:
        if check.id == "employer_link" and check.found and check.applies:
            return check.evidence
    return ()


def evaluate_checks(
    inp: CheckInput, question: Question, whole: CheckInput | None = None
) -> list[CheckResult]:
    """All rubric checks in rubric order; checks the question does not ask for get applies=False.

    ``whole`` is the answer with its unpunctuated run-ons as said where ``inp`` has them cut
    by the boundary model (content.whole_view): a pitfall a goal carries, or the lack of any
    career goal, is a judgement of what was said together (:func:`_as_said`).
    """
    results = []
    goal_pitfalls: list[str] = []
    for spec in inp.rubric.checks:
        finding = _finding(inp, spec)
        if whole is not None and not finding.found and spec.id in RUN_ON_PITFALLS:
            finding = _as_said(finding, inp, whole, spec)
        if spec.id in _GOAL_PITFALLS and finding.found:
            goal_pitfalls.append(spec.id)
        if spec.id == "non_answer" and finding.found and goal_pitfalls:
            # Money, title and "your job" goals ARE goals (labelling.md rule 8), however
            # the sentence carrying one was labelled: the answer is weak, not empty.
            finding = Finding(False, reason=f"a goal is stated (see {goal_pitfalls[0]})")
        results.append(_result(spec, finding, spec.id in question.checks, inp.rubric))
    return _consistent(results, inp.rubric)


# The pitfalls judged on the run-ons as said as well as on their clauses: what a goal
# carries (pay, a title, a target the company cannot offer) and whether any career goal is
# stated. A drift into personal life is the clause's: run on, background ("i was looking
# after my dad ... so my short term goals are") reads as a personal wish (dev2: 2 strong
# answers flagged, none found that the clauses missed).
RUN_ON_PITFALLS = ("money_focus", "title_focus", "unrealistic_ambition", "non_answer")


def _as_said(finding: Finding, inp: CheckInput, whole: CheckInput, spec: CheckSpec) -> Finding:
    """``finding`` (not found on the clauses of ``inp``), or the pitfall found on the run-ons
    as said (``whole``), its evidence given as the clauses they hold.

    Cut off, "and i want them to see my name on the menu and be jealous" is a goal, and "i'm
    hoping for the raise" beside "lead the morning crew by spring" is pay beside a goal; run
    on, they are bragging (labelling.md rule 13) and pay as the goal. A non-answer needs a
    reason on the run-ons: a hedge, or a goal that is personal life in career clothes. A
    long run-on the learned head finds no goal in says nothing by itself: its clauses'
    labels are the better reading (the boundary model's reason to cut), and "work wise get
    my epa card this year but honestly the big project ... is the tiny house" states a goal.
    """
    if finding.reason == _IN_PASSING:
        # Run on into the goal beside it, the aside would read as that goal's words.
        return finding
    said = _finding(whole, spec)
    if not said.found:
        return finding
    if spec.id == "non_answer" and (
        not _no_goal_for_a_reason(whole, spec) or _goal_beside_personal_life(inp, whole)
    ):
        return finding
    return replace(said, evidence=_overlapping(said.evidence, whole, inp))


def _goal_beside_personal_life(inp: CheckInput, whole: CheckInput) -> bool:
    """Whether a dated career goal of the clauses, with no personal word of its own, was run
    on into personal life the rules read the whole run-on by ("i want to hit top service
    advisor this year | and then post the plaque on instagram so my ex sees it"): the goal is
    still stated (labelling.md, non_answer), and the drift is off_topic_personal's. Undated,
    the clause may be the bragging's own set-up ("what i want to accomplish is just to be able
    to say i cook at a place like this | you know like my buddies ... be jealous"), which the
    run-on as said reads right."""
    personal = [k for k, f in enumerate(whole.features) if f.reason == "personal"]
    for i, feat in enumerate(inp.features):
        dated = feat.timeframe or feat.horizon is not None
        if not feat.goal or not dated or own_personal(inp, i) or personal_goal(inp, i):
            continue
        if set(_overlapping([i], inp, whole)) & set(personal):
            return True
    return False


def _no_goal_for_a_reason(inp: CheckInput, spec: CheckSpec) -> bool:
    """Whether the answer hedges (a non_answer cue) or states a personal goal (rule 13)."""
    return bool(_hedging(inp, spec)) or any(personal_goal(inp, i) for i in range(len(inp.features)))


def _hedging(inp: CheckInput, spec: CheckSpec) -> tuple[int, ...]:
    """The sentences that hedge ("I'm not sure yet"): the non_answer check's cues."""
    return inp.indexes(lambda i: bool(spec.cue("cues").search(inp.features[i].text)))


def _finding(inp: CheckInput, spec: CheckSpec) -> Finding:
    """What the rules find, or the learned judgement where the rules find nothing."""
    finding = _FINDERS[spec.id](inp, spec)
    if finding.found and _aside_in_a_full_answer(inp, spec, finding):
        finding = Finding(False, reason=_IN_PASSING)
    learned = None if finding.found else inp.learned_pitfalls.get(spec.id)
    if learned is not None and spec.id in _CORROBORATE:
        learned = _CORROBORATE[spec.id](inp, spec, learned)
    if learned is not None:
        # The rules saw no cue; the learned judgement recognised it in other words.
        finding = Finding(True, learned.evidence, reason=learned.reason)
    return finding


# The reason of a money / title / unrealistic cue set aside by _aside_in_a_full_answer.
_IN_PASSING = "named only in passing beside goals and a plan"


def _aside_in_a_full_answer(inp: CheckInput, spec: CheckSpec, finding: Finding) -> bool:
    """Whether the rules' money / title / unrealistic finding rests only on sentences the
    judgement left ``other`` that tell the past or deny something (background, a negation)
    in an answer that states a career goal and a plan, with no other sentence the learned
    model leans towards the pitfall
    (:data:`~speakprep.core.judge.LEANING`): one sign in passing is too little beside a
    full answer. "I ran my own bakery for eight years and closed it in 2022" and "titles
    don't mean a lot to me, at my last place everyone was a senior something" raised a
    pitfall on strong dev12 answers from an unseen writer; over train and dev to dev12 no
    answer with the pitfall rests on that alone (a planner's clipped "i go out on my own"
    keeps a leaning sentence beside it, 0.71). Without a plan the aside is kept: "then i'm
    off to law school in the fall" after a goal is the answer's way out; nor is an aside
    about what is to come ("So realistically it would only be the two years here." after
    "Eventually, optometry school."): it is the plan's end, not a story. Set aside on the
    clauses, the cue is not found again on the run-ons as said (:func:`_as_said`), where an
    unpunctuated aside joins the goal after it."""
    features = inp.features
    if spec.id not in _GOAL_PITFALLS or not finding.evidence:
        return False
    if any(f.leans is None for f in features):
        return False  # the rules alone: no model to ask for a second sign
    if not any(f.goal for f in features) or not any(f.label == "plan" for f in features):
        return False
    lang = inp.rubric.language
    assert lang is not None
    told = [
        features[i].label == "other"
        and (_past(inp, i) or lang.negation.denies(features[i].text, lang.goal_verbs))
        for i in finding.evidence
    ]
    if not all(told):
        return False
    return not any(
        spec.id in (f.leans or ()) for i, f in enumerate(features) if i not in finding.evidence
    )


def _overlapping(evidence: Sequence[int], whole: CheckInput, inp: CheckInput) -> tuple[int, ...]:
    """The sentences of ``inp`` that overlap the sentences ``evidence`` of ``whole``."""
    spans = [whole.sentences[k] for k in evidence]
    return tuple(
        i
        for i, s in enumerate(inp.sentences)
        if any(w.char_start < s.char_end and s.char_start < w.char_end for w in spans)
    )


def _consistent(results: list[CheckResult], rubric: Rubric) -> list[CheckResult]:
    """Make the checks agree with each other (issue: checks that contradict themselves).

    A non-answer earns no praise for the pitfalls it avoided; a goal check whose only goals
    are the evidence of a found money / title / unrealistic pitfall is not praised either,
    nor one met on the clauses of a run-on that, as said, states no goal (the non-answer
    found by :func:`_as_said`): "Near-term goal: met" beside "Non-answer: found" told the
    user two things at once.
    """
    by_id = {c.id: c for c in results}
    non_answer = by_id.get("non_answer")
    bad = [by_id[p] for p in _GOAL_PITFALLS if p in by_id and by_id[p].found]
    out = []
    for check in results:
        if (
            non_answer is not None
            and non_answer.found
            and non_answer.applies
            and check.pitfall
            and check is not non_answer
            and check.applies
            and not check.found
        ):
            check = replace(check, advice=rubric.settings.advice_no_goal, reason="no goal stated")
        elif check.id in _GOAL_CHECKS and check.found and check.applies and check.ok:
            culprit = next((p for p in bad if set(check.evidence) <= set(p.evidence)), None)
            if non_answer is not None and non_answer.found and non_answer.applies:
                check = replace(
                    check,
                    ok=False,
                    status="warn",
                    advice=rubric.settings.advice_goal_lost,
                    reason=f"as said, the answer states no goal (see “{non_answer.title}”)",
                )
            elif culprit is not None:
                advice = rubric.settings.advice_goal_is_pitfall.format(
                    pitfall=culprit.title.lower()
                )
                check = replace(
                    check,
                    ok=False,
                    status="warn",
                    advice=advice,
                    reason=f"this goal counts as “{culprit.title}”, not as a {check.title.lower()}",
                )
        out.append(check)
    return out


def _result(spec: CheckSpec, finding: Finding, applies: bool, rubric: Rubric) -> CheckResult:
    ok = (not finding.found) if spec.pitfall else finding.found
    status: CheckStatus
    if not applies:
        ok, status = True, "pass"
        advice = (
            spec.advice_ok
            if finding.found and not spec.pitfall
            else (rubric.settings.advice_not_applicable)
        )
    elif ok:
        status, advice = "pass", spec.advice_ok
    else:
        status = "warn" if spec.secondary and not spec.pitfall else "fail"
        advice = finding.advice or spec.advice_not_ok
    title = spec.title
    if finding.fill:
        title, advice = title.format_map(finding.fill), advice.format_map(finding.fill)
    if finding.note:
        advice = f"{advice} {finding.note}"
    made = CheckResult(
        id=spec.id,
        title=title,
        found=finding.found,
        ok=ok,
        evidence=finding.evidence,
        advice=advice,
        pitfall=spec.pitfall,
        status=status,
        weight=spec.weight,
        applies=applies,
        reason=finding.reason or ("found" if finding.found else "no cue for it in the answer"),
        speaking_status=finding.speaking_status,
    )
    return toned(made)


# How many words of a sentence a reason quotes, and how many sentences: enough to find them in
# the transcript.
_QUOTE_WORDS = 6
_QUOTES = 2


def _labelled(inp: CheckInput, evidence: Sequence[int], label: str) -> str:
    assert inp.rubric.sentences is not None
    texts = [s.text for s in inp.sentences]
    return labelled_reason(texts, evidence, label, inp.rubric.sentences.hard_fillers)


def labelled_reason(
    sentences: Sequence[str], evidence: Sequence[int], label: str, fillers: CueSet
) -> str:
    """The reason a label check shows on hover, in the app's words: the sentences quoted by
    their first words and the part named as the legend names it ("“In five years I want to…”
    is marked Long-term goal"). "sentence 3 is labelled plan" asked a job seeker to count
    sentences and to know our label names."""
    name = LABEL_NAMES[label]
    if not evidence:
        return f"no part of the answer is marked {name}"
    quotes = [_opening(sentences[i], fillers) for i in evidence[:_QUOTES]]
    if len(evidence) > _QUOTES:
        quotes.append(f"{len(evidence) - _QUOTES} more")
    if len(quotes) == 1:
        return f"{quotes[0]} is marked {name}"
    return f"{', '.join(quotes[:-1])} and {quotes[-1]} are marked {name}"


# A label check's reason as takes kept before fc2a18c stored it: "sentence 3 is labelled
# plan", "sentences 1 and 3 are labelled long-term", "no sentence is labelled short-term".
_OLD_LABELLED = re.compile(
    r"(?:no sentence is|sentences? \d+(?:(?:, | and )\d+)* (?:is|are)) labelled "
    r"(short-term|long-term|plan)"
)


def in_todays_words(check: CheckResult, sentences: Sequence[str]) -> CheckResult:
    """``check`` with a label reason a take kept before stored ("sentence 2 is labelled
    plan") in today's words (:func:`labelled_reason`), from its own evidence; any other
    check as it is. For showing a kept take: its stored report is left as it was."""
    old = _OLD_LABELLED.fullmatch(check.reason)
    if old is None:
        return check
    cues = default_rubric().sentences
    assert cues is not None
    evidence = [i for i in check.evidence if 0 <= i < len(sentences)]
    label = old[1].replace("-", "_")
    return replace(check, reason=labelled_reason(sentences, evidence, label, cues.hard_fillers))


def _opening(text: str, fillers: CueSet) -> str:
    """The first :data:`_QUOTE_WORDS` words of a sentence, quoted ("…" when it goes on),
    an opening "Um," left out: the words say where the sentence is, not how it began."""
    words = text.split()
    while words and is_hard_filler(words[0].strip(",.;:"), fillers):
        words = words[1:]
    shown = " ".join(words[:_QUOTE_WORDS]).rstrip(".!?,;:")
    return f"“{shown}…”" if len(words) > _QUOTE_WORDS else f"“{shown}”"


def _label_check(label: str) -> Callable[[CheckInput, CheckSpec], Finding]:
    def check(inp: CheckInput, spec: CheckSpec) -> Finding:
        evidence = inp.indexes(lambda i: inp.features[i].label == label)
        return Finding(bool(evidence), evidence, reason=_labelled(inp, evidence, label))

    return check


def _passing_through(inp: CheckInput, spec: CheckSpec) -> bool:
    """Whether the answer treats this job as a stop-gap on the way out (labelling.md, Checks).

    Then "here" or "this job" ties nothing to the employer: a stop-gap phrase anywhere, or a
    goal of leaving (school, freelancing, one's own business) with no commitment to stay first.
    """
    leave = inp.rubric.check("unrealistic_ambition")

    def said(cues: CueSet) -> bool:
        return any(inp.meant(cues, i) for i in range(len(inp.features)))

    if said(spec.cue("stop_gap")) or said(leave.cue("leaving")):
        return True
    return said(leave.cue("own_business")) and not said(leave.cue("stay_commitment"))


# Rule reasons of sentences that tell a step towards the goal (labels.RULE_WHY).
_STEP_REASONS = frozenset({"past_step", "plan", "means"})


def _employer_link(inp: CheckInput, spec: CheckSpec) -> Finding:
    names = employer_names(inp)
    money = inp.rubric.check("money_focus").cue("cues")
    cues = spec.cue("cues")

    if _passing_through(inp, spec):
        return Finding(False, reason="the answer treats this job as a stop-gap")

    has_goal = any(f.label != "other" for f in inp.features)
    # A step needs a career goal to step towards: "I'll give this job everything I have" in an
    # answer with none, or training for a physique show, is no plan (labelling.md rules 8, 13).
    career_goal = any(f.goal and not personal_goal(inp, i) for i, f in enumerate(inp.features))
    motive, pay = spec.cue("motive"), spec.cue("pay_scheme")

    either_way, compounds = spec.cue("either_way"), spec.cue("compounds")

    def refers_to(i: int) -> bool:
        text = inp.features[i].text
        if either_way.search(text):
            return False
        qualifiers = [(m.start(), m.end()) for m in compounds.finditer(text)]
        said = [m for m in inp.positive(cues, i) if not within(m, qualifiers)]
        return bool(said) or names.search(inp.features[i], outside=qualifiers)

    def linked(i: int) -> bool:
        feat = inp.features[i]
        paid = bool(money.search(feat.text) or pay.search(feat.text))
        why = has_goal and bool(inp.positive(motive, i))
        if why and (feat.goal or paid):
            # Why the candidate applied is this employer: a goal given as that reason ("the
            # reason I applied is that I want to spend the next year learning compounding"),
            # or its pay ("the pension is a big part of why I'm applying").
            return True
        # The employer's pay scheme counts even outside a goal (labelling.md, Checks), and so
        # does why the candidate chose this employer in an answer with a goal: that reason
        # ties the goals to it though the sentence states none ("... why I applied here").
        # A step the rules read, however the sentence was labelled ("I've been riding along
        # with your senior tech"), is the plan's.
        step = career_goal and feat.reason in _STEP_REASONS
        # The employer's people or ladder named as the interviewer's, beside a career goal.
        served = career_goal and bool(inp.positive(spec.cue("served"), i))
        tied = feat.label != "other" or paid or why or step or served
        return refers_to(i) and tied

    direct = inp.indexes(linked)
    refers = inp.indexes(refers_to)
    anaphora = spec.cue("anaphora")
    follow = inp.indexes(
        lambda i: (
            i - 1 in refers
            and inp.features[i].label != "other"
            and bool(anaphora.search(inp.features[i].text))
        )
    )
    opened = _lead_in_goals(inp, refers)
    evidence = tuple(sorted({*direct, *follow, *opened, *opened.values()}))
    named = "the employer by name" if any(names.search(inp.features[i]) for i in evidence) else ""
    reason = cue_reason(inp, evidence, cues, motive) or named
    return Finding(bool(evidence), evidence, reason=reason)


# The most words of a lead-in cut off the goal it opens ("and in this role," | "in my first
# year here" | "within my first six months, i'd like to ...").
_LEAD_IN_WORDS = 6


def _lead_in_goals(inp: CheckInput, among: Sequence[int]) -> dict[int, int]:
    """Each sentence of ``among`` that is a goal's opening cut off by the splitter (a lead-in),
    mapped to the goal sentence it opens: a few words labelled other right before a goal, not
    ended as a sentence is ("and in this role, | within my first six months, I'd like to own
    one of the monthly reports"). Spoken run-ons cut there; the opening's reference or horizon
    is the goal's. A short sentence that ends ("Kestrel has a great reputation.") is one of its
    own, and a personal goal (a dated half marathon) is no career goal to open (labelling.md
    rule 8)."""
    goals: dict[int, int] = {}
    for i in among:
        feat = inp.features[i]
        nxt = i + 1
        text = feat.text.rstrip()
        short = len(text.split()) <= _LEAD_IN_WORDS and not text.endswith((".", "!", "?"))
        opens_goal = nxt < len(inp.features) and inp.features[nxt].goal
        if feat.label == "other" and short and opens_goal and not personal_goal(inp, nxt):
            goals[i] = nxt
    return goals


# The most words of a goal's date cut off after it ("... do the hydraulic modelling properly |
# in my first couple of years and get chartered,").
_TAIL_WORDS = 10


def _dates_cut_off(inp: CheckInput, dates: CueSet, openings: CueSet) -> tuple[int, ...]:
    """Goal sentences, with the piece that dates them, whose date the splitter cut off after
    them into a sentence labelled other: a short unfinished piece right after the goal that
    opens with a span from now ("... get onto the drainage team here and do the hydraulic
    modelling properly | in my first couple of years and get chartered"). Spoken run-ons cut
    there; a sentence that ends ("In my first couple of years at uni I did surveying.") keeps
    its date to itself."""
    found: set[int] = set()
    feats = inp.features
    for i in range(1, len(feats)):
        text = feats[i].text.rstrip()
        if feats[i].label != "other" or text.endswith((".", "!", "?")):
            continue
        if len(text.split()) > _TAIL_WORDS or not feats[i - 1].goal or personal_goal(inp, i - 1):
            continue
        opening = text.lstrip(" ,").lower()
        if any(m.start() == 0 for c in (dates, openings) for m in c.finditer(opening)):
            found |= {i - 1, i}
    return tuple(sorted(found))


def _specific(inp: CheckInput, spec: CheckSpec) -> Finding:
    cues, dates, goal_dates = spec.cue("cues"), spec.cue("dates"), spec.cue("goal_dates")
    then_dates, future_steps = spec.cue("then_dates"), spec.cue("future_steps")

    personal_steps = _personal_steps(inp)

    def timed(i: int) -> bool:
        feat = inp.features[i]
        if personal_goal(inp, i) or i in personal_steps:
            # A dated marathon or physique show is no career goal (labelling.md rule 8).
            return False
        dated = feat.timeframe or bool(dates.search(feat.text) or goal_dates.search(feat.text))
        if then_dates.search(feat.text):
            dated = dated or any(f.times for f in inp.features[:i])
        # A dated step ("my class B by next spring") times the goal it serves; a season or
        # month that may be past ("in April") dates a step the rules do not read as taken.
        return (feat.goal and (dated or bool(inp.positive(cues, i)))) or (
            feat.label == "plan"
            and bool(
                dates.search(feat.text)
                or (
                    goal_dates.search(feat.text)
                    and (feat.reason != "past_step" or future_steps.search(feat.text))
                )
            )
        )

    # A date cut off the goal it opens ("in the first year here | I'd like to get the
    # discovery layer upgrade done") times that goal.
    openings = spec.cue("opening_dates")
    dated_openings = inp.indexes(
        lambda i: bool(dates.search(inp.features[i].text) or openings.search(inp.features[i].text))
    )
    opened = _lead_in_goals(inp, dated_openings)
    cut_off = _dates_cut_off(inp, dates, openings)
    evidence = tuple(sorted({*inp.indexes(timed), *opened, *opened.values(), *cut_off}))
    times = [t.text for i in evidence for t in inp.features[i].times if t.kind == "years"]
    reason = quoted(times, limit=3) or cue_reason(inp, evidence, cues, dates)
    return Finding(bool(evidence), evidence, reason=reason)


def _money_focus(inp: CheckInput, spec: CheckSpec) -> Finding:
    cues = spec.cue("cues")
    leave = inp.rubric.check("unrealistic_ambition")
    # Income from the candidate's own shop or freelancing ("once commissions pay as much as
    # the salary, I'll go out on my own") is the plan to leave: unrealistic_ambition's.
    leaving = (leave.cue("leaving"), leave.cue("own_business"))
    passing = spec.cue("in_passing")

    def pay(i: int) -> bool:
        text = inp.features[i].text
        said = [
            m
            for m in inp.positive(cues, i)
            if not passing.search(text[m.end() :].lstrip())
            and not _someone_elses_pay(inp, i, m)
            and not _set_aside(inp, i, m.end(), cues, spec.cue("pay_words"))
        ]
        return bool(said) and not any(inp.positive(c, i) for c in leaving)

    evidence = inp.indexes(pay)
    as_goal = [i for i in evidence if inp.features[i].goal]
    found = bool(as_goal) or len(evidence) >= int(spec.params.get("min_sentences", 2))
    return Finding(found, evidence if found else (), reason=cue_reason(inp, evidence, cues))


# "A raise for the whole crew", "a commission plan for the reps": the people a "for" right
# after a pay word (or its noun) names own it.
_FOR_WHOM = re.compile(r"^\s*(?:\S+\s+)?for\s+(?:\S+\s+){0,2}?$")


def _someone_elses_pay(inp: CheckInput, i: int, pay: re.Match[str]) -> bool:
    """Whether the pay word ``pay`` of sentence ``i`` is someone else's money or the work
    itself, not the candidate's own pay: "for nobody who works for us to ever get a wrong
    paycheck" is a payroll clerk's goal about the work, yet a goal with a pay cue in it, and
    "real estate is commission work" names how the job pays, not a wish (``pay_work``). Like
    :data:`_SOMEONE_ELSES` for titles, the words around the pay word say whose it is
    (rubric.toml money_focus ``others``, ``speaker``, ``pay_work``)."""
    spec = inp.rubric.check("money_focus")
    lang = inp.rubric.language
    assert lang is not None
    text = inp.features[i].text
    work = spec.cue("pay_work").finditer(text)
    if any(w.start() < pay.end() and pay.start() < w.end() for w in work):
        return True
    if _others_own(inp, i, pay.start()):
        return True
    _, end = lang.negation.clause_span(text, pay.start())
    if YOURS_OR_MINE.search(text, 0, pay.start()):
        # "your pay band for technicians": the employer's scheme, whoever else it is for.
        return False
    after = text[pay.end() : end]
    whom = spec.cue("others").search(after)
    return whom is not None and bool(_FOR_WHOM.match(after[: whom.start()]))


def _others_own(inp: CheckInput, i: int, at: int) -> bool:
    """Whether the word at ``at`` of sentence ``i`` is someone else's: the person named
    nearest before it in its clause is not the speaker (check_input.owned_by_others, by
    money_focus's ``others`` and ``speaker``): pay ("raising my team's wages"). A promotion is
    someone else's only where the person word governs it (:func:`_others_promoted`)."""
    return owned_by_others(inp.rubric.check("money_focus"), _clause_up_to_word(inp, i, at))


def _clause_up_to_word(inp: CheckInput, i: int, at: int) -> str:
    """Sentence ``i``'s clause from its start through the first word at ``at``: with that
    word, so that a group word right before it is seen as part of a compound ("crew
    trainer", "team lead"), not its owner."""
    lang = inp.rubric.language
    assert lang is not None
    text = inp.features[i].text
    start, _ = lang.negation.clause_span(text, at)
    first = text[at:].split(maxsplit=1)
    return text[start : at + len(first[0]) if first else at]


# A promotion the word before it governs, and the rung it reaches: "juniors promoted to
# senior", "her trainees get promoted", "a colleague's promotion". Passive or a noun only:
# in "they promote me to manager" the promotion is the speaker's.
_PROMOTED = re.compile(
    r"([\w']+)(?: (?:get|gets|got|getting|be|been|being|is|are|was|were))? promot(?:ed|ions?)"
    r"(?: (?:up )?to(?: (?:a|an|the))?(?: [\w'-]+){0,2}?)?$"
)


def _others_promoted(inp: CheckInput, i: int, at: int) -> bool:
    """Whether the promotion word (or the rung) at ``at`` of sentence ``i`` is someone
    else's: a person word of money_focus's ``others`` governs it ("a tech lead who gets
    juniors promoted to senior", "the last three people promoted"). A person word earlier in
    the clause owns nothing across another verb: "help the juniors and get promoted to
    manager" is the speaker's own promotion."""
    before = _clause_up_to_word(inp, i, at)
    promoted = _PROMOTED.search(before)
    if promoted is None:
        return False
    person = promoted.end(1)
    others = inp.rubric.check("money_focus").cue("others")
    return any(m.end() == person for m in others.finditer(before[:person]))


def _set_aside(inp: CheckInput, i: int, after: int, *kinds: CueSet) -> bool:
    """Whether the cue of sentence ``i`` (pay, a promotion) ending at ``after`` is conceded,
    then set aside for what the candidate wants more: a "but" later in its sentence, or opening
    the next one, turns to a goal or a reason and ranks it first, and what it turns to says
    nothing of ``kinds`` (the same cue's kind) nor adds to it ("also", "too") (rubric.toml
    money_focus ``set_aside``). "I'll be honest, the pay here is a step up. But the reason I
    applied is ..." and "my journeyman exam, which yes comes with a raise but mostly i want to
    run my own jobs" put the work first (dev7: three strong answers flagged for money, one for a
    title); "money isn't everything, but it's the scoreboard" and "but i'd want them to say i
    got every raise" do not."""
    turns = inp.rubric.check("money_focus").cue("set_aside").regex
    if turns is None:
        return False
    text = inp.features[i].text
    turn = turns.search(text, after)
    turned = text[turn.start() :] if turn else ""
    if turn is None and i + 1 < len(inp.features):
        # The turn opens the next sentence, or runs on into it where speech was cut after
        # its first words ("hazmat loads pay better, that's true, but mostly | i like the
        # responsibility": a strong dev9 answer flagged for money).
        following = inp.features[i + 1].text
        joined = f"{text} {following}"
        turn = turns.search(joined, after)
        turned = joined[turn.start() :] if turn and turn.start() <= len(text) + 1 else ""
    adds = bool(_ADDING.search(turned)) or any(kind.search(turned) for kind in kinds)
    return bool(turned) and not adds


# A turn that adds to what it turns from ("but I really want the bonus too").
_ADDING = re.compile(r"\b(?:also|too|as well)\b")


_SOMEONE_ELSES = re.compile(r"\b(?:the|my|our|your|their|his|her|other|good)\s+$")


def _past(inp: CheckInput, i: int) -> bool:
    """Whether sentence ``i`` only tells the candidate's past (judge.background): a title or
    pay named there is no goal ("I was promoted to sous chef in eighteen months")."""
    return background(inp.features[i], inp.features[i].label)


def _title_focus(inp: CheckInput, spec: CheckSpec) -> Finding:
    """Title and promotion words counted in the goals, not the background: "I've been rock
    climbing since I was fifteen" and a goal about climbing gear are not two title cues (a
    strong answer under cross-validation). The learned title model skips the same sentences."""
    counted = [[] if _past(inp, i) else _title_cues(inp, spec, i) for i in range(len(inp.features))]
    found = sum(map(len, counted)) >= int(spec.params.get("min_matches", 2))
    evidence = tuple(i for i, said in enumerate(counted) if said)
    if not found:
        chain = _title_chain(inp, spec)
        if chain:
            return Finding(True, chain, reason=cue_reason(inp, chain, spec.cue("chain_roles")))
    # The words counted, each once: not a rank word a title cue already covers.
    reason = quoted([m.group(0) for said in counted for m in said], limit=4)
    return Finding(found, evidence if found else (), reason=reason)


def _title_cues(inp: CheckInput, spec: CheckSpec, i: int) -> list[re.Match[str]]:
    """The title cues of sentence ``i`` that are not the candidate's pay rising: in "I want my
    take-home to keep climbing as fast as possible" the climb is money's (money_focus reads
    it), and counting it raised title_focus on an answer about pay alone. Nor a promotion
    conceded, then set aside for the work (:func:`_set_aside`: "I know that's a promotion
    away, but ... it's the job I actually want to do: scheduling, hiring"), nor titles that
    are products (``products``: an editor's "eight titles a year"), nor a word of the
    business the user named (check_input.names_the_business: a promotions coordinator's
    "seasonal promotions"), nor a promotion someone else gets (:func:`_others_promoted`: "a tech
    lead who gets juniors promoted to senior") but in a plan. A rank the goal aims at in
    words no title cue knows (``rank_words``: "grow up in the hierarchy", "every new
    position") counts like one."""
    text = inp.features[i].text
    rises = [
        (m.start(), m.end())
        for kind in (spec.cue("pay_rises"), spec.cue("products"))
        for m in kind.finditer(text)
    ]
    cues, rank_words = spec.cue("cues"), spec.cue("rank_words")
    said = inp.positive(cues, i)
    # Others' promotions in a plan are the path the speaker follows to their own ("I track
    # what the last three people promoted had on their résumés, and I copy it", a dev answer
    # with title_focus); in a goal they are the people the speaker develops.
    in_a_plan = inp.features[i].label == "plan"
    # A rank in other words ("two rungs above", "the hierarchy") is one more sign, not a
    # second one where a title cue already covers the same words ("a bigger spot").
    ranks = [r for r in inp.positive(rank_words, i) if not any(_overlap(r, m) for m in said)]
    return [
        m
        for m in [*said, *ranks]
        if not within(m, rises)
        and not _set_aside(inp, i, m.end(), cues, rank_words)
        and not names_the_business(inp, m)
        and not (_others_promoted(inp, i, m.start()) and not in_a_plan)
    ]


def _overlap(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.start() < b.end() and b.start() < a.end()


def _title_chain(inp: CheckInput, spec: CheckSpec) -> tuple[int, ...]:
    """The sentences that are a chain of titles: one goal names at least ``chain_min_roles``
    distinct roles ("senior paralegal, paralegal supervisor, practice manager"), or the goals
    and plans together name that many and one goes on to the next ("a lead within six months
    and a supervisor by next year. Then operations manager, then site manager"): a chain told
    over two sentences is still a chain, and the "then" before a role says it is a sequence
    of rungs, not a short-term and a long-term role side by side."""
    least = int(spec.params.get("chain_min_roles", 3))
    one = inp.indexes(lambda i: inp.features[i].goal and len(_roles(inp, spec, i)) >= least)
    if one:
        return one
    # A verbless rung ("Then area manager.") may be labelled a plan: any labelled sentence but
    # the past ("I went from shift lead to supervisor, then to ..." is the background).
    steps = inp.indexes(
        lambda i: inp.features[i].label != "other" and inp.features[i].reason not in _PAST
    )
    roles = {i: _roles(inp, spec, i) for i in steps}
    named = set().union(*roles.values())
    if len(named) >= least and any(_then_a_role(inp, spec, i) for i in steps):
        return tuple(i for i in steps if roles[i])
    return ()


# Rule reasons of sentences that tell the past.
_PAST = frozenset({"past_step", "track_record"})
# "then", "after that", "next" right before a role: the chain goes on to the next rung.
_THEN = re.compile(r"\b(?:then|after that|next)\b[\s,:]*(?:(?:to|a|an|be|become|make)\s+)?$")


def _then_a_role(inp: CheckInput, spec: CheckSpec, i: int) -> bool:
    """Whether sentence ``i`` names a role as the next rung ("then shift lead by summer")."""
    text = inp.features[i].text
    return any(_THEN.search(text, 0, m.start()) for m in inp.positive(spec.cue("chain_roles"), i))


def _roles(inp: CheckInput, spec: CheckSpec, i: int) -> set[str]:
    """The distinct roles sentence ``i`` names as titles to hold, by their last word ("senior
    paralegal" and "paralegal supervisor" are two)."""
    text = inp.features[i].text
    return {
        m.group(0).split()[-1].removesuffix("s")
        for m in inp.positive(spec.cue("chain_roles"), i)
        # "the supervisor", "my manager": people the goal works with, not titles held; nor
        # the rung others reach ("get juniors promoted to senior").
        if not _SOMEONE_ELSES.search(text, 0, m.start()) and not _others_promoted(inp, i, m.start())
    }


def _dwells_on_titles(
    inp: CheckInput, spec: CheckSpec, learned: PitfallFinding
) -> PitfallFinding | None:
    """The learned title finding when the answer dwells on titles (labelling.md: "naming one
    plausible next role ... is not title_focus"): one sentence over the threshold needs a
    second sign, a title or promotion word anywhere, a second rung in the same sentence, or
    a second sentence the model leans towards, unless the model is sure of the sentence
    (:data:`~speakprep.core.judge.PITFALL_SURE`: "the word manager on my badge by next
    year, and senior in front of it" names no title word the rules know). Under
    cross-validation the model alone raised title_focus on strong answers for "my level
    three in early years so I can be room lead" and "eligible for the captain upgrade on your
    seniority list"; every answer it rightly found had a second sign or a sure sentence."""
    kept = tuple(i for i in learned.evidence if not _promotion_set_aside(inp, spec, i))
    if not kept:
        return None
    learned = replace(learned, evidence=kept)
    if any(_title_cues(inp, spec, i) for i in range(len(inp.features))):
        return learned
    if learned.sure():
        return learned
    leaning = [
        i for i, score in enumerate(learned.scores) if score >= LEANING and not _past(inp, i)
    ]
    if len(leaning) >= 2:
        return learned
    kept = tuple(i for i in learned.evidence if len(_roles(inp, spec, i)) >= 2)
    return replace(learned, evidence=kept) if kept else None


def _promotion_set_aside(inp: CheckInput, spec: CheckSpec, i: int) -> bool:
    """Whether sentence ``i`` names titles, promotions or roles only to set them aside for
    the work (:func:`_set_aside`), to deny them (a negation governs each) or as the words of
    the business the user named (check_input.names_the_business): "It's the next
    promotion up from my role, but the reason I want it is that tenants fall through the
    gaps" is why the goal, not the rung, and "Whether the badge says manager or principal is
    secondary" dismisses the titles it names (the title model was sure of each, 0.95 and
    0.99, in a strong dev7 and dev8 answer), nor names promotions someone else gets
    (:func:`_others_promoted`). Like :func:`_own_money`, a sentence with no title
    or role word is the model's paraphrase and stays evidence."""
    lang = inp.rubric.language
    assert lang is not None
    cues, text = spec.cue("cues"), inp.features[i].text
    roles = list(spec.cue("chain_roles").finditer(text))
    promotions = list(cues.finditer(text))

    def aside(m: re.Match[str]) -> bool:
        return (
            lang.negation.negated(text, m.start(), m.end())
            or _set_aside(inp, i, m.end(), cues)
            or (m not in roles and names_the_business(inp, m))
            or _others_promoted(inp, i, m.start())
        )

    if not promotions and not roles:
        return False
    if all(aside(m) for m in [*promotions, *roles]):
        return True
    # Promotions that are all someone else's beside at most one role of one's own: "a lead
    # who gets juniors promoted to senior faster" aims at mentoring (the title model was sure
    # of it, 0.95, a strong dev13 answer), and one plausible next role is no title focus.
    own_roles = {m.group(0).split()[-1] for m in roles if not aside(m)}
    others = all(_others_promoted(inp, i, m.start()) for m in promotions)
    return bool(promotions) and others and len(own_roles) <= 1


def _own_money(inp: CheckInput, spec: CheckSpec, learned: PitfallFinding) -> PitfallFinding | None:
    """The learned money finding without the sentences whose every pay word is someone
    else's or the work itself (:func:`_someone_elses_pay`): the model hears pay in
    "making sure the crew gets paid on time" or "run payroll for a bigger group" as it hears
    it in a raise of one's own. A sentence with no pay word is kept: the model's paraphrase."""
    cues, words = spec.cue("cues"), spec.cue("pay_words")

    def own(i: int) -> bool:
        said = [*inp.positive(cues, i), *inp.positive(words, i)]
        return not said or any(
            not _someone_elses_pay(inp, i, m) and not _set_aside(inp, i, m.end(), cues, words)
            for m in said
        )

    kept = tuple(i for i in learned.evidence if own(i))
    return replace(learned, evidence=kept) if kept else None


def _off_topic_personal(inp: CheckInput, spec: CheckSpec) -> Finding:
    lang = inp.rubric.language
    assert lang is not None
    leisure, habit = spec.cue("cues"), spec.cue("habit")

    def drifts(i: int) -> bool:
        # A personal wish ("I'd love to travel more"), or leisure named on its own ("and a
        # big party after"); leisure the candidate only says they do ("I travel a lot in
        # the summers and bring photos back for the classroom") is background, not a goal.
        feat = inp.features[i]
        if personal_goal(inp, i):
            return True
        if feat.label != "other" or not own_personal(inp, i) or names_work(inp, i):
            return False
        if in_passing(inp, i) or _personal_set_aside(inp, spec, i):
            return False
        if lang.goal_verbs.search(feat.text):
            return True
        return bool(inp.positive(leisure, i)) and not habit.search(feat.text)

    evidence = inp.indexes(drifts)
    return Finding(bool(evidence), evidence, reason=cue_reason(inp, evidence, lang.personal))


def _personal_drift(
    inp: CheckInput, spec: CheckSpec, learned: PitfallFinding
) -> PitfallFinding | None:
    """The learned off_topic_personal finding without the sentences the rules know are no
    drift into personal life: one that names the work itself ("my children are in school
    now, so I can work full days"; by its work words only: names_work's employer and pay
    words also dropped a drift found on dev), leisure the candidate only says they do with no
    wish ("I travel a lot in the summers, and I bring photos back for the classroom"), a goal with
    no personal word in it ("run the morning bake on my own three days a week"), family or
    leisure only as the reason for the main clause (check_input.in_passing). Each of
    these was a strong answer the model alone called off-topic under cross-validation."""
    lang = inp.rubric.language
    assert lang is not None
    habit, work = spec.cue("habit"), spec.cue("work_words")

    def drifts(i: int) -> bool:
        feat = inp.features[i]
        if work.search(feat.text) or in_passing(inp, i) or _personal_set_aside(inp, spec, i):
            return False
        # Every personal word the rules hear is someone else's, the business's or the
        # role's craft, or in what other people say of the candidate (own_personal).
        if inp.positive(lang.personal, i) and not own_personal(inp, i):
            return False
        if habit.search(feat.text) and not lang.goal_verbs.search(feat.text):
            return False
        return feat.label == "other" or bool(inp.positive(lang.personal, i))

    kept = tuple(i for i in learned.evidence if drifts(i))
    return replace(learned, evidence=kept) if kept else None


def _personal_set_aside(inp: CheckInput, spec: CheckSpec, i: int) -> bool:
    """Whether sentence ``i`` names personal life only to set it aside for the career
    (:func:`_set_aside`, as pay and promotions are): a "but" later in it, or opening the next
    sentence, turns to the work or the goal and ranks it first, with no personal word in
    what it turns to. "ha well if you ask my wife it's to fish more but career wise" and "I've
    had a novel out ... and I'll keep writing fiction in the mornings. | But my career
    direction is brand writing" are asides before the answer (a strong dev7 and dev8 answer
    each, flagged); a personal wish nothing turns from, or one the turn adds to ("but I'd
    also love ..."), is still a drift. A sentence with no personal word the rules know (the
    learned model's paraphrase: "my partner would tell you my goal is a bigger allotment, but
    my real focus is the parks") is set aside only by a turn inside it, after words."""
    lang = inp.rubric.language
    assert lang is not None
    leisure = spec.cue("cues")
    said = [*own_personal(inp, i), *inp.positive(leisure, i)]
    if not said:
        # Only a turn inside the sentence, after words it turns from: with no personal word
        # to mark the aside, a "but what I really want" opening this sentence or the next
        # may turn to the drift itself ("Professionally, I'd like to earn my CPCU ... | But
        # what I really want to accomplish is retiring at fifty", a train answer).
        text = inp.features[i].text
        turn = inp.rubric.check("money_focus").cue("set_aside").search(text)
        inside = turn is not None and bool(text[: turn.start()].strip())
        return inside and _set_aside(inp, i, 0, lang.personal, leisure)
    return all(_set_aside(inp, i, m.end(), lang.personal, leisure) for m in said)


def _non_answer(inp: CheckInput, spec: CheckSpec) -> Finding:
    hedges = _hedging(inp, spec)
    # A personal goal ("build a gaming rig by Christmas") is no career goal (labelling.md 8).
    goals = any(f.goal and not personal_goal(inp, i) for i, f in enumerate(inp.features))
    steps = _personal_steps(inp)
    plans = any(f.label == "plan" and i not in steps for i, f in enumerate(inp.features))
    found = not goals and (not plans or bool(hedges))
    evidence = hedges or inp.indexes(lambda i: True)
    if not found:
        return Finding(False, (), reason="a goal is stated" if goals else "a plan is stated")
    reason = cue_reason(inp, hedges, spec.cue("cues")) or "no goal or plan stated"
    return Finding(True, evidence, reason=reason)


def _personal_steps(inp: CheckInput) -> frozenset[int]:
    """The plans that are steps towards personal life, not a career: right after a sentence
    the answer drifts into personal life with (off_topic_personal's evidence), and leaning
    that way on the learned model themselves, a second sign ("My goal is to sail around the
    Caribbean on my own boat. | To get there I'm taking sailing lessons every weekend and
    putting half of every paycheck into a boat fund."). Judge.personal_step knows such a
    step when both name no work; a pay word ("paycheck") hides it from that rule."""
    learned = inp.learned_pitfalls.get("off_topic_personal")
    if learned is None:
        return frozenset()
    drift = set(_finding(inp, inp.rubric.check("off_topic_personal")).evidence)
    return frozenset(
        i
        for i, score in enumerate(learned.scores)
        if i - 1 in drift and score >= LEANING and inp.features[i].label == "plan"
    )


def _within_target(inp: CheckInput, spec: CheckSpec) -> Finding:
    """Met when the speaking time is "on target", the delivery's own verdict (too short is
    not met). Text mode has no measured time: it is estimated from the word count at the
    rubric's speaking rate and judged by the same bands, so a 40-word answer is too short
    on paper as it would be out loud."""
    settings = inp.rubric.settings
    bands = inp.speaking_bands or _speaking_bands(settings.target_s)
    fill = {
        "target": f"{bands.target_s:.0f}",
        "shortest": f"{bands.too_short_below_s:.0f}",
    }
    note = ""
    if inp.speaking_s is None:
        seconds = inp.word_count / settings.estimate_wpm * 60.0
        template = str(spec.params.get("estimate_note", "(estimated: about {seconds:.0f} s)"))
        note = template.format(wpm=settings.estimate_wpm, seconds=seconds)
        status: str = bands.status(seconds)
        reason = f"estimated speaking time {seconds:.0f} s: {status.replace('_', ' ')}"
    else:
        status = inp.speaking_status or bands.status(inp.speaking_s)
        reason = f"speaking time {inp.speaking_s:.0f} s: {status.replace('_', ' ')}"
    too_short = str(spec.params.get("too_short_advice", "")) if status == "too_short" else ""
    found = status == "on_target"
    return Finding(found, (), note, reason, too_short.format_map(fill), fill, status)


@cache
def _speaking_bands(target_s: float) -> SpeakingTimeBands:
    """The packaged speaking-time bands moved to ``target_s`` as the app moves them for the
    user's target: the too-short limit scales down with it ("30 to 20 seconds" otherwise)."""
    return packaged_settings().with_overrides(target_s=target_s).speaking_time


# What the rules know that a learned pitfall finding must agree with (labelling.md, Checks):
# the model reads a sentence's words, the rules its role in the answer.
_CORROBORATE: dict[
    str, Callable[[CheckInput, CheckSpec, PitfallFinding], PitfallFinding | None]
] = {
    "money_focus": _own_money,
    "unrealistic_ambition": corroborated,
    "title_focus": _dwells_on_titles,
    "off_topic_personal": _personal_drift,
}

_FINDERS: dict[str, Callable[[CheckInput, CheckSpec], Finding]] = {
    "short_term_goal": _label_check("short_term"),
    "long_term_goal": _label_check("long_term"),
    "plan": _label_check("plan"),
    "employer_link": _employer_link,
    "specific": _specific,
    "money_focus": _money_focus,
    "title_focus": _title_focus,
    "unrealistic_ambition": unrealistic,
    "off_topic_personal": _off_topic_personal,
    "non_answer": _non_answer,
    "within_target": _within_target,
}
