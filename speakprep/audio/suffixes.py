"""The file name endings speakprep reads as recordings, apart from the decoder that reads them.

Naming a recording needs no decoder: the CLI refuses an output named like one
(``services.library.refused_output``), a batch picks a folder's recordings and the app's
file dialog filters by them. Kept here, they cost none of :mod:`speakprep.audio.files`'
imports (PyAV and numpy: 40-70 ms of CPU).
"""

from __future__ import annotations

__all__ = ["SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus", ".webm", ".aac")
"""File name endings load_audio accepts (case-insensitive); each is tested with a real file."""
