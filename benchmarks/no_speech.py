"""Print the "is this English speech?" signals per take, English answers against the rest.

    python benchmarks/no_speech.py [--threads N] [--compute-type int8|float32]
                                   [--english FILE ...] [--other FILE ...]

(needs espeak-ng.) Builds, in memory and seeded: an English answer written for this script,
read by eight espeak-ng English voices (accents: US, New York, British, RP, Scottish,
Lancaster, Welsh, Caribbean), each clean, in a reverberant room, under TV-like background
speech and under pink noise (benchmarks/filler_noise.py); the same kind of answer in German,
French, Spanish, Polish and Italian, two voices each; another answer in Dutch, Portuguese,
Swedish, Russian, Turkish, Czech, Hungarian and Indonesian; German and French under the TV,
Spanish under the noise, Italian in the room and Polish over music; and music, drums,
chords, tones and noise (tests/synth_signals.py). Every take goes through the real model;
the script prints each take's signals (the model's confidence in its words, their prior
with no sound, the bar the confidence must reach: speakprep.services.analyze), for each
take not English or refused how far the reading of its foreground alone is above its bar
(``fg margin``: speakprep.core.foreground, which must clear it by FOREGROUND_MARGIN), and
whether it is refused; then the English take closest to its bar and the other take
closest to its: the margin on each side.
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
from speakprep.core.foreground import foreground  # noqa: E402
from speakprep.core.models import Transcript  # noqa: E402
from speakprep.services.analyze import (  # noqa: E402
    FOREGROUND_MARGIN,
    Engine,
    NoSpeechError,
    _logprob_bar,
)
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
# Another answer, in eight more languages, one voice each; then five of all these read under
# the conditions an English answer is heard in (a TV, noise, a room) or over music.
MORE_OTHER = {
    "nl": "Ik werk nu drie jaar in een bakkerij en later wil ik met mijn broer een eigen zaak "
    "openen.",
    "pt": "Trabalho há três anos numa padaria e mais tarde quero abrir o meu próprio negócio "
    "com o meu irmão.",
    "sv": "Jag har arbetat tre år på ett bageri och senare vill jag öppna ett eget företag med "
    "min bror.",
    "ru": "Я работаю в пекарне уже три года, а потом хочу открыть своё дело вместе с братом.",
    "tr": "Üç yıldır bir fırında çalışıyorum ve ileride kardeşimle kendi işimi açmak istiyorum.",
    "cs": "Tři roky pracuji v pekárně a později si chci s bratrem otevřít vlastní podnik.",
    "hu": "Három éve dolgozom egy pékségben, és később saját vállalkozást szeretnék nyitni a "
    "bátyámmal.",
    "id": "Saya sudah tiga tahun bekerja di toko roti dan nanti saya ingin membuka usaha "
    "sendiri bersama kakak saya.",
}
MORE_VOICES = ("+m3", "+f2")
OTHER_CONDITIONS = {"de": "tv", "fr": "tv", "es": "noise", "it": "reverb", "pl": "music"}
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
    for k, (language, text) in enumerate(MORE_OTHER.items()):
        voice = language + MORE_VOICES[k % len(MORE_VOICES)]
        out.append((voice, False, speak(text, voice, 160)))
    for k, (language, condition) in enumerate(OTHER_CONDITIONS.items()):
        y = speak(OTHER[language], language)
        rng = np.random.default_rng(300 + k)
        if condition == "music":
            heard = sig.mix(y, sig.music(), 10.0)
        else:
            heard = apply_condition(y, condition, rng, float(np.sqrt(np.mean(y**2))))
        out.append((f"{language} {condition}", False, heard))
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
    print(
        "     take                              refused  heard/words  mean   prior    bar"
        "  fg margin"
    )
    worst: dict[bool, list[tuple[float, str]]] = {True: [], False: []}
    worst_foreground: list[tuple[float, str]] = []
    for name, english, samples in extra + takes():
        refused, raw, mean, prior, bar = reading(engine, samples)
        evidence = raw.evidence
        heard = f"{evidence.words if evidence else 0}/{len(raw.words)}"
        # The reading of the foreground alone, which judges a take heard but unclear.
        again = None if english and not refused else foreground_margin(engine, samples)
        print(
            f"{'EN ' if english else 'NOT'}  {name:34s} {refused!s:7s} {heard:>9s}  "
            f"{fmt(mean)} {fmt(prior)} {bar:6.3f}  {fmt(again)}",
            flush=True,
        )
        if mean is not None:
            worst[english].append((mean - bar, name))
        if again is not None and not english:
            worst_foreground.append((again, name))
    print(
        "English, lowest confidence above its bar:", fmt(min(worst[True])[0]), min(worst[True])[1]
    )
    if worst[False]:
        top = max(worst[False])
        print("Not English, highest confidence above its bar:", fmt(top[0]), top[1])
    if worst_foreground:
        top = max(worst_foreground)
        print(
            "Not English, foreground alone, highest above its bar:",
            fmt(top[0]),
            top[1],
            f"(needs {FOREGROUND_MARGIN:+.2f})",
        )


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


def foreground_margin(engine: Engine, samples: np.ndarray) -> float | None:
    """How far the model's confidence in its words for the foreground of ``samples``
    (speakprep.core.foreground) is above their bar; None for no heard word."""
    raw = engine.transcriber.transcribe(foreground(samples, SR))
    mean = raw.evidence.mean_logprob if raw.evidence else None
    if mean is None:
        return None
    return mean - _logprob_bar(engine.transcriber.text_prior(" ".join(w.text for w in raw.words)))


def fmt(value: float | None) -> str:
    return "  None" if value is None else f"{value:6.3f}"


if __name__ == "__main__":
    main()
