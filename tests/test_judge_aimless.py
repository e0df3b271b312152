"""A sentence that aims at nothing is no evidence of unrealistic ambition.

The probe is written for this test (none of its sentences is in the train or dev answers; a
test checks that), in the style of a typed strong answer of the train split whose opener, once
the boundary model cut it from the goal after it, scored over the unrealistic-ambition model's
threshold: a teenager's "this would be my first job" reads to the model like a pilot's first
airline job. The rules find no goal, plan or step in it and the judgement keeps it ``other``.
Everything runs the real packaged encoder and head.
"""

from __future__ import annotations

from tests import test_content_model as shared
from tests.judging import raised

OPENER = "im only 16 & this would be my first job ever"
FIRST_JOB = (
    f"{OPENER}. get my food handlers card in the first month. learn the fryer and the grill "
    "by the end of summer."
)


def test_an_aimless_opener_is_no_unrealistic_ambition(rubric, judge) -> None:  # type: ignore[no-untyped-def]
    shared.assert_not_in_corpus((FIRST_JOB,))
    models = judge.head.pitfalls
    k = models.ids.index("unrealistic_ambition")
    vectors, _ = judge.vectors([OPENER])
    # The model alone would raise it (0.94 against 0.91 when written).
    assert models.scores(vectors, ["other"])[0, k] >= models.thresholds[k]
    result = shared.analyse(FIRST_JOB, rubric, judge)
    assert result.sentences[0].label == "other"
    assert "unrealistic_ambition" not in raised(result), raised(result)
