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
from tests.judging import analyse, raised

RANKS = (
    "Long term I want to keep getting higher up in the hierarchy here. Every new position I "
    "reach would show my family I've made it."
)
ONE_RUNG_BY_ITS_WORK = (
    "In two years I'd like to be a charge nurse, which is the next rung for me, running the "
    "shift's staffing and the safety huddles. I'm doing the preceptor course this spring."
)

# Cross-training and the next step up are realistic steps, not rank-seeking (review 18,
# finding 6).
CROSS_TRAINING = (
    "In my first year I want to learn all the positions on the line, from prep to the pass. "
    "The next step up from there would be shift lead, in about three years."
)
EVERY_STATION = (
    "This year I'd like to cover each position in the warehouse so I can fill any gap. "
    "The next step up for me would be running the returns bay, maybe in two years."
)
STEP_UP_AND_TITLES = (
    "In five years I want to be two rungs above where I start, with a bigger title. Getting "
    "promoted fast is what I care about most."
)


def test_the_probe_answers_are_not_in_the_corpus() -> None:
    shared.assert_not_in_corpus(
        (RANKS, ONE_RUNG_BY_ITS_WORK, CROSS_TRAINING, EVERY_STATION, STEP_UP_AND_TITLES)
    )


def test_ranks_in_other_words_are_title_focus(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    rules = next(c for c in analyse(RANKS, rubric, None).checks if c.id == "title_focus")
    assert rules.found, rules.reason
    assert "hierarchy" in rules.reason
    assert "title_focus" in raised(analyse(RANKS, rubric, judge))


def test_one_rung_named_by_its_work_raises_nothing(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    assert raised(analyse(ONE_RUNG_BY_ITS_WORK, rubric, None)) == []
    assert raised(analyse(ONE_RUNG_BY_ITS_WORK, rubric, judge)) == []


def test_learning_every_position_and_the_next_step_up_raise_nothing(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    for text in (CROSS_TRAINING, EVERY_STATION):
        rules = next(c for c in analyse(text, rubric, None).checks if c.id == "title_focus")
        assert not rules.found, rules.reason
        assert "title_focus" not in raised(analyse(text, rubric, judge)), text


def test_title_focus_quotes_each_counted_word_once(rubric) -> None:  # type: ignore[no-untyped-def]
    rules = next(
        c for c in analyse(STEP_UP_AND_TITLES, rubric, None).checks if c.id == "title_focus"
    )
    assert rules.found, rules.reason
    # "rungs above" is a rank word inside the title cue "two rungs": not counted, not quoted.
    assert rules.reason == '"two rungs"; "bigger title"; "promoted"', rules.reason
