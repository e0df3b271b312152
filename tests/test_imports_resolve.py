"""Every speakprep module that the code imports exists, lazy imports inside functions too.

Moving a module (``textreport`` -> ``render/text``) leaves a lazy import behind that no
other test may reach; this walks every import statement instead.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules() -> set[tuple[str, str]]:
    found = set()
    for path in sorted((ROOT / "speakprep").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found |= {(n, str(path.relative_to(ROOT))) for n in names if n.startswith("speakprep")}
    return found


def test_every_speakprep_import_names_a_module_that_exists() -> None:
    missing = sorted(
        (module, where)
        for module, where in _imported_modules()
        if importlib.util.find_spec(module) is None
    )
    assert missing == []
