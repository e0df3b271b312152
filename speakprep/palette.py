"""Colours and names shared by every view of a report: the app, the HTML export, the docs.

Label colours come from the Okabe-Ito palette, which stays distinguishable for the common
forms of colour blindness; each band also carries its name in the legend and tooltips, so
colour is never the only cue.
"""

from __future__ import annotations

import re

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

# -- Screen colours by role, for a light and a dark desktop -------------------------------
# ``speakprep.ui.theme`` picks the table that matches the desktop's palette; the HTML export
# uses the light one. Keys are "group.role"; every colour of the app is named here once.
_DATA_LIGHT: dict[str, str] = {
    **{f"band.{label}": hex_str for label, hex_str in LABEL_COLORS.items()},
    **{f"status.{status}": hex_str for status, hex_str in STATUS_COLORS.items()},
    "text.on_band": TEXT_ON_LABEL,
    "timeline.filler": FILLER_COLOR,
    "timeline.pause": PAUSE_COLOR,
    "timeline.long_pause": LONG_PAUSE_COLOR,
    "timeline.loudness": LOUDNESS_COLOR,
    "timeline.target": TARGET_COLOR,
    "timeline.playhead": PLAYHEAD_COLOR,
}

LIGHT: dict[str, str] = {
    **_DATA_LIGHT,
    "surface.window": "#F9FAFB",
    "surface.card": "#FFFFFF",
    "surface.raised": "#F9FAFB",  # a neutral card inside a card
    "surface.hover": "#F3F4F6",
    "surface.selected": "#DBEAFE",
    "text.ink": "#111827",  # headings and figures
    "text.body": "#374151",  # body text
    "text.soft": "#4B5563",  # hints and captions read in passing
    "text.muted": "#6B7280",  # secondary lines
    "text.on_accent": "#FFFFFF",  # on a filled button (record, nav)
    "text.on_status": "#FFFFFF",  # on a pass / warn / fail badge
    "line.hairline": "#E5E7EB",  # dividers and card borders
    "line.faint": "#F3F4F6",  # row separators
    "accent.focus": "#2563EB",  # keyboard focus ring, links
    "accent.focus_soft": "#93C5FD",
    "nav.active": "#1F2937",
    "nav.active_text": "#FFFFFF",
    "record.idle": "#DC2626",
    "record.idle_hover": "#B91C1C",
    "record.busy": "#1F2937",
    "record.busy_hover": "#111827",
    "record.disabled": "#D1D5DB",
    "banner.info.bg": "#EFF6FF",
    "banner.info.fg": "#1E3A8A",
    "banner.info.border": "#BFDBFE",
    "banner.warning.bg": "#FFFBEB",
    "banner.warning.fg": "#78350F",
    "banner.warning.border": "#FDE68A",
    "banner.error.bg": "#FEF2F2",
    "banner.error.fg": "#7F1D1D",
    "banner.error.border": "#FECACA",
    "meter.track": "#E5E7EB",
    "meter.ok": "#16A34A",
    "meter.quiet": "#9CA3AF",
    "meter.loud": "#DC2626",
    "meter.peak": "#374151",
    "clock.calm": CLOCK_CALM,
    "clock.near": CLOCK_NEAR,
    "clock.over": CLOCK_OVER,
    "clock.bar": "#2563EB",
    "clock.track": "#E5E7EB",
    "clock.idle": "#6B7280",
    "clock.tick": "#4B5563",
    "plot.grid": "#EEF0F3",
    "plot.axis": "#D1D5DB",
    "plot.point": "#4B5563",  # a point with no band to judge it by
    "plot.line": LOUDNESS_COLOR,
    # The HTML export's page (always light: it is printed and shared).
    "page.background": "#F3F4F6",
    "page.rule": "#D1D5DB",
    "page.note_rule": "#9CA3AF",
    "page.mark": "#FDE68A",
    # -- results (issue 13): the pace line and the employer-link mark of the timeline
    "timeline.pace": "#7C3AED",
    "timeline.employer": "#0F766E",
    # Behind an "Other" sentence in running text, and its words: the grey band blended
    # toward white (theme.TEXT_TINT_SHARE) on a light desktop.
    "transcript.other": "#EEEFF2",
    "transcript.other_text": TEXT_ON_LABEL,
}

DARK: dict[str, str] = {
    **LIGHT,
    "status.pass": "#4ADE80",
    "status.warn": "#FBBF24",
    "status.fail": "#F87171",
    "timeline.pause": "#9CA3AF",
    "timeline.long_pause": "#F97316",
    "timeline.loudness": "#D1D5DB",
    "timeline.target": "#E5E7EB",
    "timeline.playhead": "#F87171",
    "surface.window": "#16181D",
    "surface.card": "#1E2128",
    "surface.raised": "#252932",
    "surface.hover": "#2A2E37",
    "surface.selected": "#1E3A5F",
    "text.ink": "#F3F4F6",
    "text.body": "#D1D5DB",
    "text.soft": "#B4BAC5",
    "text.muted": "#9CA3AF",
    "text.on_status": "#111827",  # the dark theme's status colours are light
    "line.hairline": "#343844",
    "line.faint": "#2A2E37",
    "accent.focus": "#60A5FA",
    "accent.focus_soft": "#1D4ED8",
    "nav.active": "#E5E7EB",
    "nav.active_text": "#111827",
    "record.busy": "#4B5563",
    "record.busy_hover": "#6B7280",
    "record.disabled": "#374151",
    "banner.info.bg": "#172554",
    "banner.info.fg": "#BFDBFE",
    "banner.info.border": "#1E40AF",
    "banner.warning.bg": "#3A2A0A",
    "banner.warning.fg": "#FDE68A",
    "banner.warning.border": "#92400E",
    "banner.error.bg": "#3B1212",
    "banner.error.fg": "#FECACA",
    "banner.error.border": "#991B1B",
    "meter.track": "#343844",
    "meter.ok": "#22C55E",
    "meter.quiet": "#6B7280",
    "meter.loud": "#EF4444",
    "meter.peak": "#D1D5DB",
    "clock.calm": "#E5E7EB",
    "clock.near": "#FBBF24",
    "clock.over": "#F87171",
    "clock.bar": "#60A5FA",
    "clock.track": "#343844",
    "clock.idle": "#9CA3AF",
    "clock.tick": "#B4BAC5",
    "plot.grid": "#2A2E37",
    "plot.axis": "#4B5563",
    "plot.point": "#B4BAC5",
    "plot.line": "#D1D5DB",
    # -- results (issue 13): the pace line and the employer-link mark of the timeline
    "timeline.pace": "#C4B5FD",
    "timeline.employer": "#2DD4BF",
    # A near-white stroke behind every "Other" sentence glared on a dark card: a raised
    # dark grey with light words instead (10.6:1), still apart from the card around it.
    "transcript.other": "#343844",
    "transcript.other_text": "#F3F4F6",
}

# High contrast: black surfaces, white text, saturated data colours and a yellow focus, for
# low vision and bright rooms; every text role is white or near it (contrast 15:1 or more).
HIGH_CONTRAST: dict[str, str] = {
    **DARK,
    "status.pass": "#5CFF8A",
    "status.warn": "#FFD23F",
    "status.fail": "#FF7A7A",
    "timeline.pause": "#D0D0D0",
    "timeline.loudness": "#FFFFFF",
    "timeline.target": "#FFFFFF",
    "surface.window": "#000000",
    "surface.card": "#000000",
    "surface.raised": "#141414",
    "surface.hover": "#262626",
    "surface.selected": "#003D80",
    "text.ink": "#FFFFFF",
    "text.body": "#FFFFFF",
    "text.soft": "#F0F0F0",
    "text.muted": "#E0E0E0",
    "line.hairline": "#FFFFFF",
    "line.faint": "#808080",
    "accent.focus": "#FFE600",
    "accent.focus_soft": "#FFE600",
    "nav.active": "#FFE600",
    "nav.active_text": "#000000",
    "banner.info.bg": "#000000",
    "banner.info.fg": "#FFFFFF",
    "banner.info.border": "#FFFFFF",
    "banner.warning.bg": "#000000",
    "banner.warning.fg": "#FFE600",
    "banner.warning.border": "#FFE600",
    "banner.error.bg": "#000000",
    "banner.error.fg": "#FF9A9A",
    "banner.error.border": "#FF7A7A",
    "meter.track": "#404040",
    "clock.calm": "#FFFFFF",
    "clock.idle": "#E0E0E0",
    "clock.tick": "#FFFFFF",
    "clock.track": "#404040",
    "plot.grid": "#404040",
    "plot.axis": "#FFFFFF",
    "plot.point": "#FFFFFF",
    "plot.line": "#FFFFFF",
}

# The tables the app can be told to use (Settings → Appearance); "system" follows the desktop.
THEMES: dict[str, dict[str, str]] = {"light": LIGHT, "dark": DARK, "high_contrast": HIGH_CONTRAST}


_ROLE = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)+)\}")


def fill_roles(template: str, table: dict[str, str]) -> str:
    """``template`` (CSS, SVG) with each ``{group.role}`` replaced by its colour in ``table``."""
    return _ROLE.sub(lambda m: table[m.group(1)], template)
