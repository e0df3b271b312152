"""Checks agreement on the words real people use (issue 10): how a spoken or typed answer
dates a goal, counts it and names the employer.

A date the splitter cut off after a spoken goal ("... learn the drone surveys properly | in my
first couple of years and get chartered") still times it; "the next couple of years" is a
two-year horizon; a date typed in a hurry ("by end of year") and a whole counted ("all three
of the clinic's scanners") make a goal specific; "this workshop" and "the course you lot run"
name the employer. Each probe has a near miss without the cue. The probes are written for
these tests (none is in the train or dev answers); every test runs the real packaged encoder
and head.
"""

from __future__ import annotations

from speakprep.core.models import ContentResult
from speakprep.core.timeexpr import find_time_exprs
from tests import test_content_model as shared
from tests.judging import analyse

STEP = "I've done the first hydraulics module."
GOAL_CUT_OFF = (
    "so what I want is to get onto the bridge inspection crew here and learn the drone "
    "surveys properly in my first couple of years and get chartered"
)
# The same goal, then a sentence that ends, about the past: its date is the past's.
GOAL_THEN_PAST = (
    "so what I want is to get onto the bridge inspection crew here and learn the drone "
    "surveys properly. In my first couple of years at uni I did surveying."
)
TYPED_DATE = "My goal is to learn the estimating software by end of year. I'm doing the tutorials."
UNDATED = "My goal is to learn the estimating software. I'm doing the tutorials."
COUNTED = "I want to be signed off on all three of the clinic's scanners. I'm shadowing Priya."
UNCOUNTED = "I want to be signed off on the clinic's scanners. I'm shadowing Priya."
COUPLE = "In the next couple of years I'd like to run the night desk on my own. " + STEP
WORKSHOP = "I want to be the one who handles the hydraulics in this workshop. " + STEP
A_WORKSHOP = "I want to be the one who handles the hydraulics in a workshop. " + STEP
YOU_LOT = "I'd like to do the assessor course you lot run and sign off new apprentices. " + STEP
A_COURSE = "I'd like to do an assessor course and sign off new apprentices. " + STEP
PROBES = [GOAL_CUT_OFF, GOAL_THEN_PAST, TYPED_DATE, COUNTED, COUPLE, WORKSHOP, YOU_LOT]


def found(result: ContentResult) -> dict[str, bool]:
    return {c.id: c.found for c in result.checks}


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(PROBES)


def test_a_date_cut_off_after_a_spoken_goal_times_it(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    cut = analyse(GOAL_CUT_OFF, rubric, judge)
    assert cut.sentences[0].label == "short_term"
    assert found(cut)["specific"]
    # A sentence that ends, about the past, keeps its date to itself.
    assert not found(analyse(GOAL_THEN_PAST, rubric, judge))["specific"]


def test_the_next_couple_of_years_is_a_near_timeframe(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(COUPLE, rubric, judge)
    assert [s.label for s in result.sentences] == ["short_term", "plan"]
    assert found(result)["specific"]


def test_a_hurried_date_and_a_whole_counted_make_a_goal_specific(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert found(analyse(TYPED_DATE, rubric, judge))["specific"]
    assert not found(analyse(UNDATED, rubric, judge))["specific"]
    assert found(analyse(COUNTED, rubric, judge))["specific"]
    assert not found(analyse(UNCOUNTED, rubric, judge))["specific"]


def test_the_workplace_in_peoples_words_links_the_goal(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert found(analyse(WORKSHOP, rubric, judge))["employer_link"]
    assert not found(analyse(A_WORKSHOP, rubric, judge))["employer_link"]
    assert found(analyse(YOU_LOT, rubric, judge))["employer_link"]
    assert not found(analyse(A_COURSE, rubric, judge))["employer_link"]


SEASON = (
    "This season I want to lead the harbour heritage tours on my own. Later I'd like to write "
    "new routes for the company. I've done the guiding course."
)
UNSEASONED = SEASON.replace("This season I", "I")


def test_this_season_is_near_term(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    shared.assert_not_in_corpus([SEASON])
    assert analyse(SEASON, rubric, judge).sentences[0].label == "short_term"
    assert analyse(UNSEASONED, rubric, judge).sentences[0].label == "long_term"


def test_a_duration_said_as_a_heading_is_a_horizon(rubric) -> None:  # type: ignore[no-untyped-def]
    # Terse typed answers: "Two years: run small claims myself" as "Next year:" is.
    def years(text: str) -> list[float | None]:
        return [t.years for t in find_time_exprs(text, rubric.horizon, current_year=2026)]

    assert years("two years: run the small claims myself.") == [2.0]
    assert years("five years - senior associate.") == [5.0]
    # Not a duration inside a sentence about the past.
    assert years("i worked there two years: it was hard.") == []


HEAD_BUYER = (
    "In my first year I want to run the cheese counter on my own. I've been learning the "
    "ordering alongside the head buyer on Mondays."
)
A_BUYER = HEAD_BUYER.replace("the head buyer", "a buyer I know")


def test_learning_beside_the_employers_own_staff_links_the_plan(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    shared.assert_not_in_corpus([HEAD_BUYER])
    assert found(analyse(HEAD_BUYER, rubric, judge))["employer_link"]
    assert not found(analyse(A_BUYER, rubric, judge))["employer_link"]
