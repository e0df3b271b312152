"""Pitfalls that must not be raised on strong answers, and paraphrases that must be found.

Each probe is written for these tests (none of its sentences is in the train or dev answers;
a test checks that), in the ways two writers the head never saw tripped the judgement: a past
promotion read as a title goal, "your job posting" read as the interviewer's job, money a
store loses read as pay, leisure the candidate only does read as a personal goal, an opener
that repeats the question read as a goal. Everything runs the real packaged encoder and head.
"""

from __future__ import annotations

import pytest

from speakprep.core.models import ContentResult
from tests import test_content_model as shared
from tests.judging import analyse

PAST_PROMOTIONS = (
    "I've worked in hotel kitchens for eight years. I was promoted from line cook to sous chef "
    "in eighteen months at my last place, mostly because I rebuilt their prep lists. In my "
    "first year here I want to cut the brunch ticket times by a third. In five years I'd like "
    "to be running the pastry side of this kitchen and training the new cooks on it."
)
JOB_POSTING = (
    "In my first six months at Halden, I'd like to clean up the returns data, which your job "
    "posting mentions as the biggest gap. Longer term, I want to build the forecasting model "
    "the merchandising team plans with, and I'm taking a time-series course to get there."
)
STORE_LOSES_MONEY = (
    "For the first year, I want to get shrink on the back dock under control, because that's "
    "where a grocery store loses money without noticing. I've signed up for your assistant "
    "manager training. In five years I'd like to manage one of your larger stores."
)
TRAVEL_BACKGROUND = (
    "I travel a lot over the school holidays, and I turn the maps and photos into lessons. "
    "This year I'd like to build a map-reading unit the whole fifth grade here can use. "
    "Longer term, I want to become the district's geography lead, and I'm doing the state's "
    "curriculum design course to get there."
)
TRAVEL_PERK = (
    "I've been a gate agent for six years. Getting to travel is a nice perk, but it's not "
    "the reason I applied. In the next two years I want to qualify as a ramp supervisor, and "
    "in five years I'd like to run the ground operations training for this station."
)
# Titles named only to be dismissed, and a personal aside a "but" turns from to the career:
# the title model was sure of such a sentence (0.99) and the personal model leant to one (0.92).
TITLES_DISMISSED = (
    "In five years I'd like to be the person who designs the data platform your clinics run "
    "on. Whether the door says manager or principal is secondary. I'm sitting the cloud "
    "architect exam this spring."
)
ASIDE_SET_ASIDE = (
    "ha well my kids would say it's to go fishing every weekend but work wise "
    "i want to run the night shift at this depot within a year "
    "and i've done the forklift instructor course already"
)
COMMISSION_WORK = (
    "Selling policies is commission work, so I know my income depends on doing it well. In "
    "my first year I want to learn your commercial lines and keep every renewal I inherit, "
    "and later I would like to train the new agents here."
)
RANK_LEFT_BEHIND = (
    "I left the police at the rank of sergeant after fifteen years. What I want here is to "
    "get the control room at the port working one way on every shift in my first year, and "
    "later I'd like to move into emergency planning for your sites."
)
# The same aside with no personal word the rules know: the personal model alone called it.
ASIDE_IN_OTHER_WORDS = (
    "My sister would tell you my goal is a bigger vegetable patch, but my real focus is the "
    "libraries. In the first year I want to start a homework club in each of the three "
    "branches that have none, and later I'd like to lead the service's children's work."
)
# Personal life and a business of one's own in what other people say of the candidate.
SAID_OF_ME = (
    "My friends joke that I'll have my own bakery one day, but honestly I love working in a "
    "team. Everyone thinks a pastry job is a holiday, though it's early starts. In the next "
    "year I want to run the laminated dough section here on my own."
)
PROBES = (
    PAST_PROMOTIONS,
    JOB_POSTING,
    STORE_LOSES_MONEY,
    TRAVEL_BACKGROUND,
    TRAVEL_PERK,
    TITLES_DISMISSED,
    ASIDE_SET_ASIDE,
    COMMISSION_WORK,
    RANK_LEFT_BEHIND,
    ASIDE_IN_OTHER_WORDS,
    SAID_OF_ME,
)


def raised(result: ContentResult) -> list[tuple[str, str]]:
    return [(c.id, c.reason) for c in result.checks if c.pitfall and c.found]


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(PROBES)


@pytest.mark.parametrize(
    "text",
    PROBES,
    ids=[
        "past_promotion",
        "job_posting",
        "store_loses",
        "travels",
        "perk",
        "dismissed",
        "aside",
        "commission",
        "rank_left",
        "aside_words",
        "said_of_me",
    ],
)
def test_a_strong_answer_raises_no_pitfall(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, judge)) == []


def test_a_past_promotion_is_no_title_goal_but_a_ladder_of_goals_is(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # The same past promotion, and a goal that is nothing but more of them.
    ladder = (
        "I was promoted from line cook to sous chef in eighteen months at my last place. "
        "Next I want to make head chef, then executive chef, and keep getting promoted "
        "every couple of years, as fast as I can."
    )
    checks = {c.id: c for c in analyse(ladder, rubric, judge).checks}
    assert checks["title_focus"].found, checks["title_focus"].reason


def test_the_interviewers_job_is_still_unrealistic(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "I just finished my degree. In five years I'd like to have your job, honestly.",
        "honestly in 2 years i want ur job lol",  # typed in a hurry
    ):
        checks = {c.id: c for c in analyse(text, rubric, judge).checks}
        assert checks["unrealistic_ambition"].found, text


def test_a_personal_wish_to_travel_is_still_off_topic(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    text = (
        "In my first year I want to learn every route this depot runs. Honestly, what I'd "
        "love most is to travel around Asia with my girlfriend for a few months."
    )
    checks = {c.id: c for c in analyse(text, rubric, judge).checks}
    assert checks["off_topic_personal"].found


def test_an_opener_that_repeats_the_question_is_no_goal(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    hedged = "Um, five years. Long term. I honestly don't know, I take it day by day."
    result = analyse(hedged, rubric, judge, question="five_years")
    assert [s.label for s in result.sentences] == ["other", "other", "other"]
    assert "repeats the question" in result.sentences[0].reason
    assert {c.id: c.found for c in result.checks}["non_answer"]


def test_a_legacy_told_as_what_they_would_say_is_a_goal(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # "they'd say | I was ..." is one sentence, and a hope for the end of a career.
    text = (
        "oh wow i don't know that's a long way off but i'd hope they'd say i was the nurse "
        "the new grads went to first and that i never rushed a family"
    )
    result = analyse(text, rubric, judge, question="retirement_party")
    assert [s.label for s in result.sentences] == ["long_term"]
    assert not {c.id: c.found for c in result.checks}["non_answer"]


def test_a_legacy_goes_on_in_a_that_clause(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # The rules read the "that" clause as more of the legacy before it (rule 6); the head,
    # reading "never" in the past tense, put it at other 0.95.
    text = (
        "I'd hope they'd say I was the one you brought the strange wiring faults to. "
        "And that I never sent a van back out I wasn't sure about."
    )
    shared.assert_not_in_corpus([text])
    result = analyse(text, rubric, judge, question="retirement_party")
    assert [s.label for s in result.sentences] == ["long_term", "long_term"]


@pytest.mark.parametrize(
    "denial",
    [
        "Whether the title on my badge says lead or principal is secondary.",
        "Whether the org chart calls me a manager or a specialist is secondary.",
    ],
)
def test_a_denied_role_is_no_goal(rubric, judge, denial: str) -> None:  # type: ignore[no-untyped-def]
    # Roles named only to be denied (labelling.md rule 9): the head read such a sentence as
    # a goal or a plan (these two: plan, long_term); the goal and the step around it keep
    # their labels.
    text = (
        "In five years I want to be the engineer who owns the billing platform. "
        f"{denial} I'm already on call for billing."
    )
    shared.assert_not_in_corpus([text])
    labels = [s.label for s in analyse(text, rubric, judge, question="five_years").sentences]
    assert labels == ["long_term", "other", "plan"], labels


def test_a_time_in_the_goals_condition_does_not_date_the_goal(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Longer term, I'd like to step up to operations director, once I've proven myself "
        "in this role for a few years."
    )
    for labeller in (None, judge):  # the rules' horizon, and the judgement's on top of it
        result = analyse(text, rubric, labeller)
        assert [s.label for s in result.sentences] == ["long_term"]


def test_a_senior_candidates_executive_goal_is_plausible_to_the_model_too(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    goal = "My long-term goal is to run merchandising for a national chain as its VP."
    senior = "I've spent fifteen years managing buying teams for two grocers. " + goal
    junior = "I started as a stock clerk last spring. " + goal
    assert not {c.id: c.found for c in analyse(senior, rubric, judge).checks}[
        "unrealistic_ambition"
    ]
    assert {c.id: c.found for c in analyse(junior, rubric, judge).checks}["unrealistic_ambition"]


@pytest.mark.parametrize(
    ("goal", "unrealistic"),
    [
        ("In five years I want to be chief of this department.", True),
        ("What I want, and soon, is to be opening my own independent pharmacy.", True),
        ("Five years from now I'd like to be running this whole library.", True),
        ("What I want to accomplish is basically my own bakery, in a year or so.", True),
        ("Eventually I'd like to lead capital planning for the whole department.", False),
        ("In five years I'd like to be running my own store for you, one of the big ones.", False),
        # Words for the trade between "my own" and the business.
        ("By next autumn I want my own dog grooming business up and running.", True),
        # A salesperson's own book of business is not a business of their own.
        ("In two years I'd like to have built my own book of business with your clients.", False),
        # An own business far off, after a plain commitment to stay first, is false.
        (
            "I plan to stay here and learn the trade properly; maybe in ten years I'd like my "
            "own landscaping company.",
            False,
        ),
    ],
)
def test_ambition_beyond_the_company_in_other_words(goal: str, unrealistic: bool, rubric) -> None:  # type: ignore[no-untyped-def]
    text = "I'm finishing my degree this spring. " + goal
    checks = {c.id: c.found for c in analyse(text, rubric, None).checks}
    assert checks["unrealistic_ambition"] is unrealistic


EMPLOYER_STATEMENTS = (
    "Your company helps clinics use their data.",
    "The firm trains new hires on its billing software every spring.",
    "This clinic runs a residency for new graduates.",
    "Your pharmacy fills about nine hundred scripts a day.",
)


@pytest.mark.parametrize("statement", EMPLOYER_STATEMENTS)
def test_a_statement_about_the_employer_is_no_step_of_the_plan(rubric, judge, statement) -> None:  # type: ignore[no-untyped-def]
    # labelling.md rule 9: what the employer does is a link, not a step the speaker takes;
    # the head read "helps clinics use their data" as a plan step (or, "runs a residency",
    # a long-term goal), and the plan check was met by it alone.
    shared.assert_not_in_corpus((statement,))
    near = "In the next year I want to get my analytics certificate."
    far = "Long term I'd like to lead a data team."
    result = shared.analyse(f"{near} {statement} {far}", rubric, judge)
    assert [s.label for s in result.sentences] == ["short_term", "other", "long_term"]
    assert not {c.id: c.found for c in result.checks}["plan"]
    # The speaker as the subject of the same work is a step of their own.
    mine = f"{near} I'm helping our clinics use their data in a course project. {far}"
    assert shared.analyse(mine, rubric, judge).sentences[1].label == "plan"


# The speaker's own goals and steps said with an impersonal subject (review19 #1): the
# subject names no employer or other person, so the sentence keeps the head's label.
IMPERSONAL_STEPS = (
    (
        "In my first year I want to handle my own caseload. The long game means a senior "
        "caseworker post in five years.",
        ["short_term", "long_term"],
        "long_term_goal",
    ),
    (
        "This year I want to start as an apprentice electrician. The apprenticeship takes "
        "four years and ends with the journeyman exam. After that I'd like to run my own crew "
        "here.",
        ["short_term", "plan", "long_term"],
        "plan",
    ),
    (
        "This year I want to finish my CompTIA certificate. The certificate opens the door to "
        "the network team.",
        ["short_term", "plan"],
        "plan",
    ),
    (
        "This year I want to finish my CompTIA certificate. The following year brings the "
        "second exam and a rotation on the pricing team.",
        ["short_term", "short_term"],
        "short_term_goal",
    ),
)


@pytest.mark.parametrize(("text", "labels", "check"), IMPERSONAL_STEPS)
def test_a_goal_or_step_with_an_impersonal_subject_is_the_speakers(  # type: ignore[no-untyped-def]
    rubric, judge, text, labels, check
) -> None:
    shared.assert_not_in_corpus((text,))
    result = shared.analyse(text, rubric, judge)
    assert [s.label for s in result.sentences] == labels
    assert {c.id: c.found for c in result.checks}[check]


def test_about_others_reads_any_case_and_needs_someone_elses_subject(rubric) -> None:  # type: ignore[no-untyped-def]
    from speakprep.core.content import about_others

    for theirs in (
        "The firm trains new hires on the claims system.",
        "YOUR PHARMACY FILLS SCRIPTS ALL DAY.",
    ):
        assert about_others(theirs, rubric), theirs
    for mine in (
        "The following year brings the second exam and a rotation on the pricing team.",
        "The certificate opens the door to the network team.",
        "The team runs the night audits, and I want to join them.",
    ):
        assert not about_others(mine, rubric), mine
