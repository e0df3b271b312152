"""Peak memory of a 15-minute take: analysing a file, and recording then analysing.

Issue 14: a 14-minute file peaked at 760 MB; both cases must stay under 600 MB. Each case
runs in a fresh process and prints that process's peak resident set size (``ru_maxrss``).

* ``file``: ``speakprep analyze FILE --json`` on a 15-minute FLAC made by repeating the real
  clips in tests/data/audio with short silences between them (made afresh in a temporary
  folder; nothing is committed).
* ``recording``: a :class:`~speakprep.audio.capture.Recorder` fed 15 minutes of the same
  audio at 48 kHz stereo by the fake microphone of the tests (as fast as it takes it), then
  the take analysed from memory as the app does.

    python benchmarks/memory.py [--case file|recording|all] [--minutes 15]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile
import soxr
from checkout import ROOT, use_checkout

AUDIO = ROOT / "tests" / "data" / "audio"
LIMIT_MB = 600


def long_audio(minutes: float, rate_hz: int = 16_000) -> np.ndarray:
    """Real speech, repeated to ``minutes``: the clips in turn, 0.7 s of silence between."""
    pieces = []
    for path in sorted(AUDIO.glob("*.wav")) + sorted(AUDIO.glob("*.flac")):
        clip, rate = soundfile.read(path, dtype="float32")
        pieces += [soxr.resample(clip, rate, rate_hz), np.zeros(int(0.7 * rate_hz), np.float32)]
    one_round = np.concatenate(pieces)
    need = int(minutes * 60 * rate_hz)
    return np.tile(one_round, need // one_round.size + 1)[:need]


def _record_and_analyse(minutes: float) -> None:
    use_checkout()
    from speakprep.audio.capture import Recorder
    from speakprep.audio.recording_limits import RecordingLimits
    from speakprep.services.analyze import Engine
    from tests.fakes import fake_input_factory

    rate = 48_000
    speech = long_audio(minutes)  # 16 kHz: a third of the microphone's samples
    factory, mic = fake_input_factory(None, default_rate_hz=rate)
    with tempfile.TemporaryDirectory() as folder:
        rec = Recorder(
            Path(folder) / "take.wav",
            stream_factory=factory,
            sample_rate_hz=rate,
            channels=2,
            stall_timeout_s=600,
            limits=RecordingLimits(max_s=minutes * 60 + 1),
        )
        rec.start()
        step = 16_000 * 10
        for start in range(0, speech.size, step):  # 10 s at a time, as a sound card would
            chunk = soxr.resample(speech[start : start + step], 16_000, rate)
            mic.stream.feed(np.repeat((chunk * 20_000).astype(np.int16)[:, None], 2, axis=1))
            rec.sync(60)
        del speech
        result = rec.stop()
        report = Engine().analyze_samples(rec.samples())
    print(f"recorded {result.duration_s / 60:.1f} min, {len(report.transcript.words)} words")


def _peak_mb_of(command: list[str], folder: str) -> tuple[float, int]:
    """Peak memory of ``command`` run in ``folder``: not the checkout, whose speakprep
    (no ``speakprep.assets``) ``python -m`` would find before the installed one."""
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode)
    # Linux reports kilobytes; the children's figure is the largest child's peak.
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak_kb / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=["file", "recording", "all"], default="all")
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--child", choices=["recording"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "recording":
        _record_and_analyse(args.minutes)
        return
    if args.case in ("file", "all"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "answer.flac"
            soundfile.write(path, long_audio(args.minutes), 16_000, subtype="PCM_16")
            peak, code = _peak_mb_of(
                [
                    sys.executable,
                    "-m",
                    "speakprep",
                    "analyze",
                    str(path),
                    "--json",
                    "--quiet",
                    "--max-minutes",
                    str(args.minutes + 1),
                ],
                folder,
            )
        print(f"file, {args.minutes:g} min: peak RSS {peak:.0f} MB (limit {LIMIT_MB}), exit {code}")
    if args.case in ("recording", "all"):
        # A separate run of this script, so the file case's peak does not count here.
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--case",
                "recording",
                "--child",
                "recording",
                "--minutes",
                str(args.minutes),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        print(done.stdout.strip() or done.stderr.strip().splitlines()[-1])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"recording, {args.minutes:g} min at 48 kHz stereo, then analysed: peak RSS "
            f"{peak:.0f} MB (limit {LIMIT_MB}) (max over runs so far)"
        )


if __name__ == "__main__":
    main()
