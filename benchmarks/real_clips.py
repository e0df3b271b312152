"""Filler recall and speaking-time error of the whole engine on the real clips.

For each clip in tests/data/audio: hard fillers found (by the model and from the audio)
against the reference transcripts, and for the two clips with forced-aligner TextGrids the
speaking time against the aligner's first-word start to last-word end.

    python benchmarks/real_clips.py [--threads N] [--compute-type int8|float32]

The hard-filler count must not depend on the CPU: run it with --threads 1, 2 and 4 and
both compute types. It also prints the filler decisions nearest their threshold (the
decision margin in log-odds, best window of a stretched span; ``>= 0`` is a filler):
both must sit well away from 0 for the count to hold on another machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.filler_margins import MarginLog  # noqa: E402
from speakprep.services.analyze import Engine  # noqa: E402
from speakprep.transcription.transcribe import Transcriber  # noqa: E402
from tests.conftest import AUDIO, HARD_FILLERS, read_textgrid  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: default)")
    parser.add_argument("--compute-type", default="int8", help="int8 or float32")
    args = parser.parse_args()
    engine = Engine()
    engine._transcriber = Transcriber(compute_type=args.compute_type, cpu_threads=args.threads)
    print(f"compute type {args.compute_type}, cpu threads {args.threads or 'default'}")
    log = MarginLog(engine)
    found_total = expected_total = false_total = 0
    errors = []
    print(f"{'clip':<26} {'hard':>4} {'ref':>4} {'audio':>5} {'speaking':>9} {'ref':>7} {'err':>6}")
    started = time.perf_counter()
    for name, expected in HARD_FILLERS.items():
        log.take = name
        report = engine.analyze_file(AUDIO / name)
        d = report.delivery
        hard = [f for f in d.fillers if f.kind == "hard"]
        from_audio = sum(1 for f in hard if f.source == "audio")
        found_total += min(len(hard), expected)
        false_total += max(0, len(hard) - expected)
        expected_total += expected
        grid = AUDIO / name.replace(".wav", ".TextGrid")
        ref = err = ""
        if grid.exists() and grid.suffix == ".TextGrid":
            words = read_textgrid(grid)
            ref_s = words[-1][1] - words[0][0]
            errors.append(abs(d.speaking_s - ref_s))
            ref, err = f"{ref_s:7.2f}", f"{d.speaking_s - ref_s:+6.2f}"
        print(
            f"{name:<26} {len(hard):>4} {expected:>4} {from_audio:>5} {d.speaking_s:9.2f} "
            f"{ref:>7} {err:>6}"
        )
    print()
    print(
        f"hard-filler recall: {found_total}/{expected_total} = "
        f"{found_total / expected_total:.3f} (target >= 0.90)"
    )
    print(f"false hard fillers over the set: {false_total} (target <= 1)")
    if errors:
        print(f"speaking-time error vs forced aligner: max {max(errors):.3f} s (target <= 0.35)")
    accepted = sorted((m, k) for k, m in log.margins.items() if m >= 0)
    rejected = sorted(((m, k) for k, m in log.margins.items() if m < 0), reverse=True)
    for label, near in (("accepted", accepted[:3]), ("rejected", rejected[:3])):
        cells = ", ".join(f"{m:+.2f} ({k[0]} at {k[1]:.2f} s)" for m, k in near)
        print(f"nearest {label}: {cells or '-'}")
    print(f"total analysis time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
