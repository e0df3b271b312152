"""Unrealistic ambition in paraphrase, each with a strong near miss that must stay clean.

Each probe is written for these tests (none of its sentences is in the train or dev answers; a
test checks that): running a whole side of this workplace within a year (leading a function's
training across it later is plausible); the power of the chair above the interviewer described
("the person who decides which projects get budgets here", "sitting where your head of
department sits"); the stay ended by its purpose ("two years of experience here, then go work
for an agency"; "then go for the charge nurse role here" is staying). Everything runs the real
packaged encoder and head. An executive target is plausible for a candidate already senior,
whether the answer says so or the role they are interviewing for is itself senior; an
executive the goal works with ("the buyer our COO trusts") is no target at all.
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised

WHOLE_SIDE_SOON = (
    "I passed my licensing exam last month. In my first year I'd like to be heading pharmacy "
    "for this entire hospital, because I have a lot of ideas."
)
DECIDES_BUDGETS = (
    "Long term, I want to be the person who decides which projects get budgets here and who "
    "gets hired onto them. I'm organised and people trust me."
)
EXPERIENCE_THEN_GO = (
    "Honestly the plan is to get two years of experience here, then go work for an agency "
    "that pays travel rates. I've already saved the contacts."
)
CHAIR_ABOVE = "In five years I see myself sitting where your head of department sits now."
WEAK = (WHOLE_SIDE_SOON, DECIDES_BUDGETS, EXPERIENCE_THEN_GO, CHAIR_ABOVE)

TRAINING_ACROSS = (
    "Short term I want to learn your dispensing system and the oncology protocols. Down the "
    "road, I'd like to lead medication safety training across the whole hospital, and I'm "
    "starting the residency prep course this fall."
)
THEN_GO_FOR_HERE = (
    "I'd like to get two years of experience on the ward and then go for the charge nurse "
    "role here. I'm already precepting one student a term."
)
STRONG = (TRAINING_ACROSS, THEN_GO_FOR_HERE)
# A spoken answer that wants the interviewer's job outright, after echoing the question (the
# judgement labels the sentence other); the near miss names the job only as watched.
YOUR_JOB_WANTED = (
    "what do i want to accomplish here uh to be honest i want your job and i'm a fast learner "
    "so i don't think it would take me long"
)
YOUR_JOB_WATCHED = (
    "what do i want to accomplish here uh to be honest i've watched you do your job and i want "
    "to learn the scheduling side first so i can run a shift here next year"
)
CHIEF_SOMEDAY = (
    "In my first year I want to bring your month-end close down to five working days. "
    "Somewhere down the road I see myself as chief financial officer at a firm your size."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(
        WEAK
        + STRONG
        + (CHIEF_SOMEDAY, YOUR_JOB_WANTED, YOUR_JOB_WATCHED)
        + tuple(t for t, _ in EXECUTIVES)
    )


EXECUTIVES = [
    # An executive the goal works with ...
    ("In five years I'd like to be the buyer our COO trusts with the big contracts.", False),
    ("Within five years I want to be presenting the forecast to the CFO every quarter.", False),
    # ... and one the candidate would be.
    ("In five years I'd like to become the COO of a company like this.", True),
    ("Within five years I want the CFO job at a firm like this.", True),
]


@pytest.mark.parametrize(("text", "unrealistic"), EXECUTIVES)
def test_an_executive_worked_with_is_no_target(rubric, text: str, unrealistic: bool) -> None:  # type: ignore[no-untyped-def]
    check = next(c for c in analyse(text, rubric, None).checks if c.id == "unrealistic_ambition")
    assert check.found is unrealistic, check.reason


@pytest.mark.parametrize(
    ("role", "unrealistic"), [("finance director", False), ("accounts payable clerk", True)]
)
def test_an_executive_goal_is_plausible_for_a_senior_role(
    rubric, role: str, unrealistic: bool
) -> None:  # type: ignore[no-untyped-def]
    result = analyse(CHIEF_SOMEDAY, rubric, None, role=role)
    check = next(c for c in result.checks if c.id == "unrealistic_ambition")
    assert check.found is unrealistic, check.reason


@pytest.mark.parametrize("text", WEAK, ids=["whole_side", "decides", "then_go", "chair"])
def test_an_unrealistic_goal_in_other_words_is_found(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "unrealistic_ambition" in raised(analyse(text, rubric, judge))


@pytest.mark.parametrize("text", STRONG, ids=["training_across", "then_go_for_here"])
def test_the_near_misses_raise_nothing(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, judge)) == []


@pytest.mark.parametrize(
    ("text", "unrealistic"), [(YOUR_JOB_WANTED, True), (YOUR_JOB_WATCHED, False)]
)
def test_wanting_the_interviewers_job_outright_is_found_whatever_the_label(
    rubric, judge, text: str, unrealistic: bool
) -> None:  # type: ignore[no-untyped-def]
    result = analyse(text, rubric, judge, "career_accomplish")
    assert ("unrealistic_ambition" in raised(result)) is unrealistic
