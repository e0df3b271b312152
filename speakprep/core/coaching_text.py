"""The texts of "Your next take", as data: ``assets/coaching.toml`` read and checked.

Each step has titles and texts with {placeholders} (:mod:`speakprep.core.coaching_words`
fills them with the user's own words); a step may read as a ``part`` of "Answer the
question", whose ``group`` names the steps it starts from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from speakprep.core.datafile import DataFileError, load_toml

CoachingError = DataFileError  # coaching.toml missing, not TOML, or not shaped as documented

GROUP_STEP = "answer"  # the content changes offered together when none moves the score alone


@dataclass(frozen=True, slots=True)
class StepText:
    titles: tuple[str, ...]
    texts: tuple[str, ...]
    part: str = ""  # how the step reads inside "Answer the question": "a short-term goal"
    group: tuple[str, ...] = ()  # the steps "Answer the question" starts from


@dataclass(frozen=True, slots=True)
class Coaching:
    steps: Mapping[str, StepText]  # in the file's order: it breaks ties between equal gains
    where: Mapping[str, str]
    max_steps: int = 3
    quote_words: int = 12


def load_coaching(path: Path | None = None) -> Coaching:
    """Read the coaching texts; the packaged ``coaching.toml`` when ``path`` is None."""
    data, name = load_toml(path, "coaching.toml")
    steps: dict[str, StepText] = {}
    for step_id, table in _table(data, "steps", name).items():
        where = f"{name}: [steps.{step_id}]"
        titles = table.get("titles", [table.get("title")])
        texts = table.get("texts")
        if not _strings(titles) or not _strings(texts):
            raise CoachingError(f"{where} needs a title (or titles) and a list of texts")
        part, group = table.get("part", ""), table.get("group", [])
        if not isinstance(part, str) or not isinstance(group, list):
            raise CoachingError(f"{where}: part must be a text and group a list of step ids")
        steps[step_id] = StepText(tuple(titles), tuple(texts), part, tuple(map(str, group)))
    where_words = _table(data, "where", name)
    if not _strings(list(where_words.values())):
        raise CoachingError(f"{name}: [where] must map names to texts")
    return Coaching(
        steps=steps,
        where=dict(where_words),
        max_steps=int(data.get("max_steps", 3)),
        quote_words=int(data.get("quote_words", 12)),
    )


@lru_cache(maxsize=1)
def default_coaching() -> Coaching:
    return load_coaching()


def _table(data: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise CoachingError(f"{name}: [{key}] is missing or not a table")
    return value


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
