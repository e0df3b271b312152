"""Labelling each sentence short_term / long_term / plan / other (shared/labelling.md).

The mechanism, with every cue word coming from ``[language]`` and ``[horizon]`` in
rubric.toml:

1. Normalise the sentence (lower case, fillers removed).
2. Sentences that are questions, summaries, meta talk, non-career "goals" or personal-life
   goals are ``other`` (rules 7-9).
3. Find the *anchors*: the first non-negated goal statement ("I'd like to", "my goal is"),
   plan statement ("to get there", "I'm taking") and past-tense clause ("I worked"). The
   earliest goal or plan anchor is the main clause (rule 1); a past clause that comes first
   is a plan step only if it is on the path (rule 4), else track record (``other``).
4. A goal's object decides between goal and plan: a career target (a role, leading,
   mentoring others, money, titles) makes it a goal; a certification with a horizon is a goal,
   without one a plan; courses, degrees, training and mentors are the means, so plan (rules
   3, 5); an object with no content beyond growth talk is ``other`` (rule 7).
5. A goal's horizon comes from the time expressions of its clause (rule 2, 10); without one,
   an elaboration or "also" inherits the previous goal's label (rule 6), a goal about the role
   itself is short_term, a career direction long_term, anything else short_term. A sentence
   that names a span of years and nothing else ("um, five years.") dates the goal after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from speakprep.core.cues import CueSet, HorizonCues, LanguageCues, is_hard_filler, normalize
from speakprep.core.datafile import DataFileError, load_toml
from speakprep.core.models import Label, Sentence, Transcript
from speakprep.core.rubric import Rubric, default_rubric
from speakprep.core.timeexpr import TimeExpr, duration_expr, find_time_exprs

_WORD = re.compile(r"[a-z0-9][a-z0-9'+-]*")
_PURPOSE = re.compile(r"\b(?:to|so (?:that )?i can|in order|which will|that will|so i)\b")
_BY_DOING = re.compile(r"\b(?:by|through|via) \w+ing\b")
# A future-tense action of the speaker's, "i'll volunteer for every launch", "i'm gonna get my
# 6g cert" (not "i'll be", a goal verb, nor "i'll have taught", a future perfect).
_FUTURE = re.compile(
    r"\bi(?:'ll| will|'m gonna| am gonna|'m going to| am going to) "
    r"(?:(?!(?:be|have)\b)\w+ )?(?!(?:be|have)\b)\w+"
)
# A future in a subordinate wh- or if-clause ("the place where i'll finish my career", "which
# specialty i'll end up in"): not the sentence's main clause (labelling.md rule 1).
_WH_BEFORE = re.compile(r"\b(?:where|which|what|how|whether|when|if)(?: \w+){0,2} $")
# What a speaker does who names no step: defers ("whatever you need", "wherever it takes me"),
# waits to see, adapts or stays, or only speaks ("i'll admit", "i'll say") or works hard
# (labelling.md rules 7, 9 and 13).
_DEFERRAL = re.compile(
    r"\b(?:\w+ever|see|figure|work (?:\w+ ){0,2}out|adapt|stay|admit|say|mention|answer|tell"
    r"|play along|worry|make the best|do well|work hard)\b"
)
# The means heads a goal's object when at most this many content words come before it.
_MEANS_HEAD_WORDS = 3


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """What the labeller saw in one sentence; the checks read these."""

    text: str  # normalised, fillers removed
    label: Label
    reason: str  # a short tag explaining the label (for benchmarks and debugging)
    horizon: TimeExpr | None = None
    timeframe: bool = False  # a concrete, non-vague time expression in the sentence
    raw: str = ""  # the sentence as written (case kept, for proper names)
    times: tuple[TimeExpr, ...] = ()  # every horizon-setting expression of the sentence
    # The pitfalls the learned judgement leans towards in this sentence (judge.LEANING);
    # None when no judgement read it (the rules alone).
    leans: frozenset[str] | None = None

    @property
    def goal(self) -> bool:
        return self.label in ("short_term", "long_term")


# Sentences an analysis has classified, by normalised text and the goal label before them
# (all :func:`classify` reads that changes within one transcript, rubric and year).
Classified = dict[tuple[str, Label | None], SentenceFeatures]


# What each rule tag means, in the words a job seeker reads under "Why".
RULE_WHY: dict[str, str] = {
    "empty": "there are no words to judge",
    "question": "it asks a question rather than stating a goal",
    "summary": "it sums up what came before",
    "non_career": "it is about life outside work",
    "personal": "it is about you personally, not your career",
    "meta": "it talks about the answer itself",
    "past_step": "a step you have already taken toward the goal",
    "track_record": "past work: background for the goal, not a step toward it",
    "plan": "it says how you will get there",
    "means": "it names the means to a goal: how you will get there",
    "growth_talk": "growth in general, with no goal named",
    "goal": "it states a goal",
    "elaboration": "it carries on the goal before it",
    "goal_fragment": "a goal in a few words",
    "no_goal": "it names no goal, plan or step",
}


def explain(feat: SentenceFeatures) -> str:
    """Why the rules gave ``feat`` its label, in plain words, with the horizon that set a
    goal's term quoted (e.g. 'it states a goal, with the horizon "in five years"')."""
    why = RULE_WHY.get(feat.reason, feat.reason.replace("_", " "))
    if feat.goal and feat.horizon is not None and feat.horizon.text:
        why += f', with the horizon "{feat.horizon.text}"'
    return why


def label_sentences(
    sentences: Sequence[Sentence],
    transcript: Transcript,
    *,
    rubric: Rubric | None = None,
    current_year: int | None = None,
    known: Classified | None = None,
) -> tuple[list[Sentence], list[SentenceFeatures]]:
    """Label ``sentences`` (from :func:`split_sentences`) and return them with their features.

    ``current_year`` turns "by 2030" into a horizon; without it such dates are ignored.
    ``known``: the features of the sentences already labelled in this analysis (the same
    transcript, rubric and year), by text and the goal before them, and filled with these:
    the run-ons as said (content.whole_view) are mostly the cut view's sentences again.
    """
    rubric = rubric or default_rubric()
    lang, hz = rubric.language, rubric.horizon
    assert lang is not None and hz is not None and rubric.sentences is not None
    short_max = rubric.settings.short_term_max_years
    fillers = rubric.sentences.hard_fillers
    labelled: list[Sentence] = []
    features: list[SentenceFeatures] = []
    prev_goal: Label | None = None
    spoken = transcript.timed
    known = {} if known is None else known
    lead: TimeExpr | None = None
    for sentence in sentences:
        text = sentence_text(sentence, transcript, fillers)
        feat = known.get((text, prev_goal))
        if feat is None:
            feat = classify(
                text, lang, hz, short_max, prev_goal, current_year=current_year, spoken=spoken
            )
            known[text, prev_goal] = feat
        feat = replace(feat, raw=sentence.text)
        if lead is not None:
            feat = _dated_by(feat, lead, short_max)
        elif features and features[-1].label != "other":
            feat = _next_step(feat, hz)
            feat = _more_of_the_goal(feat, features[-1], lang)
        lead = _named_horizon(feat, lang, hz)
        if lead is not None:
            feat = replace(feat, times=(lead,))  # "by then" after it is dated (checks.specific)
        if feat.goal:
            prev_goal = feat.label
        features.append(feat)
        labelled.append(replace(sentence, label=feat.label, reason=explain(feat)))
    return labelled, features


def _named_horizon(feat: SentenceFeatures, lang: LanguageCues, hz: HorizonCues) -> TimeExpr | None:
    """The horizon a sentence names and nothing else, or None: "um so five years, uh, yeah",
    "okay long term, um" (an answer echoing its question: every word outside the time
    expression or duration an echo or stop word of ``[language]``). Such a sentence frames
    the goal after it as the question's horizon does (labelling.md rule 11)."""
    if feat.reason != "no_goal":
        return None
    named = [*feat.times] or [
        e for m in hz.duration.finditer(feat.text) if (e := duration_expr(feat.text, m, hz))
    ]
    if not named or any(t.kind != "years" for t in named):
        return None  # "oh man retirement party okay": an end of career is no date
    rest = feat.text
    for t in sorted(named, key=lambda t: t.start, reverse=True):
        rest = rest[: t.start] + " " + rest[t.end :]
    fillers = lang.echo_words | lang.stop_words
    return named[0] if all(w in fillers for w in _WORD.findall(rest)) else None


def _dated_by(feat: SentenceFeatures, lead: TimeExpr, short_max: float) -> SentenceFeatures:
    """``feat`` dated by ``lead`` (:func:`_named_horizon` of the sentence before) when it is a
    goal with no horizon of its own: "um so five years | i see myself on the network team"
    is a five-year goal, and its timeframe makes it specific."""
    if not feat.goal or feat.horizon is not None or feat.times:
        return feat
    return replace(
        feat,
        label=_by_horizon(lead, short_max),
        horizon=lead,
        timeframe=not lead.vague,
        times=(lead,),
    )


def _next_step(feat: SentenceFeatures, hz: HorizonCues) -> SentenceFeatures:
    """``feat``, the sentence right after a goal or a plan, as a goal further out than that
    one when it opens with the next step in time (``[horizon] next_step``: "then team lead,
    then mgr", "later I'd like to run payroll for the group", "after, maybe customs
    specialist") and has no horizon of its own: long_term (labelling.md rule 2: a career
    direction with no near-term marker). A goal the rules found, or a step named with no goal
    verb (no goal, plan or past clause found: "then heat pumps."), takes that horizon; a
    plan, the past and personal life keep their labels."""
    opener = hz.next_step.match(feat.text) if hz.next_step else None
    if opener is None or feat.times or not (feat.goal or feat.reason == "no_goal"):
        return feat
    horizon = TimeExpr(opener.start(), opener.end(), "long", None, False, opener.group(0))
    reason = feat.reason if feat.goal else "goal_fragment"
    return replace(feat, label="long_term", reason=reason, horizon=horizon, times=(horizon,))


def _more_of_the_goal(
    feat: SentenceFeatures, before: SentenceFeatures, lang: LanguageCues
) -> SentenceFeatures:
    """``feat`` as more of the goal ``before`` it when it goes on with what that goal says in
    a "that" clause of its own (``[language] more_of_the_goal``): "I'd want them to say I ran
    a calm unit. | And that I trained the seasonal crews so well ..." is the same legacy,
    though told in the past tense (labelling.md rule 6: an elaboration inherits the goal's
    label). Personal life stays personal."""
    opener = lang.more_of_the_goal.match(feat.text) if lang.more_of_the_goal else None
    if opener is None or not before.goal or feat.goal or feat.reason == "personal":
        return feat
    return replace(feat, label=before.label, reason="elaboration", horizon=before.horizon)


def sentence_text(sentence: Sentence, transcript: Transcript, hard_fillers: CueSet) -> str:
    """The sentence normalised for matching, with filler words cut out."""
    chars = list(transcript.text[sentence.char_start : sentence.char_end])
    for i in sentence.word_indexes:
        w = transcript.words[i]
        if w.char_start is None or w.char_end is None:
            continue
        if w.filler or is_hard_filler(w.text, hard_fillers):
            for c in range(w.char_start, w.char_end):
                if sentence.char_start <= c < sentence.char_end:
                    chars[c - sentence.char_start] = " "
    text = normalize("".join(chars))
    # A removed filler leaves stray commas behind ("so , in the near term").
    text = re.sub(r"(?:^|(?<=[\s,]))[,;]\s*", "", text)
    return re.sub(r"\s+", " ", text).strip(" ,")


def classify(
    text: str,
    lang: LanguageCues,
    hz: HorizonCues,
    short_max: float,
    prev_goal: Label | None,
    *,
    current_year: int | None = None,
    spoken: bool = False,
) -> SentenceFeatures:
    """Label one normalised sentence; ``prev_goal`` is the last goal label before it.

    ``spoken``: the text came from speech recognition, which may have misheard the tense of
    a goal verb (see :func:`_present_wish`).
    """
    text = heard_as_meant(text, typed=not spoken)
    if spoken:
        wish = _present_wish(text, lang, hz, current_year)
        if wish is not None:
            return classify(wish, lang, hz, short_max, prev_goal, current_year=current_year)
    times = find_time_exprs(text, hz, current_year=current_year)
    timeframe = any(t.kind == "years" and not t.vague for t in times)

    def feat(label: Label, reason: str, horizon: TimeExpr | None = None) -> SentenceFeatures:
        return SentenceFeatures(text, label, reason, horizon, timeframe, times=tuple(times))

    if not _WORD.search(text):
        return feat("other", "empty")
    if lang.question_end.search(text) or (
        lang.question_openers is not None and lang.question_openers.search(text)
    ):
        return feat("other", "question")
    if lang.summary_openers and lang.summary_openers.search(text):
        return feat("other", "summary")
    hedge = lang.non_career.search(text)
    if hedge is not None and goal_after(text, hedge, lang) is None:
        return feat("other", "non_career")
    neg = lang.negation
    # A target the speaker declined is still what the sentence is about ("I turned down a
    # promotion last year because I want to become director"): career talk, not a denial.
    targets = neg.positive_matches(lang.career_targets, text, declined=False)
    if lang.personal.search(text) and not targets:
        return feat("other", "personal")
    if lang.meta and lang.meta.search(text) and not targets:
        return feat("other", "meta")

    goal_m = _first_positive(lang.goal_verbs, text, lang)
    plan_m = _first_positive(lang.plan_markers, text, lang)
    past_m = lang.past_tense.search(text)
    anchors = [m.start() for m in (goal_m, plan_m) if m is not None]
    if past_m is not None and (not anchors or past_m.start() < min(anchors)):
        if plan_m is not None or _past_step(text, lang, hz, times):
            return feat("plan", "past_step")
        if goal_m is None or not targets:
            return feat("other", "track_record")
    if (
        goal_m is not None
        and plan_m is not None
        and goal_m.start() < plan_m.start() <= goal_m.end() + 1
    ):
        return feat("plan", "plan")  # "I plan to get there by ...": the goal verb heads a plan
    if goal_m is not None and (plan_m is None or goal_m.start() <= plan_m.start()):
        kind = _goal_or_plan(text, goal_m, lang, times)
        if kind == "plan":
            return feat("plan", "means")
        if kind == "other":
            return feat("other", "growth_talk")
        label, horizon = _horizon_label(text, goal_m, lang, times, short_max, prev_goal)
        return feat(label, "goal", horizon)
    if plan_m is not None:
        return feat("plan", "plan")
    # No anchor: an elaboration of the previous goal, a bare "Long term: leading X", or means.
    if prev_goal and lang.elaboration_openers and lang.elaboration_openers.search(text):
        return feat(prev_goal, "elaboration")
    if _means(text, lang) and (lang.plan_context is None or lang.plan_context.search(text)):
        return feat("plan", "means")
    if times and targets and past_m is None:
        return feat(_by_horizon(times[0], short_max), "goal_fragment", times[0])
    if past_m is None and _future_step(text, lang):
        return feat("plan", "plan")
    return feat("other", "no_goal")


def _future_step(text: str, lang: LanguageCues) -> bool:
    """Whether ``text`` says what the speaker will do (:data:`_FUTURE`) with content of its
    own: "i'll keep a running file of wins for every review", "so i'm gonna learn every
    station". Such a future action is a step on the way (labelling.md rule 4's plan); of the
    reference sentences of train and the dev splits with one and no goal or plan cue, 24 were
    plan, 41 other and 4 short_term. The others defer or hedge (:data:`_DEFERRAL`: "i'll do
    whatever the team needs", "i'll see how it goes"), sit in a subordinate clause
    (:data:`_WH_BEFORE`), are negated, or name nothing beyond growth talk."""
    for m in _FUTURE.finditer(text):
        if lang.negation.negated(text, m.start(), m.end()) or _WH_BEFORE.search(text, 0, m.start()):
            continue
        _, end = lang.negation.clause_span(text, m.start())
        if _DEFERRAL.search(text, m.start(), end):
            continue
        words = [w for w in _WORD.findall(text[m.end() : end]) if w not in lang.stop_words]
        if any(w not in lang.growth_talk_words for w in words):
            return True
    return False


def _past_step(text: str, lang: LanguageCues, hz: HorizonCues, times: Sequence[TimeExpr]) -> bool:
    """Whether a sentence that opens in the past tells of a step on the path (rule 4): a past
    step cue ("passed", "shadowing", "i've asked my manager if i can ...") or an activity
    still going on with no span of past experience (:func:`_dates_only_goals`). A cue that is
    the ongoing activity itself ("been doing", "been writing") is no step when the activity
    has lasted (:func:`_lasted`): "i've been doing ux contract work for about two years" is
    background."""
    ongoing = hz.ongoing.search(text) if hz.ongoing else None
    lasted = ongoing is not None and _lasted(text, ongoing, hz)
    for m in lang.past_steps.finditer(text):
        if not (lasted and ongoing is not None and ongoing.start() <= m.start() < ongoing.end()):
            return True
    return ongoing is not None and not lasted and _dates_only_goals(text, hz, times)


def _lasted(text: str, ongoing: re.Match[str], hz: HorizonCues) -> bool:
    """Whether the ongoing activity ``ongoing`` is given a span it has lasted: "for about six
    years" after it, "for three years" before it, "ever since", "since i was twelve"."""
    if hz.lasted_since and hz.lasted_since.search(text, ongoing.end()):
        return True
    if hz.lasted_fronted and hz.lasted_fronted.search(text, 0, ongoing.start()):
        return True
    before = hz.lasted_before_duration
    return before is not None and any(
        before.search(text, ongoing.end(), m.start())
        for m in hz.duration.finditer(text, ongoing.end())
    )


def _dates_only_goals(text: str, hz: HorizonCues, times: Sequence[TimeExpr]) -> bool:
    """Whether every duration in ``text`` dates a goal (is among ``times``), so none is a span
    of past experience: then an activity still going on (rubric horizon.ongoing) that has not
    lasted a stated span (:func:`_lasted`) is a step towards a goal ("i've been asking the
    head cashier to show me the till counts"); "i've been serving for like four years" is
    background."""
    horizons = {(t.start, t.end) for t in times}
    return all(
        any(s <= m.start() and m.end() <= e for s, e in horizons)
        for m in hz.duration.finditer(text)
    )


@cache
def _misheard() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """The sound-alikes of ``assets/misheard.toml``, compiled, each with whether it is also
    typed that way (``typed``)."""
    data, name = load_toml(None, "misheard.toml")
    try:
        return tuple(
            (
                re.compile(rf"\b(?:{entry['heard']})\b"),
                str(entry["meant"]),
                bool(entry.get("typed", False)),
            )
            for entry in data["misheard"]
        )
    except (KeyError, TypeError, re.error) as exc:
        raise DataFileError(f"{name}: {exc}") from exc


def heard_as_meant(text: str, *, typed: bool = False) -> str:
    """A normalised spoken sentence with the speech model's known mishearings of cue words
    put right ("longer turn" -> "longer term", "even truly" -> "eventually"). ``typed``: the
    sentence was typed, so only the words people also type as they say them are put right
    ("i wanna" -> "i want to"); "turn" typed is meant as written."""
    for pattern, meant, also_typed in _misheard():
        if also_typed or not typed:
            text = pattern.sub(meant, text)
    return text


def _present_wish(
    text: str, lang: LanguageCues, hz: HorizonCues, current_year: int | None
) -> str | None:
    """``text`` with "I wanted to" read as "I want to", when speech recognition likely misheard.

    tiny.en often prints a spoken "I want to" / "I wanna" as "I wanted to" ("In the first
    year, I wanted to cut food costs"). With no goal statement of its own, no past-tense
    clause and a forward horizon ("in the first year"), such a sentence is a goal, not a
    memory: the first "<verb>ed to" whose present form is a goal verb is put back in the
    present. Returns None when that does not apply.
    """
    if _first_positive(lang.goal_verbs, text, lang) is not None or lang.past_tense.search(text):
        return None
    if not find_time_exprs(text, hz, current_year=current_year):
        return None
    for m in lang.past_wish.finditer(text) if lang.past_wish else ():
        stem = m.group("stem")
        # wanted -> want, hoped -> hope, planned -> plan
        for verb in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
            if not verb:
                continue
            candidate = text[: m.start("stem")] + verb + text[m.end("verb") :]
            hit = _first_positive(lang.goal_verbs, candidate, lang)
            if hit is not None and hit.start() <= m.start("stem") < hit.end():
                return candidate
    return None


def goal_after(text: str, hedge: re.Match[str], lang: LanguageCues) -> re.Match[str] | None:
    """The goal statement of a clause after the one ``hedge`` is in, if any: a hedge governs
    its own clause, not the goal the sentence turns to ("I'm a whatever-happens person, but
    in five years I'd like to be managing a store", "it's hard to say where I'll be, but I'd
    like to have grown the teen program"). Such a sentence states a goal (labelling.md,
    non_answer: "a hedge followed by goals is false"); "I want to grow here and see where it
    takes me" keeps its hedge, in the goal's own clause, and so does a clause that only
    follows from it ("I haven't decided yet, so I'm hoping to work that out as I go"): the
    later clause must turn from the hedge (``[language] hedge_turns``: "but", "I know")."""
    _, end = lang.negation.clause_span(text, hedge.start())
    if lang.hedge_turns is None or not lang.hedge_turns.match(text[end:]):
        return None
    return _first_positive(lang.goal_verbs, text, lang, start=end)


def _first_positive(
    cues: CueSet, text: str, lang: LanguageCues, *, start: int = 0
) -> re.Match[str] | None:
    """The first cue of ``text`` from ``start`` on that no negation governs."""
    neg = lang.negation
    for m in cues.finditer(text):
        if m.start() < start:
            continue
        if neg.negated(text, m.start(), m.end()) or neg.before.search(m.group(0)):
            continue
        return m
    return None


def _means(
    text: str, lang: LanguageCues, start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """The first means cue in ``text[start:end]`` (offsets relative to ``start``), skipping
    those that are the goal itself ("to build a reading program"), judged on the whole text."""
    end = len(text) if end is None else end
    excluded = (
        [(m.start(), m.end()) for m in lang.means_exclusions.finditer(text)]
        if lang.means_exclusions
        else []
    )
    for m in lang.negation.positive_matches(lang.means, text):
        if m.start() < start or m.end() > end:
            continue
        if not any(s <= m.start() and m.end() <= e for s, e in excluded):
            return m.start() - start, m.end() - start
    return None


def _goal_or_plan(
    text: str, goal_m: re.Match[str], lang: LanguageCues, times: list[TimeExpr]
) -> str:
    """Whether a goal statement is really a goal, the means to one (plan) or growth talk."""
    clause_start, clause_end = lang.negation.clause_span(text, goal_m.start())
    span = (goal_m.end(), clause_end)
    if len(_WORD.findall(text[span[0] : span[1]])) < 2:
        span = (goal_m.end(), len(text))
    if len(_WORD.findall(text[span[0] : span[1]])) < 2:
        span = (
            clause_start,
            goal_m.start(),
        )  # the goal is the subject: "Leading X is my next step."
    obj = text[span[0] : span[1]]
    target = next(iter(lang.negation.positive_matches(lang.career_targets, obj)), None)
    marker = next(iter(lang.negation.positive_matches(lang.plan_markers, obj)), None)
    if marker is not None and (target is None or marker.start() < target.start()):
        return "plan"  # "... is the route I'd like to take to get there"
    means = _means(text, lang, *span)
    credential = lang.credentials.search(obj)
    if credential is not None and target is None and _enrols(obj, lang):
        return "plan"  # "start the management certificate": a programme, so the means
    if means is not None and target is None and not _heads(obj, means[0], lang):
        means = None  # a passing adjunct: "build my speed with implants under your seniors"
    if means is not None and (target is None or means[0] < target.start()):
        if target is not None:
            between = obj[means[1] : target.start()]
            return "goal" if times and not _PURPOSE.search(between) else "plan"
        return "goal" if credential is not None and times else "plan"
    if target is not None:
        return "goal"
    if credential is not None:
        return "goal" if times else "plan"
    words = [w for w in _WORD.findall(obj) if w not in lang.stop_words]
    if not [w for w in words if w not in lang.growth_talk_words]:
        return "other"
    return "goal"


def _enrols(obj: str, lang: LanguageCues) -> bool:
    """Whether a goal's object opens by enrolling ("start the construction management
    certificate", "begin my CCRN certification"): it names a programme of study, not the
    credential as a timed goal (labelling.md rule 3: studying for it is plan)."""
    enrol = lang.enrol.regex if lang.enrol else None
    return enrol is not None and enrol.match(obj.strip(" ,")) is not None


def _heads(obj: str, means_start: int, lang: LanguageCues) -> bool:
    """Whether the means heads the goal's object ("take a course") or is reached "by" doing
    something, rather than trailing a goal of its own."""
    before = obj[:means_start]
    if _BY_DOING.search(before):
        return True
    content = [w for w in _WORD.findall(before) if w not in lang.stop_words]
    return len(content) <= _MEANS_HEAD_WORDS


def _horizon_label(
    text: str,
    goal_m: re.Match[str],
    lang: LanguageCues,
    times: list[TimeExpr],
    short_max: float,
    prev_goal: Label | None,
) -> tuple[Label, TimeExpr | None]:
    horizon = _goal_horizon(text, goal_m, lang, times)
    if horizon is not None:
        return _by_horizon(horizon, short_max), horizon
    opener = lang.elaboration_openers and lang.elaboration_openers.search(text)
    if prev_goal and (opener or lang.also_markers.search(text)):
        return prev_goal, None
    if lang.role_itself.search(text):
        return "short_term", None
    if lang.career_direction.search(text[goal_m.end() :]):
        return "long_term", None
    return "short_term", None


def _goal_horizon(
    text: str, goal_m: re.Match[str], lang: LanguageCues, times: list[TimeExpr]
) -> TimeExpr | None:
    """The time expression that dates a goal: the first one from the goal statement on, in
    its clause; else the nearest one before it in the clause ("In two years, I want ...");
    else the first in the sentence. A time inside a condition the goal waits for ("longer
    term, I'd like to step up, once I've proven myself for a few years") dates the
    condition, not the goal."""
    start, end = lang.negation.clause_span(text, goal_m.start())
    after = [
        t
        for t in times
        if goal_m.start() <= t.start < end
        and not (lang.condition and lang.condition.search(text, goal_m.end(), t.start))
    ]
    if after:
        return after[0]
    before = [t for t in times if start <= t.start < goal_m.start()]
    if before:
        return before[-1]
    return times[0] if times else None


def _by_horizon(expr: TimeExpr, short_max: float) -> Label:
    return "short_term" if expr.is_short(short_max) else "long_term"
