"""Hard fillers invented on real speech with none, when the take starts a few ms early or late.

Issue 11: jfk.wav recorded in the app through the fake microphone (a PulseAudio sink)
came back sample for sample the same, only placed differently in the take: its first
8.6 ms lost on most takes, 35 ms or 0.40 s of silence before it on others, about 1 s of
silence after it. Whisper's timestamps move in 20 ms steps with such a shift, the filler
check's candidate stretches with them, and some of those stretches (a word's own vowel)
then clear the filler bar: "(um)" on a clip with none. This places each filler-free
stretch of the real clips at several leads and counts the hard fillers found:

* jfk.wav whole; the MFA clips between their fillers (TextGrid times, and SOURCES.md's
  unlabelled "uh" at 13.90-14.87 s in the acoustic corpus left out);
* leads from -15 ms (the start lost) to +397 ms (silence first), ``--tail`` after.

Every filler found is invented. Printed per clip and lead: the fillers (in the clip's own
time) and the total.

    python benchmarks/mic_placing.py [--clips jfk,aco_a,...] [--tail 0.5]
                                     [--threads N] [--compute-type int8|float32]
"""

from __future__ import annotations

import argparse

import numpy as np
import soundfile as sf
from checkout import use_checkout

use_checkout()

from speakprep.core.units import SAMPLE_RATE  # noqa: E402
from speakprep.services.analyze import Engine  # noqa: E402
from speakprep.transcription.transcribe import Transcriber  # noqa: E402
from tests.conftest import AUDIO  # noqa: E402

# Filler-free stretches (file, start s, end s or None for the end).
CLIPS = {
    "jfk": ("jfk.wav", 0.0, None),
    "aco_a": ("mfa_acoustic_corpus.wav", 0.0, 7.95),
    "aco_b": ("mfa_acoustic_corpus.wav", 14.95, 22.75),
    "cold_b": ("mfa_cold_corpus.wav", 10.45, 17.65),
    "cold_c": ("mfa_cold_corpus.wav", 18.45, None),
    "youknow": ("mfa_youknow.flac", 0.0, None),
}
# Below 0: that much of the clip's start is lost; above: silence before it. -8.6 and 34.6
# are the app's own takes.
LEADS_MS = (-15, -8.6, -3, 0, 4, 9, 13, 18, 23, 28, 34.6, 41, 52, 67, 85, 110, 160, 230, 310, 397)


def stretch(name: str) -> np.ndarray:
    file, start_s, end_s = CLIPS[name]
    samples, rate = sf.read(AUDIO / file, dtype="float32")
    assert rate == SAMPLE_RATE, (file, rate)
    end = None if end_s is None else round(end_s * rate)
    return samples[round(start_s * rate) : end]


def placed(samples: np.ndarray, lead_ms: float, tail_s: float) -> np.ndarray:
    lead = round(lead_ms * SAMPLE_RATE / 1000)
    before = np.zeros(max(lead, 0), np.float32)
    after = np.zeros(round(tail_s * SAMPLE_RATE), np.float32)
    return np.concatenate([before, samples[max(-lead, 0) :], after])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", default=",".join(CLIPS))
    parser.add_argument("--tail", type=float, default=0.5, help="seconds of silence after")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--compute-type", default="int8")
    args = parser.parse_args()
    engine = Engine()
    engine._transcriber = Transcriber(compute_type=args.compute_type, cpu_threads=args.threads)
    total = takes = 0
    for name in args.clips.split(","):
        samples = stretch(name)
        for lead_ms in LEADS_MS:
            engine.transcriber.forget_filler_evidence()
            report = engine.analyze_samples(placed(samples, lead_ms, args.tail))
            shift_s = lead_ms / 1000
            found = [
                (round(f.start_s - shift_s, 2), round((f.end_s or f.start_s) - shift_s, 2))
                for f in report.delivery.fillers
                if f.kind == "hard" and f.start_s is not None
            ]
            total += len(found)
            takes += 1
            print(f"{name:<8} {lead_ms:+7.1f} ms  {len(found)} {found}", flush=True)
    print(f"invented hard fillers: {total} over {takes} takes")


if __name__ == "__main__":
    main()
