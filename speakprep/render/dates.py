"""How a take's date reads on screen and in exports, in the user's local time."""

from __future__ import annotations

from datetime import datetime, timedelta


def local_naive(when: datetime) -> datetime:
    """``when`` as a naive local time (storage may hand back aware UTC or naive local)."""
    if when.tzinfo is not None:
        return when.astimezone().replace(tzinfo=None)
    return when


def format_take_date(when: datetime, now: datetime) -> str:
    """ "Today 09:41", "Yesterday 18:45", "22 Nov" this year, "22 Nov 2025" before."""
    when, now = local_naive(when), local_naive(now)
    day = when.date()
    if day == now.date():
        return f"Today {when:%H:%M}"
    if day == now.date() - timedelta(days=1):
        return f"Yesterday {when:%H:%M}"
    short = f"{when.day} {when:%b}"
    return short if when.year == now.year else f"{short} {when.year}"


def format_take_when(when: datetime) -> str:
    """The full date for tooltips: "Sunday 22 November 2026, 09:41"."""
    when = local_naive(when)
    return f"{when:%A} {when.day} {when:%B %Y, %H:%M}"


def day_label(when: datetime) -> str:
    """ "9 Nov": the date under a point."""
    when = local_naive(when)
    return f"{when.day} {when:%b}"
