"""3 s pauses inside and between sentences in synthetic voices: tune material for the
mid-sentence decision (none of it is held).

    OUT=/tmp/pause_set ANSWERS=benchmarks/pause_answers.txt VOICES="esus slt kal" \
        bash benchmarks/make_voice_grid.sh
    python benchmarks/pause_set.py [--dir /tmp/pause_set] [--answers A ...]
                                   [--conditions clean noise]
                                   [--threads N] [--compute-type T]

Each take of the manifest is analysed (``Engine.analyze_samples``) clean and under the
conditions of benchmarks/filler_noise.py; the silence put inside a sentence must come back
flagged long and mid-sentence with the sentence whole across it, the silence put between
two sentences not mid-sentence (benchmarks/real_pauses.judged, the same verdict as the
real clips). Prints one line per take and the counts per kind.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

import numpy as np
import soundfile as sf
from checkout import ROOT, use_checkout

use_checkout()
sys.path.insert(0, str(ROOT / "benchmarks"))

from filler_noise import apply_condition  # noqa: E402
from real_pauses import judged  # noqa: E402

from speakprep.services.analyze import Engine  # noqa: E402
from speakprep.transcription.transcribe import Transcriber  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/pause_set"))
    parser.add_argument("--answers", nargs="*")
    parser.add_argument("--conditions", nargs="*", default=["clean", "noise"])
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--compute-type", default="int8")
    args = parser.parse_args()
    engine = Engine()
    engine._transcriber = Transcriber(cpu_threads=args.threads, compute_type=args.compute_type)
    takes = json.loads((args.dir / "manifest.json").read_text(encoding="utf-8"))
    takes = [t for t in takes if not args.answers or t["answer"] in args.answers]
    counts = {"mid": [0, 0], "between": [0, 0]}
    for take in takes:
        clean, _ = sf.read(args.dir / take["file"], dtype="float32")
        rms = float(np.sqrt(np.mean(clean**2)))
        kind = "between" if take["pause_between"] else "mid"
        for condition in args.conditions:
            rng = np.random.default_rng(zlib.crc32(take["file"].encode()))
            report = engine.analyze_samples(apply_condition(clean, condition, rng, rms))
            mid, long, whole = judged(report, take["pause_s"])
            right = (mid and long and whole) if kind == "mid" else not mid
            counts[kind][0] += right
            counts[kind][1] += 1
            print(
                f"{'ok   ' if right else 'WRONG'} {kind:7s} {take['file']:18s} {condition:5s} "
                f"mid={mid} long={long} one-sentence={whole}: {report.transcript.text}",
                flush=True,
            )
    print(
        f"\npause set: inside a sentence flagged long, mid-sentence and whole "
        f"{counts['mid'][0]}/{counts['mid'][1]}; between sentences not called mid-sentence "
        f"{counts['between'][0]}/{counts['between'][1]}"
    )


if __name__ == "__main__":
    main()
