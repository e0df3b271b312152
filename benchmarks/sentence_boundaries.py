"""How well the splitter finds the labelled answers' sentence boundaries.

Usage: python benchmarks/sentence_boundaries.py [DIR_OR_FILE ...] [--errors] [--unpunctuated]

Defaults to the train and dev splits (never tuned on test/, holdout/ or fresh/; score those
once, at the end). For each path it prints boundary precision, recall and F1 of the splitter
(text mode, as the content benchmark and the head's training cut) against the reference
sentences, overall and for the answers whose text has no sentence-final punctuation inside
it (spoken transcripts, run-ons), and the number of reference sentences the splitter cut
differently (not one predicted sentence with the same span). ``--errors`` lists every missed
boundary and every extra cut with a few words either side; ``--unpunctuated`` scores only the
unpunctuated answers.

A boundary is the start of every reference sentence but the first. A predicted cut matches it
when only fillers, punctuation and space lie between the two (a filler before "and then"
may go either side).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from content_accuracy import SPLITS, Answer, load_answers  # noqa: E402

from speakprep.core.cues import is_hard_filler  # noqa: E402
from speakprep.core.rubric import Rubric, load_rubric  # noqa: E402
from speakprep.core.sentences import split_sentences  # noqa: E402
from speakprep.core.text import transcript_from_text  # noqa: E402

_INNER_STOP = re.compile(r"[.!?]\s+\S")
_WORD = re.compile(r"[\w'-]+")
_CONTEXT_WORDS = 6


@dataclass
class Counts:
    matched: int = 0
    predicted: int = 0
    reference: int = 0
    sentences: int = 0
    cut_differently: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, title: str) -> str:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.reference if self.reference else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"{title:<14} boundaries P {p:.3f} R {r:.3f} F1 {f:.3f} "
            f"({self.matched} matched, {self.predicted} cut, {self.reference} reference); "
            f"reference sentences cut differently {self.cut_differently}/{self.sentences}"
        )


def unpunctuated(answer: Answer) -> bool:
    """No sentence-final punctuation inside the text: a run-on transcript."""
    return _INNER_STOP.search(answer.text.strip()) is None


def _same(text: str, a: int, b: int, fillers: re.Pattern[str]) -> bool:
    """Whether only fillers, punctuation and space lie between offsets ``a`` and ``b``."""
    lo, hi = min(a, b), max(a, b)
    return all(is_hard_filler(w, fillers) for w in _WORD.findall(text[lo:hi]))


def score(answer: Answer, rubric: Rubric, errors: list[str]) -> Counts:
    """Boundary counts of one answer; misses and extra cuts are appended to ``errors``."""
    assert rubric.sentences is not None
    fillers = rubric.sentences.hard_fillers
    text = answer.text
    sentences = split_sentences(transcript_from_text(text), rubric=rubric)
    predicted = [s.char_start for s in sentences[1:]]
    reference = [start for start, _, _ in answer.spans[1:]]
    used: set[int] = set()
    matched = 0
    for ref in reference:
        hit = next(
            (i for i, p in enumerate(predicted) if i not in used and _same(text, p, ref, fillers)),
            None,
        )
        if hit is None:
            errors.append(f"[{answer.id}] missed: {_around(text, ref)}")
        else:
            used.add(hit)
            matched += 1
    for i, p in enumerate(predicted):
        if i not in used:
            errors.append(f"[{answer.id}] extra:  {_around(text, p)}")
    spans = {(s.char_start, s.char_end) for s in sentences}
    same = sum(1 for start, end, _ in answer.spans if (start, end) in spans)
    return Counts(
        matched=matched,
        predicted=len(predicted),
        reference=len(reference),
        sentences=len(answer.spans),
        cut_differently=len(answer.spans) - same,
    )


def _around(text: str, at: int) -> str:
    before = text[:at].split()[-_CONTEXT_WORDS:]
    after = text[at:].split()[:_CONTEXT_WORDS]
    return f"{' '.join(before)} | {' '.join(after)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list misses and extra cuts")
    parser.add_argument("--unpunctuated", action="store_true", help="only run-on transcripts")
    args = parser.parse_args(argv)
    rubric = load_rubric()
    for path in args.paths or [SPLITS / "train", SPLITS / "dev"]:
        answers = load_answers([path])
        if args.unpunctuated:
            answers = [a for a in answers if unpunctuated(a)]
        total, runon, errors = Counts(), Counts(), []
        for answer in answers:
            counts = score(answer, rubric, errors)
            total.add(counts)
            if unpunctuated(answer):
                runon.add(counts)
        n_runon = sum(1 for a in answers if unpunctuated(a))
        print(f"== {path} ({len(answers)} answers, {n_runon} unpunctuated)")
        print(total.line("all"))
        print(runon.line("unpunctuated"))
        if args.errors:
            print("\n".join(f"  {e}" for e in errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
