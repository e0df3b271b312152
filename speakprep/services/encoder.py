"""The sentence encoder behind the learned content judgement: all-MiniLM-L6-v2, int8 ONNX.

The graph may have two outputs: the stock model's vectors (the pitfall models, talking
points) and those of a label branch, top layers fine-tuned for the sentence labels.

The model ships inside the package (``speakprep/assets/encoder/``, made once by
``packaging/convert_encoder.py``) with its tokenizer and licence; it is loaded from disk by
onnxruntime and `tokenizers`, both already installed with faster-whisper. Nothing is
downloaded and PyTorch is never imported. A sentence becomes the mean of its token vectors,
normalised to length 1, as sentence-transformers computes it for this model.

The core takes the resulting :func:`SentenceEncoder.embed` as an injected function, so
``speakprep.core`` stays free of any inference runtime.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from speakprep.core.judge import LabelHead, SentenceJudge, default_head
from speakprep.cpu import usable_cores
from speakprep.transcription.pieces import disable_onnx_telemetry

# One graph (a folder made before the packaged graph was cut into its layers: an older
# --encoder folder for packaging/train_content.py) ...
MODEL_FILE = "minilm-l6-int8.onnx"
# ... or its layers, one graph each, which run in the order of their names (the packaged
# encoder: packaging/convert_encoder.py layer_parts).
PART_FILES = "minilm-l6-int8.part*.onnx"
TOKENIZER_FILE = "tokenizer.json"
# Interview sentences are short; a run-on that the splitter could not cut is still judged on
# its first 128 word pieces, where its main clause is.
MAX_TOKENS = 128
DIMENSIONS = 384
# onnxruntime fuses each residual Add and the LayerNormalization after it into one
# SkipLayerNormalization node, whose CPU kernel normalises one element at a time: left apart,
# they take ~9 % less CPU time for a 250-word answer's content analysis. The two round
# differently (vectors move by cosine <= 0.003); the packaged head reads the moved vectors to
# the same figures on every dev split (benchmarks/content_accuracy.py, costs' docstring).
UNFUSED = ["SkipLayerNormFusion"]
# A machine with this many cores or more runs the encoder on 2 threads (encoder_threads).
TWO_THREAD_CORES = 4
# Sentences whose vectors an encoder keeps (the last embedded): a sentence's two vectors take
# 2 x 384 float32 = 3 KB, so 1,024 sentences (some 60 answers of 250 words) hold at most
# ~3.5 MB with their texts.
CACHE_SENTENCES = 1024
# Sentences run through one layer before the next (SentenceEncoder._run): between layers each
# keeps at most 2 hidden states (a branch's and the other's, or the stock output), at most
# 32 x 2 x 128 tokens x 384 floats ~ 13 MB.
LAYER_SENTENCES = 32


class EncoderLoadError(RuntimeError):
    """The packaged encoder cannot be loaded; ``str()`` is one line for a person."""


def encoder_dir() -> Path:
    """The folder of the packaged encoder files."""
    return Path(str(resources.files("speakprep.assets").joinpath("encoder")))


def encoder_threads(cores: int | None = None) -> int:
    """The encoder's onnxruntime threads on a machine of ``cores`` (default: the cores this
    process may run on): 2 from :data:`TWO_THREAD_CORES` cores on, else 1; never more than
    ``OMP_NUM_THREADS`` when that is set.

    The second thread halves little more than the wall time of the matrix products (the
    vectors are the same at any count), and it does not spin while it waits
    (:class:`SentenceEncoder`), so it costs next to no CPU time; on 2 cores the app's other
    work (the speech model, the window) has the other core. The cores are the process's CPU
    affinity (``taskset``, a container's cpuset), not the whole machine's. A batch worker
    gets its share of the cores as ``OMP_NUM_THREADS`` (``services.batch``): ``--jobs 4``
    on 4 cores runs one encoder thread per worker, as README says, not 2.
    """
    threads = 2 if (cores or usable_cores()) >= TWO_THREAD_CORES else 1
    share = os.environ.get("OMP_NUM_THREADS", "").strip()
    return min(threads, int(share)) if share.isdigit() and int(share) > 0 else threads


class SentenceEncoder:
    """Turn sentences into unit vectors of :data:`DIMENSIONS` floats.

    Loading takes a fraction of a second; one encoder serves every take (``default_encoder``).
    ``threads`` caps onnxruntime's intra-op threads; None or 0: automatic
    (:func:`encoder_threads`; the app also runs Whisper).
    ``cache_sentences``: how many of the last sentences embedded keep their vectors
    (:meth:`embed_both`); 0 keeps none.
    """

    def __init__(
        self,
        folder: Path | None = None,
        *,
        threads: int | None = None,
        cache_sentences: int = CACHE_SENTENCES,
    ) -> None:
        disable_onnx_telemetry()  # before onnxruntime's first session in this process
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = folder or encoder_dir()
        model, vocab = folder / MODEL_FILE, folder / TOKENIZER_FILE
        graphs = [model] if model.is_file() else sorted(folder.glob(PART_FILES))
        if not graphs or not vocab.is_file():
            raise EncoderLoadError(f"sentence encoder missing in {folder}")
        try:
            options = ort.SessionOptions()
            options.intra_op_num_threads = max(1, threads or encoder_threads())
            options.inter_op_num_threads = 1
            # A thread that waits for work sleeps: spinning, 2 threads took ~2x the CPU time of
            # 1 (4: ~4x) on a busy 2-core machine, for the same vectors; asleep, ~1x.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3
            self._parts = [
                _Part(
                    ort.InferenceSession(
                        str(graph),
                        options,
                        providers=["CPUExecutionProvider"],
                        disabled_optimizers=UNFUSED,
                    )
                )
                for graph in graphs
            ]
            tokenizer = Tokenizer.from_file(str(vocab))
        except Exception as exc:  # onnxruntime raises its own types; one clear line instead
            raise EncoderLoadError(f"cannot load the sentence encoder: {exc}") from exc
        # A graph converted before the mask was cut (an older --encoder or --fold-encoders
        # folder for packaging/train_content.py) still asks for it: with one sentence a run
        # and no padding, every token is attended, so it is fed ones, as convert_encoder's
        # own check runs the masked graph. Unfed, it stopped mid-run with onnxruntime's
        # "Required inputs (['attention_mask']) are missing".
        self._masked = any("attention_mask" in part.inputs for part in self._parts)
        self._ends, self._kept = _wiring(self._parts)
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        self._lock = threading.Lock()
        self._cache_sentences = cache_sentences
        # text -> its (stock, label) vectors as one (2, DIMENSIONS) array, least recent first
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def judge(self, head: LabelHead | None = None) -> SentenceJudge:
        """The learned judgement that reads this encoder's vectors with ``head`` (default:
        the packaged head): the stock vectors for the pitfall models, the label branch's for
        the sentence head, both from one run. The app, the trainer and the benchmarks all
        build it here."""
        return SentenceJudge(self.embed, head or default_head(), self.embed_both)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A ``(len(texts), DIMENSIONS)`` float32 array of unit-length sentence vectors: the
        stock encoder's, which the pitfall models and the talking points read."""
        return self.embed_both(texts)[0]

    def embed_labels(self, texts: Sequence[str]) -> np.ndarray:
        """The label branch's vectors of ``texts``, which the sentence-label head reads."""
        return self.embed_both(texts)[1]

    def embed_both(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The stock vectors and the label branch's, from one run of the graph.

        A graph made with a label branch (packaging/finetune_encoder.py ``--two-branch``) has
        two outputs: the stock encoder's last hidden state and that of top layers fine-tuned
        for the sentence labels on the stock lower layers' states. A graph with one output
        (the stock encoder alone) gives its vectors for both.

        Each sentence runs through the graph alone. The int8 graph quantises its activations
        with one range per run, so a sentence batched with others (and their padding) got a
        vector that depended on its neighbours (cosine down to 0.95): the same sentence could
        be labelled differently in two answers, and in training and in use. Alone, it has one
        vector wherever it is said, and no padding is computed (a 250-word answer's encoder
        time ~75 -> ~45 ms with the stock graph). With no padding there is nothing to mask:
        the packaged graph takes the token ids alone (convert_encoder.single_sentence_graph).

        Its vectors being its text's alone, the last ``cache_sentences`` sentences keep them
        and are not run again: the talking points ask for the sentences the judgement has
        just embedded, and the trainer embeds its corpus for the sentence head and again for
        the pitfall models.
        """
        if not texts:
            empty = np.zeros((0, DIMENSIONS), dtype=np.float32)
            return empty, empty
        with self._lock:  # an InferenceSession is thread-safe, the tokenizer and cache are not
            distinct = list(dict.fromkeys(texts))
            known = {t: v for t in distinct if (v := self._recall(t)) is not None}
            missing = [t for t in distinct if t not in known]
            if missing:
                stock, labels = self._run(missing)
                for row, text in enumerate(missing):
                    known[text] = np.stack([stock[row], labels[row]])
                    self._remember(text, known[text])
        return np.vstack([known[t][0] for t in texts]), np.vstack([known[t][1] for t in texts])

    def _run(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Both vectors of each of ``texts``, each run through the graph alone.

        The graph's layers (:data:`PART_FILES`) run one at a time over up to
        :data:`LAYER_SENTENCES` sentences, each sentence still alone: a layer's weights (1.8
        MB of int8) stay in the processor's cache from one sentence to the next, where the
        whole graph's 16 MB were read again for each sentence, and each sentence gets bit for
        bit the vectors the whole graph gives it (packaging/convert_encoder.py checks it). A
        250-word answer's encoder time fell ~19 % (benchmarks/content_accuracy.py, costs).
        """
        encodings = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        stock = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        labels = np.empty_like(stock)
        for first in range(0, len(encodings), LAYER_SENTENCES):
            states = [self._feeds(enc.ids) for enc in encodings[first : first + LAYER_SENTENCES]]
            for part, kept in zip(self._parts, self._kept, strict=True):
                for state in states:
                    outputs = part.session.run(part.outputs, {n: state[n] for n in part.inputs})
                    state.update(zip(part.outputs, outputs, strict=True))
                    for name in [n for n in state if n not in kept]:
                        del state[name]
            for row, state in enumerate(states, start=first):
                stock[row] = state[self._ends[0]][0].mean(axis=0)
                labels[row] = state[self._ends[-1]][0].mean(axis=0)
        return _unit(stock), _unit(labels)

    def _feeds(self, ids: Sequence[int]) -> dict[str, np.ndarray]:
        """The graph's inputs for one sentence's token ``ids``."""
        tokens = np.asarray([ids], dtype=np.int64)
        if self._masked:
            return {"input_ids": tokens, "attention_mask": np.ones_like(tokens)}
        return {"input_ids": tokens}

    def _recall(self, text: str) -> np.ndarray | None:
        both = self._cache.get(text)
        if both is not None:
            self._cache.move_to_end(text)
        return both

    def _remember(self, text: str, both: np.ndarray) -> None:
        if self._cache_sentences <= 0:
            return
        self._cache[text] = both
        while len(self._cache) > self._cache_sentences:
            self._cache.popitem(last=False)


class _Part:
    """One graph of the encoder's (the whole graph, or one of its layers) and the tensors it
    reads and gives, by name."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.inputs = tuple(i.name for i in session.get_inputs())
        self.outputs = [o.name for o in session.get_outputs()]


def _wiring(parts: Sequence[_Part]) -> tuple[list[str], list[set[str]]]:
    """The encoder's outputs (the tensors its parts give that no later part reads, in order:
    the stock hidden state first, the label branch's last) and, after each part, the tensors
    a sentence keeps for the parts after it and for the outputs."""
    ends: list[str] = []
    for part in parts:
        ends = [e for e in ends if e not in part.inputs] + part.outputs
    kept = [
        {n for later in parts[k + 1 :] for n in later.inputs} | set(ends) for k in range(len(parts))
    ]
    return ends, kept


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Each row normalised to length 1 (sentence-transformers' last step for this model)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


@cache
def default_encoder() -> SentenceEncoder:
    """The packaged encoder, loaded on first use and shared afterwards."""
    return SentenceEncoder()


@cache
def default_judge() -> SentenceJudge | None:
    """The packaged encoder and head as the content analysis' learned judgement.

    None (the rules alone label the sentences) when the packaged model cannot be loaded: a
    broken install still gets a report.
    """
    try:
        return default_encoder().judge()
    except (EncoderLoadError, OSError, ValueError):
        return None


def encoder_similarity(note: str, sentences: Sequence[str]) -> list[float]:
    """Cosine similarity of a short note to each sentence, by the packaged encoder.

    Used to find a user's talking point said in other words; [] when the encoder cannot be
    loaded (the words alone decide then).
    """
    try:
        vectors = default_encoder().embed([note, *sentences])
    except (EncoderLoadError, OSError, ValueError):
        return []
    return [float(v) for v in vectors[1:] @ vectors[0]]
