"""What the judge tests (tests/test_judge_*.py) share: the real rubric and packaged judge
(module fixtures of tests/test_content_model.py), the analysis of an answer to the default
question (career_goals), and the pitfalls an analysis raised."""

from __future__ import annotations

from speakprep.core.models import ContentResult
from tests import test_content_model as shared

rubric = shared.rubric
judge = shared.judge
analyse = shared.analyse


def raised(result: ContentResult) -> list[str]:
    """The pitfalls ``result`` found."""
    return [c.id for c in result.checks if c.pitfall and c.found]
