"""A pitfall word whose role in the sentence is harmless raises no pitfall on a strong answer.

Unseen writers' strong answers (dev12, dev13) raised a pitfall on one mention: pay named as the
means to a course, a bonus set aside in a cleft ("it's the pricing decisions I care about"),
the money a business's products make, money as the field of the work ("anti-money-
laundering"), juniors promoted by the candidate who mentors them, a novel filed apart from the
career, a full-time degree deferred for this job, "I like my own company" (solitude, not a
business), a business people ask about, and the past ("when I started law school", "a gap
year before university", "I grew up travelling with my parents"). Each probe below raised its
pitfall before the change; each is paired with the same answer where the mention has the
pitfall's role, which still raises it. The probes are written for these tests (none is in the
train or dev answers); every test runs the real packaged encoder and head.
"""

from __future__ import annotations

import pytest

from tests import test_content_model as shared
from tests.judging import analyse, raised

# (pitfall, strong probe, the same answer with the mention in the pitfall's role)
PAIRS = {
    "pay_as_a_means": (
        "money_focus",
        "In the next year I want to get my gas safe registration and take boiler call-outs on "
        "my own. The extra pay from the Saturday overtime is what lets me pay for my evening "
        "classes, so it matters, but it's a means to an end. Longer term I'd like to train the "
        "apprentices here. I've booked the assessment for June.",
        "In the next year I want to get my gas safe registration and take boiler call-outs on "
        "my own. The extra pay from the Saturday overtime is what I'm really after, and I want "
        "as much of it as I can get. Longer term I'd like to train the apprentices here. I've "
        "booked the assessment for June.",
    ),
    "bonus_set_aside_and_the_business_money": (
        "money_focus",
        "In my first year I want to redo the pricing so we can see which jobs actually make "
        "money. Later I'd like to run the finance side of the whole depot. If that earns me a "
        "bonus, lovely, but it's the pricing decisions I care about. I've started sitting in on "
        "the quoting meetings every Monday.",
        "In my first year I want to redo the pricing so I can make more money on commission. "
        "Later I'd like to run the finance side of the whole depot. If that earns me a bonus, "
        "lovely, and it's the bonus I care about. I've started sitting in on the quoting "
        "meetings every Monday.",
    ),
    "others_promoted": (
        "title_focus",
        "Long term my aim is to be a lead who gets juniors promoted to senior faster than the "
        "usual three years. In the next year I want to cut our rework by a third. I run a "
        "toolbox talk for the apprentices every Friday.",
        "Long term my aim is to be a lead who gets promoted to senior faster than the usual "
        "three years, then promoted again to manager. In the next year I want to cut our rework "
        "by a third. I run a toolbox talk for the apprentices every Friday.",
    ),
    "a_novel_filed_apart": (
        "off_topic_personal",
        "I'm working on a novel at weekends, but that's just for me, not a career plan. At "
        "work, I want to lead the content on one of the agency's travel accounts within a year. "
        "Eventually I'd like to be a senior editor who still writes. I'm pitching ideas on "
        "every brief I can.",
        "I'm working on a novel at weekends, and I hope to finish it by next summer. At work, I "
        "want to lead the content on one of the agency's travel accounts within a year. "
        "Eventually I'd like to be a senior editor who still writes. I'm pitching ideas on "
        "every brief I can.",
    ),
    "a_degree_deferred": (
        "unrealistic_ambition",
        "I got into a full-time MBA programme and I deferred it to take this job. In the next "
        "six months I want to build the weekly sales forecast the team keeps asking for. I've "
        "already started learning your reporting tool at night.",
        "I got into a full-time MBA programme and I start it next fall. In the next six months "
        "I want to build the weekly sales forecast the team keeps asking for. I've already "
        "started learning your reporting tool at night.",
    ),
    "own_company_as_solitude": (
        "unrealistic_ambition",
        "so yeah I drive nights because I like my own company, my kids are grown now. my goal "
        "this year is to get my hazmat endorsement so I can take the fuel runs you've got. and "
        "down the road I'd like to train your new drivers. I've done ride-alongs with two of "
        "them already.",
        "so yeah I drive nights because I want my own company in two years, my kids are grown "
        "now. my goal this year is to get my hazmat endorsement so I can take the fuel runs "
        "you've got. and down the road I'd like to train your new drivers. I've done "
        "ride-alongs with two of them already.",
    ),
    "grew_up_travelling": (
        "off_topic_personal",
        "so I grew up camping every summer with my grandparents, we went all over the "
        "highlands. and in the next year I want to run the kayaking sessions at this centre on "
        "my own. and long term I'd like to lead the centre's programme for schools. I'm doing my "
        "paddlesport instructor award this spring.",
        "so honestly I'd love to go camping every summer with my grandparents, all over the "
        "highlands. and in the next year I want to run the kayaking sessions at this centre on "
        "my own. and long term I'd like to lead the centre's programme for schools. I'm doing my "
        "paddlesport instructor award this spring.",
    ),
    "money_as_the_field_of_the_work": (
        "money_focus",
        "Salary was not what decided it for me; your anti-money-laundering team was. In my "
        "first year I want to run the sanctions screening reviews for the business accounts. "
        "Later I'd like to lead financial crime investigations here. I'm completing the "
        "anti-money laundering diploma this spring.",
        "A bigger salary is what decided it for me. In my first year I want to earn more money "
        "than I did at the bank. Later I'd like to lead financial crime investigations here. "
        "I'm completing the anti-money laundering diploma this spring.",
    ),
    "what_people_ask": (
        "off_topic_personal",
        "people keep asking if I want my own gym, and honestly maybe one day, but not for a long "
        "time. long term I'd like to be the head of personal training here, mentoring the new "
        "trainers across both clubs. this year I want to get my level 4 in exercise referral. "
        "I've booked the course for May.",
        "people keep asking if I want my own gym with a sauna, and honestly, yes, just for me "
        "and my mates. long term I'd like to be the head of personal training here, mentoring "
        "the new trainers across both clubs. this year I want to get my level 4 in exercise "
        "referral. I've booked the course for May.",
    ),
}
# A way out told as a past fact right before it (CheckInput.meant, ``[language] past_facts``):
# the rules alone, which have no learned second sign to set an aside by
# (checks._aside_in_a_full_answer).
SCHOOL_BEHIND = (
    "When I started law school I assumed I'd end up at a big firm. Long term I want to be an "
    "employment law specialist who helps small charities. In the next two years I want to "
    "qualify into your employment team. I'm doing the advocacy course and sitting in on every "
    "tribunal hearing I can."
)
SCHOOL_AHEAD = SCHOOL_BEHIND.replace(
    "When I started law school I assumed I'd end up at a big firm.",
    "After two years here I'm off to law school.",
)
GAP_YEAR_TAKEN = (
    "I took a gap year before college, working on farms, which is where I got into soil "
    "science. In my first two years here I want to run the soil sampling programme on my own. "
    "Long term I'd like to lead the company's regenerative farming trials. I've joined the "
    "graduate rotation in the agronomy team."
)
GAP_YEAR_AHEAD = GAP_YEAR_TAKEN.replace(
    "I took a gap year before college, working on farms, which is where I got into soil science.",
    "I'm taking a gap year next summer to travel before I settle.",
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    texts = [text for _, *texts in PAIRS.values() for text in texts]
    shared.assert_not_in_corpus([*texts, SCHOOL_BEHIND, SCHOOL_AHEAD, GAP_YEAR_TAKEN])


@pytest.mark.parametrize(
    ("behind", "ahead"), [(SCHOOL_BEHIND, SCHOOL_AHEAD), (GAP_YEAR_TAKEN, GAP_YEAR_AHEAD)]
)
def test_a_way_out_told_as_a_past_fact_is_behind_the_speaker(rubric, behind, ahead) -> None:  # type: ignore[no-untyped-def]
    assert "unrealistic_ambition" not in raised(analyse(behind, rubric, None))
    assert "unrealistic_ambition" in raised(analyse(ahead, rubric, None))


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_a_harmless_mention_raises_no_pitfall(rubric, judge, case) -> None:  # type: ignore[no-untyped-def]
    _, strong, _ = PAIRS[case]
    assert raised(analyse(strong, rubric, judge)) == []


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_the_same_mention_in_the_pitfalls_role_still_raises_it(rubric, judge, case) -> None:  # type: ignore[no-untyped-def]
    pitfall, _, weak = PAIRS[case]
    assert pitfall in raised(analyse(weak, rubric, judge))


# Review probes (session 20) where the mention is in the pitfall's role after all, each with
# its twin where it is not: (pitfall, judge or the rules alone, raises it, raises it not).
# Every probe answer ends with the same plan frame.
FRAME = (
    " In the next year I want to run the month-end close for the retail division on my own. "
    "I've started the CIMA evening course."
)
ROLE_PAIRS = {
    # A refusal by someone else denies nothing of the speaker's; the speaker's own does.
    "refused_by_others": (
        "money_focus",
        True,
        "I asked for a raise and they turned it down, so my real goal is a much bigger salary."
        + FRAME,
        "I turned down a much bigger salary at the bank to come here." + FRAME,
    ),
    # A promotion the speaker refused is no denial of the goal in the reason clause.
    "refused_promotion_then_a_goal": (
        "title_focus",
        True,
        "I turned down a promotion last year because I want to become director within a year."
        + FRAME,
        "I turned down a promotion last year because I want to stay close to the customers."
        + FRAME,
    ),
    # A refusal taken back ("after all") is no refusal.
    "refusal_taken_back": (
        "unrealistic_ambition",
        False,
        "I turned down a place at law school, but I'm going next autumn after all." + FRAME,
        "I turned down a place at law school, and I'm glad I did." + FRAME,
    ),
    # What people ask, answered yes, is the speaker's wish; a "yeah" after what they say is
    # a filler.
    "asked_and_answered": (
        "unrealistic_ambition",
        True,
        "My boss asked if I want my own bakery one day, and I absolutely do." + FRAME,
        "My friends always say I should open my own bakery, yeah, but I'm happy here leading "
        "the pastry section." + FRAME,
    ),
    "asked_and_answered_yes": (
        "unrealistic_ambition",
        True,
        "My family keeps asking if I want to be CEO one day, and the answer is yes." + FRAME,
        "My family always says I'll be the CEO one day, yeah, and I just laugh." + FRAME,
    ),
    # A pastime is filed apart by a "but" or a "just", not by a plain "it's personal".
    "a_plain_its_personal": (
        "off_topic_personal",
        True,
        "I'm planning a year of travel around Asia next year, it's personal." + FRAME,
        "I'm planning a year of travel around Asia next year, but that's just for me." + FRAME,
    ),
    # A senior rank the goal works with is no rank aimed at, soon or not.
    "a_rank_addressed": (
        "unrealistic_ambition",
        False,
        "In three years I want to be the chief executive of the retail division." + FRAME,
        "In three years I want to present our carbon plan to the chief executive." + FRAME,
    ),
    # Others own a promotion only when the person word governs it.
    "own_promotion_after_helping_others": (
        "title_focus",
        True,
        "My goal is to help the juniors and get promoted to manager as fast as I can." + FRAME,
        "My goal is to help the juniors get promoted to manager as fast as they can." + FRAME,
    ),
}


def test_the_role_probes_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus([t for *_, a, b in ROLE_PAIRS.values() for t in (a, b)])


@pytest.mark.parametrize("case", sorted(ROLE_PAIRS))
def test_a_mention_in_the_pitfalls_role_raises_it_and_its_twin_not(rubric, judge, case) -> None:  # type: ignore[no-untyped-def]
    pitfall, with_judge, raises, quiet = ROLE_PAIRS[case]
    model = judge if with_judge else None
    assert pitfall in raised(analyse(raises, rubric, model))
    assert pitfall not in raised(analyse(quiet, rubric, model))


def test_a_refusal_by_someone_else_leaves_the_goal_standing(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # Alone, not a denied non-answer: the money goal after "so" is the speaker's.
    refused = (
        "I asked for a raise and it was declined, so now my real goal is a much bigger salary."
    )
    assert raised(analyse(refused, rubric, judge)) == ["money_focus"]


def test_a_pastime_is_filed_apart_only_by_a_filing_apart_frame(rubric) -> None:  # type: ignore[no-untyped-def]
    habit = rubric.check("off_topic_personal").cue("habit")
    trip = "i'm planning a year of travel around asia next year"
    assert habit.search(f"{trip}, but that's just for me") is not None
    assert habit.search(f"{trip}, that's not a career plan") is not None
    # A plain "it's personal" after the wish files nothing apart: the wish stands.
    assert habit.search(f"{trip}, it's personal") is None
    assert habit.search(f"{trip}, not a job for life") is None
