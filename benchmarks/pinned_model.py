"""A pytest plugin: the tests' session model as another CPU runs it, and its pause readings.

    PINNED_THREADS=1 PINNED_COMPUTE=float32 PINNED_LOG=/tmp/readings.jsonl \\
        PYTHONPATH=benchmarks python -m pytest -p pinned_model tests/test_mid_sentence_pauses.py

Every ``Transcriber`` made in the run loads the model with ``PINNED_THREADS`` threads
(ctranslate2's ``intra_threads``; 0, the app's default, takes the machine's cores) and the
``PINNED_COMPUTE`` compute type, as a CI machine with other cores or no int8 kernels would.
With ``PINNED_LOG`` each ``Transcriber.read_joined`` call (services.pause_check) appends
one JSON line to that file: the test, the question (the span and the words around the
pause) and the model's reading of the pause shortened with its probability of a sentence
stop right after the words before the join, the margin of its reading.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
import pytest

from speakprep.transcription import transcribe

_current = {"test": ""}


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

    def logged_read(self: Any, samples: np.ndarray, **question: Any) -> Any:
        reading = real_read(self, samples, **question)
        line = fields | {
            "test": _current["test"],
            "question": question,
            "next_word": None if reading is None else reading.next_word,
            "p_stop": None if reading is None else reading.stop_probability,
        }
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
        return reading

    transcribe.Transcriber.read_joined = logged_read  # type: ignore[method-assign]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _current["test"] = item.nodeid
