"""Model folders: complete or refused, never fetched from the Hub, damage caught (issue 14)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from speakprep.cli import main
from speakprep.services.analyze import check_model
from speakprep.transcription import model_check
from speakprep.transcription.model import (
    ModelLoadError,
    bundled_model_path,
    load_whisper,
    resolve_model,
)
from speakprep.transcription.model_check import ModelCheckError, verify_checksums


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPEAKPREP_CACHE_DIR", str(tmp_path / "cache"))


def _model_copy(folder: Path, *, link_weights: bool = True) -> Path:
    """The bundled model's files in ``folder``: small files copied, the weights linked."""
    folder.mkdir()
    for src in bundled_model_path().iterdir():
        if src.name == "model.bin" and link_weights:
            (folder / src.name).symlink_to(src)
        else:
            shutil.copy(src, folder / src.name)
    return folder


@pytest.mark.parametrize("missing", ["tokenizer.json", "vocabulary.txt", "config.json"])
def test_an_incomplete_model_folder_is_refused_naming_the_file(
    tmp_path: Path, missing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _model_copy(tmp_path / "model")
    (folder / missing).unlink()
    with pytest.raises(ModelLoadError, match=missing.split(".")[0]):
        resolve_model(str(folder))
    # The Settings form checks a folder with the same function, so it says the same.
    message = check_model(str(folder))
    assert message is not None and missing.split(".")[0] in message
    # The command line: one line, exit 1, and (sockets being blocked for the whole run)
    # no attempt to fetch the missing tokenizer from the Hub.
    clip = Path(__file__).parent / "data" / "audio" / "mfa_uh.flac"
    assert main(["analyze", "--quiet", "--model", str(folder), str(clip)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "missing" in err and "Traceback" not in err


def test_the_bundled_model_is_checked_against_its_manifest_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[str] = []
    real = model_check._sha256
    monkeypatch.setattr(model_check, "_sha256", lambda p: hashed.append(p.name) or real(p))
    assert verify_checksums(bundled_model_path())
    assert sorted(hashed) == ["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]
    hashed.clear()
    assert verify_checksums(bundled_model_path())  # same sizes and times: not hashed again
    assert hashed == []


def test_a_damaged_bundled_file_fails_its_checksum(tmp_path: Path) -> None:
    folder = _model_copy(tmp_path / "model")
    tokenizer = folder / "tokenizer.json"
    data = bytearray(tokenizer.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit in the middle
    tokenizer.write_bytes(bytes(data))
    with pytest.raises(ModelCheckError, match=r"tokenizer\.json does not match its checksum"):
        verify_checksums(folder)


@pytest.mark.model
def test_corrupted_weights_are_refused_not_transcribed(tmp_path: Path) -> None:
    folder = _model_copy(tmp_path / "model", link_weights=False)
    weights = folder / "model.bin"
    with open(weights, "r+b") as fh:  # 2 MB of random bytes a third of the way in
        fh.seek(os.path.getsize(weights) // 3)
        fh.write(np.random.default_rng(14).bytes(2_000_000))
    with pytest.raises(ModelLoadError, match="does not work"):
        load_whisper(resolve_model(str(folder)))


@pytest.mark.model
def test_a_sound_user_model_passes_the_test_decode(tmp_path: Path) -> None:
    folder = _model_copy(tmp_path / "model")
    assert load_whisper(resolve_model(str(folder))) is not None


def test_a_first_analysis_loads_the_model_beside_silero_and_retries_a_failed_load(
    tmp_path: Path, engine
) -> None:
    """An engine with no model yet loads it on its own thread while the take is cut and
    measured: the report is the one the loaded session model gives. A load that failed is
    not kept: asked again, the engine tries again."""
    from speakprep.audio.files import load_audio
    from speakprep.core.report import report_to_dict
    from speakprep.services.analyze import Engine

    samples = load_audio(Path(__file__).parent / "data" / "audio" / "mfa_um.flac").samples
    fresh = Engine(model=str(tmp_path / "no-such-model"))
    with pytest.raises(ModelLoadError, match="not found"):
        fresh.analyze_samples(samples)
    fresh.model = None  # the bundled model
    assert report_to_dict(fresh.analyze_samples(samples)) == report_to_dict(
        engine.analyze_samples(samples)
    )
