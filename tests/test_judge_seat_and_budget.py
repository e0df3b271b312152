"""The interviewer's seat described by its hiring, and a budget that is someone else's money.

"Where you're sitting", "the person across this table", "the one interviewing people for
this shop" aim at the interviewer's own chair (labelling.md: unrealistic_ambition, however it
is phrased); training the new hires is work, not the chair. "How the county spends its money"
is the employer's money, not the candidate's pay (money_focus). Each probe is written for
these tests (none of its sentences is in the train or dev answers; a test checks that).
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised

SEATS = (
    "Long term, I'd like to end up more or less where you're sitting, running this depot.",
    "In four years I want to be the person across this desk deciding who joins the team.",
    "Eventually I'd like to be the one interviewing people for this bakery, like you today.",
)
TRAINS_NEW_HIRES = (
    "In two years I'd like to be the person who trains every new hire on the bakery's night "
    "bake. I'm already writing up our dough recipes for the binder."
)
ITS_MONEY = (
    "In the next year I want to learn how the county spends its money on road repairs, and "
    "long term I'd like to run the capital planning reports. I'm taking a public finance course."
)

# A table or the hiring that is not the interviewer's (review 18, finding 2): the clients'
# side of a table, a team of one's own to hire for.
CLIENTS_TABLE = (
    "In three years I want to be the account manager sitting across the table from our "
    "biggest clients. I'm shadowing two account managers this quarter."
)
HIRES_FOR_OWN_TEAM = (
    "In a few years I'd like to lead a small support team and be the one doing the hiring "
    "for it. I already help write our onboarding checklist."
)
OWN_DESK = (
    "Next year I'd like to be the one doing the interviewing for our summer volunteers at the "
    "museum. I've sat in on two rounds already."
)
NOT_THE_CHAIR = (CLIENTS_TABLE, HIRES_FOR_OWN_TEAM, OWN_DESK)
HIRING_HERE = (
    "Long term I'd like to be the one doing the hiring here, just like you are today. I'm "
    "learning how the store schedules its staff."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((*SEATS, TRAINS_NEW_HIRES, ITS_MONEY, *NOT_THE_CHAIR, HIRING_HERE))


@pytest.mark.parametrize("text", SEATS, ids=["where_sitting", "across_desk", "interviewing"])
def test_the_interviewers_seat_described_is_unrealistic(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    rules = next(c for c in analyse(text, rubric, None).checks if c.id == "unrealistic_ambition")
    assert rules.found, rules.reason
    assert "unrealistic_ambition" in raised(analyse(text, rubric, judge))


@pytest.mark.parametrize("text", [TRAINS_NEW_HIRES, ITS_MONEY], ids=["trains", "its_money"])
def test_the_near_misses_raise_nothing(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, None)) == []
    assert raised(analyse(text, rubric, judge)) == []


@pytest.mark.parametrize("text", NOT_THE_CHAIR, ids=["clients_table", "own_team", "volunteers"])
def test_a_table_or_hiring_that_is_not_the_interviewers_raises_nothing(
    rubric, judge, text: str
) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, None)) == []
    assert raised(analyse(text, rubric, judge)) == []


def test_the_hiring_here_is_still_the_chair(rubric) -> None:  # type: ignore[no-untyped-def]
    rules = analyse(HIRING_HERE, rubric, None)
    check = next(c for c in rules.checks if c.id == "unrealistic_ambition")
    assert check.found, check.reason
