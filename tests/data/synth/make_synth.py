"""Build the synthetic speech in this folder with espeak-ng (our own sentences).

Usage: python tests/data/synth/make_synth.py   (needs espeak-ng, sox, numpy, soundfile)

* ``speech_de.flac``, ``speech_fr.flac``, ``speech_es.flac``, ``speech_pl.flac``,
  ``speech_it.flac``: the same short career answer in German, French, Spanish, Polish and
  Italian, for "no speech recognised" (not English).
* ``pause_<n>.flac`` and ``pauses.json``: an English opener, then a sentence with a 3 s
  thinking pause inside it ("... to lead a small team of | support engineers ..."); the
  JSON gives each file's text and where its pause starts and ends (exact: the parts are
  spoken on their own and joined with digital silence under a faint noise floor).

Deterministic: fixed voices, speeds and a seeded noise floor.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

HERE = Path(__file__).resolve().parent
RATE = 16_000
NOISE_RMS = 0.0008
TRIM_LEVEL = 0.002
PAUSE_S = 3.0

FOREIGN = {
    "de": "Ich arbeite seit drei Jahren als Verwaltungsangestellte in einem kleinen Betrieb. "
    "In den nächsten Jahren möchte ich mehr Verantwortung übernehmen und ein eigenes Team "
    "leiten. Deshalb besuche ich abends einen Kurs in Projektmanagement.",
    "fr": "Je travaille depuis trois ans comme assistante dans une petite entreprise. Dans les "
    "prochaines années, je voudrais prendre plus de responsabilités et diriger une équipe. "
    "C'est pourquoi je suis un cours du soir en gestion de projet.",
    "es": "Trabajo desde hace tres años como asistente en una pequeña empresa. En los próximos "
    "años quiero asumir más responsabilidades y dirigir un equipo. Por eso estudio gestión "
    "de proyectos por las noches.",
    "pl": "Od trzech lat pracuję jako asystentka w małej firmie. W najbliższych latach chcę "
    "wziąć na siebie więcej odpowiedzialności i prowadzić własny zespół. Dlatego wieczorami "
    "chodzę na kurs zarządzania projektami.",
    "it": "Da tre anni lavoro come assistente in una piccola azienda. Nei prossimi anni vorrei "
    "assumermi più responsabilità e guidare una squadra. Per questo la sera seguo un corso "
    "di gestione dei progetti.",
}
OPENER = "Thanks for asking."
PAUSED = [
    (
        "In the next two years I want to lead a small team of",
        "support engineers at a growing company.",
        "en-us",
        150,
    ),
    (
        "My plan is to finish an evening course in project",
        "management before the end of this year.",
        "en+f3",
        140,
    ),
    (
        "Long term I would like to become",
        "an audit manager for non profit clients.",
        "en-us+m3",
        150,
    ),
]


def speak(text: str, voice: str, speed: int = 160) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw.wav", Path(tmp) / "out.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", raw, text], check=True)
        subprocess.run(["sox", raw, "-r", str(RATE), "-c", "1", out], check=True)
        x, _ = sf.read(out, dtype="float32")
    loud = np.flatnonzero(np.abs(x) > TRIM_LEVEL)
    return x[loud[0] : loud[-1] + 1]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE), np.float32)


def write(name: str, x: np.ndarray, seed: int) -> None:
    noise = np.random.default_rng(seed).normal(0.0, NOISE_RMS, x.size).astype(np.float32)
    sf.write(HERE / name, x + noise, RATE, subtype="PCM_16")


def main() -> None:
    for seed, (lang, text) in enumerate(FOREIGN.items()):
        write(
            f"speech_{lang}.flac",
            np.concatenate((silence(0.5), speak(text, lang), silence(0.5))),
            seed,
        )
    meta = []
    for n, (before, after, voice, speed) in enumerate(PAUSED):
        parts = [
            silence(0.5),
            speak(OPENER, voice, speed),
            silence(0.6),
            speak(before, voice, speed),
        ]
        pause_start = sum(p.size for p in parts) / RATE
        parts += [silence(PAUSE_S), speak(after, voice, speed), silence(0.8)]
        write(f"pause_{n}.flac", np.concatenate(parts), 10 + n)
        meta.append(
            {
                "file": f"pause_{n}.flac",
                "text": f"{OPENER} {before} {after}",
                "pause_start_s": round(pause_start, 4),
                "pause_end_s": round(pause_start + PAUSE_S, 4),
            }
        )
    (HERE / "pauses.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
