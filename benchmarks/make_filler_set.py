"""Build the spliced filler set: real "um"/"uh" tokens put into other speech, with known truth.

    python benchmarks/make_filler_set.py [--out benchmarks/data/filler_set] [--tune-seed N]
                                         [--held-seed N] [--every-host]

(needs espeak-ng; numpy, soundfile and soxr come with speakprep.)

The filler tokens are the seven hard fillers of the two MFA clips in tests/data/audio, cut
at their forced-aligner (TextGrid) times. They are spliced into host speech at the start of
a take, mid-sentence (between two words of one sentence, with 0-0.2 s of silence on either
side) and between sentences. Hosts are real (the other parts of the MFA clips, the JFK clip)
and synthetic (espeak-ng voices reading sentences written for this set). Every take is then
put through one condition: clean, noise, hum, reverb, TV-like background speech, tones,
typing, music, breaths, quiet (-30 dBFS peak) or loud (-1 dBFS peak); tones, typing, music
and breaths are events between sentences that must never become fillers.

Two parts: ``tune`` (the detector's settings were chosen on it) and ``held`` (other voices,
the JFK host and another seed; kept out of tuning). ``--tune-seed N`` writes only another
draw of the tune part (same voices and hosts, other fillers, gaps and noise): more takes to
tune on without touching the held part. ``--held-seed N`` writes only a fresh held part
(in ``<out>/held``) for a detector that has been tuned while looking at the default one:
other voices, other sentences, the JFK host, the seed N and events drawn with varied
lengths, pitches and rates (``make_event(..., varied=True)``). By default each condition
gets half the hosts (54-81 s of speech per condition, too little to show "at most 1 false
filler per 2 minutes": one false filler breaks it); ``--every-host`` gives each condition
every host, about twice the speech (about 2 minutes per condition for a ``--held-seed``
draw). The false-filler draws of session 19:

    python benchmarks/make_filler_set.py --every-host --held-seed 9461 \
        --out benchmarks/data/filler_9461
    python benchmarks/make_filler_set.py --every-host --tune-seed 9473 \
        --out benchmarks/data/filler_t9473

(9461 held, scored once; 9473 a tune draw.) Each take is ``<name>.flac`` with a
``<name>.json``: every filler's start, end, position and token, every event's start, end
and kind, and the seconds of speech. Everything is seeded: running it again rewrites the
same files (as long as espeak-ng stays the same version).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from checkout import ROOT, use_checkout

use_checkout()

from benchmarks.filler_noise import CONDITIONS, apply_condition, make_event  # noqa: E402
from tests.conftest import AUDIO, read_textgrid  # noqa: E402

SR = 16_000
TRIM_LEVEL = 0.002

# Sentences written for this set; the number is the word after which a filler goes
# mid-sentence.
SENTENCES = [
    ("I want to lead a small team within the next two years", 5),
    ("Right now I am learning how our billing system works", 5),
    ("My manager has been helping me plan the next steps", 4),
    ("Last spring I finished a course on project scheduling", 4),
    ("I would like to take on more of the client meetings", 5),
    ("In five years I see myself running a regional office", 6),
    ("That is why this role at your company appeals to me", 4),
    ("I have spent three years answering customer calls", 4),
    ("The training program here would help me get there faster", 4),
    ("Most of my work so far has been with small suppliers", 6),
    ("I also volunteer to mentor the newer people on my shift", 4),
    ("Over time I hope to move into operations planning", 5),
]
# Written for the fresh held draw (--held-seed), never tuned on.
FRESH_SENTENCES = [
    ("Before this job I worked nights at a parcel depot", 5),
    ("We cut the late deliveries by a third in one quarter", 5),
    ("The hardest part was getting two teams to share one plan", 5),
    ("I asked for feedback every Friday and wrote it down", 4),
    ("Our old spreadsheet broke whenever someone sorted it", 4),
    ("So I rebuilt it with a colleague over two weekends", 5),
    ("Customers now get a message when their order is late", 4),
    ("I enjoy work where the numbers tell a clear story", 4),
    ("A calm voice on the phone settles most complaints", 5),
    ("Next year I would like to study for a logistics degree", 5),
    ("My last review said I explain things patiently", 4),
    ("Working here would let me use all of that every day", 5),
]
SENTENCES_OF = {"tune": SENTENCES, "held": SENTENCES, "fresh": FRESH_SENTENCES}
VOICES = {
    "tune": [("en-us", 160, 45), ("en-gb", 150, 40), ("en-gb-scotland", 170, 35)],
    "held": [("en-gb-x-rp", 155, 50), ("en-029", 165, 40)],
    "fresh": [("en-us-nyc", 150, 55), ("en-gb-x-gbclan", 165, 30), ("en-gb-x-gbcwmd", 158, 45)],
}
# Real hosts: (clip, sentence start, split after this time, end), from the TextGrids.
REAL_HOSTS = {
    "tune": [
        ("mfa_acoustic_corpus", 1.05, 3.74, 7.54),
        ("mfa_acoustic_corpus", 8.60, 10.90, 13.90),
        ("mfa_acoustic_corpus", 18.35, 20.36, 22.33),
        ("mfa_cold_corpus", 10.55, 11.48, 12.73),
        ("mfa_cold_corpus", 13.50, 15.60, 17.09),
        ("mfa_cold_corpus", 19.65, 21.64, 23.44),
    ],
    "held": [("jfk", 0.0, 0.0, 0.0)],  # cut at its own pauses, see _jfk_sentences
    "fresh": [("jfk", 0.0, 0.0, 0.0)],
}
MID_GAPS_S = (0.0, 0.05, 0.12, 0.2)


@dataclass
class Take:
    """Audio being assembled, with the truth of what was put where."""

    parts: list[np.ndarray] = field(default_factory=list)
    fillers: list[dict[str, object]] = field(default_factory=list)
    events: list[dict[str, object]] = field(default_factory=list)
    speech_s: float = 0.0

    @property
    def now_s(self) -> float:
        return sum(p.size for p in self.parts) / SR

    def add(self, samples: np.ndarray, speech: bool = True) -> None:
        self.parts.append(samples.astype(np.float32))
        if speech:
            self.speech_s += samples.size / SR

    def silence(self, seconds: float) -> None:
        self.add(np.zeros(round(seconds * SR), np.float32), speech=False)

    def filler(self, token: dict[str, object], samples: np.ndarray, position: str) -> None:
        start = self.now_s
        self.add(samples)
        self.fillers.append(
            {"start_s": round(start, 3), "end_s": round(self.now_s, 3), "position": position}
            | {k: token[k] for k in ("text", "source")}
        )


def filler_tokens() -> list[tuple[dict[str, object], np.ndarray]]:
    """The hard fillers of the two TextGrid clips, cut with 20 ms fades."""
    out = []
    for clip in ("mfa_acoustic_corpus", "mfa_cold_corpus"):
        y, _ = sf.read(AUDIO / f"{clip}.wav", dtype="float32")
        for start, end, text in read_textgrid(AUDIO / f"{clip}.TextGrid"):
            if text in ("um", "uh") and end - start >= 0.1:  # 7.01-7.02 is an artefact
                token = _fade(y[round(start * SR) : round(end * SR)].copy())
                out.append(({"text": text, "source": f"{clip}@{start:.2f}"}, token))
    return out


def _fade(x: np.ndarray, seconds: float = 0.02) -> np.ndarray:
    n = min(round(seconds * SR), x.size // 2)
    ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
    x[:n] *= ramp
    x[x.size - n :] *= ramp[::-1]
    return x


def _trim(x: np.ndarray) -> np.ndarray:
    loud = np.flatnonzero(np.abs(x) > TRIM_LEVEL)
    return x[loud[0] : loud[-1] + 1] if loud.size else x


def speak(text: str, voice: str, wpm: int, pitch: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(wav), text],
            check=True,
        )
        y, rate = sf.read(wav, dtype="float32")
    return _trim(soxr.resample(y, rate, SR).astype(np.float32)) * 0.6


def synthetic_sentences(
    voice: tuple[str, int, int], sentences: list[tuple[str, int]]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each sentence as (first half, second half), split where a filler may go."""
    out = []
    for text, split in sentences:
        words = text.split()
        out.append(
            (
                speak(" ".join(words[:split]) + ",", *voice),
                speak(" ".join(words[split:]), *voice),
            )
        )
    return out


def real_sentences(part: str) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for clip, start, split, end in REAL_HOSTS[part]:
        if clip == "jfk":
            out += _jfk_sentences()
            continue
        y, _ = sf.read(AUDIO / f"{clip}.wav", dtype="float32")
        a, m, b = (round(t * SR) for t in (start, split, end))
        out.append((_fade(y[a:m].copy(), 0.01), _fade(y[m:b].copy(), 0.01)))
    return out


def _jfk_sentences() -> list[tuple[np.ndarray, np.ndarray]]:
    # "And so my fellow Americans | ask not | what your country can do for you | ask what
    # you can do for your country": its own pauses are where fillers go.
    from speakprep.core.activity import detect_activity

    y, _ = sf.read(AUDIO / "jfk.wav", dtype="float32")
    islands = [(s, e) for s, e in detect_activity(y, SR).islands if e - s > 0.15]
    phrases, current = [], [islands[0]]
    for s, e in islands[1:]:
        if s - current[-1][1] > 0.3:
            phrases.append((current[0][0], current[-1][1]))
            current = []
        current.append((s, e))
    phrases.append((current[0][0], current[-1][1]))
    cut = [_fade(y[round(s * SR) : round(e * SR)].copy(), 0.01) for s, e in phrases]
    return [(cut[i], cut[i + 1]) for i in range(0, len(cut) - 1, 2)]


def build_take(
    sentences: list[tuple[np.ndarray, np.ndarray]],
    tokens: list[tuple[dict[str, object], np.ndarray]],
    condition: str,
    rng: np.random.Generator,
    *,
    start_filler: bool,
    varied_events: bool = False,
) -> tuple[np.ndarray, Take]:
    """Three sentences: a filler mid-sentence in each, one between, maybe one at the start."""
    take = Take()
    take.silence(0.6)
    level = float(np.sqrt(np.mean(np.concatenate([a for a, _ in sentences]) ** 2)))
    picks = iter(rng.permutation(len(tokens)).tolist() * 3)

    def token() -> tuple[dict[str, object], np.ndarray]:
        info, samples = tokens[next(picks)]
        rms = float(np.sqrt(np.mean(samples**2)))
        return info, samples * (level / rms * rng.uniform(0.5, 1.0))

    if start_filler:
        take.filler(*token(), "start")
        take.silence(rng.uniform(0.2, 0.6))
    for n, (head, tail) in enumerate(sentences):
        take.add(head)
        take.silence(float(rng.choice(MID_GAPS_S)))
        take.filler(*token(), "mid")
        take.silence(float(rng.choice(MID_GAPS_S)))
        take.add(tail)
        if n == len(sentences) - 1:
            break
        take.silence(rng.uniform(0.5, 0.9))
        if n == 0:
            take.filler(*token(), "between")
            take.silence(rng.uniform(0.3, 0.7))
        elif condition in ("tones", "typing", "music", "breaths"):
            start = take.now_s
            take.add(make_event(condition, rng, level, varied=varied_events), speech=False)
            take.events.append(
                {"start_s": round(start, 3), "end_s": round(take.now_s, 3), "kind": condition}
            )
            take.silence(rng.uniform(0.4, 0.8))
    take.silence(1.0)
    audio = np.concatenate(take.parts)
    return apply_condition(audio, condition, rng, level), take


def build(
    out: Path,
    tune_seed: int | None = None,
    held_seed: int | None = None,
    every_host: bool = False,
) -> None:
    tokens = filler_tokens()
    parts = [("tune", 11), ("held", 23)]
    if tune_seed is not None or held_seed is not None:
        parts = [("tune", tune_seed)] if tune_seed is not None else []
        parts += [("fresh", held_seed)] if held_seed is not None else []
    for part, seed in parts:
        rng = np.random.default_rng(seed)
        folder = out / ("held" if part == "fresh" else part)
        folder.mkdir(parents=True, exist_ok=True)
        hosts = [(f"real{n}", s) for n, s in enumerate(_grouped(real_sentences(part)))]
        for voice in VOICES[part]:
            grouped = _grouped(synthetic_sentences(voice, SENTENCES_OF[part]))
            hosts += [(f"{voice[0]}-{n}", s) for n, s in enumerate(grouped)]
        count = 0
        for condition in CONDITIONS:
            for k in range(len(hosts)):
                name, sentences = hosts[(k + CONDITIONS.index(condition)) % len(hosts)]
                if k % 2 == 1 and not every_host:  # half the hosts, a different half
                    continue
                audio, take = build_take(
                    sentences,
                    tokens,
                    condition,
                    rng,
                    start_filler=(k // 2) % 2 == 0,
                    varied_events=part == "fresh",
                )
                stem = f"{condition}_{name}"
                sf.write(folder / f"{stem}.flac", audio, SR, subtype="PCM_16")
                truth = {
                    "condition": condition,
                    "host": name,
                    "speech_s": round(take.speech_s, 2),
                    "fillers": take.fillers,
                    "events": take.events,
                }
                (folder / f"{stem}.json").write_text(json.dumps(truth, indent=1) + "\n")
                count += 1
        print(f"{part} (seed {seed}): {count} takes in {folder}")


def _grouped(
    sentences: list[tuple[np.ndarray, np.ndarray]], size: int = 3
) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    groups = [sentences[i : i + size] for i in range(0, len(sentences), size)]
    return [g for g in groups if len(g) >= 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "data" / "filler_set")
    parser.add_argument("--tune-seed", type=int, help="only another draw of the tune part")
    parser.add_argument(
        "--held-seed", type=int, help="only a fresh held part: other voices, sentences, events"
    )
    parser.add_argument(
        "--every-host", action="store_true", help="every host in every condition (2x speech)"
    )
    args = parser.parse_args()
    build(args.out, args.tune_seed, args.held_seed, args.every_host)


if __name__ == "__main__":
    main()
