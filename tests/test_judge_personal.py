"""Personal life dressed as a career goal, and family or leisure words in a real career goal.

Each probe is written for these tests (none of its sentences is in the train or dev answers; a
test checks that). A goal sentence about personal life (a golf handicap, a gaming rig) is
off_topic_personal however the learned head labels it, and it is no career goal, so an answer
with nothing else is a non-answer (labelling.md rules 8 and 13). A sentence that names the
employer, pay or the work itself keeps its family or leisure word in passing. Everything runs
the real packaged encoder and head.
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised

GOLF = (
    "My goal for this year is to get my golf handicap under ten. My brother and I have a bet on it."
)
MARATHON = (
    "Short term, I want to finish a marathon in under four hours by October. "
    "Long term, my dream is sailing around the Greek islands with my wife."
)
PERSONAL_ONLY = (GOLF, MARATHON)

# Near misses: family and leisure words inside goals about the work.
BACK_FROM_HOME = (
    "My goal this year is to learn your booking software inside out, because I spent five "
    "years at home with my kids and the tools have changed. By next year I'd like to train "
    "the new front desk staff on it."
)
TRAVEL_DESK = (
    "In my first year I want to organise the travel for all of your sales team's client "
    "visits without a single missed connection. Longer term, I'd like to lead the events "
    "side of the office."
)
STRONG_PROBES = (BACK_FROM_HOME, TRAVEL_DESK)

# Personal life with no family or leisure word in it: a contest to train for, one's own band.
CONTEST = (
    "My main goal this year is placing at a triathlon in September. "
    "So I need a job with hours that let me train every morning."
)
BAND = "Honestly, in three years I want our band signed and playing festivals."
# A step towards a personal goal, with a pay word in it, is no career plan.
BOAT_FUND = (
    "My goal is to sail across the Atlantic on my own boat before I'm forty. To get there I'm "
    "taking sailing lessons every weekend and putting part of every paycheck into a boat fund."
)
# A pastime told as a spoken habit, five words in, beside real goals.
FISHING_HABIT = (
    "so yeah outside of work i go fishing with my uncle most saturdays which i love. "
    "In five years I want to be a licensed journeyman doing commercial work for Volt Brothers. "
    "Right now I'm in night school for my third year of the apprenticeship."
)
# A dated career goal run on, unpunctuated, into personal life (the run-on as said reads as
# personal): still a stated goal.
LIFTING = (
    "work-wise i'd like to run the loading dock by next year i guess but my real goal is a six "
    "hundred pound deadlift by the time i'm thirty"
)
SHOW_OFF = (
    "i want to be the top service writer on the board this year and then post the trophy on "
    "instagram so my ex sees it haha"
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    new = (CONTEST, BAND, BOAT_FUND, FISHING_HABIT, LIFTING, SHOW_OFF)
    shared.assert_not_in_corpus(PERSONAL_ONLY + STRONG_PROBES + new)


@pytest.mark.parametrize("text", (CONTEST, BAND, BOAT_FUND), ids=["contest", "band", "fund"])
def test_personal_life_without_family_words_is_off_topic(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    found = raised(analyse(text, rubric, judge))
    assert {"off_topic_personal", "non_answer"} <= set(found), found


@pytest.mark.parametrize("text", (LIFTING, SHOW_OFF), ids=["lifting", "show_off"])
def test_a_dated_goal_run_on_into_personal_life_is_an_answer(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    result = analyse(text, rubric, judge)
    assert "non_answer" not in raised(result), raised(result)
    assert any(s.label == "short_term" for s in result.sentences)


@pytest.mark.parametrize("text", PERSONAL_ONLY, ids=["golf", "marathon"])
def test_a_personal_goal_is_off_topic_and_no_career_goal(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    result = analyse(text, rubric, judge)
    assert {"off_topic_personal", "non_answer"} <= set(raised(result)), raised(result)
    by_id = {c.id: c for c in result.checks}
    assert by_id["off_topic_personal"].evidence, by_id["off_topic_personal"].reason


def test_a_personal_goal_beside_a_career_goal_is_off_topic_but_an_answer(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    text = GOLF + " At work, I'd like to run the month-end close on my own within six months."
    found = raised(analyse(text, rubric, judge))
    assert "off_topic_personal" in found and "non_answer" not in found, found


@pytest.mark.parametrize("text", STRONG_PROBES, ids=["back_from_home", "travel_desk"])
def test_family_or_leisure_words_in_a_goal_about_the_work_raise_nothing(
    rubric, judge, text: str
) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, judge)) == []


# Goals that name no work: personal life in career words, against goals whose object is a
# personal-sounding thing the work is about (the employer's boat, the company's trucks).
WORKLESS = (
    "Long term, I'd like to have a cottage by the lake with a dock for my kayak.",
    "I'd want them to say I hosted the best poker nights in the neighbourhood.",
)
WORKED = (
    "Long term, I'd like to run the boat repair side of your marina.",
    "This year I want to get my CDL so I can drive the company's trucks.",
)


def test_a_goal_naming_no_work_is_workless_and_one_naming_the_work_is_not(rubric) -> None:  # type: ignore[no-untyped-def]
    from speakprep.core.content import sentence_contexts
    from speakprep.core.cues import normalize

    shared.assert_not_in_corpus(WORKLESS + WORKED)
    texts = [normalize(t) for t in WORKLESS + WORKED]
    flags = [c.workless for c in sentence_contexts(texts, rubric.question(None), rubric, None)]
    assert flags == [True, True, False, False], flags


def _decide(rubric, text: str, p: list[float], personal: float, **ctx: bool) -> str:  # type: ignore[no-untyped-def]
    """decide() on ``text`` as the rules see it, with the head's probabilities ``p``
    (short_term, long_term, plan, other) and the off_topic_personal score."""
    import numpy as np

    from speakprep.core.cues import normalize
    from speakprep.core.judge import Context, decide
    from speakprep.core.labels import classify

    short_max = rubric.settings.short_term_max_years
    feat = classify(normalize(text), rubric.language, rubric.horizon, short_max, None)
    return decide(feat, Context(**ctx), np.array(p, dtype=np.float32), short_max, personal)


def test_a_workless_goal_the_personal_model_is_sure_of_is_other(rubric) -> None:  # type: ignore[no-untyped-def]
    cottage, goal = WORKLESS[0], [0.05, 0.80, 0.0, 0.15]
    assert _decide(rubric, cottage, goal, 0.95, workless=True) == "other"
    # Naming the work, or a personal score under the bar, leaves the head's goal.
    assert _decide(rubric, cottage, goal, 0.95) == "long_term"
    assert _decide(rubric, cottage, goal, 0.85, workless=True) == "long_term"
    # The head near certain of a goal knows work the rubric's words miss.
    assert _decide(rubric, cottage, [0.0, 0.98, 0.0, 0.02], 0.95, workless=True) == "long_term"
    # A hedge before the goal pulls the models to it: the rules' goal after it stands.
    assert _decide(rubric, cottage, goal, 0.95, workless=True, hedged_goal=True) == "long_term"
    # A horizon the splitter cut from its goal keeps the goal the head reads in it.
    cut = "Someday, like ten years out."
    assert _decide(rubric, cut, goal, 0.95, workless=True) == "long_term"


MUSTANG = "My goal this year is to finish restoring my old Mustang. And I'm also trying to get "
HOBBY_STEP = MUSTANG + "my fantasy football team into the playoffs."
WORK_STEP = MUSTANG + "my forklift certification through your training program."


def test_a_step_towards_a_personal_goal_is_no_career_plan(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # The head reads "i'm also trying to get ..." as a plan (0.63); after a hobby goal and
    # naming no work, it is a step towards that hobby (labelling.md rule 8).
    shared.assert_not_in_corpus((HOBBY_STEP, WORK_STEP))
    hobby = analyse(HOBBY_STEP, rubric, judge)
    assert [s.label for s in hobby.sentences][1] == "other"
    assert {"off_topic_personal", "non_answer"} <= set(raised(hobby)), raised(hobby)
    # Naming the work, the same step is a career plan and the answer states one.
    work = analyse(WORK_STEP, rubric, judge)
    assert [s.label for s in work.sentences][1] == "plan"
    assert "non_answer" not in raised(work), raised(work)


def test_a_pastime_told_as_a_spoken_habit_is_no_drift(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert "off_topic_personal" not in raised(analyse(FISHING_HABIT, rubric, judge))


# A spoken opener that only echoes the question, cut off the goal after it: "party" is in it
# because the question says it, not because the candidate talks of celebrations.
PARTY_ECHO = (
    "oh man a retirement party okay i'd want people to say i made the loan paperwork easier "
    "for first-time buyers to follow"
)


def test_an_echo_of_the_question_is_no_evidence_of_personal_life(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    shared.assert_not_in_corpus((PARTY_ECHO,))
    result = analyse(PARTY_ECHO, rubric, judge, "retirement_party")
    assert result.sentences[0].text == "oh man a retirement party okay"
    assert result.sentences[0].label == "other"
    assert "off_topic_personal" not in raised(result)
