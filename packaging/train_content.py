"""Train the learned sentence judgement and write ``assets/content_head.npz``.

Usage: python packaging/train_content.py [DIR_OR_FILE ...] [--out PATH] [--fraction F]

Reads labelled answers (tests/data/answers/README.md; default: the train split), splits and
labels them with the rules exactly as the app does, gives each sentence the reference label
of the reference sentence it overlaps most, encodes it with the packaged sentence encoder
and fits a multinomial logistic regression on the encoder vector plus the rule features
(speakprep.core.judge). Deterministic: same corpus, same weights (full-batch gradient
descent from zeros, answers in file order). Needs only numpy and the packaged encoder.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType

import numpy as np

from speakprep.core.content import sentence_contexts
from speakprep.core.judge import LabelHead, feature_matrix
from speakprep.core.labels import label_sentences
from speakprep.core.models import LABELS, Label
from speakprep.core.rubric import Rubric, load_rubric
from speakprep.core.sentences import split_sentences
from speakprep.core.text import transcript_from_text

ROOT = Path(__file__).resolve().parents[1]
TRAIN_DIR = ROOT / "tests/data/answers/train"
OUT = ROOT / "assets/content_head.npz"
L2 = 0.03  # chosen by 5-fold cross-validation on the train split (0.001-1.0 tried)
STEPS = 600
LEARNING_RATE = 0.5


def benchmark_module() -> ModuleType:
    """benchmarks/content_accuracy.py, which reads the labelled answer files."""
    spec = importlib.util.spec_from_file_location(
        "content_accuracy", ROOT / "benchmarks/content_accuracy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("content_accuracy", module)
    spec.loader.exec_module(module)
    return module


@dataclass
class Rows:
    """The head's training rows: features, reference labels and each row's sentence."""

    vectors: np.ndarray
    features: np.ndarray
    labels: np.ndarray  # indexes into LABELS
    texts: list[str]
    answer_ids: list[str]


def build_rows(answers: Sequence, rubric: Rubric, embed) -> Rows:  # type: ignore[no-untyped-def]
    """One row per sentence the app would see, labelled by the reference it overlaps most."""
    short_max = rubric.settings.short_term_max_years
    year = date.today().year
    blocks, vec_blocks, labels, texts, ids = [], [], [], [], []
    for answer in answers:
        transcript = transcript_from_text(answer.text)
        sentences = split_sentences(transcript, rubric=rubric)
        sentences, feats = label_sentences(sentences, transcript, rubric=rubric, current_year=year)
        if not feats:
            continue
        question = rubric.question(answer.question)
        ctxs = sentence_contexts(len(feats), question, rubric, year)
        vectors = embed([f.raw or f.text for f in feats])
        blocks.append(feature_matrix(vectors, feats, ctxs, short_max))
        vec_blocks.append(vectors)
        for s in sentences:
            labels.append(LABELS.index(_reference(answer, s.char_start, s.char_end)))
            texts.append(s.text)
            ids.append(answer.id)
    return Rows(
        np.vstack(vec_blocks), np.vstack(blocks), np.array(labels, dtype=np.int64), texts, ids
    )


def _reference(answer, start: int, end: int) -> Label:  # type: ignore[no-untyped-def]
    best: Label = "other"
    best_overlap = 0
    for s, e, label in answer.spans:
        overlap = min(end, e) - max(start, s)
        if overlap > best_overlap:
            best, best_overlap = label, overlap
    return best


def fit(rows: Rows, *, l2: float = L2, steps: int = STEPS) -> LabelHead:
    """Multinomial logistic regression with balanced class weights, by gradient descent."""
    x = rows.features.astype(np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    xs = (x - mean) / scale
    n, d = xs.shape
    k = len(LABELS)
    y = np.zeros((n, k))
    y[np.arange(n), rows.labels] = 1.0
    counts = np.maximum(y.sum(axis=0), 1.0)
    sample_w = (n / (k * counts))[rows.labels]
    w = np.zeros((d, k))
    b = np.zeros(k)
    for _ in range(steps):
        z = xs @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * sample_w[:, None] / n
        w -= LEARNING_RATE * (xs.T @ g + l2 * w)
        b -= LEARNING_RATE * g.sum(axis=0)
    return LabelHead(
        weights=w.astype(np.float32),
        bias=b.astype(np.float32),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        examples=rows.vectors.astype(np.float16),
        example_texts=tuple(rows.texts),
        example_labels=tuple(LABELS[i] for i in rows.labels),
        meta={"sentences": int(n), "answers": len(set(rows.answer_ids)), "l2": l2, "steps": steps},
    )


def subset(answers: Sequence, fraction: float) -> list:  # type: ignore[type-arg]
    """The first ``fraction`` of the answers, spread evenly over the files (deterministic)."""
    if fraction >= 1.0:
        return list(answers)
    keep = max(1, round(len(answers) * fraction))
    step = len(answers) / keep
    return [answers[int(i * step)] for i in range(keep)]


def main(argv: list[str] | None = None) -> int:
    from speakprep.services.encoder import default_encoder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--fraction", type=float, default=1.0)
    args = parser.parse_args(argv)
    bench = benchmark_module()
    answers = subset(bench.load_answers(args.paths or [TRAIN_DIR]), args.fraction)
    rubric = load_rubric()
    rows = build_rows(answers, rubric, default_encoder().embed)
    head = fit(rows)
    args.out.write_bytes(head.to_bytes())
    print(f"trained on {head.meta['sentences']} sentences of {len(answers)} answers -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
