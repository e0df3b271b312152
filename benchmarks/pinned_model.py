"""A pytest plugin: the tests' session model as another CPU runs it, and its pause readings.

    PINNED_THREADS=1 PINNED_COMPUTE=float32 PINNED_LOG=/tmp/readings.jsonl \\
        PYTHONPATH=benchmarks python -m pytest -p pinned_model tests/test_mid_sentence_pauses.py

Every ``Transcriber`` made in the run loads the model with ``PINNED_THREADS`` threads
(ctranslate2's ``intra_threads``; 0, the app's default, takes the machine's cores) and the
``PINNED_COMPUTE`` compute type, as a CI machine with other cores or no int8 kernels would.
With ``PINNED_LOG`` each ``Transcriber.read_joined`` call (services.pause_check) appends
one JSON line to that file: the test, the model's reading of the pause shortened, the last
words before the join, and the model's probability of a sentence stop right after them
(:func:`stop_probability`), the margin of its reading.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
import pytest

from speakprep.core.units import SAMPLE_RATE
from speakprep.transcription import transcribe
from speakprep.transcription.joined_pause import joined_stretch
from speakprep.transcription.model import transcribe_tokenizer
from speakprep.transcription.single_pass import input_frames

_STOPS = (".", "?", "!")
_current = {"test": ""}


def stop_probability(
    tr: transcribe.Transcriber, samples: np.ndarray, span: dict[str, float]
) -> tuple[float, str, list[str]]:
    """The model's probability of a sentence stop after its last word before the join,
    as it heard the stretch ``read_joined`` decodes; the words it wrote before the join
    (their last two) and after it (the first)."""
    stretch, join_s = joined_stretch(samples, **span)
    levelled = transcribe._levelled(stretch)
    with tr._free_lane() as lane:
        words = tr._decode_once(levelled, lane=lane)[0]
    return stop_probability_of(tr, levelled, words, join_s)


def stop_probability_of(
    tr: transcribe.Transcriber, levelled: np.ndarray, words: list, join_s: float
) -> tuple[float, str, list[str]]:
    """:func:`stop_probability` of the ``words`` the model wrote for ``levelled``."""
    before = [w[0] for w in words if (w[1] + w[2]) / 2 < join_s]
    after = [w[0] for w in words if (w[1] + w[2]) / 2 >= join_s]
    if not before:
        return float("nan"), "", []
    import ctranslate2

    model = tr._model
    opts = tr.options
    frames = input_frames(
        levelled.size / SAMPLE_RATE, pad_s=opts.input_pad_s, min_s=opts.min_input_s
    )
    features = model.feature_extractor(levelled)[..., :-1][..., :frames]
    features = np.pad(features, ((0, 0), (0, frames - features.shape[-1])))
    view = ctranslate2.StorageView.from_array(np.ascontiguousarray(features[None]))
    tokenizer = transcribe_tokenizer(model, opts.language)
    prompt = model.get_prompt(tokenizer, [], without_timestamps=True, hotwords=opts.prompt)
    text = "".join(before).rstrip(".,?!;:")
    tokens = tokenizer.encode(text)
    with tr._free_lane():
        encoded = model.model.encode(view, to_cpu=True)
        total = 0.0
        for stop in _STOPS:
            (result,) = model.model.align(
                encoded, prompt, [tokens + tokenizer.encode(stop)], frames
            )
            total += float(result.text_token_probs[-1])
    return total, "".join(before[-2:]), after[:1]


def pytest_configure(config: pytest.Config) -> None:
    threads = int(os.environ.get("PINNED_THREADS", "0"))
    compute = os.environ.get("PINNED_COMPUTE", "int8")
    real_init = transcribe.Transcriber.__init__

    def pinned_init(self: Any, model: str | None = None, **kwargs: Any) -> None:
        kwargs["cpu_threads"] = threads
        kwargs["compute_type"] = compute
        real_init(self, model, **kwargs)

    transcribe.Transcriber.__init__ = pinned_init  # type: ignore[method-assign]
    log = os.environ.get("PINNED_LOG")
    if log:
        log_readings(log, {"threads": threads, "compute": compute})


def log_readings(path: str, fields: dict[str, Any]) -> None:
    """Each ``Transcriber.read_joined`` call from now on appends a JSON line to ``path``:
    ``fields``, the test running, the question and the model's reading with its margin."""
    real_read = transcribe.Transcriber.read_joined

    def logged_read(self: Any, samples: np.ndarray, **span: float) -> Any:
        reading = real_read(self, samples, **span)
        p_stop, last, first = stop_probability(self, samples, span)
        line = fields | {
            "test": _current["test"],
            "span": span,
            "reading": None if reading is None else [reading.stop, reading.next_word],
            "p_stop": p_stop,
            "before": last,
            "after": first,
        }
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
        return reading

    transcribe.Transcriber.read_joined = logged_read  # type: ignore[method-assign]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _current["test"] = item.nodeid
