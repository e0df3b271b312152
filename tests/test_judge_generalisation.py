"""The learned judgement on wordings it was not trained on, and the cross-validation behind it.

The answers below are written for these tests and appear nowhere in the answers the head
is trained and tuned on (train, dev; a test checks that), so passing them is generalisation,
not recall of a training sentence. Everything runs the real packaged encoder and head.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import test_content_model as shared
from tests.judging import analyse

ROOT = Path(__file__).resolve().parents[1]
# The packaged judge and rubric, one per module, as test_content_model gets them.
ANSWERS = ROOT / "tests/data/answers"

TITLE_LADDER = (
    "Right now I'm a dispatcher, and what drives me is climbing. I'd like to go up a rung "
    "every eighteen months or so, lead dispatcher, then shift supervisor, then operations "
    "manager. Each step up is how I know I'm doing well."
)
STRONG_WITH_GROWTH_TALK = (
    "In the next year I want to learn every product we offer so I can answer any customer's "
    "question. I want to keep growing and improving every day. Longer term I'd like to become "
    "a personal banker here, and I'm working through the bank's internal training modules to "
    "get there."
)
STRONG_ANSWERS = (
    STRONG_WITH_GROWTH_TALK,
    "For the first year my focus is getting fully signed off on the CT scanner here. I've "
    "already started the vendor's online modules. In five years I'd like to be the lead "
    "technologist who trains the new hires on this imaging team.",
    "Short term, I want to own the month-end close for two of your regional entities within "
    "eighteen months. I'm sitting the last part of the CPA exam in March. Down the road, "
    "I'd hope to step up to controller, ideally here, and build out the reporting team.",
)


def _bench():  # type: ignore[no-untyped-def]
    return shared._module("content_accuracy", ROOT / "benchmarks/content_accuracy.py")


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((TITLE_LADDER, *STRONG_ANSWERS))


def test_a_title_ladder_in_other_words_is_title_focus(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    # No "title" and no "promotion": a chain of steps up is still the answer's goal.
    result = analyse(TITLE_LADDER, rubric, judge, company="Acme Logistics", role="dispatcher")
    checks = {c.id: c for c in result.checks}
    assert checks["title_focus"].found, checks["title_focus"].reason
    assert not checks["title_focus"].ok


@pytest.mark.parametrize("text", STRONG_ANSWERS, ids=["growth_talk", "ct_tech", "accountant"])
def test_a_strong_answer_raises_no_pitfall(rubric, judge, text: str) -> None:  # type: ignore[no-untyped-def]
    result = analyse(text, rubric, judge)
    raised = [c.id for c in result.checks if c.pitfall and c.found]
    assert raised == [], [(c.id, c.reason) for c in result.checks if c.id in raised]


def test_growth_talk_is_other_and_the_goals_around_it_keep_their_labels(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    result = analyse(STRONG_WITH_GROWTH_TALK, rubric, judge)
    assert [s.label for s in result.sentences] == ["short_term", "other", "long_term"]


# --- the cross-validation ----------------------------------------


def test_cross_validation_folds_are_fixed_and_keep_files_whole() -> None:
    bench = _bench()
    answers = bench.load_answers([ANSWERS / "dev"])
    by_answer = bench.folds(answers, 5)
    assert by_answer == bench.folds(answers, 5)
    assert sorted(set(by_answer)) == [0, 1, 2, 3, 4]
    by_file = bench.folds(answers, 3, by_file=True)
    for source in {a.source for a in answers}:
        assert len({f for a, f in zip(answers, by_file, strict=True) if a.source == source}) == 1


# --- who may aim at the top, and who commits to staying --------------------------------------


def _found(text: str, rubric, judge, **kw) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return {c.id: c.found for c in analyse(text, rubric, judge, **kw).checks}


def test_an_executive_goal_is_plausible_after_a_decade_of_leading(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    goal = "In the long term, I'd like to be chief operating officer of a group like this one."
    senior = "I've run distribution centres for a regional grocer for fourteen years. " + goal
    junior = "I joined a warehouse as a picker eight months ago. " + goal
    assert not _found(senior, rubric, judge, question="long_term_goals")["unrealistic_ambition"]
    assert _found(junior, rubric, judge, question="long_term_goals")["unrealistic_ambition"]


def test_an_own_practice_far_off_after_a_decade_here_is_not_leaving(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    stays = (
        "In the next two years I want to earn my sports physio certification. "
        "Much later, maybe twenty years out, I'd like a small clinic of my own. "
        "Before that I'd want to spend the next decade here, and I mean it."
    )
    leaves = (
        "In the next two years I want to earn my sports physio certification. "
        "Then I'd like to open my own clinic across town as soon as I can."
    )
    assert not _found(stays, rubric, judge)["unrealistic_ambition"]
    assert _found(leaves, rubric, judge)["unrealistic_ambition"]


def test_personal_life_drifting_in_is_found_where_no_cue_names_it(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    text = (
        "My goal is to help patrons find what they need faster. I really love this library "
        "and I'd stay here for a long time. Outside work, my big thing is training for a "
        "marathon with my family, which is the most important thing to me."
    )
    rules = {c.id: c for c in analyse(text, rubric, None).checks}["off_topic_personal"]
    model = {c.id: c for c in analyse(text, rubric, judge).checks}["off_topic_personal"]
    assert not rules.found  # no cue list knows this wording...
    assert model.found and model.evidence == (2,), model.reason  # ...the learned model does
    # ...and says so by the labelled examples it resembles, not by a cue
    assert model.reason.startswith('sentence 3 reads like answers such as "'), model.reason
