"""Every labelled answer's JSON report, one line each: proof that a change leaves decisions alone.

Usage: python benchmarks/content_reports.py OUT.jsonl [--threads N] [SPLIT ...]
       python benchmarks/content_reports.py --diff BEFORE.jsonl AFTER.jsonl

The first form analyses each answer of the given splits of tests/data/answers (default: train
and dev; never held-out ones, whose figures are scored once) as ``speakprep analyze --text``
does, with the packaged encoder at ``--threads`` intra-op threads, and writes its full JSON
report: sentence labels and reasons, checks and their evidence, segments, score, next steps.
The second compares two such files: how many reports differ, in which fields, how many
sentence labels and check verdicts changed. A speed-up that claims to change no decision
dumps before and after (and at 1/2/4 threads) and diffs: nothing may differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from content_accuracy import SPLITS, load_answers

import speakprep.services.encoder as encoder
from speakprep.core.report import report_to_dict
from speakprep.services.analyze import Context, Engine


def dump(out: Path, splits: list[str], threads: int) -> int:
    """Write the report of every answer of ``splits`` to ``out``; the number written."""
    encoder.default_encoder = cache(lambda: encoder.SentenceEncoder(threads=threads))
    if encoder.default_judge() is None:
        raise SystemExit("the packaged encoder does not load")
    engine = Engine(similarity=None)
    count = 0
    with out.open("w", encoding="utf-8") as f:
        for split in splits:
            for answer in load_answers([SPLITS / split]):
                context = Context(answer.question, answer.company, answer.role)
                report = report_to_dict(engine.analyze_text(answer.text, context))
                key = f"{split}/{answer.source}/{answer.id}"
                f.write(json.dumps({"answer": key, **report}, sort_keys=True) + "\n")
                count += 1
    return count


def diff(before: Path, after: Path) -> str:
    """What differs between two dumps, in one line."""
    old, new = _read(before), _read(after)
    if list(old) != list(new):
        return "the two files hold different answers"
    fields: Counter[str] = Counter()
    labels = checks = reports = 0
    for key, a in old.items():
        b = new[key]
        if a == b:
            continue
        reports += 1
        fields.update(k for k in a if a[k] != b.get(k))
        pairs = zip(a["sentences"], b["sentences"], strict=False)  # a new split: counted below
        labels += sum(x["label"] != y["label"] for x, y in pairs)
        labels += abs(len(a["sentences"]) - len(b["sentences"]))
        found = {c["id"]: c["found"] for c in b["checks"]}
        checks += sum(c["found"] != found.get(c["id"]) for c in a["checks"])
    where = ", ".join(f"{k} {n}" for k, n in fields.most_common())
    return (
        f"{reports} of {len(old)} reports differ ({where or 'nothing'}); "
        f"sentence labels changed: {labels}; check verdicts changed: {checks}"
    )


def _read(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {d.pop("answer"): d for d in map(json.loads, lines)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("splits", nargs="*", default=["train", "dev"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.diff:
        print(diff(*args.diff))
        return 0
    if args.out is None:
        parser.error("OUT.jsonl or --diff BEFORE AFTER")
    print(f"{dump(args.out, args.splits, args.threads)} reports -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
