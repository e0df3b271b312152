"""Time `speakprep analyze FOLDER --jobs 1` against `--jobs 2` on 20 spoken answers.

The target (issue 15): with 2 cores, `--jobs 2` takes at most 0.85x the wall-clock time of
`--jobs 1`, and writes the same reports.

The 20 answers are the recordings in tests/data/spoken (synthesised answers, 20-85 s) and
tests/data/audio (real speech, 5-26 s), copied into a temporary folder; the first four
spoken ones are copied twice under other names to make 20. Each run is a fresh
`speakprep analyze FOLDER --jobs N --output FILE --quiet` process, as a coach would run
it, model loading included (the workers are children of that process, so their CPU time
is counted too); jobs 1 and 2 alternate (1, 2, 2, 1, 1, 2, ...) so other load on
the machine hits both alike, and the medians are compared. The reports of every run must
be identical, file by file.

    python benchmarks/batch_speed.py [--runs 2] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPOKEN = ROOT / "tests" / "data" / "spoken"
AUDIO = ROOT / "tests" / "data" / "audio"
TARGET = 0.85
COUNT = 20


def make_inputs(folder: Path) -> float:
    """Copy the 20 answers into ``folder``; their total length in seconds."""
    import soundfile as sf

    sources = sorted(SPOKEN.glob("*.flac")) + sorted(
        p for p in AUDIO.iterdir() if p.suffix in (".wav", ".flac")
    )
    sources += sorted(SPOKEN.glob("*.flac"))[: COUNT - len(sources)]
    total = 0.0
    for i, src in enumerate(sources[:COUNT]):
        dest = folder / f"{i:02d}_{src.name}"
        shutil.copy(src, dest)
        total += sf.info(str(dest)).duration
    return total


def run(folder: Path, jobs: int, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the process and its workers) of one run."""
    command = [sys.executable, "-m", "speakprep", "analyze", str(folder), "--jobs", str(jobs)]
    command += ["-o", str(out), "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"jobs {jobs} failed ({done.returncode}): {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def reports(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs of each (default 2)")
    parser.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="speakprep-batch-") as tmp:
        folder = Path(tmp) / "answers"
        folder.mkdir()
        audio_s = make_inputs(folder)
        print(f"{COUNT} answers, {audio_s:.0f} s of audio, {os.cpu_count()} cores")
        times: dict[int, list[float]] = {1: [], args.jobs: []}
        first: list[dict] | None = None
        order = [1, args.jobs] + [args.jobs, 1] * (args.runs - 1)
        order = order + ([args.jobs, 1] if args.runs > 1 else [])
        order = order[: 2 * args.runs]
        for k, jobs in enumerate(order):
            out = Path(tmp) / f"run{k}.jsonl"
            elapsed, cpu = run(folder, jobs, out)
            times[jobs].append(elapsed)
            got = reports(out)
            assert len(got) == COUNT, f"{len(got)} reports"
            if first is None:
                first = got
            same = sum(a == b for a, b in zip(first, got, strict=True))
            print(
                f"run {k + 1}: --jobs {jobs}: {elapsed:6.1f} s, {cpu:6.1f} CPU s "
                f"({audio_s / elapsed:4.1f} s of audio per second), "
                f"{same}/{COUNT} reports identical to run 1"
            )
    one, many = statistics.median(times[1]), statistics.median(times[args.jobs])
    ratio = many / one
    print(
        f"median --jobs 1: {one:.1f} s, --jobs {args.jobs}: {many:.1f} s, "
        f"ratio {ratio:.2f} (target <= {TARGET}): {'PASS' if ratio <= TARGET else 'FAIL'}"
    )
    print(f"throughput --jobs {args.jobs}: {COUNT / many * 60:.1f} answers per minute")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
