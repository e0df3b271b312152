"""Print the "is this English speech?" signals per take, English answers against the rest.

    python benchmarks/no_speech.py [--threads N] [--compute-type int8|float32]
                                   [--english FILE ...] [--other FILE ...]

(needs espeak-ng and sox.) Builds, in memory and seeded: an English answer written for this
script, read by eight espeak-ng English voices (accents: US, New York, British, RP, Scottish,
Lancaster, Welsh, Caribbean), each clean, in a reverberant room, under TV-like background
speech and under pink noise (benchmarks/filler_noise.py); the same kind of answer in German,
French, Spanish, Polish and Italian, two voices each; another answer in Dutch, Portuguese,
Swedish, Russian, Turkish, Czech, Hungarian and Indonesian; German and French under the TV,
Spanish under the noise, Italian in the room and Polish over music; ten more takes, another
answer in ten more languages read in a room (sox ``reverb``), under noise or a TV (five
"tune" takes the bars may be set on, five "check" takes that only test them); and music, drums,
chords, tones and noise (tests/synth_signals.py). Every take goes through the real model;
the script prints each take's signals (the model's confidence in its words, their prior
with no sound, the bar the confidence must reach: speakprep.services.analyze), for each
take not English or refused how far the reading of its foreground alone is above its bar
(``fg margin``: speakprep.core.foreground, which must clear it by FOREGROUND_MARGIN), and
whether it is refused, and which bar heard it (``path``: "plain" MIN_MEAN_LOGPROB, "prior"
the bar lowered for unlikely text, "fg" the reading of the foreground); then the English take
closest to its bar and the other take closest to its: the margin on each side.
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
    MIN_MEAN_LOGPROB,
    PRIOR_MIN_WORDS,
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
# Issue 11 (session 20): the same kind of answer in ten more languages, each voice in a room
# ("room": sox reverb), under noise or a TV, or clean. "tune" takes may set the bars, "check"
# takes only test them. At int8 check:ro+m3 noise is heard on the prior-lowered bar (+0.07),
# as close to it as the Welsh English of tests/data/unsure_english (+0.08 to +0.18).
ROOM_TAKES = {
    "tune": (
        (
            "nl+f2",
            "room",
            "Op dit moment werk ik als monteur bij een garage, maar over vijf jaar "
            "hoop ik zelf een werkplaats te leiden met een paar collega's.",
        ),
        (
            "af+m3",
            "clean",
            "Ek werk tans as verpleegster in 'n klein hospitaal en oor 'n paar "
            "jaar wil ek graag 'n saalsuster word.",
        ),
        (
            "da+f3",
            "noise",
            "Jeg arbejder som kok på en restaurant, og om nogle år vil jeg gerne "
            "åbne min egen lille café.",
        ),
        (
            "nb+m3",
            "room",
            "Jeg jobber som lærer på en barneskole, og på sikt vil jeg bli rektor "
            "ved en større skole.",
        ),
        (
            "cs+f2",
            "room noise",
            "Pracuji jako účetní v malé firmě a za několik let bych chtěla "
            "vést celé finanční oddělení.",
        ),
    ),
    "check": (
        (
            "lb+m3",
            "clean",
            "Ech schaffen als Elektriker an engem klenge Betrib, a spéider wëll "
            "ech meng eege Firma opmaachen.",
        ),
        (
            "fi+f2",
            "room",
            "Työskentelen nyt myyjänä kaupassa, ja muutaman vuoden päästä "
            "haluaisin johtaa omaa myymälää.",
        ),
        (
            "ro+m3",
            "noise",
            "Lucrez ca asistent medical într-un spital mic și peste câțiva ani "
            "vreau să devin asistent șef.",
        ),
        (
            "sk+f3",
            "room",
            "Pracujem ako kuchár v reštaurácii a o pár rokov by som chcel otvoriť "
            "vlastnú kaviareň.",
        ),
        (
            "is+m3",
            "tv",
            "Ég vinn sem smiður hjá litlu fyrirtæki og eftir nokkur ár langar mig að "
            "stofna mitt eigið fyrirtæki.",
        ),
    ),
}
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


def sox_room(audio: np.ndarray) -> np.ndarray:
    """``audio`` in a reverberant room (sox ``reverb``), float32 peaking at 0.9 at most."""
    with tempfile.TemporaryDirectory() as tmp:
        dry, wet = Path(tmp) / "dry.wav", Path(tmp) / "wet.wav"
        sf.write(dry, audio, SR)
        subprocess.run(
            ["sox", "-q", str(dry), str(wet), "reverb", "70", "50", "100", "100", "20"], check=True
        )
        y, _ = sf.read(wet, dtype="float32")
    y = y.mean(axis=1) if y.ndim > 1 else y
    return (y / max(1.0, float(np.max(np.abs(y))) / 0.9)).astype(np.float32)


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
    k = 0
    for split, voices in ROOM_TAKES.items():
        for voice, condition, text in voices:
            y = speak(text, voice, 155)
            rms = float(np.sqrt(np.mean(y**2)))
            rng = np.random.default_rng(700 + k)
            k += 1
            if condition.startswith("room"):
                y = sox_room(y)
            if condition.endswith(("noise", "tv")):
                y = apply_condition(y, condition.split()[-1], rng, rms)
            out.append((f"{split}:{voice} {condition}", False, y))
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
        "  fg margin  path"
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
            f"{fmt(mean)} {fmt(prior)} {bar:6.3f}  {fmt(again)}  {path(refused, raw, bar)}",
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


def path(refused: bool, raw: Transcript, bar: float) -> str:
    """Which bar heard a take: "plain" (MIN_MEAN_LOGPROB), "prior" (lowered for text the
    model finds unlikely), "fg" (the reading of its foreground); "-" when refused."""
    evidence = raw.evidence
    if refused:
        return "-"
    if evidence is None or evidence.mean_logprob is None:
        return "plain"
    if evidence.mean_logprob >= MIN_MEAN_LOGPROB:
        return "plain"
    if evidence.words >= PRIOR_MIN_WORDS and evidence.mean_logprob >= bar:
        return "prior"
    return "fg"


def fmt(value: float | None) -> str:
    return "  None" if value is None else f"{value:6.3f}"


if __name__ == "__main__":
    main()
