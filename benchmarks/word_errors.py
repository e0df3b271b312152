"""Word errors of the transcription on twelve takes with known words, and what it cost.

The takes (about 1400 reference words):

* the real clips of benchmarks/analysis_speed.py (tests/data/audio, three speakers, many
  fillers) joined with half-second silences, in three orders: as listed, reversed, and
  interleaved; their words are the reference transcripts in tests/data/audio/SOURCES.md;
* the eight spoken answers in tests/data/spoken (espeak-ng, their sentences' text);
* benchmarks/analysis_speed.py's 92 s espeak-ng answer (made afresh, needs espeak-ng, sox).

Each take goes through ``Transcriber.transcribe`` (the words live and whole-file analysis
both start from); words are compared lower case, without punctuation, filler spellings
unified ("Umm" is "um"), numbers under 21 spelled out. Word errors are substitutions,
insertions and deletions of the best alignment (edit distance). Printed per take, with the
encoder calls and encoder frames (100 a second of input: Whisper's window is 3000) that
decoding took: a count that does not depend on the load of the machine, unlike the time
printed next to it.

    python benchmarks/word_errors.py [--threads N] [--compute-type int8|float32] [--verbose]
                                     [--beam N] [--group S] [--group-break S]
                                     [--long-pause S]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from checkout import ROOT, use_checkout

use_checkout()
sys.path.insert(0, str(ROOT / "benchmarks"))

from analysis_speed import ANSWER_TEXT, CLIP_PARTS, make_spoken_answer  # noqa: E402

from speakprep.transcription.pieces import PieceOptions  # noqa: E402
from speakprep.transcription.transcribe import DecodeOptions, Transcriber  # noqa: E402

AUDIO = ROOT / "tests" / "data" / "audio"
SPOKEN = ROOT / "tests" / "data" / "spoken"
RATE = 16_000

# The reference transcripts of tests/data/audio/SOURCES.md (the .lab files for the two long
# clips); "yknow" is said as "you know".
CLIP_WORDS = {
    "mfa_acoustic_corpus.wav": (AUDIO / "mfa_acoustic_corpus.lab").read_text(),
    "mfa_cold_corpus.wav": (AUDIO / "mfa_cold_corpus.lab").read_text(),
    "jfk.wav": "and so my fellow americans ask not what your country can do for you "
    "ask what you can do for your country",
    "mfa_crossword.flac": "but um montreal but um but montreal forced aligner",
    "mfa_uhum.flac": "montreal forced uh um uh hm hm um forced aligner",
    "mfa_um.flac": "montreal forced um aligner",
}
ORDERS = {
    "clips": list(CLIP_PARTS),
    "clips-reversed": list(reversed(CLIP_PARTS)),
    "clips-interleaved": CLIP_PARTS[::2] + CLIP_PARTS[1::2],
}

_SAME = {
    "umm": "um", "ummm": "um", "uhm": "um", "uhh": "uh", "uhhh": "uh", "hm": "hmm",
    "mm": "hmm", "mmm": "hmm", "hmmm": "hmm", "yknow": "you know", "alright": "all right",
    "okay": "ok",
}  # fmt: skip
_NUMBERS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
]  # fmt: skip


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation, fillers and small numbers written one way."""
    words = []
    for raw in re.sub(r"[^\w' ]+", " ", text.replace("-", " ").lower()).split():
        word = raw.strip("'")
        if word.isdigit() and int(word) < len(_NUMBERS):
            word = _NUMBERS[int(word)]
        if word:
            words += _SAME.get(word, word).split()
    return words


def word_errors(ref: list[str], hyp: list[str]) -> int:
    """Edit distance in words (substitutions, insertions, deletions)."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def takes(tmp: Path) -> list[tuple[str, np.ndarray, str]]:
    """(name, 16 kHz samples, reference text) of the twelve takes."""
    out = []
    gap = np.zeros(RATE // 2, np.float32)
    for name, order in ORDERS.items():
        parts = []
        for clip in order:
            samples, rate = sf.read(AUDIO / clip, dtype="float32")
            assert rate == RATE, clip
            parts += [samples, gap]
        out.append((name, np.concatenate(parts), " ".join(CLIP_WORDS[c] for c in order)))
    for meta in sorted(SPOKEN.glob("*.json")):
        info = json.loads(meta.read_text())
        samples, rate = sf.read(meta.with_suffix(".flac"), dtype="float32")
        assert rate == RATE, meta
        out.append((meta.stem, samples, " ".join(s["text"] for s in info["sentences"])))
    answer = tmp / "answer90.wav"
    make_spoken_answer(answer)
    samples, _rate = sf.read(answer, dtype="float32")
    out.append(("answer90", samples, ANSWER_TEXT))
    return out


class EncoderCount:
    """Counts the encoder calls and input frames of a loaded CTranslate2 Whisper model.

    Stands in for ``WhisperModel.model`` and passes everything else through.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.calls = 0
        self.frames = 0

    def encode(self, features: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        self.frames += int(features.shape[0]) * int(features.shape[-1])
        return self._inner.encode(features, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def count_encoder(transcriber: Transcriber) -> EncoderCount:
    """Wrap ``transcriber``'s model so that its encoder work is counted."""
    whisper = transcriber._model
    counter = EncoderCount(whisper.model)
    whisper.model = counter
    return counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: default)")
    parser.add_argument("--compute-type", default="int8", help="int8 or float32")
    parser.add_argument("--verbose", action="store_true", help="print each take's words")
    parser.add_argument(
        "--input-pad",
        type=float,
        default=DecodeOptions().input_pad_s,
        help="DecodeOptions.input_pad_s: silence after a piece in the encoder input (30: the "
        "whole Whisper window)",
    )
    parser.add_argument(
        "--min-input",
        type=float,
        default=DecodeOptions().min_input_s,
        help="DecodeOptions.min_input_s: the shortest encoder input",
    )
    parser.add_argument(
        "--long-pause",
        type=float,
        default=PieceOptions().long_pause_s,
        help="PieceOptions.long_pause_s: a pause this long ends a piece of any length",
    )
    parser.add_argument(
        "--group",
        type=float,
        default=PieceOptions().group_s,
        help="PieceOptions.group_s: consecutive pieces are decoded together until they hold "
        "this many seconds (0: each alone)",
    )
    parser.add_argument(
        "--group-break",
        type=float,
        default=PieceOptions().group_break_s,
        help="PieceOptions.group_break_s: a pause this long (Silero's) closes a group",
    )
    parser.add_argument(
        "--beam", type=int, default=DecodeOptions().beam_size, help="DecodeOptions.beam_size"
    )
    args = parser.parse_args()
    options = DecodeOptions(
        beam_size=args.beam, input_pad_s=args.input_pad, min_input_s=args.min_input
    )
    transcriber = Transcriber(
        compute_type=args.compute_type,
        cpu_threads=args.threads,
        options=options,
        pieces=PieceOptions(
            long_pause_s=args.long_pause, group_s=args.group, group_break_s=args.group_break
        ),
    )
    counter = count_encoder(transcriber)
    print(
        f"compute type {args.compute_type}, cpu threads {args.threads or 'default'}; "
        f"beam {options.beam_size}; "
        f"encoder input: piece + {options.input_pad_s:g} s, at least {options.min_input_s:g} s; "
        f"pieces end at pauses of {transcriber.pieces.long_pause_s:g} s, "
        f"grouped to {transcriber.pieces.group_s:g} s, "
        f"broken at pauses of {transcriber.pieces.group_break_s:g} s"
    )
    print(f"{'take':<30} {'ref':>5} {'errors':>6} {'enc calls':>9} {'enc frames':>10} {'s':>6}")
    total_ref = total_err = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name, samples, reference in takes(Path(tmp)):
            calls, frames = counter.calls, counter.frames
            t = time.perf_counter()
            transcript = transcriber.transcribe(samples)
            elapsed = time.perf_counter() - t
            ref, hyp = normalise(reference), normalise(" ".join(w.text for w in transcript.words))
            errors = word_errors(ref, hyp)
            total_ref += len(ref)
            total_err += errors
            print(
                f"{name:<30} {len(ref):>5} {errors:>6} {counter.calls - calls:>9} "
                f"{counter.frames - frames:>10} {elapsed:6.1f}"
            )
            if args.verbose:
                print("   ", " ".join(hyp))
    print(
        f"{'all twelve':<30} {total_ref:>5} {total_err:>6} {counter.calls:>9} "
        f"{counter.frames:>10} {time.perf_counter() - started:6.1f}"
    )
    print(f"word error rate {total_err / total_ref:.3f}")


if __name__ == "__main__":
    main()
