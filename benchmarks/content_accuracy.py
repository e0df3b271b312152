"""Accuracy of the content analysis against labelled answers, and what the model costs.

Usage: python benchmarks/content_accuracy.py [DIR_OR_FILE ...] [--rules] [--quiet]
                                             [--curve] [--cost] [--cv K [--by-file]]
                                             [--head NPZ]

Defaults to the three splits under tests/data/answers (train, dev, test). For each it prints
per-label precision, recall and F1 over the reference sentences, macro-F1, per-check
agreement, overall check agreement, pitfalls found and pitfalls raised without the reference
per kind, pitfalls raised on strong answers, figures per question frame, and every
disagreement (not for train). ``--rules``
scores the rules alone, without the learned judgement. ``--head NPZ`` scores the given
paths (required: the defaults include the held-out test split) with a head
packaging/train_content.py wrote (``--out``) instead of the packaged one: a candidate is
measured before it replaces the asset; it is refused with ``--rules``, ``--cv``, ``--curve``
and ``--cost``, which would leave it unused. ``--curve`` retrains the sentence
head on 25/50/75/100 % of train and scores dev (the learning curve). ``--cost`` times the
encoder's load and the labelling of a 250-word answer (with talking points too) and of an
unpunctuated spoken run-on (benchmarks/runon_answer.txt), and sums the packaged model's size.
``--cv K`` is K-fold cross-validation by answer over train + dev (or the given paths): the
whole judgement (sentence head and pitfall models) is retrained K times without the answers
it then scores; folds are fixed (answer i goes to fold i mod K). ``--by-file`` keeps each
file's answers in one fold, so every answer is scored by a head that never saw its writer's
round: a harder estimate of how the judgement carries to other writers.

A reference sentence gets the label of the predicted sentence that overlaps it most (the
splitter may cut a run-on differently). The file format is described in
tests/data/answers/README.md.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import statistics
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from speakprep.core.content import analyze_content
from speakprep.core.judge import LabelHead, SentenceJudge
from speakprep.core.models import LABELS, ContentResult
from speakprep.core.rubric import KNOWN_CHECKS, Rubric, load_rubric
from speakprep.core.talking_points import TalkingPoints
from speakprep.core.text import transcript_from_text
from speakprep.core.units import counted

if TYPE_CHECKING:
    import numpy as np

    from speakprep.services.encoder import SentenceEncoder

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ROOT / "tests/data/answers"
DEFAULT_DIRS = (SPLITS / "train", SPLITS / "dev", SPLITS / "test")
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
    pitfall_total: Counter[str] = field(default_factory=Counter)  # answers with the pitfall
    pitfall_found: Counter[str] = field(default_factory=Counter)  # ... where it was found
    pitfall_false: Counter[str] = field(default_factory=Counter)  # raised without it
    by_question: dict[str, Scores] = field(default_factory=dict)

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
        for p in PITFALLS:
            if answer.checks[p]:
                scores.pitfall_total[p] += 1
                scores.pitfall_found[p] += int(found[p])
            else:
                scores.pitfall_false[p] += int(found[p])
    return scores


def evaluate_by_question(
    answers: list[Answer], rubric: Rubric, judge: SentenceJudge | None = None
) -> dict[str, Scores]:
    """Scores per question id (the question's frame is one of the kinds that matter)."""
    groups: dict[str, list[Answer]] = {}
    for answer in answers:
        groups.setdefault(answer.question, []).append(answer)
    return {q: evaluate(group, rubric, judge) for q, group in sorted(groups.items())}


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
    found, total = sum(scores.pitfall_found.values()), sum(scores.pitfall_total.values())
    kinds = ", ".join(f"{p} {scores.pitfall_found[p]}/{scores.pitfall_total[p]}" for p in PITFALLS)
    lines.append(f"pitfalls found: {found} of {total} ({kinds})")
    wrong = ", ".join(f"{p} {scores.pitfall_false[p]}" for p in PITFALLS)
    lines.append(f"pitfalls raised without it: {sum(scores.pitfall_false.values())} ({wrong})")
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
    parser.add_argument("--rules", action="store_true", help="the rules alone, no model")
    parser.add_argument("--curve", action="store_true", help="learning curve on dev")
    parser.add_argument("--cost", action="store_true", help="load time, speed, size")
    parser.add_argument(
        "--head", type=Path, metavar="NPZ", help="score with this head, not the packaged one"
    )
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="K-fold cross-validation")
    parser.add_argument("--by-file", action="store_true", help="cv folds by file, not answer")
    parser.add_argument(
        "--always",
        nargs="+",
        type=Path,
        default=[],
        help="cv: in every training fold, never scored",
    )
    args = parser.parse_args(argv)
    if args.head and (args.rules or args.cv or args.curve or args.cost):
        # Each of those scores or trains its own judgement: the head would go unused.
        parser.error(
            "--head scores the given paths; it does not go with --rules, --cv, --curve or --cost"
        )
    if args.head and not args.paths:
        parser.error("--head needs the paths to score (the defaults include test/, held out)")
    rubric = load_rubric()
    if args.cv:
        paths = args.paths or [SPLITS / "train", SPLITS / "dev"]
        always = load_answers(args.always) if args.always else []
        scored = [a for a in load_answers(paths) if a not in always]
        scores = cross_validate(scored, rubric, args.cv, by_file=args.by_file, always=always)
        print(
            f"== {args.cv}-fold cross-validation by {'file' if args.by_file else 'answer'} "
            f"({len(scored)} answers scored, {len(always)} more always in training)"
        )
        print(report(scores, quiet=args.quiet))
        return 0
    judge = None if args.rules else _judge(args.head)
    paths = args.paths or [p for p in DEFAULT_DIRS if p.exists()]
    scorer = "rules" if judge is None else f"head {args.head}" if args.head else "model"
    for path in paths:
        answers = load_answers([path])
        print(f"== {path} ({len(answers)} answers, {scorer})")
        quiet = args.quiet or path.name == "train"
        print(report(evaluate(answers, rubric, judge), quiet=quiet))
        for question, scores in evaluate_by_question(answers, rubric, judge).items():
            print(
                f"  question {question:<18} macro-F1 {scores.macro_f1:.3f}  "
                f"checks {scores.check_agreement:.3f}  ({scores.check_total['plan']} answers)"
            )
    if args.curve:
        learning_curve(rubric)
    if args.cost:
        costs(rubric)
    return 0


def _judge(head: Path | None = None) -> SentenceJudge | None:
    """The packaged judgement, or the packaged encoder with the head asset ``head``."""
    from speakprep.services.encoder import default_encoder, default_judge

    if head is None:
        return default_judge()
    return default_encoder().judge(LabelHead.from_bytes(head.read_bytes()))


@functools.cache
def _trainer():  # type: ignore[no-untyped-def]
    """packaging/train_content.py, loaded once."""
    spec = importlib.util.spec_from_file_location(
        "train_content", ROOT / "packaging/train_content.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_content", module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def folds(answers: list[Answer], k: int, *, by_file: bool = False) -> list[int]:
    """Each answer's fold: answer i in fold i mod k, or (``by_file``) each file whole, the
    files dealt round-robin in name order."""
    if not by_file:
        return [i % k for i in range(len(answers))]
    files = sorted({a.source for a in answers})
    return [files.index(a.source) % k for a in answers]


def merge(total: Scores, part: Scores) -> None:
    """Add ``part``'s counts to ``total`` (pooled cross-validation figures)."""
    total.gold += part.gold
    total.pred += part.pred
    total.check_total.update(part.check_total)
    total.check_agree.update(part.check_agree)
    total.pitfall_total.update(part.pitfall_total)
    total.pitfall_found.update(part.pitfall_found)
    total.pitfall_false.update(part.pitfall_false)
    total.strong_answers += part.strong_answers
    total.strong_pitfalls += part.strong_pitfalls
    total.disagreements += part.disagreements


def cross_validate(  # type: ignore[no-untyped-def]
    answers: list[Answer],
    rubric: Rubric,
    k: int,
    *,
    by_file: bool = False,
    encoder=None,
    always: Sequence[Answer] = (),
) -> Scores:
    """Pooled scores of ``k`` judgements, each trained without the answers it scores.
    ``always``: answers added to every training fold and never scored (does new data help
    on the old answers?)."""
    trainer = _trainer()
    encoder = encoder or trainer.corpus_encoder()
    fold_of = folds(answers, k, by_file=by_file)
    total = Scores()
    for fold in range(k):
        train = [a for a, f in zip(answers, fold_of, strict=True) if f != fold] + list(always)
        held = [a for a, f in zip(answers, fold_of, strict=True) if f == fold]
        if not train or not held:
            continue
        head = trainer.train(train, rubric, encoder)
        merge(total, evaluate(held, rubric, encoder.judge(head)))
    return total


def learning_curve(rubric: Rubric) -> None:
    """Dev figures of sentence heads trained on growing shares of train (pitfall models off)."""
    trainer = _trainer()
    encoder = trainer.corpus_encoder()
    train = load_answers([SPLITS / "train"])
    dev = load_answers([SPLITS / "dev"])
    print("== learning curve: sentence head trained on a share of train, scored on dev")
    for fraction in (0.25, 0.5, 0.75, 1.0):
        part = trainer.subset(train, fraction)
        head = trainer.fit(trainer.build_rows(part, rubric, encoder.embed_labels))
        scores = evaluate(dev, rubric, encoder.judge(head))
        print(
            f"  {fraction:4.0%} ({len(part):3d} answers)  macro-F1 {scores.macro_f1:.3f}  "
            f"checks {scores.check_agreement:.3f}"
        )


# A user's notes for the 250-word answer's question (talking_points_cost): one similarity
# call each, against every sentence of the answer.
NOTES = TalkingPoints(
    short_term="lead a small team within two years",
    long_term="run my own practice one day",
    plan="finish the certification; find a mentor; take on bigger projects",
    employer_link="your training programme and the range of clients",
)


def costs(rubric: Rubric) -> None:
    """Encoder load time, time to label a 250-word answer (and to match talking points in
    it, as the app does), and the packaged model's size.

    Each run is a new answer to the encoder that judges it (a fresh one: an encoder keeps
    the vectors of the sentences it has embedded), as each take is in the app. The
    250-word answer is labelled with 1 encoder thread, then with 2 and 4 (decisions are the
    same at any count: tests/test_encoder_branches.py); the app runs 2 on a machine of 4 or
    more cores, else 1 (services.encoder.encoder_threads).

    Session 15, 2 cores at load ~22: cutting the graph to one sentence a run (no mask,
    packaging/convert_encoder.py single_sentence_graph) took the 250-word answer from
    111-116 to 102-107 ms of CPU time (fresh processes interleaved); 2 and 4 threads cost
    ~2x and ~4x the CPU there and more wall time, not less.

    Session 16: those threads spun while they waited for work. Asleep instead
    (``session.intra_op.allow_spinning`` 0), on the same 2 cores at load ~14 (fresh processes
    interleaved, 3 each, 7 analyses a process), the 250-word answer took 114-120 ms of CPU
    time on 1 thread, 117-122 on 2 (spinning: 224-230) and 122-133 on 4, with the same
    vectors: the second thread costs ~2 % of CPU time, so a machine of 4 or more cores,
    where it has a core of its own, gets it (wall time there: see the 2-thread figure
    printed on an idle machine).

    Session 16, the graph's residual Add + LayerNormalization pairs left unfused
    (services.encoder.UNFUSED: onnxruntime's SkipLayerNormalization kernel normalises one
    element at a time): 115-123 -> 105-112 ms of CPU time on 1 thread (2 cores at load ~17-23,
    fresh processes interleaved, 4 each). The vectors move (cosine >= 0.997), so the head was
    scored on them (macro-F1 / checks / found / raised without it / raised on strong answers):
    the packaged head gives dev 0.850 / 0.949 / 142 / 7 / 1, dev2 0.834 / 0.949 / 61 / 4 / 1,
    dev3 0.954 / 0.980 / 38 / 0 / 0 and dev4 0.838 / 0.914 / 25 / 3 / 1 as on the fused vectors
    (dev2, dev3, dev4 word for word; on dev one sentence more right), train 0.940 / 0.971 / 232
    / 8 / 0 -> 0.941 / 0.972 / 234 / 7 / 0. Retrained (packaging/train_content.py, no
    options), a head scores alike on either: fused dev 0.842 / 0.949 / 136 / 8 / 3, dev2 0.830
    / 0.952 / 60 / 2 / 1, dev3 0.959 / 0.977 / 35 / 0 / 0, dev4 0.838 / 0.908 / 21 / 1 / 1;
    unfused 0.843 / 0.949 / 136 / 8 / 3, 0.831 / 0.951 / 60 / 2 / 1, 0.960 / 0.977 / 35 / 0 /
    0, 0.845 / 0.916 / 23 / 1 / 1. Both lose to the packaged head (the trainer's known gap,
    its docstring), so the packaged head stays.

    Session 17, the graph run layer by layer over an answer's sentences, each still alone
    (assets/encoder/README.md; services.encoder.SentenceEncoder._run): a layer's 1.8 MB of
    int8 weights stay in cache from one sentence to the next, where the whole graph's 16 MB
    were read again for each of the answer's 17 texts (431 tokens; a sentence run cost ~1.4
    ms before its first token). Every vector is bit for bit the same (5,827 texts of train
    and dev..dev7; this script's output on each of those splits byte for byte the same). 2
    cores at load ~25-30: in one process, a fresh encoder each, whole graph and layers
    alternated, 20 each: 103.4 -> 88.7 ms of CPU time (layers faster in 20 of 20 pairs; at
    load ~11, 98.2 -> 80.5, 20 of 20); this command, fresh processes interleaved: at load
    ~25-30, 102 / 110 / 110 -> 88 / 91 / 100 ms (the encoder's share 85 / 89 / 92 -> 70 / 72 /
    74), at load ~8-13, 95 / 101 -> 80 / 86 (78 / 84 -> 63 / 69). Loading the encoder takes
    ~4 ms more CPU time (9 sessions: 80 -> 84 ms) and ~12 MB more memory at its peak; the
    trainer (packaging/train_content.py) writes the same head byte for byte, in 37.7 -> 33.9
    s of CPU time. Cut finer (a layer's attention and
    its feed-forward apart, or in three) it was no faster (63.8 / 64.6 / 67.8 ms for the 17
    texts); two or three layers a part slower (67.8 / 74.6). No onnxruntime option or
    further fusion left out moved it by more than the noise (memory pattern, arena,
    optimisation level, 12 fusions tried).

    The encoder's share counts every text the judgement runs: the sentences as cut and the
    run-ons as said (content.whole_view), whose two long run-ons here take ~19 ms of the
    ~90 (they were left out of the share before, which made the rules look ~30 ms). The
    Python around it is ~11 ms: session 15, load ~10, fresh processes interleaved (6 each),
    remembering hard-filler look-ups, reading each sentence for the judgement once for both
    views and matching fronted time phrases in place took it from 11.9 to 11.1 ms of CPU time
    with the vectors cached (8.6 -> 7.9 ms rules alone) and the whole labelling from 101.3 to
    100.2 ms (every pair faster, by 0.5-3.9 ms)."""
    from speakprep.services.encoder import SentenceEncoder, encoder_dir, encoder_threads

    text = answer_of_250_words()
    question = rubric.question(None)
    bare = SentenceEncoder(threads=1, cache_sentences=0)  # runs every sentence: its share
    loads, load_cpu, runs, cpu, rules, encoder_cpu = [], [], [], [], [], []
    for _ in range(7):
        start, start_cpu = time.perf_counter(), time.process_time()
        encoder = SentenceEncoder(threads=1)
        loads.append(time.perf_counter() - start)
        load_cpu.append(time.process_time() - start_cpu)
        judge, embedded = recording_judge(encoder)
        start, start_cpu = time.perf_counter(), time.process_time()
        analyze_content(transcript_from_text(text), rubric=rubric, question=question, judge=judge)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        start = time.perf_counter()
        analyze_content(transcript_from_text(text), rubric=rubric, question=question)
        rules.append(time.perf_counter() - start)
        start_cpu = time.process_time()
        bare.embed(list(dict.fromkeys(embedded)))  # each text the judgement ran, once
        encoder_cpu.append(time.process_time() - start_cpu)
    size = (
        sum(f.stat().st_size for f in encoder_dir().iterdir())
        + (ROOT / "assets" / "content_head.npz").stat().st_size
    )
    with_points, without = talking_points_cost(text, NOTES), talking_points_cost(text, None)
    runon = analysis_cost(RUNON.read_text(encoding="utf-8"), rubric)
    threaded = {n: analysis_cost(text, rubric, threads=n) for n in (2, 4)}
    print("== cost (medians; timings depend on the machine and its load)")
    print(
        f"  encoder load: {statistics.median(loads) * 1000:.0f} ms "
        f"({statistics.median(load_cpu) * 1000:.0f} ms of CPU time; 7 loads)"
    )
    print(
        f"  content analysis of a 250-word answer, 1 encoder thread: "
        f"{statistics.median(runs) * 1000:.0f} ms with the model "
        f"({statistics.median(cpu) * 1000:.0f} ms of CPU time: the wall time above it is "
        f"waiting for a busy machine), {statistics.median(rules) * 1000:.0f} ms "
        f"rules alone; the sentence encoder's share (its sentences as cut and run on, "
        f"{len(set(embedded))} texts): {statistics.median(encoder_cpu) * 1000:.0f} ms of CPU time"
    )
    print(
        f"  the 250-word answer (the app runs {counted(encoder_threads(), 'encoder thread')} "
        "here) with "
        + ", ".join(
            f"{n} encoder threads: {wall * 1000:.0f} ms ({cpu_s * 1000:.0f} ms of CPU time)"
            for n, (cpu_s, wall, _) in threaded.items()
        )
    )
    print(
        f"  content analysis of a {runon[2]}-word unpunctuated spoken run-on "
        f"({RUNON.name}): {runon[0] * 1000:.0f} ms of CPU time"
    )
    print(
        f"  the app's analysis of its text (Engine.analyze_text) with {len(NOTES.items())} "
        f"talking points: {with_points * 1000:.0f} ms of CPU time, {without * 1000:.0f} ms "
        "without them"
    )
    print(f"  packaged model files: {size / 1e6:.1f} MB")


# A spoken run-on: the boundary model cuts it, and content.whole_view judges the run-ons as
# said as well, encoding their long pieces again: where the whole view costs most.
RUNON = ROOT / "benchmarks" / "runon_answer.txt"


def analysis_cost(text: str, rubric: Rubric, threads: int = 1) -> tuple[float, float, int]:
    """Median CPU and wall seconds of the content analysis of ``text`` (lines starting with
    # left out) with a fresh encoder of ``threads`` threads each run, as in :func:`costs`,
    and its number of words."""
    from speakprep.services.encoder import SentenceEncoder

    answer = " ".join(line for line in text.splitlines() if not line.startswith("#"))
    question = rubric.question(None)
    cpu, wall = [], []
    for _ in range(7):
        judge = SentenceEncoder(threads=threads).judge()
        start, start_cpu = time.perf_counter(), time.process_time()
        analyze_content(transcript_from_text(answer), rubric=rubric, question=question, judge=judge)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return statistics.median(cpu), statistics.median(wall), len(answer.split())


def recording_judge(encoder: SentenceEncoder) -> tuple[SentenceJudge, list[str]]:
    """``encoder``'s judgement and the list it fills with every text it is asked to embed:
    the sentences as cut and the run-ons as said (content.whole_view), which the encoder's
    share must count too (the 250-word answer's two run-ons take ~19 ms of its CPU time)."""
    judge = encoder.judge()
    embedded: list[str] = []

    def embed_both(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        embedded.extend(texts)
        return encoder.embed_both(texts)

    return replace(judge, embed_both=embed_both), embedded


def answer_of_250_words() -> str:
    """The first 250 words of the dev answers, run together: a long answer of our kind."""
    words = " ".join(a.text for a in load_answers([SPLITS / "dev"])).split()
    return " ".join(words[:250])


def talking_points_cost(text: str, points: TalkingPoints | None) -> float:
    """Median CPU seconds of the app's analysis of ``text`` (speakprep analyze --text) with
    ``points`` matched by meaning, each run with the packaged encoder fresh (loaded first,
    outside the timing): the answer is new to it, the notes too."""
    import speakprep.services.encoder as encoder
    from speakprep.services.analyze import Context, Engine

    engine = Engine()
    cpu = []
    for _ in range(7):
        encoder.default_encoder.cache_clear()
        encoder.default_judge.cache_clear()
        encoder.default_judge()
        start = time.process_time()
        engine.analyze_text(text, Context(talking_points=points))
        cpu.append(time.process_time() - start)
    return statistics.median(cpu)


if __name__ == "__main__":
    sys.exit(main())
