"""Money as the goal versus money in passing.

Each probe is written for these tests (none of its sentences is in the train or dev answers; a
test checks that). Pay said in other words ("take home a lot more", "whichever ward pays best")
is money_focus; pay as a side benefit right after a goal about the work ("and sure, the
commission here helps") is not; income from the candidate's own studio is the plan to leave,
unrealistic_ambition's, not a pay goal. Everything runs the real packaged encoder and head,
but whose money it is: pay that is someone else's ("nobody on the night shift gets a short
paycheck", "a raise for the whole crew") or the work itself ("run payroll") is no money focus,
for the rules and for the learned model alike; the same words about the candidate's own pay are.
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised
from tests.test_judge_corroboration import found_with

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


# Goal sentences with a pay cue in them, someone else's money against the candidate's own.
WHOSE_PAY = [
    ("By next year I want nobody on the night shift to get a short paycheck again.", False),
    ("By next year I want a bigger paycheck than the one I get now.", True),
    (
        "Within two years I want to win the whole crew a pay raise by cutting overtime waste.",
        False,
    ),
    ("Within two years I'd like to win a pay raise by cutting the overtime waste.", True),
    ("In five years I want to see the warehouse team's bonuses doubled.", False),
    ("In five years I want to see my bonuses doubled.", True),
    ("My goal for this year is a fairer commission plan for the junior reps.", False),
    ("My goal for this year is a fatter commission.", True),
    ("In my first year I want to process every bonus within a day of approval.", False),
    # An organisation's money spent or raised.
    ("In five years I want to decide how the county's outreach money gets spent.", False),
    ("In five years I want to lead the team raising money for the shelter.", False),
    ("In five years I want to be making a lot more money.", True),
    # The employer's people: the pay the candidate would get there.
    ("Within a year I want the quarterly bonus your support reps get.", True),
    # A retirement speech's "he" is the speaker.
    ("At my retirement I'd want them to say he always got the biggest bonus in the region.", True),
]
# The learned model's verdict on sentence 1, whose only pay word is someone else's.
CREW_PAID = (
    "I've run the site office for a roofing firm for six years. "
    "Over the next two years I want to make sure every roofer on the crews gets paid on time. "
    "I'm finishing a bookkeeping certificate at night to get there."
)
RUN_PAYROLL = (
    "I've run the site office for a roofing firm for six years. "
    "Over the next two years I want to run the payroll for all four of your depots. "
    "I'm finishing a bookkeeping certificate at night to get there."
)
# ... and on the same answer with the candidate's own pay in that sentence.
OWN_PAID = (
    "I've run the site office for a roofing firm for six years. "
    "Over the next two years I want to make sure I get paid a lot more than I do now. "
    "I'm finishing a bookkeeping certificate at night to get there."
)

# Pay conceded, then set aside by a "but" that turns to what the candidate wants: in the same
# sentence, or opening the next; the same pay with no turn, or a turn to more pay, is money.
SET_ASIDE = [
    (
        "Within eighteen months I want my journeyman card, which comes with a raise, "
        "but mostly I want to run my own jobs on the commercial sites.",
        False,
    ),
    ("Within eighteen months I want my journeyman card, which comes with a raise.", True),
    (
        "Within eighteen months I want my journeyman card, which comes with a raise, "
        "but mostly I want the bigger raise that comes after it.",
        True,
    ),
    # A turn that adds to the pay rather than ranking the work above it.
    (
        "Within eighteen months I want my journeyman card, which comes with a raise, "
        "but mostly I want to run my own jobs too.",
        True,
    ),
]
# The learned model's verdict on sentence 0, pay said as a fact before the goal.
PAY_THEN_BUT = (
    "Honestly, the pay at your depot beats what I get now, and that counts with a baby on the way. "
    "But the reason I'm applying is that I want to learn the refrigerated loads within a year."
)
PAY_THEN_AND = (
    "Honestly, the pay at your depot beats what I get now, and that counts with a baby on the way. "
    "And the reason I'm applying is that I want to learn the refrigerated loads within a year."
)
# ... and pay set aside by a plain denial in the next sentence.
PAY_THEN_DENIAL = (
    "The hourly rate at your depot is a bit higher than mine, which is nice. "
    "That isn't why I'm applying, though. "
    "Within a year I want to learn the refrigerated loads."
)
PAY_THEN_AGREE = (
    "The hourly rate at your depot is a bit higher than mine, which is nice. "
    "That counts for a lot with me, honestly. "
    "Within a year I want to learn the refrigerated loads."
)

ENVELOPE = (
    "I've run the site office for a roofing firm for six years. "
    "Over the next two years I want to be the one on the crew with the thickest envelope at "
    "the end of the month. "
    "I'm finishing a bookkeeping certificate at night to get there."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    probes = (
        PAY_IN_OTHER_WORDS,
        COMMISSION_HELPS,
        STUDIO_INCOME,
        CREW_PAID,
        RUN_PAYROLL,
        OWN_PAID,
        ENVELOPE,
        PAY_THEN_BUT,
        PAY_THEN_AND,
        PAY_THEN_DENIAL,
        PAY_THEN_AGREE,
    )
    said = tuple(text for text, _ in [*WHOSE_PAY, *SET_ASIDE])
    shared.assert_not_in_corpus(probes + said)


@pytest.mark.parametrize(("text", "money_focus"), WHOSE_PAY)
def test_someone_elses_pay_is_no_money_focus(rubric, text: str, money_focus: bool) -> None:  # type: ignore[no-untyped-def]
    money = next(c for c in analyse(text, rubric, None).checks if c.id == "money_focus")
    assert money.found is money_focus, money.reason


@pytest.mark.parametrize(("text", "money_focus"), SET_ASIDE)
def test_pay_set_aside_by_a_turn_to_the_work_is_no_money_focus(
    rubric, text: str, money_focus: bool
) -> None:  # type: ignore[no-untyped-def]
    money = next(c for c in analyse(text, rubric, None).checks if c.id == "money_focus")
    assert money.found is money_focus, money.reason


def test_the_learned_money_finding_drops_pay_set_aside_by_the_next_sentence(rubric) -> None:  # type: ignore[no-untyped-def]
    assert not found_with(PAY_THEN_BUT, rubric, "money_focus", 0, {0: 0.99})
    assert found_with(PAY_THEN_AND, rubric, "money_focus", 0, {0: 0.99})
    assert not found_with(PAY_THEN_DENIAL, rubric, "money_focus", 0, {0: 0.99})
    assert found_with(PAY_THEN_AGREE, rubric, "money_focus", 0, {0: 0.99})


def test_the_learned_money_finding_needs_the_candidates_own_pay(rubric) -> None:  # type: ignore[no-untyped-def]
    assert not found_with(CREW_PAID, rubric, "money_focus", 1, {1: 0.99})
    assert not found_with(RUN_PAYROLL, rubric, "money_focus", 1, {1: 0.99})
    assert found_with(OWN_PAID, rubric, "money_focus", 1, {1: 0.99})
    # No pay word at all: the model heard pay in other words, and is kept.
    assert found_with(ENVELOPE, rubric, "money_focus", 1, {1: 0.99})


def test_pay_in_other_words_is_money_focus(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(PAY_IN_OTHER_WORDS, rubric, judge)
    money = next(c for c in result.checks if c.id == "money_focus")
    assert money.found and money.evidence, raised(result)


def test_pay_as_a_side_benefit_of_a_work_goal_raises_nothing(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(COMMISSION_HELPS, rubric, judge)) == []


def test_income_from_ones_own_business_is_leaving_not_money(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    found = raised(analyse(STUDIO_INCOME, rubric, judge))
    assert "unrealistic_ambition" in found and "money_focus" not in found, found
