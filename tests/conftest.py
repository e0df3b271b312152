"""Shared fixtures: the real clips, their reference timings, and the real speech model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt must run headless in tests; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"
AUDIO = DATA / "audio"

# Hard fillers per clip, counted from the reference transcripts in tests/data/audio/SOURCES.md.
HARD_FILLERS = {
    "mfa_acoustic_corpus.wav": 3,
    "mfa_cold_corpus.wav": 5,
    "mfa_uhum.flac": 6,
    "mfa_um.flac": 1,
    "mfa_uh.flac": 1,
    "mfa_crossword.flac": 2,
    "mfa_youknow.flac": 0,
    "jfk.wav": 0,
}


def read_textgrid(path: Path, tier: str = "words") -> list[tuple[float, float, str]]:
    """The labelled intervals of one tier of a Praat TextGrid (long text format)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    at = lines.index(f'"{tier}"')
    count = int(lines[at + 3])
    out = []
    for k in range(count):
        i = at + 4 + 3 * k
        start, end, text = float(lines[i]), float(lines[i + 1]), lines[i + 2].strip('"')
        if text:
            out.append((start, end, text))
    return out


@pytest.fixture(scope="session")
def audio_dir() -> Path:
    return AUDIO


@pytest.fixture(scope="session")
def transcriber():
    """The bundled tiny.en model, loaded once for the whole run."""
    from speakprep.transcription.transcribe import Transcriber

    return Transcriber()


@pytest.fixture(scope="session")
def engine(transcriber):
    from speakprep.services.analyze import Engine

    e = Engine()
    e._transcriber = transcriber
    return e


@pytest.fixture
def hub(monkeypatch):
    """A Hugging Face Hub stand-in on 127.0.0.1 (tests/hub_server.py), as HF_ENDPOINT."""
    from tests.hub_server import serve_bundled

    server = serve_bundled()
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    yield server
    server.close()
