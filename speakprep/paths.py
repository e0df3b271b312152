"""Where speakprep keeps the user's things: one object built once at startup.

Everything lives under one data folder chosen with platformdirs (for example
``~/.local/share/speakprep`` on Linux). ``--data-dir`` replaces it, which is how tests and
portable installs keep their takes apart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from speakprep.fsutil import os_reason

APP_NAME = "speakprep"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The folders and files of one speakprep data folder. Nothing is created until ``ensure``."""

    data_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        from platformdirs import user_data_path

        return cls(user_data_path(APP_NAME, appauthor=False))

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """``data_dir`` if given, else ``$SPEAKPREP_DATA_DIR``, else the platform's folder."""
        chosen = data_dir or os.environ.get("SPEAKPREP_DATA_DIR")
        if chosen:
            return cls(Path(chosen).expanduser().resolve())
        return cls.default()

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"

    @property
    def database(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs_dir / "speakprep.log"

    @property
    def lock_file(self) -> Path:
        """Held by the desktop app while it runs, so that a second one on this folder stops."""
        return self.data_dir / "speakprep.lock"

    @property
    def talking_points(self) -> Path:
        return self.data_dir / "talking_points.json"

    @property
    def models_dir(self) -> Path:
        """Speech models the user downloaded (``speakprep models download``), one folder each."""
        return self.data_dir / "models"

    @property
    def downloads_dir(self) -> Path:
        """Downloads in progress: resumable ``.part`` files, moved into ``models_dir`` whole."""
        return self.data_dir / "downloads"

    def owns(self, path: Path) -> bool:
        """Whether ``path`` is one of the data folder's own files (the history, settings,
        talking points), existing or not: no output the user names may write there. An
        existing one is also compared as a file (``samefile``): ``resolve`` folds no case, so
        on a case-insensitive disk DATA/Preferences.JSON, or a hard link, named it unseen."""
        own = (self.database, self.preferences, self.talking_points)
        return path.resolve() in {p.resolve() for p in own} or any(
            same_existing(path, p) for p in own
        )

    @property
    def preferences(self) -> Path:
        return self.data_dir / "preferences.json"

    def unusable(self, exc: OSError) -> str:
        """One line saying why the data folder cannot be used, ``exc`` being what creating
        it raised. A file in its place reads as such, not as the kernel's "file exists"."""
        folder = self.data_dir
        # The folder that could not be made: the data folder, or one inside it (recordings).
        made = Path(exc.filename) if exc.filename else folder
        reason = None
        if made.exists() and not made.is_dir():
            where = "it" if made == folder else f"{made.name} in it"
            reason = f"{where} is a file, not a folder"
        return f"Cannot use the data folder {folder}: {reason or os_reason(exc)}."

    def ensure(self) -> AppPaths:
        """Create the folders (not the files); returns self."""
        for folder in (self.data_dir, self.recordings_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def same_existing(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` both exist and are one file (False when either cannot be read)."""
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False
