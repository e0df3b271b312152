"""How often "Your next take" lists a step above one that gives more points.

Each answer of the given splits (default: tests/data/answers/dev, dev2 and train; never the
held-out ones) is timed at 1.3, 2.4 and 3.7 words a second (tests/reports.timed_report: too
long, on target and too short for most answers) and its steps worked out. It prints how
many step lists have a gain that rises by 2 points or more from one step to the next, in the
three shown in full and in all (a rise of 1 is rounding: two steps of 17.4 points read +17
then +18), how many have "Answer the question", and the first few lists that rise.

Session 15 (polish7): 3354 lists; top three rising by 2+: 462 on main (5ac86f9), 200 once
"Answer the question" competed with the single changes on its points, 133 once it also came
whenever the content changes give more together than one by one. Most of the rest come from
the hold below Excellent: the step that completes the answer lifts it. It also counts the
lists with a step that gives no points above one that gives some ("Cut about 5 s · score
stays 84" above "+16"): session 18 (polish12) put the steps that gain first.

    python benchmarks/step_order.py [SPLIT_FOLDER ...]
"""

from __future__ import annotations

import sys
import tomllib
from itertools import pairwise
from pathlib import Path

from checkout import ROOT, use_checkout

use_checkout()

from speakprep.core.coaching import next_steps  # noqa: E402
from tests.reports import timed_report  # noqa: E402

SPLITS = ("dev", "dev2", "train")
PACES = (1.3, 2.4, 3.7)


def rises(gains: list[int]) -> bool:
    return any(b > a + 1 for a, b in pairwise(gains))


def stalls(gains: list[int]) -> bool:
    """A step that gives no points above one that gives some ("score stays 84", then "+16")."""
    return any(a <= 0 < b for a, b in pairwise(gains))


def main(folders: list[Path]) -> None:
    lists = top = every = grouped = stalled = 0
    shown: list[list[tuple[str, int]]] = []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            for answer in tomllib.loads(path.read_text(encoding="utf-8")).get("answers", []):
                sentences = [text for _, text in answer["sentences"]]
                for pace in PACES:
                    steps = next_steps(timed_report(sentences, words_per_s=pace))
                    gains = [round(s.gain) for s in steps]
                    lists += 1
                    top += rises(gains[:3])
                    every += rises(gains)
                    grouped += any(s.id == "answer" for s in steps)
                    stalled += stalls(gains)
                    if rises(gains[:3]) and len(shown) < 5:
                        shown.append([(s.id, g) for s, g in zip(steps, gains, strict=True)])
    print(
        f"lists {lists}  top three rising by 2+ {top}  all steps rising by 2+ {every}  "
        f"with 'Answer the question' {grouped}  a no-points step above a scoring one {stalled}"
    )
    for steps in shown:
        print("  ", steps)


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or [ROOT / "tests" / "data" / "answers" / s for s in SPLITS])
