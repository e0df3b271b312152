"""The layers of speakprep only reach downwards (style.md): checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "speakprep"

# What each layer may not import. ``ui`` is imported by nothing but the app's composition root.
FORBIDDEN = {
    "core": {
        "PySide6",
        "sqlite3",
        "sounddevice",
        "faster_whisper",
        "ctranslate2",
        "speakprep.ui",
        "speakprep.services",
        "speakprep.storage",
        "speakprep.audio",
        "speakprep.transcription",
    },
    "audio": {"PySide6", "faster_whisper", "sqlite3", "speakprep.ui", "speakprep.services"},
    "transcription": {"PySide6", "sounddevice", "sqlite3", "speakprep.ui", "speakprep.services"},
    "services": {"PySide6", "speakprep.ui"},
    "storage": {"PySide6", "speakprep.ui", "faster_whisper"},
    # Views and controllers reach the engine through services, never the model directly.
    "ui": {"faster_whisper", "ctranslate2", "sqlite3", "speakprep.transcription"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            for banned in FORBIDDEN[layer]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer: str) -> None:
    if not (PACKAGE / layer).is_dir():
        pytest.skip(f"no {layer} package yet")
    assert _violations(layer) == []


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import sqlite3\nfrom PySide6.QtCore import QObject\n", encoding="utf-8")
    assert {"sqlite3", "PySide6.QtCore"} <= _imports(module)


def test_only_transcription_imports_faster_whisper() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if path.parent.name != "transcription"
        and any(n.split(".")[0] in {"faster_whisper", "ctranslate2"} for n in _imports(path))
    ]
    assert offenders == []


def test_nothing_but_the_composition_root_imports_the_ui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and path.name != "app.py"
        and any(n == "speakprep.ui" or n.startswith("speakprep.ui.") for n in _imports(path))
    ]
    assert offenders == []
