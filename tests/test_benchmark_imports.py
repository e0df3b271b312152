"""Benchmarks run after the README's plain (not editable) install.

There, speakprep and its data (``speakprep.assets``) live in the venv, and the checkout keeps
the data in ``assets/`` at its top: a benchmark that put the checkout first on ``sys.path``
imported speakprep from it and stopped with "No module named 'speakprep.assets'".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _plain_install(tmp_path: Path) -> Path:
    """A plain install, as pip makes it: the package with its data as speakprep.assets."""
    site = tmp_path / "site"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "speakprep", site / "speakprep", ignore=ignore)
    (site / "speakprep" / "assets").symlink_to(ROOT / "assets", target_is_directory=True)
    return site


def _run_installed(
    code: str, site: Path, tmp_path: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """``code`` (given ``args``) run with the plain install at ``site`` and the venv's
    libraries. -S: no .pth files, so the editable install of this venv does not answer."""
    path = [ROOT / "benchmarks", site, Path(sysconfig.get_paths()["purelib"])]
    return subprocess.run(
        [sys.executable, "-S", "-c", code, *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(map(str, path))},
        capture_output=True,
        text=True,
    )


def test_the_checkout_comes_after_the_installed_speakprep(tmp_path: Path) -> None:
    site = _plain_install(tmp_path)
    code = (
        "from checkout import use_checkout; use_checkout(); "
        "import speakprep.core.rubric as rubric, tests.reports; rubric.default_rubric(); "
        "print(rubric.__file__)"
    )
    done = _run_installed(code, site, tmp_path)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
    assert Path(done.stdout.strip()).is_relative_to(site)


# Each script's top level run as `python benchmarks/NAME.py` would (its folder first on the
# path), but not its main: the scripts whose top level leaves the checkout before the
# installed speakprep on sys.path, whatever the spelling that put it there.
_CHECKOUT_FIRST = """
import runpy, sys
root, site, scripts = sys.argv[1], sys.argv[2], sys.argv[3:]
for script in scripts:
    saved = list(sys.path)
    sys.path.insert(0, script.rsplit("/", 1)[0])
    try:
        runpy.run_path(script, run_name="path_check")
    except Exception:
        pass  # what it imports or reads may be missing here: its path is what counts
    if root in sys.path and sys.path.index(root) < sys.path.index(site):
        print(script.rsplit("/", 1)[1])
    sys.path[:] = saved
"""


def test_no_script_puts_the_checkout_first(tmp_path: Path) -> None:
    site = _plain_install(tmp_path)
    scripts = sorted([*(ROOT / "benchmarks").glob("*.py"), *(ROOT / "packaging").glob("*.py")])
    done = _run_installed(_CHECKOUT_FIRST, site, tmp_path, str(ROOT), str(site), *map(str, scripts))
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
    assert done.stdout.split() == []
