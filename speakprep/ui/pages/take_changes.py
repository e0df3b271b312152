"""What changed between two takes: each figure and each check, judged better or worse.

Pure functions of two reports and the bands (no widgets); the compare and progress views
render what they return.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from speakprep.core.delivery import judge_report
from speakprep.core.models import CheckResult, Delivery, Report
from speakprep.core.score import DELIVERY_CHECKS, tally_checks
from speakprep.core.settings import AnalysisSettings, ChangeSettings
from speakprep.core.units import clock_text, whole_seconds
from speakprep.palette import STATUS_SYMBOLS
from speakprep.render.text import STATUS_WORDS, TOO_SHORT_TO_RATE, band_change, check_word

Direction = Literal["better", "worse", "same"]
UP, DOWN = "▲", "▼"
_RANK = {"fail": 0, "warn": 1, "pass": 2}
RATE_KEYS = frozenset({"pace", "fillers"})  # rates a take too short to rate has not got


@dataclass(frozen=True, slots=True)
class FigureChange:
    """One figure before and after; ``direction`` is None when either take lacks it."""

    key: str  # "speaking", "pace", "fillers", "long_pauses", "score", "checks"
    name: str
    before: str
    after: str
    change: str  # "▼ 0:39", "no change", "—"
    direction: Direction | None


@dataclass(frozen=True, slots=True)
class CheckChange:
    id: str
    title: str
    before: str  # "✓ Met", or "—" when the earlier take did not run the check
    after: str
    after_status: str | None
    direction: Direction | None
    advice: str = ""  # the one line of advice the results page shows under the check


def band_distance(value: float, low: float, high: float) -> float:
    """How far ``value`` lies outside ``[low, high]`` (0 inside)."""
    return low - value if value < low else value - high if value > high else 0.0


Judge = Callable[[float, float], Direction]


def higher_is_better(before: float, after: float) -> Direction:
    if round(after - before, 6) == 0:
        return "same"
    return "better" if after > before else "worse"


def lower_is_better(before: float, after: float) -> Direction:
    return higher_is_better(-before, -after)


def toward_band(low: float, high: float) -> Judge:
    """Closer to ``[low, high]`` is better; moving about inside it is neither."""

    def judge(before: float, after: float) -> Direction:
        return lower_is_better(band_distance(before, low, high), band_distance(after, low, high))

    return judge


# The figure names of ``[changes.meaningful]`` in analysis.toml, by row key.
SETTING_KEYS = {
    "speaking": "speaking_s",
    "time": "speaking_s",
    "pace": "wpm",
    "fillers": "fillers_per_minute",
    "long_pauses": "long_pauses",
    "voice": "pitch_range_semitones",
    "score": "score",
    "checks": "checks",
    "pitfalls": "checks",  # a pitfall is a check: one found or gone is a change
}


@dataclass(frozen=True, slots=True)
class FigureFormat:
    """How one figure is shown: its rounding and its text, kept together so a change is
    worked out between the figures shown. 0:21 (20.6 s) -> 0:19 (19.4 s) read "▼ 0:01"
    beside them, a sum a new user checks. Compare's table and Progress's cards use both."""

    shown: Callable[[float], float]
    text: Callable[[float], str]


# By the figure names of ``[changes.meaningful]`` (SETTING_KEYS' values).
FORMATS: dict[str, FigureFormat] = {
    "speaking_s": FigureFormat(lambda v: float(whole_seconds(v)), clock_text),
    "wpm": FigureFormat(lambda v: float(round(v)), lambda v: f"{v:.0f} wpm"),
    "fillers_per_minute": FigureFormat(lambda v: round(v, 1), lambda v: f"{v:.1f}"),
    "pitch_range_semitones": FigureFormat(lambda v: round(v, 1), lambda v: f"{v:.1f} semitones"),
}


def describe_change(
    before: float,
    after: float,
    fmt: Callable[[float], str],
    judge: Judge,
    changes: ChangeSettings,
    figure: str,
) -> tuple[str, Direction]:
    """("▼ 0:39", "better"), or ("no change", "same") when the change does not show in the
    figure's own format ("0:00", "0.0"); a change under the meaningful threshold keeps its
    arrow but is judged "same", so only real changes are coloured. ``before`` and
    ``after`` count as shown (:data:`FORMATS`)."""
    shown = FORMATS.get(figure)
    if shown is not None:
        before, after = shown.shown(before), shown.shown(after)
    delta = after - before
    amount = fmt(abs(delta))
    if round(delta, 6) == 0 or amount == fmt(0.0):
        return "no change", "same"
    direction = judge(before, after) if changes.matters(figure, delta) else "same"
    return f"{UP if delta > 0 else DOWN} {amount}", direction


def figure_changes(a: Report, b: Report, settings: AnalysisSettings) -> list[FigureChange]:
    """How each delivery figure, the score, the checks met and the pitfalls found moved from
    ``a`` to ``b``.

    Fewer long pauses are better; speaking time, pace and fillers are better when closer to
    their good band (a change inside the band is neither: 0.0 -> 2.9 fillers a minute are
    both good and score the same, and a new user read a red "worse" there as a step back),
    and so is the voice's pitch range nearer "varied" (a row only when a take has one: a
    monotone voice costs points, and a score that rose by them with nothing in the table to
    say why puzzled a new user); a higher score, more checks met and fewer pitfalls found are
    better.
    """
    st, pace = settings.speaking_time, settings.pace
    varied = settings.voice.monotone_below_semitones

    def rate(figure: Callable[[Delivery], float]) -> Callable[[Report], float | None]:
        # No rate of a take too short to rate: its side reads so, and nothing is judged.
        return lambda r: (
            None if r.delivery is None else st.rate_shown(figure(r.delivery), r.delivery.speaking_s)
        )

    def whole(v: float) -> str:
        return f"{v:.0f}"

    # key, name, the figure of a report (None: not measured), its format, the judge.
    rows = (
        (
            "speaking",
            "Speaking time",
            _timed(lambda d: d.speaking_s),
            FORMATS["speaking_s"].text,
            toward_band(st.too_short_below_s, st.target_s),
        ),
        (
            "pace",
            "Pace",
            rate(lambda d: d.wpm),
            FORMATS["wpm"].text,
            toward_band(pace.good_min_wpm, pace.good_max_wpm),
        ),
        (
            "fillers",
            "Fillers per minute",
            rate(lambda d: d.fillers_per_minute),
            FORMATS["fillers_per_minute"].text,
            toward_band(0.0, settings.fillers.good_max_per_minute),
        ),
        (
            "long_pauses",
            "Long pauses",
            _timed(lambda d: len(d.long_pauses)),
            whole,
            lower_is_better,
        ),
        (
            "voice",
            "Voice (pitch range)",
            _pitch_range,
            FORMATS["pitch_range_semitones"].text,
            toward_band(varied, math.inf),
        ),
        ("score", "Score", lambda r: r.score.total, whole, higher_is_better),
        ("checks", "Checks met", lambda r: _passed(r)[0], whole, higher_is_better),
        # History counts them beside the checks met: a pitfall gone said nothing here.
        ("pitfalls", "Pitfalls found", _pitfalls, whole, lower_is_better),
    )
    out = []
    for key, name, figure, fmt, judge in rows:
        before, after = figure(a), figure(b)
        if key == "voice" and before is None and after is None:
            continue  # neither take's pitch was measured
        if before is None or after is None:
            # The side that has the figure still shows it; nothing is judged.
            was = _unrated(a, key, settings) if before is None else fmt(before)
            now = _unrated(b, key, settings) if after is None else fmt(after)
            out.append(FigureChange(key, name, was, now, "—", None))
            continue
        change, direction = describe_change(
            before, after, fmt, judge, settings.changes, SETTING_KEYS[key]
        )
        out.append(FigureChange(key, name, fmt(before), fmt(after), change, direction))
    # "7 of 11": the totals may differ when the rubric changed between the takes.
    (pa, ta), (pb, tb) = _passed(a), _passed(b)
    at = next(i for i, f in enumerate(out) if f.key == "checks")
    out[at] = replace(out[at], before=f"{pa} of {ta}", after=f"{pb} of {tb}")
    return out


def check_changes(a: Report, b: Report) -> list[CheckChange]:
    """Each check either take ran, in the later take's order: status before → after."""
    before = {c.id: c for c in a.content.checks if c.applies}
    after = {c.id: c for c in b.content.checks if c.applies}
    order = list(after) + [i for i in before if i not in after]
    out = []
    for check_id in order:
        x, y = before.get(check_id), after.get(check_id)
        shown = y or x  # the later take's wording, the earlier's when only it ran the check
        assert shown is not None  # the id came from one of them
        direction: Direction | None = None
        if x is not None and y is not None:
            direction = higher_is_better(_RANK[x.status], _RANK[y.status])
        out.append(
            CheckChange(
                check_id,
                shown.title,
                _status(x, a.delivery),
                _status(y, b.delivery),
                y.status if y else None,
                direction,
                shown.advice,
            )
        )
    return out


def band_change_compared(a: Report, b: Report, settings: AnalysisSettings) -> str:
    """Why the speaking-time check's row can disagree with the speaking-time figure above it
    ("" when it does not). The figure is judged by ``settings`` (the user's target now); each
    check keeps the verdict its take was analysed with. Found as a new user: after the target
    went from 90 s to 30 s, Compare said "0:33 → 0:28 better" over "30 to 90 seconds:
    ✓ Met → ✗ Too short", with nothing to say why."""
    title, moved = "", []
    for which, report in (("before", a), ("after", b)):
        check = next((c for c in report.content.checks if c.id in DELIVERY_CHECKS), None)
        if check is None:
            continue
        changed = band_change(check, judge_report(report, settings).delivery)
        if changed is not None:
            title = check.title
            moved.append(f"the {which} take is {STATUS_WORDS.get(changed[1], changed[1])}")
    if not moved:
        return ""
    return (
        f"“{title}” keeps the verdict each take was analysed with. By your target now "
        f"({clock_text(settings.speaking_time.target_s)}), {' and '.join(moved)}, as What "
        "changed says. Open a take and press Analyse again to judge it by your target."
    )


def _status(check: CheckResult | None, delivery: Delivery | None) -> str:
    if check is None:
        return "—"
    return f"{STATUS_SYMBOLS.get(check.status, '')} {check_word(check, delivery)}".strip()


def _unrated(report: Report, key: str, settings: AnalysisSettings) -> str:
    """What a figure row shows for a take without that figure: "too short to rate" for a
    rate of a take that spoke too little for one, as every page says, else "—"."""
    d = report.delivery
    short = d is not None and settings.speaking_time.too_short_to_rate(d.speaking_s)
    return TOO_SHORT_TO_RATE if key in RATE_KEYS and short else "—"


def _timed(figure: Callable[[Delivery], float]) -> Callable[[Report], float | None]:
    return lambda r: None if r.delivery is None else float(figure(r.delivery))


def _pitch_range(report: Report) -> float | None:
    voice = report.delivery.voice if report.delivery is not None else None
    return None if voice is None else voice.pitch_range_semitones


def _pitfalls(report: Report) -> int:
    return tally_checks(report.content.checks).pitfalls_found


def _passed(report: Report) -> tuple[int, int]:
    # The one count every screen shows (required checks met, of those that apply).
    tally = tally_checks(report.content.checks)
    return tally.met, tally.required
