"""Print the "is this English speech?" signals per take, English answers against the rest.

    python benchmarks/no_speech.py [--threads N] [--compute-type int8|float32]
                                   [--english FILE ...] [--other FILE ...]

(needs espeak-ng.) Builds, in memory and seeded: an English answer written for this script,
read by eight espeak-ng English voices (accents: US, New York, British, RP, Scottish,
Lancaster, Welsh, Caribbean), each clean, in a reverberant room, under TV-like background
speech and under pink noise (benchmarks/filler_noise.py); the same kind of answer in German,
French, Spanish, Polish and Italian, two voices each; and music, drums, chords, tones and
noise (tests/synth_signals.py). Every take goes through the real model; the script prints
each take's signals (the model's confidence in its words, their prior with no sound, the
bar the confidence must reach: speakprep.services.analyze) and whether it is refused, then
the English take closest to its bar and the other take closest to its: the margin on each
side.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from checkout import use_checkout

use_checkout()

from benchmarks.filler_noise import apply_condition  # noqa: E402
from speakprep.audio.files import load_audio  # noqa: E402
from speakprep.core.models import Transcript  # noqa: E402
from speakprep.services.analyze import Engine, NoSpeechError, _logprob_bar  # noqa: E402
from speakprep.transcription.transcribe import Transcriber  # noqa: E402
from tests import synth_signals as sig  # noqa: E402

SR = 16_000
ENGLISH = (
    "Over the last two years I have run the front desk of a busy dental practice. "
    "I book the appointments, chase the unpaid bills and calm people who are nervous. "
    "Next I would like to manage the whole office, so I am learning the accounts software."
)
ENGLISH_VOICES = (
    "en-us",
    "en-us-nyc",
    "en-gb",
    "en-gb-x-rp",
    "en-gb-scotland",
    "en-gb-x-gbclan",
    "en-gb-x-gbcwmd",
    "en-029",
)
ENGLISH_CONDITIONS = ("clean", "reverb", "tv", "noise")
OTHER = {
    "de": "Seit zwei Jahren leite ich den Empfang einer Zahnarztpraxis. Ich vergebe Termine, "
    "kümmere mich um offene Rechnungen und beruhige ängstliche Patienten.",
    "fr": "Depuis deux ans, je tiens l'accueil d'un cabinet dentaire. Je prends les rendez-vous, "
    "je relance les factures impayées et je rassure les patients inquiets.",
    "es": "Desde hace dos años atiendo la recepción de una clínica dental. Doy las citas, "
    "reclamo las facturas pendientes y tranquilizo a los pacientes nerviosos.",
    "pl": "Od dwóch lat prowadzę recepcję w gabinecie stomatologicznym. Umawiam wizyty, "
    "pilnuję niezapłaconych rachunków i uspokajam zdenerwowanych pacjentów.",
    "it": "Da due anni gestisco la reception di uno studio dentistico. Fisso gli appuntamenti, "
    "sollecito le fatture non pagate e tranquillizzo i pazienti nervosi.",
}
OTHER_VARIANTS = ("", "+f3")
NOT_SPEECH = {
    "music": sig.music,
    "drums": sig.drums,
    "chords": sig.chords,
    "tones": sig.beeps,
    "steady tone": sig.tone,
    "white noise": sig.white_noise,
    "pink noise": sig.pink_noise,
}


def speak(text: str, voice: str, speed: int = 150) -> np.ndarray:
    """espeak-ng reading ``text`` in ``voice``, at 16 kHz float32."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True
        )
        y, rate = sf.read(wav, dtype="float32")
    return soxr.resample(y, rate, SR).astype(np.float32)


def takes() -> list[tuple[str, bool, np.ndarray]]:
    """``(name, is English speech, samples)`` for every take of the set."""
    out = []
    for k, voice in enumerate(ENGLISH_VOICES):
        y = speak(ENGLISH, voice)
        rms = float(np.sqrt(np.mean(y**2)))
        for condition in ENGLISH_CONDITIONS:
            rng = np.random.default_rng(100 + k)
            out.append((f"en {voice} {condition}", True, apply_condition(y, condition, rng, rms)))
    for language, text in OTHER.items():
        for variant in OTHER_VARIANTS:
            out.append((f"{language}{variant}", False, speak(text, language + variant)))
    out += [(name, False, make()) for name, make in NOT_SPEECH.items()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument(
        "--english", nargs="*", default=[], type=Path, help="more English answers (audio files)"
    )
    parser.add_argument(
        "--other", nargs="*", default=[], type=Path, help="more takes that are not English speech"
    )
    args = parser.parse_args()
    engine = Engine()
    engine._transcriber = Transcriber(cpu_threads=args.threads, compute_type=args.compute_type)
    extra = [(f"en {p.name}", True, load_audio(p).samples) for p in args.english]
    extra += [(p.name, False, load_audio(p).samples) for p in args.other]
    print("     take                              refused  heard/words  mean   prior    bar")
    worst: dict[bool, list[tuple[float, str]]] = {True: [], False: []}
    for name, english, samples in extra + takes():
        refused, raw, mean, prior, bar = reading(engine, samples)
        evidence = raw.evidence
        heard = f"{evidence.words if evidence else 0}/{len(raw.words)}"
        print(
            f"{'EN ' if english else 'NOT'}  {name:34s} {refused!s:7s} {heard:>9s}  "
            f"{fmt(mean)} {fmt(prior)} {bar:6.3f}",
            flush=True,
        )
        if mean is not None:
            worst[english].append((mean - bar, name))
    print(
        "English, lowest confidence above its bar:", fmt(min(worst[True])[0]), min(worst[True])[1]
    )
    if worst[False]:
        top = max(worst[False])
        print("Not English, highest confidence above its bar:", fmt(top[0]), top[1])


def reading(
    engine: Engine, samples: np.ndarray
) -> tuple[bool, Transcript, float | None, float, float]:
    """How the engine judges ``samples``: (refused as no speech?, the transcript, its mean
    log-probability, the text prior, the bar that mean must reach)."""
    raw = engine.transcriber.transcribe(samples)
    try:
        engine.analyze_transcribed(samples, raw)
        refused = False
    except NoSpeechError:
        refused = True
    mean = raw.evidence.mean_logprob if raw.evidence else None
    prior = engine.transcriber.text_prior(" ".join(w.text for w in raw.words))
    return refused, raw, mean, prior, _logprob_bar(prior)


def fmt(value: float | None) -> str:
    return "  None" if value is None else f"{value:6.3f}"


if __name__ == "__main__":
    main()
