"""The 0-100 score: a weighted mix of content and delivery.

Weights are data: check weights come from ``assets/rubric.toml``, the delivery weights and
the content/delivery split from ``assets/analysis.toml``. README.md documents the formula:

* content = 100 × (weights of the required checks that pass) / (weights of all required
  checks), minus each found pitfall's weight in points, floored at 0. Only checks that
  apply to the question count; ``within_target`` belongs to delivery, not content.
* delivery = Σ item weight × credit of its status / Σ item weights × 100, over speaking
  time, pace, fillers per minute and long pauses (none: full credit; one: half; more: none).
* total = content_weight × content + delivery_weight × delivery, or content alone in text
  mode.
"""

from __future__ import annotations

from collections.abc import Sequence

from speakprep.core.models import CheckResult, Delivery, Score
from speakprep.core.settings import ScoreSettings

DELIVERY_CHECKS = frozenset({"within_target"})


def content_score(checks: Sequence[CheckResult]) -> float:
    applying = [c for c in checks if c.applies and c.id not in DELIVERY_CHECKS]
    required = [c for c in applying if not c.pitfall]
    possible = sum(c.weight for c in required)
    earned = sum(c.weight for c in required if c.ok)
    base = 100.0 * earned / possible if possible > 0 else 100.0
    penalty = sum(c.weight for c in applying if c.pitfall and c.found)
    return max(0.0, min(100.0, base - penalty))


def delivery_score(delivery: Delivery, settings: ScoreSettings) -> tuple[float, dict[str, float]]:
    credit = settings.status_credit
    long_pauses = sum(1 for p in delivery.pauses if p.long)
    parts = {
        "speaking_time": credit.get(delivery.target_status, 0.0),
        "pace": credit.get(delivery.pace_status, 0.0),
        "fillers": credit.get(delivery.filler_status, 0.0),
        "long_pauses": 1.0 if long_pauses == 0 else 0.5 if long_pauses == 1 else 0.0,
    }
    weights = {k: settings.delivery.get(k, 0.0) for k in parts}
    total_weight = sum(weights.values())
    if total_weight <= 0:
        return 100.0, parts
    value = 100.0 * sum(weights[k] * parts[k] for k in parts) / total_weight
    return value, parts


def overall_score(
    checks: Sequence[CheckResult], delivery: Delivery | None, settings: ScoreSettings
) -> Score:
    content = content_score(checks)
    if delivery is None:
        return Score(total=round(content), content=round(content, 1), delivery=None)
    deliv, parts = delivery_score(delivery, settings)
    weight = settings.content_weight + settings.delivery_weight
    total = (settings.content_weight * content + settings.delivery_weight * deliv) / weight
    return Score(
        total=round(total),
        content=round(content, 1),
        delivery=round(deliv, 1),
        parts={k: round(v, 2) for k, v in parts.items()},
    )
