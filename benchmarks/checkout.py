"""The checkout's own helpers (``tests.*``: fixtures, fakes, data paths) for a benchmark,
found after the installed speakprep, never before it.

After the README's plain (not editable) install, speakprep lives in the venv with its data
as ``speakprep.assets``; the checkout keeps that data in ``assets/`` at its top, so a
checkout put first on ``sys.path`` shadowed the installed package and a benchmark stopped
with "No module named 'speakprep.assets'" (packaging/screenshots.py had the same fix in
9482e98). Appended, the checkout still gives ``tests``; in an editable install both orders
find the same speakprep.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_checkout() -> Path:
    """Let ``tests.*`` be imported from the checkout, after the installed speakprep."""
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    return ROOT
