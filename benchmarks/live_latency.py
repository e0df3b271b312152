"""How soon the report is ready after stop, with live transcription during the take.

The target (issue: live analysis): for a ~90 s take on a 2-core machine, the report is
complete at most 1.5 s after stop (median of several runs), with no dropped audio frames
while recording.

The take is real speech: the clips in tests/data/audio (three speakers, filler-heavy, with
pauses) joined with 0.6 s silences, 94.9 s in all, or ``--file``. Each run feeds it through
the real :class:`~speakprep.audio.capture.Recorder` from the fake microphone in
tests/fakes.py at the real pace (``--speed 1``), with a :class:`LiveSession` pulling the audio
every 0.5 s, and presses stop as soon as the last sample is in. Printed per run and as
medians:

* stop -> report: from pressing stop (``Recorder.stop``) to the complete report;
* CPU share while recording: process CPU time / wall time (all threads; 100 % is one core);
* dropped frames (``RecordingResult.dropped_frames``) and how late the fake microphone's
  blocks reached the recorder's callback. The fake never loses audio by itself, so its
  lateness is the measure: a real sound card buffers ~20-100 ms of input, and a callback
  held up longer than that (by the GIL, say) would lose frames;
* after all runs, the same take analysed whole (``Engine.analyze_samples``), its time, and
  how far the live and whole reports agree (word differences, speaking time, fillers).

Other work on the machine slows the model (the two cores are shared), so compare medians
and look at the load average printed first.

    python benchmarks/live_latency.py [--runs 5] [--tail 0.5] [--threads 0] [--speed 1.0]
                                      [--baseline] [--file F] [--stop-at S] [--min-piece S]
                                      [--group S]
"""

from __future__ import annotations

import argparse
import difflib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# speakprep first, as ``python -m speakprep`` and the app import it: it keeps numpy's
# OpenBLAS to one thread (speakprep/__init__.py), and numpy imported first would leave
# OpenBLAS's spinning threads in this process, burning CPU the model needs.
import speakprep  # noqa: F401

# isort: split
import numpy as np
from checkout import use_checkout

use_checkout()

from analysis_speed import clips_joined  # noqa: E402  (benchmarks/, the script's folder)

from speakprep.audio.capture import Recorder  # noqa: E402
from speakprep.core.activity import detect_activity  # noqa: E402
from speakprep.core.models import Report  # noqa: E402
from speakprep.services.analyze import Engine  # noqa: E402
from speakprep.services.live import LiveSession  # noqa: E402
from speakprep.transcription.pieces import PieceOptions, StreamingVad  # noqa: E402
from speakprep.transcription.transcribe import Transcriber  # noqa: E402
from tests.fakes import fake_input_factory  # noqa: E402

TARGET_S = 1.5
RATE = 16_000
BLOCK_S = 0.01  # the fake microphone's block, as PortAudio's default would be
# Blocks later than this would overrun a small (low-latency) input buffer.
LATE_S = 0.05

# Filler spellings that are the same filler ("Umm" and "um"), for comparing transcripts.
_SAME = {"umm": "um", "uhm": "um", "uhh": "uh", "hm": "hmm", "mm": "hmm"}


def real_take(tail_s: float) -> np.ndarray:
    """The real clips joined with 0.6 s silences, cut ``tail_s`` after the last sound.

    The user presses stop ``tail_s`` after their last word: the smaller, the more is left
    to transcribe at stop.
    """
    audio = clips_joined(0.6)
    last_sound_s = detect_activity(audio, RATE).islands[-1][1]
    return audio[: int((last_sound_s + tail_s) * RATE)]


def load_take(path: Path) -> np.ndarray:
    from speakprep.audio.files import load_audio

    return load_audio(path).samples


def words_of(report: Report) -> list[str]:
    """The transcribed words, lower case, filler spellings unified."""
    out = []
    for w in report.transcript.words:
        if w.source == "asr":
            t = w.text.lower()
            out.append(_SAME.get(t, t))
    return out


def word_differences(a: list[str], b: list[str]) -> int:
    """Words to change, insert or delete to turn ``a`` into ``b`` (difflib's alignment)."""
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")


def differing_spans(a: list[str], b: list[str]) -> list[str]:
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return [
        f"{' '.join(a[i1:i2]) or '-'} -> {' '.join(b[j1:j2]) or '-'}"
        for op, i1, i2, j1, j2 in ops
        if op != "equal"
    ]


def one_run(
    engine: Engine, audio: np.ndarray, speed: float, folder: Path, k: int, *, live: bool = True
) -> dict:
    """Record ``audio`` through the fake microphone with a live session; stop; report.

    With ``live`` false, only record (the baseline for CPU use and block lateness).
    """
    arrivals: list[float] = []
    factory, mic = fake_input_factory(
        audio,
        realtime=True,
        speed=speed,
        default_block_s=BLOCK_S,
        on_block=lambda _n: arrivals.append(time.perf_counter()),
    )
    recorder = Recorder(folder / f"take{k}.wav", stream_factory=factory)
    # Filler evidence is kept by content (Transcriber.filler_evidence): forget the last
    # run's, or this run would find every stretch of the same take scored already.
    engine.transcriber.forget_filler_evidence()
    session = LiveSession(engine)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    recorder.start()
    if live:
        session.start(recorder.read_new)
    if not mic.stream.wait_fed(audio.size, timeout_s=audio.size / RATE / speed + 30):
        raise RuntimeError("the fake microphone stalled")
    cpu1, wall1 = time.process_time(), time.perf_counter()

    t_stop = time.perf_counter()  # the user presses stop
    cpu_stop = time.process_time()
    result = recorder.stop()
    report = session.finish(recorder.samples(), source=str(result.path)) if live else None
    latency_s = time.perf_counter() - t_stop
    cpu_after_stop_s = time.process_time() - cpu_stop

    period = BLOCK_S / speed
    late = np.array(arrivals) - (arrivals[0] + period * np.arange(len(arrivals)))
    late -= min(0.0, float(late.min()))  # the first block sets the clock
    stats = session.stats()
    return {
        "latency_s": latency_s,
        "cpu_after_stop_s": cpu_after_stop_s,
        "cpu_share": (cpu1 - cpu0) / (wall1 - wall0),
        "dropped": result.dropped_frames,
        "overflows": result.overflows,
        "late_max_s": float(late.max()),
        "late_blocks": int((late > LATE_S).sum()),
        "blocks": len(arrivals),
        "stats": stats,
        "report": report,
        "samples": recorder.samples(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--threads", type=int, default=0, help="CTranslate2 threads (0: its default)"
    )
    parser.add_argument("--speed", type=float, default=1.0, help="1.0 feeds at the real pace")
    parser.add_argument("--file", type=Path, help="use this recording as the take")
    parser.add_argument(
        "--tail",
        type=float,
        default=0.5,
        help="seconds from the last sound to stop (0: stop on the last word)",
    )
    parser.add_argument(
        "--stop-at",
        type=float,
        help="stop this many seconds into the take, mid-speech (the worst case: the last "
        "piece is all that was said since the last pause)",
    )
    parser.add_argument(
        "--baseline", action="store_true", help="first record once with no live session"
    )
    parser.add_argument(
        "--min-piece",
        type=float,
        default=PieceOptions().min_piece_s,
        help="PieceOptions.min_piece_s: how long a piece grows before a short pause ends it",
    )
    group = PieceOptions().group_s
    parser.add_argument("--group", type=float, default=group, help="PieceOptions.group_s")
    args = parser.parse_args()

    if args.file is not None:
        audio, label = load_take(args.file), args.file.name
    else:
        audio = real_take(args.tail)
        label = f"real clips joined, stop {args.tail:g} s after the last sound"
    if args.stop_at is not None:
        audio = audio[: int(args.stop_at * RATE)]
        label = f"{label.split(', stop ')[0]}, stopped {args.stop_at:g} s in, mid-speech"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"take: {label}, {audio.size / RATE:.1f} s; {os.cpu_count()} CPUs; load {load}")

    engine = Engine()
    engine._transcriber = Transcriber(
        engine.model,
        cpu_threads=args.threads,
        pieces=PieceOptions(min_piece_s=args.min_piece, group_s=args.group),
    )
    engine.analyze_samples(audio[: 5 * RATE])  # warm up the model and the VAD, untimed
    StreamingVad()(np.zeros(RATE // 512 * 512, np.float32))

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.baseline:
            r = one_run(engine, audio, args.speed, Path(tmp), -1, live=False)
            print(
                f"baseline, recording only: CPU {r['cpu_share']:.0%}; dropped {r['dropped']}, "
                f"blocks late > {LATE_S * 1000:.0f} ms: {r['late_blocks']}/{r['blocks']} "
                f"(max {r['late_max_s'] * 1000:.0f} ms)"
            )
        for k in range(args.runs):
            r = one_run(engine, audio, args.speed, Path(tmp), k)
            s = r["stats"]
            print(
                f"run {k + 1}: stop -> report {r['latency_s']:.2f} s, "
                f"{r['cpu_after_stop_s']:.2f} CPU s "
                f"(last piece {s.finish_transcribe_s:.2f} s, analysis {s.finish_analyse_s:.2f} s; "
                f"while recording: pieces {s.worker_busy_s:.1f} s, "
                f"fillers {s.worker_fillers_s:.1f} s)"
                f"; CPU while recording {r['cpu_share']:.0%}; "
                f"{s.pieces} pieces, {s.done_at_stop_s:.1f} of {s.audio_s:.1f} s done before stop; "
                f"dropped {r['dropped']}, blocks late > {LATE_S * 1000:.0f} ms: "
                f"{r['late_blocks']}/{r['blocks']} (max {r['late_max_s'] * 1000:.0f} ms)"
                + ("; FELL BACK to whole-file" if s.fell_back else "")
            )
            runs.append(r)
        samples = runs[-1]["samples"]
        whole_s: list[float] = []
        whole = None
        for _ in range(min(3, args.runs)):
            engine.transcriber.forget_filler_evidence()
            t = time.perf_counter()
            whole = engine.analyze_samples(samples)
            whole_s.append(time.perf_counter() - t)
    assert whole is not None and whole.delivery is not None

    latency = statistics.median(r["latency_s"] for r in runs)
    cpu = statistics.median(r["cpu_share"] for r in runs)
    dropped = sum(r["dropped"] for r in runs)
    late_max = max(r["late_max_s"] for r in runs)
    print()
    print(f"medians of {args.runs} runs at {args.speed:g}x real time, threads={args.threads}:")
    print(f"  stop -> complete report (live)   {latency:6.2f} s")
    cpu_after = statistics.median(r["cpu_after_stop_s"] for r in runs)
    print(f"  CPU time from stop to report     {cpu_after:6.2f} s (all threads; less load-bound)")
    print(f"  whole-file analysis after stop   {statistics.median(whole_s):6.2f} s")
    print(f"  CPU share while recording        {cpu:6.0%} of one core ({cpu / 2:.0%} of 2)")
    print(f"  dropped frames (all runs)        {dropped:6d}")
    print(f"  latest microphone block          {late_max * 1000:6.0f} ms")
    w_words = words_of(whole)
    for k, r in enumerate(runs, 1):
        live = r["report"]
        assert live.delivery is not None
        l_words = words_of(live)
        diff = word_differences(w_words, l_words)
        print(
            f"  run {k} vs whole: {diff} word differences of {len(w_words)} "
            f"({diff / max(1, len(w_words)):.0%}); speaking time "
            f"{live.delivery.speaking_s:.2f} vs {whole.delivery.speaking_s:.2f} s; fillers "
            f"{len(live.delivery.fillers)} vs {len(whole.delivery.fillers)}"
        )
    print("  where the last run differs (whole -> live):")
    for line in differing_spans(w_words, l_words):
        print(f"    {line}")
    meets = latency <= TARGET_S and dropped == 0
    verdict = "meets" if meets else "does NOT meet"
    print(f"{verdict} the target: report <= {TARGET_S} s after stop, no dropped frames")
    sys.exit(0 if meets else 1)


if __name__ == "__main__":
    main()
