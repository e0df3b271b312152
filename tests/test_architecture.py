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
    # Text for people, Qt-free: the CLI, the exports and the app's painters share it.
    "render": {
        "PySide6",
        "sqlite3",
        "sounddevice",
        "faster_whisper",
        "speakprep.ui",
        "speakprep.services",
        "speakprep.storage",
        "speakprep.audio",
        "speakprep.transcription",
    },
    "storage": {"PySide6", "speakprep.ui", "faster_whisper"},
    # Views and controllers reach the engine through services, never the model directly.
    "ui": {"faster_whisper", "ctranslate2", "sqlite3", "speakprep.transcription"},
}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, type-checking imports included (``a.b.C`` as well)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
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


# Rooms of the UI: a room may not import the rooms named here (pages never decide, widgets
# never know a page, painters take data and never see a widget).
UI_FORBIDDEN = {
    "paint": {"pages", "widgets", "controllers", "dialogs"},
    "widgets": {"pages", "controllers", "dialogs"},
    "pages": {"controllers", "dialogs"},
    "dialogs": {"pages", "controllers"},
    "controllers": set(),
}
# Modules at the package root and what they may not import.
ROOT_FORBIDDEN = {
    "palette.py": {"PySide6", "speakprep."},
    "paths.py": {"PySide6", "speakprep.ui", "speakprep.services", "speakprep.storage"},
    "preferences.py": {"PySide6", "speakprep.ui", "speakprep.services", "speakprep.storage"},
    "__main__.py": {"PySide6", "speakprep.ui"},
    "cli.py": {"PySide6", "speakprep.ui"},
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer: str) -> None:
    assert (PACKAGE / layer).is_dir(), f"the {layer} layer is missing"
    assert _violations(layer) == []


@pytest.mark.parametrize("room", sorted(UI_FORBIDDEN))
def test_ui_rooms_import_only_downwards(room: str) -> None:
    folder = PACKAGE / "ui" / room
    assert folder.is_dir(), f"ui/{room} is missing"
    banned = {f"speakprep.ui.{r}" for r in UI_FORBIDDEN[room]}
    found = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted(folder.rglob("*.py"))
        for name in _imports(path)
        if any(name == b or name.startswith(b + ".") for b in banned)
    ]
    assert found == []


@pytest.mark.parametrize("module", sorted(ROOT_FORBIDDEN))
def test_root_modules_import_only_downwards(module: str) -> None:
    path = PACKAGE / module
    assert path.is_file(), f"speakprep/{module} is missing"
    found = [
        name
        for name in _imports(path)
        for banned in ROOT_FORBIDDEN[module]
        if name == banned.rstrip(".") or name.startswith(banned.rstrip(".") + ".")
    ]
    assert found == []


def test_no_module_imports_itself_back() -> None:
    """No import circle anywhere in speakprep (type-checking imports included)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {
        name: {_owner(n, modules) for n in _imports(path)} - {None, name}
        for name, path in modules.items()
    }
    assert _cycles(graph) == []


def test_the_circle_check_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _owner(imported: str, modules: dict[str, Path]) -> str | None:
    """The speakprep module ``imported`` names (``a.b.C`` is in module ``a.b``)."""
    while imported:
        if imported in modules and not imported.endswith("speakprep"):
            return imported
        imported = imported.rpartition(".")[0]
    return None


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other in a circle (Tarjan's components), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)
