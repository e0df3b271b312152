"""How long the sentence splitter and a whole ``analyze --text`` take on large transcripts.

The sentence splitter's abbreviation rule used to slice the whole text at every candidate
cut, so a 1 MB transcript took about a minute (issue 14). This prints, for growing sizes,
the seconds the splitter's base pass takes (it should grow in step with the size: twice
the text, about twice the time) and a whole text analysis at the ``--text`` size cap.

    python benchmarks/text_limits.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from speakprep.core.rubric import default_rubric
from speakprep.core.sentences import _base_bounds
from speakprep.inputs import TEXT_MAX_BYTES
from speakprep.services.analyze import Engine

# Our own sentences, with abbreviations and numbers the abbreviation rule looks at.
PARAGRAPH = (
    "I led the migration of our billing system. It was late, approx. three weeks behind, "
    "and the team was tired. So my plan is to grow as a leader and in the long term I want "
    "to run a product group. We shipped tools, docs etc. and 5 dashboards by Friday. "
)


def text_of(n_bytes: int) -> str:
    return (PARAGRAPH * (n_bytes // len(PARAGRAPH) + 1))[:n_bytes]


def timed(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cues = default_rubric().sentences
    assert cues is not None
    for n_bytes in (250_000, 500_000, 1_000_000):
        text = text_of(n_bytes)
        s = timed(lambda text=text: _base_bounds(text, cues), args.runs)
        print(f"sentence split, {n_bytes / 1e6:.2f} MB: {s:.3f} s (median of {args.runs})")
    engine = Engine()
    text = text_of(TEXT_MAX_BYTES)
    s = timed(lambda: engine.analyze_text(text), 1)
    print(f"analyze --text at the {TEXT_MAX_BYTES // 1000} KB cap: {s:.2f} s")


if __name__ == "__main__":
    main()
