"""Filler recall and false fillers of the whole engine on the spliced filler set.

    python benchmarks/make_filler_set.py [--out DIR]   # once (default benchmarks/data/filler_set)
    python benchmarks/filler_set.py [--part tune|held|all] [--set DIR] [--threads N]
                                    [--compute-type int8|float32] [--candidates FILE]
                                    [--dir tests/data/fillers] [--cache DIR]

Prints recall overall, by position (start, mid-sentence, between sentences) and by
condition, false fillers per 2 minutes of speech by condition, and fillers found on the
non-speech events (tones, typing, music, breaths), which must be none. A found hard filler
(printed by the model or heard in the audio) matches a spliced one when it overlaps it
give or take 0.25 s. ``--cache DIR`` keeps each take's transcript and the model's filler
evidence for every stretch it heard, and reuses them (a rerun then costs only the stretches
not heard before: for tuning the detector, not for timing). ``--candidates FILE`` also
writes every stretch the filler check asked the model about, with its evidence, decision
margin and whether it held a spliced filler, the false fillers and the missed ones, each
under its take's ``part/name`` (``tune/clean_real0``, ``held/clean_real0``).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import soundfile as sf
from checkout import ROOT, use_checkout

use_checkout()

from speakprep.core.filled_pauses import (  # noqa: E402
    FillerCandidate,
    FillerEvidence,
    Settled,
    answers,
    decision_margin,
)
from speakprep.core.models import Transcript, Word  # noqa: E402
from speakprep.services.analyze import Engine, NoSpeechError  # noqa: E402
from speakprep.transcription.transcribe import Transcriber, evidence_key  # noqa: E402

SET = ROOT / "benchmarks" / "data" / "filler_set"
SLACK_S = 0.25


def _overlaps(a: tuple[float, float], b: tuple[float, float], slack: float) -> bool:
    return a[0] < b[1] + slack and a[1] > b[0] - slack


def score_take(found: list[Word], truth: dict) -> tuple[list[bool], list[Word], int]:
    """(each spliced filler found?, false fillers, false fillers on events)."""
    spans = [(t["start_s"], t["end_s"]) for t in truth["fillers"]]
    hit = [False] * len(spans)
    false: list[Word] = []
    on_events = 0
    for w in found:
        at = (w.start_s or 0.0, w.end_s or 0.0)  # found fillers are timed
        match = next(
            (i for i, s in enumerate(spans) if not hit[i] and _overlaps(at, s, SLACK_S)), None
        )
        if match is not None:
            hit[match] = True
            continue
        if any(_overlaps(at, s, SLACK_S) for s in spans):
            continue  # a second piece of one spliced filler ("um" + "(um)"): not counted
        false.append(w)
        events = [(e["start_s"], e["end_s"]) for e in truth["events"]]
        on_events += any(_overlaps(at, e, 0.0) for e in events)
    return hit, false, on_events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tune", "held", "all"), default="all")
    parser.add_argument("--set", type=Path, default=SET, help="where make_filler_set wrote")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--limit", type=int, default=0, help="takes per part (0: all)")
    parser.add_argument("--candidates", type=Path, help="write candidate evidence here")
    parser.add_argument("--dir", type=Path, help="score the takes in this folder instead")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep transcripts and filler evidence here and reuse them (tuning only)",
    )
    args = parser.parse_args()
    engine = Engine()
    engine._transcriber = Transcriber(compute_type=args.compute_type, cpu_threads=args.threads)
    print(f"compute type {args.compute_type}, cpu threads {args.threads or 'default'}")
    parts = ("tune", "held") if args.part == "all" else (args.part,)
    folders = [(str(args.dir), args.dir)] if args.dir else [(p, args.set / p) for p in parts]
    cache = args.cache / f"{args.compute_type}-{args.threads}" if args.cache else None
    judge = _Judge(engine.transcriber, cache)
    engine.transcriber.filler_evidence = judge  # type: ignore[method-assign]
    dump: list[dict] = []
    started = time.perf_counter()
    for part, folder in folders:
        paths = sorted(folder.glob("*.flac"))
        if not paths:
            sys.exit(f"no takes in {folder}: run benchmarks/make_filler_set.py first")
        if args.limit:
            paths = paths[:: max(1, len(paths) // args.limit)][: args.limit]
        stats = _run_part(engine, judge, paths, dump if args.candidates else None, cache)
        _print_part(part, stats)
    judge.save()
    if args.candidates:
        args.candidates.write_text(json.dumps(dump, indent=0) + "\n")
    print(f"\ntotal time: {time.perf_counter() - started:.0f} s")


class _Judge:
    """The transcriber's filler evidence, kept in ``cache`` across runs, and what it was
    asked about in the current take."""

    def __init__(self, transcriber: Transcriber, cache: Path | None) -> None:
        self._ask = transcriber.filler_evidence
        # evidence.pickle held FillerEvidence from before its ``upper_bound`` field: not read.
        self._file = cache / "evidence2.pickle" if cache else None
        self._kept: dict = {}
        if self._file is not None and self._file.exists():
            self._kept = pickle.loads(self._file.read_bytes())
        self.asked: list[tuple[FillerCandidate, FillerEvidence]] = []

    def __call__(
        self,
        samples,
        candidates: Sequence[FillerCandidate],
        settled: Settled | None = None,
    ) -> list[FillerEvidence]:
        keys = [evidence_key(samples, c) for c in candidates]
        missing = [
            (k, c)
            for k, c in zip(keys, candidates, strict=True)
            if not answers(self._kept.get(k), c, settled)
        ]
        if missing:
            fresh = self._ask(samples, [c for _, c in missing], settled)
            self._kept.update(zip([k for k, _ in missing], fresh, strict=True))
        out = [self._kept[k] for k in keys]
        self.asked += zip(candidates, out, strict=True)
        return out

    def save(self) -> None:
        if self._file is not None:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            self._file.write_bytes(pickle.dumps(self._kept))


def _run_part(
    engine: Engine, judge: _Judge, paths: list[Path], dump: list | None, cache: Path | None
) -> dict:
    stats: dict = defaultdict(lambda: [0, 0])  # key -> [found, total] or [false, speech_s]
    for path in paths:
        truth = json.loads(path.with_suffix(".json").read_text())
        samples, _ = sf.read(path, dtype="float32")
        judge.asked = []
        try:
            report = engine.analyze_transcribed(samples, _transcribe(engine, samples, path, cache))
        except NoSpeechError:  # a take of English speech must never be refused: say so
            print(f"{path.stem}: no speech recognised (its fillers count as missed)")
            stats["no speech"][0] += 1
            found: list[Word] = []
        else:
            words = report.transcript.words
            found = [w for w in words if w.filler_kind == "hard" and w.start_s is not None]
        hit, false, on_events = score_take(found, truth)
        cond = truth["condition"]
        for ok, t in zip(hit, truth["fillers"], strict=True):
            for key in ("all", f"pos:{t['position']}", f"cond:{cond}"):
                stats[key][0] += ok
                stats[key][1] += 1
        stats[f"false:{cond}"][0] += len(false)
        stats[f"false:{cond}"][1] += truth["speech_s"]
        stats["events"][0] += on_events
        stats["events"][1] += len(truth["events"])
        if dump is not None:
            name = _take_name(path)
            dump += _candidates(judge.asked, truth, name)
            dump += [
                {"take": name, "false": w.text, "source": w.source}
                | {"start_s": w.start_s, "end_s": w.end_s}
                for w in false
            ]
            dump += [
                {"take": name, "missed": t["text"], "position": t["position"]}
                | {"start_s": t["start_s"], "end_s": t["end_s"]}
                for ok, t in zip(hit, truth["fillers"], strict=True)
                if not ok
            ]
    return stats


def _take_name(path: Path) -> str:
    """A take's name with its part ("held/take_07"): the default set's tune and held parts
    share stems."""
    return f"{path.parent.name}/{path.stem}"


def _transcribe(engine: Engine, samples, path: Path, cache: Path | None) -> Transcript:
    """The take's raw transcript, from ``cache`` when it was kept there before."""
    if cache is None:
        return engine.transcriber.transcribe(samples)
    kept = cache / f"{_take_name(path).replace('/', '-')}.pickle"
    if kept.exists():
        return pickle.loads(kept.read_bytes())
    raw = engine.transcriber.transcribe(samples)
    cache.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(pickle.dumps(raw))
    return raw


def _candidates(
    asked: list[tuple[FillerCandidate, FillerEvidence]], truth: dict, take: str
) -> list[dict]:
    spans = [(t["start_s"], t["end_s"]) for t in truth["fillers"]]
    return [
        {
            "take": take,
            "start_s": c.start_s,
            "end_s": c.end_s,
            "under": list(c.under),
            "span_s": c.span_s,
            "fixed_length": c.fixed_length,
            "before_pause": c.before_pause,
            "periodicity": c.periodicity,
            "change_db": min(c.change_db, 99.0),  # a run's steadiness (99: not measured)
            "filler_log_odds": round(e.filler_log_odds, 3),
            "versus_words": round(min(e.versus_words, 99.0), 3),
            "margin": round(decision_margin(c, e), 3),
            "upper_bound": e.upper_bound,  # the figures are at most these (a rejection)
            "truth": any(_overlaps((c.start_s, c.end_s), s, 0.0) for s in spans),
        }
        for c, e in asked
    ]


def _print_part(part: str, stats: dict) -> None:
    def recall(key: str) -> str:
        found, total = stats[key]
        return f"{found}/{total} = {found / total:.2f}" if total else "-"

    print(f"\n== {part}")
    print(f"recall overall: {recall('all')}  (target >= 0.85)")
    for pos in ("start", "mid", "between"):
        print(f"  {pos:<8} {recall('pos:' + pos)}")
    print(f"{'condition':<10} {'recall':>16} {'false':>6} {'per 2 min':>9}")
    for key in sorted(k for k in stats if k.startswith("cond:")):
        cond = key[5:]
        false, speech_s = stats[f"false:{cond}"]
        per = false / speech_s * 120 if speech_s else 0.0
        print(f"{cond:<10} {recall(key):>16} {false:>6} {per:9.2f}")
    if stats["no speech"][0]:
        print(f"takes refused as no speech: {stats['no speech'][0]}")
    events_false, events = stats["events"]
    print(f"fillers on {events} non-speech events (tones, typing, music, breaths): {events_false}")


if __name__ == "__main__":
    main()
