"""How a take's date reads on screen and in exports, in the user's local time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta


def local_naive(when: datetime) -> datetime:
    """``when`` as a naive local time (storage may hand back aware UTC or naive local)."""
    if when.tzinfo is not None:
        return when.astimezone().replace(tzinfo=None)
    return when


def format_take_date(when: datetime, now: datetime, *, in_sentence: bool = False) -> str:
    """ "Today 09:41", "Yesterday 18:45", "22 Nov" this year, "22 Nov 2025" before: the one
    way a take's date reads on every screen ("today 09:41" ``in_sentence``).

    History said "Today 09:41" and Compare, of the same take, "22 Nov 2026, 09:41": a new
    user took them for two takes."""
    when, now = local_naive(when), local_naive(now)
    day = when.date()
    if day == now.date():
        text = f"Today {when:%H:%M}"
    elif day == now.date() - timedelta(days=1):
        text = f"Yesterday {when:%H:%M}"
    else:
        short = f"{when.day} {when:%b}"
        return short if when.year == now.year else f"{short} {when.year}"
    return text[0].lower() + text[1:] if in_sentence else text


def format_take_when(when: datetime) -> str:
    """The full date for tooltips: "Sunday 22 November 2026, 09:41"."""
    when = local_naive(when)
    return f"{when:%A} {when.day} {when:%B %Y, %H:%M}"


def take_labels(whens: Sequence[datetime]) -> list[str]:
    """The label under each take of a trend, oldest first: its number and when.

    "Take 3 · 14:05" when every take is from one day, "Take 3 · 9 Nov" when each day has
    one take, "Take 3 · 9 Nov 14:05" when a day has several.
    """
    local = [local_naive(w) for w in whens]
    days = [w.date() for w in local]
    one_day = len(set(days)) == 1
    shared = len(set(days)) < len(days)
    out = []
    for n, when in enumerate(local, 1):
        if one_day:
            at = f"{when:%H:%M}"
        else:
            at = f"{when.day} {when:%b}" + (f" {when:%H:%M}" if shared else "")
        out.append(f"Take {n} · {at}")
    return out
