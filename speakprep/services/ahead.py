"""The model's checks of a take's words, run on the words so far while the rest is transcribed.

A whole-file analysis transcribes the take window by window, then checks the words with the
model again (the filler evidence, a long pause heard without the pause). Those checks of
window k need only the words up to k, and the model keeps what they found
(``Transcriber.filler_evidence`` by the stretch heard): run while window k + 1 is
transcribed, on the model's other replica, they leave the analysis after transcription
only what they have not seen. The analysis still decides on the whole take, from the same
evidence, so the report is the one it gives without this; only the time differs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

from speakprep.core.models import Transcript

__all__ = ["CheckAhead"]

log = logging.getLogger(__name__)

# prepare(words so far, checked_s, stop): the words up to checked_s were checked by an
# earlier call; work that ends early when stop is set.
Prepare = Callable[[Transcript, float, threading.Event], None]


class CheckAhead:
    """Runs ``prepare`` on its own thread on the newest words offered (older offers it has
    not started are dropped: the newest holds their words too) until closed, telling it
    how far the words it was given before reached (``recording_s``).

    Use as a context manager around the transcription; leaving it stops the work (a
    ``prepare`` in progress is told to stop) and waits for the thread.
    """

    def __init__(self, prepare: Prepare) -> None:
        self._prepare = prepare
        self._offered: Transcript | None = None
        self._checked_s = 0.0
        self._changed = threading.Condition()
        # Set on leaving: closes the offers and tells a prepare in progress to stop.
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="speakprep-ahead", daemon=True)

    def __enter__(self) -> CheckAhead:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._changed:
            self._stop.set()
            self._changed.notify()
        self._thread.join()

    def offer(self, words: Transcript) -> None:
        """The words so far (``recording_s``: up to where they were transcribed)."""
        with self._changed:
            self._offered = words
            self._changed.notify()

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._offered is None and not self._stop.is_set():
                    self._changed.wait()
                words, self._offered = self._offered, None
            if words is None or self._stop.is_set():
                return
            try:
                self._prepare(words, self._checked_s, self._stop)
            except Exception:  # only a head start: the analysis does it all again
                log.exception("checking the words so far failed")
            self._checked_s = words.recording_s or 0.0
