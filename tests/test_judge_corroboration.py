"""A learned pitfall needs the rules' agreement about what the sentence does in the answer.

The pitfall models read a sentence's words; the rules know its role: a question to the
interviewer, leisure the candidate only says they do, a sentence about the work, one next role
named once in an answer that otherwise never speaks of titles. Each gate is proved on answers
written for these tests: the same learned verdict is dropped where the answer gives it no
second sign and kept where it does. The whole judgement (real packaged encoder and head) is
then run on a strong answer that names a title and a pay range in passing and on a weak one
fixated on them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from speakprep.core.check_input import CheckInput
from speakprep.core.checks import evaluate_checks
from speakprep.core.content import sentence_contexts
from speakprep.core.judge import LEANING, PITFALL_SURE, PitfallFinding, judge_answer
from speakprep.core.labels import label_sentences
from speakprep.core.sentences import split_sentences
from speakprep.core.text import transcript_from_text
from tests import test_content_model as shared
from tests.judging import analyse

ONE_NEXT_ROLE = (
    "I've worked the night desk at two hotels for four years. "
    "By next spring I'd like to be eligible for the front office supervisor post on your "
    "internal list, and ready for it. "
    "In five years I want to run guest relations training for this property."
)
LADDER_TALK = (
    "I've worked the night desk at two hotels for four years. "
    "By next spring I'd like to be eligible for the front office supervisor post on your "
    "internal list, and ready for it. "
    "After that I want the promotion to rooms division manager as soon as one opens."
)
HABIT = (
    "I spend most weekends sailing with my brother, and I bring that calm to busy shifts. "
    "This year I'd like to take over the weekend rota at this marina office."
)
CIRCUMSTANCE = (
    "My twins started school this autumn, so I can work full days again. "
    "This year I'd like to take over the weekend rota at this marina office."
)
WISH = (
    "This year I'd like to take over the weekend rota at this marina office. "
    "What I really want, though, is a sailing trip round the islands with my brother."
)
STRONG_IN_PASSING = (
    "I've spent four years as a dispatcher for a county ambulance service. "
    "In my first year at Northgate Transit I want to learn your scheduling system well enough "
    "to rebuild the weekend rota without overtime gaps. "
    "The coordinator title and the salary range in the posting suit me fine. "
    "Over the next five years I'd like to run service planning for the eastern routes, and "
    "I've started the transit planning certificate at the community college to get there."
)
WEAK_FIXATED = (
    "Honestly what I care about is the title and the money. "
    "I want to be a senior analyst within a year and a manager the year after, with my "
    "salary over ninety thousand by then. "
    "After that, director, and a bigger bonus with every promotion."
)
# No rule cue for unrealistic ambition: what the learned verdict needs is the question.
CLIENTS_HERE = (
    "In my first year I'd like to handle more of your commercial clients on my own. "
    "Over the next five years I want to run the audits for the small-business group."
)
# An ambition cue the rules hear but do not take for the goal: the top of this workplace in a
# long-term goal, its near horizon only in the next sentence.
TOP_NAMED_LATER_SOON = (
    "Eventually I want to be the general manager of this hotel. "
    "Honestly I think I could get there in about three years."
)
# A first-line role as the goal, against the interviewer's power in other words: the same
# sure verdict on sentence 0.
NEXT_STEP_UP = (
    "In five years I'd like to be a shift supervisor on the loading dock, the one who plans "
    "the trucks. I already cover the morning briefing when the lead is out."
)
HIRING_HERE = (
    "In five years I'd like to be the one on the loading dock who decides who gets taken on. "
    "I already cover the morning briefing when the lead is out."
)
# A promotion conceded, then set aside for the work, against the same promotion kept.
PROMOTION_SET_ASIDE = (
    "In five years I'd like to run one of your garden centres. "
    "I know that's a promotion or two away, but the part I really want is ordering the stock "
    "and training the seasonal staff."
)
PROMOTION_KEPT = (
    "In five years I'd like to run one of your garden centres. "
    "I know that's a promotion or two away, and the part I look forward to is ordering the "
    "stock and training the seasonal staff."
)
# The same promotion in the sentence the title model is sure of: set aside, or wanted.
RUNG_SET_ASIDE = (
    "Long term, I'd like to be head of customer services for the region. "
    "It's the next promotion up from my role, but the reason I want it is that complaints fall "
    "between the call centre and the branches."
)
RUNG_WANTED = (
    "Long term, I'd like to be head of customer services for the region. "
    "It's the next promotion up from my role, and I want it as soon as they'll give it to me."
)
PROBES = (
    RUNG_SET_ASIDE,
    RUNG_WANTED,
    PROMOTION_SET_ASIDE,
    PROMOTION_KEPT,
    NEXT_STEP_UP,
    HIRING_HERE,
    TOP_NAMED_LATER_SOON,
    ONE_NEXT_ROLE,
    LADDER_TALK,
    HABIT,
    CIRCUMSTANCE,
    WISH,
    STRONG_IN_PASSING,
    WEAK_FIXATED,
    CLIENTS_HERE,
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(PROBES)


def found_with(text: str, rubric, pitfall: str, sentence: int, scores: dict[int, float]) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``pitfall`` is raised when the learned judgement names ``sentence`` as its
    evidence with these scores (others 0), on the rules' own reading of ``text``."""
    transcript = transcript_from_text(text)
    sentences, features = label_sentences(
        split_sentences(transcript, rubric=rubric), transcript, rubric=rubric
    )
    learned = PitfallFinding(
        (sentence,), "model", tuple(scores.get(i, 0.0) for i in range(len(features)))
    )
    inp = CheckInput(sentences, features, rubric, learned_pitfalls={pitfall: learned})
    checks = {c.id: c for c in evaluate_checks(inp, rubric.question(None))}
    rules_alone = {
        c.id: c.found
        for c in evaluate_checks(replace(inp, learned_pitfalls={}), rubric.question(None))
    }
    assert not rules_alone[pitfall], "the rules alone must not decide these probes"
    return checks[pitfall].found


def test_one_next_role_named_once_is_not_title_focus(rubric) -> None:  # type: ignore[no-untyped-def]
    # The same model verdict on the same sentence: alone, it is one plausible next step;
    # beside a second sentence about promotions, the answer dwells on titles.
    # (over the title model's threshold, under the score it needs no second sign from)
    unsure = {1: PITFALL_SURE - 0.02}
    assert not found_with(ONE_NEXT_ROLE, rubric, "title_focus", 1, unsure)
    assert found_with(LADDER_TALK, rubric, "title_focus", 1, unsure)


def test_a_second_sentence_leaning_on_titles_is_a_second_sign(rubric) -> None:  # type: ignore[no-untyped-def]
    leaning = {1: PITFALL_SURE - 0.02, 2: LEANING + 0.05}
    assert found_with(ONE_NEXT_ROLE, rubric, "title_focus", 1, leaning)
    below = {1: PITFALL_SURE - 0.02, 2: LEANING - 0.05}
    assert not found_with(ONE_NEXT_ROLE, rubric, "title_focus", 1, below)


def test_an_ambition_verdict_just_over_the_threshold_needs_a_second_sign(rubric) -> None:  # type: ignore[no-untyped-def]
    # One sentence barely over the model's threshold, nothing else leaning: no pitfall; the
    # same sentence scored sure, or beside a second sentence leaning its way, is one.
    pitfall = "unrealistic_ambition"
    assert not found_with(CLIENTS_HERE, rubric, pitfall, 0, {0: PITFALL_SURE - 0.01})
    assert found_with(CLIENTS_HERE, rubric, pitfall, 0, {0: PITFALL_SURE + 0.01})
    leaning = {0: PITFALL_SURE - 0.01, 1: LEANING + 0.05}
    assert found_with(CLIENTS_HERE, rubric, pitfall, 0, leaning)


def test_a_title_verdict_the_model_is_sure_of_needs_no_second_sign(rubric) -> None:  # type: ignore[no-untyped-def]
    assert found_with(ONE_NEXT_ROLE, rubric, "title_focus", 1, {1: PITFALL_SURE + 0.01})
    assert not found_with(ONE_NEXT_ROLE, rubric, "title_focus", 1, {1: PITFALL_SURE - 0.01})


def test_an_ambition_cue_anywhere_is_a_second_sign(rubric) -> None:  # type: ignore[no-untyped-def]
    # The same verdict under the sure bar, no second sentence leaning: kept where the rules
    # hear the top of this workplace named, dropped where the answer names none.
    pitfall, score = "unrealistic_ambition", {0: PITFALL_SURE - 0.02}
    assert found_with(TOP_NAMED_LATER_SOON, rubric, pitfall, 0, score)
    assert not found_with(CLIENTS_HERE, rubric, pitfall, 0, score)


def test_a_promotion_set_aside_for_the_work_is_no_second_sign(rubric) -> None:  # type: ignore[no-untyped-def]
    unsure = {1: PITFALL_SURE - 0.05}
    assert not found_with(PROMOTION_SET_ASIDE, rubric, "title_focus", 1, unsure)
    assert found_with(PROMOTION_KEPT, rubric, "title_focus", 1, unsure)


def test_a_promotion_set_aside_is_no_evidence_however_sure_the_model(rubric) -> None:  # type: ignore[no-untyped-def]
    sure = {1: PITFALL_SURE + 0.03}
    assert not found_with(RUNG_SET_ASIDE, rubric, "title_focus", 1, sure)
    assert found_with(RUNG_WANTED, rubric, "title_focus", 1, sure)


def test_a_first_line_role_is_a_plausible_next_step_however_sure_the_model(rubric) -> None:  # type: ignore[no-untyped-def]
    pitfall, sure = "unrealistic_ambition", {0: PITFALL_SURE + 0.03}
    assert not found_with(NEXT_STEP_UP, rubric, pitfall, 0, sure)
    assert found_with(HIRING_HERE, rubric, pitfall, 0, sure)


@pytest.mark.parametrize(("text", "sentence"), [(HABIT, 0), (CIRCUMSTANCE, 0)])
def test_a_habit_or_the_work_itself_is_no_personal_drift(rubric, text: str, sentence: int) -> None:  # type: ignore[no-untyped-def]
    assert not found_with(text, rubric, "off_topic_personal", sentence, {sentence: 0.97})


def test_a_personal_wish_the_model_finds_is_kept(rubric) -> None:  # type: ignore[no-untyped-def]
    assert found_with(WISH, rubric, "off_topic_personal", 1, {1: 0.97})


def test_a_question_to_the_interviewer_is_no_pitfalls_evidence(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # Every threshold at zero: every sentence the models may read is evidence, but not the
    # question (nor would a closing summary be).
    text = (
        "In my first year I want to own the renewals for your largest accounts. "
        "Is the renewal rate tracked per person or for the whole team?"
    )
    transcript = transcript_from_text(text)
    question = rubric.question(None)
    _, features = label_sentences(
        split_sentences(transcript, rubric=rubric), transcript, rubric=rubric
    )
    assert features[1].reason == "question"
    assert judge.head.pitfalls is not None
    pitfalls = replace(judge.head.pitfalls, thresholds=judge.head.pitfalls.thresholds * 0.0)
    eager = replace(judge, head=replace(judge.head, pitfalls=pitfalls))
    ctxs = sentence_contexts([f.text for f in features], question, rubric, None)
    _, found = judge_answer(eager, features, ctxs, rubric.settings.short_term_max_years)
    assert found, "with zero thresholds every pitfall model fires"
    for finding in found.values():
        assert 1 not in finding.evidence
        assert len(finding.scores) == 2


def test_a_strong_answer_naming_a_title_and_pay_in_passing_raises_nothing(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(STRONG_IN_PASSING, rubric, judge)
    assert [(c.id, c.reason) for c in result.checks if c.pitfall and c.found] == []


def test_a_weak_answer_fixated_on_title_and_pay_raises_both(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    checks = {c.id: c for c in analyse(WEAK_FIXATED, rubric, judge).checks}
    assert checks["title_focus"].found, checks["title_focus"].reason
    assert checks["money_focus"].found, checks["money_focus"].reason


@pytest.mark.parametrize(
    ("text", "title_focus"),
    [
        # A promotion in the candidate's past and one title word in a goal: one cue in goals.
        (
            "I was promoted twice in three years at my last bakery. "
            "This year I'd like to move up to running the morning bake here.",
            False,
        ),
        (
            "I want to keep moving up as fast as I can. "
            "This year I'd like to move up to running the morning bake here.",
            True,
        ),
    ],
)
def test_title_words_in_the_background_do_not_count(rubric, text: str, title_focus: bool) -> None:  # type: ignore[no-untyped-def]
    checks = {c.id: c for c in analyse(text, rubric, None).checks}
    assert checks["title_focus"].found is title_focus, checks["title_focus"].reason


# One's own business after a commitment to stay is set aside (ambition.corroborated): its
# score is no second sentence leaning the same way either (review 18, finding 10).
SHOP_AFTER_STAYING = (
    "In my first two years I want to take over the weekly stock orders for your garden centre. "
    "Far down the road I might open a small shop of my own, but I'm committed to learning "
    "here first. I'm doing the horticulture certificate at night."
)


def test_a_set_aside_own_business_is_no_second_sign(rubric) -> None:  # type: ignore[no-untyped-def]
    shared.assert_not_in_corpus((SHOP_AFTER_STAYING,))
    pitfall = "unrealistic_ambition"
    just_over = PITFALL_SURE - 0.01
    assert not found_with(SHOP_AFTER_STAYING, rubric, pitfall, 0, {0: just_over, 1: 0.96})
    # The same verdict beside a sentence that is not set aside, leaning the same way, is one.
    assert found_with(SHOP_AFTER_STAYING, rubric, pitfall, 0, {0: just_over, 2: 0.96})


# A post named only as the colleague's who holds it, beside a step already taken: the
# ambition model was sure (0.94) of such a sentence in a strong dev10 answer.
COLLEAGUES_POST = (
    "This year I want to qualify as a claims handler for the motor team and close my own "
    "files. I've already shadowed Tomasz, who heads the claims floor, for a dozen shifts."
)
COLLEAGUES_POST_WANTED = (
    "This year I want to qualify as a claims handler for the motor team and close my own "
    "files. I've already shadowed Tomasz, who heads the claims floor, and I want his seat."
)


def test_a_colleagues_post_is_no_evidence_however_sure_the_model(rubric) -> None:  # type: ignore[no-untyped-def]
    pitfall, sure = "unrealistic_ambition", {1: PITFALL_SURE + 0.03}
    assert not found_with(COLLEAGUES_POST, rubric, pitfall, 1, sure)
    assert found_with(COLLEAGUES_POST_WANTED, rubric, pitfall, 1, sure)


# The speaker in the post later, however it is said (review19 #4): no wish verb, yet the
# sentence wants the post it names as the colleague's.
CLAIMS_YEAR = "This year I want to qualify as a claims handler for the motor team. "


@pytest.mark.parametrize(
    "later",
    [
        "Tomasz, who heads the claims floor, started where I am, and in three years that's me.",
        "In two years, that's going to be me, the one who runs the whole claims division.",
        "I'm studying everything Tomasz does, who heads the claims floor, so I can take his "
        "chair next spring.",
    ],
)
def test_a_colleagues_post_the_speaker_will_hold_stays_evidence(rubric, later) -> None:  # type: ignore[no-untyped-def]
    pitfall, sure = "unrealistic_ambition", {1: PITFALL_SURE + 0.03}
    assert found_with(CLAIMS_YEAR + later, rubric, pitfall, 1, sure)
    # The same colleague's post beside a step the speaker takes is no evidence.
    step = "I sit beside Tomasz, who heads the claims floor, on Tuesdays."
    assert not found_with(CLAIMS_YEAR + step, rubric, pitfall, 1, sure)
