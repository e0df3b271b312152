"""The score across the 10 s below which pace and fillers are too short to rate."""

from __future__ import annotations

import pytest

from tests.reports import timed_report

# 23 words, no filler: 10.4 s of speech at 2.2 words a second, 9.1 s at 2.5.
GOAL = (
    "In my first year here I want to learn the reporting tools and take on the "
    "monthly sales report, then lead a team."
)


@pytest.mark.parametrize("words_per_s", [2.0, 2.2])
def test_saying_the_same_a_little_faster_across_10_s_does_not_lower_the_score(
    words_per_s: float,
) -> None:
    """Found by review: an unrated rate left the delivery part and the other items took its
    weight, so speaking time (too short, credit 0.3) counted for more. The same answer with
    good pace and no fillers, said a little faster to fall just under 10 s, scored 7 points
    less (delivery 75.5 -> 51). Unrated, pace and fillers now earn what good ones earn: the
    too-short penalty already costs a brief answer its points."""
    rated = timed_report((GOAL,), words_per_s=words_per_s)
    faster = timed_report((GOAL,), words_per_s=2.5)
    assert not rated.delivery.too_short_to_rate and faster.delivery.too_short_to_rate
    assert rated.delivery.pace_status == "good" and rated.delivery.filler_status == "good"
    assert rated.delivery.target_status == faster.delivery.target_status == "too_short"
    assert faster.score.delivery >= rated.score.delivery
    assert faster.score.total >= rated.score.total
