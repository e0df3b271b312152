"""Accuracy of the content analysis against labelled answers.

Usage: python benchmarks/content_accuracy.py [DIR_OR_FILE ...] [--quiet]

Defaults to tests/data/answers/dev and tests/data/answers/test. Prints per-label precision,
recall and F1 over the reference sentences, macro-F1, per-check agreement, overall check
agreement, pitfalls raised on strong answers, and every disagreement.

A reference sentence gets the label of the predicted sentence that overlaps it most (the
splitter may cut a run-on differently). The file format is described in
tests/data/answers/README.md.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from speakprep.core.content import analyze_content
from speakprep.core.judge import SentenceJudge
from speakprep.core.models import LABELS, ContentResult
from speakprep.core.rubric import KNOWN_CHECKS, Rubric, load_rubric
from speakprep.core.text import transcript_from_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = (ROOT / "tests/data/answers/dev", ROOT / "tests/data/answers/test")
# The ten content checks: every rubric check but the duration one.
CONTENT_CHECKS = tuple(c for c in KNOWN_CHECKS if c != "within_target")
PITFALLS = (
    "money_focus",
    "title_focus",
    "unrealistic_ambition",
    "off_topic_personal",
    "non_answer",
)
_LABEL_CHECKS = {"short_term_goal": "short_term", "long_term_goal": "long_term", "plan": "plan"}


@dataclass(frozen=True)
class Answer:
    id: str
    source: str
    question: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # reference sentences: start, end, label
    checks: dict[str, bool]
    company: str | None = None
    role: str | None = None


@dataclass
class Scores:
    gold: list[str] = field(default_factory=list)
    pred: list[str] = field(default_factory=list)
    check_total: Counter[str] = field(default_factory=Counter)
    check_agree: Counter[str] = field(default_factory=Counter)
    strong_answers: int = 0
    strong_pitfalls: int = 0
    disagreements: list[str] = field(default_factory=list)

    def label_prf(self, label: str) -> tuple[float, float, float]:
        pairs = list(zip(self.gold, self.pred, strict=True))
        tp = sum(1 for g, p in pairs if g == label and p == label)
        n_pred = sum(1 for _, p in pairs if p == label)
        n_gold = sum(1 for g, _ in pairs if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def macro_f1(self) -> float:
        present = [lab for lab in LABELS if lab in self.gold or lab in self.pred]
        return sum(self.label_prf(lab)[2] for lab in present) / len(present) if present else 0.0

    @property
    def check_agreement(self) -> float:
        total = sum(self.check_total.values())
        return sum(self.check_agree.values()) / total if total else 0.0


def load_answers(paths: list[Path]) -> list[Answer]:
    """Every answer in the given .toml files or directories of them."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    answers = []
    for file in files:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for raw in data.get("answers", []):
            answers.append(_answer(raw, file))
    return answers


def _answer(raw: dict, file: Path) -> Answer:
    pairs = [(str(label), str(text)) for label, text in raw["sentences"]]
    text = raw.get("text") or " ".join(t for _, t in pairs)
    spans, cursor = [], 0
    for label, sentence in pairs:
        if label not in LABELS:
            raise ValueError(f"{file}: {raw['id']}: unknown label {label!r}")
        start = text.find(sentence, cursor)
        if start < 0:
            raise ValueError(f"{file}: {raw['id']}: sentence not in text: {sentence!r}")
        spans.append((start, start + len(sentence), label))
        cursor = start + len(sentence)
    labels = {label for label, _ in pairs}
    checks = {cid: lab in labels for cid, lab in _LABEL_CHECKS.items()}
    checks["employer_link"] = bool(raw["employer_link"])
    checks["specific"] = bool(raw["specific"])
    pitfalls = set(raw.get("pitfalls", []))
    unknown = pitfalls - set(PITFALLS)
    if unknown:
        raise ValueError(f"{file}: {raw['id']}: unknown pitfalls {sorted(unknown)}")
    checks.update({p: p in pitfalls for p in PITFALLS})
    return Answer(
        id=str(raw["id"]),
        source=file.name,
        question=str(raw.get("question", "career_goals")),
        text=text,
        spans=tuple(spans),
        checks=checks,
        company=raw.get("company"),
        role=raw.get("role"),
    )


def analyse(answer: Answer, rubric: Rubric, judge: SentenceJudge | None = None) -> ContentResult:
    return analyze_content(
        transcript_from_text(answer.text),
        rubric=rubric,
        question=rubric.question(answer.question),
        company=answer.company,
        role=answer.role,
        judge=judge,
    )


def evaluate(answers: list[Answer], rubric: Rubric, judge: SentenceJudge | None = None) -> Scores:
    """Score the analysis (rules alone, or with ``judge``) against the reference labels."""
    scores = Scores()
    for answer in answers:
        result = analyse(answer, rubric, judge)
        for start, end, gold in answer.spans:
            pred = _aligned_label(result, start, end)
            scores.gold.append(gold)
            scores.pred.append(pred)
            if pred != gold:
                scores.disagreements.append(
                    f"[{answer.id}] label {gold} -> {pred}: {answer.text[start:end]!r}"
                )
        found = {c.id: c.found for c in result.checks}
        for cid in CONTENT_CHECKS:
            scores.check_total[cid] += 1
            if found[cid] == answer.checks[cid]:
                scores.check_agree[cid] += 1
            else:
                scores.disagreements.append(
                    f"[{answer.id}] check {cid}: reference {answer.checks[cid]}, got {found[cid]}"
                )
        if not any(answer.checks[p] for p in PITFALLS):
            scores.strong_answers += 1
            scores.strong_pitfalls += sum(1 for p in PITFALLS if found[p])
    return scores


def _aligned_label(result: ContentResult, start: int, end: int) -> str:
    best, best_overlap = "other", 0
    for s in result.sentences:
        overlap = min(end, s.char_end) - max(start, s.char_start)
        if overlap > best_overlap:
            best, best_overlap = s.label, overlap
    return best


def report(scores: Scores, *, quiet: bool = False) -> str:
    lines = [f"sentences: {len(scores.gold)}", "label        precision  recall  f1"]
    for label in LABELS:
        p, r, f = scores.label_prf(label)
        lines.append(f"{label:<12} {p:9.3f} {r:7.3f} {f:6.3f}")
    lines.append(f"macro-F1: {scores.macro_f1:.3f}")
    lines.append("check agreement:")
    for cid in CONTENT_CHECKS:
        total, agree = scores.check_total[cid], scores.check_agree[cid]
        if total:
            lines.append(f"  {cid:<22} {agree:3d}/{total:<3d} {agree / total:.3f}")
    lines.append(f"overall check agreement: {scores.check_agreement:.3f}")
    lines.append(
        f"pitfalls raised on strong answers: {scores.strong_pitfalls} "
        f"(over {scores.strong_answers} answers)"
    )
    if not quiet:
        lines.append(f"disagreements ({len(scores.disagreements)}):")
        lines.extend(f"  {d}" for d in scores.disagreements)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--quiet", action="store_true", help="do not list disagreements")
    args = parser.parse_args(argv)
    rubric = load_rubric()
    paths = args.paths or [p for p in DEFAULT_DIRS if p.exists()]
    for path in paths:
        answers = load_answers([path])
        print(f"== {path} ({len(answers)} answers)")
        print(report(evaluate(answers, rubric), quiet=args.quiet))
    if len(paths) > 1:
        answers = load_answers(paths)
        print(f"== all ({len(answers)} answers)")
        print(report(evaluate(answers, rubric), quiet=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
