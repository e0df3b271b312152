"""The process the crash test kills: records a clip from a real-time fake microphone.

Run as ``python -m tests.crash_recorder OUT.wav CLIP.wav``. It prints the number of frames
the fake microphone has delivered after every block, and records until it is killed.
"""

from __future__ import annotations

import sys

import soundfile

from speakprep.audio.capture import Recorder
from tests.fakes import fake_input_factory


def main(argv: list[str]) -> int:
    out, clip = argv[1], argv[2]
    audio, rate_hz = soundfile.read(clip, dtype="int16")
    factory, _mic = fake_input_factory(
        audio,
        default_rate_hz=rate_hz,
        realtime=True,
        on_block=lambda frames: print(frames, flush=True),
    )
    recorder = Recorder(out, stream_factory=factory, sample_rate_hz=rate_hz)
    recorder.start()
    recorder.wait_ended()  # forever: the fake sends silence after the clip, until the kill
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
