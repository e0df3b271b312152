"""The labelled answers (tests/data/answers/README.md): every split is well formed and apart.

No model runs here: these guard the format the benchmark and the trainer read (a typo in a
held-out file would otherwise surface only when it is scored, once, at the end) and that a
held-out answer has not been copied into another split, where training would see it.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from speakprep.core.rubric import load_rubric
from tests import test_content_model as shared

ANSWERS = shared.ANSWERS
SPLITS = sorted(p for p in ANSWERS.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def by_split() -> dict[str, list]:  # type: ignore[type-arg]
    bench = shared._module("content_accuracy", shared.ROOT / "benchmarks/content_accuracy.py")
    # load_answers rejects an unknown label or pitfall and a sentence missing from the text.
    return {split.name: bench.load_answers([split]) for split in SPLITS}


def test_every_split_loads_and_asks_only_bank_questions(by_split) -> None:  # type: ignore[no-untyped-def]
    bank = {q.id for q in load_rubric().questions}
    assert {"train", "dev", "test", "holdout", "fresh", "fresh2"} <= set(by_split)
    for split, answers in by_split.items():
        assert answers, split
        assert {a.question for a in answers} <= bank, split


def test_no_answer_is_in_two_splits(by_split) -> None:  # type: ignore[no-untyped-def]
    ids: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, set[str]] = defaultdict(set)
    for split, answers in by_split.items():
        for answer in answers:
            ids[answer.id].add(split)
            texts[" ".join(answer.text.lower().split())].add(split)
    assert not {i: s for i, s in ids.items() if len(s) > 1}
    assert not [sorted(s) for s in texts.values() if len(s) > 1]
