"""An answer's opening echo of its question is an opener, cut off the goal it runs into."""

from __future__ import annotations

import pytest

from speakprep.core.content import analyze_content
from speakprep.core.rubric import load_rubric
from speakprep.core.text import transcript_from_text


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


def _sentences(text: str, question: str, rubric) -> list[tuple[str, str]]:
    result = analyze_content(
        transcript_from_text(text), rubric=rubric, question=rubric.question(question)
    )
    return [(s.text, s.label) for s in result.sentences]


def test_an_echo_of_the_question_is_cut_off_the_goal_after_it(rubric) -> None:
    said = _sentences(
        "so um goals yeah i wanna get moved up to lead installer on the solar crew by next summer",
        "career_goals",
        rubric,
    )
    assert said[0] == ("so um goals yeah", "other")
    assert said[1] == (
        "i wanna get moved up to lead installer on the solar crew by next summer",
        "short_term",
    )


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # A time phrase dates the goal (and gives the specific check its timeframe).
        (
            "five years i want to be running the parts department for the whole dealership",
            "five_years",
        ),
        # A time phrase of the goal's clause, however it opens.
        ("honestly in five years i want to be running the parts department", "five_years"),
        ("five years from now, i'd hope to be running the parts department", "five_years"),
        # The echoed words are the subject of a cleft: "the direction i'm going is ...".
        ("well the direction i'm going is heavy diesel work on the big rigs", "career_direction"),
    ],
)
def test_an_opening_that_belongs_to_the_goal_stays_on_it(text: str, question: str, rubric) -> None:
    assert _sentences(text, question, rubric)[0][0] == text


@pytest.mark.parametrize(
    ("echo", "goal"),
    [
        ("um so five years uh yeah", "i see myself on the network team handling the hospital wifi"),
        ("okay five years", "i see myself as a team lead on the network side here"),
    ],
)
def test_an_echoed_horizon_is_cut_off_and_still_dates_the_goal(
    echo: str, goal: str, rubric
) -> None:
    # A count of years said to oneself (with "um", "okay") only repeats the question
    # (labelling.md rule 9), and it still dates the goal after it (rule 11) for the checks.
    result = analyze_content(
        transcript_from_text(f"{echo} {goal}"),
        rubric=rubric,
        question=rubric.question("five_years"),
    )
    assert [(s.text, s.label) for s in result.sentences] == [(echo, "other"), (goal, "long_term")]
    assert {c.id: c.found for c in result.checks}["specific"]


def test_a_horizon_of_its_own_sentence_dates_the_goal_after_it(rubric) -> None:
    # "Ten years." typed as a sentence of its own: the goal after it is a ten-year goal.
    goal = "I want to be running the parts counter."
    assert _sentences(f"Um, two years. {goal}", "career_goals", rubric) == [
        ("Um, two years.", "other"),
        (goal, "short_term"),
    ]
    assert _sentences(f"Okay, ten years. {goal}", "career_goals", rubric)[1] == (goal, "long_term")


def test_a_hyphenated_word_of_the_question_is_echoed_by_its_parts(rubric) -> None:
    # "What are your long-term career goals?" echoed as "um long term, okay".
    said = _sentences(
        "um long term, okay i'd like to end up running the parts warehouse for the whole region",
        "long_term_goals",
        rubric,
    )
    assert said[0] == ("um long term, okay", "other")
    assert said[1][1] == "long_term"


def test_a_clause_after_an_echoed_horizon_is_no_relative_clause_on_it(rubric) -> None:
    # "my big one is ..." opens the goal: no word of the question comes just before it for a
    # relative clause to name (as "the direction i'm going is ..." names "direction").
    said = _sentences(
        "okay short term, um so my big one is i want to run the saturday shift alone in my "
        "first year",
        "short_term_goals",
        rubric,
    )
    assert said[0] == ("okay short term, um so", "other")
    assert said[1][1] == "short_term"
