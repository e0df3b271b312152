"""Build the takes of tests/test_no_speech.py's TV tests (run from the repository root:
``.venv/bin/python tests/data/tv_host/make_takes.py``; needs espeak-ng).

* ``jfk_tv.flac``: tests/data/audio/jfk.wav (public domain, see tests/data/audio/SOURCES.md)
  with TV-like background speech (espeak-ng, benchmarks/filler_noise.py) 12 dB under the
  level of benchmarks/tv_real_host.py's hosts: its "plain" take of seed 9490 (a tune seed).
* ``de_tv.flac``: tests/data/synth/speech_de.flac (espeak-ng, German) under that TV, 12 dB
  under its own level.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[3]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from benchmarks.filler_noise import apply_condition  # noqa: E402
from benchmarks.tv_real_host import takes  # noqa: E402
from speakprep.audio.files import load_audio  # noqa: E402

SEED = 9490
HERE = Path(__file__).parent


def under_tv(path: Path) -> np.ndarray:
    """The take at ``path`` with the TV 12 dB under its level."""
    samples = load_audio(path).samples
    level = float(np.sqrt(np.mean(samples**2)))
    return apply_condition(samples, "tv", np.random.default_rng(SEED), level)


if __name__ == "__main__":
    data = HERE.parent
    made = dict(takes((SEED,)))
    sf.write(HERE / "jfk_tv.flac", made[f"plain {SEED}"], 16_000, subtype="PCM_16")
    sf.write(
        HERE / "de_tv.flac", under_tv(data / "synth" / "speech_de.flac"), 16_000, subtype="PCM_16"
    )
