"""Timeline label agreement on spoken answers with known sentence timings.

Usage: python benchmarks/timeline_accuracy.py [--verbose]

Runs every answer in tests/data/spoken through the real engine and prints, per answer and
overall, the time agreement (share of the reference sentences' time where the timeline
segment has the reference label) and the sentence agreement (reference sentences whose
midpoint falls in a segment with their label). The metric is defined in
tests/test_spoken_timeline.py; ``--verbose`` also prints each reference sentence next to
the predicted sentences and segments.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from speakprep.services.analyze import Context, Engine  # noqa: E402
from tests.test_spoken_timeline import (  # noqa: E402
    Agreement,
    describe,
    label_at,
    load_spoken,
    timeline_agreement,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print sentences and segments")
    args = parser.parse_args()
    engine = Engine()
    total = Agreement(0.0, 0.0, 0, 0)
    started = time.perf_counter()
    for answer in load_spoken():
        t0 = time.perf_counter()
        report = engine.analyze_file(
            answer.audio,
            Context(question=answer.question, company=answer.company, role=answer.role),
        )
        elapsed = time.perf_counter() - t0
        segments = report.content.segments
        result = timeline_agreement(segments, answer.sentences)
        total = total + result
        print(f"{describe(answer.id, result)}  ({elapsed:.1f} s)")
        if args.verbose:
            for ref in answer.sentences:
                got = label_at(segments, (ref.start_s + ref.end_s) / 2)
                mark = " " if got == ref.label else "!"
                print(
                    f"  {mark} ref {ref.start_s:6.2f}-{ref.end_s:6.2f} {ref.label:10s} "
                    f"got {got!s:10s} {ref.text}"
                )
            for s in report.content.sentences:
                print(f"    asr {s.start_s:6.2f}-{s.end_s:6.2f} {s.label:10s} {s.text}")
            for seg in segments:
                print(f"    seg {seg.start_s:6.2f}-{seg.end_s:6.2f} {seg.label}")
    print(describe("overall", total))
    print(f"sentence agreement {total.sentences:.3f}; {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
