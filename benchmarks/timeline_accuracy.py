"""Timeline label agreement on spoken answers with known sentence timings.

Usage: python benchmarks/timeline_accuracy.py [--verbose] [--speak DIR_OR_FILE ...] [--limit N]
       [--cache DIR] [--errors]

Runs every answer in tests/data/spoken through the real engine and prints, per answer and
overall, the time agreement (share of the reference sentences' time where the timeline
segment has the reference label) and the sentence agreement (reference sentences whose
midpoint falls in a segment with their label). The metric is defined in
tests/test_spoken_timeline.py; ``--verbose`` also prints each reference sentence next to
the predicted sentences and segments.

``--speak`` instead reads labelled answers (e.g. ``tests/data/answers/holdout``, a split never
tuned on) aloud first, each in one of eleven voices of three synthesisers (espeak-ng, flite,
festival) at 140-180 wpm, with tests/data/spoken/make_spoken.py, into a temporary folder, and
scores those: spoken held-out answers in many voices. Needs espeak-ng, flite, festival, sox.
The voice of an answer is fixed by its position in the list, so the same command speaks the
same answers in the same voices.

``--cache DIR`` keeps the spoken audio and each answer's Whisper words in DIR (pickled
transcripts, this machine only) and reuses them on the next run: the text side (sentences,
labels, segments) and everything after transcription run again, speech synthesis and Whisper
do not. Delete DIR after changing the speech model or the transcription code. ``--errors``
prints where the disagreeing time went (reference label -> timeline label, or none where
no segment covers it; seconds).
"""

from __future__ import annotations

import argparse
import pickle
import random
import tempfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

from checkout import use_checkout

use_checkout()

from speakprep.audio.files import load_audio  # noqa: E402
from speakprep.core.models import Report, Segment  # noqa: E402
from speakprep.services.analyze import Context, Engine, NoSpeechError  # noqa: E402
from tests.data.spoken.make_spoken import Spec, build  # noqa: E402
from tests.test_spoken_timeline import (  # noqa: E402
    Agreement,
    SpokenAnswer,
    describe,
    label_at,
    load_spoken,
    timeline_agreement,
)

# (engine, voice): voices of three synthesisers, men and women, US, British, Scottish.
VOICES = (
    ("espeak", "en-us"),
    ("flite", "slt"),
    ("espeak", "en-gb+f3"),
    ("flite", "rms"),
    ("espeak", "en-gb-scotland"),
    ("festival", "kal_diphone"),
    ("espeak", "en-us+m3"),
    ("flite", "awb"),
    ("espeak", "en+f2"),
    ("flite", "kal16"),
    ("espeak", "en-gb-x-rp"),
)


def spoken_split(paths: list[Path], folder: Path, limit: int | None) -> list[SpokenAnswer]:
    """The labelled answers in ``paths`` read aloud into ``folder`` (fixed seeds); an answer
    whose audio and reference are in ``folder`` already is not spoken again."""
    ids = []
    work = tempfile.TemporaryDirectory()
    for k, answer in enumerate(_answers(paths)):
        if limit is not None and k >= limit:
            break
        ids.append(answer["id"])
        if (folder / f"{answer['id']}.flac").exists() and (
            folder / f"{answer['id']}.json"
        ).exists():
            continue
        rng = random.Random(k)
        engine, voice = VOICES[k % len(VOICES)]
        spec = Spec(
            answer["id"],
            "inline",
            voice,
            speed=rng.randint(140, 180),
            pitch=rng.randint(35, 65),
            gaps=(0.3, 1.0),
            gain=rng.uniform(0.5, 0.9),
            engine=engine,
        )
        build(spec, Path(work.name), seed=k + 1, out=folder, answer=answer)
    work.cleanup()
    wanted = set(ids)
    return [a for a in load_spoken(folder) if a.id in wanted]


def _answers(paths: list[Path]) -> Iterator[dict]:
    for path in paths:
        for file in sorted(path.glob("*.toml")) if path.is_dir() else [path]:
            with file.open("rb") as f:
                yield from tomllib.load(f)["answers"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print sentences and segments")
    parser.add_argument("--speak", nargs="+", type=Path, help="labelled answers to read aloud")
    parser.add_argument("--limit", type=int, help="speak at most this many answers")
    parser.add_argument("--cache", type=Path, help="keep spoken audio and Whisper words here")
    parser.add_argument("--errors", action="store_true", help="print disagreeing time by kind")
    args = parser.parse_args()
    if args.speak and args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
        answers = spoken_split(args.speak, args.cache, args.limit)
        score(answers, verbose=args.verbose, cache=args.cache, errors=args.errors)
    elif args.speak:
        with tempfile.TemporaryDirectory() as tmp:
            answers = spoken_split(args.speak, Path(tmp), args.limit)
            score(answers, verbose=args.verbose, errors=args.errors)
    else:
        score(load_spoken(), verbose=args.verbose, cache=args.cache, errors=args.errors)


def _analyse(engine: Engine, answer: SpokenAnswer, cache: Path | None) -> Report:
    """The engine's report on ``answer``; with ``cache``, Whisper's words are kept there."""
    context = Context(question=answer.question, company=answer.company, role=answer.role)
    if cache is None:
        return engine.analyze_file(answer.audio, context)
    samples = load_audio(answer.audio).samples
    kept = cache / f"{answer.id}.words.pickle"
    if kept.exists():
        raw = pickle.loads(kept.read_bytes())
    else:
        raw = engine.transcriber.transcribe(samples)
        kept.write_bytes(pickle.dumps(raw))
    return engine.analyze_transcribed(samples, raw, context, source=str(answer.audio))


def _wrong_time(segments: tuple[Segment, ...], answer: SpokenAnswer) -> dict[str, float]:
    """Seconds of each reference sentence where the timeline shows another label, or none
    ("-> none": before, after or between the segments)."""
    wrong: dict[str, float] = {}
    for ref in answer.sentences:
        covered = 0.0
        for seg in segments:
            if seg.start_s is None or seg.end_s is None:
                continue
            overlap = max(0.0, min(seg.end_s, ref.end_s) - max(seg.start_s, ref.start_s))
            covered += overlap
            if overlap > 0 and seg.label != ref.label:
                kind = f"{ref.label} -> {seg.label}"
                wrong[kind] = wrong.get(kind, 0.0) + overlap
        kind = f"{ref.label} -> none"
        wrong[kind] = wrong.get(kind, 0.0) + max(0.0, ref.end_s - ref.start_s - covered)
    return wrong


def score(
    answers: list[SpokenAnswer], *, verbose: bool, cache: Path | None = None, errors: bool = False
) -> None:
    """Run each answer through the engine; print its agreement and the overall one."""
    engine = Engine()
    total = Agreement(0.0, 0.0, 0, 0)
    wrong: dict[str, float] = {}
    started = time.perf_counter()
    for answer in answers:
        t0 = time.perf_counter()
        try:
            content = _analyse(engine, answer, cache).content
            sentences, segments = content.sentences, content.segments
        except NoSpeechError as err:  # the whole answer is missed
            print(f"  {err}")
            sentences, segments = (), ()
        elapsed = time.perf_counter() - t0
        result = timeline_agreement(segments, answer.sentences)
        total = total + result
        for kind, seconds in _wrong_time(segments, answer).items():
            wrong[kind] = wrong.get(kind, 0.0) + seconds
        print(f"{describe(answer.id, result)}  ({elapsed:.1f} s)")
        if verbose:
            for ref in answer.sentences:
                got = label_at(segments, (ref.start_s + ref.end_s) / 2)
                mark = " " if got == ref.label else "!"
                print(
                    f"  {mark} ref {ref.start_s:6.2f}-{ref.end_s:6.2f} {ref.label:10s} "
                    f"got {got!s:10s} {ref.text}"
                )
            for s in sentences:
                print(f"    asr {s.start_s:6.2f}-{s.end_s:6.2f} {s.label:10s} {s.text}")
            for seg in segments:
                print(f"    seg {seg.start_s:6.2f}-{seg.end_s:6.2f} {seg.label}")
    if errors:
        for kind, seconds in sorted(wrong.items(), key=lambda item: -item[1]):
            print(f"  {kind:26s} {seconds:6.1f} s ({seconds / total.total_s:.3f})")
    print(describe("overall", total))
    print(f"sentence agreement {total.sentences:.3f}; {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
