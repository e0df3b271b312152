"""The user's settings: typed values with defaults, kept in one JSON file.

One adapter for the app and the command line alike (no QSettings: the CLI must read the
same model folder and bands without Qt). Values are stored, never widget indexes. A file
that cannot be read is moved aside (``preferences.json.bad``) and reported, not lost.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from speakprep.core.settings import AnalysisSettings
from speakprep.fsutil import atomic_write_text

log = logging.getLogger(__name__)

APPEARANCES = ("system", "light", "dark", "high_contrast")
# How ``Preferences.input_device = None`` reads wherever a microphone is chosen (Settings
# and Practice say it alike).
SYSTEM_DEFAULT_MICROPHONE = "System default microphone"


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the user can change in Settings. ``None`` means "the default"."""

    model: str | None = None  # a faster-whisper model folder or name; None: the bundled tiny.en
    input_device: str | None = None  # the microphone's name; None: the system default
    target_s: float = 90.0
    pace_good_min_wpm: float = 120.0
    pace_good_max_wpm: float = 165.0
    fillers_good_max_per_minute: float = 3.0
    live_caption: bool = False  # show the running caption while recording
    last_question: str | None = None
    company: str = ""
    role: str = ""
    appearance: str = "system"  # "system", "light", "dark" or "high_contrast"
    import_folder: str = ""  # where the import dialog opens; "": the home folder
    export_folder: str = ""  # where the export dialog opens; "": the home folder

    def validated(self) -> Preferences:
        """Raise ``ValueError`` with a sentence for a person if a value makes no sense."""
        if not 10 <= self.target_s <= 900:
            raise ValueError("The target must be between 10 seconds and 15 minutes.")
        if not 40 <= self.pace_good_min_wpm < self.pace_good_max_wpm <= 300:
            raise ValueError(
                "The good pace band needs a lower bound below its upper bound, "
                "both between 40 and 300 words a minute."
            )
        if self.appearance not in APPEARANCES:
            raise ValueError(f"Appearance should be one of {', '.join(APPEARANCES)}.")
        if not 0 <= self.fillers_good_max_per_minute <= 30:
            raise ValueError("The filler limit must be between 0 and 30 a minute.")
        return self

    def analysis_settings(self, base: AnalysisSettings) -> AnalysisSettings:
        """The analysis bands with the user's own target, pace band and filler limit."""
        return base.with_overrides(
            target_s=self.target_s,
            pace=(self.pace_good_min_wpm, self.pace_good_max_wpm),
            fillers_good_max=self.fillers_good_max_per_minute,
        )


class PreferencesStore:
    """Loads and saves ``Preferences`` at ``path`` (written atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None  # set when the file on disk could not be used

    def load(self, *, read_only: bool = False) -> Preferences:
        """The saved preferences, or the defaults (and ``problem`` says why).

        A file that cannot be used is moved aside so the app can save a good one; with
        ``read_only`` (the command line, which never saves settings) it is left in place.
        """
        try:
            # Bytes here, decoded below: a file that is not UTF-8 is corrupt (moved aside), and
            # UnicodeDecodeError is not an OSError.
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Preferences()
        except OSError as err:
            self.problem = f"Could not read your settings ({err.strerror}); using the defaults."
            log.warning("%s: %s", self.path, err)
            return Preferences()
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return _from_dict(data).validated()
        except (ValueError, TypeError) as err:
            if read_only:
                self.problem = f"Your settings file could not be used ({err}); using the defaults."
                log.warning("%s: %s", self.path, err)
                return Preferences()
            aside = self.path.with_name(self.path.name + ".bad")
            os.replace(self.path, aside)
            self.problem = (
                f"Your settings file could not be used ({err}); it was kept as {aside.name} "
                "and the defaults are in use."
            )
            log.warning("%s: %s; moved to %s", self.path, err, aside)
            return Preferences()

    def save(self, prefs: Preferences) -> None:
        prefs.validated()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(asdict(prefs), indent=2, sort_keys=True) + "\n")


def _from_dict(data: dict[str, Any]) -> Preferences:
    """Known keys with the right types; unknown keys (from a newer version) are ignored."""
    out = Preferences()
    for f in fields(Preferences):
        if f.name not in data:
            continue
        value = data[f.name]
        default = getattr(out, f.name)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"{f.name} should be true or false")
        elif isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{f.name} should be a number")
            value = float(value)
        elif isinstance(default, str):
            if not isinstance(value, str):
                raise ValueError(f"{f.name} should be text")
        elif value is not None and not isinstance(value, str):
            raise ValueError(f"{f.name} should be text")
        out = replace(out, **{f.name: value})
    return out
