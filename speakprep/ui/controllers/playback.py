"""Plays the take shown on the results screen: play / pause, and play from a clicked time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from speakprep.audio.playback import PlaybackError, Player
from speakprep.ui.pages.results import ResultsView

log = logging.getLogger(__name__)

POLL_MS = 50


class PlaybackController(QObject):
    """Owns one ``Player``; the view's position follows it through a QTimer."""

    def __init__(
        self,
        view: ResultsView,
        player_factory: Callable[[], Player],
        *,
        on_error: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._player_factory = player_factory
        self._on_error = on_error
        self.player: Player | None = None
        self._loaded: Path | None = None
        self._stop_at_s: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        view.play_toggled.connect(self.toggle)
        view.seek_requested.connect(self.play_from)

    def load(self, audio_path: Path | None) -> str | None:
        """Load a take's audio; returns why it cannot be played, or None when it can."""
        self.stop()
        self.player = None
        self._loaded = None
        if audio_path is None:
            return "There is no recording for this report."
        try:
            player = self._player_factory()
        except PlaybackError as err:
            return str(err)
        try:
            player.load_file(audio_path)
        except (PlaybackError, OSError, ValueError) as err:
            log.warning("cannot play %s: %s", audio_path, err)
            return f"The recording cannot be played: {err}"
        self.player = player
        self._loaded = audio_path
        return None

    def toggle_file(self, audio_path: Path) -> str | None:
        """Play ``audio_path`` from the start, or stop it if it is playing: a recording with
        no report (the history's no-speech list), so no results screen follows it.

        Returns why it cannot be played, or None. Any page change stops it (the navigator's
        ``leaving``), and the results screen loads its own take when it is shown.
        """
        if self.player is not None and self.player.playing and self._loaded == audio_path:
            self.stop()
            return None
        problem = self.load(audio_path)
        if problem is None:
            self.play_from(0.0)
        return problem

    def toggle(self) -> None:
        if self.player is None:
            return
        if self.player.playing:
            self.player.pause()
            self._poll()
        else:
            start = self.player.position_s
            if start >= self.player.duration_s - 0.05:
                start = 0.0
            self.play_from(start)

    def play_range(self, from_s: float, to_s: float) -> None:
        """Play ``from_s`` to ``to_s`` of the take (a drill's filler or pause with context)."""
        self.play_from(from_s)
        self._stop_at_s = to_s

    def play_from(self, seconds: float) -> None:
        self._stop_at_s = None
        if self.player is None:
            return
        try:
            self.player.play(from_s=max(0.0, seconds))
        except PlaybackError as err:
            self._on_error(str(err))
            return
        self._timer.start()
        self._poll()

    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()
        self._timer.stop()

    def _poll(self) -> None:
        player = self.player
        if player is None:
            self._timer.stop()
            return
        if self._stop_at_s is not None and player.position_s >= self._stop_at_s:
            self._stop_at_s = None
            player.pause()
        playing = player.playing
        self.view.set_position(player.position_s, playing=playing)
        if not playing:
            self._timer.stop()
