"""The two-branch sentence encoder: one stock output, one label branch.

The packaged graph gives each sentence two vectors (assets/encoder/README.md): the stock
all-MiniLM-L6-v2's, which the pitfall models and the talking points read, and that of top
layers fine-tuned for the sentence labels, which the label head reads. These tests run the
real packaged int8 model: the stock output must still be the stock encoder's (vectors the
encoder gave before the branch was added, tests/data/encoder), the branch must differ from
it, and the judgement must read each where it should and decide alike at any thread count.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from speakprep.core.content import analyze_content
from speakprep.core.judge import SentenceJudge, default_head
from speakprep.core.rubric import load_rubric
from speakprep.core.text import transcript_from_text
from speakprep.services.encoder import (
    DIMENSIONS,
    LAYER_SENTENCES,
    MODEL_FILE,
    TOKENIZER_FILE,
    SentenceEncoder,
    encoder_dir,
    encoder_threads,
)

REFERENCE = Path(__file__).parent / "data/encoder/stock_vectors.npz"
LABEL_REFERENCE = Path(__file__).parent / "data/encoder/label_vectors.npz"
# Same int8 weights and graph for the stock path: only the kernels' summation order may
# differ between runs and thread counts.
STOCK_COSINE = 0.999


def _vectors(path: Path) -> tuple[list[str], np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return json.loads(str(z["texts"])), z["vectors"]


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    return _vectors(REFERENCE)


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    # Keeping no vectors, it runs every sentence it is given: what the graph does is tested.
    return SentenceEncoder(cache_sentences=0)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_the_stock_output_is_the_stock_encoders(reference, threads: int) -> None:  # type: ignore[no-untyped-def]
    texts, before = reference
    stock, labels = SentenceEncoder(threads=threads).embed_both(texts)
    cosines = (stock * before).sum(axis=1)
    assert cosines.min() >= STOCK_COSINE, cosines
    assert np.allclose(np.linalg.norm(labels, axis=1), 1.0, atol=1e-3)
    # The label branch gives what the packaged head was trained on: the graph cut to one
    # sentence a run (no mask, convert_encoder.single_sentence_graph) computes what the
    # graph with its mask computed (tests/data/encoder/README.md).
    label_texts, labels_before = _vectors(LABEL_REFERENCE)
    assert label_texts == texts
    label_cosines = (labels * labels_before).sum(axis=1)
    assert label_cosines.min() >= STOCK_COSINE, label_cosines


def test_a_sentence_has_one_vector_whatever_is_embedded_with_it(encoder, reference) -> None:  # type: ignore[no-untyped-def]
    # The int8 graph quantises activations per run: batched with longer sentences (and their
    # padding), a sentence's vector moved (cosine down to 0.985 here), so the same sentence
    # could be labelled differently in two answers. Alone or among others, it is the same.
    texts, _ = reference
    together_stock, together_labels = encoder.embed_both(texts)
    for row, text in enumerate(texts):
        alone_stock, alone_labels = encoder.embed_both([text])
        assert np.array_equal(alone_stock[0], together_stock[row])
        assert np.array_equal(alone_labels[0], together_labels[row])


def test_many_sentences_run_layer_by_layer_keep_their_own_vectors(encoder, reference) -> None:  # type: ignore[no-untyped-def]
    # The graph's layers run one at a time over up to LAYER_SENTENCES sentences, each alone:
    # a sentence in the second group, or among others of every length, still gets its own
    # vectors, in its own row (hidden states mixed up between sentences or groups would show).
    texts, _ = reference
    many = [
        f"{texts[k % len(texts)]} {'Again and again.' * (k // len(texts))}"
        for k in range(LAYER_SENTENCES + 2)
    ]
    assert len(many) > LAYER_SENTENCES
    stock, labels = encoder.embed_both(many)
    for row in (0, 7, LAYER_SENTENCES - 1, LAYER_SENTENCES, len(many) - 1):
        alone_stock, alone_labels = encoder.embed_both([many[row]])
        assert np.array_equal(alone_stock[0], stock[row])
        assert np.array_equal(alone_labels[0], labels[row])
    assert len({v.tobytes() for v in stock}) == len(many)


class _CountingSession:
    """An onnxruntime session that counts its runs (one per sentence run through the graph)."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.runs = 0

    def run(self, *args):  # type: ignore[no-untyped-def]
        self.runs += 1
        return self.inner.run(*args)


def test_kept_vectors_are_bit_for_bit_those_of_a_run(encoder, reference) -> None:  # type: ignore[no-untyped-def]
    # A sentence's vectors depend on its text alone, so an encoder that keeps them gives
    # exactly what one that runs every sentence gives, in any company and order, and runs
    # each sentence once while it is kept. Full, it drops the sentence asked for least
    # recently.
    texts, _ = reference
    keeping = SentenceEncoder(cache_sentences=len(texts) - 1)
    first = keeping._parts[0]  # each sentence run goes through the first layer once
    session = first.session = _CountingSession(first.session)
    asks = [texts, [*reversed(texts[1:]), texts[1]], texts[2:4], texts[:1], [texts[0]] * 3]
    asks.append(texts[-1:])  # asked for least recently when texts[0] came back: dropped
    for ask in asks:
        kept, run = keeping.embed_both(ask), encoder.embed_both(ask)
        assert np.array_equal(kept[0], run[0]) and np.array_equal(kept[1], run[1])
        assert kept[0].dtype == run[0].dtype == np.float32
    # All 6 once; texts[0], dropped to keep the last 5, once more; then texts[-1].
    assert session.runs == len(texts) + 2


def test_the_label_branch_differs_from_the_stock_output(encoder, reference) -> None:  # type: ignore[no-untyped-def]
    texts, _ = reference
    stock, labels = encoder.embed_both(texts)
    assert np.array_equal(encoder.embed(texts), stock)
    assert np.array_equal(encoder.embed_labels(texts), labels)
    # Three fine-tuned top layers move every sentence's vector, not just a few.
    cosines = (stock * labels).sum(axis=1)
    assert cosines.max() < 0.98, cosines


def test_the_label_branch_groups_sentences_by_what_they_do(encoder) -> None:  # type: ignore[no-untyped-def]
    # Two near-term goals in unrelated trades share a label, not a topic; a goal and a course
    # in the same trade share a topic, not a label. The label branch was trained to put the
    # first pair closer than the stock encoder does, relative to the second.
    goal_a = "Over the next year I want to take over scheduling for the whole crew."
    goal_b = "Within twelve months I'd like to be the one running payroll for the clinic."
    plan_a = "I've signed up for a crew scheduling course that starts next month."
    stock, labels = encoder.embed_both([goal_a, goal_b, plan_a])
    stock_gap = stock[0] @ stock[1] - stock[0] @ stock[2]
    label_gap = labels[0] @ labels[1] - labels[0] @ labels[2]
    assert label_gap > stock_gap + 0.1, (label_gap, stock_gap)


class _Recorder:
    """An encoder that keeps which vectors the judgement asked for."""

    def __init__(self, inner: SentenceEncoder) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.calls.append("stock")
        return self.inner.embed(texts)

    def embed_both(self, texts):  # type: ignore[no-untyped-def]
        self.calls.append("both")
        return self.inner.embed_both(texts)


TEXT = (
    "I've been a line cook for three years. In the next year I want to run the grill "
    "station here. I'm taking a food safety manager course. Eventually I'd like to be "
    "a sous chef, and honestly the bigger paycheck is what I'm after."
)


def _analyse(judge: SentenceJudge):  # type: ignore[no-untyped-def]
    rubric = load_rubric()
    return analyze_content(
        transcript_from_text(TEXT), rubric=rubric, question=rubric.question(None), judge=judge
    )


def test_the_judgement_reads_both_vectors_from_one_run(encoder) -> None:  # type: ignore[no-untyped-def]
    recorder = _Recorder(encoder)
    two = _analyse(SentenceJudge(recorder.embed, default_head(), recorder.embed_both))
    assert recorder.calls == ["both"]
    # Fed the stock vectors alone, the label head reads the wrong vectors: some label or
    # its confidence changes, while the pitfall side reads what it read before.
    one = _analyse(SentenceJudge(encoder.embed, default_head()))
    assert [s.reason for s in one.sentences] != [s.reason for s in two.sentences]


def test_decisions_are_the_same_at_one_two_and_four_threads() -> None:
    results = []
    for threads in (1, 2, 4):
        result = _analyse(SentenceEncoder(threads=threads).judge())
        results.append(
            (
                [(s.label, s.reason) for s in result.sentences],
                [(c.id, c.found, c.evidence) for c in result.checks],
            )
        )
    assert results[0] == results[1] == results[2]


def test_the_encoder_takes_a_second_thread_only_where_a_core_is_free_for_it() -> None:
    """2 threads from 4 cores on (asleep while they wait, they cost ~2 % of CPU time, and
    decide alike: the test above); on 1-3 cores the speech model and the window share them."""
    assert [encoder_threads(cores) for cores in (1, 2, 3, 4, 16)] == [1, 1, 1, 2, 2]
    options = SentenceEncoder(threads=3)._parts[0].session.get_session_options()
    assert options.intra_op_num_threads == 3
    # Spinning, each waiting thread burnt a core: 2 threads took ~2x the CPU time of 1.
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_the_encoder_threads_follow_the_cores_this_process_has(monkeypatch) -> None:
    """A batch worker's share (OMP_NUM_THREADS, set by services.batch) and the CPU affinity
    count, not the whole machine: `--jobs 4` on 4 cores ran 4 workers of 2 encoder threads."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert encoder_threads() == 1  # 2 of the 16 cores are this process's
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(8)), raising=False)
    assert encoder_threads() == 2
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # a worker of `--jobs 4` on 4 cores
    assert encoder_threads() == encoder_threads(16) == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "lots")  # not a count: ignored
    assert encoder_threads() == 2


def test_an_encoder_converted_before_the_mask_was_cut_still_embeds(tmp_path: Path) -> None:
    """Found in review: a graph made before convert_encoder cut the attention mask (an older
    ``--encoder`` folder for packaging/train_content.py) stopped mid-run with "Required
    inputs (['attention_mask']) are missing". One sentence a run has no padding, so the mask
    is all ones: fed ones, such a graph embeds. The graph here is a tiny one of the old
    inputs, written byte by byte (no onnx package here): each token's vector is its mask
    value times ``weights``, so a sentence's vector is ``weights`` normalised, and a mask
    not fed or not all ones would show."""
    weights = np.linspace(-1.0, 1.0, DIMENSIONS, dtype=np.float32)
    (tmp_path / MODEL_FILE).write_bytes(_masked_graph(weights))
    shutil.copy(encoder_dir() / TOKENIZER_FILE, tmp_path / TOKENIZER_FILE)
    vectors = SentenceEncoder(tmp_path, cache_sentences=0).embed(["I want to lead a team.", "Hi"])
    expected = weights / np.linalg.norm(weights)
    assert np.allclose(vectors, expected, atol=1e-6)


def _masked_graph(weights: np.ndarray) -> bytes:
    """An ONNX model (IR 8, opset 13) with the old encoder's inputs, input_ids and
    attention_mask (int64, 1 x tokens), whose output (1 x tokens x DIMENSIONS) is
    float(attention_mask)[..., None] * weights."""

    def key(field: int, wire: int) -> bytes:
        return _varint(field << 3 | wire)

    def text(field: int, value: bytes | str) -> bytes:
        data = value.encode() if isinstance(value, str) else value
        return key(field, 2) + _varint(len(data)) + data

    def number(field: int, value: int) -> bytes:
        return key(field, 0) + _varint(value)

    def value_info(name: str, elem_type: int, dims: tuple[int | str, ...]) -> bytes:
        shape = b"".join(text(1, number(1, d) if isinstance(d, int) else text(2, d)) for d in dims)
        return text(1, name) + text(2, text(1, number(1, elem_type) + text(2, shape)))

    def node(op: str, inputs: tuple[str, ...], output: str, attrs: bytes = b"") -> bytes:
        return b"".join(text(1, i) for i in inputs) + text(2, output) + text(4, op) + attrs

    def tensor(name: str, dims: tuple[int, ...], data_type: int, raw: bytes) -> bytes:
        return (
            b"".join(number(1, d) for d in dims)
            + number(2, data_type)
            + text(8, name)
            + text(9, raw)
        )

    FLOAT, INT64, ATTR_INT = 1, 7, 2
    cast_to_float = text(5, text(1, "to") + number(3, FLOAT) + number(20, ATTR_INT))
    graph = b"".join(
        (
            text(1, node("Cast", ("attention_mask",), "mask", cast_to_float)),
            text(1, node("Unsqueeze", ("mask", "axes"), "mask3")),
            text(1, node("Mul", ("mask3", "weights"), "hidden")),
            text(2, "old_masked_encoder"),
            text(5, tensor("axes", (1,), INT64, np.array([2], dtype="<i8").tobytes())),
            text(5, tensor("weights", (DIMENSIONS,), FLOAT, weights.astype("<f4").tobytes())),
            text(11, value_info("input_ids", INT64, (1, "tokens"))),
            text(11, value_info("attention_mask", INT64, (1, "tokens"))),
            text(12, value_info("hidden", FLOAT, (1, "tokens", DIMENSIONS))),
        )
    )
    opset = text(8, text(1, "") + number(2, 13))
    return number(1, 8) + opset + text(7, graph)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)
