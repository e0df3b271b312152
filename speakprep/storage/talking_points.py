"""The user's talking points, one set per question, in ``talking_points.json``.

Optional notes the practice screen keeps between sessions. A file that cannot be read is
kept aside (``talking_points.json.bad``) and reported; notes are never silently dropped.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, fields
from pathlib import Path

from speakprep.core.talking_points import TalkingPoints
from speakprep.fsutil import atomic_write_text

log = logging.getLogger(__name__)
MAX_NOTE_CHARS = 500  # a few words each: anything longer is not a note


class TalkingPointsStore:
    """Loads and saves each question's :class:`TalkingPoints` (written atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return {}
        except OSError as err:
            self.problem = f"Could not read your talking points ({err.strerror})."
            return {}
        except ValueError as err:  # not JSON, not UTF-8
            return self._set_aside(str(err))
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            return self._set_aside("not a JSON object of questions")
        return data

    def _set_aside(self, why: str) -> dict[str, dict[str, str]]:
        aside = self.path.with_name(self.path.name + ".bad")
        os.replace(self.path, aside)
        self.problem = f"Your talking points could not be read ({why}); kept as {aside.name}."
        log.warning("%s: %s; moved to %s", self.path, why, aside)
        return {}

    def load(self, question_id: str) -> TalkingPoints:
        raw = self._read().get(question_id, {})
        names = {f.name for f in fields(TalkingPoints)}
        return TalkingPoints(
            **{k: v[:MAX_NOTE_CHARS] for k, v in raw.items() if k in names and isinstance(v, str)}
        )

    def save(self, question_id: str, points: TalkingPoints) -> None:
        data = self._read()
        if points.empty:
            data.pop(question_id, None)
        else:
            data[question_id] = {k: v for k, v in asdict(points).items() if v.strip()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n")
