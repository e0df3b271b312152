"""Money as the goal versus money in passing.

Each probe is written for these tests (none of its sentences is in the train or dev answers; a
test checks that). Pay said in other words ("take home a lot more", "whichever ward pays best")
is money_focus; pay as a side benefit right after a goal about the work ("and sure, the
commission here helps") is not; income from the candidate's own studio is the plan to leave,
unrealistic_ambition's, not a pay goal. Everything runs the real packaged encoder and head.
"""

from __future__ import annotations

from tests import test_content_model as shared
from tests.test_judge_leaving import raised

rubric = shared.rubric
judge = shared.judge
analyse = shared.analyse  # the default question is career_goals

PAY_IN_OTHER_WORDS = (
    "Short term, I want to take home a lot more than I do now. "
    "After that, honestly, I'd move to whichever ward pays best."
)
COMMISSION_HELPS = (
    "This year I want to learn every product line on the flooring side well enough to quote a "
    "whole house. Within two years I'd like to be leading the flooring team, and sure, the "
    "commission here helps."
)
STUDIO_INCOME = (
    "By next spring I want my own pottery studio to bring in a full-time income. "
    "Until then this job covers the rent, and I'm selling at two markets a month."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((PAY_IN_OTHER_WORDS, COMMISSION_HELPS, STUDIO_INCOME))


def test_pay_in_other_words_is_money_focus(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(PAY_IN_OTHER_WORDS, rubric, judge)
    money = next(c for c in result.checks if c.id == "money_focus")
    assert money.found and money.evidence, raised(result)


def test_pay_as_a_side_benefit_of_a_work_goal_raises_nothing(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(COMMISSION_HELPS, rubric, judge)) == []


def test_income_from_ones_own_business_is_leaving_not_money(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    found = raised(analyse(STUDIO_INCOME, rubric, judge))
    assert "unrealistic_ambition" in found and "money_focus" not in found, found
