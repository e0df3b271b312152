"""Rubric checks, segments, and the accuracy gate on the labelled answer sets."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from speakprep.core.check_input import others_view
from speakprep.core.content import analyze_content
from speakprep.core.models import ContentResult, Transcript, Word
from speakprep.core.rubric import load_rubric
from speakprep.core.text import join_timed_words, transcript_from_text
from tests.reports import GOOD_ANSWER, timed_report

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "tests/data/answers"


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "content_accuracy", ROOT / "benchmarks/content_accuracy.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rubric():
    return load_rubric()


@pytest.fixture(scope="module")
def bench():
    return _benchmark()


def analyse(text: str, rubric, question: str | None = None, **kwargs) -> ContentResult:
    return analyze_content(
        transcript_from_text(text), rubric=rubric, question=rubric.question(question), **kwargs
    )


def shared_assert_not_in_corpus(*texts: str) -> None:
    from tests.test_content_model import assert_not_in_corpus

    assert_not_in_corpus(texts)


def found(result: ContentResult) -> dict[str, bool]:
    return {c.id: c.found for c in result.checks}


PITFALLS = (
    "money_focus",
    "title_focus",
    "unrealistic_ambition",
    "off_topic_personal",
    "non_answer",
)


# --- the seed articles' example answers --------------------------------------------------


def _seed_answers(bench):
    return {a.id: a for a in bench.load_answers([ANSWERS / "train/seeds.toml"])}


def test_seed_good_answers_pass_their_checks_and_trip_no_pitfall(rubric, bench) -> None:
    for answer in _seed_answers(bench).values():
        if answer.id == "seed001_party":
            continue
        result = bench.analyse(answer, rubric)
        got = found(result)
        labels = {label for _, _, label in answer.spans}
        for check, label in (
            ("short_term_goal", "short_term"),
            ("long_term_goal", "long_term"),
            ("plan", "plan"),
        ):
            if label in labels:  # "as applicable": the goals the example actually states
                assert got[check], (answer.id, check)
        assert not any(got[p] for p in PITFALLS), (answer.id, got)
        for c in result.checks:
            if c.pitfall:
                assert c.ok and c.status == "pass"


def test_seed_party_answer_fails(rubric, bench) -> None:
    answer = _seed_answers(bench)["seed001_party"]
    result = bench.analyse(answer, rubric)
    got = found(result)
    assert got["non_answer"] and got["off_topic_personal"]
    assert not got["short_term_goal"] and not got["long_term_goal"] and not got["plan"]
    statuses = {c.id: c.status for c in result.checks}
    assert statuses["non_answer"] == "fail"
    assert statuses["off_topic_personal"] == "fail"
    assert statuses["short_term_goal"] == "fail"


# --- targeted check cases ------------------------------------------------------------------

GOOD = (
    "In the next two years, I want to become a charge nurse on your cardiac unit. "
    "I'm taking a leadership course your hospital offers. "
    "Long term, I'd like to move into nurse education."
)


def test_negated_pitfalls_never_trip(rubric) -> None:
    text = (
        "It's not about the money for me. I'm not chasing titles or promotions. "
        "I'd never want to be CEO. " + GOOD
    )
    got = found(analyse(text, rubric))
    assert not any(got[p] for p in PITFALLS), got
    assert got["short_term_goal"] and got["long_term_goal"] and got["plan"]


def test_money_focus(rubric) -> None:
    got = found(
        analyse(
            "My goal in the first year is to earn 80,000 dollars in commission. "
            "In five years I want to be making six figures.",
            rubric,
        )
    )
    assert got["money_focus"] and got["specific"]
    assert got["short_term_goal"] and got["long_term_goal"]  # money goals are still goals


def test_single_passing_salary_mention_is_not_money_focus(rubric) -> None:
    got = found(analyse("Salary matters to everyone, of course. " + GOOD, rubric))
    assert not got["money_focus"]


def test_pay_named_as_the_jobs_nature_or_its_work_is_not_money_focus(rubric) -> None:
    """How the job pays ("commission work", pay that depends on doing the work well) and pay
    in the list of what the work oversees are facts about the job, not pay as the goal; a
    goal about one's own commission still is."""
    for text in (
        "Letting agency work is commission work. My income depends on how well I treat "
        "landlords. " + GOOD,
        "Long term I'd like to lead the lettings office, managing viewings, deposits and "
        "income. " + GOOD,
    ):
        assert not found(analyse(text, rubric))["money_focus"], text
    goal = "Letting agency work is commission work. My goal is to double my commission in a year."
    assert found(analyse(goal, rubric))["money_focus"]


def test_pay_and_leisure_words_for_the_things_the_work_makes_or_is_done_in(rubric) -> None:
    """Payments the work makes to others, a game's bonus levels, a golf course or a fishing
    fleet the work is done on are the work; pay, a boat or a course of one's own are not."""
    for text, pitfall in (
        (
            "In my first year I want to make the bonus and commission payments on time.",
            "money_focus",
        ),
        ("In my first year I want to design the bonus levels for your next game.", "money_focus"),
        (
            "Eventually I'd like to be head greenkeeper on a championship golf course.",
            "off_topic_personal",
        ),
        ("I crewed on fishing boats for six years before this.", "off_topic_personal"),
    ):
        assert not found(analyse(text + " " + GOOD, rubric))[pitfall], text
    for text, pitfall in (
        ("In my first year I want to make my bonus every single quarter.", "money_focus"),
        ("Eventually I'd love to golf every weekend with my brother.", "off_topic_personal"),
    ):
        assert found(analyse(text + " " + GOOD, rubric))[pitfall], text


def test_title_focus_vs_one_plausible_next_role(rubric) -> None:
    ladder = found(
        analyse(
            "I want to get promoted to manager within a year. Then I want the director title. "
            "Climbing the ladder fast matters to me.",
            rubric,
        )
    )
    assert ladder["title_focus"] and not ladder["unrealistic_ambition"]
    one_role = found(
        analyse("In five years, I'd like to be a staff engineer who owns a core service.", rubric)
    )
    assert not one_role["title_focus"]


@pytest.mark.parametrize(
    "ladder",
    [
        # Moving up in any tense, and levels counted, are the ladder without the word "title".
        "Within five years I want to have moved up at least two levels in the plant.",
        "My aim is that I move up fast, a couple of levels by the time I'm thirty.",
        # Promotions gathered as a haul.
        "Over the next five years I'd like to collect as many promotions as I can here.",
        "I plan to rack up a few promotions quickly once I've learned the accounts.",
        # Rungs with their trade before them, and the rung above whatever it is.
        "In a year I want team lead, then workforce manager, then whatever sits above that.",
    ],
)
def test_title_focus_in_paraphrase(rubric, ladder: str) -> None:
    assert found(analyse(ladder, rubric))["title_focus"]


def test_one_level_word_or_one_promotion_is_not_title_focus(rubric) -> None:
    for text in (
        "In three years I'd like to teach two grades of maths and lead the robotics club.",
        "I'd like to collect enough field data to publish my first paper within two years.",
        "The training covers three levels of first aid, and I'd like to finish them all.",
        "This year I want to learn the billing system, then lead the audit of our vendors.",
    ):
        assert not found(analyse(text, rubric))["title_focus"], text


def test_executive_target_is_unrealistic_not_title_focus(rubric) -> None:
    got = found(analyse("My goal is to be the CEO of this company one day. " + GOOD, rubric))
    assert got["unrealistic_ambition"] and not got["title_focus"]
    senior = found(
        analyse(
            "I'm currently a director of operations. In five years I'd like to be a VP of "
            "operations here.",
            rubric,
        )
    )
    assert not senior["unrealistic_ambition"]


def test_stop_gap_is_unrealistic_and_not_an_employer_link(rubric) -> None:
    got = found(
        analyse(
            "This job would be a stop-gap while I save for law school. "
            "Ultimately I want to become an attorney.",
            rubric,
            company="Acme Logistics",
        )
    )
    assert got["unrealistic_ambition"]
    assert not got["employer_link"]


def test_own_practice_with_commitment_to_stay_is_fine(rubric) -> None:
    stay = found(
        analyse(
            "Within the next decade, I want to start my own investment firm. "
            "However, first I want to gain experience as an account manager with a large company "
            "like yours.",
            rubric,
        )
    )
    assert not stay["unrealistic_ambition"]
    leave = found(
        analyse(
            "In two years I want to learn your scheduling system. After that I want to open my own "
            "salon.",
            rubric,
        )
    )
    assert leave["unrealistic_ambition"]


def test_paraphrased_chair_and_leaving_goals_are_unrealistic(rubric) -> None:
    for goal in (
        "Down the road, I'd like to be sitting where you are, running the department.",
        "The direction I want is to be fully freelance, choosing my own clients.",
        "In five years I picture a tutoring center of my own.",
    ):
        assert found(analyse(goal, rubric))["unrealistic_ambition"], goal
    assert not found(analyse("I'd like a team of my own to lead here.", rubric))[
        "unrealistic_ambition"
    ]


def test_a_leaving_goal_put_off_is_no_plan_to_leave(rubric) -> None:
    """ "Maybe someday, but not any time soon": the put-off follows the leaving cue across a
    "but", in its own sentence or the next, and the same goal not put off stays a plan to
    leave (the pair differs only in the put-off)."""
    goal = (
        "In five years I see myself as a senior paralegal running discovery on your litigation "
        "files. "
    )
    for later in (
        "People ask if I'll go to law school and honestly, maybe someday, but not any time soon.",
        "Would I open my own cafe one day? Maybe someday, but not any time soon.",
        # put off before the cue in its own clause, and "far off" after it
        "And maybe one day a practice of my own, I would like that.",
        "I'd love to open my own cafe, but that's really far off.",
    ):
        assert not found(analyse(goal + later, rubric))["unrealistic_ambition"], later
    for soon in (
        "People ask if I'll go to law school and honestly, yes, next fall.",
        "Would I open my own cafe one day? Yes, within two years.",
    ):
        assert found(analyse(goal + soon, rubric))["unrealistic_ambition"], soon


@pytest.mark.parametrize(
    "text",
    [
        # "Not now" says "not immediately", not "far off": a way out soon is still one.
        "I want to start my own business, not right now, but in two years.",
        "I'd go to law school, not now but next fall.",
        "I plan to start my own agency. My portfolio is not ready yet, not until next year.",
    ],
)
def test_a_way_out_only_not_immediate_is_still_leaving(rubric, text: str) -> None:
    assert found(analyse(text, rubric))["unrealistic_ambition"], text


@pytest.mark.parametrize(
    "later",
    [
        "Maybe someday I'd like to go to law school.",
        "I might go to law school down the road.",
        "I want to go to law school down the road, but not any time soon.",
        "Next year I want to start law school.",
    ],
)
def test_ambition_and_the_employer_link_agree_on_a_way_out(rubric, later: str) -> None:
    """One rule says whether a way out is put off: the ambition check and the employer
    check's "stop-gap" reason never contradict each other on the same answer."""
    goal = (
        "In five years I see myself as a senior paralegal running discovery on your litigation "
        "files here at Reyes and Cole. "
    )
    result = analyse(goal + later, rubric)
    checks = {c.id: c for c in result.checks}
    stop_gap = checks["employer_link"].reason == "the answer treats this job as a stop-gap"
    assert checks["unrealistic_ambition"].found is stop_gap, later


def test_family_as_the_reason_for_a_choice_is_no_personal_drift(rubric) -> None:
    """A choice told with the family as its reason is background (labelling.md rule 1); the
    same wish on its own, or leisure in the reason, is the answer drifting."""
    goal = "In five years I see myself as a driver trainer for Cascade. "
    passing = "I went regional instead of over-the-road because I want to be home for my kids."
    assert not found(analyse(passing + " " + goal, rubric))["off_topic_personal"]
    # The reason named as such ("part of why I'm ... is that"), not only after "because".
    named = "Part of why I'm moving is that my mother is ill and I want to live nearer to her."
    assert not found(analyse(named + " " + goal, rubric))["off_topic_personal"]
    for drift in (
        "I want to be home for my kids on weekends.",
        "I went regional because I'll be golfing every weekend with my kids.",
    ):
        assert found(analyse(drift + " " + goal, rubric))["off_topic_personal"], drift


@pytest.mark.parametrize(
    ("text", "unrealistic"),
    [
        # The same way out: put off to "maybe someday, not any time soon" it is no plan to
        # leave; said as a near-term goal it is one.
        (
            "In five years I'd like to run the contracts desk here. Friends ask if I'll go to "
            "law school, and honestly, maybe someday, but not any time soon.",
            False,
        ),
        ("This year I want to learn your contracts desk. Next fall I start law school.", True),
        # The top of a firm soon, and the interviewer's work in second-language words.
        ("I want to be made partner by the end of next year.", True),
        ("Long term I'd like to make partner, fifteen years from now.", False),
        ("In five years I want to make your work, to interview the new people.", True),
        ("In my first year I want to help you do your work faster with cleaner reports.", False),
    ],
)
def test_ways_out_and_tops_in_other_words(rubric, text: str, unrealistic: bool) -> None:
    assert found(analyse(text, rubric))["unrealistic_ambition"] is unrealistic, text


def test_a_negation_after_a_cue_must_follow_it(rubric) -> None:
    # Run on, "agency life isn't for me" is a new clause: it does not deny the freelancing.
    leave = "so i'll be here six months and then go full freelance agency life isn't for me"
    assert found(analyse(leave, rubric))["unrealistic_ambition"]
    # Right after the cue (one word between), the negation still denies it.
    assert not found(analyse("The money really isn't why I'm here. " + GOOD, rubric))["money_focus"]


def test_ranking_as_the_work_is_no_rank(rubric) -> None:
    """Ranking things is the work ("how we rank listings"); a rank held or climbed is a
    title word."""
    work = (
        "In five years I'd like to own how we rank listings for the whole site and take "
        "search quality to the next level."
    )
    assert not found(analyse(work, rubric))["title_focus"]
    ladder = "In five years I'd like to rise through the ranks and reach the next level."
    assert found(analyse(ladder, rubric))["title_focus"]


def test_titles_a_publisher_makes_are_products(rubric) -> None:
    products = (
        "In five years I'd like to be commissioning my own titles for the poetry list, "
        "maybe six titles a year."
    )
    assert not found(analyse(products, rubric))["title_focus"]
    haul = "In five years I'd like to hold as many titles as I can, senior title first."
    assert found(analyse(haul, rubric))["title_focus"]


def test_level_codes_in_a_row_are_a_ladder(rubric) -> None:
    assert found(analyse("My goal is L5 within a year, then L6, then L7 by thirty.", rubric))[
        "title_focus"
    ]
    one_level = "In two years I'd like to reach L5 by owning the payments service end to end."
    assert not found(analyse(one_level, rubric))["title_focus"]


@pytest.mark.parametrize(
    ("text", "pitfall", "raised"),
    [
        # Pay as the goal in other words: a bare raise with its date, premium rates, an
        # amount per period, a senior post's package; a package for others is the work.
        ("Getting the raise within a year is what I'm after.", "money_focus", True),
        ("My goal this year is to work only weekends at time and a half.", "money_focus", True),
        ("In three years I want to be on forty thousand a year, that's it.", "money_focus", True),
        ("By next year I want to be making 60k a year.", "money_focus", True),
        (
            "In two years I want to handle two hundred a week on the returns desk.",
            "money_focus",
            False,
        ),
        ("By year three I want a bigger total package with shares in it.", "money_focus", True),
        (
            "In two years I want to redesign the pay package for our drivers so it is fair.",
            "money_focus",
            False,
        ),
        # Grades and bands as rungs; one band up for the work it brings is one sign only.
        (
            "My aim is to move up the bands fast, band five then six, and apply for every "
            "higher grade that opens.",
            "title_focus",
            True,
        ),
        (
            "In two years I'd like to be a band six charge nurse running the ward at night.",
            "title_focus",
            False,
        ),
        (
            "This year I'm finishing my level two, then level three in horticulture next year.",
            "title_focus",
            False,
        ),
        # The job as a bridge out, and working for oneself; the clients' self-employment is
        # the work.
        (
            "This contract would just tide me over while I wait on a lecturing post. Then "
            "I'm back into academia.",
            "unrealistic_ambition",
            True,
        ),
        (
            "Next year I'll finish my electrical ticket and then go self-employed.",
            "unrealistic_ambition",
            True,
        ),
        (
            "In two years I want to be the adviser who handles the tricky self-employed "
            "clients' tax returns here.",
            "unrealistic_ambition",
            False,
        ),
        # A hedge in other words, before musings that state no goal.
        (
            "Honestly it's difficult to say. I'll take what comes and see how I feel.",
            "non_answer",
            True,
        ),
        # A wish for the household's life ("I'd like us to ..."), and contentment with the
        # work as it is: personal life and no career goal; the same words beside a goal are not.
        (
            "By thirty I'd honestly like us to have a place with a garden near my parents.",
            "off_topic_personal",
            True,
        ),
        (
            "In two years I'd like us to open the second clinic, and I'd run its front desk.",
            "off_topic_personal",
            False,
        ),
        (
            "I'm fine where I am. I'll keep doing my rounds and picking up the phones.",
            "non_answer",
            True,
        ),
        (
            "I'm happy where I am for now. In two years I want to lead the night team.",
            "non_answer",
            False,
        ),
    ],
)
def test_pitfalls_said_in_other_voices(rubric, text: str, pitfall: str, raised: bool) -> None:
    assert found(analyse(text, rubric))[pitfall] is raised, text


def test_off_topic_personal(rubric) -> None:
    got = found(analyse(GOOD + " Personally, my goal is to go fishing every weekend.", rubric))
    assert got["off_topic_personal"]
    background = found(analyse("I moved here with my family last year. " + GOOD, rubric))
    assert not background["off_topic_personal"]


def test_personal_life_set_aside_for_the_career_is_no_drift(rubric) -> None:
    """An aside about personal life that a "but" then ranks below the career (in the next
    sentence or later in its own) is no drift; the same aside nothing turns from, or one the
    turn only adds to, still is."""
    goal = "In the next year I want to run the spring catalogue shoots for your studio."
    asides = (
        "I have a golf habit I keep up on Sundays. But my main focus is the photography.",
        "if you ask my husband it's golf every sunday but career wise it's the photography",
    )
    for aside in asides:
        assert not found(analyse(aside + " " + goal, rubric))["off_topic_personal"], aside
    for drift in (
        "I have a golf habit I keep up on Sundays.",
        "I have a golf habit I keep up on Sundays. But my main focus is also golf.",
    ):
        assert found(analyse(drift + " " + goal, rubric))["off_topic_personal"], drift


def test_a_subject_clause_dismissed_as_a_whole_is_negated(rubric) -> None:
    """A negation closing a clause that a "whether" / "what" subject opens governs every cue
    of that subject, however far back; a negation further on, or one followed by more than
    "to me", "really" and the like, does not."""
    negation = rubric.language.negation

    def negated(text: str, word: str) -> bool:
        start = text.index(word)
        return negation.negated(text, start, start + len(word))

    assert negated("whether my card says supervisor or lead is secondary.", "supervisor")
    assert negated("what they call the post, coordinator or officer, doesn't matter to me", "post")
    assert not negated("i want to be a supervisor and the rota is secondary.", "supervisor")
    goal = "what i want is to make supervisor within the year and that isn't negotiable"
    assert not negated(goal, "supervisor")


def test_a_pitfall_word_the_business_is_named_by_is_the_work(rubric) -> None:
    """A leisure or title word that is a word of the company or the role the user typed is
    the work ("party orders" at a party-supply firm, a promotions coordinator's promotions);
    the same answer for another employer or role is not, and a ladder of promotions is still
    one whatever the role is called."""
    party = (
        "In my first year I want to get the party orders out of the door on time. "
        "Longer term I'd like to run the whole warehouse."
    )
    role = "warehouse supervisor"
    assert not found(analyse(party, rubric, company="Jolly Times Party Supplies", role=role))[
        "off_topic_personal"
    ]
    assert found(analyse(party, rubric, company="Harbour Logistics", role=role))[
        "off_topic_personal"
    ]
    promotions = (
        "In my first year I want to plan the seasonal promotions and measure which promotions "
        "bring people back. Later I'd like to run customer marketing."
    )
    ladder = "I want to be promoted within a year and promoted again the year after."
    for text, role, title_focus in (
        (promotions, "promotions coordinator", False),
        (promotions, "marketing assistant", True),
        (ladder, "promotions coordinator", True),
    ):
        got = found(analyse(text, rubric, company="Brightwell Grocers", role=role))
        assert got["title_focus"] is title_focus, (text, role)


def test_a_typed_name_is_matched_however_the_model_spaced_it(rubric) -> None:
    """Found as a new user: tiny.en wrote "Northwind" as "North wind", and "Tied to the
    employer" asked the speaker to name the company they had named. The typed names match
    with or without spaces or hyphens between their parts, in any case, both ways, and in
    every rule that reads them (the employer link, a pitfall word that is the business)."""
    heard = "Within a year I want to grow into the role at North wind and own the supplier reports."
    assert found(analyse(heard, rubric, company="Northwind"))["employer_link"]
    assert not found(analyse(heard, rubric, company="Northgate"))["employer_link"]
    joined = "Within a year I want to run the night shift at Blueharbor and train new pickers."
    assert found(analyse(joined, rubric, company="Blue Harbor"))["employer_link"]
    assert found(
        analyse(joined.replace("Blueharbor", "blue-harbor"), rubric, company="Blue Harbor")
    )["employer_link"]
    party = (
        "In my first year I want to get the Party Land orders out of the door on time. "
        "Longer term I'd like to run the whole warehouse."
    )
    assert not found(analyse(party, rubric, company="Partyland"))["off_topic_personal"]
    assert found(analyse(party, rubric, company="Harbour Logistics"))["off_topic_personal"]


def test_leisure_the_work_serves_is_no_personal_drift(rubric) -> None:
    # Whose travel it is: the customers' ("people travel for it") is the work's pull, not the
    # speaker's holiday; the speaker's own wish to travel still drifts off topic.
    customers = (
        "I started baking in my aunt's cafe. Long term, I want to run a bread programme good "
        "enough that people travel for it. In my first year here I'd like to take over the "
        "sourdough schedule and cut waste by a tenth."
    )
    assert not found(analyse(customers, rubric))["off_topic_personal"]
    own = (
        "Long term, I want to run a bread programme here. In my first year I'd like to take "
        "over the sourdough schedule. Honestly, I'd also love to travel for a month every summer."
    )
    assert found(analyse(own, rubric))["off_topic_personal"]


def test_leisure_at_the_named_employer_is_the_work(rubric) -> None:
    # A garden at the employer the user named is the work itself, not a hobby.
    text = (
        "Long term, I want to run the whole growing side of a plant nursery. In my first "
        "season at Hollis, I'd like to take over the watering rota for the display garden."
    )
    assert not found(analyse(text, rubric, company="Hollis Nursery"))["off_topic_personal"]
    assert found(analyse(text, rubric))["off_topic_personal"]


def test_non_answer_needs_no_goals(rubric) -> None:
    hedge = found(analyse("I don't really know. I take it one day at a time.", rubric))
    assert hedge["non_answer"]
    hedge_then_goals = found(analyse("I don't know which specialty yet. " + GOOD, rubric))
    assert not hedge_then_goals["non_answer"]


def test_employer_link_uses_company_and_role_names(rubric) -> None:
    text = "Within a year, I want to lead the Kestrel onboarding program for new drivers."
    assert found(analyse(text, rubric, company="Kestrel Freight"))["employer_link"]
    assert not found(analyse(text, rubric))["employer_link"]
    praise_only = found(
        analyse(
            "Kestrel has a great reputation. In two years I want to become a dispatcher.",
            rubric,
            company="Kestrel Freight",
        )
    )
    assert not praise_only["employer_link"]
    commission = found(
        analyse("Your commission structure is the best around and I want to max it out.", rubric)
    )
    assert commission["employer_link"]


def test_specific_needs_a_timeframe_or_marker(rubric) -> None:
    vague = found(
        analyse("Long term, I'd like to lead a team. Short term, I want to improve.", rubric)
    )
    assert not vague["specific"]
    timed = found(analyse("Within eighteen months I want to run my own client accounts.", rubric))
    assert timed["specific"]
    measured = found(analyse("I want to get our error rate under two percent.", rubric))
    assert measured["specific"]


def test_check_results_carry_rubric_data(rubric) -> None:
    result = analyse(GOOD, rubric)
    ids = [c.id for c in result.checks]
    assert ids == list(rubric.check_ids)
    # within_target's texts name the target its verdict used (the packaged 90 s here).
    timed = {"target": "90", "shortest": "30"}
    for c in result.checks:
        spec = rubric.check(c.id)

        def filled(text: str, c=c) -> str:
            return text.format_map(timed) if c.id == "within_target" else text

        assert c.title == filled(spec.title)
        assert c.weight == spec.weight and c.pitfall == spec.pitfall
        if c.id == "within_target" and "too short" in c.reason:  # a short text: its own advice
            assert not c.ok and c.advice.startswith(filled(str(spec.params["too_short_advice"])))
        else:
            assert c.advice.startswith(filled(spec.advice_ok if c.ok else spec.advice_not_ok))
        assert c.reason
        assert all(0 <= i < len(result.sentences) for i in c.evidence)
    missing = analyse("Long term, I'd like to lead a team.", rubric)
    by_id = {c.id: c for c in missing.checks}
    assert by_id["employer_link"].status == "warn"
    assert by_id["short_term_goal"].status == "fail"
    assert by_id["long_term_goal"].status == "pass"
    assert by_id["long_term_goal"].evidence == (0,)


def test_checks_that_do_not_apply_are_reported(rubric) -> None:
    result = analyse(
        "In the next year I want to master the billing system.", rubric, question="short_term_goals"
    )
    long_term = next(c for c in result.checks if c.id == "long_term_goal")
    assert not long_term.applies and long_term.ok and long_term.status == "pass"
    assert not long_term.found
    assert all(c.applies for c in result.checks if c.id != "long_term_goal")


def test_within_target(rubric) -> None:
    short = analyse(GOOD, rubric, speaking_s=75.0)
    long = analyse(GOOD, rubric, speaking_s=120.0)
    assert next(c for c in short.checks if c.id == "within_target").found
    over = next(c for c in long.checks if c.id == "within_target")
    assert not over.found and not over.ok and over.status == "fail"  # too long, as its tile
    # Text mode: the time is estimated from the words and judged by the same bands.
    words = " ".join(["work"] * 150)  # 150 words at 150 wpm is 60 s
    estimated = next(c for c in analyse(words, rubric).checks if c.id == "within_target")
    assert estimated.found and "estimated" in estimated.advice
    words = " ".join(["work"] * 400)  # 160 s: too long
    assert not next(c for c in analyse(words, rubric).checks if c.id == "within_target").found
    # A 33-word answer (about 13 s) is too short on paper as it would be out loud.
    brief = next(c for c in analyse(GOOD, rubric).checks if c.id == "within_target")
    assert not brief.found and "too short" in brief.reason and "estimated" in brief.advice


def test_within_target_agrees_with_the_speaking_time_status(rubric) -> None:
    # 0:24 is "too short" on the delivery scale, so the check is not "Met" either.
    for status in ("too_short", None):
        short = analyse(GOOD, rubric, speaking_s=24.0, speaking_status=status)
        check = next(c for c in short.checks if c.id == "within_target")
        assert not check.found and not check.ok and check.status == "fail"  # as its tile
        assert check.advice == (
            "Too short to cover the goals: take 30 to 90 seconds for a short-term goal, "
            "a long-term goal and one step of the plan."
        )
        assert "too short" in check.reason
    on = analyse(GOOD, rubric, speaking_s=60.0, speaking_status="on_target")
    assert next(c for c in on.checks if c.id == "within_target").ok


def test_a_non_answer_gets_no_praise_for_the_pitfalls_it_avoided(rubric) -> None:
    result = analyse("Honestly, I don't know. I take it one day at a time.", rubric)
    by_id = {c.id: c for c in result.checks}
    assert by_id["non_answer"].found
    for pid in ("money_focus", "title_focus", "unrealistic_ambition", "off_topic_personal"):
        check = by_id[pid]
        assert not check.found and check.ok
        assert check.advice == rubric.settings.advice_no_goal != rubric.check(pid).advice_ok
    good = {c.id: c for c in analyse(GOOD, rubric).checks}
    assert good["money_focus"].advice == rubric.check("money_focus").advice_ok


def test_a_goal_that_is_a_pitfalls_evidence_is_not_praised(rubric) -> None:
    text = (
        "In two years I want a title with manager in it and a raise. "
        "Long term, I want to be a VP with a big salary and a corner office."
    )
    by_id = {c.id: c for c in analyse(text, rubric).checks}
    assert by_id["money_focus"].found
    for gid in ("short_term_goal", "long_term_goal"):
        check = by_id[gid]
        assert check.found  # the labels still say a goal is stated (labelling.md)
        assert not check.ok and check.status == "warn"
        assert check.advice != rubric.check(gid).advice_ok
        # Why, in a coach's words: "Why: its goal is the evidence of money_focus" showed a
        # rubric id to a new user, then "evidence" to one: say what it counts as instead.
        culprits = [c.title for c in by_id.values() if c.pitfall and c.found]
        said = [f"this goal counts as “{t}”, not as a {check.title.lower()}" for t in culprits]
        assert check.reason in said, check.reason
    fine = {c.id: c for c in analyse(GOOD, rubric).checks}
    assert fine["short_term_goal"].ok and fine["short_term_goal"].status == "pass"


def test_every_check_says_why(rubric) -> None:
    for text in (GOOD, "I don't know.", "I want to make a lot of money, money is everything."):
        for check in analyse(text, rubric).checks:
            assert check.reason, check.id


# --- segments ------------------------------------------------------------------------------


def test_segments_merge_consecutive_labels_and_absorb_tiny_others(rubric) -> None:
    result = analyse(
        "Great question. In the next year I want to learn the POS system. "
        "Within two years I want to run a shift. Okay. I also want to train new hires this year. "
        "I'm taking a management course. Long term I'd like to manage the store.",
        rubric,
    )
    labels = [s.label for s in result.sentences]
    assert labels == [
        "other",
        "short_term",
        "short_term",
        "other",
        "short_term",
        "plan",
        "long_term",
    ]
    assert [(s.label, s.sentence_indexes) for s in result.segments] == [
        ("other", (0,)),
        ("short_term", (1, 2, 3, 4)),
        ("plan", (5,)),
        ("long_term", (6,)),
    ]
    assert all(s.start_s is None and s.end_s is None for s in result.segments)


def test_timed_answer_gets_timed_sentences_and_segments(rubric) -> None:
    text = (
        "In the next year I want to learn the POS system. Long term I'd like to manage the store."
    )
    pieces, t = [], 0.0
    for w in text.split():
        pieces.append((f" {w}", t, t + 0.3, 0.9))
        t += 0.35
    transcript = join_timed_words(pieces)
    result = analyze_content(
        transcript, rubric=rubric, question=rubric.question(None), speaking_s=t
    )
    assert [s.label for s in result.sentences] == ["short_term", "long_term"]
    assert result.sentences[0].start_s == 0.0
    assert result.segments[1].start_s == result.sentences[1].start_s
    assert result.segments[1].end_s == pytest.approx(t - 0.05)


def test_filler_marked_words_do_not_change_the_result(rubric) -> None:
    base = transcript_from_text("Um, like, in the near term I want to get my CDL license.")
    marked = Transcript(
        base.text,
        tuple(
            Word(
                w.text,
                filler=w.text in ("Um", "like"),
                char_start=w.char_start,
                char_end=w.char_end,
            )
            for w in base.words
        ),
    )
    result = analyze_content(marked, rubric=rubric, question=rubric.question(None))
    assert [s.label for s in result.sentences] == ["short_term"]


# --- the accuracy gate ---------------------------------------------------------------------


# The rules alone, on the rounds they were developed against (tests/data/answers/README.md:
# the older files of train/ and dev/round4*); the later rounds were written for the learned
# judgement, in wordings the cue lists do not know, and it is measured in
# tests/test_content_model.py.
RULE_SETS = sorted(
    p
    for p in (ANSWERS / "train").glob("*.toml")
    if p.stem in {"pitfalls", "professions", "rules", "runon", "seeds"}
    or p.stem.startswith("round")
)


def test_labelled_sets_reach_the_accuracy_targets(rubric, bench) -> None:
    answers = bench.load_answers([*RULE_SETS, *sorted((ANSWERS / "dev").glob("round4*.toml"))])
    assert len(answers) >= 60
    scores = bench.evaluate(answers, rubric)
    assert scores.macro_f1 >= 0.85, bench.report(scores)
    assert scores.check_agreement >= 0.90, bench.report(scores)
    assert scores.strong_pitfalls == 0, bench.report(scores)


def test_the_rules_last_held_out_round_reaches_the_targets(rubric, bench) -> None:
    answers = bench.load_answers(sorted((ANSWERS / "dev").glob("round4*.toml")))
    assert len(answers) >= 20
    scores = bench.evaluate(answers, rubric)
    assert scores.macro_f1 >= 0.85, bench.report(scores)
    assert scores.check_agreement >= 0.90, bench.report(scores)


def test_one_check_tally_for_every_screen_and_export(rubric) -> None:
    from speakprep.core.report import report_to_dict
    from speakprep.core.score import tally_checks

    result = analyse("Honestly, I don't know. I take it one day at a time.", rubric)
    tally = tally_checks(result.checks)
    applying = [c for c in result.checks if c.applies]
    assert tally.required + tally.pitfalls == len(applying)
    assert tally.met == sum(c.status == "pass" for c in applying if not c.pitfall)
    assert tally.pitfalls_found == 1  # non_answer
    assert tally.text == f"{tally.met} of {tally.required} met · 1 pitfall found"
    narrower = analyse(GOOD, rubric, "short_term_goals")
    assert tally_checks(narrower.checks).required < tally_checks(result.checks).required
    report = timed_report()
    data = report_to_dict(report)
    counted = tally_checks(report.content.checks)
    assert (data["checks_passed"], data["checks_total"]) == (counted.met, counted.required)


def test_a_label_check_says_why_in_words() -> None:
    """Found as a new user: hovering "Long-term goal" showed "Why: sentence 1, 2 labelled
    long_term"; then "Why: sentence 3 is labelled plan" still asked a job seeker to count
    sentences and know our label names: the reason quotes the sentences' first words and
    names the part as the legend does."""
    more = (*GOOD_ANSWER, "In five years I want to lead the forecasting work for the region.")
    checks = {c.id: c for c in timed_report(more).content.checks}
    assert checks["short_term_goal"].reason == (
        "“in the next two years I…” is marked Short-term goal"
    )
    assert checks["long_term_goal"].reason == (
        "“In five years, I see myself…” and “In five years I want to…” are marked Long-term goal"
    )
    assert "sentence" not in checks["plan"].reason
    checks = {c.id: c for c in timed_report(GOOD_ANSWER[:1]).content.checks}
    assert checks["plan"].reason == "no part of the answer is marked Plan"


def test_the_specific_reason_quotes_a_time_once() -> None:
    """Found as a new user: two sentences saying "in five years" gave the Specific check the
    reason '"two years"; "five years"; "five years"'."""
    more = (*GOOD_ANSWER, "In five years I want to lead the forecasting work for the region.")
    checks = {c.id: c for c in timed_report(more).content.checks}
    assert checks["specific"].reason == '"two years"; "five years"'


def test_within_target_without_bands_scales_the_shortest_with_the_rubrics_target(
    rubric,
) -> None:
    """A direct caller with no bands and a 20 s rubric target read "30 to 20 seconds": the
    packaged too-short limit was paired with the target unscaled (the app's bands say 10)."""
    from dataclasses import replace

    short = replace(rubric, settings=replace(rubric.settings, target_s=20.0))
    check = next(c for c in analyse(" ".join(GOOD_ANSWER), short).checks if c.id == "within_target")
    assert check.title == "10 to 20 seconds"


def test_within_target_names_and_judges_by_the_users_target() -> None:
    """After the user set a 20 s target, a new take's speaking-time tile said "a little long"
    against 0:20 while its check read "Within 90 seconds" and advised trimming "to 90
    seconds": the check now names the target its verdict used, in audio and text mode."""
    from speakprep.core.settings import load_settings
    from speakprep.services.analyze import Context, Engine

    user = load_settings().with_overrides(target_s=20.0)
    engine = Engine(settings=user)
    taken = timed_report()
    assert taken.delivery is not None and 20.0 < taken.delivery.speaking_s < 30.0
    text = " ".join(GOOD_ANSWER)
    for report in (
        engine.analyze_corrected(taken, text, Context()),  # the audio's timings kept
        engine.analyze_text(text),  # estimated from the word count
    ):
        check = next(c for c in report.content.checks if c.id == "within_target")
        assert check.title == "10 to 20 seconds"
        assert not check.ok and "Trim the answer to 20 seconds or less" in check.advice
        if report.delivery is not None:
            assert report.delivery.target_status == "a_little_long"
            assert report.score.delivery is not None
    default = Engine().analyze_corrected(taken, text, Context())
    check = next(c for c in default.content.checks if c.id == "within_target")
    # Both ends of the band: "Within 90 seconds: Too short" of a 0:2x answer read as a
    # contradiction (it was within 90 seconds).
    assert check.title == "30 to 90 seconds" and check.status == "fail"  # too short
    assert "take 30 to 90 seconds" in check.advice  # too short by the packaged bands


def test_what_others_say_of_the_candidate_is_no_wish_of_theirs(rubric) -> None:
    """A pitfall word in what other people think or say of the candidate is their idea, not
    the speaker's goal, up to a turn back to the speaker; a view the speaker wishes others
    to hold ("I'd like people to say ...") is the speaker's own."""
    goal = "In my first year I want to close guest complaints on my deck within the day."
    said_of = "People think it's a vacation, but I know it's long days."
    assert not found(analyse(goal + " " + said_of, rubric))["off_topic_personal"]
    wish = "I want a long vacation every summer."
    assert found(analyse(goal + " " + wish, rubric))["off_topic_personal"]
    salon = (
        "My aunt always said I'd have my own salon, but honestly I like not worrying about rent."
    )
    assert not found(analyse(GOOD + " " + salon, rubric))["unrealistic_ambition"]
    leaving = "I'd like my own salon within two years."
    assert found(analyse(GOOD + " " + leaving, rubric))["unrealistic_ambition"]
    wished = "at my party i'd like people to say i never missed a fishing trip."
    assert not others_view(wished, wished.index("fishing"))
    trip = "people say it's a fishing trip."
    assert others_view(trip, trip.index("fishing"))
    assert not others_view("people say it's hard but i want a fishing trip.", 34)
    ceo = "everyone on my course expects to be a ceo by thirty."
    assert others_view(ceo, ceo.index("ceo"))
    assert not others_view("i expect to be a ceo by thirty.", 18)


@pytest.mark.parametrize(
    ("text", "cue", "theirs"),
    [
        # The speaker's own clause after a comma ends the report; agreeing with it, or doing
        # it, makes the view the speaker's.
        ("my friends think i'm crazy, i want to be running this whole company in two years.",
         "running", False),
        ("everyone says i'm a natural, within two years i'll have my own salon.", "own", False),
        ("everyone says i've earned a long vacation and i'm taking two months off in bali.",
         "vacation", False),
        ("everyone says a job here is a stepping stone to your own restaurant, which is "
         "exactly how i see it.", "own", False),
        # What they say stays theirs up to the turn, and without a word of the speaker's.
        ("my dad thinks i'd make a great ceo one day, but i want to run the parts desk first.",
         "ceo", True),
        ("everyone tells me i'll have my own studio by forty.", "own", True),
        ("people say it's a fishing trip, i just laugh.", "fishing", True),
    ],
)  # fmt: skip
def test_the_reported_view_ends_at_the_speakers_own_clause(text, cue, theirs) -> None:  # type: ignore[no-untyped-def]
    assert others_view(text, text.index(cue)) is theirs


def test_a_reported_wish_the_speaker_owns_is_found(rubric) -> None:
    # review19 #2, through the checks: the speaker's clause after the report is theirs.
    goal = "In my first year I want to learn every station in the kitchen."
    for said, check in (
        ("Everyone says I'm a natural, within two years I'll have my own salon.",
         "unrealistic_ambition"),
        ("Everyone says I've earned a long vacation and I'm taking two months off in Bali.",
         "off_topic_personal"),
    ):  # fmt: skip
        assert found(analyse(goal + " " + said, rubric))[check], said
    quiet = "Everyone says I'll have my own salon by thirty, but I love working in a team."
    assert not found(analyse(goal + " " + quiet, rubric))["unrealistic_ambition"]


def test_the_roles_craft_is_the_work(rubric) -> None:
    # A gardener's garden is the work; the same garden from a receptionist is a hobby.
    text = (
        "In my first season I want to learn heritage care in the walled garden. "
        "In ten years I'd love to be looking after a historic garden for the public."
    )
    assert not found(analyse(text, rubric, role="gardener"))["off_topic_personal"]
    assert found(analyse(text, rubric, role="receptionist"))["off_topic_personal"]
    # The craft as the speaker's own leisure is still personal life (review19 #6): time off,
    # their own garden, a venue's game played every weekend.
    goal = "In my first season I want to learn heritage care in the walled garden."
    for role, wish in (
        ("gardener", "Honestly what I want most is more time in my own garden at weekends."),
        ("bartender at the golf club",
         "In five years I'd like to have enough time off to play golf every weekend."),
        ("Holiday Inn night auditor", "My main goal is a long holiday in Thailand every winter."),
    ):  # fmt: skip
        assert found(analyse(goal + " " + wish, rubric, role=role))["off_topic_personal"], wish


def test_leisure_liked_or_done_with_is_background(rubric) -> None:
    """Leisure the candidate says they like, or tells as done with, is background beside the
    goals (off_topic_personal ``habit``); a wish for more of it, or a story of it left
    standing, still drifts. No probe of ours separates the cues from the rest of the checks
    (the wish and learned signs already miss these), so the cues are pinned as well."""
    habit = rubric.check("off_topic_personal").cue("habit")
    for aside in (
        "We really enjoy travelling round the islands whenever the rota lets us.",
        "I did a season of backpacking in Chile, which is all behind me now.",
    ):
        shared_assert_not_in_corpus(aside)
        assert habit.search(aside.lower()), aside
        assert not found(analyse(aside + " " + GOOD, rubric))["off_topic_personal"], aside
    for drift in ("We'd love to travel round the islands more.", "I'd like to backpack in Chile."):
        assert not habit.search(drift.lower()), drift
        assert found(analyse(drift + " " + GOOD, rubric))["off_topic_personal"], drift


def test_pay_called_nice_then_set_aside_is_no_money_focus(rubric) -> None:
    # Pay conceded in passing ("is nice") or set aside for what the candidate likes more
    # (money_focus ``in_passing`` and ``set_aside``, pinned as well: no probe of ours is
    # found on the cues' absence).
    spec = rubric.check("money_focus")
    nice = "Sunday rates are nice, I won't pretend otherwise."
    liked = "Agency shifts pay better, granted, but really I enjoy being on one ward."
    shared_assert_not_in_corpus(nice, liked)
    assert spec.cue("in_passing").search(nice.lower())
    assert spec.cue("set_aside").search(liked.lower())
    for aside in (nice, liked):
        got = found(analyse(GOOD + " " + aside + " The overtime is nice too.", rubric))
        assert not got["money_focus"], aside
    wanted = " I want the overtime money. The shift allowance is what I'm after."
    assert found(analyse(GOOD + wanted, rubric))["money_focus"]
    assert not spec.cue("in_passing").search("the shift allowance is what i'm after.")
