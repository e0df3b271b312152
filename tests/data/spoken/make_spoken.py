"""Build the spoken answers in this folder: labelled answers read aloud by espeak-ng.

Usage: python tests/data/spoken/make_spoken.py   (needs espeak-ng, sox, numpy, soundfile)

Each sentence of a labelled answer (tests/data/answers, or the long answer below) is spoken
on its own, resampled to 16 kHz mono with sox, trimmed to its first and last non-silent
sample and joined to the others with a silence of known length, so every sentence's start
and end time is exact. The output per answer is ``<id>.flac`` (16 kHz, 16 bit, a faint
noise floor as from a real microphone) and ``<id>.json`` (question, company, role and, per
sentence, text, label, start_s, end_s).

Everything is deterministic: the voices, speeds, gaps and fillers are fixed below and the
noise and gap lengths come from a seeded generator, so running this again rewrites the same
files (as long as the espeak-ng and sox versions stay the same).

Harder material on purpose: two run-on answers with short gaps and no punctuation for the
ASR to lean on (each sentence but the last ends on a comma, so espeak keeps a continuing
intonation), fillers ("um", "uh") spoken inside sentences, and one answer of about 85 s.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf

HERE = Path(__file__).resolve().parent
ANSWERS = HERE.parent / "answers"
SAMPLE_RATE = 16_000
LEAD_IN_S = 0.6
TAIL_S = 1.0
# A sample above this (full scale 1.0) is sound: espeak-ng pads with digital silence.
TRIM_LEVEL = 0.002
NOISE_RMS = 0.0008  # about -62 dBFS: a quiet room through a cheap microphone

# The long answer is written for this set (no labelled answer is long enough to run ~85 s);
# its labels follow shared/labelling.md: opener and track record other (rules 4, 9), timed
# near-term goals and an elaboration short_term (rules 2, 6), a course, shadowing and tuition
# help as routes plan (rule 3), a five-year role and its elaboration long_term (rules 2, 6),
# a negation and a summary other (rule 9).
LONG_ANSWER = {
    "id": "construction_coordinator_long",
    "question": "career_goals",
    "company": "Brightline Builders",
    "role": "assistant project coordinator",
    "sentences": [
        ["other", "Thanks, that's something I've thought about a lot."],
        [
            "other",
            "I've spent the last three years as a site administrator for a home builder, "
            "mostly handling permits, schedules and subcontractor paperwork.",
        ],
        [
            "short_term",
            "In my first year here, I want to get up to speed on your commercial projects "
            "and own the submittal log for at least one job.",
        ],
        [
            "short_term",
            "By the end of that year, I'd like to be running the weekly owner meetings on my own.",
        ],
        [
            "plan",
            "To get there, I'm working through a Procore certification course in the evenings.",
        ],
        [
            "plan",
            "I've also asked one of your senior project managers if I could shadow her "
            "on site visits.",
        ],
        [
            "long_term",
            "Further out, in about five years, I see myself as a project manager leading "
            "mid-size commercial builds from preconstruction to handover.",
        ],
        [
            "long_term",
            "That would mean owning the budget, the schedule and the client relationship "
            "for the whole job.",
        ],
        [
            "plan",
            "To be ready for that, I plan to start the construction management certificate "
            "at the community college next fall, using your tuition assistance.",
        ],
        ["other", "Honestly, I'm not chasing a title for its own sake."],
        [
            "other",
            "I just like seeing a building go up and knowing I helped keep it on schedule.",
        ],
        ["other", "So that's the path I see, and why this role fits it."],
    ],
}


@dataclass(frozen=True)
class Spec:
    """How one answer is spoken."""

    id: str
    source: str  # a file under tests/data/answers, or "inline" for LONG_ANSWER
    voice: str
    speed: int  # espeak-ng words per minute
    pitch: int  # espeak-ng pitch, 0-99
    gaps: tuple[float, float] = (0.45, 1.2)  # silence between sentences, seconds
    runon: bool = False  # no closing punctuation: the sentences run together
    # sentence index -> [(word position, filler)]: fillers spoken into the sentence
    fillers: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    gain: float = 0.8  # peak level
    # "espeak" (voice: an espeak-ng voice), "flite" (voice: a flite voice, e.g. "slt") or
    # "festival" (voice: a festival voice, e.g. "kal_diphone"); speed and pitch are espeak's
    engine: str = "espeak"


SPECS = (
    Spec("dental_office_manager", "dev/round4.toml", "en-us", 160, 50),
    Spec("software_tester_automation", "dev/round4.toml", "en-gb", 150, 40, gaps=(0.3, 0.9)),
    Spec(
        "nurse_aide_to_rn",
        "dev/round4_b.toml",
        "en-us+f3",
        170,
        60,
        fillers={1: [(0, "Um,")], 3: [(1, "uh,")]},
        gain=0.6,
    ),
    Spec(
        "runon_mechanic_apprentice",
        "dev/round4.toml",
        "en-us+m3",
        175,
        45,
        gaps=(0.25, 0.4),
        runon=True,
    ),
    Spec(
        "runon_sales_not_money",
        "train/runon.toml",
        "en-gb-x-rp",
        165,
        55,
        gaps=(0.25, 0.45),
        runon=True,
    ),
    Spec("accountant_summary_question", "dev/round4_b.toml", "en+f2", 145, 65, gain=0.9),
    Spec(
        "electrician_master",
        "dev/round4_b.toml",
        "en-gb-scotland",
        155,
        35,
        gaps=(0.25, 1.0),
        fillers={2: [(1, "um")]},
    ),
    Spec(
        "construction_coordinator_long",
        "inline",
        "en-us",
        142,
        50,
        fillers={2: [(0, "Uh,")], 4: [(3, "um,")], 8: [(0, "Um,")]},
        gain=0.7,
    ),
)


def load_answer(spec: Spec) -> dict:
    if spec.source == "inline":
        assert spec.id == LONG_ANSWER["id"]
        return LONG_ANSWER
    with (ANSWERS / spec.source).open("rb") as f:
        answers = tomllib.load(f)["answers"]
    return next(a for a in answers if a["id"] == spec.id)


def spoken_text(text: str, fillers: list[tuple[int, str]]) -> str:
    """``text`` with fillers inserted before the given word positions."""
    words = text.split()
    for pos, filler in sorted(fillers, reverse=True):
        if pos == 0 and words[0] != "I" and not words[0].startswith("I'"):
            words[0] = words[0][0].lower() + words[0][1:]  # "Um, in the next year"
        words.insert(pos, filler)
    return " ".join(words)


def _speak_command(text: str, spec: Spec, raw: Path) -> list[str]:
    """The command that writes ``text`` spoken by ``spec``'s voice to ``raw``."""
    if spec.engine == "flite":
        # flite has no words-per-minute setting: stretch its durations to the same speed
        # (its voices talk at roughly 170 wpm).
        stretch = f"duration_stretch={170 / spec.speed:.3f}"
        return ["flite", "-voice", spec.voice, "--setf", stretch, "-t", text, "-o", str(raw)]
    if spec.engine == "festival":
        return ["text2wave", "-eval", f"(voice_{spec.voice})", "-o", str(raw)]
    return [
        *("espeak-ng", "-v", spec.voice, "-s", str(spec.speed), "-p", str(spec.pitch)),
        *("-w", str(raw), "--", text),
    ]


def synthesize(text: str, spec: Spec, tmp: Path) -> np.ndarray:
    """One sentence from the spec's synthesiser, at 16 kHz mono, trimmed to its sound."""
    raw, resampled = tmp / "raw.wav", tmp / "16k.wav"
    command = _speak_command(text, spec, raw)
    # text2wave reads the text from standard input; the others ignore it.
    subprocess.run(command, input=text.encode("utf-8"), check=True, capture_output=True)
    subprocess.run(
        # Halve the level first: the synthesisers peak near full scale and the resampler
        # overshoots.
        [
            *("sox", str(raw), "-c", "1", "-e", "floating-point", "-b", "32", str(resampled)),
            *("vol", "0.5", "rate", str(SAMPLE_RATE)),
        ],
        check=True,
    )
    samples, rate = sf.read(resampled, dtype="float64")
    assert rate == SAMPLE_RATE
    loud = np.flatnonzero(np.abs(samples) > TRIM_LEVEL)
    return samples[loud[0] : loud[-1] + 1]


def build(spec: Spec, tmp: Path, seed: int, out: Path = HERE, answer: dict | None = None) -> None:
    """Speak one answer into ``out``: ``<id>.flac`` and ``<id>.json``.

    ``answer`` is the labelled answer to speak; by default the one ``spec`` names.
    """
    answer = answer or load_answer(spec)
    rng = random.Random(seed)
    pieces: list[np.ndarray] = [np.zeros(int(LEAD_IN_S * SAMPLE_RATE))]
    sentences = []
    at = pieces[0].size
    n = len(answer["sentences"])
    for k, (label, text) in enumerate(answer["sentences"]):
        text = spoken_text(text, spec.fillers.get(k, []))
        said = text
        if spec.runon:
            # No full stop for espeak (or the listener) to hear; a trailing comma keeps the
            # voice up as if the speaker went straight on.
            said = re.sub(r"[.!?]+$", "", text) + ("," if k < n - 1 else "")
        audio = synthesize(said, spec, tmp)
        sentences.append(
            {
                "text": text,
                "label": label,
                "start_s": round(at / SAMPLE_RATE, 4),
                "end_s": round((at + audio.size) / SAMPLE_RATE, 4),
            }
        )
        pieces.append(audio)
        at += audio.size
        gap_s = rng.uniform(*spec.gaps) if k < n - 1 else TAIL_S
        pieces.append(np.zeros(round(gap_s * SAMPLE_RATE)))
        at += pieces[-1].size
    signal = np.concatenate(pieces)
    signal *= spec.gain / np.max(np.abs(signal))
    signal += np.random.default_rng(seed).normal(0.0, NOISE_RMS, signal.size)
    signal = np.clip(signal, -1.0, 1.0)
    sf.write(out / f"{spec.id}.flac", signal, SAMPLE_RATE, subtype="PCM_16", format="FLAC")
    reference = {
        "id": spec.id,
        "source": spec.source if spec.source == "inline" else f"tests/data/answers/{spec.source}",
        "question": answer["question"],
        "company": answer.get("company"),
        "role": answer.get("role"),
        "engine": spec.engine,
        "voice": spec.voice,
        "speed_wpm": spec.speed,
        "pitch": spec.pitch,
        "runon": spec.runon,
        "duration_s": round(signal.size / SAMPLE_RATE, 4),
        "sentences": sentences,
    }
    (out / f"{spec.id}.json").write_text(json.dumps(reference, indent=2) + "\n", "utf-8")
    print(f"{spec.id}: {signal.size / SAMPLE_RATE:.1f} s, {n} sentences")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for seed, spec in enumerate(SPECS, start=1):
            build(spec, Path(tmp), seed)


if __name__ == "__main__":
    main()
