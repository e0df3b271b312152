"""A money / title / unrealistic cue named only in passing beside goals and a plan.

Unseen writers' strong answers (dev12) raised a pitfall on one sentence of background or
denial ("I ran my own bakery for eight years and closed it") beside a goal and a plan: a
rule's cue alone, with no sentence the learned model leans towards the pitfall. Such an aside
is no pitfall (checks._aside_in_a_full_answer); the same words about what is to come still
are. The probes are written for these tests (none is in the train or dev answers); every
test runs the real packaged encoder and head.
"""

from __future__ import annotations

from tests import test_content_model as shared
from tests.judging import analyse, raised

GOAL_AND_PLAN = (
    "This year I want to supervise the hospital contract here and get my infection control "
    "certificate. I've already done the first two modules online."
)
# Raised unrealistic_ambition before the change: the past business read as the way out.
PAST_BUSINESS = "I had my own cleaning company for a while and it went under in the pandemic."
FUTURE_BUSINESS = "After that I'm going back to running my own cleaning company."
PROBES = [PAST_BUSINESS + " " + GOAL_AND_PLAN, GOAL_AND_PLAN + " " + FUTURE_BUSINESS]


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(PROBES)


def test_a_past_business_beside_a_goal_and_a_plan_is_no_way_out(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(PAST_BUSINESS + " " + GOAL_AND_PLAN, rubric, judge)
    assert [s.label for s in result.sentences] == ["other", "short_term", "plan"]
    assert raised(result) == []
    check = next(c for c in result.checks if c.id == "unrealistic_ambition")
    assert "in passing" in check.reason, check.reason


def test_going_back_to_ones_own_business_is_still_a_way_out(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # The same goal and plan, the business ahead, not behind: still unrealistic here.
    result = analyse(GOAL_AND_PLAN + " " + FUTURE_BUSINESS, rubric, judge)
    assert "unrealistic_ambition" in raised(result)


def test_the_rules_alone_keep_the_aside(rubric) -> None:  # type: ignore[no-untyped-def]
    # With no judgement there is no model to ask for a second sign: the rules' finding stands
    # (the rules-only scoring, and the tests of the rules).
    result = analyse(PAST_BUSINESS + " " + GOAL_AND_PLAN, rubric, None)
    assert "unrealistic_ambition" in raised(result)


# Typed without apostrophes ("isnt", "dont"): the denial is still a denial. Raised money focus
# before negation read the apostrophe-less forms.
PAY_DENIED_UNTYPED = (
    "im a line cook now. the pay isnt why im here and i dont need a raise to stay. what i want "
    "is to run the grill station here within a year and in five years be the sous chef who "
    "trains new cooks. im doing my food safety course this spring."
)


def test_a_denial_typed_without_apostrophes_is_still_a_denial(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    shared.assert_not_in_corpus([PAY_DENIED_UNTYPED])
    assert "money_focus" not in raised(analyse(PAY_DENIED_UNTYPED, rubric, judge))
    wanted = PAY_DENIED_UNTYPED.replace("the pay isnt why im here and i dont need", "i need")
    assert "money_focus" in raised(analyse(wanted, rubric, judge))
