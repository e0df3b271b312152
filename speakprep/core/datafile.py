"""Reading the TOML data files (bands, rubric, filler lexicon): one reader, one error type.

Every file is read the same way, from the packaged ``speakprep.assets`` or from a path the
user gave, and every problem (missing, unreadable, not UTF-8, not TOML, the wrong shape)
is a :class:`DataFileError` whose ``str()`` is one line that names the file.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any


class DataFileError(ValueError):
    """A data file that cannot be used; ``str()`` is one line for a person, naming the file."""


def load_toml(path: str | Path | None, packaged: str) -> tuple[dict[str, Any], str]:
    """The table in ``path`` (None: the packaged ``speakprep.assets/<packaged>``) and its name.

    Raises:
        DataFileError: the file is missing, unreadable, not UTF-8 or not valid TOML.
    """
    name = packaged if path is None else str(path)
    try:
        if path is None:
            raw = resources.files("speakprep.assets").joinpath(packaged).read_bytes()
        else:
            raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{name}: file not found") from None
    except OSError as exc:
        raise DataFileError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(raw.decode("utf-8")), name
    except UnicodeDecodeError:
        raise DataFileError(f"{name}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{name}: not valid TOML ({exc})") from None
