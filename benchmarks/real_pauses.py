"""Long pauses in real speech: 3 s of silence put inside a sentence or between two.

    python benchmarks/real_pauses.py [--part tune|held] [--threads N] [--compute-type T]
                                     [--words-only]

The real clips mfa_acoustic_corpus.wav (tune part) and mfa_cold_corpus.wav (held part:
never tune on it) in tests/data/audio, each with 3 s of a quiet room (about -62 dBFS) put
in at a word boundary of its TextGrid, one take per boundary, clean and under pink noise 15
dB down (benchmarks/filler_noise.apply_condition). The boundaries were chosen before the
mid-sentence decision was tuned (session 12): inside a sentence ("i'm talking pretty | fast
here", "saying a bunch of different | words") the pause must come back flagged long and
mid-sentence with the sentence whole across it; between two ("but who cares | um this is
me", "probably good | alright thanks") not mid-sentence. ``--words-only`` leaves out the
model's reading of the pause shortened (services.pause_check), as before session 12.

Prints one line per take and the counts per kind, with the analysis CPU seconds.
"""

from __future__ import annotations

import argparse
import resource
import sys

import numpy as np
from checkout import ROOT, use_checkout

use_checkout()
sys.path.insert(0, str(ROOT / "benchmarks"))

from filler_noise import NOISE_FLOOR_RMS, apply_condition  # noqa: E402

import speakprep.services.analyze as analyze  # noqa: E402
from speakprep.audio.files import load_audio  # noqa: E402
from speakprep.core.models import Report  # noqa: E402
from speakprep.transcription.transcribe import Transcriber  # noqa: E402
from tests.conftest import AUDIO, read_textgrid  # noqa: E402

SR = 16_000
# Per part: the clip, and the words after which the silence goes, inside a sentence or
# between two (the n-th occurrence of a word where it repeats: "corpus#2").
PARTS = {
    "tune": (
        "mfa_acoustic_corpus",
        {"mid": ("acoustic", "pretty", "lower", "saying"), "between": ("cares", "all")},
    ),
    "held": (
        "mfa_cold_corpus",
        {
            "mid": ("quite", "environment", "different#3", "original"),
            "between": ("corpus", "corpus#2", "good"),
        },
    ),
}


def paused(samples: np.ndarray, words: list[tuple[float, float, str]], after: str) -> tuple:
    """``samples`` with 3 s of a quiet room midway between the word ``after`` and the next;
    and where the silence starts."""
    name, _, nth = after.partition("#")
    k = [i for i, w in enumerate(words) if w[2] == name][int(nth or 1) - 1]
    at_s = (words[k][1] + words[k + 1][0]) / 2
    room = np.random.default_rng(k).normal(0.0, NOISE_FLOOR_RMS, 3 * SR).astype(np.float32)
    cut = round(at_s * SR)
    return np.concatenate((samples[:cut], room, samples[cut:])), at_s


def judged(report: Report, at_s: float) -> tuple[bool, bool, bool]:
    """Whether the pause at ``at_s`` is mid-sentence, flagged long, and inside one sentence."""
    assert report.delivery is not None
    hit = [p for p in report.delivery.pauses if min(p.end_s, at_s + 3) - max(p.start_s, at_s) > 2.0]
    whole = any(
        s.start_s is not None and s.end_s is not None and s.start_s < at_s and s.end_s > at_s + 3
        for s in report.content.sentences
    )
    return any(p.mid_sentence for p in hit), any(p.long for p in hit), whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=tuple(PARTS), default="tune")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--words-only", action="store_true")
    args = parser.parse_args()
    if args.words_only:
        analyze.check_long_pauses = lambda transcript, *_, **__: transcript  # type: ignore
    engine = analyze.Engine()
    engine._transcriber = Transcriber(cpu_threads=args.threads, compute_type=args.compute_type)
    clip, splices = PARTS[args.part]
    samples = load_audio(AUDIO / f"{clip}.wav").samples
    words = read_textgrid(AUDIO / f"{clip}.TextGrid")
    rms = float(np.sqrt(np.mean(samples**2)))
    counts: dict[str, list[int]] = {}
    start = resource.getrusage(resource.RUSAGE_SELF)
    for kind, afters in splices.items():
        for after in afters:
            take, at_s = paused(samples, words, after)
            for condition in ("clean", "noise"):
                rng = np.random.default_rng(round(at_s * 1000))
                report = engine.analyze_samples(apply_condition(take, condition, rng, rms))
                mid, long, whole = judged(report, at_s)
                right = (mid and long and whole) if kind == "mid" else not mid
                tally = counts.setdefault(kind, [0, 0])
                tally[0] += right
                tally[1] += 1
                print(
                    f"{'ok   ' if right else 'WRONG'} {kind:7s} after {after!r:14s} {condition:5s} "
                    f"mid={mid} long={long} one-sentence={whole}: {report.transcript.text}",
                    flush=True,
                )
    end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime
    print(
        f"\n{args.part}: inside a sentence flagged long, mid-sentence and whole "
        f"{counts['mid'][0]}/{counts['mid'][1]}; between sentences not called mid-sentence "
        f"{counts['between'][0]}/{counts['between'][1]}; analysis CPU {cpu:.1f} s"
    )


if __name__ == "__main__":
    main()
