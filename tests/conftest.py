"""Shared fixtures: the real clips, their reference timings, and the real speech model."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Qt must run headless in tests; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Belt and braces for code that bypasses Python's sockets (Rust and C++ HTTP clients in
# tokenizers and huggingface_hub): they read these and stay offline.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
# Model check results (checksums, test decodes) are cached; keep the run's cache out of the
# user's home and fresh for every run.
_CACHE_DIR = tempfile.mkdtemp(prefix="speakprep-test-cache-")
os.environ["SPEAKPREP_CACHE_DIR"] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)

# The network guard. pyproject's addopts pass ``--disable-socket --allow-unix-socket`` to
# pytest-socket, so every test that opens an internet socket fails with SocketBlockedError.
# A test that needs a loopback server (a fake model download, say) is marked::
#
#     @pytest.mark.loopback
#     def test_download(...): ...
#
# and may then create sockets and connect to 127.0.0.1, ::1 or localhost only.
LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("loopback") is not None:
            item.add_marker(pytest.mark.allow_hosts(LOOPBACK_HOSTS))


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


# The words of each clip (tests/data/audio/SOURCES.md; the .lab files for the two long ones),
# to place each hard filler between the words it was said between.
REFERENCE_WORDS = {
    "mfa_acoustic_corpus.wav": (AUDIO / "mfa_acoustic_corpus.lab").read_text().strip(),
    "mfa_cold_corpus.wav": (AUDIO / "mfa_cold_corpus.lab").read_text().strip(),
    "mfa_uhum.flac": "montreal forced uh um uh hm hm um forced aligner",
    "mfa_um.flac": "montreal forced um aligner",
    "mfa_uh.flac": "montreal uh forced aligner",
    "mfa_crossword.flac": "but um montreal but um but montreal forced aligner",
    "mfa_youknow.flac": "you know montreal forced aligner",
    "jfk.wav": "and so my fellow americans ask not what your country can do for you "
    "ask what you can do for your country",
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
    """The bundled tiny.en model, loaded once for the whole run; each recording it is given
    whole is transcribed once (``keep_transcripts``)."""
    from speakprep.transcription.transcribe import Transcriber

    return keep_transcripts(Transcriber())


def keep_transcripts(transcriber):
    """``transcriber``, whose ``transcribe`` gives the transcript it gave before for the
    same samples, offset and options instead of decoding them again.

    Many tests hear the same clips (the real ones, the spoken answers, the other
    languages), through this one session model. A transcript depends on the samples and
    the model's options alone (beam search, no sampling), so the kept one is the one a
    second decode gives. Calls that watch the decoding as it goes (``progress``,
    ``cancel``) and a ``decode`` a test replaced (to time it) always decode. ``heard``
    (the words so far, for the checks run ahead) is told only when the take is decoded:
    the analysis is the same without it. ``stretches`` (the take's own, cut by the caller)
    are the ones the transcriber cuts, so they are not part of the key.
    """
    import numpy as np

    real = transcriber.transcribe
    kept = {}

    def transcribe(
        samples, *, offset_s=0.0, progress=None, cancel=None, heard=None, stretches=None
    ):
        if progress is not None or cancel is not None or "decode" in vars(transcriber):
            return real(
                samples,
                offset_s=offset_s,
                progress=progress,
                cancel=cancel,
                heard=heard,
                stretches=stretches,
            )
        flat = np.ascontiguousarray(samples, dtype=np.float32).reshape(-1)
        digest = hashlib.blake2b(flat.tobytes(), digest_size=20).digest()
        key = (digest, flat.size, offset_s, transcriber.options, transcriber.pieces)
        if key not in kept:
            kept[key] = real(flat, offset_s=offset_s, heard=heard, stretches=stretches)
        return kept[key]

    transcriber.transcribe = transcribe
    return transcriber


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


# The real rubric and packaged judge (module fixtures) for every judge test; imported last,
# after the environment above is set.
from tests.judging import judge, rubric  # noqa: E402, F401
