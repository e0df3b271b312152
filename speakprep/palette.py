"""Colours and names shared by every view of a report: the app, the HTML export, the docs.

Label colours come from the Okabe-Ito palette, which stays distinguishable for the common
forms of colour blindness; each band also carries its name in the legend and tooltips, so
colour is never the only cue.
"""

from __future__ import annotations

LABEL_COLORS: dict[str, str] = {
    "short_term": "#56B4E9",  # sky blue
    "long_term": "#CC79A7",  # reddish purple
    "plan": "#009E73",  # bluish green
    "other": "#C9CED6",  # neutral grey
}

LABEL_NAMES: dict[str, str] = {
    "short_term": "Short-term goal",
    "long_term": "Long-term goal",
    "plan": "Plan",
    "other": "Other",
}

# Order of the legend and of the answer a listener expects (design.md section 3).
LABEL_ORDER: tuple[str, ...] = ("short_term", "long_term", "plan", "other")

FILLER_COLOR = "#E69F00"  # orange
PAUSE_COLOR = "#6B7280"  # slate
LONG_PAUSE_COLOR = "#D55E00"  # vermillion
LOUDNESS_COLOR = "#374151"
TARGET_COLOR = "#111827"
PLAYHEAD_COLOR = "#DC2626"

STATUS_COLORS: dict[str, str] = {
    "pass": "#15803D",
    "warn": "#B45309",
    "fail": "#B91C1C",
}
STATUS_SYMBOLS: dict[str, str] = {"pass": "✓", "warn": "!", "fail": "✗"}

# The elapsed-time clock: calm until 75 s, amber to the target, red beyond (scaled to the
# user's target).
CLOCK_CALM = "#1F2937"
CLOCK_NEAR = "#B45309"
CLOCK_OVER = "#B91C1C"
CLOCK_NEAR_SHARE = 75 / 90

# Text colours that stay readable on the label colours above.
TEXT_ON_LABEL = "#111827"
