"""Trusting the future instead of naming a goal is a hedge (rubric.toml non_answer cues).

Labelling.md rule 13: "the right opportunities will come" names no goal. An answer that only
trusts the future and is open to anything is a non-answer though it says "I'm sure" rather
than "I don't know"; the same trust beside a goal that names its work leaves the goal stated
(a hedge followed by goals is no non-answer). Each probe is written for these tests (none of
its sentences is in the train or dev answers; a test checks that).
"""

from __future__ import annotations

from tests import test_content_model as shared
from tests.judging import analyse, raised

TRUST_ONLY = (
    "Honestly, I'm open to anything at this point. I'm sure something good will turn up if I "
    "keep showing up on time."
)
HEDGE_THEN_WORK = (
    "It's hard to say exactly where I'll be. In two years I want to be running the night "
    "shift's deliveries on my own, and I'm sure the rest will follow."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((TRUST_ONLY, HEDGE_THEN_WORK))


def test_trust_in_the_future_is_a_non_answer(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    check = next(c for c in analyse(TRUST_ONLY, rubric, None).checks if c.id == "non_answer")
    assert check.found, check.reason
    # The reason names the hedge, not only the missing goal.
    assert "will turn up" in check.reason and "open to anything" in check.reason
    assert "non_answer" in raised(analyse(TRUST_ONLY, rubric, judge))


def test_a_hedge_beside_a_goal_with_its_work_is_no_non_answer(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert "non_answer" not in raised(analyse(HEDGE_THEN_WORK, rubric, None))
    assert raised(analyse(HEDGE_THEN_WORK, rubric, judge)) == []
