"""A goal too big for its horizon (ambition.too_big_too_soon), each with a near miss.

A rank far above the next step or renown is unrealistic within a short stated horizon: the
goal's own, the next sentence's when it only dates this one ("reach that by ..."), or any
when the speaker concedes the speed ("I know that sounds fast"). The same rank far off with a
plan is a career, and one's own business after a commitment to stay is a long-term goal, not
a way out, whatever the learned model thinks of its words. Each probe is written for these
tests (none of its sentences is in the train or dev answers; a test checks that).
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised

RANK_SOON = (
    "I just finished my placement year. Within two years I plan to be the regional director "
    "for the whole northern area, and I'm reading a lot about leadership."
)
RENOWN_DATED_NEXT = (
    "My ambition is to be a nationally recognised name in landscape design. I want to reach "
    "that by the end of next year. I sketch gardens every weekend."
)
CONCEDED = (
    "I know it sounds fast, but I'd like to be the chief executive of a logistics group. "
    "I learn quickly and I'm not afraid of hard work."
)
WEAK = (RANK_SOON, RENOWN_DATED_NEXT, CONCEDED)

RANK_FAR = (
    "In my first two years I want to run the quarterly stock audits for your northern "
    "warehouses without errors. Much further out, perhaps in fifteen years, I could see myself "
    "as a regional director, and I'm starting the supply chain diploma this autumn."
)
OWN_SHOP_AFTER_STAYING = (
    "Over the next five years I want to become the lead upholsterer on your restoration "
    "projects. Far down the road I might open a small workshop of my own, but I'm committed "
    "to building my skills here first. I'm taking an evening course in traditional springing."
)
STRONG = (RANK_FAR, OWN_SHOP_AFTER_STAYING)
# A near-term goal to mend a process here is work, not renown (review 18, finding 1); changing
# a whole industry soon still is.
FIX_THE_SYSTEM = (
    "In my first year I want to fix the whole scheduling system so nobody gets double-booked. "
    "I've already mapped where the shifts clash."
)
CHANGE_THE_STOCK_SYSTEM = (
    "Within six months I'd like to change the stock system so counts are done weekly. "
    "After that I want to train the new starters on it."
)
REWORK_THE_ROTA = (
    "By the end of this year I hope to overhaul the entire booking system for the clinic, "
    "then take on the supplier orders."
)
PROCESS_FIXES = (FIX_THE_SYSTEM, CHANGE_THE_STOCK_SYSTEM, REWORK_THE_ROTA)
# A concession far from the goal does not date it (review 18, finding 3).
CONCESSION_ELSEWHERE = (
    "For now I'm doing the usual night audits at the front desk. I'm learning the revenue "
    "reports and I cover the morning shift when someone is off. In ten years I'd like to be "
    "an area director for the group."
)
AIM_HIGH_ELSEWHERE = (
    "I know it sounds ambitious, but I want to pass all three bookkeeping exams this year. "
    "I study every evening and my manager checks my practice sets. Much later, maybe in "
    "fifteen years, I'd like to be the managing director of a firm like this one."
)
CONCESSION_NEXT_TO_GOAL = (
    "I always aim high with my goals. In ten years I'd like to be the regional director for "
    "the whole south coast. I'm starting the management course in spring."
)
INDUSTRY_SOON = (
    "Within two years I want to revolutionise the whole fitness industry with my own method. "
    "I post workout videos every day."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(
        WEAK
        + STRONG
        + PROCESS_FIXES
        + (INDUSTRY_SOON,)
        + (CONCESSION_ELSEWHERE, AIM_HIGH_ELSEWHERE, CONCESSION_NEXT_TO_GOAL)
    )


@pytest.mark.parametrize("text", WEAK, ids=["rank_soon", "renown_dated_next", "conceded"])
def test_a_goal_too_big_for_its_horizon_is_found_by_the_rules(rubric, text: str) -> None:  # type: ignore[no-untyped-def]
    check = next(c for c in analyse(text, rubric, None).checks if c.id == "unrealistic_ambition")
    assert check.found, check.reason


@pytest.mark.parametrize("text", WEAK, ids=["rank_soon", "renown_dated_next", "conceded"])
def test_a_goal_too_big_for_its_horizon_is_found_with_the_judgement(
    rubric, judge, text: str
) -> None:  # type: ignore[no-untyped-def]
    assert "unrealistic_ambition" in raised(analyse(text, rubric, judge))


@pytest.mark.parametrize("text", STRONG, ids=["rank_far", "own_shop_after_staying"])
def test_the_near_misses_raise_nothing(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, judge)) == []


def test_a_senior_candidate_may_aim_at_a_senior_rank_soon(rubric) -> None:  # type: ignore[no-untyped-def]
    result = analyse(RANK_SOON, rubric, None, role="vice president of operations")
    check = next(c for c in result.checks if c.id == "unrealistic_ambition")
    assert not check.found, check.reason


@pytest.mark.parametrize("text", PROCESS_FIXES, ids=["fix_whole", "change_stock", "overhaul"])
def test_mending_a_process_here_soon_is_not_renown(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, None)) == []
    assert raised(analyse(text, rubric, judge)) == []


def test_changing_a_whole_industry_soon_is_still_renown(rubric) -> None:  # type: ignore[no-untyped-def]
    check = next(
        c for c in analyse(INDUSTRY_SOON, rubric, None).checks if c.id == "unrealistic_ambition"
    )
    assert check.found, check.reason


@pytest.mark.parametrize(
    "text", [CONCESSION_ELSEWHERE, AIM_HIGH_ELSEWHERE], ids=["usual", "ambitious"]
)
def test_a_concession_far_from_the_goal_does_not_date_it(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, None)) == []
    assert raised(analyse(text, rubric, judge)) == []


def test_a_concession_next_to_the_goal_dates_it(rubric) -> None:  # type: ignore[no-untyped-def]
    result = analyse(CONCESSION_NEXT_TO_GOAL, rubric, None)
    check = next(c for c in result.checks if c.id == "unrealistic_ambition")
    assert check.found, check.reason
