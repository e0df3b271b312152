"""The 0-100 score: a weighted mix of content and delivery, less what a listener notices.

Weights, penalties and verdict bands are data: check weights come from
``assets/rubric.toml``, everything else from ``[score]`` in ``assets/analysis.toml``.
README.md documents the formula with two worked examples:

* content = 100 × (weights of the required checks that pass) / (weights of all required
  checks), minus each found pitfall's weight in points, floored at 0. Only checks that
  apply to the question count; ``within_target`` belongs to delivery, not content.
* delivery = Σ item weight × credit of its status / Σ item weights × 100, over speaking
  time, pace, fillers per minute and long pauses (none: full credit; one: half; more: none);
  a take too short to rate (``Delivery.too_short_to_rate``) has pace and fillers credited
  as good (they cost nothing; the too-short penalty already costs a brief answer).
* total = content_weight × content + delivery_weight × delivery (content alone in text
  mode), minus penalties: a too long / too short / a little long answer, a monotone voice,
  each pair of sentences that say the same thing (capped); floored at 0.
* "Excellent" only for an answer on target in time and content (every required check met,
  no pitfall, speaking time on target) with a lively voice and no repeated content; any
  other answer is held at ``excellent_cap``, so the number and the word always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from speakprep.core.models import CheckResult, CheckStatus, ContentResult, Delivery, Score
from speakprep.core.repetition import repeated_sentences
from speakprep.core.settings import AnalysisSettings, ScoreSettings
from speakprep.core.units import counted

DELIVERY_CHECKS = frozenset({"within_target"})
VERDICT_ORDER = ("excellent", "good", "fair", "weak")

# A delivery status as a check status: "a little" off is worth a look, the far bands are a
# problem. The one table every view colours a delivery figure by (the tiles, the
# speaking-time check, History, Progress, Compare, the exports): the speaking-time check was
# "warn" for any time, off by a little or a lot (the rubric's `secondary` status), so a red
# "too short" tile sat over an amber "! Too short" check; it now takes its time's tone
# (:func:`toned`). The check keeps the status it was judged by when the take was analysed,
# while the tiles judge by the user's bands now: after a band change the two can differ, and
# the results page says so under the check (render.text.band_change_note).
DELIVERY_TONE: Mapping[str, CheckStatus] = {
    "on_target": "pass",
    "good": "pass",
    "a_little_long": "warn",
    "a_little_slow": "warn",
    "a_little_fast": "warn",
    "fair": "warn",
    "too_short": "fail",
    "too_long": "fail",
    "slow": "fail",
    "fast": "fail",
    "high": "fail",
}


@dataclass(frozen=True, slots=True)
class CheckTally:
    """The one checks count every screen and export shows: "3 of 4 met · no pitfalls"."""

    met: int  # required checks that apply and pass
    required: int
    pitfalls_found: int
    pitfalls: int  # pitfalls the question looks for

    @property
    def met_text(self) -> str:
        return f"{self.met} of {self.required} met"

    @property
    def pitfall_text(self) -> str:
        n = self.pitfalls_found
        return "no pitfalls" if not n else f"{counted(n, 'pitfall')} found"

    @property
    def text(self) -> str:
        return f"{self.met_text} · {self.pitfall_text}"

    @property
    def tone(self) -> CheckStatus:
        """The count's colour on the results page and in the exports: "fail" with a pitfall or
        under half met, "pass" with all met, else "warn". The results page coloured it
        by its worst check (a red "5 of 6 met · no pitfalls" for a take only short of time)
        where the export's Checks tile, by this rule, was amber."""
        if self.pitfalls_found or self.met < self.required / 2:
            return "fail"
        return "pass" if self.met == self.required else "warn"


def tally_checks(checks: Sequence[CheckResult]) -> CheckTally:
    """Count the checks that apply: required ones met (status pass), pitfalls found."""
    applying = [c for c in checks if c.applies]
    required = [c for c in applying if not c.pitfall]
    return CheckTally(
        met=sum(1 for c in required if c.status == "pass"),
        required=len(required),
        pitfalls_found=len(found_pitfalls(checks)),
        pitfalls=sum(1 for c in applying if c.pitfall),
    )


def found_pitfalls(checks: Sequence[CheckResult]) -> list[CheckResult]:
    """The pitfalls the answer commits, among the checks that apply."""
    return [c for c in checks if c.applies and c.pitfall and c.found]


def speaking_status_of(check: CheckResult, delivery: Delivery | None) -> str:
    """The speaking-time status ``check`` judged: its own, or, for a take kept before checks
    stored it (74b97cf), its delivery's. One fallback for the check's word and its colour: a
    take kept before read "Too short" in the amber of a generic "warn"."""
    return check.speaking_status or (delivery.target_status if delivery else "")


def toned(check: CheckResult) -> CheckResult:
    """``check`` with the status of what it judged: the speaking-time check, unmet, takes
    the tone of the speaking time it judged (:data:`DELIVERY_TONE`), as the speaking-time
    tile does, where it took "warn" for any time; every other check is returned as it is.
    Applied when a check is made and when a take kept before is read back."""
    tone = DELIVERY_TONE.get(check.speaking_status)
    if check.id not in DELIVERY_CHECKS or check.ok or not check.applies or tone is None:
        return check
    return replace(check, status=tone)


def content_score(checks: Sequence[CheckResult], *, clamp: bool = True) -> float:
    applying = [c for c in checks if c.applies and c.id not in DELIVERY_CHECKS]
    required = [c for c in applying if not c.pitfall]
    possible = sum(c.weight for c in required)
    earned = sum(c.weight for c in required if c.ok)
    base = 100.0 * earned / possible if possible > 0 else 100.0
    penalty = sum(c.weight for c in applying if c.pitfall and c.found)
    return max(0.0, min(100.0, base - penalty)) if clamp else base - penalty


def content_complete(checks: Sequence[CheckResult]) -> bool:
    """Every required check that applies is met and no pitfall is found."""
    return all(c.ok for c in checks if c.applies and c.id not in DELIVERY_CHECKS)


def long_pause_status(count: int) -> str:
    """ "pass" / "warn" / "fail" for ``count`` long mid-sentence pauses, as they score (see
    ``delivery_score``: none earns full credit, one half, more none)."""
    return "pass" if count == 0 else "warn" if count == 1 else "fail"


def delivery_score(delivery: Delivery, settings: ScoreSettings) -> tuple[float, dict[str, float]]:
    credit = settings.status_credit
    long_pauses = len(delivery.long_pauses)
    parts = {
        "speaking_time": credit.get(delivery.target_status, 0.0),
        "pace": credit.get(delivery.pace_status, 0.0),
        "fillers": credit.get(delivery.filler_status, 0.0),
        "long_pauses": 1.0 if long_pauses == 0 else 0.5 if long_pauses == 1 else 0.0,
    }
    if delivery.too_short_to_rate:
        # A rate over a few seconds is no measure, so it costs nothing: unrated, pace and
        # fillers earn what good ones earn. Left out, their weight went to the speaking time
        # (too short: 0.3), and the same answer said a little faster to fall under 10 s
        # scored 7 points less; the too-short penalty already costs a brief answer its points.
        parts["pace"] = parts["fillers"] = credit.get("good", 0.0)
    weights = {k: settings.delivery.get(k, 0.0) for k in parts}
    total_weight = sum(weights.values())
    if total_weight <= 0:
        return 100.0, parts
    value = 100.0 * sum(weights[k] * parts[k] for k in parts) / total_weight
    return value, parts


def penalties(
    delivery: Delivery | None, settings: ScoreSettings, *, repeated_pairs: int = 0
) -> dict[str, float]:
    """Points off the total, by name; only the ones that apply."""
    table = settings.penalty
    out: dict[str, float] = {}
    if delivery is not None:
        if table.get(delivery.target_status, 0.0) > 0:
            out[delivery.target_status] = table[delivery.target_status]
        if delivery.voice is not None and delivery.voice.monotone and table.get("monotone"):
            out["monotone"] = table["monotone"]
    if repeated_pairs > 0 and table.get("repetition"):
        cap = table.get("repetition_max", float("inf"))
        out["repetition"] = min(cap, table["repetition"] * repeated_pairs)
    return out


def excellent_allowed(
    checks: Sequence[CheckResult], delivery: Delivery | None, *, repeated_pairs: int = 0
) -> bool:
    """On target in time and content, lively, nothing said twice."""
    if not content_complete(checks) or repeated_pairs > 0:
        return False
    if delivery is None:
        return True
    monotone = delivery.voice is not None and bool(delivery.voice.monotone)
    return delivery.target_status == "on_target" and not monotone


def verdict(total: float, settings: ScoreSettings) -> str:
    """The verdict of a 0-100 total by the bands of ``[score.verdicts]``."""
    for name in VERDICT_ORDER:
        if name in settings.verdicts and total >= settings.verdicts[name]:
            return name
    return VERDICT_ORDER[-1]


def blend(content: float, delivery: float | None, settings: ScoreSettings) -> float:
    """The content and delivery scores weighted into one, before penalties and the hold
    below "excellent"; the content score alone for a take with no recording."""
    if delivery is None:
        return content
    weight = settings.content_weight + settings.delivery_weight
    return (settings.content_weight * content + settings.delivery_weight * delivery) / weight


def raw_total(
    checks: Sequence[CheckResult],
    delivery: Delivery | None,
    settings: ScoreSettings,
    *,
    repeated_pairs: int = 0,
    for_ranking: bool = False,
) -> float:
    """The unrounded total. ``for_ranking`` leaves out the hold below "excellent" and the
    floor at 0, so coaching sees every change that would raise even a very weak answer."""
    content = content_score(checks, clamp=not for_ranking)
    deliv = None if delivery is None else delivery_score(delivery, settings)[0]
    total = blend(content, deliv, settings)
    total -= sum(penalties(delivery, settings, repeated_pairs=repeated_pairs).values())
    if for_ranking:
        return total
    if not excellent_allowed(checks, delivery, repeated_pairs=repeated_pairs):
        total = min(total, settings.excellent_cap)
    return max(0.0, min(100.0, total))


def overall_score(
    checks: Sequence[CheckResult],
    delivery: Delivery | None,
    settings: ScoreSettings,
    *,
    repeated_pairs: int = 0,
) -> Score:
    content = content_score(checks)
    total = round(raw_total(checks, delivery, settings, repeated_pairs=repeated_pairs))
    taken = penalties(delivery, settings, repeated_pairs=repeated_pairs)
    if delivery is None:
        return Score(
            total=total,
            content=round(content, 1),
            delivery=None,
            penalties=taken,
            verdict=verdict(total, settings),
        )
    deliv, parts = delivery_score(delivery, settings)
    return Score(
        total=total,
        content=round(content, 1),
        delivery=round(deliv, 1),
        parts={k: round(v, 2) for k, v in parts.items()},
        penalties=taken,
        verdict=verdict(total, settings),
    )


def score_answer(
    content: ContentResult, delivery: Delivery | None, settings: AnalysisSettings
) -> Score:
    """The score of an analysed answer: its checks, delivery and repeated sentences.

    Repetition counts only with audio: a written transcript is scored on content alone.
    """
    repeated = 0
    if delivery is not None:
        texts = [s.text for s in content.sentences]
        repeated = len(repeated_sentences(texts, settings.repetition))
    return overall_score(content.checks, delivery, settings.score, repeated_pairs=repeated)
