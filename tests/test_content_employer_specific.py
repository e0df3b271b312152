"""employer_link and specific on wordings the cue lists used to miss (labelling.md, Checks).

The answers here are our own, written for these tests; the rules alone label them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from speakprep.core.check_input import CheckInput
from speakprep.core.checks import evaluate_checks
from speakprep.core.content import analyze_content
from speakprep.core.labels import label_sentences
from speakprep.core.models import ContentResult
from speakprep.core.rubric import Rubric, load_rubric
from speakprep.core.sentences import split_sentences
from speakprep.core.text import transcript_from_text
from tests import test_content_model as shared

judge = shared.judge


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def analyse(text: str, rubric: Rubric, **kwargs: str) -> ContentResult:
    return analyze_content(
        transcript_from_text(text), rubric=rubric, question=rubric.question(None), **kwargs
    )


def found(result: ContentResult, check: str) -> bool:
    return next(c.found for c in result.checks if c.id == check)


@pytest.mark.parametrize(
    "goal",
    [
        "Within two years I want to run the children's reading hour at this whole library.",
        "In the next year I'd like to take over the evening inventory counts for this warehouse.",
        "Long term, I want to manage the parts counter at a dealership like this one.",
        "In my first year I want to learn every recipe that you guys serve on the brunch menu.",
        "Within a year I'd like to train on the lathe programs you offer to new machinists.",
        "In three years I want to be the charge nurse for the role I'm interviewing for today.",
        "In five years I'd like to be doing what you do, running the front office.",
        # Workplaces of kinds the first list had no word for, and the job as the candidate
        # sees it or applied for it.
        "In my first year I want to learn every loan product this credit union offers.",
        "Within a year I'd like to double the volunteers this nonprofit can count on.",
        "In two years I want to lead the diabetes outreach for this county.",
        "I'd like to get drive-thru times at this location under four minutes by spring.",
        "In the next two years I want to use this opportunity to build the sales dashboards.",
        "In the position I applied for, I want to clear the billing backlog within a year.",
        "If I join, I want to answer our customers' billing questions on the first call.",
    ],
)
def test_references_to_this_workplace_link_the_goal(rubric: Rubric, goal: str) -> None:
    assert found(analyse(goal, rubric, company="Marlow Tool Works"), "employer_link"), goal


def test_a_stop_gap_answer_links_nothing(rubric: Rubric) -> None:
    passing = (
        "My goal is to open my own bakery within two years. "
        "Working here would just help me save up for the ovens."
    )
    assert not found(analyse(passing, rubric, company="Crumb & Co"), "employer_link")
    staying = (
        "My goal is to run the pastry section here within two years. "
        "I want to build my career here for many years."
    )
    assert found(analyse(staying, rubric, company="Crumb & Co"), "employer_link")


def test_the_role_name_alone_is_the_trade_not_this_job(rubric: Rubric) -> None:
    ladder = "In five years I want to go from welder to lead welder to shop foreman."
    assert not found(analyse(ladder, rubric, role="welder"), "employer_link")
    named = "In five years I want to lead the pipe crew at Harlan Steel."
    assert found(analyse(named, rubric, company="Harlan Steel", role="welder"), "employer_link")


@pytest.mark.parametrize(
    "goal",
    [
        "My goal is to pass the state bar exam by next June.",
        "I want to be handling the weekend close on my own within a few months.",
        "Over the next decade I'd like to become a recognised expert in bridge inspection.",
        "By forty I want to be leading a design studio's accessibility work.",
        "I'd like the clinic's waiting list to have doubled in size while I ran intake.",
        "I want to reach twenty-four dollars an hour on the evening shift.",
    ],
)
def test_a_dated_or_measured_goal_is_specific(rubric: Rubric, goal: str) -> None:
    assert found(analyse(goal, rubric), "specific"), goal


def test_specific_dates_the_goal_not_the_past(rubric: Rubric) -> None:
    past = (
        "I want to become a better mentor to the new hires. "
        "I completed a coaching course last spring."
    )
    assert not found(analyse(past, rubric), "specific")
    step = (
        "I want to become a better mentor to the new hires. "
        "I'm taking a coaching course, and I'll finish it by next spring."
    )
    assert found(analyse(step, rubric), "specific")
    borrowed = (
        "Five years from now is hard to picture. "
        "But I'd like to be leading a small team of auditors by then."
    )
    assert found(analyse(borrowed, rubric), "specific")


@pytest.mark.parametrize(
    "step",
    [
        # A step dated by a season, a month or "this year" that may be past or future: the
        # rules read it as one not yet taken, so it times the goal it serves (tests/data/
        # answers/README.md, check conventions).
        "I'm sitting the phlebotomy certificate exam in April.",
        "I've put my name down for the forklift course this autumn.",
        "I'm finishing my food hygiene level 3 this year.",
        "I've booked the practical assessment for November.",
        # Booked or scheduled: a step to come, though the rules file it with those taken.
        "I've got the practical assessment scheduled for the spring.",
    ],
)
def test_a_step_dated_by_a_season_or_month_times_the_goal(rubric: Rubric, step: str) -> None:
    goal = "Long term I'd like to run the sample reception side of a lab like this one. "
    assert found(analyse(goal + step, rubric), "specific"), step
    for taken in (
        "I passed the phlebotomy exam last April.",
        "I took a forklift course this autumn.",
    ):
        assert not found(analyse(goal + taken, rubric), "specific"), taken


@pytest.mark.parametrize(
    "answer",
    [
        "In five years I want to train the new graduate nurses on the cardiac ward. "
        "This hospital's residency for new nurses is exactly why I applied here.",
        "My goal is to run the adult literacy evenings within two years. "
        "Your library's outreach van is what drew me to this job.",
        "I'd like to be reviewing loan files on my own by next spring. "
        "Honestly the mentoring scheme at this bank is the main reason I applied.",
        "Long term I want to specialise in wound care. That's why I'm here today.",
    ],
)
def test_why_the_candidate_chose_this_employer_links_the_goals(rubric: Rubric, answer: str) -> None:
    assert found(analyse(answer, rubric, company="Fairview Regional Hospital"), "employer_link")


@pytest.mark.parametrize(
    ("goal", "company"),
    [
        ("Within two years I want to run the homework club at this public library.", "Ash Books"),
        ("In three years I'd like to lead triage at this children's hospital.", "Mercy Health"),
        ("In two years I want to manage intake for this legal aid clinic.", "Northgate Law"),
        # The workplace the user typed, after "this" / "your", whatever the word.
        ("In two years I want to rebuild the permit records for this county.", "Ashby County"),
        ("Long term I'd like to curate the river collection in this archive.", "Tern Archives"),
        ("Five years out I want to be running emergency jobs for you on my own.", "Volt Electric"),
        ("within a year i want to be the one who sets up ur new tills", "Corner Grocer"),
        # The name's head with the name's words before it.
        (
            "Long term I'd like to lead stewardship across this health system.",
            "Valley Health System",
        ),
        ("In two years I want to run the depot at this freight works.", "Ostler Freight Works"),
    ],
)
def test_this_workplace_in_other_words_links_the_goal(
    rubric: Rubric, goal: str, company: str
) -> None:
    assert found(analyse(goal, rubric, company=company), "employer_link"), goal


@pytest.mark.parametrize(
    "answer",
    [
        # Another employer, or any employer.
        "In three years I want to lead a data team like the one at my last company.",
        "Long term I'd like to manage projects at a company that values growth.",
        "In five years I want to lead a design team. My last company had one, which is why I "
        "applied there.",
        # The trade, not this employer; a reason denied; a reason with no goal to tie.
        "In five years I want to teach new nurses. Caring for people is what drew me to nursing.",
        "In two years I want my journeyman card. The pay is fine everywhere, that's not why I "
        "applied.",
        "I love this hospital. It's why I applied here.",
        "In two years I want a day route. Being home for my kids is the whole reason I'm applying.",
        # "this" before a word of the name that is a time, not the workplace.
        "In this first year I want to learn every loan product by heart.",
    ],
)
def test_other_employers_and_the_trade_link_nothing(rubric: Rubric, answer: str) -> None:
    assert not found(analyse(answer, rubric, company="First Harbor Bank"), "employer_link"), answer


@pytest.mark.parametrize(
    ("answer", "company"),
    [
        # "the" before the name's head, or before a word saying what kind of body it is.
        (
            "Next year I want to earn the credit union's budgeting certificate.",
            "Tolland Credit Union",
        ),
        ("Long term I'd like to lead science teaching across the trust.", "Oakvale Learning Trust"),
        ("In two years I want to run the payroll for the whole group.", "Meridale Group"),
        ("Longer term I'd like to write the county's flood plan.", "Brenning County Roads"),
        # The employer's pay beside a reference to it: its pay scheme.
        (
            "In two years I want to run the pastry section. Honestly the tips here are good too.",
            "Crumb Bakery",
        ),
        (
            "I want to be a lead tech by next spring. I read that you pay overtime on call-outs.",
            "Volt Electric",
        ),
        # A goal given as the reason for applying needs no name.
        (
            "The reason I applied is that I want to learn sterile compounding this year.",
            "Greenway Pharmacy",
        ),
        # A step the rules read, however the learned judgement labels it.
        (
            "In two years I want to be a sous chef. I've been asking your head chef to teach me "
            "the ordering.",
            "Ember Grill",
        ),
    ],
)
def test_the_employer_by_its_kind_its_pay_or_why_one_applied(
    rubric: Rubric, answer: str, company: str
) -> None:
    assert found(analyse(answer, rubric, company=company), "employer_link"), answer


@pytest.mark.parametrize(
    "answer",
    [
        # "the" before a word that is not the name's head.
        "In two years I want to work in credit control. The credit team at my last job trained me.",
        # Pay named with no reference to this employer.
        "In two years I want to run a pastry section. The tips in this trade are good.",
    ],
)
def test_pay_or_a_kind_word_alone_links_nothing(rubric: Rubric, answer: str) -> None:
    assert not found(analyse(answer, rubric, company="Tolland Credit Union"), "employer_link"), (
        answer
    )


@pytest.mark.parametrize(
    ("answer", "company"),
    [
        # A proper word of the name typed or heard without capitals, acting as the name.
        (
            "within two years i want to get onto the supervisor course metro runs for operators",
            "Metro Transit Authority",
        ),
        # A reference cut off the goal it opens (the splitter cuts a spoken run-on there).
        (
            "i want to be the analyst who builds the models. and in this role, within my first "
            "six months i would like to own one of the monthly reports",
            "Meridian Health Plans",
        ),
        # What the employer has or runs, in a clause after the thing.
        (
            "In my first year I want to set up residents' panels on every estate you manage.",
            "Kestrel",
        ),
    ],
)
def test_the_employer_in_lower_case_a_cut_off_opening_or_its_things(
    rubric: Rubric, answer: str, company: str
) -> None:
    assert found(analyse(answer, rubric, company=company), "employer_link"), answer


@pytest.mark.parametrize(
    "answer",
    [
        # A goal wanted here or anywhere.
        "In five years I'd like to be a finance director, whether here or in a similar business.",
        # A workplace word qualifying the next noun.
        "In six months I want my Salesforce certificate. I'm doing the practice modules at lunch.",
        "Someday I'd like to move to the office side, like scheduling.",
        # A lower-case word of the name that is not acting as the name.
        "In two years i want to be reliable enough to run the night shift on my own.",
        # A certificate that shares a word with the name.
        "In two years I want to lead incident response. Security+ is already done.",
    ],
)
def test_no_commitment_qualifiers_and_common_words_link_nothing(
    rubric: Rubric, answer: str
) -> None:
    company = "Reliable Security Group"
    assert not found(analyse(answer, rubric, company=company), "employer_link"), answer


def test_the_names_head_qualifying_a_noun_is_not_the_employer(rubric: Rubric) -> None:
    papers = (
        "My goal is to train as a dental nurse by next summer. "
        "I'm working through the practice papers at weekends."
    )
    assert not found(analyse(papers, rubric, company="Larchfield Practice"), "employer_link")
    named = (
        "My goal is to train as a dental nurse by next summer. "
        "I'm asking the practice to put me on the nurse training rota."
    )
    assert found(analyse(named, rubric, company="Larchfield Practice"), "employer_link")


@pytest.mark.parametrize(
    "answer",
    [
        # "at least one" (the cue ended in a space and never matched before a word).
        "I'd like to be the lead statistician on at least one oncology trial.",
        "In year one I want to own the small business accounts in the west region.",
        "By month six I want to be closing my own tickets without a buddy checking them.",
        "In my first year I want to run the payroll for a couple of our smaller clients.",
        "In my first season I want to learn every part of the park and cover each one alone.",
        "My goal is to drive the school routes with zero preventable accidents.",
        "Long term I'd like my own plumbing company, but that's ten or more years away.",
        # A rate.
        "Honestly my goal is a promotion every year until I run the leasing office.",
        "I want to hit the quality score every month so I'm first in line.",
        "I want to make eight hundred dollars every week on my routes.",
        "I'd want them to say I helped a few thousand families get out of payday loans.",
        "After graduation my goal is to become a licensed professional engineer.",
        "My plan is to work here through the summer and then move to Lyon in January to cook.",
        # A date cut off the goal it opens.
        "where i want to go is library systems. in the first year here i'd like to get the "
        "discovery layer upgrade done",
    ],
)
def test_counts_years_months_and_cut_off_dates_are_specific(rubric: Rubric, answer: str) -> None:
    assert found(analyse(answer, rubric), "specific"), answer


@pytest.mark.parametrize(
    "answer",
    [
        # "at least" inside a negation; a horizon's name said before a goal.
        "I want to be a better mentor. I don't need at least one promotion to feel that.",
        "short term goals um so i'd like to get better at the ordering side",
        # A number naming a machine, not a count.
        "My goal is to run the big six-colour press on my own.",
    ],
)
def test_denials_and_horizon_names_are_not_specific(rubric: Rubric, answer: str) -> None:
    assert not found(analyse(answer, rubric), "specific"), answer


def test_the_employers_people_named_beside_a_goal_link_it(rubric: Rubric) -> None:
    patients = (
        "In the next year I want to get my dialysis technician certificate. "
        "Your patients deserve a calm tech in the chair."
    )
    assert found(analyse(patients, rubric, company="Willow Dialysis"), "employer_link")
    # "your" alone is anyone's, and the people with no career goal tie nothing.
    anyone = "In two years I want to run the night shift. People notice where your name sits."
    assert not found(analyse(anyone, rubric, company="Willow Dialysis"), "employer_link")
    no_goal = "Your patients seem lovely. I'm a people person."
    assert not found(analyse(no_goal, rubric, company="Willow Dialysis"), "employer_link")


def test_this_programme_in_a_goal_links_it(rubric: Rubric) -> None:
    goal = "I'd want them to say the children speak two languages because of this programme."
    assert found(analyse(goal, rubric, company="Riverside Elementary"), "employer_link")


@pytest.mark.parametrize(
    ("answer", "company"),
    [
        # Pay words that are anyone's pay, beside "here" (review 18, finding 4).
        (
            "In two years I want to run the stockroom. I moved here two years ago and my last "
            "job paid badly.",
            "Alder Hardware",
        ),
        (
            "In two years I want to run the stockroom. A tidy stockroom benefits everyone here.",
            "Alder Hardware",
        ),
        # A level that is the speaker's, not the employer's ladder.
        (
            "In my first year I want to get my forklift ticket. Lifting all day helps your "
            "stress levels.",
            "Alder Hardware",
        ),
        # A kind word of the name that is the body itself, not the employer.
        (
            "Within a year I want to be fully licensed by the state as a pharmacy technician.",
            "State Street Pharmacy",
        ),
        (
            "In three years I'd like to move to the city and work in urban forestry.",
            "City of Ashland Parks",
        ),
    ],
)
def test_anyones_pay_levels_or_a_public_body_link_nothing(
    rubric: Rubric, answer: str, company: str
) -> None:
    assert not found(analyse(answer, rubric, company=company), "employer_link"), answer


@pytest.mark.parametrize(
    ("answer", "company"),
    [
        (
            "In two years I want to run the stockroom. I know this store pays overtime.",
            "Alder Hardware",
        ),
        ("Within a year I'd like to join the city's tree planting crew.", "City of Ashland Parks"),
        (
            "Over the next five years I'd like to help the city switch its parks to native "
            "planting.",
            "City of Ashland Parks",
        ),
        ("In two years I want to reach the senior band on your pay bands.", "Alder Hardware"),
    ],
)
def test_the_employers_own_pay_or_kind_still_links(
    rubric: Rubric, answer: str, company: str
) -> None:
    assert found(analyse(answer, rubric, company=company), "employer_link"), answer


# Vague spans and rates with nothing to count (review 18, finding 5).
VAGUE = (
    "I want to keep growing every year.",
    "A few years from now I'd like to lead a team.",
    "Some years from now I hope to manage a branch of my own.",
    "I'd like to get a bit better each month.",
)
MEASURED = (
    "Ten years from now I want to run the whole returns desk.",
    "My goal is to close a new account every month at the branch.",
    "I want to finish every quarter with a new client on my books.",
)


@pytest.mark.parametrize("answer", VAGUE)
def test_a_vague_span_or_a_rate_of_nothing_is_not_specific(rubric: Rubric, answer: str) -> None:
    assert not found(analyse(answer, rubric), "specific"), answer


def test_a_vague_span_is_not_specific_with_the_judgement_either(judge) -> None:  # type: ignore[no-untyped-def]
    for answer in VAGUE:
        result = shared.analyse(answer, load_rubric(), judge)
        assert not found(result, "specific"), answer


@pytest.mark.parametrize("answer", MEASURED)
def test_a_counted_span_or_a_rate_of_something_is_specific(rubric: Rubric, answer: str) -> None:
    assert found(analyse(answer, rubric), "specific"), answer


def test_the_specific_probes_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(VAGUE + MEASURED)


def test_a_reference_cut_off_a_personal_goal_links_nothing(rubric: Rubric) -> None:
    # "and in this role," cut off the goal it opens links that goal (see above), but not a
    # personal goal, though a learned judgement labels it a goal (review 18, finding 11):
    # the same rule as for the dates that open a goal (specific).
    text = (
        "i want to be the analyst who builds the models. and in this role, within my first "
        "six months i would like to run my first half marathon under two hours"
    )
    transcript = transcript_from_text(text)
    sentences, features = label_sentences(
        split_sentences(transcript, rubric=rubric), transcript, rubric=rubric
    )
    assert [f.reason for f in features][1:] == ["no_goal", "personal"]
    as_goal = [*features[:2], replace(features[2], label="short_term")]
    inp = CheckInput(sentences, as_goal, rubric, company="Meridian Health Plans")
    checks = {c.id: c for c in evaluate_checks(inp, rubric.question(None))}
    assert not checks["employer_link"].found, checks["employer_link"].evidence
    assert not checks["specific"].found, checks["specific"].evidence
