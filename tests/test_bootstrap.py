"""A fresh machine: the bootstrap script's checks and the package configuration it installs."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_python_older_than_3_11_is_refused_with_ways_to_get_one(tmp_path: Path) -> None:
    old = tmp_path / "python3"
    old.write_text(
        '#!/bin/sh\n[ "$1" = "--version" ] && { echo "Python 3.10.12"; exit 0; }\nexit 1\n'
    )
    old.chmod(0o755)
    done = subprocess.run(
        ["bash", str(ROOT / "packaging" / "bootstrap.sh")],
        env={**os.environ, "PYTHON": str(old)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "needs Python 3.11 or newer" in done.stderr and "Python 3.10.12" in done.stderr
    for way in ("ppa:deadsnakes/ppa", "uv python install 3.11", "pyenv install 3.11"):
        assert way in done.stderr
    assert done.stdout == ""  # refused before touching apt or pip


def _configured_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_python_package_is_installed() -> None:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "speakprep").rglob("__init__.py")
    }
    assert found - _configured_packages() == set()


def test_every_importable_asset_folder_is_listed_so_setuptools_does_not_warn() -> None:
    """setuptools warns about a data folder Python could import that ``packages`` omits."""
    assets = ROOT / "assets"
    importable = {
        ".".join(("speakprep", "assets", *folder.relative_to(assets).parts))
        for folder in assets.rglob("*")
        if folder.is_dir()
        and folder.name != "__pycache__"
        and all(part.isidentifier() for part in folder.relative_to(assets).parts)
        and any(f.is_file() for f in folder.rglob("*"))
    }
    assert importable - _configured_packages() == set()
