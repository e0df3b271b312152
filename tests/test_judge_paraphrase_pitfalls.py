"""Pitfalls in the words real job seekers use, and pitfall-looking words in strong answers
(issue 10; labelling.md, Checks and rule 13).

A chain of titles told over two goal sentences, a ladder of seniority words, the interviewer's
work or seat described rather than named and a promise to stay with no goal are pitfalls; money
a business saves, "full time" that is the return to work after the kids start school, and
family named only as the reason for a career goal are not. Each probe is written for these
tests (a test checks none is in the labelled answers); everything runs the real packaged
encoder and head.
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised

WEAK = {
    "title_focus": (
        # Three roles over two goal sentences, the second going on "then" to the next rung.
        "I'd like to be a team lead by next spring and a supervisor the year after. "
        "Then area manager, and I'll keep going from there.",
        # Seniority words as rungs.
        "My aim is to get from associate to senior to principal before I turn thirty-five.",
        # Advancement on a schedule, a better post with a fancier name.
        "Every couple of years I want a higher position, with a fancier name on my badge.",
        # A rung named by its reach alone, and the office that comes with rank.
        "In five years I want to be a store manager, then district, with a corner office to show.",
        # Titles with a blank where the work would be.
        "Give me a few years and I'll be director of something, and one day chief whatever.",
    ),
    "unrealistic_ambition": (
        "In five years I'd honestly like to be doing exactly what you do, hiring for the branch.",
        "Long term I see myself in the role of the person interviewing me this morning.",
        "Within four years I want to be a name partner at this firm.",
        "Whoever heads this clinic today, that's the job I'd like within three years.",
        "By the end of next year I'd like to be heading up your whole billing department.",
        # The chief executive of a charity or an agency, named by its usual title.
        "Within a year I see myself as the executive director of this charity. I have ideas.",
        # The whole workplace called a "place", soon.
        "Honestly by next summer I wanna be the one running this whole place.",
    ),
    "off_topic_personal": (
        # A shift that only dates the wish names no work.
        "Honestly my goal is to get a climb in every morning before my shift and go backpacking "
        "in Peru next spring. The job just needs to fit around that.",
    ),
    "non_answer": (
        "My long-term plan is to stay at one place for the rest of my working life. "
        "I'm dependable and I don't move around.",
    ),
}
STRONG = (
    # Money the employer saves, with words between the verb and the money.
    "This year I want to rebuild our parts ordering so the depot saves serious money on "
    "rush freight. Longer term, I'd like to run purchasing for the whole region.",
    # "School" then "full time": the kids' school, and the return to work.
    "I stayed home for four years, and with my daughter starting school I'm ready to work full "
    "time again. My goal is to be processing claims at full speed within three months here.",
    # Family as the reason a career goal was chosen.
    "In the next few years I want to become a debt counsellor at your credit union, because "
    "I've watched payday loans hurt my family. I'm taking the counselling certificate now.",
    # A leisure word naming an event the work puts on for others.
    "In my first year I want to run the resort's golf tournament for corporate guests and "
    "fill every tee time. Longer term I'd like to manage all the events for the resort.",
    # Climbing as a sport and as the gear a shop sells, not the ladder.
    "I go bouldering and climb most weekends, which is how I found this shop. In my first "
    "year I want to know the climbing shoes well enough to fit anyone who walks in. Longer "
    "term I'd like to be the buyer for footwear.",
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(tuple(t for ts in WEAK.values() for t in ts) + STRONG)


@pytest.mark.parametrize(("pitfall", "text"), [(p, t) for p, texts in WEAK.items() for t in texts])
def test_a_paraphrased_pitfall_is_found(rubric, judge, pitfall: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert pitfall in raised(analyse(text, rubric, judge))


@pytest.mark.parametrize(
    "text",
    STRONG,
    ids=["business_money", "back_full_time", "family_why", "golf_event", "climbing_sport"],
)
def test_pitfall_looking_words_in_a_strong_answer_raise_nothing(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(text, rubric, judge)) == []


def test_one_move_up_or_two_roles_is_no_chain(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "I'd like to go from junior to senior developer within three years.",
        "I want to take a product from sketch to prototype to launch in my first two years.",
        "In two years I'd like to be a charge nurse, and then later a clinical educator.",
    ):
        assert "title_focus" not in raised(analyse(text, rubric, judge)), text


def test_pay_that_climbs_is_money_not_titles(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Over the next few years I want my salary to climb as quickly as it can. "
        "I'll take whichever shifts pay the most."
    )
    shared.assert_not_in_corpus((text,))
    found = raised(analyse(text, rubric, judge))
    assert "money_focus" in found
    assert "title_focus" not in found
