"""The critical path of a whole-file analysis, measured so that the machine's load drops out.

analysis_speed.py times wall clocks; on a shared, loaded machine (load 15 on 2 cores) those
stretch with the load, and analysis_cpu.py's CPU seconds do not say what runs beside what.
This runs ``Engine.analyze_file`` once in this process while a sampler reads, every few
milliseconds, the CPU the process got (``/proc/self/task/*/schedstat``, nanoseconds, all
threads, CTranslate2's included) and how many pieces of work were in progress: the model's
lanes held (``Transcriber._free_lane``: a replica of 1 thread is one core's work) and the
threads in one of the analysis' own steps outside the model (Silero's cut, the sound, the
marking, the report, ...; wrapped by name). On an idle 2-core machine an interval with
one piece of work in progress takes its CPU seconds, with two or more half of them: summed,
the *critical path* in seconds of an idle machine; the intervals with one piece of work (the
other core idle) are the *serial* seconds, charged to the steps running then. Which work
runs beside which is the schedule's, not the load's, so the figures hold under load (a
busy machine only stretches the intervals). Scheduling noise remains: the work of a step
outside the model's lanes on a thread other than its own is not seen.

Session 20 (wall20; load 13-31 on 2 cores, so wall 20-140 s a run). The clips, interleaved
runs, serial seconds (critical path; it moves with the CPU seconds the load adds):
before 0.76 / 0.76 / 0.82 / 0.78 (6.34 / 5.92 / 5.72 / 6.25 s), of which the filler
check's last model calls on one replica 0.27-0.42, the report 0.12-0.15 (the sentence
encoder's load in it), reading the file 0.07-0.09 (the model loaded beside it only after),
the sound 0.02-0.12 (the last of the three start-up steps; the first decode waited for
it). After (the model loads while the file is read, a take up to 5 minutes is decoded
while its sound is measured, the encoder loads beside the filler check, the printed
fillers it hears again are heard on the other replica while it looks for candidates):
0.27 / 0.50 / 0.67 (5.22 / 5.50 / 6.00 s), with the filler check's last calls (0.05-0.33
s) mostly the repeats and nuclei of the printed fillers. Those heard too on the words before
the check (found kept on the clips: the three one-at-a-time calls after the candidates'
gone), two more interleaved pairs: before 0.75, after 0.36 / 0.40 (critical path 5.75
against 5.91 / 5.85 s: the CPU seconds the load adds move it more). Left: the last batch
of the candidates' evidence alone on a replica once the pause re-decode is done (0.20),
the report (0.06-0.07). On an idle machine the serial seconds cut, ~0.4 s of work that
ran with a core idle, now run beside other work: ~0.2 s of wall, if the work is the same.

    python benchmarks/analysis_trace.py [--case clips|answer90] [--file F] [--timeline]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# analyze.py's steps (module attribute, label) and the model's calls, wrapped by name.
_ANALYZE_STEPS = (
    ("cut_stretches", "silero cut"),
    ("_heard", "no-speech check"),
    ("check_fillers", "filler check"),
    ("_recheck_printed", "printed fillers"),
    ("check_long_pauses", "pause check"),
    ("measure_delivery", "delivery"),
    ("recording_warnings", "warnings"),
)
_ENGINE_STEPS = (
    ("measure_sound", "sound"),
    ("_check_ahead", "fillers ahead"),
    ("_marked", "marking"),
    ("_report", "report"),
)
_MODEL_CALLS = (
    ("__init__", "model load"),
    ("decode", "decode"),
    ("filler_evidence", "filler odds"),
    ("read_joined", "pause re-decode"),
    ("text_prior", "text prior"),
)
# The steps outside the model that keep a core busy while they run (the others wait for
# a lane, counted on its own, or for other threads).
_OWN_WORK = frozenset(
    ("read audio", "silero cut", "sound", "model load", "marking", "no-speech check",
     "filler check", "printed fillers", "pause check", "fillers ahead", "delivery", "report",
     "warnings")
)  # fmt: skip
_SAMPLE_S = 0.004


class Tracer:
    """Phases in progress per thread, and the CPU each thread got per interval."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: dict[int, list[str]] = defaultdict(list)
        self._lanes_held = 0
        self.spans: list[tuple[str, str, float, float]] = []  # label, thread, start, end
        self.intervals: list[tuple[float, int, int, str]] = []  # end, CPU ns, work, steps
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, name="trace", daemon=True)

    def wrap(self, owner: Any, name: str, label: str) -> None:
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def traced(*args: Any, **kwargs: Any) -> Any:
            tid = threading.get_native_id()
            start = time.perf_counter()
            with self._lock:
                self._active[tid].append(label)
            try:
                return inner(*args, **kwargs)
            finally:
                with self._lock:
                    self._active[tid].pop()
                self.spans.append(
                    (label, threading.current_thread().name, start, time.perf_counter())
                )

        setattr(owner, name, traced)

    def count_lanes(self, owner: Any) -> None:
        """Count the lanes held of ``owner`` (Transcriber) as work in progress."""
        inner = owner._free_lane
        tracer = self

        @contextlib.contextmanager
        def counted(transcriber: Any) -> Iterator[Any]:
            with inner(transcriber) as lane:
                with tracer._lock:
                    tracer._lanes_held += 1
                try:
                    yield lane
                finally:
                    with tracer._lock:
                        tracer._lanes_held -= 1

        owner._free_lane = counted

    def _now(self) -> tuple[int, str]:
        """Pieces of work in progress, and the steps running."""
        with self._lock:
            tops = [stack[-1] for stack in self._active.values() if stack]
            work = self._lanes_held + sum(top in _OWN_WORK for top in tops)
        return work, " + ".join(sorted(set(tops))) or "(other)"

    def _sample(self) -> None:
        me = threading.get_native_id()
        last = _thread_cpu(me)
        while not self._stop.is_set():
            time.sleep(_SAMPLE_S)
            work, label = self._now()
            now = _thread_cpu(me)
            used = sum(max(0, c - last.get(t, 0)) for t, c in now.items())
            self.intervals.append((time.perf_counter(), used, work, label))
            last = now

    def __enter__(self) -> Tracer:
        self.start = time.perf_counter()
        self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sampler.join()
        self.end = time.perf_counter()


def _thread_cpu(skip: int) -> dict[int, int]:
    """CPU nanoseconds each thread of this process has had, but ``skip``."""
    out = {}
    for task in os.listdir("/proc/self/task"):
        if int(task) == skip:
            continue
        try:
            with open(f"/proc/self/task/{task}/schedstat") as f:
                out[int(task)] = int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def trace(path: Path, timeline: bool) -> None:
    from speakprep.audio import files
    from speakprep.services import analyze
    from speakprep.services.analyze import Engine
    from speakprep.transcription.transcribe import Transcriber

    tracer = Tracer()
    for name, label in _ANALYZE_STEPS:
        tracer.wrap(analyze, name, label)
    for name, label in _ENGINE_STEPS:
        tracer.wrap(Engine, name, label)
    for name, label in _MODEL_CALLS:
        tracer.wrap(Transcriber, name, label)
    tracer.count_lanes(Transcriber)
    tracer.wrap(files, "load_audio", "read audio")
    engine = Engine()
    with tracer:
        engine.analyze_file(path)
    ideal = serial = cpu = 0.0
    serial_by: dict[str, float] = defaultdict(float)
    for _end, used, work, label in tracer.intervals:
        seconds = used / 1e9
        cpu += seconds
        if work >= 2:
            ideal += seconds / 2
        else:
            ideal += seconds
            serial += seconds
            serial_by[label] += seconds
    wall = tracer.end - tracer.start
    print(f"{path.name}: wall {wall:.2f} s, CPU {cpu:.2f} s ({cpu / wall:.2f} cores)")
    print(
        f"  critical path on an idle 2-core machine {ideal:.2f} s, of which serial {serial:.2f} s"
    )
    print("  serial seconds by the phases running then:")
    for label, seconds in sorted(serial_by.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.01:
            print(f"    {seconds:5.2f}  {label}")
    if timeline:
        print("  timeline (wall s from the start; stretched by the load):")
        for label, thread, start, end in sorted(tracer.spans, key=lambda s: s[2]):
            print(f"    {start - tracer.start:7.2f} {end - tracer.start:7.2f}  {thread:24} {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("answer90", "clips"), default="clips")
    parser.add_argument("--file", type=Path, help="trace this recording instead")
    parser.add_argument("--timeline", action="store_true", help="print each phase's span")
    args = parser.parse_args()
    import speakprep.services.analyze  # noqa: F401  (speakprep first: it sets numpy's threads)

    if args.file is not None:
        trace(args.file, args.timeline)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from analysis_speed import join_clips, make_spoken_answer

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{args.case}.wav"
        (make_spoken_answer if args.case == "answer90" else join_clips)(path)
        trace(path, args.timeline)


if __name__ == "__main__":
    main()
