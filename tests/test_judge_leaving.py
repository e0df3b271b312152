"""Goals that mean leaving the employer, or its top job soon, in the short forms real answers use.

Each probe is written for these tests (none of its sentences is in the train or dev answers; a
test checks that). They test mechanisms, each with a strong near-miss that must stay clean:
full-time study however the course is named (working full time while studying is not it); a
stated end to the stay ("just the one season here"); the interviewer's job named in a verbless
fragment with a horizon; the top of this workplace as a near-term goal (a part of it is not);
and a found "your job" goal is a goal, so the answer is no non-answer. Everything runs the real
packaged encoder and head.
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised

FULL_TIME_STUDY = (
    "Short term, I'm starting my radiography diploma full time in March. "
    "I've finished the anatomy prerequisite already. "
    "Until then I'd like to learn how your front desk books the imaging slots."
)
FULL_TIME_PROGRAMME = (
    "My end goal is a career in occupational therapy. "
    "I've been accepted to a full-time OT programme that begins in the autumn. "
    "Over the summer I want to get good at your intake paperwork."
)
END_OF_STAY = (
    "Eventually, optometry school. "
    "I'm sitting the entrance test in the spring. "
    "So realistically it would only be the two years here."
)
STAY_HERE_UNTIL = (
    "I'd like to get faster on the register and learn the returns desk. "
    "Then I'll be working here through the winter and moving to Denver to join my partner's "
    "landscaping outfit."
)
CHAIR_FRAGMENT = "To be honest? Your job, maybe in three years. I'm a quick study."
TOP_SOON = (
    "My goal is to be manager of this branch within eighteen months. "
    "I pick things up quickly and people listen to me. "
    "I'll start by learning the vault procedures."
)
LEAVING_PROBES = (
    FULL_TIME_STUDY,
    FULL_TIME_PROGRAMME,
    END_OF_STAY,
    STAY_HERE_UNTIL,
    CHAIR_FRAGMENT,
    TOP_SOON,
)

# Near misses: the same words in strong answers.
STUDY_WHILE_WORKING = (
    "In the next two years I want to finish my accounting degree in the evenings while I keep "
    "working full time here. Long term, I'd like to become the controller for one of your "
    "divisions, and I've asked about your tuition support to get there."
)
FIRST_MONTHS_HERE = (
    "For the first six months here I want to learn every route the depot runs. "
    "Within two years I'd like to train the new drivers on the safety checks, and I'm doing "
    "the instructor course this spring. I'm not treating this job as a stepping stone."
)
PART_OF_THE_PLACE = (
    "This year I'd like to be running this library's homework club for the teenagers, and "
    "in five years I want to lead the youth services team here. I'm taking a children's "
    "literature course online to get there."
)
STRONG_PROBES = (STUDY_WHILE_WORKING, FIRST_MONTHS_HERE, PART_OF_THE_PLACE)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(LEAVING_PROBES + STRONG_PROBES)


@pytest.mark.parametrize(
    "text",
    LEAVING_PROBES,
    ids=["study_full_time", "full_time_programme", "end_of_stay", "here_until", "chair", "top"],
)
def test_a_goal_this_employer_cannot_support_is_unrealistic(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    checks = {c.id: c for c in analyse(text, rubric, judge).checks}
    assert checks["unrealistic_ambition"].found, checks["unrealistic_ambition"].reason
    # Such a goal is still a goal: the answer is weak, not empty.
    assert not checks["non_answer"].found, checks["non_answer"].reason


@pytest.mark.parametrize("text", STRONG_PROBES, ids=["studies_evenings", "first_months", "part"])
def test_the_same_words_in_a_strong_answer_raise_no_pitfall(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, judge)) == []


def test_a_leaving_goal_voids_the_employer_link(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # "your front desk" ties a goal to the employer, but the answer leaves in March.
    checks = {c.id: c for c in analyse(FULL_TIME_STUDY, rubric, judge).checks}
    assert not checks["employer_link"].found, checks["employer_link"].reason


def test_the_interviewers_job_said_of_them_is_no_goal(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # No horizon, no goal: a remark about the interviewer's job aims at nothing.
    text = (
        "Your job looks demanding, honestly. In my first year I want to clear the backlog of "
        "warranty claims, and in five years I'd like to run the parts counter training here."
    )
    checks = {c.id: c for c in analyse(text, rubric, judge).checks}
    assert not checks["unrealistic_ambition"].found, checks["unrealistic_ambition"].reason


# A turn to work ("work-wise, ...") after personal talk: what follows is the career goal,
# however hedged or verbless, unless it is personal life in career clothes (rule 13).
TURN_TO_WORK = (
    "Five years? Honestly I mostly want my band to be touring by then. "
    "Work-wise, getting quicker on the tyre machine, I suppose."
)
CAREER_CLOTHES = (
    "Career-wise, a bigger boat and a cabin by the lake. "
    "Job-wise, maybe the parts counter eventually."
)


def test_the_probe_answers_for_a_turn_to_work_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((TURN_TO_WORK, CAREER_CLOTHES))


def test_a_hedged_turn_to_work_is_a_goal_not_a_non_answer(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(TURN_TO_WORK, rubric, judge, "five_years")
    work = next(s for s in result.sentences if s.text.startswith("Work-wise"))
    assert work.label == "long_term", work.reason  # the question's five-year frame (rule 11)
    checks = {c.id: c for c in result.checks}
    assert not checks["non_answer"].found, checks["non_answer"].reason


# A hedge governs its own clause: a goal the sentence turns to after it ("..., but I'd like
# to ...") is a goal, run on or not; a sentence that only hedges names no goal, whatever
# horizon word it repeats.
HEDGES_THEN_GOALS = (
    "honestly that's hard to say where i'll be but i'd love to have turned the after school "
    "club into something the kids actually look forward to",
    "i'm kind of a whatever happens happens person but i think in five years i'd like to be "
    "managing my own store somewhere in the district",
)
ONLY_HEDGES = "Long term is honestly hard to say. I'm just focused on doing a good job every day."
# Staying and being dependable, with a horizon word: content-free (rules 7 and 13).
ONLY_STAYING = "Short term, I want to be reliable and stay here a long time. I like the people."


def test_the_probe_answers_for_hedges_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((*HEDGES_THEN_GOALS, ONLY_HEDGES, ONLY_STAYING))


@pytest.mark.parametrize("text", HEDGES_THEN_GOALS, ids=["hard_to_say", "whatever_happens"])
def test_a_hedge_run_on_into_a_goal_is_a_goal_not_a_non_answer(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    result = analyse(text, rubric, judge, "five_years")
    checks = {c.id: c for c in result.checks}
    assert checks["long_term_goal"].ok, [(s.label, s.text) for s in result.sentences]
    assert not checks["non_answer"].found, checks["non_answer"].reason


def test_a_hedge_naming_only_the_horizon_is_a_non_answer(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(ONLY_HEDGES, rubric, judge, "long_term_goals")
    assert result.sentences[0].label == "other", result.sentences[0].reason
    checks = {c.id: c for c in result.checks}
    assert checks["non_answer"].found, checks["non_answer"].reason


def test_a_content_free_goal_with_a_horizon_word_is_no_goal(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(ONLY_STAYING, rubric, judge, "short_term_goals")
    assert result.sentences[0].label == "other", result.sentences[0].reason
    checks = {c.id: c for c in result.checks}
    assert checks["non_answer"].found, checks["non_answer"].reason


def test_personal_life_in_career_clothes_stays_personal(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(CAREER_CLOTHES, rubric, judge)
    labels = {s.text.split(",")[0]: s.label for s in result.sentences}
    assert labels["Career-wise"] == "other"
    assert labels["Job-wise"] in ("short_term", "long_term")
    checks = {c.id: c for c in result.checks}
    assert checks["off_topic_personal"].found, checks["off_topic_personal"].reason


# A chain of titles with no "title", "promotion" or "then": the roles themselves are the goal.
TITLE_CHAIN = (
    "In five years? Crew member, crew trainer, shift supervisor, maybe restaurant manager "
    "after that. I want the badge."
)
ROLES_AS_PEOPLE = (
    "In five years I'd like to be the shift lead the supervisor and the manager both lean on "
    "when a delivery goes wrong, and I'm doing the food safety course now."
)


def test_the_probe_answers_for_a_chain_of_titles_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((TITLE_CHAIN, ROLES_AS_PEOPLE))


def test_a_bare_chain_of_titles_is_title_focus(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    checks = {c.id: c for c in analyse(TITLE_CHAIN, rubric, judge, "five_years").checks}
    assert checks["title_focus"].found, checks["title_focus"].reason


def test_roles_of_the_people_a_goal_works_with_are_no_chain(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(ROLES_AS_PEOPLE, rubric, judge, "five_years")) == []
