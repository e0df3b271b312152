"""Benchmarks run after the README's plain (not editable) install.

There, speakprep and its data (``speakprep.assets``) live in the venv, and the checkout keeps
the data in ``assets/`` at its top: a benchmark that put the checkout first on ``sys.path``
imported speakprep from it and stopped with "No module named 'speakprep.assets'".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_checkout_comes_after_the_installed_speakprep(tmp_path: Path) -> None:
    # A plain install, as pip makes it: the package with its data as speakprep.assets.
    site = tmp_path / "site"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "speakprep", site / "speakprep", ignore=ignore)
    (site / "speakprep" / "assets").symlink_to(ROOT / "assets", target_is_directory=True)
    # -S: no .pth files, so the editable install of this venv does not answer for it.
    path = [ROOT / "benchmarks", site, Path(sysconfig.get_paths()["purelib"])]
    code = (
        "from checkout import use_checkout; use_checkout(); "
        "import speakprep.core.rubric as rubric, tests.reports; rubric.default_rubric(); "
        "print(rubric.__file__)"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(map(str, path))},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
    assert Path(done.stdout.strip()).is_relative_to(site)


def test_no_script_puts_the_checkout_first() -> None:
    first = re.compile(r"sys\.path\.insert\(0, str\(ROOT\)\)")
    scripts = [*(ROOT / "benchmarks").glob("*.py"), *(ROOT / "packaging").glob("*.py")]
    assert [p.name for p in scripts if first.search(p.read_text(encoding="utf-8"))] == []
