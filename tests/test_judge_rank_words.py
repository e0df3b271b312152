"""Title focus in words no title cue knows: the goal's object is a rank, not work.

"Higher up in the hierarchy", "every new position", "the boss of the bosses": two such words
in an answer's goals are title focus as two title cues are (rubric.toml title_focus
``rank_words``), and one is the second sign the learned title model's finding needs. One in
passing beside a next role described by its work stays clean (labelling.md: naming one
plausible next role by its work is not title_focus). Each probe is written for these tests
(none of its sentences is in the train or dev answers; a test checks that).
"""

from __future__ import annotations

from tests import test_content_model as shared
from tests.test_judge_leaving import raised

rubric = shared.rubric
judge = shared.judge
analyse = shared.analyse  # the default question is career_goals

RANKS = (
    "Long term I want to keep getting higher up in the hierarchy here. Every new position I "
    "reach would show my family I've made it."
)
ONE_RUNG_BY_ITS_WORK = (
    "In two years I'd like to be a charge nurse, which is the next rung for me, running the "
    "shift's staffing and the safety huddles. I'm doing the preceptor course this spring."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus((RANKS, ONE_RUNG_BY_ITS_WORK))


def test_ranks_in_other_words_are_title_focus(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    rules = next(c for c in analyse(RANKS, rubric, None).checks if c.id == "title_focus")
    assert rules.found, rules.reason
    assert "hierarchy" in rules.reason
    assert "title_focus" in raised(analyse(RANKS, rubric, judge))


def test_one_rung_named_by_its_work_raises_nothing(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(ONE_RUNG_BY_ITS_WORK, rubric, None)) == []
    assert raised(analyse(ONE_RUNG_BY_ITS_WORK, rubric, judge)) == []
