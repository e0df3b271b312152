"""How far each filler decision is from flipping, across thread counts and compute types.

    python benchmarks/filler_margins.py [--threads 1 2 4] [--compute-types int8 float32]
                                        [--set-takes N]

Runs the whole engine on the real clips (and, with ``--set-takes N``, on N takes of the
tune part of the spliced set) once per configuration, records every candidate the filler
check asked the model about and its :func:`~speakprep.core.filled_pauses.decision_margin`
(log-odds; ``>= 0`` is a filler), and prints the accepted decision closest to rejection,
the rejected one closest to acceptance, and any decision that differs between
configurations. A decision is steady when both closest margins sit well away from 0.
"""

from __future__ import annotations

import argparse

import soundfile as sf
from checkout import ROOT, use_checkout

use_checkout()

import speakprep.services.analyze as analyze  # noqa: E402
from speakprep.core.filled_pauses import decision_margin  # noqa: E402
from speakprep.transcription.transcribe import Transcriber  # noqa: E402
from tests.conftest import AUDIO, HARD_FILLERS  # noqa: E402

SET = ROOT / "benchmarks" / "data" / "filler_set" / "tune"
Key = tuple[str, float]


def _takes(set_takes: int) -> list[tuple[str, object]]:
    takes: list[tuple[str, object]] = [(n, AUDIO / n) for n in HARD_FILLERS]
    paths = sorted(SET.glob("*.flac"))
    if set_takes and paths:
        step = max(1, len(paths) // set_takes)
        takes += [(p.stem, p) for p in paths[::step][:set_takes]]
    return takes


class MarginLog:
    """The decision margin of every candidate an engine's filler check asks the model about,
    per (take, start): the windows of one stretched span are one decision, the best one's.
    Set ``take`` before each take is analysed."""

    def __init__(self, engine: analyze.Engine) -> None:
        self.take = ""
        self.margins: dict[Key, float] = {}
        ask = engine.transcriber.filler_evidence

        def judged(samples, candidates, settled=None):  # type: ignore[no-untyped-def]
            # The engine decides from what it asked for (upper bounds where they settle a
            # candidate); the margins logged are the exact ones (asked for again: only the
            # bounded candidates cost more model time).
            evidence = ask(samples, candidates, settled)
            exact = ask(samples, candidates) if settled is not None else evidence
            for c, e in zip(candidates, exact, strict=True):
                key = (self.take, round(c.span_s[0] if c.span_s else c.start_s, 2))
                self.margins[key] = max(self.margins.get(key, -99.0), decision_margin(c, e))
            return evidence

        engine.transcriber.filler_evidence = judged  # type: ignore[method-assign]


def _margins(engine: analyze.Engine, takes: list[tuple[str, object]]) -> dict[Key, float]:
    """Per (take, candidate start): the decision margin of the engine's filler check."""
    log = MarginLog(engine)
    for name, path in takes:
        log.take = name
        samples, _ = sf.read(path, dtype="float32")
        if samples.ndim > 1:
            samples = samples.mean(axis=1)
        engine.analyze_samples(samples)
    return log.margins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--compute-types", nargs="+", default=["int8", "float32"])
    parser.add_argument("--set-takes", type=int, default=0)
    args = parser.parse_args()
    takes = _takes(args.set_takes)
    runs: dict[str, dict[Key, float]] = {}
    for compute_type in args.compute_types:
        for threads in args.threads:
            engine = analyze.Engine()
            engine._transcriber = Transcriber(compute_type=compute_type, cpu_threads=threads)
            label = f"{compute_type}/{threads}"
            runs[label] = margins = _margins(engine, takes)
            accepted = [m for m in margins.values() if m >= 0]
            rejected = [m for m in margins.values() if m < 0]
            print(
                f"{label:<11} candidates {len(margins):>4}  accepted {len(accepted):>3}  "
                f"closest accepted {min(accepted, default=float('nan')):+.2f}  "
                f"closest rejected {max(rejected, default=float('nan')):+.2f}"
            )
    _print_closest(runs)
    flips = _flips(runs)
    print(f"\ndecisions that differ between configurations: {len(flips)}")
    for line in flips:
        print(f"  {line}")


def _print_closest(runs: dict[str, dict[Key, float]], count: int = 3) -> None:
    """The decisions nearest the threshold in each configuration, with their take."""
    for label, margins in runs.items():
        near = sorted(margins.items(), key=lambda kv: abs(kv[1]))[:count]
        print(f"{label:<11} nearest: " + ", ".join(f"{k[0]}@{k[1]:.2f} {m:+.2f}" for k, m in near))


def _flips(runs: dict[str, dict[Key, float]]) -> list[str]:
    """Candidates (matched by take and start within 0.1 s) accepted in one configuration
    and rejected, or never asked about, in another."""
    out: list[str] = []
    labels = list(runs)
    keys = sorted({k for margins in runs.values() for k in margins})
    for n, key in enumerate(keys):
        if n and keys[n - 1][0] == key[0] and key[1] - keys[n - 1][1] <= 0.1:
            continue  # the same candidate, started a little later in another configuration
        row = []
        for label in labels:
            match = [
                m for k, m in runs[label].items() if k[0] == key[0] and abs(k[1] - key[1]) <= 0.1
            ]
            row.append((label, max(match, key=abs) if match else None))
        signs = {m is not None and m >= 0 for _, m in row}
        if len(signs) > 1 and not all(m is None or m < 0 for _, m in row):
            cells = "  ".join(f"{lab} {m:+.2f}" if m is not None else f"{lab} -" for lab, m in row)
            out.append(f"{key[0]} at {key[1]:.2f} s: {cells}")
    return out


if __name__ == "__main__":
    main()
