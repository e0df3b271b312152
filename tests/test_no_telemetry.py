"""Nothing leaves the machine: onnxruntime's usage telemetry stays off.

onnxruntime (1.2x, which faster-whisper uses for Silero VAD) starts a thread that sends
usage events to Microsoft and keeps a device id in ~/.cache/Microsoft, unless
ORT_DISABLE_TELEMETRY is set before its first session; speakprep sets it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

VAD = """
import numpy as np
from speakprep.transcription.pieces import StreamingVad
print(StreamingVad()(np.zeros(512 * 8, np.float32)).shape)
"""
# The sentence encoder alone: what `analyze --text` runs, with no VAD session before it.
ENCODER = """
from speakprep.services.encoder import SentenceEncoder
print(SentenceEncoder().embed(["I want to lead a team."]).shape)
"""


@pytest.mark.parametrize(("script", "shape"), [(VAD, "(8,)"), (ENCODER, "(1, 384)")])
def test_an_onnx_session_leaves_no_telemetry_behind(
    tmp_path: Path, script: str, shape: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / ".cache"))
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == shape  # the session really ran
    assert list(tmp_path.rglob("*")) == []  # no device id, no event database
