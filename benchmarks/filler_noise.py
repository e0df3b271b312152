"""Rooms, backgrounds and non-speech events for the spliced filler set (seeded numpy).

``apply_condition`` puts a whole take through a room or background; ``make_event`` makes
one non-speech sound (a notification tone, typing, music, a breath) that goes between
sentences and must never be taken for a filler.
"""

from __future__ import annotations

import numpy as np

SR = 16_000
CONDITIONS = (
    "clean",
    "noise",
    "hum",
    "reverb",
    "tv",
    "tones",
    "typing",
    "music",
    "breaths",
    "quiet",
    "loud",
)
NOISE_FLOOR_RMS = 0.0008  # about -62 dBFS, a quiet room through a cheap microphone


def apply_condition(
    audio: np.ndarray, condition: str, rng: np.random.Generator, speech_rms: float
) -> np.ndarray:
    """``audio`` as heard in ``condition``, float32, never clipping."""
    y = audio.astype(np.float64)
    if condition == "noise":  # pink-ish noise 15 dB under the speech
        y = y + _pink(y.size, rng) * speech_rms * 10 ** (-15 / 20)
    elif condition == "hum":  # mains hum with harmonics, loud as a cheap USB microphone
        t = np.arange(y.size) / SR
        hum = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 2, 3, 5))
        y = y + hum * speech_rms * 0.5
    elif condition == "reverb":  # a small hard room, RT60 0.5 s
        y = _reverb(y, rng, rt60_s=0.5)
    elif condition == "tv":  # another voice in the room, 12 dB under the speaker
        y = y + _background_speech(y.size, rng) * speech_rms * 10 ** (-12 / 20)
    y = y + rng.normal(0.0, NOISE_FLOOR_RMS, y.size)
    peak = float(np.max(np.abs(y)))
    if condition == "quiet":
        y = y / peak * 10 ** (-30 / 20)
    elif condition == "loud" or peak > 0.99:
        y = y / peak * 10 ** (-1 / 20)
    return y.astype(np.float32)


def make_event(
    kind: str, rng: np.random.Generator, speech_rms: float, *, varied: bool = False
) -> np.ndarray:
    """One non-speech sound about as loud as the speech.

    ``varied`` draws each event's notes, rates, lengths and shapes at random (for a fresh
    held-out draw); without it the events are those the set was first made with.
    """
    y = _varied_event(kind, rng) if varied else _event(kind, rng)
    return (y / np.sqrt(np.mean(y**2)) * speech_rms * 0.7).astype(np.float32)


def _event(kind: str, rng: np.random.Generator) -> np.ndarray:
    if kind == "tones":  # a two-note notification chime
        notes = [_tone(f, 0.15, decay_s=0.08) for f in rng.choice([660, 880, 1320, 988], 2)]
        return np.concatenate(notes)
    if kind == "typing":  # key clicks, 6-10 a second, for 1.5 s
        return _typing(rng, 1.5, (0.1, 0.17), click_s=0.012, decay=40)
    if kind == "music":  # three chords of harmonic notes over a beat, 3 s
        chords = ([220, 277, 330], [196, 247, 294], [175, 220, 262])
        return _music(rng, chords, 1.0, harmonics=4, beat_s=0.5)
    if kind == "breaths":  # an in-breath: breathy noise, 0.5 s, swelling and fading
        return _breath(rng, 0.5, smooth=8, peak_at=0.5)
    raise ValueError(f"unknown event {kind!r}")


def _varied_event(kind: str, rng: np.random.Generator) -> np.ndarray:
    if kind == "tones":  # two or three notes of a chime, a marimba or a beep
        notes = rng.choice([523, 587, 698, 784, 1046, 1175, 1568, 2093], int(rng.integers(2, 4)))
        length, decay = rng.uniform(0.08, 0.3), rng.uniform(0.04, 0.2)
        harmonics = int(rng.integers(1, 4))
        return np.concatenate([_tone(f, length, decay_s=decay, harmonics=harmonics) for f in notes])
    if kind == "typing":  # 5-12 key clicks a second, duller or sharper keys
        return _typing(
            rng,
            rng.uniform(0.8, 2.2),
            tuple(sorted(rng.uniform(0.06, 0.22, 2))),
            click_s=rng.uniform(0.006, 0.025),
            decay=rng.uniform(15, 80),
        )
    if kind == "music":  # two to four chords in another key and tempo
        root = rng.uniform(140, 300)
        steps = ([0, 4, 7], [5, 9, 12], [7, 11, 14], [-3, 0, 4], [2, 5, 9])
        picks = rng.choice(len(steps), int(rng.integers(2, 5)))
        chords = [[root * 2 ** (k / 12) for k in steps[i]] for i in picks]
        return _music(
            rng,
            chords,
            rng.uniform(0.5, 1.1),
            harmonics=int(rng.integers(2, 7)),
            beat_s=rng.uniform(0.3, 0.7),
        )
    if kind == "breaths":  # in- or out-breaths, 0.3-0.9 s, hissier or duller
        return _breath(
            rng,
            rng.uniform(0.3, 0.9),
            smooth=int(rng.integers(3, 20)),
            peak_at=rng.uniform(0.25, 0.75),
        )
    raise ValueError(f"unknown event {kind!r}")


def _typing(
    rng: np.random.Generator,
    seconds: float,
    every_s: tuple[float, float],
    *,
    click_s: float,
    decay: float,
) -> np.ndarray:
    y = np.zeros(int(seconds * SR))
    n = int(click_s * SR)
    t = 0.0
    while t < seconds - 0.05:
        click = rng.normal(0, 1, n) * np.exp(-np.arange(n) / decay)
        at = int(t * SR)
        y[at : at + click.size] += click[: y.size - at]
        t += rng.uniform(*every_s)
    return y


def _music(
    rng: np.random.Generator,
    chords: list[list[float]] | tuple[list[int], ...],
    chord_s: float,
    *,
    harmonics: int,
    beat_s: float,
) -> np.ndarray:
    y = np.concatenate(
        [
            sum(_tone(f, chord_s, decay_s=0.6, harmonics=harmonics) for f in chord)
            for chord in chords
        ]
    )
    beat = np.zeros_like(y)
    for k in range(0, y.size, int(beat_s * SR)):
        n = min(800, y.size - k)
        beat[k : k + n] += rng.normal(0, 1, n) * np.exp(-np.arange(n) / 150)
    return y + 0.5 * beat


def _breath(rng: np.random.Generator, seconds: float, *, smooth: int, peak_at: float) -> np.ndarray:
    """Breathy noise (white noise smoothed over ``smooth`` samples) swelling to a peak at
    ``peak_at`` of its length and fading."""
    n = int(seconds * SR)
    noise = np.convolve(rng.normal(0, 1, n), np.ones(smooth) / smooth, mode="same")
    t = np.arange(n) / n
    phase = np.where(t < peak_at, t / peak_at, 1 + (t - peak_at) / (1 - peak_at)) / 2
    return noise * np.sin(np.pi * phase) ** 2


def _tone(freq_hz: float, seconds: float, *, decay_s: float, harmonics: int = 1) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    wave = sum(np.sin(2 * np.pi * freq_hz * k * t) / k for k in range(1, harmonics + 1))
    attack = np.minimum(1.0, t / 0.005)
    return wave * attack * np.exp(-t / decay_s)


def _pink(n: int, rng: np.random.Generator) -> np.ndarray:
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    freqs = np.fft.rfftfreq(n, 1 / SR)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0
    y = np.fft.irfft(spectrum, n)
    return y / np.sqrt(np.mean(y**2))


def _reverb(y: np.ndarray, rng: np.random.Generator, *, rt60_s: float) -> np.ndarray:
    n = int(rt60_s * SR)
    t = np.arange(n) / SR
    tail = rng.normal(0, 1, n) * 10 ** (-3 * t / rt60_s) * 0.08
    tail[0] = 1.0
    size = 1 << (y.size + n).bit_length()
    wet = np.fft.irfft(np.fft.rfft(y, size) * np.fft.rfft(tail, size), size)[: y.size]
    return wet * np.sqrt(np.mean(y**2) / max(np.mean(wet**2), 1e-12))


def _background_speech(n: int, rng: np.random.Generator) -> np.ndarray:
    """A TV in the next room: espeak-ng reading, band-limited like a small speaker."""
    import subprocess
    import tempfile
    from pathlib import Path

    import soundfile as sf
    import soxr

    text = (
        "Tonight on the programme we look at the weather across the north, the markets "
        "after a quiet week, and a new bridge that opens to traffic on Monday morning. "
        "First the headlines. Council members met again to discuss the budget for parks."
    )
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "tv.wav"
        subprocess.run(
            ["espeak-ng", "-v", "en-us+f3", "-s", "175", "-w", str(wav), text], check=True
        )
        voice, rate = sf.read(wav, dtype="float32")
    voice = soxr.resample(voice, rate, SR).astype(np.float64)
    reps = int(np.ceil(n / voice.size)) + 1
    start = int(rng.integers(0, voice.size))
    y = np.tile(voice, reps)[start : start + n]
    spectrum = np.fft.rfft(y)
    freqs = np.fft.rfftfreq(y.size, 1 / SR)
    spectrum[(freqs < 200) | (freqs > 5000)] = 0
    y = np.fft.irfft(spectrum, y.size)
    return y / max(np.sqrt(np.mean(y**2)), 1e-12)
